import { Alert, Button, Card, Form, Input, InputNumber, Space, Table } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, qs } from '../../api/client';
import { FileUpload, type RowError } from '../../components/FileUpload';
import type { Round } from './api';

/** 送: seal tubes into a box, hand it over, receive it at the lab (count checked). */
export function BoxesTab({ round }: { round: Round | null }) {
  const { t } = useTranslation();
  const [msg, setMsg] = useState<string | null>(null);
  if (!round) return null;
  const lines = (s: string) =>
    s
      .split(/\s+/)
      .map((x) => x.trim())
      .filter(Boolean);
  return (
    <Space direction="vertical" style={{ maxWidth: 560, width: '100%' }}>
      <Form
        layout="vertical"
        onFinish={(v: { code: string; site: string; tubes: string }) =>
          void post<{ code: string; tubes: number }>('/testing/boxes', {
            code: v.code || undefined,
            roundId: round.id,
            siteCode: v.site,
            tubeBarcodes: lines(v.tubes),
          })
            .then((r) => setMsg(`${r.code}: ${r.tubes}`))
            .catch((e: Error) => setMsg(e.message))
        }
      >
        <Form.Item name="code" label={t('testing.boxCode')}>
          <Input />
        </Form.Item>
        <Form.Item name="site" label={t('testing.site')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="tubes" label={t('testing.tubes')} rules={[{ required: true }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Button htmlType="submit" type="primary">
          {t('testing.seal')}
        </Button>
      </Form>
      <Form
        layout="inline"
        onFinish={(v: { code: string }) =>
          void post(`/testing/boxes/${v.code}/handover`)
            .then(() => setMsg(`${v.code} ✓`))
            .catch((e: Error) => setMsg(e.message))
        }
      >
        <Form.Item name="code" rules={[{ required: true }]}>
          <Input placeholder={t('testing.boxCode')} />
        </Form.Item>
        <Button htmlType="submit">{t('testing.handover')}</Button>
      </Form>
      <Form
        layout="inline"
        onFinish={(v: { code: string; lab: string; tubes?: string }) =>
          void post<{ flagged: boolean; missing: string[]; received: number; expected: number }>(`/testing/boxes/${v.code}/receive`, {
            labCode: v.lab,
            tubeBarcodes: v.tubes ? lines(v.tubes) : undefined,
          })
            .then((r) => setMsg(`${r.received}/${r.expected}${r.flagged ? ` ⚠ ${r.missing.join(' ')}` : ' ✓'}`))
            .catch((e: Error) => setMsg(e.message))
        }
      >
        <Form.Item name="code" rules={[{ required: true }]}>
          <Input placeholder={t('testing.boxCode')} />
        </Form.Item>
        <Form.Item name="lab" rules={[{ required: true }]}>
          <Input placeholder={t('testing.labCode')} />
        </Form.Item>
        <Form.Item name="tubes">
          <Input placeholder={t('testing.tubes')} />
        </Form.Item>
        <Button htmlType="submit">{t('testing.receive')}</Button>
      </Form>
      {msg && <Alert message={msg} />}
    </Space>
  );
}

interface ResultsOutcome {
  accepted: number;
  unchanged: number;
  conflicts: unknown[];
  rejected: RowError[];
  positivePools: string[];
  rechecksCreated: number;
}

/** 检: lab uploads its results file; every bad row is listed, positive pools are announced. */
export function LabTab() {
  const { t } = useTranslation();
  const [r, setR] = useState<ResultsOutcome | null>(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" message={t('testing.uploadResults')} />
      <FileUpload<ResultsOutcome> url="/testing/results/import" errorsOf={(x) => x.rejected} onDone={setR} />
      {r && (
        <Alert
          data-testid="lab-result"
          type={r.positivePools.length ? 'error' : 'success'}
          message={`accepted ${r.accepted}, unchanged ${r.unchanged}, conflicts ${r.conflicts.length}, rejected ${r.rejected.length}${r.positivePools.length ? ` — 阳性混管 ${r.positivePools.join(', ')}：已生成单管复核 ${r.rechecksCreated} 人` : ''}`}
        />
      )}
    </Space>
  );
}

type Stat = { count: number; median_min: number | null; p95_min: number | null };

/** 时效: where time goes between sampling and the result. */
export function TimingTab({ round }: { round: Round | null }) {
  const { t } = useTranslation();
  const [d, setD] = useState<{ steps: Record<string, Stat>; slowest: Array<{ tube: string; lab: string | null; total_min: number }> } | null>(null);
  useEffect(() => void (round && get<typeof d>(`/testing/rounds/${round.id}/timing`).then(setD)), [round]);
  if (!d) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table
        size="small"
        rowKey="step"
        pagination={false}
        dataSource={Object.entries(d.steps).map(([step, s]) => ({ step, ...s }))}
        columns={[
          { title: t('testing.step'), dataIndex: 'step', render: (s: string) => t(`testing.steps.${s}`) },
          { title: t('testing.count'), dataIndex: 'count' },
          { title: t('testing.median'), dataIndex: 'median_min' },
          { title: t('testing.p95'), dataIndex: 'p95_min' },
        ]}
      />
      <Card size="small" title={t('testing.slowest')}>
        <Table
          size="small"
          rowKey="tube"
          pagination={false}
          dataSource={d.slowest}
          columns={[
            { title: t('testing.tube'), dataIndex: 'tube' },
            { title: 'Lab', dataIndex: 'lab' },
            { title: 'min', dataIndex: 'total_min' },
          ]}
        />
      </Card>
    </Space>
  );
}

/** 产能测算: finish hour, bottleneck and Dorfman pool-size suggestion. */
export function PlanTab({ round }: { round: Round | null }) {
  const { t } = useTranslation();
  const [p, setP] = useState(0.001);
  const [plan, setPlan] = useState<Record<string, unknown> | null>(null);
  useEffect(() => void (round && get<Record<string, unknown>>(`/testing/rounds/${round.id}/plan${qs({ prevalence: p })}`).then(setPlan)), [round, p]);
  const s = plan?.suggestion as { poolSize: number; table: Array<{ poolSize: number; testsPerPerson: number }> } | undefined;
  return (
    <Space direction="vertical">
      <Space>
        {t('testing.prevalence')} <InputNumber value={p} step={0.001} min={0} max={1} onChange={(v) => setP(v ?? 0)} />
      </Space>
      {plan && (
        <Table
          size="small"
          pagination={false}
          rowKey="k"
          dataSource={[
            { k: t('testing.missing'), v: plan.remaining },
            { k: t('testing.samplingPerHour'), v: plan.samplingPerHour },
            { k: t('testing.finish'), v: Math.round(Number(plan.finishHours) * 10) / 10 },
            { k: t('testing.bottleneck'), v: plan.bottleneck },
            { k: t('testing.suggestion'), v: `${s?.poolSize}合1 (${s?.table.map((x) => `${x.poolSize}:${x.testsPerPerson.toFixed(3)}`).join(' ')})` },
          ]}
          columns={[{ dataIndex: 'k' }, { dataIndex: 'v', render: (v: unknown) => String(v) }]}
        />
      )}
    </Space>
  );
}

/** 加密高风险岗位检测频次: who is overdue. */
export function OverdueTab() {
  const { t } = useTranslation();
  const [area, setArea] = useState('');
  const [items, setItems] = useState<Array<Record<string, unknown>>>([]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search
        placeholder={t('testing.area')}
        style={{ width: 240 }}
        value={area}
        onChange={(e) => setArea(e.target.value)}
        onSearch={(v) => v && void get<{ items: Array<Record<string, unknown>> }>(`/testing/overdue${qs({ area: v })}`).then((r) => setItems(r.items))}
      />
      <Table
        size="small"
        rowKey={(r) => `${String(r.person_id)}:${String(r.tag)}`}
        dataSource={items}
        columns={[
          { title: t('testing.person'), dataIndex: 'name' },
          { title: 'ID', dataIndex: 'id_number_masked' },
          { title: t('testing.tag'), dataIndex: 'tag', render: (tag: string) => t(`people.tagNames.${tag}`) },
          { title: t('testing.interval'), dataIndex: 'interval_days' },
          { title: t('testing.lastSampled'), dataIndex: 'last_sampled' },
          { title: t('testing.daysOverdue'), dataIndex: 'days_overdue' },
        ]}
      />
    </Space>
  );
}
