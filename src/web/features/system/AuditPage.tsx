import { Alert, Button, Card, Input, Space, Tooltip } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, qs } from '../../api/client';
import type { AuditEntry as Entry, AuditVerify as Verify } from '../../../contract/audit';
import { KeysetTable } from '../../components/KeysetTable';
import { fmtAt } from '../../lib/format';
import { actionLabel, targetLabel } from './audit-actions';

function VerifyResult({ v }: { v: Verify }) {
  const { t } = useTranslation();
  const cp = v.checkpoints;
  const notes = [
    v.keyedFrom !== null && t('audit.keyedFrom', { seq: v.keyedFrom, legacy: v.legacyEntries }),
    cp.found
      ? cp.last && t('audit.checkpoints', { valid: cp.valid, seq: cp.last.seq, at: fmtAt(cp.last.at, 'YYYY-MM-DD HH:mm:ss') })
      : t('audit.noCheckpoints', { file: cp.file }),
    cp.forged > 0 && t('audit.forgedCheckpoints', { n: cp.forged }),
  ].filter(Boolean);
  return (
    <Alert
      type={v.ok ? (cp.found ? 'success' : 'warning') : 'error'}
      showIcon
      message={v.ok ? t('audit.intact', { n: v.entries }) : t('audit.brokenAll', { runs: v.breakRuns, n: v.brokenEntries, total: v.entries })}
      description={
        <>
          {notes.map((n) => (
            <div key={String(n)}>{n}</div>
          ))}
          {v.breaks.length > 0 && (
            <ul style={{ margin: '8px 0 0', paddingInlineStart: 20 }} data-testid="audit-breaks">
              {v.breaks.map((b) => (
                <li key={`${b.code}-${b.seq}-${b.problem}`}>
                  #{b.seq}
                  {b.toSeq !== b.seq ? `–#${b.toSeq}` : ''} {t(`audit.breakCodes.${b.code}`, { defaultValue: b.problem })}
                </li>
              ))}
            </ul>
          )}
        </>
      }
    />
  );
}

/** 审计日志: newest first, filter by action, verify the hash chain. */
export default function AuditPage() {
  const { t, i18n } = useTranslation();
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
        {verify && <VerifyResult v={verify} />}
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
            { title: t('audit.at'), dataIndex: 'at', render: (d: string) => fmtAt(d, 'YYYY-MM-DD HH:mm:ss') },
            { title: t('audit.actor'), dataIndex: 'actorName' },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              render: (a: string) => (
                <Tooltip title={a}>
                  <span data-action={a}>{actionLabel(a, i18n.language)}</span>
                </Tooltip>
              ),
            },
            {
              title: t('audit.target'),
              dataIndex: 'target',
              render: (x: string | null) => (
                <Tooltip title={x}>
                  <span>{targetLabel(x, i18n.language)}</span>
                </Tooltip>
              ),
            },
            { title: t('audit.reason'), dataIndex: 'reason' },
          ]}
        />
      </Space>
    </Card>
  );
}
