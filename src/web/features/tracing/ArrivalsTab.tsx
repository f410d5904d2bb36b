import { Button, Card, Checkbox, Form, Input, Select, Space, Switch, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFail } from '../../lib/errors';
import { useAuth } from '../../app/auth';
import { Countdown } from '../../components/Countdown';
import type { ArrivalListItem, NewArrivalBody } from '../../../contract/tracing';
import { tracingApi, fmtTime } from './api';

/** Arrivals board: record at the first landing point, measure by risk level, landing test on the clock. */
export function ArrivalsTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const fail = useFail();
  const [pending, setPending] = useState(false);
  const [items, setItems] = useState<ArrivalListItem[]>([]);
  const load = () => void tracingApi.arrivals(pending).then((r) => setItems(r.items));
  useEffect(load, [pending]);
  const act = (p: Promise<unknown>) => void p.then(load, (e: unknown) => void fail(e));
  const write = can('tracing:write');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {write && (
        <Card size="small" title={t('tracing.newArrival')}>
          <Form
            layout="inline"
            initialValues={{ riskLevel: 'medium' }}
            onFinish={(v: Omit<NewArrivalBody, 'arrivedAt'> & { arrivedAt?: string }) =>
              act(tracingApi.createArrival({ ...v, arrivedAt: (v.arrivedAt ? new Date(v.arrivedAt) : new Date()).toISOString(), truckDriver: !!v.truckDriver }))
            }
          >
            <Form.Item name="idNumber" rules={[{ required: true }]}>
              <Input placeholder={t('tracing.idNumber')} style={{ width: 190 }} />
            </Form.Item>
            <Form.Item name="name">
              <Input placeholder={t('tracing.name')} style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name="areaCode">
              <Input placeholder={t('tracing.area')} style={{ width: 170 }} />
            </Form.Item>
            <Form.Item name="origin" rules={[{ required: true }]}>
              <Input placeholder={t('tracing.origin')} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="riskLevel">
              <Select style={{ width: 100 }} options={['high', 'medium', 'low'].map((v) => ({ value: v, label: t(`tracing.risks.${v}`) }))} />
            </Form.Item>
            <Form.Item name="checkpoint" rules={[{ required: true }]}>
              <Input placeholder={t('tracing.checkpoint')} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="arrivedAt">
              <Input type="datetime-local" aria-label={t('tracing.arrivedAt')} />
            </Form.Item>
            <Form.Item name="truckDriver" valuePropName="checked">
              <Checkbox>{t('tracing.truckDriver')}</Checkbox>
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('tracing.save')}
            </Button>
          </Form>
        </Card>
      )}
      <Space>
        <Switch checked={pending} onChange={setPending} /> {t('tracing.landingTest')} ⏳
      </Space>
      <Table<ArrivalListItem>
        rowKey="id"
        size="small"
        dataSource={items}
        pagination={{ pageSize: 50 }}
        scroll={{ x: true }}
        columns={[
          {
            title: t('tracing.person'),
            render: (_, r) => (
              <span>
                {r.name} {r.idNumberMasked} {r.isTruckDriver && <Tag color="purple">{t('tracing.truckDriver')}</Tag>}
              </span>
            ),
          },
          {
            title: t('tracing.origin'),
            render: (_, r) => (
              <span>
                {r.origin} <Tag color={r.riskLevel === 'high' ? 'red' : r.riskLevel === 'medium' ? 'orange' : 'blue'}>{t(`tracing.risks.${r.riskLevel}`)}</Tag>
              </span>
            ),
          },
          { title: t('tracing.checkpoint'), dataIndex: 'checkpoint' },
          { title: t('tracing.arrivedAt'), dataIndex: 'arrivedAt', render: fmtTime },
          { title: t('tracing.measure'), dataIndex: 'measure', render: (m: string) => t(`tracing.measures.${m}`) },
          {
            title: t('tracing.landingTest'),
            key: 'lt',
            render: (_, r) =>
              r.landingTestResult ? (
                <Tag color={r.landingTestResult === 'positive' ? 'red' : 'green'}>{t(`tracing.${r.landingTestResult}`)}</Tag>
              ) : (
                <Countdown deadline={r.landingTestDue} />
              ),
          },
          {
            title: '',
            key: 'a',
            render: (_, r) =>
              write &&
              !r.landingTestResult && (
                <Space>
                  <Button size="small" onClick={() => act(tracingApi.landingTest(r.id, 'negative'))}>
                    {t('tracing.negative')}
                  </Button>
                  <Button size="small" danger onClick={() => act(tracingApi.landingTest(r.id, 'positive'))}>
                    {t('tracing.positive')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Space>
  );
}
