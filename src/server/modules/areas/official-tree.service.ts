import type { LoadTreeResult } from '../../../contract/areas';
import type { AppContext } from '../../context';
import { AuditService } from '../audit/audit.service';
import { Scope } from '../access/scope';
import type { Actor } from '../auth/actor';
import { AreaRepository } from './area.repository';
import type { AreaLevel, AreaRow } from './areas.table';
import { readOfficialTree, type DivisionRequest, type OfficialTree } from './official-divisions';

/**
 * `epigrid areas load --json` (integration contract): the tree's streets and communities, the
 * area rows this run wrote (province, city, districts, streets, communities) and those already there.
 */
export type { LoadTreeResult };

function rowsOf(tree: OfficialTree, now: string): AreaRow[] {
  const row = (code: string, parent: string | null, level: AreaLevel, name: string): AreaRow => ({
    code,
    parent_code: parent,
    level,
    name,
    geometry: null,
    centroid_lon: null,
    centroid_lat: null,
    population: 0,
    households: 0,
    created_at: now,
  });
  return [
    row(tree.province.code, null, 'province', tree.province.name),
    row(tree.city.code, tree.province.code, 'city', tree.city.name),
    ...tree.districts.map((d) => row(d.code, tree.city.code, 'district', d.name)),
    ...tree.streets.map((s) => row(s.code, s.code.slice(0, 6), 'street', s.name)),
    ...tree.communities.map((c) => row(c.code, c.code.slice(0, 9), 'community', c.name)),
  ];
}

/**
 * Load a city's own official area tree. Loading it is a city-wide setting (the tree every
 * scope is cut from), so only a city-scoped role may; a second run writes nothing. Areas
 * already present (e.g. from the demo city) are kept as they are, names included.
 */
export async function loadOfficialTree(ctx: AppContext, actor: Actor, req: DivisionRequest): Promise<LoadTreeResult> {
  Scope.of(actor).ensureCityWide('Loading the official area tree');
  const tree = readOfficialTree(req);
  const rows = rowsOf(tree, ctx.clock.nowIso());
  return ctx.db.transaction().execute(async (trx) => {
    const repo = new AreaRepository(trx, ctx.dialect);
    const present = await repo.existing(rows.map((r) => r.code));
    const fresh = rows.filter((r) => !present.has(r.code));
    await repo.insertMany(fresh); // one multi-row statement per chunk
    const result = { streets: tree.streets.length, communities: tree.communities.length, created: fresh.length, unchanged: rows.length - fresh.length };
    if (fresh.length)
      await new AuditService(ctx).append(
        {
          actor,
          action: 'area.official_tree_loaded',
          targetType: 'area',
          targetId: tree.city.code,
          areaCode: tree.city.code,
          details: { districts: tree.districts.map((d) => d.code), ...result, codes: fresh.map((r) => r.code) },
        },
        trx,
      );
    return result;
  });
}
