import { documentPaths } from '../../../contract/document-paths';
import { PrintButton } from '../../components/PrintButton';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Switch, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { Countdown } from '../../components/Countdown';
import { useFail } from '../../lib/errors';
import './handoff-strings';
import { qApi, type Facility, type PlacementReason, type Transfer, type Vehicle } from './api';
import { destinationOptions, useDestinations } from './destinations';

/** Transfer board with timers: request, approve, one vehicle per run, picked up, arrived (placed on arrival). */
export function TransfersTab({ facilities, reload }: { facilities: Facility[]; reload: () => void }) {
  const { t } = useTranslation();
  const fail = useFail('quarantine.errors');
  const { can, user } = useAuth();
  const { modal } = App.useApp();
  const [items, setItems] = useState<Transfer[]>([]);
  const [vehicles, setVehicles] = useState<Vehicle[]>([]);
  const [mode, setMode] = useState('normal');
  const [selected, setSelected] = useState<string[]>([]);
  // Phones shown in clear after the audited reveal, by transfer id (kept only on this page).
  const [phones, setPhones] = useState<Record<string, string>>({});
  // A receiving site watches its own incoming arrivals.
  const [incomingTo, setIncomingTo] = useState<string | undefined>();
  const load = () => {
    void qApi.transfers().then((r) => setItems(r.items));
    void qApi.vehicles().then((r) => setVehicles(r.items));
    void qApi.mode().then((r) => setMode(r.mode));
  };
  useEffect(load, []);
  const act = (p: Promise<unknown>) =>
    void p.then(() => {
      setSelected([]);
      load();
      reload();
    }, fail);
  const write = can('transfer:write');
  const destinations = useDestinations(write);
  const chosen = items.filter((i) => selected.includes(i.id));
  const same = (s: string) => chosen.length > 0 && chosen.every((c) => c.status === s);
  const underWay = (r: Transfer) => !['arrived', 'cancelled'].includes(r.status);
  // The team calls ahead of a pickup: the server shows the phone in clear once per reason, audited.
  const reveal = (r: Transfer) => {
    let reason = t('quarantine.handoff.revealDefault');
    modal.confirm({
      title: t('quarantine.handoff.revealTitle'),
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <span>{t('quarantine.handoff.revealNote')}</span>
          <Input addonBefore={t('quarantine.handoff.revealReason')} defaultValue={reason} onChange={(e) => (reason = e.target.value)} />
        </Space>
      ),
      onOk: () => qApi.revealPhone(r.id, reason).then((x) => setPhones((p) => ({ ...p, [r.id]: x.phone ?? '—' })), fail),
    });
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {write && (
        <Card size="small" title={t('quarantine.request')}>
          <Form
            layout="inline"
            initialValues={{ reason: 'close-contact' }}
            onFinish={(v: { idNumbers: string; toFacilityId: string; reason: PlacementReason }) =>
              act(qApi.requestTransfer({ idNumbers: v.idNumbers.split(/[,，\s]+/).filter(Boolean), toFacilityId: v.toFacilityId, reason: v.reason }))
            }
          >
            <Form.Item name="idNumbers" rules={[{ required: true }]}>
              <Input placeholder={t('quarantine.idNumbers')} style={{ width: 320 }} />
            </Form.Item>
            <Form.Item name="toFacilityId" rules={[{ required: true }]}>
              <Select placeholder={t('quarantine.to')} style={{ width: 280 }} options={destinationOptions(destinations, t)} />
            </Form.Item>
            <Form.Item name="reason">
              <Select
                style={{ width: 120 }}
                options={['close-contact', 'secondary-contact', 'arrival', 'case', 'positive-pool'].map((v) => ({
                  value: v,
                  label: t(`quarantine.reasons.${v}`),
                }))}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('quarantine.request')}
            </Button>
          </Form>
          <Space style={{ marginTop: 8 }} wrap>
            <Switch
              checked={mode === 'emergency'}
              disabled={!can('quarantine:write') || !user?.scope.includes('*')}
              onChange={(on) => act(qApi.setMode(on ? 'emergency' : 'normal'))}
            />{' '}
            {t('quarantine.emergency')}
            <Form
              layout="inline"
              onFinish={(v: { plate: string; capacity: number; driver: string }) =>
                act(qApi.addVehicle({ ...v, areaCode: user?.scope[0] === '*' ? '320706' : (user?.scope[0] ?? '') }))
              }
            >
              <Form.Item name="plate" rules={[{ required: true }]}>
                <Input placeholder={t('quarantine.plate')} style={{ width: 110 }} />
              </Form.Item>
              <Form.Item name="capacity" rules={[{ required: true }]}>
                <InputNumber placeholder={t('quarantine.seats')} min={1} max={60} />
              </Form.Item>
              <Form.Item name="driver" rules={[{ required: true }]}>
                <Input placeholder={t('quarantine.driver')} style={{ width: 100 }} />
              </Form.Item>
              <Button htmlType="submit">{t('quarantine.addVehicle')}</Button>
            </Form>
          </Space>
        </Card>
      )}
      {write && (
        <Space wrap>
          <Button disabled={!same('requested')} onClick={() => act(qApi.advance(selected, 'approved'))}>
            {t('quarantine.approve')}
          </Button>
          <Select
            disabled={!same('approved')}
            placeholder={t('quarantine.assign')}
            style={{ width: 180 }}
            value={null}
            onChange={(v: string) => act(qApi.assign(selected, v))}
            options={vehicles.map((v) => ({ value: v.id, label: `${v.plate}（${v.capacity}）` }))}
          />
          <Button disabled={!same('vehicle_assigned')} onClick={() => act(qApi.advance(selected, 'picked_up'))}>
            {t('quarantine.pickUp')}
          </Button>
          <Button disabled={!same('picked_up')} type="primary" onClick={() => act(qApi.advance(selected, 'arrived'))}>
            {t('quarantine.arrive')}
          </Button>
          <Button
            disabled={chosen.length !== 1}
            danger
            onClick={() => {
              let reason = '';
              modal.confirm({
                title: t('quarantine.cancel'),
                content: <Input onChange={(e) => (reason = e.target.value)} />,
                onOk: () => act(qApi.cancel(selected[0] ?? '', reason)),
              });
            }}
          >
            {t('quarantine.cancel')}
          </Button>
        </Space>
      )}
      <Select
        allowClear
        style={{ width: 260 }}
        placeholder={t('quarantine.incoming')}
        value={incomingTo}
        onChange={setIncomingTo}
        options={facilities.filter((f) => f.type !== 'home').map((f) => ({ value: f.name, label: f.name }))}
      />
      <Table<Transfer>
        rowKey="id"
        size="small"
        dataSource={incomingTo ? items.filter((i) => i.facility === incomingTo && !['arrived', 'cancelled'].includes(i.status)) : items}
        pagination={{ pageSize: 50 }}
        scroll={{ x: 'max-content' }}
        rowSelection={
          write
            ? {
                selectedRowKeys: selected,
                onChange: (k) => setSelected(k.map(String)),
                getCheckboxProps: (r) => ({ disabled: ['arrived', 'cancelled'].includes(r.status) }),
              }
            : undefined
        }
        columns={[
          { title: t('quarantine.person'), render: (_, r) => `${r.name} ${r.docMasked}` },
          { title: t('quarantine.reason'), dataIndex: 'reason', render: (v: string) => t(`quarantine.reasons.${v}`) },
          { title: t('quarantine.from'), dataIndex: 'fromFacility', render: (v: string | null) => v ?? '—' },
          { title: t('quarantine.to'), dataIndex: 'facility' },
          { title: t('quarantine.vehicle'), dataIndex: 'plate' },
          {
            title: t('quarantine.handoff.pickup'),
            key: 'pickup',
            render: (_, r) =>
              r.pickupSeq ? (
                <Space size={4}>
                  <Tag color="geekblue">{t('quarantine.handoff.pickupStop', { plate: r.plate ?? '', n: r.pickupSeq })}</Tag>
                  {r.runId && r.pickupSeq === 1 && (
                    <PrintButton href={documentPaths.transferSheet(r.runId)} label="transferSheet" testId={`print-run-${r.runId}`} />
                  )}
                </Space>
              ) : (
                '—'
              ),
          },
          { title: t('quarantine.handoff.address'), dataIndex: 'address', render: (v: string | null) => v ?? '—' },
          {
            title: t('quarantine.handoff.phone'),
            key: 'phone',
            render: (_, r) =>
              phones[r.id] ? (
                <b data-testid={`phone-${r.id}`}>{phones[r.id]}</b>
              ) : (
                <Space size={4}>
                  {r.phoneMasked ?? '—'}
                  {write && r.phoneMasked && underWay(r) && (
                    <Button size="small" type="link" onClick={() => reveal(r)}>
                      {t('quarantine.handoff.reveal')}
                    </Button>
                  )}
                </Space>
              ),
          },
          { title: t('quarantine.handoff.carer'), dataIndex: 'carer', render: (v: string | null) => v ?? '' },
          {
            title: t('quarantine.status'),
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={s === 'arrived' ? 'green' : s === 'cancelled' ? 'default' : 'blue'}>{t(`quarantine.transferStatuses.${s}`)}</Tag>
            ),
          },
          {
            title: t('quarantine.deadline'),
            dataIndex: 'deadline',
            render: (d: string, r) => <Countdown deadline={d} done={['arrived', 'cancelled'].includes(r.status)} />,
          },
        ]}
      />
    </Space>
  );
}
