import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuth } from '../../app/auth';
import { post } from '../../api/client';
import { useErrorText } from '../../lib/errors';
import './ops-strings';
import { FileUpload } from '../../components/FileUpload';
import { PrintButton } from '../../components/PrintButton';
import { documentPaths } from '../../../contract/document-paths';
import { testingApi, type CapacityPlan, type OverduePerson, type Receipt, type ResultsOutcome, type Round, type Timing } from './api';

type Option = { value: string; label: string };
const lines = (s: string) =>
  s
    .split(/\s+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** 送: the site seals its tubes into a box and hands it over to a named lab. */
export function BoxesTab({ round }: { round: Round | null }) {
  const { t } = useTranslation();
  const errorText = useErrorText('testingErrors');
  const [msg, setMsg] = useState<string | null>(null);
  const [sites, setSites] = useState<Option[]>([]);
  const [labs, setLabs] = useState<Option[]>([]);
  const [site, setSite] = useState<string | undefined>();
  // The box just sealed: its manifest (箱单) travels with it to the lab.
  const [sealed, setSealed] = useState<string | null>(null);
  useEffect(
    () =>
      void Promise.all([testingApi.sites(), testingApi.labs(), testingApi.postings()]).then(([s, l, p]) => {
        setSites(s.items.map((x) => ({ value: x.code, label: `${x.code} ${x.name}` })));
        setLabs(l.items.map((x) => ({ value: x.code, label: `${x.code} ${x.name}` })));
        setSite(p.samplingSites[0] ?? s.items[0]?.code);
      }),
    [],
  );
  if (!round) return null;
  return (
    <Space direction="vertical" style={{ maxWidth: 560, width: '100%' }}>
      <Form
        layout="vertical"
        onFinish={(v: { code: string; tubes: string }) =>
          site &&
          void post<{ code: string; tubes: number }>('/testing/boxes', {
            code: v.code || undefined,
            roundId: round.id,
            siteCode: site,
            tubeBarcodes: lines(v.tubes),
          })
            .then((r) => {
              setMsg(`${r.code}: ${r.tubes}`);
              setSealed(r.code);
            })
            .catch((e: unknown) => setMsg(errorText(e)))
        }
      >
        <Form.Item label={t('testing.site')}>
          <Select value={site} onChange={setSite} options={sites} data-testid="box-site" />
        </Form.Item>
        <Form.Item name="code" label={t('testing.boxCode')}>
          <Input data-testid="box-code" />
        </Form.Item>
        <Form.Item name="tubes" label={t('testing.tubes')} rules={[{ required: true }]}>
          <Input.TextArea rows={4} data-testid="box-tubes" />
        </Form.Item>
        <Button htmlType="submit" type="primary" data-testid="box-seal">
          {t('testing.seal')}
        </Button>
      </Form>
      <Form
        layout="inline"
        onFinish={(v: { code: string; lab: string }) =>
          void post(`/testing/boxes/${v.code}/handover`, { labCode: v.lab })
            .then(() => setMsg(`${v.code} → ${v.lab} ✓`))
            .catch((e: unknown) => setMsg(errorText(e)))
        }
      >
        <Form.Item name="code" rules={[{ required: true }]}>
          <Input placeholder={t('testing.boxCode')} data-testid="handover-code" />
        </Form.Item>
        <Form.Item name="lab" rules={[{ required: true }]}>
          <Select placeholder={t('testing.toLab')} options={labs} style={{ width: 200 }} data-testid="handover-lab" />
        </Form.Item>
        <Button htmlType="submit" data-testid="handover">
          {t('testing.handover')}
        </Button>
      </Form>
      {msg && (
        <Alert
          message={msg}
          data-testid="boxes-msg"
          action={sealed && <PrintButton href={documentPaths.boxManifest(sealed)} label="boxManifest" testId={`print-box-${sealed}`} />}
        />
      )}
    </Space>
  );
}

type Incoming = Awaited<ReturnType<typeof testingApi.incoming>>['items'][number];

/** 检: the lab receives the boxes sent to it (count checked), uploads its results file; bad rows listed, positive pools announced. */
export function LabTab() {
  const { t } = useTranslation();
  const errorText = useErrorText('testingErrors');
  const [r, setR] = useState<ResultsOutcome | null>(null);
  const [labs, setLabs] = useState<string[] | null>(null);
  const [incoming, setIncoming] = useState<Incoming[]>([]);
  const [msg, setMsg] = useState<string | null>(null);
  const reload = useCallback(() => void testingApi.incoming().then((x) => setIncoming(x.items)), []);
  useEffect(() => {
    void testingApi.postings().then((p) => setLabs(p.labs));
    reload();
  }, [reload]);
  const receive = (code: string, lab: string) =>
    void post<Receipt>(`/testing/boxes/${code}/receive`, { labCode: lab })
      .then((x) => setMsg(`${code}: ${x.received}/${x.expected}${x.flagged ? ` ⚠ ${x.missing.join(' ')}` : ' ✓'}`))
      .catch((e: unknown) => setMsg(errorText(e)))
      .finally(reload);
  if (labs && labs.length === 0) return <Alert type="warning" message={t('testing.noPosting')} data-testid="lab-no-posting" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {labs && <Alert type="info" message={`${t('testing.myLab')}: ${labs.join(', ')}`} />}
      <Card size="small" title={t('testing.incoming')}>
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={incoming}
          data-testid="lab-incoming"
          columns={[
            { title: t('testing.boxCode'), dataIndex: 'code' },
            { title: t('testing.site'), dataIndex: 'siteCode' },
            { title: t('testing.count'), dataIndex: 'tubeCount' },
            { title: t('testing.handedOverAt'), dataIndex: 'handedOverAt' },
            {
              key: 'receive',
              render: (_: unknown, b: Incoming) => (
                <Space size={4}>
                  <Button size="small" onClick={() => receive(b.code, b.labCode ?? '')} data-testid={`receive-${b.code}`}>
                    {t('testing.receive')}
                  </Button>
                  <PrintButton href={documentPaths.boxManifest(b.code)} label="boxManifest" testId={`print-box-${b.code}`} />
                </Space>
              ),
            },
          ]}
        />
        {msg && <Alert message={msg} data-testid="lab-receive-msg" />}
      </Card>
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

/** 时效: where time goes between sampling and the result. */
export function TimingTab({ round }: { round: Round | null }) {
  const { t } = useTranslation();
  const [d, setD] = useState<Timing | null>(null);
  useEffect(() => void (round && testingApi.timing(round.id).then(setD)), [round]);
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
          { title: t('testing.median'), dataIndex: 'medianMin' },
          { title: t('testing.p95'), dataIndex: 'p95Min' },
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
            { title: 'min', dataIndex: 'totalMin' },
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
  const [plan, setPlan] = useState<CapacityPlan | null>(null);
  useEffect(() => void (round && testingApi.plan(round.id, p).then(setPlan)), [round, p]);
  const s = plan?.suggestion;
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
            { k: t('testing.finish'), v: plan.finishHours === null ? '—' : Math.round(plan.finishHours * 10) / 10 },
            { k: t('testing.bottleneck'), v: t(`testing.bottlenecks.${plan.bottleneck}`) },
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
  const { can } = useAuth();
  const [area, setArea] = useState('');
  const [items, setItems] = useState<OverduePerson[]>([]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {/* The intervals themselves are city-wide rules, read (and changed by their owners) on 隔离转运 → 规则. */}
      {can('quarantine:read') && (
        <Link to="/quarantine?tab=rules" data-testid="frequency-rules-link">
          {t('testing.frequencyRulesLink')}
        </Link>
      )}
      <Input.Search
        placeholder={t('testing.area')}
        style={{ width: 240 }}
        value={area}
        onChange={(e) => setArea(e.target.value)}
        onSearch={(v) => v && void testingApi.overdue(v).then((r) => setItems(r.items))}
      />
      <Table
        size="small"
        rowKey={(r) => `${r.personId}:${r.tag}`}
        dataSource={items}
        columns={[
          { title: t('testing.person'), dataIndex: 'name' },
          { title: 'ID', dataIndex: 'idNumberMasked' },
          { title: t('testing.tag'), dataIndex: 'tag', render: (tag: string) => t(`people.tagNames.${tag}`) },
          { title: t('testing.interval'), dataIndex: 'intervalDays' },
          { title: t('testing.lastSampled'), dataIndex: 'lastSampled' },
          { title: t('testing.daysOverdue'), dataIndex: 'daysOverdue' },
        ]}
      />
    </Space>
  );
}
