import type { Readable } from 'node:stream';
import type { AppContext } from '../../context';
import { AuditService } from '../audit/audit.service';
import { Scope } from '../access/scope';
import type { Actor } from '../auth/actor';
import { AreaRepository } from './area.repository';
import type { AreaRow } from './areas.table';
import { checkGridRows, readGridFile, type CheckedGrid } from './grid-rows';
import { OnboardingRepository, type AreaPatch } from './onboarding.repository';
import { commonArea, nextFreeCode, refused, type ImportSummary, type RowError } from './onboarding-import';
import { why } from '../../errors';
import { rowProblem } from '../../lib/import-report';

type Planned = { grid: CheckedGrid; code: string; geometry: string; kind: 'new' | 'changed' | 'same' };

/**
 * `epigrid import grids FILE`: a county's own grids under its communities. Given grid codes are
 * kept; a row without one is the grid of that name in its community, or a new one with the next
 * free 15-digit code. A grid already there with another name or polygon is renamed/redrawn.
 * All-or-nothing: any rejected row and nothing is written (ImportSummary).
 */
export async function importGrids(ctx: AppContext, actor: Actor, input: Readable | Buffer): Promise<ImportSummary> {
  const raw = await readGridFile(input);
  const { rows, errors } = checkGridRows(raw);
  const scope = Scope.of(actor);
  return ctx.db.transaction().execute(async (trx) => {
    const repo = new OnboardingRepository(trx, ctx.dialect, scope);
    const communities = await repo.present('community', [...new Set(rows.map((r) => r.communityCode))]);
    const known = rows.filter((r) => {
      if (communities.has(r.communityCode)) return true;
      // Outside the importer's areas reads the same as absent: nothing is told about other areas.
      errors.push(
        rowProblem(r.row, 'community_code', why('unknown_community', 'no such community (or it is outside your areas); load the official tree first')),
      );
      return false;
    });
    const plan = planGrids(known, await repo.gridsOf([...communities]), errors);
    if (errors.length) return refused(errors);

    const now = ctx.clock.nowIso();
    const fresh: AreaRow[] = plan
      .filter((p) => p.kind === 'new')
      .map((p) => ({
        code: p.code,
        parent_code: p.grid.communityCode,
        level: 'grid',
        name: p.grid.name,
        geometry: p.geometry,
        centroid_lon: p.grid.shape.centroid[0],
        centroid_lat: p.grid.shape.centroid[1],
        population: 0,
        households: 0,
        created_at: now,
      }));
    const changed: AreaPatch[] = plan
      .filter((p) => p.kind === 'changed')
      .map((p) => ({ code: p.code, name: p.grid.name, geometry: p.geometry, centroid_lon: p.grid.shape.centroid[0], centroid_lat: p.grid.shape.centroid[1] }));
    await new AreaRepository(trx, ctx.dialect).insertMany(fresh);
    await repo.patchAreas(changed);
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
          action: 'area.grids_imported',
          targetType: 'area',
          areaCode: commonArea(plan.map((p) => p.code)),
          details: { created: fresh.map((r) => r.code), redrawn: changed.map((r) => r.code), unchanged: summary.unchanged },
        },
        trx,
      );
    return summary;
  });
}

/** Decide each row's code and whether it is new, changed or the same as the grid already there. */
function planGrids(
  rows: readonly CheckedGrid[],
  existing: ReadonlyArray<{
    code: string;
    parent_code: string | null;
    name: string;
    geometry: string | null;
    retired_at?: string | null;
    successor_code?: string | null;
  }>,
  errors: RowError[],
): Planned[] {
  const byCode = new Map(existing.map((g) => [g.code, g]));
  // Retired grids (merged or split away) keep their codes taken but are not found by name.
  const byName = new Map(existing.filter((g) => !g.retired_at).map((g) => [`${g.parent_code}\u0000${g.name}`, g.code]));
  const taken = new Set([...existing.map((g) => g.code), ...rows.flatMap((r) => (r.gridCode ? [r.gridCode] : []))]);
  const out: Planned[] = [];
  for (const grid of rows) {
    const code = grid.gridCode ?? byName.get(`${grid.communityCode}\u0000${grid.name}`) ?? nextFreeCode(grid.communityCode, taken);
    if (!code) {
      errors.push(rowProblem(grid.row, 'grid_code', why('codes_exhausted', 'the community already has 999 grids; no code is free')));
      continue;
    }
    const geometry = JSON.stringify(grid.shape.geometry);
    const old = byCode.get(code);
    if (old?.retired_at) {
      const successor = old.successor_code ?? '-';
      errors.push(
        rowProblem(
          grid.row,
          'grid_code',
          why('grid_retired', `grid ${code} was retired (merged into ${successor}); its code is not reused`, { code, successor }),
        ),
      );
      continue;
    }
    out.push({ grid, code, geometry, kind: !old ? 'new' : old.name === grid.name && old.geometry === geometry ? 'same' : 'changed' });
  }
  return out;
}
