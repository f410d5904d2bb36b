import type { Readable } from 'node:stream';
import type { AppContext } from '../../context';
import { AuditService } from '../audit/audit.service';
import { Scope } from '../access/scope';
import type { Actor } from '../auth/actor';
import { AreaRepository } from './area.repository';
import type { AreaRow, BuildingRow } from './areas.table';
import { BuildingRepository } from './building.repository';
import { GridLocator } from './grid-locator';
import type { GridGeometry } from './polygon-check';
import { readBuildingRows, type CheckedBuilding } from './building-rows';
import { OnboardingRepository } from './onboarding.repository';
import { commonArea, nextFreeCode, refused, type ImportSummary, type RowError } from './onboarding-import';
import { why } from '../../errors';
import { rowProblem } from '../../lib/import-report';

type Planned = { b: CheckedBuilding; code: string; kind: 'new' | 'changed' | 'same' };

/**
 * `epigrid import buildings FILE`: buildings (楼栋/小区) in the county's grids, each an area of
 * level `building` under its grid plus its address and point. Given codes are kept; a row
 * without one is the building of that name in its grid, or a new one with the next free
 * 18-digit code. All-or-nothing like the grid import.
 */
export async function importBuildings(ctx: AppContext, actor: Actor, input: Readable | string): Promise<ImportSummary> {
  const read = await readBuildingRows(input);
  const errors = read.errors;
  let rows = read.rows;
  const scope = Scope.of(actor);
  return ctx.db.transaction().execute(async (trx) => {
    const repo = new OnboardingRepository(trx, ctx.dialect, scope);
    await placeByPoint(repo, rows, errors);
    const grids = await repo.present('grid', [...new Set(rows.map((r) => r.gridCode))]);
    rows = rows.filter((r) => r.gridCode);
    const known = rows.filter((r) => {
      if (grids.has(r.gridCode)) return true;
      errors.push(rowProblem(r.row, 'grid_code', why('unknown_grid', 'no such grid (or it is outside your areas); import grids first')));
      return false;
    });
    const plan = planBuildings(known, await repo.buildingsOf([...grids]), errors);
    if (errors.length) return refused(errors);

    const now = ctx.clock.nowIso();
    const fresh = plan.filter((p) => p.kind === 'new');
    const changed = plan.filter((p) => p.kind === 'changed');
    const areaRows: AreaRow[] = fresh.map(({ b, code }) => ({
      code,
      parent_code: b.gridCode,
      level: 'building',
      name: b.name,
      geometry: null,
      centroid_lon: b.lng,
      centroid_lat: b.lat,
      population: 0,
      households: 0,
      created_at: now,
    }));
    const own = ({ b, code }: Planned): BuildingRow => ({
      building_code: code,
      grid_code: b.gridCode,
      name: b.name,
      address: b.address,
      lng: b.lng,
      lat: b.lat,
      created_at: now,
      updated_at: now,
    });
    await new AreaRepository(trx, ctx.dialect).insertMany(areaRows);
    await new BuildingRepository(trx, ctx.dialect).insertMany(fresh.map(own));
    await repo.patchAreas(changed.map(({ b, code }) => ({ code, name: b.name, geometry: null, centroid_lon: b.lng, centroid_lat: b.lat })));
    await repo.patchBuildings(changed.map(own));
    const summary = {
      accepted: fresh.length,
      rejected: 0,
      unchanged: plan.length - fresh.length - changed.length,
      updated: changed.length,
      written: true,
      errors: [],
    };
    if (fresh.length || changed.length)
      await new AuditService(ctx).append(
        {
          actor,
          action: 'area.buildings_imported',
          targetType: 'area',
          areaCode: commonArea(plan.map((p) => p.code)),
          details: { created: fresh.map((p) => p.code), updated: changed.map((p) => p.code), unchanged: summary.unchanged },
        },
        trx,
      );
    return summary;
  });
}

function planBuildings(rows: readonly CheckedBuilding[], existing: readonly BuildingRow[], errors: RowError[]): Planned[] {
  const byCode = new Map(existing.map((b) => [b.building_code, b]));
  const byName = new Map(existing.map((b) => [`${b.grid_code}\u0000${b.name}`, b.building_code]));
  const taken = new Set([...existing.map((b) => b.building_code), ...rows.flatMap((r) => (r.buildingCode ? [r.buildingCode] : []))]);
  const out: Planned[] = [];
  for (const b of rows) {
    const code = b.buildingCode ?? byName.get(`${b.gridCode}\u0000${b.name}`) ?? nextFreeCode(b.gridCode, taken);
    if (!code) {
      errors.push(rowProblem(b.row, 'building_code', why('codes_exhausted', 'the grid already has 999 buildings; no code is free')));
      continue;
    }
    const old = byCode.get(code);
    const same = old && old.name === b.name && old.address === b.address && old.lng === b.lng && old.lat === b.lat;
    out.push({ b, code, kind: !old ? 'new' : same ? 'same' : 'changed' });
  }
  return out;
}

/**
 * Rows without a grid_code but with a point get the live grid (in the importer's areas) whose polygon
 * holds it; a point in none is a row error naming lng. The grids are read once for the whole file.
 */
async function placeByPoint(repo: OnboardingRepository, rows: CheckedBuilding[], errors: RowError[]): Promise<void> {
  const open = rows.filter((r) => !r.gridCode);
  if (open.length === 0) return;
  const locator = new GridLocator((await repo.drawnGrids()).map((g) => ({ code: g.code, geometry: JSON.parse(g.geometry) as GridGeometry })));
  for (const r of open) {
    const grid = r.lng !== null && r.lat !== null ? locator.locate(r.lng, r.lat) : null;
    if (grid) r.gridCode = grid;
    else
      errors.push(
        rowProblem(
          r.row,
          'lng',
          why('point_in_no_grid', `${r.lng},${r.lat} lies in no grid of your areas; give grid_code or draw the grid first`, {
            lng: r.lng ?? '',
            lat: r.lat ?? '',
          }),
        ),
      );
  }
}
