import { Alert, App, Button, Descriptions, Drawer, Input, Modal, Space, Table, Tag, Timeline } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get, post } from '../../api/client';
import { useFail } from '../../lib/errors';
import { useAuth } from '../../app/auth';
import type { PersonPageAnswer as PersonPage, Revealed } from '../../../contract/people';
import { fmtAt } from '../../lib/format';
import { actionLabel } from '../system/audit-actions';
import { MergeDialog } from './MergeDialog';
import { PersonForm } from './PersonForm';

/** Person page: details (masked), household, control-status history, reveal in clear (audited). */
export function PersonDrawer({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged?: () => void }) {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const [page, setPage] = useState<PersonPage | null>(null);
  const [clear, setClear] = useState<Revealed | null>(null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [moving, setMoving] = useState(false);
  const [merging, setMerging] = useState(false);
  const [editing, setEditing] = useState(false);
  const [move, setMove] = useState({ toArea: '', reason: '' });
  const [reload, setReload] = useState(0);
  const { message } = App.useApp();
  const fail = useFail();
  // After a move out of the reader's scope the person is no longer theirs to see: the drawer closes.
  useEffect(() => void get<PersonPage>(`/people/${id}`).then(setPage, onClose), [id, reload]);
  const p = page?.person;

  return (
    <Drawer open width={560} onClose={onClose} title={p ? `${p.name} · ${t(`people.statuses.${p.controlStatus}`)}` : ''}>
      {p && (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('people.idNumber')}>{clear?.idNumber ?? p.idNumberMasked}</Descriptions.Item>
            <Descriptions.Item label={t('people.phone')}>{clear ? (clear.phone ?? '—') : (p.phoneMasked ?? '—')}</Descriptions.Item>
            <Descriptions.Item label={t('people.sex')}>{t(`people.sexes.${p.sex}`)}</Descriptions.Item>
            <Descriptions.Item label={t('people.birthDate')}>{p.birthDate}</Descriptions.Item>
            <Descriptions.Item label={t('people.address')}>{p.address}</Descriptions.Item>
            <Descriptions.Item label={t('people.area')}>{p.areaCode}</Descriptions.Item>
            <Descriptions.Item label={t('people.tags')}>
              {p.tags.map((tag) => (
                <Tag key={tag}>{t(`people.tagNames.${tag}`)}</Tag>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label={t('people.vaccine')}>
              {p.vaccineDates.length} {p.vaccineDates.join(' / ')}
            </Descriptions.Item>
          </Descriptions>
          <Space style={{ marginTop: 8 }}>
            {can('pii:reveal') && !clear && <Button onClick={() => setAsking(true)}>{t('people.reveal')}</Button>}
            {can('people:write') && (
              <Button onClick={() => setEditing(true)} data-testid="person-edit">
                {t('people.edit')}
              </Button>
            )}
            {can('people:write') && (
              <Button
                onClick={() => {
                  setMove({ toArea: '', reason: '' });
                  setMoving(true);
                }}
                data-testid="person-move"
              >
                {t('people.move')}
              </Button>
            )}
            {can('people:merge') && (
              <Button onClick={() => setMerging(true)} data-testid="person-merge">
                {t('people.merge.button')}
              </Button>
            )}
          </Space>
          {editing && (
            <PersonForm
              person={p}
              onClose={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                void message.success(t('personForm.saved'));
                setReload((n) => n + 1);
                onChanged?.();
              }}
            />
          )}
          {merging && (
            <MergeDialog
              keep={p}
              onClose={() => setMerging(false)}
              onMerged={() => {
                setMerging(false);
                void message.success(t('people.merge.done'));
                setReload((n) => n + 1);
              }}
            />
          )}
          <h4 style={{ marginTop: 16 }}>{t('people.members')}</h4>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={page.household}
            columns={[
              { title: t('people.name'), dataIndex: 'name' },
              { title: t('people.birthDate'), dataIndex: 'birthDate' },
              { title: t('people.idNumber'), dataIndex: 'idNumberMasked' },
            ]}
          />
          <h4 style={{ marginTop: 16 }}>{t('people.history')}</h4>
          <Timeline
            items={page.controlHistory.map((h) => ({
              children: `${fmtAt(h.at, 'MM-DD HH:mm')} ${t(`people.statuses.${h.from}`)} → ${t(`people.statuses.${h.to}`)} · ${h.reason} · ${h.actor}`,
            }))}
          />
          <h4>{t('people.audit')}</h4>
          <Timeline
            items={page.audit.map((a) => ({
              color: 'gray',
              children: `${fmtAt(a.at, 'MM-DD HH:mm')} ${actionLabel(a.action, i18n.language)} · ${a.actor}${a.reason ? ` · ${a.reason}` : ''}`,
            }))}
          />
        </>
      )}
      <Modal
        open={asking}
        title={t('people.revealReason')}
        onCancel={() => setAsking(false)}
        onOk={() =>
          void post<Revealed>(`/people/${id}/reveal`, { reason }).then(
            (r) => {
              setClear(r);
              setAsking(false);
            },
            (e: unknown) => {
              if (e instanceof ApiError && e.code === 'REVEAL_LIMITED') {
                const minutes = Math.ceil(Number(e.details.retryAfterSeconds ?? 60) / 60);
                void message.error(t('people.revealLimited', { limit: e.details.limit, minutes }));
                setAsking(false);
              } else void fail(e);
            },
          )
        }
        okButtonProps={{ disabled: reason.trim().length < 2 }}
      >
        <Alert type="warning" message={t('people.revealReason')} style={{ marginBottom: 8 }} />
        <Input value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
      <Modal
        open={moving}
        title={t('people.moveTitle')}
        onCancel={() => setMoving(false)}
        okButtonProps={{ disabled: !/^\d{6,18}$/.test(move.toArea) || move.reason.trim().length < 2 }}
        onOk={() =>
          void post(`/people/${id}/move`, { toArea: move.toArea, reason: move.reason.trim() }).then(
            () => {
              setMoving(false);
              void message.success(t('people.moved'));
              setReload((n) => n + 1);
            },
            (e: unknown) => void fail(e),
          )
        }
      >
        <Alert type="info" message={t('people.moveHelp')} style={{ marginBottom: 8 }} />
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input
            placeholder={t('people.moveTo')}
            value={move.toArea}
            onChange={(e) => setMove({ ...move, toArea: e.target.value.trim() })}
            data-testid="move-to"
          />
          <Input
            placeholder={t('people.moveReason')}
            value={move.reason}
            onChange={(e) => setMove({ ...move, reason: e.target.value })}
            data-testid="move-reason"
          />
        </Space>
      </Modal>
    </Drawer>
  );
}
