import { Button, Form, Input, Modal, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { fmtTime } from '../../lib/format';
import { rApi, type Incident } from './api';
import { useFail } from '../../lib/errors';
import { IncidentPage } from './IncidentPage';

/** 疫情事件: the list, and one incident's page (timeline, task board, timeliness, activate a plan). */
export function IncidentsTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const fail = useFail('response.errors');
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
          { title: 'T0', dataIndex: 't0', render: (v: string) => fmtTime(v) },
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
