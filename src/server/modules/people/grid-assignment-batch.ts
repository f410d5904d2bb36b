import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AppContext } from '../../context';
import { insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { newId } from '../../lib/ids';
import { AreaRepository } from '../areas/area.repository';
import type { GridMoveRow } from '../areas/areas.table';
import { shiftRoundTargets } from './grid-assignment-rounds';
import { SampleSettler } from '../testing';

export const MOVE_COLUMNS = ['batch_id', 'person_id', 'from_area', 'from_bucket', 'to_area', 'to_grid', 'household_code', 'person_created_at'] as const;

/** The old coverage bucket of an area code: its grid, or itself above grid level (SQL). */
export const bucketOf = (col: string): RawBuilder<string> =>
  sql<string>`case when length(${sql.ref(col)}) >= 15 then substr(${sql.ref(col)}, 1, 15) else ${sql.ref(col)} end`;

export interface BatchOutcome {
  batchId: string;
  moved: number;
  /** Households that moved whole (every member, from one area to one area). */
  households: number;
  /** People moved out of each old area / into each new area. */
  from: Record<string, number>;
  to: Record<string, number>;
}

/**
 * People moved in bulk, set-based, on the caller's transaction: moves are staged in `grid_moves`
 * (by INSERT … SELECT or in chunks), then `apply` moves the people and their tags with one
 * UPDATE … FROM each, shifts the population and household counters by grouped deltas, and lets
 * open rounds' targets follow. The caller checks scope before staging and audits after applying.
 */
export class GridMoveBatch {
  readonly batchId = newId();
  constructor(
    private readonly ctx: AppContext,
    private readonly trx: Kysely<DB>,
  ) {}

  /**
   * Stage moves from a SELECT yielding MOVE_COLUMNS in order (`batch` is the batch id); `withClause`
   * (`v (a, b) as (values …)`) goes before the INSERT, where both engines accept it.
   */
  async stageSelect(select: (batch: string) => RawBuilder<unknown>, withClause?: RawBuilder<unknown>): Promise<void> {
    const insert = sql`insert into grid_moves (${sql.join(MOVE_COLUMNS.map((c) => sql.ref(c)))}) ${select(this.batchId)}`;
    await (withClause ? sql`with ${withClause} ${insert}` : insert).execute(this.trx);
  }

  async stageRows(rows: ReadonlyArray<Omit<GridMoveRow, 'batch_id'>>): Promise<void> {
    for (const chunk of insertChunks(
      this.ctx.dialect,
      rows.map((r) => ({ ...r, batch_id: this.batchId })),
    ))
      await this.trx.insertInto('grid_moves').values(chunk).execute();
  }

  async staged(): Promise<number> {
    const r = await this.trx
      .selectFrom('grid_moves')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('batch_id', '=', this.batchId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async stagedIds(limit: number): Promise<string[]> {
    const rows = await this.trx.selectFrom('grid_moves').select('person_id').where('batch_id', '=', this.batchId).orderBy('person_id').limit(limit).execute();
    return rows.map((r) => r.person_id);
  }

  async apply(): Promise<BatchOutcome> {
    const b = this.batchId;
    const now = this.ctx.clock.nowIso();
    await sql`update persons set area_code = m.to_area, grid_code = m.to_grid, updated_at = ${now}
      from grid_moves m where m.batch_id = ${b} and persons.id = m.person_id`.execute(this.trx);
    await sql`update person_tags set area_code = m.to_area
      from grid_moves m where m.batch_id = ${b} and person_tags.person_id = m.person_id`.execute(this.trx);

    const pairs = await sql<{ from_area: string; to_area: string; n: number | string }>`
      select from_area, to_area, count(*) as n from grid_moves where batch_id = ${b} group by from_area, to_area`.execute(this.trx);
    const deltas = new Map<string, { people: number; households: number }>();
    const bump = (code: string, people: number, households: number) => {
      const d = deltas.get(code) ?? { people: 0, households: 0 };
      d.people += people;
      d.households += households;
      deltas.set(code, d);
    };
    const from: Record<string, number> = {};
    const to: Record<string, number> = {};
    let moved = 0;
    for (const p of pairs.rows) {
      const n = Number(p.n);
      moved += n;
      from[p.from_area] = (from[p.from_area] ?? 0) + n;
      to[p.to_area] = (to[p.to_area] ?? 0) + n;
      bump(p.from_area, -n, 0);
      bump(p.to_area, n, 0);
    }
    // A household moves when all of its members moved, from one area to one area (the rule of
    // grid-placement.ts householdsMoved); one split by the move stays counted where it was.
    const whole = await sql<{ from_area: string; to_area: string; n: number | string }>`
      select f as from_area, t as to_area, count(*) as n from (
        select m.household_code, min(m.from_area) as f, max(m.from_area) as f2, min(m.to_area) as t, max(m.to_area) as t2, count(*) as moved,
          (select count(*) from persons p where p.household_code = m.household_code) as members
        from grid_moves m where m.batch_id = ${b} and m.household_code is not null group by m.household_code
      ) h where f = f2 and t = t2 and moved = members and f <> t group by f, t`.execute(this.trx);
    let households = 0;
    for (const h of whole.rows) {
      const n = Number(h.n);
      households += n;
      bump(h.from_area, 0, -n);
      bump(h.to_area, 0, n);
    }
    await new AreaRepository(this.trx, this.ctx.dialect).bumpCounters(deltas);
    // Who is already sampled decides whose target moves: count every acknowledged sample first.
    await new SampleSettler(this.ctx).settleIn(this.trx);
    await shiftRoundTargets(this.trx, b);
    return { batchId: b, moved, households, from, to };
  }
}
