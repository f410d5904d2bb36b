import { Alert, Button, Descriptions, Drawer, Input, Modal, Table, Tag, Timeline } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../api/client';
import { useAuth } from '../../app/auth';
import type { PersonView } from './types';

interface PersonPage {
  person: PersonView;
  household: PersonView[];
  controlHistory: Array<{ at: string; from: string; to: string; reason: string; actor: string }>;
  audit: Array<{ seq: number; at: string; actor: string; action: string; reason: string | null }>;
}

/** Person page: details (masked), household, control-status history, reveal in clear (audited). */
export function PersonDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [page, setPage] = useState<PersonPage | null>(null);
  const [clear, setClear] = useState<{ idNumber: string; phone: string | null } | null>(null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  useEffect(() => void get<PersonPage>(`/people/${id}`).then(setPage), [id]);
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
          {can('pii:reveal') && !clear && (
            <Button style={{ marginTop: 8 }} onClick={() => setAsking(true)}>
              {t('people.reveal')}
            </Button>
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
              children: `${dayjs(h.at).format('MM-DD HH:mm')} ${t(`people.statuses.${h.from}`)} → ${t(`people.statuses.${h.to}`)} · ${h.reason} · ${h.actor}`,
            }))}
          />
          <h4>{t('people.audit')}</h4>
          <Timeline
            items={page.audit.map((a) => ({
              color: 'gray',
              children: `${dayjs(a.at).format('MM-DD HH:mm')} ${a.action} · ${a.actor}${a.reason ? ` · ${a.reason}` : ''}`,
            }))}
          />
        </>
      )}
      <Modal
        open={asking}
        title={t('people.revealReason')}
        onCancel={() => setAsking(false)}
        onOk={() =>
          void post<{ idNumber: string; phone: string | null }>(`/people/${id}/reveal`, { reason }).then((r) => {
            setClear(r);
            setAsking(false);
          })
        }
        okButtonProps={{ disabled: reason.trim().length < 2 }}
      >
        <Alert type="warning" message={t('people.revealReason')} style={{ marginBottom: 8 }} />
        <Input value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Drawer>
  );
}
