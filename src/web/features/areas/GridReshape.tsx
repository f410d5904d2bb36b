import { Alert, Button, Card, Input, Modal, Select, Space, Typography } from 'antd';
import type { FeatureCollection } from 'geojson';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReshapeOutcome } from '../../../contract/grid-reshape';
import { post } from '../../api/client';
import { useErrorText } from '../../lib/errors';
import { GridMap } from '../../components/GridMap';
import { areaApi, type AreaDetail } from './api';
import './reshape-strings';

type Mode = 'merge' | 'split' | 'redraw';
type Part = { name: string; gridCode?: string; geometry: unknown };

/** The features of a GeoJSON file (a FeatureCollection, one Feature or a bare geometry), or why not. */
function partsOf(text: string): Part[] {
  type Feature = { geometry?: unknown; properties?: Record<string, unknown> | null };
  const doc = JSON.parse(text) as Feature & { type?: string; features?: Feature[] };
  const features: Feature[] = doc.type === 'FeatureCollection' ? (doc.features ?? []) : doc.type === 'Feature' ? [doc] : [{ geometry: doc, properties: {} }];
  return features.map((f) => ({
    name: typeof f.properties?.name === 'string' ? f.properties.name : '',
    gridCode: typeof f.properties?.grid_code === 'string' && f.properties.grid_code ? f.properties.grid_code : undefined,
    geometry: f.geometry,
  }));
}

/**
 * 网格调整 on a grid's page: merge neighbours into it, split it by drawn parts, or redraw it.
 * Parts are drawn in the county's GIS and uploaded as GeoJSON; the map previews them before the
 * one-step change, and the outcome says who moved and which accounts need a new scope.
 */
export function GridReshape({ grid, onChanged }: { grid: AreaDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText('areas.reshape');
  const [mode, setMode] = useState<Mode | null>(null);
  const [siblings, setSiblings] = useState<Array<{ value: string; label: string }>>([]);
  const [from, setFrom] = useState<string[]>([]);
  const [parts, setParts] = useState<Part[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ReshapeOutcome | null>(null);

  const open = (m: Mode) => {
    setMode(m);
    setParts([]);
    setFrom([]);
    setError(null);
    setFileError(null);
    if (m === 'merge' && grid.parentCode)
      void areaApi
        .children(grid.parentCode)
        .then((r) =>
          setSiblings(
            r.items
              .filter((a) => a.level === 'grid' && a.code !== grid.code)
              .map((a) => ({ value: a.code, label: `${a.name}（${a.code}，${a.population}人）` })),
          ),
        );
  };
  const readFile = async (file: File) => {
    try {
      setParts(partsOf(await file.text()));
      setFileError(null);
    } catch {
      setFileError(t('areas.reshape.badFile'));
    }
  };
  const apply = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = { reason: reason || undefined };
      const r =
        mode === 'merge'
          ? await post<ReshapeOutcome>('/areas/grids/merge', { ...body, into: grid.code, from })
          : mode === 'split'
            ? await post<ReshapeOutcome>('/areas/grids/split', { ...body, grid: grid.code, parts })
            : await post<ReshapeOutcome>('/areas/grids/redraw', { ...body, grid: grid.code, geometry: parts[0]?.geometry });
      setOutcome(r);
      setMode(null);
      onChanged();
    } catch (e) {
      setError(t('areas.reshape.refused', { detail: errorText(e) }));
    } finally {
      setBusy(false);
    }
  };
  const preview: FeatureCollection = {
    type: 'FeatureCollection',
    features: parts.flatMap((p, i) =>
      p.geometry
        ? [{ type: 'Feature' as const, geometry: p.geometry as GeoJSON.Geometry, properties: { code: p.gridCode ?? `#${i + 1}`, name: p.name, population: i } }]
        : [],
    ),
  };
  const ready = mode === 'merge' ? from.length > 0 : mode === 'split' ? parts.length >= 2 : parts.length === 1;

  return (
    <Card size="small" title={t('areas.reshape.title')} data-testid="grid-reshape">
      <Typography.Paragraph type="secondary">{t('areas.reshape.help')}</Typography.Paragraph>
      <Space>
        {(['merge', 'split', 'redraw'] as const).map((m) => (
          <Button key={m} onClick={() => open(m)}>
            {t(`areas.reshape.${m}`)}
          </Button>
        ))}
      </Space>
      {outcome && (
        <Alert
          style={{ marginTop: 12 }}
          type="success"
          data-testid="reshape-outcome"
          closable
          onClose={() => setOutcome(null)}
          message={t('areas.reshape.done', {
            grids: outcome.grids.join('、'),
            moved: outcome.moved,
            households: outcome.households,
            buildings: outcome.buildings.length,
          })}
          description={
            <>
              {outcome.created.length > 0 && <div>{t('areas.reshape.created', { codes: outcome.created.join('、') })}</div>}
              {outcome.retired.length > 0 && <div>{t('areas.reshape.retired', { codes: outcome.retired.join('、') })}</div>}
              {(outcome.leftAtGrid > 0 || outcome.unlocatedBuildings > 0) && (
                <div>{t('areas.reshape.stayed', { people: outcome.leftAtGrid, buildings: outcome.unlocatedBuildings })}</div>
              )}
              {outcome.usersToRescope.length > 0 && <Alert type="warning" message={t('areas.reshape.rescope', { users: outcome.usersToRescope.join('、') })} />}
            </>
          }
        />
      )}
      <Modal
        open={mode !== null}
        width={720}
        title={mode && t(`areas.reshape.${mode}Title`)}
        okText={t('areas.reshape.confirm')}
        okButtonProps={{ disabled: !ready, loading: busy }}
        onOk={() => void apply()}
        onCancel={() => setMode(null)}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          {mode && <Alert type="info" message={t(`areas.reshape.${mode}Help`)} />}
          {mode === 'merge' ? (
            <Select
              mode="multiple"
              style={{ width: '100%' }}
              aria-label={t('areas.reshape.mergeFrom')}
              placeholder={t('areas.reshape.mergeFrom')}
              value={from}
              onChange={setFrom}
              options={siblings}
            />
          ) : (
            <input
              type="file"
              accept=".geojson,.json"
              aria-label={t('areas.reshape.file')}
              onChange={(e) => e.target.files?.[0] && void readFile(e.target.files[0])}
            />
          )}
          {fileError && <Alert type="error" message={fileError} />}
          {preview.features.length > 0 && (
            <>
              <Typography.Text>{t('areas.reshape.preview', { n: preview.features.length })}</Typography.Text>
              <GridMap
                data={preview}
                valueProperty="population"
                range={[0, Math.max(1, preview.features.length - 1)]}
                colors={['#91caff', '#ff7875']}
                height={260}
                legend={{ title: t('gridmap.parts'), format: (n) => t('gridmap.part', { n: Math.round(n) + 1 }) }}
              />
            </>
          )}
          <Input placeholder={t('areas.reshape.reason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
          {error && <Alert type="error" data-testid="reshape-error" message={error} />}
        </Space>
      </Modal>
    </Card>
  );
}
