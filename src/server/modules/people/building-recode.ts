import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { validationError, why } from '../../errors';
import { AreaRepository } from '../areas/area.repository';
import type { AreaRow, BuildingRow } from '../areas/areas.table';
import { nextFreeCode } from '../areas/onboarding-import';
import { GridMoveBatch, bucketOf } from './grid-assignment-batch';

const PER_STATEMENT = 500;

/** One building going to another grid, with the code it is re-issued under there. */
export interface Recoded {
  from: string;
  to: string;
  grid: string;
}

/**
 * A building that changes grid gets a new code under its new grid, because scope is a range on
 * the code's prefix: a grid worker of the new grid must see its people, one of the old grid must
 * no longer. Set-based on the caller's transaction: new area and building rows, then one
 * INSERT … SELECT per chunk staging the people registered at the old codes into `batch` (their
 * household codes are identifiers and stay). `retire` runs after the batch is applied.
 */
export class BuildingRecode {
  constructor(
    private readonly ctx: AppContext,
    private readonly trx: Kysely<DB>,
  ) {}

  /** Issue new codes (never one used before, retired ones included) and write the new rows. */
  async issue(moves: ReadonlyArray<{ building: string; to: string }>): Promise<Recoded[]> {
    if (moves.length === 0) return [];
    const grids = [...new Set(moves.map((m) => m.to))];
    const taken = new Set<string>();
    for (let i = 0; i < grids.length; i += PER_STATEMENT) {
      const rows = await this.trx
        .selectFrom('areas')
        .select('code')
        .where('parent_code', 'in', grids.slice(i, i + PER_STATEMENT))
        .execute();
      for (const r of rows) taken.add(r.code);
    }
    const out: Recoded[] = moves.map((m) => {
      const code = nextFreeCode(m.to, taken);
      if (!code) throw validationError({ grid: why('codes_exhausted', `grid ${m.to} already has 999 buildings; no building code is free`) });
      return { from: m.building, to: code, grid: m.to };
    });
    const areas = new Map<string, AreaRow>();
    const buildings = new Map<string, BuildingRow>();
    for (let i = 0; i < out.length; i += PER_STATEMENT) {
      const part = out.slice(i, i + PER_STATEMENT).map((r) => r.from);
      for (const a of await this.trx.selectFrom('areas').selectAll().where('code', 'in', part).execute()) areas.set(a.code, a);
      for (const b of await this.trx.selectFrom('buildings').selectAll().where('building_code', 'in', part).execute()) buildings.set(b.building_code, b);
    }
    const now = this.ctx.clock.nowIso();
    await new AreaRepository(this.trx, this.ctx.dialect).insertMany(
      out.map((r) => {
        const old = areas.get(r.from);
        return {
          code: r.to,
          parent_code: r.grid,
          level: 'building',
          name: old?.name ?? r.from,
          geometry: old?.geometry ?? null,
          centroid_lon: old?.centroid_lon ?? null,
          centroid_lat: old?.centroid_lat ?? null,
          population: 0,
          households: 0,
          created_at: now,
        };
      }),
    );
    const rows = out.flatMap((r) => {
      const b = buildings.get(r.from);
      return b ? [{ ...b, building_code: r.to, grid_code: r.grid, created_at: now, updated_at: now }] : [];
    });
    for (const chunk of insertChunks(this.ctx.dialect, rows)) await this.trx.insertInto('buildings').values(chunk).execute();
    return out;
  }

  /** Stage everyone registered at a re-coded building into `batch`, bound for the new code (columns in MOVE_COLUMNS order). */
  async stagePeople(batch: GridMoveBatch, recoded: readonly Recoded[]): Promise<void> {
    for (let i = 0; i < recoded.length; i += PER_STATEMENT) {
      const values = sql.join(recoded.slice(i, i + PER_STATEMENT).map((r) => sql`(${r.from}, ${r.to}, ${r.grid})`));
      await batch.stageSelect(
        (b) => sql`select cast(${b} as text), p.id, p.area_code, ${bucketOf('p.area_code')}, v.new_code, v.grid, p.household_code, p.created_at
          from persons p join v on p.area_code = v.old_code`,
        sql`v (old_code, new_code, grid) as (values ${values})`,
      );
    }
  }

  /** After the batch: the old codes leave the live building list and point at their successors. */
  async retire(recoded: readonly Recoded[]): Promise<void> {
    await retireAreas(
      this.trx,
      this.ctx.clock.nowIso(),
      recoded.map((r) => ({ code: r.from, successor: r.to })),
    );
    for (let i = 0; i < recoded.length; i += PER_STATEMENT)
      await this.trx
        .deleteFrom('buildings')
        .where(
          'building_code',
          'in',
          recoded.slice(i, i + PER_STATEMENT).map((r) => r.from),
        )
        .execute();
  }
}

/**
 * Mark areas retired, naming their successors, and hand their named owners (四方责任) to the
 * successor: the person answering for a merged grid answers for the grid it joined.
 */
export async function retireAreas(trx: Kysely<DB>, now: string, rows: ReadonlyArray<{ code: string; successor: string }>): Promise<void> {
  for (let i = 0; i < rows.length; i += PER_STATEMENT) {
    const values = sql.join(rows.slice(i, i + PER_STATEMENT).map((r) => sql`(${r.code}, ${r.successor})`));
    await sql`with v (code, successor) as (values ${values})
      update areas set retired_at = ${now}, successor_code = v.successor from v where areas.code = v.code`.execute(trx);
    await sql`with v (code, successor) as (values ${values})
      update area_responsibles set area_code = v.successor from v where area_responsibles.area_code = v.code`.execute(trx);
  }
}
