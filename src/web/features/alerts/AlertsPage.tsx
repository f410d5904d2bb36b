import { useTabParam } from '../../lib/tab-param';
import { Alert, Card, Col, Row, Segmented, Space, Statistic, Switch, Table, Tabs, Tag, Tooltip } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { alertStatuses, grades, type AlertList, type Alert as AlertItem } from '../../../contract/alerts';
import { Countdown } from '../../components/Countdown';
import { AlertDrawer } from './AlertDrawer';
import { alertsApi } from './api';
import { gradeColor, statusColor, useFmt } from './format';
import { RulesEditor } from './RulesEditor';
import './strings';

type StatusFilter = 'open' | 'all' | (typeof alertStatuses)[number];

/** 预警处置: the alert inbox (filters, due countdown, overdue in red), the alert drawer, and the trigger-rule editor. */
export default function AlertsPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useTabParam('inbox');
  return (
    <Card title={t('alerts.title')}>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'inbox', label: t('alerts.inbox'), children: <Inbox /> },
          { key: 'rules', label: t('alerts.rules'), children: <RulesEditor /> },
        ]}
      />
    </Card>
  );
}

function Inbox() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [status, setStatus] = useState<StatusFilter>('open');
  const [grade, setGrade] = useState<string>('all');
  const [overdue, setOverdue] = useState(false);
  const [data, setData] = useState<AlertList | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const load = useCallback(
    () =>
      void alertsApi
        .list({ status: status === 'open' || status === 'all' ? undefined : status, grade: grade === 'all' ? undefined : grade, overdue })
        .then(setData),
    [status, grade, overdue],
  );
  useEffect(load, [load]);
  const items = (data?.items ?? []).filter((a) => status !== 'open' || a.status === 'new' || a.status === 'verifying');
  const pct = data?.stats.pctVerifiedWithin48h;

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" message={t('alerts.help')} />
      <Row gutter={16}>
        <Col span={6}>
          <Statistic title={t('alerts.openCount')} value={data?.stats.open ?? 0} />
        </Col>
        <Col span={6}>
          <Statistic title={t('alerts.overdueCount')} value={data?.stats.overdue ?? 0} valueStyle={data?.stats.overdue ? { color: '#cf1322' } : undefined} />
        </Col>
        <Col span={12}>
          <Tooltip title={t('alerts.pct48Help')}>
            <Statistic
              title={t('alerts.pct48')}
              value={pct == null ? '—' : pct}
              suffix={pct == null ? undefined : `% (${data?.stats.verifiedWithin48h}/${data?.stats.eligible48h})`}
              data-testid="alerts-pct48"
            />
          </Tooltip>
        </Col>
      </Row>
      <Space wrap>
        <Segmented<StatusFilter>
          value={status}
          onChange={setStatus}
          options={(['open', ...alertStatuses, 'all'] as StatusFilter[]).map((s) => ({
            value: s,
            label: s === 'open' ? t('alerts.open') : s === 'all' ? t('alerts.all') : t(`alerts.statuses.${s}`),
          }))}
          data-testid="alerts-status"
        />
        <Segmented<string>
          value={grade}
          onChange={setGrade}
          options={['all', ...grades].map((g) => ({ value: g, label: g === 'all' ? t('alerts.all') : t(`alerts.grades.${g}`) }))}
        />
        <Space>
          <Switch checked={overdue} onChange={setOverdue} /> {t('alerts.overdueOnly')}
        </Space>
      </Space>
      <Table<AlertItem>
        rowKey="id"
        size="small"
        dataSource={items}
        pagination={{ pageSize: 50 }}
        onRow={(a) => ({ onClick: () => setOpen(a.id), style: { cursor: 'pointer', ...(a.overdue ? { background: '#fff1f0' } : {}) } })}
        data-testid="alerts-table"
        columns={[
          { title: t('alerts.code'), dataIndex: 'code', render: (v: string) => <a data-testid="alert-open">{v}</a> },
          { title: t('alerts.grade'), dataIndex: 'grade', render: (g: AlertItem['grade']) => <Tag color={gradeColor[g]}>{t(`alerts.grades.${g}`)}</Tag> },
          { title: t('alerts.rule'), dataIndex: 'ruleName' },
          { title: t('alerts.area'), dataIndex: 'areaCode', render: (c: string, a) => a.areaName ?? c },
          {
            title: t('alerts.channelsCol'),
            dataIndex: 'channels',
            render: (cs: string[], a) => (
              <Space size={2} wrap>
                {cs.map((c) => (
                  <Tag key={c}>{t(`alerts.channels.${c}`, { defaultValue: c })}</Tag>
                ))}
                <span>× {a.records}</span>
              </Space>
            ),
          },
          { title: t('alerts.raisedAt'), dataIndex: 'raisedAt', render: (v: string) => fmt(v) },
          { title: t('alerts.due'), dataIndex: 'dueAt', render: (d: string, a) => <Countdown deadline={d} done={!!a.verifiedAt} /> },
          { title: t('alerts.status'), dataIndex: 'status', render: (s: AlertItem['status']) => <Tag color={statusColor[s]}>{t(`alerts.statuses.${s}`)}</Tag> },
        ]}
      />
      {open && <AlertDrawer id={open} onClose={() => setOpen(null)} onChanged={load} />}
    </Space>
  );
}
