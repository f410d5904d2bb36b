import { App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { dateInZone } from '../../lib/format';
import { useFail } from '../../lib/errors';
import { qApi, type Facility, type FacilityCreate, type FacilityMode } from './api';
import { FacilityMap } from './FacilityMap';

const TYPES = ['quarantine', 'designated', 'sub-designated', 'fangcang'];

/** Facility list with derived counts, 平急转换 mode switch, and the create form. */
export function FacilitiesTab({ items, reload, onOpen }: { items: Facility[]; reload: () => void; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const fail = useFail('quarantine.errors');
  const { can, user } = useAuth();
  const act = (p: Promise<unknown>) => void p.then(reload, fail);
  const write = can('quarantine:write');
  const { modal } = App.useApp();
  // 医疗废物转运: weight and who took it, recorded per site.
  const recordWaste = (f: Facility) => {
    const v = { weightKg: 0, handler: '' };
    modal.confirm({
      title: `${f.name} · ${t('quarantine.waste')}`,
      content: (
        <Space direction="vertical">
          <InputNumber min={0.1} placeholder={t('quarantine.weight')} onChange={(n) => (v.weightKg = Number(n ?? 0))} />
          <Input placeholder={t('quarantine.handler')} onChange={(e) => (v.handler = e.target.value)} />
        </Space>
      ),
      onOk: () => act(qApi.waste(f.id, v)),
    });
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {write && (
        <Card size="small" title={t('quarantine.create')}>
          <Form
            layout="inline"
            initialValues={{ type: 'quarantine', mode: 'active', areaCode: user?.scope[0] === '*' ? '320706' : user?.scope[0], rooms: 100 }}
            onFinish={(v: FacilityCreate) => act(qApi.createFacility(v))}
          >
            <Form.Item name="name" rules={[{ required: true }]}>
              <Input placeholder={t('quarantine.name')} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="type">
              <Select style={{ width: 140 }} options={TYPES.map((v) => ({ value: v, label: t(`quarantine.types.${v}`) }))} />
            </Form.Item>
            <Form.Item name="areaCode" rules={[{ required: true }]}>
              <Input placeholder={t('quarantine.area')} style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name="rooms" label={t('quarantine.roomsN')}>
              <InputNumber min={0} max={20000} />
            </Form.Item>
            <Form.Item name="mode">
              <Select style={{ width: 110 }} options={['active', 'standby', 'normal'].map((v) => ({ value: v, label: t(`quarantine.modes.${v}`) }))} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('quarantine.create')}
            </Button>
          </Form>
        </Card>
      )}
      <FacilityMap facilities={items} area={user?.scope[0] && user.scope[0] !== '*' ? user.scope[0] : '320706'} onOpen={onOpen} />
      <Table<Facility>
        rowKey="id"
        size="small"
        dataSource={items}
        pagination={{ pageSize: 50 }}
        scroll={{ x: true }}
        onRow={(f) => ({ onDoubleClick: () => onOpen(f.id) })}
        columns={[
          { title: t('quarantine.name'), dataIndex: 'name', render: (n: string, f) => <a onClick={() => onOpen(f.id)}>{n}</a> },
          { title: t('quarantine.type'), dataIndex: 'type', render: (v: string) => t(`quarantine.types.${v}`) },
          { title: t('quarantine.area'), dataIndex: 'areaCode' },
          {
            title: t('quarantine.mode'),
            dataIndex: 'mode',
            render: (m: FacilityMode, f) =>
              write ? (
                <Select
                  size="small"
                  value={m}
                  style={{ width: 100 }}
                  onChange={(mode: FacilityMode) => act(qApi.updateFacility(f.id, { mode }))}
                  options={['active', 'standby', 'normal'].map((v) => ({ value: v, label: t(`quarantine.modes.${v}`) }))}
                />
              ) : (
                t(`quarantine.modes.${m}`)
              ),
          },
          { title: t('quarantine.total'), dataIndex: 'roomsTotal' },
          { title: t('quarantine.occupied'), dataIndex: 'roomsOccupied' },
          { title: t('quarantine.free'), dataIndex: 'roomsFree', render: (n: number) => <Tag color={n === 0 ? 'red' : 'green'}>{n}</Tag> },
          { title: t('quarantine.cleaning'), dataIndex: 'roomsCleaning' },
          { title: t('quarantine.activationHours'), dataIndex: 'activationHours' },
          {
            title: t('quarantine.zoning'),
            key: 'z',
            render: (_, f) =>
              f.zoning?.inspectedOn ? (
                <Tag color="green">
                  {t('quarantine.zoningOk')} {f.zoning.inspectedOn}
                </Tag>
              ) : write ? (
                <Button
                  size="small"
                  onClick={() =>
                    act(
                      qApi.updateFacility(f.id, {
                        zoning: {
                          clean: true,
                          buffer: true,
                          contaminated: true,
                          staffPassage: true,
                          patientPassage: true,
                          inspectedOn: dateInZone(),
                        },
                      }),
                    )
                  }
                >
                  {t('quarantine.zoningOk')}
                </Button>
              ) : (
                <Tag>{t('quarantine.zoningMissing')}</Tag>
              ),
          },
          {
            title: t('quarantine.waste'),
            key: 'w',
            render: (_, f) =>
              write &&
              f.type !== 'home' && (
                <Button size="small" onClick={() => recordWaste(f)}>
                  {t('quarantine.waste')}
                </Button>
              ),
          },
        ]}
      />
    </Space>
  );
}
