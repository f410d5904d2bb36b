import type { Readable } from 'node:stream';
import { DomainError, why, type Why } from '../../errors';
import { readTable } from '../people/import-source';
import { MAX_IMPORT_ROWS, type RowError } from './onboarding-import';
import { pointProblem } from './polygon-check';
import { rowProblem } from '../../lib/import-report';

export const BUILDING_COLUMNS = ['building_code', 'name', 'grid_code', 'address', 'lng', 'lat'] as const;

/** A building row that passed the checks needing no database. */
export interface CheckedBuilding {
  row: number;
  buildingCode: string | null;
  name: string;
  /** '' when the file gave none: the import places the building in the grid holding its point. */
  gridCode: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Read and check a buildings CSV/XLSX: each row on its own, then one code or one name (in a grid) twice. */
export async function readBuildingRows(input: Readable | string): Promise<{ rows: CheckedBuilding[]; errors: RowError[] }> {
  const rows: CheckedBuilding[] = [];
  const errors: RowError[] = [];
  const byCode = new Map<string, number>();
  const byName = new Map<string, number>();
  let count = 0;
  for await (const { row, values: v } of readTable(input, BUILDING_COLUMNS, ['name'])) {
    if (++count > MAX_IMPORT_ROWS) throw new DomainError('PAYLOAD_TOO_LARGE', `At most ${MAX_IMPORT_ROWS} buildings per file`);
    const bad = (column: string, reason: Why) => errors.push(rowProblem(row, column, reason));
    const before = errors.length;
    const code = v.building_code ?? '';
    // No grid_code: the grid is the building code's first 15 digits, else the grid holding lng,lat.
    const grid = v.grid_code || (/^\d{18}$/.test(code) ? code.slice(0, 15) : '');
    const byPoint = !grid && !!(v.lng || v.lat);
    const name = v.name ?? '';
    const address = v.address ?? '';
    if (byPoint) {
      if (code) bad('building_code', why('format', 'must be 18 digits (its first 15 are its grid) or empty'));
    } else if (!/^\d{15}$/.test(grid))
      bad(
        'grid_code',
        grid
          ? why('area_code', 'must be a 15-digit grid code')
          : why('required', 'is required (or give lng,lat to place the building in the grid holding that point)'),
      );
    else if (code && !(/^\d{18}$/.test(code) && code.startsWith(grid)))
      bad('building_code', why('format', 'must be 18 digits starting with its grid_code (or empty to generate one)'));
    if (!name) bad('name', why('required', 'is required'));
    else if (name.length > 100) bad('name', why('max_length', 'is longer than 100 characters', { limit: 100 }));
    if (address.length > 200) bad('address', why('max_length', 'is longer than 200 characters', { limit: 200 }));
    const [lngText, latText] = [v.lng ?? '', v.lat ?? ''];
    let point: [number, number] | null = null;
    if (lngText || latText) {
      if (!NUMBER.test(lngText)) bad('lng', lngText ? why('number', 'must be a decimal longitude (WGS-84)') : why('required', 'is required when lat is given'));
      else if (!NUMBER.test(latText))
        bad('lat', latText ? why('number', 'must be a decimal latitude (WGS-84)') : why('required', 'is required when lng is given'));
      else {
        const problem = pointProblem(Number(lngText), Number(latText));
        if (problem) bad('lng', why('geometry', problem, { detail: problem }));
        else point = [Number(lngText), Number(latText)];
      }
    }
    if (code) {
      const first = byCode.get(code);
      if (first !== undefined) bad('building_code', why('duplicate_row', `this building_code is also on row ${first}: one code, one building`, { first }));
      else byCode.set(code, row);
    } else if (name && grid) {
      const key = `${grid}\u0000${name}`;
      const first = byName.get(key);
      if (first !== undefined)
        bad('name', why('duplicate_row', `a building of this name in this grid is also on row ${first}; give each a building_code`, { first }));
      else byName.set(key, row);
    }
    if (errors.length === before)
      rows.push({ row, buildingCode: code || null, name, gridCode: grid, address: address || null, lng: point?.[0] ?? null, lat: point?.[1] ?? null });
  }
  return { rows, errors };
}
