import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database';
import { bulkInsert, selectByKeys, type BulkSpec } from '../../db/bulk';
import { codeUpperBound, inAreas } from '../../db/dialect';
import type { DB } from '../../db/schema';
import {
  add,
  contribution,
  isZero,
  NO_CONTRIBUTION,
  personOutcome,
  subtract,
  type Contribution,
  type CounterSums,
  type OutsideReason,
  type PersonOutcome,
} from './coverage-rules';
import type { TestingTables } from './testing.table';

const CHUNK = 500;
const OPEN_STATUSES = ['to_locate', 'located', 'resampled'];

const ARRIVALS_BULK: BulkSpec<{
  round_id: string;
  grid_key: string;
  target: number;
  sampled: number;
  resulted: number;
  positive: number;
  outside_target: number;
}> = {
  table: 'coverage_counters',
  columns: ['round_id', 'grid_key', 'target', 'sampled', 'resulted', 'positive', 'outside_target'],
  types: { target: 'integer', sampled: 'integer', resulted: 'integer', positive: 'integer', outside_target: 'integer' },
  conflict:
    'on conflict (round_id, grid_key) do update set sampled = coverage_counters.sampled + excluded.sampled, outside_target = coverage_counters.outside_target + excluded.outside_target',
};
const SITE_TUBES_BULK: BulkSpec<TestingTables['round_site_counters']> = {
  table: 'round_site_counters',
  columns: ['round_id', 'site_code', 'area_code', 'tubes', 'pools_positive'],
  types: { tubes: 'integer', pools_positive: 'integer' },
  conflict:
    'on conflict (round_id, site_code) do update set tubes = round_site_counters.tubes + excluded.tubes, pools_positive = round_site_counters.pools_positive + excluded.pools_positive',
};

/** Sums of the people counters (one row); `outside_grid` = the target of the above-grid buckets. */
const SUMS = sql<CounterSums>`sum(target) as target, sum(sampled) as sampled, sum(resulted) as resulted, sum(positive) as positive,
  sum(rechecks_open) as rechecks_open, sum(outside_target) as outside_target, sum(outside_positive) as outside_positive,
  sum(case when length(grid_key) < 15 then target else 0 end) as outside_grid`;

/**
 * The round's kept figures (coverage counts people): targets per bucket, people counters moved by
 * the difference of each person's contribution, tubes per site. Never a query per person: the
 * hot paths pass whole batches.
 */
export class CoverageCounters {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly database: Database,
  ) {}

  /**
   * A new round's target: every grid of its areas at its population, and each street/community/…
   * with people registered at that level itself (its population minus its children's) as its own
   * bucket — set-based over the kept area counters, not over the people.
   */
  async seedTargets(roundId: string, areas: readonly string[]): Promise<void> {
    const within = sql.join(
      areas.map((a) => sql`(a.code >= ${a} and a.code < ${codeUpperBound(a)})`),
      sql` or `,
    );
    await sql`insert into coverage_counters (round_id, grid_key, target, sampled, resulted, positive, rechecks_open, outside_target, outside_positive)
      select ${roundId}, code, direct, 0, 0, 0, 0, 0, 0 from (
        select a.code, case when a.level = 'grid' then a.population
          else a.population - coalesce((select sum(c.population) from areas c where c.parent_code = a.code), 0) end as direct
        from areas a where (a.level = 'grid' or length(a.code) < 15) and (${within})
      ) t where direct > 0 or length(code) = 15`.execute(this.db);
  }

  /** Each bucket's room left in the target (target − people counted in it). */
  async room(roundId: string, buckets: readonly string[]): Promise<Map<string, number>> {
    const rows = await selectByKeys<{ grid_key: string; target: number; sampled: number }>(
      this.database,
      this.db,
      { table: 'coverage_counters', columns: ['grid_key', 'target', 'sampled'], where: { round_id: roundId }, key: 'grid_key' },
      [...new Set(buckets)],
    );
    return new Map(rows.map((r) => [r.grid_key, Number(r.target) - Number(r.sampled)]));
  }

  /** New people of a batch, per counter row: in the target (`sampled`) or flagged (`outside_target`). */
  async addArrivals(roundId: string, placed: ReadonlyArray<{ key: string; outside: OutsideReason | null }>): Promise<void> {
    const per = new Map<string, { sampled: number; outside_target: number }>();
    for (const p of placed) {
      const c = per.get(p.key) ?? { sampled: 0, outside_target: 0 };
      if (p.outside) c.outside_target++;
      else c.sampled++;
      per.set(p.key, c);
    }
    await bulkInsert(
      this.database,
      this.db,
      ARRIVALS_BULK,
      [...per].map(([grid_key, c]) => ({ round_id: roundId, grid_key, target: 0, resulted: 0, positive: 0, ...c })),
    );
  }

  /** New first-pass tubes and positive pools per site (`areaCode` = the site's area). */
  async addSiteTubes(rows: ReadonlyArray<TestingTables['round_site_counters']>): Promise<void> {
    await bulkInsert(this.database, this.db, SITE_TUBES_BULK, rows);
  }

  /**
   * Settle the outcome of these people after results or re-checks changed: read each one's
   * facts (re-checks and negative first-pass tubes) in 500-person statements, apply the rule,
   * and move the counters by the difference. Returns how many people changed outcome.
   */
  async settle(people: ReadonlyArray<{ round_id: string; person_id: string }>): Promise<number> {
    const byRound = new Map<string, Set<string>>();
    for (const p of people) (byRound.get(p.round_id) ?? byRound.set(p.round_id, new Set()).get(p.round_id))?.add(p.person_id);
    let changed = 0;
    for (const [roundId, ids] of byRound) {
      const all = [...ids];
      for (let i = 0; i < all.length; i += CHUNK) changed += await this.settleChunk(roundId, all.slice(i, i + CHUNK));
    }
    return changed;
  }

  private async settleChunk(roundId: string, ids: readonly string[]): Promise<number> {
    const rc = (statuses: readonly string[]): RawBuilder<number> =>
      sql<number>`case when exists (select 1 from rechecks r where r.round_id = rp.round_id and r.person_id = rp.person_id and r.status in (${sql.join(statuses)})) then 1 else 0 end`;
    const rows = await sql<{
      person_id: string;
      grid_key: string;
      outcome: PersonOutcome;
      outside_reason: OutsideReason | null;
      rc_pos: number;
      rc_open: number;
      rc_neg: number;
      tube_neg: number;
    }>`select rp.person_id, rp.grid_key, rp.outcome, rp.outside_reason,
        ${rc(['positive'])} as rc_pos, ${rc(OPEN_STATUSES)} as rc_open, ${rc(['negative'])} as rc_neg,
        case when exists (select 1 from samples s join tubes t on t.id = s.tube_id
          where s.person_id = rp.person_id and s.round_id = rp.round_id and t.is_recheck = 0 and t.result = 'negative') then 1 else 0 end as tube_neg
      from round_people rp where rp.round_id = ${roundId} and rp.person_id in (${sql.join(ids)})`.execute(this.db);
    const toOutcome = new Map<PersonOutcome, string[]>();
    const deltas = new Map<string, Contribution>();
    for (const r of rows.rows) {
      const next = personOutcome({
        recheckPositive: Number(r.rc_pos) === 1,
        recheckOpen: Number(r.rc_open) === 1,
        recheckNegative: Number(r.rc_neg) === 1,
        tubeNegative: Number(r.tube_neg) === 1,
      });
      if (next === r.outcome) continue;
      (toOutcome.get(next) ?? toOutcome.set(next, []).get(next))?.push(r.person_id);
      const d = subtract(contribution(next, r.outside_reason), contribution(r.outcome, r.outside_reason));
      deltas.set(r.grid_key, add(deltas.get(r.grid_key) ?? NO_CONTRIBUTION, d));
    }
    for (const [outcome, people] of toOutcome)
      await this.db.updateTable('round_people').set({ outcome }).where('round_id', '=', roundId).where('person_id', 'in', people).execute();
    for (const [key, d] of deltas) {
      if (isZero(d)) continue;
      await this.db
        .updateTable('coverage_counters')
        .set({
          sampled: sql`sampled + ${d.sampled}`,
          resulted: sql`resulted + ${d.resulted}`,
          positive: sql`positive + ${d.positive}`,
          rechecks_open: sql`rechecks_open + ${d.rechecksOpen}`,
          outside_target: sql`outside_target + ${d.outsideTarget}`,
          outside_positive: sql`outside_positive + ${d.outsidePositive}`,
        })
        .where('round_id', '=', roundId)
        .where('grid_key', '=', key)
        .execute();
    }
    return [...toOutcome.values()].reduce((s, p) => s + p.length, 0);
  }

  /** People counters summed over the buckets within `areas`. */
  async totals(roundId: string, areas: readonly string[]): Promise<CounterSums> {
    const where = areaFilter(areas);
    const r = await sql<CounterSums>`select ${SUMS} from coverage_counters where round_id = ${roundId} and ${where}`.execute(this.db);
    return r.rows[0] as CounterSums;
  }

  /** People counters per child area of `parent` (a row coded `parent` itself holds its own people above grid level). */
  async byChild(roundId: string, parent: string, childLen: number): Promise<Array<CounterSums & { code: string }>> {
    const child = sql<string>`substr(grid_key, 1, ${sql.lit(childLen)})`;
    const rows = await sql<CounterSums & { code: string }>`select ${child} as code, ${SUMS} from coverage_counters
      where round_id = ${roundId} and grid_key >= ${parent} and grid_key < ${codeUpperBound(parent)}
      group by ${child} order by code`.execute(this.db);
    return rows.rows;
  }

  /** First-pass tubes and positive pools of the round's sites within `areas`. */
  async siteTotals(roundId: string, areas: readonly string[]): Promise<{ tubes: number; poolsPositive: number }> {
    const r = await this.db
      .selectFrom('round_site_counters')
      .select((eb) => [eb.fn.sum<number>('tubes').as('tubes'), eb.fn.sum<number>('pools_positive').as('pools_positive')])
      .where('round_id', '=', roundId)
      .where((eb) => inAreas(eb, 'area_code', areas))
      .executeTakeFirst();
    return { tubes: Number(r?.tubes ?? 0), poolsPositive: Number(r?.pools_positive ?? 0) };
  }
}

/** `grid_key` within any of `areas` ('*' = all) as raw SQL. */
function areaFilter(areas: readonly string[]): RawBuilder<unknown> {
  if (areas.includes('*')) return sql`1 = 1`;
  if (areas.length === 0) return sql`1 = 0`;
  return sql`(${sql.join(
    areas.map((a) => sql`(grid_key >= ${a} and grid_key < ${codeUpperBound(a)})`),
    sql` or `,
  )})`;
}
