import { Alert, Button, Card, Input, Space } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, qs } from '../../api/client';
import type { AuditEntry as Entry, AuditVerify as Verify } from '../../../contract/audit';
import { KeysetTable } from '../../components/KeysetTable';

/** 审计日志: newest first, filter by action, verify the hash chain. */
export default function AuditPage() {
  const { t } = useTranslation();
  const [action, setAction] = useState('');
  const [reload, setReload] = useState(0);
  const [verify, setVerify] = useState<Verify | null>(null);
  const fetchPage = useCallback(
    (cursor: string | null) => get<{ items: Entry[]; nextCursor: string | null }>(`/audit${qs({ cursor, action, limit: 100 })}`),
    [action],
  );

  return (
    <Card title={t('audit.title')} extra={<Button onClick={() => void get<Verify>('/audit/verify').then(setVerify)}>{t('audit.verify')}</Button>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {verify &&
          (verify.ok ? (
            <Alert type="success" showIcon message={t('audit.intact', { n: verify.entries })} />
          ) : (
            <Alert type="error" showIcon message={t('audit.broken', { seq: verify.seq, problem: verify.problem })} />
          ))}
        <Input.Search
          placeholder={t('audit.action')}
          allowClear
          style={{ maxWidth: 320 }}
          onSearch={(v) => {
            setAction(v);
            setReload((n) => n + 1);
          }}
        />
        <KeysetTable<Entry>
          rowKey="seq"
          reloadKey={reload}
          fetchPage={fetchPage}
          columns={[
            { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
            { title: t('audit.at'), dataIndex: 'at', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm:ss') },
            { title: t('audit.actor'), dataIndex: 'actorName' },
            { title: t('audit.action'), dataIndex: 'action' },
            { title: t('audit.target'), dataIndex: 'target' },
            { title: t('audit.reason'), dataIndex: 'reason' },
          ]}
        />
      </Space>
    </Card>
  );
}
