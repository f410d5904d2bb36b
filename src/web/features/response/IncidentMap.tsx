import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { FeatureCollection } from 'geojson';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { GridMap } from '../../components/GridMap';
import { rampColor } from '../../components/map/ramp';
import { fmtTime } from '../../lib/format';
import { rApi, type IncidentMap, type Zone } from './api';
import { useFail } from '../../lib/errors';
import './map-strings';

const KINDS = ['sealed', 'controlled', 'precaution'] as const;
const KIND_COLOR: Record<string, string> = { sealed: 'red', controlled: 'orange', precaution: 'gold' };
/** The server's zone tones (response/zone-rules ZONE_TONE): 0 the incident's own area, 3 sealed. */
const TONE_KIND: Record<number, string> = { 1: 'precaution', 2: 'controlled', 3: 'sealed' };
const ZONE_RAMP: [string, string] = ['#e6f4ff', '#a8071a'];
// The marker colours the server gives cases and placements (response/incident-map.ts).
const CASE_COLOR = '#cf1322';
const PLACEMENT_COLOR = '#1677ff';

/**
 * The incident on the grid map — its area, its control zones (darker = stricter), linked cases (red)
 * and placements (blue) — with the zones' list and the forms to draw and lift one.
 */
export function IncidentMapCard({ id, areaCode, open, reload, version }: { id: string; areaCode: string; open: boolean; reload: () => void; version: number }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const fail = useFail('response.errors');
  const [map, setMap] = useState<IncidentMap | null>(null);
  const [zones, setZones] = useState<Zone[]>([]);
  const [adding, setAdding] = useState(false);
  const load = () => {
    rApi.map(id).then(setMap).catch(fail);
    rApi
      .zones(id)
      .then((r) => setZones(r.items))
      .catch(fail);
  };
  // reload with the incident (its timeline grows with every zone drawn or lifted)
  useEffect(load, [id, version]);
  const layers = useMemo(() => split(map), [map]);
  const changed = () => (load(), reload());
  return (
    <Card
      size="small"
      title={t('zones.map')}
      extra={
        can('response:write') && open ? (
          <Button size="small" onClick={() => setAdding(true)}>
            {t('zones.add')}
          </Button>
        ) : null
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {layers.polygons.features.length || layers.points.features.length ? (
          <GridMap
            data={layers.polygons}
            valueProperty="tone"
            range={[0, 3]}
            colors={ZONE_RAMP}
            points={layers.points}
            labelProperty="label"
            pointLabelProperty="label"
            height={320}
            legend={{
              title: t('gridmap.zones'),
              format: (tone) => (tone === 0 ? t('gridmap.incidentArea') : t(`zones.kinds.${TONE_KIND[tone] ?? 'sealed'}`)),
              classes: [0, 1, 2, 3].map((tone) => ({
                color: rampColor(tone, [0, 3], ZONE_RAMP),
                label: tone === 0 ? t('gridmap.incidentArea') : t(`zones.kinds.${TONE_KIND[tone] ?? 'sealed'}`),
              })),
              points: [
                { color: CASE_COLOR, label: t('gridmap.cases') },
                { color: PLACEMENT_COLOR, label: t('gridmap.placements') },
              ],
            }}
            pointDetail={(p) => (p.layer === 'case' ? t('gridmap.cases') : t('gridmap.placements'))}
          />
        ) : null}
        <Typography.Text type="secondary">{t('zones.legend')}</Typography.Text>
        <ZoneTable zones={zones} canEnd={can('response:write')} changed={changed} />
      </Space>
      <ZoneForm id={id} areaCode={areaCode} open={adding} close={() => setAdding(false)} added={changed} />
    </Card>
  );
}

/** Polygons (area, zones in force) for the fill layer; cases and placements as points. */
function split(map: IncidentMap | null): { polygons: FeatureCollection; points: FeatureCollection } {
  const features = (map?.features ?? []) as FeatureCollection['features'];
  const isPoint = (l: unknown) => l === 'case' || l === 'placement';
  return {
    polygons: { type: 'FeatureCollection', features: features.filter((f) => f.geometry && !isPoint(f.properties?.layer) && f.properties?.active !== false) },
    points: { type: 'FeatureCollection', features: features.filter((f) => f.geometry && isPoint(f.properties?.layer)) },
  };
}

function ZoneTable({ zones, canEnd, changed }: { zones: Zone[]; canEnd: boolean; changed: () => void }) {
  const { t } = useTranslation();
  const fail = useFail('response.errors');
  const [ending, setEnding] = useState<Zone | null>(null);
  const [note, setNote] = useState('');
  return (
    <>
      <Table<Zone>
        rowKey="id"
        size="small"
        pagination={false}
        locale={{ emptyText: t('zones.none') }}
        dataSource={zones}
        columns={[
          { title: t('zones.kind'), dataIndex: 'kind', render: (k: string) => <Tag color={KIND_COLOR[k]}>{t(`zones.kinds.${k}`)}</Tag> },
          { title: t('zones.name'), dataIndex: 'name' },
          { title: t('zones.areas'), dataIndex: 'areaCodes', render: (c: string[], z) => (c.length ? c.join(', ') : z.polygon ? 'GeoJSON' : '-') },
          { title: t('zones.startsAt'), dataIndex: 'startsAt', render: (v: string) => fmtTime(v) },
          { title: t('zones.endsAt'), dataIndex: 'endsAt', render: (v: string | null) => (v ? fmtTime(v) : '-') },
          {
            title: '',
            key: 'state',
            render: (_: unknown, z) =>
              z.active ? (
                <Space>
                  <Tag color="red">{t('zones.active')}</Tag>
                  {canEnd ? (
                    <Button size="small" onClick={() => setEnding(z)}>
                      {t('zones.end')}
                    </Button>
                  ) : null}
                </Space>
              ) : (
                <Tag>{t('zones.ended')}</Tag>
              ),
          },
        ]}
      />
      <Modal
        open={!!ending}
        title={`${t('zones.end')} ${ending?.name ?? ''}`}
        okButtonProps={{ disabled: note.trim().length === 0 }}
        onCancel={() => setEnding(null)}
        onOk={() =>
          ending &&
          rApi
            .endZone(ending.id, note.trim())
            .then(() => (setEnding(null), setNote(''), changed()))
            .catch(fail)
        }
      >
        <Input aria-label={t('zones.endNote')} placeholder={t('zones.endNote')} value={note} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </>
  );
}

function ZoneForm({ id, areaCode, open, close, added }: { id: string; areaCode: string; open: boolean; close: () => void; added: () => void }) {
  const { t } = useTranslation();
  const fail = useFail('response.errors');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ kind: (typeof KINDS)[number]; name?: string; areas?: string; polygon?: string }>();
  const submit = () =>
    void form.validateFields().then((v) => {
      let polygon: { type: string; coordinates?: unknown } | null = null;
      try {
        polygon = v.polygon?.trim() ? (JSON.parse(v.polygon) as { type: string; coordinates?: unknown }) : null;
      } catch {
        return void message.error(`${t('zones.polygon')}: JSON`);
      }
      const areaCodes = (v.areas ?? '')
        .split(/[,，\s]+/)
        .map((s) => s.trim())
        .filter(Boolean);
      rApi
        .addZone(id, { kind: v.kind, name: v.name?.trim() || undefined, areaCodes, polygon })
        .then(() => (form.resetFields(), close(), added()))
        .catch(fail);
    });
  return (
    <Modal open={open} title={t('zones.add')} onCancel={close} onOk={submit}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'sealed', areas: '' }}>
        <Form.Item name="kind" label={t('zones.kind')} rules={[{ required: true }]}>
          <Select aria-label={t('zones.kind')} options={KINDS.map((k) => ({ value: k, label: t(`zones.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('zones.name')}>
          <Input />
        </Form.Item>
        <Form.Item name="areas" label={t('zones.areas')} extra={`${t('zones.areasHelp')} (${areaCode}…)`}>
          <Input aria-label={t('zones.areas')} placeholder={areaCode} />
        </Form.Item>
        <Form.Item name="polygon" label={t('zones.polygon')}>
          <Input.TextArea rows={3} placeholder='{"type":"Polygon","coordinates":[[[lng,lat],…]]}' />
        </Form.Item>
      </Form>
    </Modal>
  );
}
