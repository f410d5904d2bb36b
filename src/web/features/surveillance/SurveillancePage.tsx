import { Alert, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Chart, LineReport, Sentinel, Signal } from '../../../contract/surveillance';
import { get } from '../../api/client';
import { EChart } from '../../components/EChart';
import { fmtTime } from '../../lib/format';
import { RevealPhone } from './RevealPhone';
import { SentinelsTab } from './SentinelsTab';
import './strings';

function useGet<T>(path: string | null): T | null {
  const [data, setData] = useState<T | null>(null);
  useEffect(() => {
    if (!path) return;
    let live = true;
    void get<T>(path).then((d) => live && setData(d));
    return () => {
      live = false;
    };
  }, [path]);
  return data;
}

function IndicatorsTab() {
  const { t } = useTranslation();
  const sentinels = useGet<{ items: Sentinel[] }>('/surveillance/sentinels');
  const [code, setCode] = useState<string>();
  const [indicator, setIndicator] = useState<string>();
  const sentinel = sentinels?.items.find((s) => s.code === code);
  const chart = useGet<Chart>(code && indicator ? `/surveillance/chart?sentinel=${encodeURIComponent(code)}&indicator=${indicator}&days=60` : null);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Select
          style={{ width: 240 }}
          placeholder={t('surv.tabs.sentinels')}
          value={code}
          onChange={(v) => (setCode(v), setIndicator(undefined))}
          options={(sentinels?.items ?? []).map((s) => ({ value: s.code, label: `${s.name} (${s.code})` }))}
        />
        <Select
          style={{ width: 200 }}
          placeholder={t('surv.indicators')}
          value={indicator}
          onChange={setIndicator}
          options={(sentinel?.indicators ?? []).map((i) => ({ value: i, label: t(`surv.ind.${i}`, { defaultValue: i }) }))}
        />
      </Space>
      {!chart ? (
        <Typography.Text type="secondary">{t('surv.noSentinel')}</Typography.Text>
      ) : (
        <EChart
          height={360}
          option={{
            tooltip: { trigger: 'axis' },
            legend: { data: [t('surv.observed'), t('surv.threshold'), t('surv.alarm')] },
            xAxis: { type: 'category', data: chart.points.map((p) => p.date) },
            yAxis: { type: 'value' },
            series: [
              { name: t('surv.observed'), type: 'bar', data: chart.points.map((p) => p.observed) },
              { name: t('surv.threshold'), type: 'line', data: chart.points.map((p) => (p.threshold === null ? null : Number(p.threshold.toFixed(2)))) },
              {
                name: t('surv.alarm'),
                type: 'scatter',
                symbolSize: 14,
                itemStyle: { color: '#cf1322' },
                data: chart.points.map((p) => (p.alarm ? p.observed : null)),
              },
            ],
          }}
        />
      )}
      {chart && <Typography.Text type="secondary">{chart.method}</Typography.Text>}
    </Space>
  );
}

function SignalsTab() {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const data = useGet<{ items: Signal[] }>(`/surveillance/signals?suppressed=${all ? 'all' : 'raised'}`);
  const budget = useGet<{
    minCount: number;
    repeatWindowDays: number;
    weeklyBudget: number;
    areas: Array<{ areaCode: string; raisedLast7Days: number; suppressedLast7Days: number }>;
  }>('/surveillance/budget');
  const raised = budget?.areas.reduce((n, a) => n + a.raisedLast7Days, 0) ?? 0;
  const suppressed = budget?.areas.reduce((n, a) => n + a.suppressedLast7Days, 0) ?? 0;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {budget && (
        <Alert
          type="info"
          message={t('surv.budget', { budget: budget.weeklyBudget, raised, suppressed, min: budget.minCount, days: budget.repeatWindowDays })}
        />
      )}
      <Space>
        <Switch checked={all} onChange={setAll} /> {t('surv.suppressed')}
      </Space>
      <Table<Signal>
        rowKey="id"
        size="small"
        dataSource={data?.items ?? []}
        columns={[
          { title: t('surv.date'), dataIndex: 'periodDate' },
          { title: t('surv.area'), dataIndex: 'areaCode' },
          { title: t('surv.tabs.sentinels'), dataIndex: 'sentinelCode', render: (v: string | null) => v ?? '—' },
          { title: t('surv.indicators'), dataIndex: 'indicator', render: (v: string) => t(`surv.ind.${v}`, { defaultValue: v }) },
          { title: t('surv.observed'), dataIndex: 'observed' },
          { title: t('surv.expected'), dataIndex: 'expected', render: (v: number | null) => v?.toFixed(2) ?? 'NA' },
          { title: t('surv.threshold'), dataIndex: 'threshold', render: (v: number | null) => v?.toFixed(2) ?? 'NA' },
          { title: t('surv.method'), dataIndex: 'method' },
          {
            title: t('surv.suppressed'),
            dataIndex: 'suppressed',
            render: (v: string | null) => (v ? <Tag>{t(`surv.reasons.${v}`)}</Tag> : <Tag color="red">{t('surv.raised')}</Tag>),
          },
        ]}
      />
    </Space>
  );
}

function NotReportedTab() {
  const { t } = useTranslation();
  const data = useGet<{ date: string; items: Array<Sentinel & { lastReported: string | null }> }>('/surveillance/not-reported');
  if (data && data.items.length === 0) return <Alert type="success" message={t('surv.allReported')} />;
  return (
    <Table
      rowKey="id"
      size="small"
      dataSource={data?.items ?? []}
      title={() => data?.date}
      columns={[
        { title: t('surv.code'), dataIndex: 'code' },
        { title: t('surv.name'), dataIndex: 'name' },
        { title: t('surv.area'), dataIndex: 'areaCode' },
        { title: t('surv.owner'), dataIndex: 'ownerName' },
        {
          title: t('surv.phone'),
          render: (_, r) =>
            r.ownerPhoneMasked ? (
              <Space>
                {r.ownerPhoneMasked}
                <RevealPhone id={r.id} />
              </Space>
            ) : null,
        },
        { title: t('surv.lastReported'), dataIndex: 'lastReported', render: (v: string | null) => v ?? t('surv.never') },
      ]}
    />
  );
}

function LineListTab() {
  const { t } = useTranslation();
  const [overdue, setOverdue] = useState(true);
  const data = useGet<{ items: LineReport[] }>(`/surveillance/line-reports?overdue=${overdue}`);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Switch checked={overdue} onChange={setOverdue} /> {t('surv.overdueOnly')}
      </Space>
      <Table<LineReport>
        rowKey="id"
        size="small"
        dataSource={data?.items ?? []}
        columns={[
          { title: t('surv.tabs.sentinels'), dataIndex: 'sentinelCode' },
          { title: t('surv.idNumber'), dataIndex: 'idNumberMasked' },
          { title: t('surv.area'), dataIndex: 'homeAreaCode' },
          { title: t('surv.reason'), dataIndex: 'reason', render: (v: string) => t(`surv.ind.${v}`, { defaultValue: v }) },
          { title: t('surv.deadline'), dataIndex: 'testDeadline', render: (v: string) => fmtTime(v) },
          { title: t('surv.tested'), dataIndex: 'testedAt', render: (v: string | null) => (v ? fmtTime(v) : '—') },
          {
            title: t('surv.positive'),
            dataIndex: 'positiveAt',
            render: (v: string | null) => (v ? <Tag color="red">{fmtTime(v)}</Tag> : null),
          },
        ]}
      />
    </Space>
  );
}

/** 监测预警: sentinels, per-indicator charts, signals with the budget, not-reported and overdue line lists. */
export default function SurveillancePage() {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={3}>{t('surv.title')}</Typography.Title>
      <Tabs
        items={[
          { key: 'sentinels', label: t('surv.tabs.sentinels'), children: <SentinelsTab /> },
          { key: 'indicators', label: t('surv.tabs.indicators'), children: <IndicatorsTab /> },
          { key: 'signals', label: t('surv.tabs.signals'), children: <SignalsTab /> },
          { key: 'not-reported', label: t('surv.tabs.notReported'), children: <NotReportedTab /> },
          { key: 'line-list', label: t('surv.tabs.lineList'), children: <LineListTab /> },
        ]}
      />
    </>
  );
}
