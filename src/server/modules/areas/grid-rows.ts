import { Readable } from 'node:stream';
import { DomainError, why, type Why } from '../../errors';
import { readTable } from '../people/import-source';
import { MAX_IMPORT_ROWS, readAll, type RowError } from './onboarding-import';
import { checkGridGeometry, type CheckedGeometry } from './polygon-check';
import { rowProblem } from '../../lib/import-report';

export const GRID_COLUMNS = ['grid_code', 'name', 'community_code', 'polygon'] as const;

/** A grid as the file gives it, before any check. */
export interface RawGrid {
  row: number;
  gridCode: string;
  name: string;
  communityCode: string;
  /** The parsed geometry, or the text that would not parse. */
  geometry: unknown;
  geometryText: string | null;
}

/** A grid row that passed the checks needing no database. */
export interface CheckedGrid {
  row: number;
  gridCode: string | null;
  name: string;
  communityCode: string;
  shape: CheckedGeometry;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

function fromGeoJson(doc: unknown): RawGrid[] {
  const fc = doc as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw new DomainError('BAD_FILE', 'A GeoJSON grids file must be a FeatureCollection', { fields: { file: 'must be a GeoJSON FeatureCollection' } });
  return fc.features.map((f: unknown, i) => {
    const feat = (f ?? {}) as { properties?: Record<string, unknown> | null; geometry?: unknown };
    const p = feat.properties ?? {};
    return {
      row: i + 1,
      gridCode: text(p.grid_code ?? p.code),
      name: text(p.name),
      communityCode: text(p.community_code),
      geometry: feat.geometry ?? null,
      geometryText: null,
    };
  });
}

/** Grids of a GeoJSON FeatureCollection (row = feature number) or a CSV/XLSX (row = line; polygon = geometry text). */
export async function readGridFile(input: Readable | Buffer): Promise<RawGrid[]> {
  const buf = Buffer.isBuffer(input) ? input : await readAll(input);
  const start = buf
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\ufeff/, '')
    .trimStart();
  let rows: RawGrid[];
  if (start.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(buf.toString('utf8').replace(/^\ufeff/, ''));
    } catch {
      throw new DomainError('BAD_FILE', 'The grids file starts like GeoJSON but is not valid JSON', { fields: { file: 'is not valid JSON' } });
    }
    rows = fromGeoJson(doc);
  } else {
    rows = [];
    for await (const r of readTable(Readable.from([buf]), GRID_COLUMNS, ['name', 'community_code', 'polygon'])) {
      const polygon = r.values.polygon ?? '';
      let geometry: unknown = undefined;
      try {
        geometry = polygon ? JSON.parse(polygon) : null;
      } catch {
        geometry = undefined; // reported by checkGridRows as "not GeoJSON geometry text"
      }
      rows.push({
        row: r.row,
        gridCode: text(r.values.grid_code),
        name: text(r.values.name),
        communityCode: text(r.values.community_code),
        geometry,
        geometryText: polygon,
      });
      if (rows.length > MAX_IMPORT_ROWS) break;
    }
  }
  if (rows.length > MAX_IMPORT_ROWS) throw new DomainError('PAYLOAD_TOO_LARGE', `At most ${MAX_IMPORT_ROWS} grids per file`);
  return rows;
}

/** The checks of each row on its own and of the file as a whole (one code twice, one name twice in a community). */
export function checkGridRows(raw: readonly RawGrid[]): { rows: CheckedGrid[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const rows: CheckedGrid[] = [];
  const byCode = new Map<string, number>();
  const byName = new Map<string, number>();
  for (const r of raw) {
    const bad = (column: string, reason: Why) => errors.push(rowProblem(r.row, column, reason));
    const before = errors.length;
    if (!/^\d{12}$/.test(r.communityCode))
      bad('community_code', r.communityCode ? why('area_code', 'must be a 12-digit community code') : why('required', 'is required'));
    else if (r.gridCode && !(/^\d{15}$/.test(r.gridCode) && r.gridCode.startsWith(r.communityCode)))
      bad('grid_code', why('format', 'must be 15 digits starting with its community_code (or empty to generate one)'));
    if (!r.name) bad('name', why('required', 'is required'));
    else if (r.name.length > 50) bad('name', why('max_length', 'is longer than 50 characters', { limit: 50 }));
    let shape: CheckedGeometry | null = null;
    if (r.geometry === undefined) bad('polygon', why('format', 'is not GeoJSON geometry text (e.g. {"type":"Polygon","coordinates":[[[lng,lat],…]]})'));
    else if (r.geometry === null) bad('polygon', why('required', 'is required'));
    else {
      const c = checkGridGeometry(r.geometry);
      if (c.ok) shape = c.value;
      else bad('polygon', why('geometry', c.reason, { detail: c.reason }));
    }
    if (r.gridCode) {
      const first = byCode.get(r.gridCode);
      if (first !== undefined) bad('grid_code', why('duplicate_row', `this grid_code is also on row ${first}: one code, one grid`, { first }));
      else byCode.set(r.gridCode, r.row);
    } else if (r.name && r.communityCode) {
      // Without a code a grid is known by its name in its community; two such rows would be one grid.
      const key = `${r.communityCode}\u0000${r.name}`;
      const first = byName.get(key);
      if (first !== undefined)
        bad('name', why('duplicate_row', `a grid of this name in this community is also on row ${first}; give each a grid_code`, { first }));
      else byName.set(key, r.row);
    }
    if (errors.length === before && shape) rows.push({ row: r.row, gridCode: r.gridCode || null, name: r.name, communityCode: r.communityCode, shape });
  }
  return { rows, errors };
}
