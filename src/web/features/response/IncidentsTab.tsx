import { Button, Card, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Timeline, App } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { rApi, type Incident, type IncidentDetail, type PlanSummary, type Task, type Timeliness } from './api';
import { useFail } from './errors';
import { TaskBoard } from './TaskBoard';

/** 疫情事件: the list, and one incident's page (timeline, task board, timeliness, activate a plan). */
export function IncidentsTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const fail = useFail();
  const [items, setItems] = useState<Incident[]>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ name: string; areaCode: string; t0?: string }>();
  const load = () =>
    void rApi
      .incidents()
      .then((r) => setItems(r.items))
      .catch(fail);
  useEffect(load, []);
  if (openId) return <IncidentPage id={openId} back={() => (setOpenId(null), load())} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('response:write') ? (
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('response.create')}
        </Button>
      ) : null}
      <Table<Incident>
        rowKey="id"
        size="small"
        dataSource={items}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('response.name'), dataIndex: 'name' },
          { title: t('response.area'), dataIndex: 'areaCode' },
          {
            title: t('response.status'),
            dataIndex: 'status',
            render: (v: string) => <Tag color={v === 'open' ? 'red' : 'default'}>{t(`response.statuses.${v}`)}</Tag>,
          },
          { title: t('response.openedFrom'), dataIndex: 'openedFrom', render: (v: string) => t(`response.sources.${v}`) },
          { title: 'T0', dataIndex: 't0', render: (v: string) => new Date(v).toLocaleString() },
          { title: t('response.tasksOpen'), dataIndex: 'tasksOpen' },
          { title: t('response.tasksOverdue'), dataIndex: 'tasksOverdue', render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0) },
        ]}
      />
      <Modal
        open={creating}
        title={t('response.create')}
        onCancel={() => setCreating(false)}
        onOk={() =>
          void form.validateFields().then((v) =>
            rApi
              .createIncident({ name: v.name, areaCode: v.areaCode, t0: v.t0 ? new Date(v.t0).toISOString() : undefined })
              .then((i) => {
                setCreating(false);
                setOpenId(i.id);
              })
              .catch(fail),
          )
        }
      >
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('response.name')} rules={[{ required: true }]}>
            <Input placeholder="0506" />
          </Form.Item>
          <Form.Item name="areaCode" label={t('response.area')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="t0" label={t('response.t0')}>
            <Input type="datetime-local" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function IncidentPage({ id, back }: { id: string; back: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const fail = useFail();
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
        <Descriptions.Item label="T0">{new Date(d.t0).toLocaleString()}</Descriptions.Item>
        <Descriptions.Item label={t('response.openedFrom')}>{t(`response.sources.${d.openedFrom}`)}</Descriptions.Item>
        <Descriptions.Item label={t('response.grade')}>{d.grade ?? '-'}</Descriptions.Item>
      </Descriptions>
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
            { title: t('response.doneAt'), dataIndex: 'doneAt', render: (v: string | null) => (v ? new Date(v).toLocaleString() : '-') },
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
        <Timeline items={d.timeline.map((e) => ({ children: `${new Date(e.at).toLocaleString()} · ${e.actor} · ${e.summary}` }))} />
      </Card>
    </Space>
  );
}
