import { Button, Descriptions, Drawer, Empty, Input, Modal, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertDetail, TriageAction } from '../../../contract/alerts';
import { useFail } from '../../lib/errors';
import { Countdown } from '../../components/Countdown';
import { alertsApi } from './api';
import { gradeColor, statusColor, useFmt } from './format';
import './strings';

/** One alert: its evidence (records the reader may read, counts otherwise), the triage timeline and the next steps. */
export function AlertDrawer({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const fail = useFail();
  const fmt = useFmt();
  const [a, setA] = useState<AlertDetail | null>(null);
  const [action, setAction] = useState<TriageAction | null>(null);
  const [note, setNote] = useState('');
  const load = useCallback(() => void alertsApi.show(id).then(setA, (e: unknown) => void fail(e)), [id, fail]);
  useEffect(load, [load]);

  const submit = async () => {
    if (!action) return;
    try {
      setA(await alertsApi.step(id, action, note.trim()));
      setAction(null);
      onChanged();
    } catch (e) {
      void fail(e);
      load();
    }
  };

  return (
    <Drawer open width={720} onClose={onClose} title={a ? `${a.code} · ${a.ruleName}` : ''} data-testid="alert-drawer">
      {a && (
        <Space direction="vertical" style={{ width: '100%' }} size="large">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('alerts.grade')}>
              <Tag color={gradeColor[a.grade]}>{t(`alerts.grades.${a.grade}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('alerts.status')}>
              <Tag color={statusColor[a.status]} data-testid="alert-status">
                {t(`alerts.statuses.${a.status}`)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('alerts.area')}>{a.areaName ? `${a.areaName} (${a.areaCode})` : a.areaCode}</Descriptions.Item>
            <Descriptions.Item label={t('alerts.raisedAt')}>{fmt(a.raisedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('alerts.due')}>
              <Countdown deadline={a.dueAt} done={!!a.verifiedAt} />
            </Descriptions.Item>
            <Descriptions.Item label={t('alerts.firstLast')}>
              {fmt(a.firstAt)} – {fmt(a.lastAt)}
            </Descriptions.Item>
          </Descriptions>
          {a.actions.length > 0 && (
            <Space wrap>
              {a.actions.map((x) => (
                <Button
                  key={x}
                  type={x === 'escalate' ? 'primary' : 'default'}
                  danger={x === 'escalate'}
                  onClick={() => {
                    setNote('');
                    setAction(x);
                  }}
                  data-testid={`alert-action-${x}`}
                >
                  {t(`alerts.actions.${x}`)}
                </Button>
              ))}
            </Space>
          )}
          <div>
            <Typography.Title level={5}>{t('alerts.evidence')}</Typography.Title>
            <Table
              size="small"
              rowKey={(r) => `${r.channel}|${r.recordId}`}
              pagination={false}
              dataSource={a.evidence}
              data-testid="alert-evidence"
              columns={[
                { title: t('alerts.channelsCol'), dataIndex: 'channel', render: (c: string) => <Tag>{t(`alerts.channels.${c}`, { defaultValue: c })}</Tag> },
                {
                  title: t('alerts.record'),
                  dataIndex: 'recordId',
                  render: (id: string, r: AlertDetail['evidence'][number]) => (r.summary ? <span title={id}>{r.summary}</span> : id),
                },
                { title: t('alerts.area'), dataIndex: 'areaCode' },
                { title: t('alerts.occurredAt'), dataIndex: 'occurredAt', render: (v: string) => fmt(v) },
              ]}
            />
            {a.hidden.length > 0 && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                {t('alerts.hidden')}：
                {a.hidden
                  .map((h) => t('alerts.hiddenCount', { channel: t(`alerts.channels.${h.channel}`, { defaultValue: h.channel }), count: h.count }))
                  .join('，')}
              </Typography.Paragraph>
            )}
          </div>
          <div>
            <Typography.Title level={5}>{t('alerts.timeline')}</Typography.Title>
            {a.steps.length === 0 ? (
              <Empty description={t('alerts.noSteps')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Timeline
                data-testid="alert-timeline"
                items={a.steps.map((s) => ({
                  color: statusColor[s.toStatus],
                  children: (
                    <>
                      <b>{t(`alerts.statuses.${s.toStatus}`)}</b> · {s.actorName} · {fmt(s.at)}
                      <div>{s.note}</div>
                    </>
                  ),
                }))}
              />
            )}
          </div>
        </Space>
      )}
      <Modal
        open={!!action}
        title={action ? t('alerts.actionTitle', { action: t(`alerts.actions.${action}`) }) : ''}
        onCancel={() => setAction(null)}
        okButtonProps={{ disabled: !note.trim(), id: 'alert-note-ok' }}
        onOk={() => void submit()}
      >
        <Typography.Text>{t('alerts.note')}</Typography.Text>
        <Input.TextArea
          rows={3}
          value={note}
          maxLength={2000}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('alerts.notePlaceholder')}
          data-testid="alert-note"
        />
      </Modal>
    </Drawer>
  );
}
