import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Sentinel, SentinelCreate, SentinelMap, SentinelMapStatus, SentinelType } from '../../../contract/surveillance';
import { get, post } from '../../api/client';
import { useFail, useFieldErrors } from '../../lib/errors';
import { useAuth } from '../../app/auth';
import { GridMap } from '../../components/GridMap';
import { RevealPhone } from './RevealPhone';
import './strings';

export const statusColor: Record<SentinelMapStatus, string> = { alarm: '#cf1322', reported: '#389e0d', not_reported: '#8c8c8c' };

/** Area code lengths by level: the map draws the grids of the finest area all sentinels share (district or finer). */
const LEVEL_LENGTHS = [6, 9, 12, 15];
function commonArea(codes: readonly string[]): string | null {
  if (codes.length === 0) return null;
  let prefix = codes[0]!;
  for (const c of codes) while (!c.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const len = [...LEVEL_LENGTHS].reverse().find((l) => l <= prefix.length);
  return len ? prefix.slice(0, len) : null;
}

/**
 * Point features; sentinels at one place (several at their area's centroid) are set on a small
 * ring around it (about 80 m) so that each stays visible and clickable.
 */
function spread(items: SentinelMap['items']): GeoJSON.Feature[] {
  const at = new Map<string, number>();
  for (const i of items) at.set(`${i.lng},${i.lat}`, (at.get(`${i.lng},${i.lat}`) ?? 0) + 1);
  const seen = new Map<string, number>();
  return items.map((i) => {
    const key = `${i.lng},${i.lat}`;
    const n = at.get(key) ?? 1;
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    const angle = (2 * Math.PI * k) / n;
    const r = n > 1 ? 0.0008 : 0;
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [i.lng + r * Math.cos(angle), i.lat + r * Math.sin(angle)] },
      properties: { code: i.code, name: i.name, status: i.status, color: statusColor[i.status] },
    };
  });
}

/** 哨点地图: each sentinel at its own point or its area's centroid, coloured by today's alarm / reported / not reported. */
function SentinelMapCard({ map }: { map: SentinelMap | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const area = useMemo(() => commonArea(map?.items.map((i) => i.areaCode) ?? []), [map]);
  const [grids, setGrids] = useState<GeoJSON.FeatureCollection>({ type: 'FeatureCollection', features: [] });
  useEffect(() => {
    if (area) void get<GeoJSON.FeatureCollection>(`/areas/${area}/grids.geojson`).then(setGrids, () => undefined);
  }, [area]);
  const points = useMemo<GeoJSON.FeatureCollection>(() => ({ type: 'FeatureCollection', features: spread(map?.items ?? []) }), [map]);
  if (!map) return null;
  const count = (s: SentinelMapStatus) => map.items.filter((i) => i.status === s).length;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="sentinel-map">
      <Space wrap>
        <Typography.Text strong>{t('surv.map.title', { date: map.date })}</Typography.Text>
        {(['alarm', 'reported', 'not_reported'] as const).map((s) => (
          <Tag key={s} color={statusColor[s]} data-testid={`sentinel-map-${s}`}>
            {t(`surv.map.${s}`)} {count(s)}
          </Tag>
        ))}
        {map.unplaced > 0 && <Typography.Text type="secondary">{t('surv.map.unplaced', { n: map.unplaced })}</Typography.Text>}
      </Space>
      <GridMap
        data={grids}
        valueProperty="population"
        range={[0, 1]}
        colors={['#f5f5f5', '#f5f5f5']}
        points={points}
        fitPoints
        height={360}
        legend={{
          title: t('gridmap.sentinels'),
          ramp: false,
          points: (['alarm', 'reported', 'not_reported'] as const).map((s) => ({ color: statusColor[s], label: t(`surv.map.${s}`) })),
        }}
        pointDetail={(p) => `${String(p.code)} · ${t(`surv.map.${String(p.status)}`)}`}
        onPointClick={(p) => void message.info(`${String(p.name)} (${String(p.code)}) · ${t(`surv.map.${String(p.status)}`)}`)}
      />
    </Space>
  );
}

interface CreateValues {
  code: string;
  type: string;
  areaCode: string;
  name?: string;
  ownerName?: string;
  ownerPhone?: string;
  lng?: number | null;
  lat?: number | null;
}

/** Register a sentinel; coordinates are optional (without them the map uses the area's centroid). */
function CreateSentinel({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const fail = useFail();
  const fieldErrors = useFieldErrors();
  const [open, setOpen] = useState(false);
  const [types, setTypes] = useState<SentinelType[]>([]);
  const [form] = Form.useForm<CreateValues>();
  useEffect(() => void get<{ items: SentinelType[] }>('/surveillance/sentinel-types').then((r) => setTypes(r.items)), []);
  const save = async () => {
    const v = await form.validateFields();
    const body: SentinelCreate = {
      code: v.code.trim(),
      type: v.type,
      areaCode: v.areaCode.trim(),
      ...(v.name?.trim() ? { name: v.name.trim() } : {}),
      ...(v.ownerName?.trim() ? { ownerName: v.ownerName.trim() } : {}),
      ...(v.ownerPhone?.trim() ? { ownerPhone: v.ownerPhone.trim() } : {}),
      ...(v.lng != null ? { lng: v.lng } : {}),
      ...(v.lat != null ? { lat: v.lat } : {}),
    };
    try {
      await post('/surveillance/sentinels', body);
      setOpen(false);
      form.resetFields();
      onDone();
    } catch (e) {
      const fields = fieldErrors(e);
      if (fields.length) form.setFields(fields.map((f) => ({ ...f, name: (f.name === 'area' ? 'areaCode' : f.name) as keyof CreateValues })));
      else fail(e);
    }
  };
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} data-testid="sentinel-create">
        {t('surv.create.button')}
      </Button>
      <Modal open={open} title={t('surv.create.title')} onCancel={() => setOpen(false)} onOk={() => void save()} okButtonProps={{ id: 'sentinel-create-ok' }}>
        <Form form={form} layout="vertical">
          <Form.Item name="code" label={t('surv.code')} rules={[{ required: true }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="type" label={t('surv.type')} rules={[{ required: true }]}>
            <Select options={types.map((x) => ({ value: x.code, label: t(`surv.types.${x.code}`, { defaultValue: x.nameZh }) }))} />
          </Form.Item>
          <Form.Item name="areaCode" label={t('surv.area')} rules={[{ required: true }]}>
            <Input maxLength={18} placeholder="320706022001" />
          </Form.Item>
          <Form.Item name="name" label={t('surv.name')}>
            <Input maxLength={100} />
          </Form.Item>
          <Space>
            <Form.Item name="ownerName" label={t('surv.owner')}>
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item name="ownerPhone" label={t('surv.phone')}>
              <Input maxLength={11} />
            </Form.Item>
          </Space>
          <Typography.Paragraph type="secondary">{t('surv.create.coordsHint')}</Typography.Paragraph>
          <Space>
            <Form.Item name="lng" label={t('surv.create.lng')}>
              <InputNumber min={-180} max={180} step={0.0001} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="lat" label={t('surv.create.lat')}>
              <InputNumber min={-90} max={90} step={0.0001} style={{ width: 160 }} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}

/** The sentinel list with its map and, for those who may, the create form. */
export function SentinelsTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [list, setList] = useState<Sentinel[]>([]);
  const [map, setMap] = useState<SentinelMap | null>(null);
  const load = useCallback(() => {
    void get<{ items: Sentinel[] }>('/surveillance/sentinels').then((r) => setList(r.items));
    void get<SentinelMap>('/surveillance/sentinel-map').then(setMap);
  }, []);
  useEffect(load, [load]);
  const status = new Map(map?.items.map((i) => [i.id, i.status]) ?? []);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('surveillance:write') && <CreateSentinel onDone={load} />}
      <SentinelMapCard map={map} />
      <Table<Sentinel>
        rowKey="id"
        size="small"
        dataSource={list}
        data-testid="sentinel-list"
        columns={[
          { title: t('surv.code'), dataIndex: 'code' },
          { title: t('surv.name'), dataIndex: 'name' },
          { title: t('surv.type'), dataIndex: 'type', render: (v: string) => t(`surv.types.${v}`, { defaultValue: v }) },
          { title: t('surv.area'), dataIndex: 'areaCode' },
          {
            title: t('surv.map.today'),
            render: (_, r) => {
              const s = status.get(r.id);
              return s ? <Tag color={statusColor[s]}>{t(`surv.map.${s}`)}</Tag> : null;
            },
          },
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
          {
            title: t('surv.indicators'),
            dataIndex: 'indicators',
            render: (v: string[]) => v.map((i) => <Tag key={i}>{t(`surv.ind.${i}`, { defaultValue: i })}</Tag>),
          },
        ]}
      />
    </Space>
  );
}
