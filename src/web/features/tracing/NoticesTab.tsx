import { App, Button, Input, Select, Space, Switch, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFail } from '../../lib/errors';
import { useAuth } from '../../app/auth';
import { Countdown } from '../../components/Countdown';
import { FileUpload, type RowError } from '../../components/FileUpload';
import { KeysetTable } from '../../components/KeysetTable';
import type { Notice } from '../../../contract/tracing';
import { tracingApi } from './api';

/** 协查 board: upload, match, and work each notice to closure against its deadline. */
export function NoticesTab() {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const { message, modal } = App.useApp();
  const fail = useFail();
  const [overdue, setOverdue] = useState(false);
  const [area, setArea] = useState(user?.scope[0] === '*' ? '320706' : (user?.scope[0] ?? ''));
  const [reload, setReload] = useState(0);
  const fetchPage = useCallback((cursor: string | null) => tracingApi.notices(overdue, cursor), [overdue]);
  const act = (p: Promise<unknown>) =>
    void p.then(
      () => setReload((n) => n + 1),
      (e: unknown) => void fail(e),
    );
  const withNote = (n: Notice, status: string) => {
    let note = '';
    modal.confirm({
      title: t(`tracing.noticeStatuses.${status}`),
      content: <Input placeholder={t('tracing.reason')} onChange={(e) => (note = e.target.value)} />,
      onOk: () => act(tracingApi.noticeStatus(n.id, status, note)),
    });
  };
  const assist = can('tracing:assist');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {assist && (
        <Space wrap align="start">
          <Input style={{ width: 200 }} addonBefore={t('tracing.receivingArea')} value={area} onChange={(e) => setArea(e.target.value)} />
          <span>{t('tracing.upload')}</span>
          <FileUpload<{ rejected: RowError[]; accepted: number; assigned: number }>
            url={`/tracing/notices/import?area=${area}`}
            errorsOf={(r) => r.rejected}
            onDone={(r) => {
              void message.success(`${r.accepted} / ${r.assigned}`);
              setReload((n) => n + 1);
            }}
          />
        </Space>
      )}
      <Space>
        <Switch checked={overdue} onChange={setOverdue} /> {t('tracing.overdueOnly')}
      </Space>
      <KeysetTable<Notice>
        rowKey="id"
        fetchPage={fetchPage}
        reloadKey={`${overdue}-${reload}`}
        columns={[
          { title: t('tracing.person'), render: (_, n) => `${n.name} ${n.idNumberMasked ?? n.phoneMasked ?? ''}` },
          { title: t('tracing.issuer'), dataIndex: 'issuer' },
          { title: t('tracing.reason'), dataIndex: 'reason' },
          { title: t('tracing.owner'), dataIndex: 'owner' },
          {
            title: t('tracing.status'),
            dataIndex: 'status',
            render: (s: string, n) => (
              <Tag color={['controlled', 'not_found', 'not_ours'].includes(s) ? 'green' : n.overdue ? 'red' : 'blue'}>{t(`tracing.noticeStatuses.${s}`)}</Tag>
            ),
          },
          { title: t('tracing.deadline'), dataIndex: 'deadline', render: (d: string, n) => <Countdown deadline={d} done={!!n.closedAt} /> },
          {
            title: '',
            key: 'a',
            render: (_, n) =>
              assist && (
                <Space wrap>
                  {n.status === 'received' && n.candidates.length > 0 && (
                    <Select
                      size="small"
                      style={{ width: 160 }}
                      placeholder={`${n.candidates.length} ${t('tracing.candidatesN')}`}
                      onChange={(id: string) => act(tracingApi.matchNotice(n.id, id))}
                      options={n.candidates.map((id, i) => ({ value: id, label: `#${i + 1} ${id.slice(-6)}` }))}
                    />
                  )}
                  {n.status === 'assigned' && (
                    <Button size="small" type="primary" onClick={() => act(tracingApi.noticeStatus(n.id, 'located'))}>
                      {t('tracing.locate')}
                    </Button>
                  )}
                  {n.status === 'located' && (
                    <Button size="small" type="primary" onClick={() => act(tracingApi.noticeStatus(n.id, 'controlled'))}>
                      {t('tracing.control')}
                    </Button>
                  )}
                  {n.status !== 'located' && !n.closedAt && (
                    <Button size="small" onClick={() => withNote(n, 'not_found')}>
                      {t('tracing.notFound')}
                    </Button>
                  )}
                  {!n.closedAt && (
                    <Button size="small" onClick={() => withNote(n, 'not_ours')}>
                      {t('tracing.notOurs')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
    </Space>
  );
}
