import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { notFound, validationError, why } from '../../errors';
import { Scope } from '../access';
import type { AreaRow } from '../areas/areas.table';
import { geometryContains } from '../areas/grid-locator';
import { buildingMoves, checkSplitParts, unionOf, type BuildingMove, type CheckedPart, type SplitPartInput } from '../areas/grid-reshape';
import { checkGridGeometry, type GridGeometry } from '../areas/polygon-check';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { BuildingRecode, retireAreas } from './building-recode';
import { GridMoveBatch, bucketOf } from './grid-assignment-batch';

/** What a merge, split or redraw did (`epigrid areas merge-grids|split-grid|redraw-grid --json`). */
export interface ReshapeOutcome {
  batch_id: string;
  /** The grids live afterwards that the change drew (the merged grid; the split's parts; the redrawn grid). */
  grids: string[];
  created: string[];
  retired: string[];
  /** Buildings re-issued under another grid: old code → new code. */
  buildings: Array<{ from: string; to: string; grid: string }>;
  moved: number;
  households: number;
  /** Split/redraw: people registered at the grid itself (no building, so no point) who stayed in it. */
  left_at_grid: number;
  /** Split/redraw: buildings of the grid with no point, or a point in none of the parts, that stayed. */
  unlocated_buildings: number;
  /** Accounts whose scope names a retired code: they see nobody there now and need a new scope. */
  users_to_rescope: string[];
}

const GRID_CODE = /^\d{15}$/;

/**
 * Redrawing, splitting and merging grids (issue 13 item 2): the people, households, buildings and
 * every count move with the grid, in one transaction, audited. Decided by whoever answers for the
 * grids' community (its street or above): a grid worker cannot take over a neighbour's grid.
 * Buildings that change grid are re-issued codes under the new grid (see BuildingRecode); merged
 * grids and old building codes are retired, not deleted, so records naming them still resolve.
 */
export class GridReshapeService {
  constructor(private readonly ctx: AppContext) {}

  async merge(actor: Actor, input: { into: string; from: string[]; reason?: string }): Promise<ReshapeOutcome> {
    const from = [...new Set(input.from)];
    if (from.length === 0) throw validationError({ from: why('min_items', 'name at least one grid to merge into the other', { limit: 1 }) });
    if (from.includes(input.into))
      throw validationError({ from: why('same_as_current', `${input.into} is the grid merged into; it cannot also be merged away`) });
    return this.ctx.db.transaction().execute(async (trx) => {
      const into = await this.liveGrid(trx, actor, input.into, 'into');
      const merged: AreaRow[] = [];
      for (const code of from) {
        const g = await this.liveGrid(trx, actor, code, 'from');
        if (g.parent_code !== into.parent_code)
          throw validationError({
            from: why('other_community', `grid ${code} is in community ${g.parent_code ?? '-'}, not ${into.parent_code ?? '-'}; merge grids of one community`),
          });
        merged.push(g);
      }
      const batch = new GridMoveBatch(this.ctx, trx);
      const recode = new BuildingRecode(this.ctx, trx);
      const buildings = await trx.selectFrom('buildings').select('building_code').where('grid_code', 'in', from).orderBy('building_code').execute();
      const recoded = await recode.issue(buildings.map((b) => ({ building: b.building_code, to: into.code })));
      await recode.stagePeople(batch, recoded);
      await batch.stageSelect(
        (b) => sql`select cast(${b} as text), p.id, p.area_code, ${bucketOf('p.area_code')}, ${into.code}, ${into.code}, p.household_code, p.created_at
          from persons p where p.area_code in (${sql.join(from)})`,
      );
      const applied = await batch.apply();
      await recode.retire(recoded);
      const now = this.ctx.clock.nowIso();
      await retireAreas(
        trx,
        now,
        from.map((code) => ({ code, successor: into.code })),
      );
      const shapes = [into, ...merged].flatMap((g) => (g.geometry ? [JSON.parse(g.geometry) as GridGeometry] : []));
      if (shapes.length) await this.redraw(trx, into.code, into.name, unionOf(shapes));
      const outcome: ReshapeOutcome = {
        batch_id: applied.batchId,
        grids: [into.code],
        created: [],
        retired: from,
        buildings: recoded,
        moved: applied.moved,
        households: applied.households,
        left_at_grid: 0,
        unlocated_buildings: 0,
        users_to_rescope: await this.usersNaming(trx, [...from, ...recoded.map((r) => r.from)]),
      };
      await this.audit(trx, actor, 'area.grids_merged', into.parent_code ?? into.code, input.reason, outcome);
      return outcome;
    });
  }

  async split(actor: Actor, input: { grid: string; parts: SplitPartInput[]; reason?: string }): Promise<ReshapeOutcome> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const grid = await this.liveGrid(trx, actor, input.grid, 'grid');
      const community = grid.parent_code as string;
      const siblings = await trx.selectFrom('areas').select(['code', 'name', 'geometry', 'retired_at']).where('parent_code', '=', community).execute();
      const { parts, errors } = checkSplitParts(input.parts, grid, siblings);
      if (Object.keys(errors).length) throw validationError(errors);
      const now = this.ctx.clock.nowIso();
      const created = parts.filter((p) => p.code !== grid.code);
      await trx
        .insertInto('areas')
        .values(
          created.map((p) => ({
            code: p.code,
            parent_code: community,
            level: 'grid' as const,
            name: p.name,
            geometry: JSON.stringify(p.geometry),
            centroid_lon: p.centroid[0],
            centroid_lat: p.centroid[1],
            population: 0,
            households: 0,
            created_at: now,
          })),
        )
        .execute();
      const kept = parts.find((p) => p.code === grid.code) as CheckedPart;
      await this.redraw(trx, grid.code, kept.name, kept.geometry);
      const outcome = await this.followBuildings(trx, grid.code, community, new Set(parts.map((p) => p.code)));
      outcome.grids = parts.map((p) => p.code);
      outcome.created = created.map((p) => p.code);
      await this.audit(trx, actor, 'area.grid_split', grid.code, input.reason, outcome);
      return outcome;
    });
  }

  async redrawGrid(actor: Actor, input: { grid: string; geometry: unknown; name?: string; reason?: string }): Promise<ReshapeOutcome> {
    const checked = checkGridGeometry(input.geometry);
    if (!checked.ok) throw validationError({ geometry: why('geometry', checked.reason, { detail: checked.reason }) });
    return this.ctx.db.transaction().execute(async (trx) => {
      const grid = await this.liveGrid(trx, actor, input.grid, 'grid');
      await this.redraw(trx, grid.code, input.name?.trim() || grid.name, checked.value.geometry);
      const outcome = await this.followBuildings(trx, grid.code, grid.parent_code as string, new Set([grid.code]));
      outcome.grids = [grid.code];
      await this.audit(trx, actor, 'area.grid_redrawn', grid.code, input.reason, outcome);
      return outcome;
    });
  }

  /** A live grid the caller may reshape: its whole community must be theirs (a street or above). */
  private async liveGrid(trx: Kysely<DB>, actor: Actor, code: string, field: string): Promise<AreaRow> {
    if (!GRID_CODE.test(code)) throw validationError({ [field]: why('area_code', `${code} is not a 15-digit grid code`) });
    const scope = Scope.of(actor);
    const g = await trx.selectFrom('areas').selectAll().where('code', '=', code).executeTakeFirst();
    if (!g || !scope.covers(code)) throw notFound('Grid', code);
    if (g.level !== 'grid') throw validationError({ [field]: why('not_grid', `${code} is a ${g.level}, not a grid`) });
    if (g.retired_at)
      throw validationError({
        [field]: why('grid_retired', `grid ${code} was retired on ${g.retired_at} (its people went to ${g.successor_code ?? '-'})`, {
          code,
          successor: g.successor_code ?? '-',
        }),
      });
    scope.ensureCovers(g.parent_code as string, field);
    return g;
  }

  private async redraw(trx: Kysely<DB>, code: string, name: string, geometry: GridGeometry): Promise<void> {
    const checked = checkGridGeometry(geometry);
    const centroid = checked.ok ? checked.value.centroid : null;
    await trx
      .updateTable('areas')
      .set({ name, geometry: JSON.stringify(geometry), centroid_lon: centroid?.[0] ?? null, centroid_lat: centroid?.[1] ?? null })
      .where('code', '=', code)
      .execute();
  }

  /** After the community's grids were drawn anew: its buildings (and their people) follow the map. */
  private async followBuildings(trx: Kysely<DB>, grid: string, community: string, changed: ReadonlySet<string>): Promise<ReshapeOutcome> {
    const grids = await trx
      .selectFrom('areas')
      .select(['code', 'geometry'])
      .where('parent_code', '=', community)
      .where('level', '=', 'grid')
      .where('retired_at', 'is', null)
      .where('geometry', 'is not', null)
      .execute();
    // Never empty: the grid just drawn is one of them.
    const buildings = await trx
      .selectFrom('buildings')
      .select(['building_code as code', 'grid_code as grid', 'lng', 'lat'])
      .where(
        'grid_code',
        'in',
        grids.map((g) => g.code),
      )
      .orderBy('building_code')
      .execute();
    const moves: BuildingMove[] = buildingMoves(
      grids.map((g) => ({ code: g.code, geometry: JSON.parse(g.geometry as string) as GridGeometry })),
      buildings.map((b) => ({ ...b, lng: b.lng === null ? null : Number(b.lng), lat: b.lat === null ? null : Number(b.lat) })),
      changed,
    );
    const batch = new GridMoveBatch(this.ctx, trx);
    const recode = new BuildingRecode(this.ctx, trx);
    const recoded = await recode.issue(moves);
    await recode.stagePeople(batch, recoded);
    const applied = await batch.apply();
    await recode.retire(recoded);
    const leaving = new Set(moves.map((m) => m.building));
    const own = grids.find((g) => g.code === grid);
    const drawn = own ? (JSON.parse(own.geometry as string) as GridGeometry) : null;
    const stays = buildings.filter((b) => b.grid === grid && !leaving.has(b.code));
    const atGrid = await trx
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('area_code', '=', grid)
      .executeTakeFirstOrThrow();
    return {
      batch_id: applied.batchId,
      grids: [],
      created: [],
      retired: [],
      buildings: recoded,
      moved: applied.moved,
      households: applied.households,
      left_at_grid: Number(atGrid.n),
      unlocated_buildings: stays.filter((b) => b.lng === null || b.lat === null || !drawn || !geometryContains(drawn, [Number(b.lng), Number(b.lat)])).length,
      users_to_rescope: await this.usersNaming(
        trx,
        recoded.map((r) => r.from),
      ),
    };
  }

  /** Accounts whose scope names one of these codes (scope is a JSON array of codes). */
  private async usersNaming(trx: Kysely<DB>, codes: readonly string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const wanted = new Set(codes);
    const names = new Set<string>();
    for (let i = 0; i < codes.length; i += 200) {
      const part = codes.slice(i, i + 200);
      const users = await trx
        .selectFrom('users')
        .select(['username', 'scope'])
        .where((eb) => eb.or(part.map((c) => eb('scope', 'like', `%"${c}"%`))))
        .execute();
      for (const u of users) if ((JSON.parse(u.scope) as string[]).some((c) => wanted.has(c))) names.add(u.username);
    }
    return [...names].sort();
  }

  private async audit(trx: Kysely<DB>, actor: Actor, action: string, area: string, reason: string | undefined, o: ReshapeOutcome): Promise<void> {
    await new AuditService(this.ctx).append(
      {
        actor,
        action,
        targetType: 'area',
        targetId: o.grids[0] ?? area,
        areaCode: area,
        reason,
        details: {
          batchId: o.batch_id,
          grids: o.grids,
          created: o.created,
          retired: o.retired,
          buildings: o.buildings.slice(0, 500),
          moved: o.moved,
          households: o.households,
        },
      },
      trx,
    );
  }
}
