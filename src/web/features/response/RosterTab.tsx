import { Alert, Button, Card, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { fmtAt } from '../../lib/format';
import { rosterApi, type OnDuty, type RosterCheck, type WorkGroup } from './api';
import { useFail } from '../../lib/errors';
import { RosterCalendar } from './RosterCalendar';
import { RosterForms } from './RosterForms';
import './roster-strings';

const SOURCE_COLOR: Record<OnDuty['source'], string> = { rotation: 'green', override: 'orange', lead: 'gold', nobody: 'red' };
const at = (iso: string | null) => (iso ? fmtAt(iso, 'MM-DD HH:mm') : '');

/** 值班: who is on duty now per group, the coverage check with its gaps, the week's calendar, and the forms. */
export function RosterTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const fail = useFail('response.errors');
  const [groups, setGroups] = useState<WorkGroup[] | null>(null);
  const [duty, setDuty] = useState<OnDuty[]>([]);
  const [days, setDays] = useState(14);
  const [check, setCheck] = useState<RosterCheck | null>(null);
  const [version, setVersion] = useState(0);
  const runCheck = (n = days) => void rosterApi.check(n).then(setCheck).catch(fail);
  useEffect(() => {
    void rosterApi
      .groups()
      .then((r) => setGroups(r.items))
      .catch(fail);
    void rosterApi
      .now()
      .then((r) => setDuty(r.items))
      .catch(fail);
    runCheck();
  }, [version]);
  if (groups && groups.length === 0) return <Alert type="info" message={t('roster.noGroups')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('roster.onDutyNow')}>
        <Table<OnDuty>
          rowKey="group"
          size="small"
          pagination={false}
          dataSource={duty}
          columns={[
            { title: t('roster.group'), key: 'g', render: (_: unknown, d) => `${d.groupName} (${d.areaCode})` },
            { title: t('roster.person'), dataIndex: 'name', render: (v: string | null) => v ?? '—' },
            { title: '', dataIndex: 'source', render: (s: OnDuty['source']) => <Tag color={SOURCE_COLOR[s]}>{t(`roster.sources.${s}`)}</Tag> },
            { title: t('roster.since'), dataIndex: 'since', render: at },
            { title: t('roster.until'), dataIndex: 'until', render: at },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('roster.check')}
        extra={
          <Space>
            <InputNumber aria-label={t('roster.days')} min={1} max={92} value={days} onChange={(v) => setDays(Number(v ?? 14))} addonAfter={t('roster.days')} />
            <Button onClick={() => runCheck()}>{t('roster.runCheck')}</Button>
          </Space>
        }
      >
        {check ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            {check.uncoveredMinutes === 0 ? (
              <Tag color="green" data-testid="roster-check">
                {t('roster.covered', { days: check.days })}
              </Tag>
            ) : (
              <Tag color="red" data-testid="roster-check">
                {t('roster.uncovered', { n: check.uncoveredMinutes })}
              </Tag>
            )}
            {check.gaps.length ? (
              <Table
                rowKey={(g) => `${g.group}-${g.from}`}
                size="small"
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                dataSource={check.gaps}
                onRow={() => ({ style: { background: '#fff1f0' } })}
                columns={[
                  { title: t('roster.group'), key: 'g', render: (_: unknown, g) => `${g.groupName} (${g.areaCode})` },
                  { title: t('roster.from'), dataIndex: 'from', render: at },
                  { title: t('roster.to'), dataIndex: 'to', render: at },
                  { title: t('roster.minutes'), dataIndex: 'minutes', render: (m: number) => <Typography.Text type="danger">{m}</Typography.Text> },
                ]}
              />
            ) : null}
          </Space>
        ) : null}
      </Card>
      {groups ? <RosterCalendar groups={groups} version={version} /> : null}
      {groups && can('response:write') ? <RosterForms groups={groups} onSaved={() => setVersion((v) => v + 1)} /> : null}
    </Space>
  );
}
