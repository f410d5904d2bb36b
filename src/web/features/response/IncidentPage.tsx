import { App, Button, Card, Descriptions, Select, Space, Table, Tag, Timeline } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { fmtTime } from '../../lib/format';
import { rApi, type IncidentDetail, type PlanSummary, type Task, type Timeliness } from './api';
import { useFail } from '../../lib/errors';
import { IncidentMapCard } from './IncidentMap';
import { TaskBoard } from './TaskBoard';

/** One incident: activate a plan, facts, map and zones, task board, timeliness, timeline. */
export function IncidentPage({ id, back }: { id: string; back: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const fail = useFail('response.errors');
  const { message } = App.useApp();
  const [d, setD] = useState<IncidentDetail | null>(null);
  const [tasks, setTasks] = useState<Task[]>([]);
  const [marks, setMarks] = useState<Timeliness | null>(null);
  const [plans, setPlans] = useState<PlanSummary[]>([]);
  const [plan, setPlan] = useState('six-rapid');
  const load = () => {
    rApi.incident(id).then(setD).catch(fail);
    rApi
      .tasks(id)
      .then((r) => setTasks(r.items))
      .catch(fail);
    rApi.timeliness(id).then(setMarks).catch(fail);
  };
  useEffect(() => {
    load();
    void rApi.plans().then((r) => setPlans(r.items));
    const h = setInterval(load, 30_000);
    return () => clearInterval(h);
  }, [id]);
  if (!d) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button onClick={back}>←</Button>
        {can('response:write') && d.status === 'open' ? (
          <>
            <Select
              aria-label={t('response.plan')}
              value={plan}
              onChange={setPlan}
              style={{ minWidth: 180 }}
              options={plans.map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }))}
            />
            <Button
              type="primary"
              danger
              onClick={() =>
                rApi
                  .activate(id, plan)
                  .then((r) => {
                    message.success(t('response.created', { n: r.created }));
                    load();
                  })
                  .catch(fail)
              }
            >
              {t('response.activate')}
            </Button>
          </>
        ) : null}
      </Space>
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('response.name')}>{d.name}</Descriptions.Item>
        <Descriptions.Item label={t('response.area')}>{d.areaCode}</Descriptions.Item>
        <Descriptions.Item label={t('response.status')}>{t(`response.statuses.${d.status}`)}</Descriptions.Item>
        <Descriptions.Item label="T0">{fmtTime(d.t0)}</Descriptions.Item>
        <Descriptions.Item label={t('response.openedFrom')}>{t(`response.sources.${d.openedFrom}`)}</Descriptions.Item>
        <Descriptions.Item label={t('response.grade')}>{d.grade ?? '-'}</Descriptions.Item>
      </Descriptions>
      <IncidentMapCard id={id} areaCode={d.areaCode} open={d.status === 'open'} reload={load} version={d.timeline.length} />
      <Card size="small" title={t('response.board')}>
        <TaskBoard tasks={tasks} reload={load} />
      </Card>
      <Card size="small" title={t('response.timeliness')}>
        <Table
          rowKey="name"
          size="small"
          pagination={false}
          dataSource={marks?.marks ?? []}
          columns={[
            { title: t('response.mark'), dataIndex: 'name' },
            { title: t('response.target'), dataIndex: 'targetH' },
            { title: t('response.doneAt'), dataIndex: 'doneAt', render: (v: string | null) => (v ? fmtTime(v) : '-') },
            {
              title: t('response.met'),
              dataIndex: 'met',
              render: (v: boolean | null) =>
                v == null ? t('response.pending') : v ? <Tag color="green">{t('response.yes')}</Tag> : <Tag color="red">{t('response.no')}</Tag>,
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('response.timeline')}>
        <Timeline items={d.timeline.map((e) => ({ children: `${fmtTime(e.at)} · ${e.actor} · ${e.summary}` }))} />
      </Card>
    </Space>
  );
}
