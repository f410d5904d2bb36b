import { Alert, Button, Card, Input, Modal, Segmented, Space, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Handoff, HandoffPage } from '../../../contract/handoffs';
import { get, post, qs } from '../../api/client';
import { useFail } from '../../lib/errors';
import { useAuth } from '../../app/auth';
import { KeysetTable } from '../../components/KeysetTable';
import { getDisplayZone } from '../../lib/format';
import { PersonDrawer } from '../people/PersonDrawer';
import './strings';

type Status = 'pending' | 'open' | 'acknowledged' | 'done' | 'all';
const statusColor = { open: 'red', acknowledged: 'gold', done: 'green' } as const;

/** 移交/协办: hand-offs addressed to my areas, with acknowledge and done-with-a-note. */
export default function HandoffsPage() {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const fail = useFail();
  const [status, setStatus] = useState<Status>('pending');
  const [reload, setReload] = useState(0);
  const [zone, setZone] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState<string | null>(null);
  const [closing, setClosing] = useState<Handoff | null>(null);
  const [note, setNote] = useState('');
  const fetchPage = useCallback(
    async (cursor: string | null) => {
      const page = await get<HandoffPage>(`/handoffs${qs({ status: status === 'all' ? undefined : status, cursor, limit: 50 })}`);
      setZone(page.timeZone);
      return page;
    },
    [status],
  );
  // Instants are shown in the command centre's configured zone, whatever the browser's.
  const fmt = (iso: string) => new Date(iso).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { timeZone: zone ?? getDisplayZone(), hour12: false });
  const act = (p: Promise<unknown>) =>
    void p.then(
      () => setReload((n) => n + 1),
      (e: unknown) => void fail(e),
    );

  return (
    <Card title={t('handoffs.title')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="info" message={t('handoffs.help')} />
        <Segmented<Status>
          value={status}
          onChange={(v) => {
            setStatus(v);
            setReload((n) => n + 1);
          }}
          options={(['pending', 'open', 'acknowledged', 'done', 'all'] as const).map((s) => ({
            value: s,
            label: s === 'all' ? t('handoffs.all') : s === 'pending' ? t('handoffs.pending') : t(`handoffs.statuses.${s}`),
          }))}
          data-testid="handoff-status"
        />
        <KeysetTable<Handoff>
          rowKey="id"
          reloadKey={reload}
          fetchPage={fetchPage}
          columns={[
            { title: t('handoffs.time'), dataIndex: 'createdAt', width: 110, render: (v: string) => fmt(v) },
            { title: t('handoffs.kind'), dataIndex: 'kind', render: (k: string) => <Tag>{t(`handoffs.kinds.${k}`, { defaultValue: k })}</Tag> },
            {
              title: t('handoffs.person'),
              dataIndex: 'person',
              render: (p: Handoff['person'], h) =>
                p ? (
                  <a onClick={() => setOpen(p.id)} data-testid="handoff-person">
                    {p.nameMasked} {p.idNumberMasked}
                  </a>
                ) : h.personId ? (
                  <span style={{ color: '#999' }}>{t('handoffs.notInScope')}</span>
                ) : (
                  '—'
                ),
            },
            { title: t('handoffs.from'), dataIndex: 'fromAreaCode', render: (v: string | null) => v ?? '—' },
            { title: t('handoffs.to'), dataIndex: 'areaCode' },
            { title: t('handoffs.message'), dataIndex: 'message', width: 320, ellipsis: { showTitle: true } },
            {
              title: t('handoffs.status'),
              dataIndex: 'status',
              render: (s: Handoff['status'], h) => (
                <Space direction="vertical" size={0}>
                  <Tag color={statusColor[s]}>{t(`handoffs.statuses.${s}`)}</Tag>
                  {h.note && <span style={{ fontSize: 12 }}>{h.note}</span>}
                </Space>
              ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, h) =>
                can('people:write') &&
                h.status !== 'done' && (
                  <Space>
                    {h.status === 'open' && (
                      <Button size="small" onClick={() => act(post(`/handoffs/${h.id}/acknowledge`))} data-testid="handoff-ack">
                        {t('handoffs.acknowledge')}
                      </Button>
                    )}
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => {
                        setNote('');
                        setClosing(h);
                      }}
                      data-testid="handoff-done"
                    >
                      {t('handoffs.done')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Space>
      <Modal
        open={!!closing}
        title={t('handoffs.doneTitle')}
        onCancel={() => setClosing(null)}
        okButtonProps={{ disabled: !note.trim() }}
        onOk={() => {
          if (closing) act(post(`/handoffs/${closing.id}/done`, { note: note.trim() }));
          setClosing(null);
        }}
      >
        <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('handoffs.notePlaceholder')} data-testid="handoff-note" />
      </Modal>
      {open && <PersonDrawer id={open} onClose={() => setOpen(null)} />}
    </Card>
  );
}
