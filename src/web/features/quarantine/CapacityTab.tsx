import { Card, Col, Form, InputNumber, Row, Space, Table } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../components/EChart';
import { FigureCard } from '../../components/FigureCard';
import { qApi, type Capacity, type ProjectionDay } from './api';

/** Capacity board (rooms per 10,000 against the standard, activatable in 24/48/72 h) and the 14-day projection. */
export function CapacityTab() {
  const { t } = useTranslation();
  const [cap, setCap] = useState<Capacity | null>(null);
  const [params, setParams] = useState<{ doublingDays?: number; contactsPerCase?: number; dailyCases?: number }>({ doublingDays: 3, contactsPerCase: 8 });
  const [days, setDays] = useState<ProjectionDay[]>([]);
  useEffect(() => void qApi.capacity().then(setCap), []);
  useEffect(() => void qApi.projection({ days: 14, ...params }).then((r) => setDays(r.days)), [params]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {cap && (
        <Row gutter={12}>
          <Col xs={12} md={6}>
            <FigureCard
              title={t('quarantine.perTenK')}
              value={cap.roomsPer10k}
              suffix={`/ ${cap.standardPer10k}`}
              danger={cap.roomsPer10k < cap.standardPer10k}
            />
          </Col>
          <Col xs={12} md={6}>
            <FigureCard title={t('quarantine.population')} value={cap.population} />
          </Col>
          <Col xs={12} md={6}>
            <FigureCard title={t('quarantine.free')} value={cap.byType.reduce((s, x) => s + x.roomsFree, 0)} />
          </Col>
          <Col xs={12} md={6}>
            <FigureCard title={t('quarantine.occupied')} value={cap.byType.reduce((s, x) => s + x.roomsOccupied, 0)} />
          </Col>
        </Row>
      )}
      <Table
        rowKey="type"
        size="small"
        pagination={false}
        dataSource={cap?.byType ?? []}
        columns={[
          { title: t('quarantine.type'), dataIndex: 'type', render: (v: string) => t(`quarantine.types.${v}`) },
          { title: t('quarantine.total'), dataIndex: 'roomsTotal' },
          { title: t('quarantine.occupied'), dataIndex: 'roomsOccupied' },
          { title: t('quarantine.free'), dataIndex: 'roomsFree' },
          { title: `${t('quarantine.activatable')} 24h`, dataIndex: 'activatable24h' },
          { title: '48h', dataIndex: 'activatable48h' },
          { title: '72h', dataIndex: 'activatable72h' },
        ]}
      />
      <Card size="small" title={t('quarantine.projection')}>
        <Form layout="inline" initialValues={params} onValuesChange={(_, all: typeof params) => setParams(all)}>
          <Form.Item name="doublingDays" label={t('quarantine.doubling')}>
            <InputNumber min={0.5} step={0.5} />
          </Form.Item>
          <Form.Item name="contactsPerCase" label={t('quarantine.contactsPerCase')}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="dailyCases" label={t('quarantine.dailyCases')}>
            <InputNumber min={0} />
          </Form.Item>
        </Form>
        <EChart
          height={340}
          option={{
            tooltip: { trigger: 'axis' },
            legend: {},
            xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)) },
            yAxis: { type: 'value' },
            series: [
              { name: t('quarantine.existing'), type: 'bar', stack: 'd', data: days.map((d) => d.existing) },
              { name: t('quarantine.pending'), type: 'bar', stack: 'd', data: days.map((d) => d.pending) },
              { name: t('quarantine.projected'), type: 'bar', stack: 'd', data: days.map((d) => d.projected) },
              { name: t('quarantine.capacityLine'), type: 'line', step: 'end', data: days.map((d) => d.capacity), lineStyle: { color: '#cf1322', width: 2 } },
            ],
          }}
        />
      </Card>
    </Space>
  );
}
