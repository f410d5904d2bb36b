import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { bulkInsert, selectByKeys, type BulkSpec } from '../../db/bulk';
import { lockForSerialWrite } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { newId } from '../../lib/ids';
import { CoverageCounters } from './coverage-counters.repository';
import { bucketOf, placeArrivals, type Placement } from './coverage-rules';
import type { TestingTables } from './testing.table';

/**
 * Coverage book-keeping off the ingest hot path (issue 12). A batch of samples writes its sample
 * rows and one `sample_settle_queue` row (the tubes it touched) in its own transaction; settling
 * turns pending rows into round membership (`round_people`, the first sample of a person counts),
 * `person_last_sampled` and the people counters, set-based, and deletes them in the same
 * transaction. Settling is idempotent — people already counted are recounted from their samples,
 * new people are those not yet in `round_people` — so a tube that spans two batches, or a crash
 * between two settles, never counts anyone twice. The `testing.settle-samples` job runs it every
 * 2 s; readers settle a small backlog themselves and otherwise show `settledAt`.
 */

const ROUND_PEOPLE_BULK: BulkSpec<TestingTables['round_people']> = {
  table: 'round_people',
  columns: ['round_id', 'person_id', 'grid_key', 'first_at', 'samples', 'outcome', 'outside_reason'],
  types: { samples: 'integer' },
};
const LAST_SAMPLED_BULK: BulkSpec<{ person_id: string; last_at: string }> = {
  table: 'person_last_sampled',
  columns: ['person_id', 'last_at'],
  conflict:
    'on conflict (person_id) do update set last_at = case when excluded.last_at > person_last_sampled.last_at then excluded.last_at else person_last_sampled.last_at end',
};
const QUEUE_BULK: BulkSpec<TestingTables['sample_settle_queue']> = {
  table: 'sample_settle_queue',
  columns: ['id', 'round_id', 'tube_ids', 'samples', 'created_at'],
  types: { samples: 'integer' },
};

/** A backlog up to this many samples is settled by the reader that finds it (tens of ms); above, the job's. */
export const SETTLE_ON_READ_MAX = 5_000;
/** How often the settle job runs; figures are at most this plus one settle behind. */
export const SETTLE_INTERVAL_SECONDS = 2;

/** Samples recorded but not yet counted, and the oldest of them (null: none). */
export interface Backlog {
  samples: number;
  oldestAt: string | null;
}

/** What a reader's figures include: every sample acknowledged before `settledAt`; `pendingSamples` are not in them yet. */
export interface Freshness {
  settledAt: string;
  pendingSamples: number;
}

interface SeenSample {
  id: string;
  person_id: string;
  grid_key: string;
  site_code: string;
  collected_at: string;
}
interface SeenPerson {
  first: SeenSample;
  last: string;
  n: number;
}

const byTime = (a: SeenSample, b: SeenSample) => (a.collected_at < b.collected_at ? -1 : a.collected_at > b.collected_at ? 1 : a.id < b.id ? -1 : 1);

export class SampleSettler {
  constructor(
    private readonly ctx: AppContext,
    private readonly settleOnReadMax = SETTLE_ON_READ_MAX,
  ) {}

  /** Queue a recorded batch's tubes per round, in the batch's transaction (one row per round, not per sample). */
  async enqueue(trx: Kysely<DB>, tubesByRound: ReadonlyMap<string, { tubeIds: string[]; samples: number }>): Promise<void> {
    const at = this.ctx.clock.nowIso();
    const rows = [...tubesByRound].map(([round_id, b]) => ({ id: newId(), round_id, tube_ids: JSON.stringify(b.tubeIds), samples: b.samples, created_at: at }));
    await bulkInsert(this.ctx.database, trx, QUEUE_BULK, rows);
  }

  async backlog(db: Kysely<DB>, roundId?: string): Promise<Backlog> {
    let q = db.selectFrom('sample_settle_queue').select((eb) => [eb.fn.sum<number>('samples').as('n'), eb.fn.min<string>('created_at').as('oldest')]);
    if (roundId) q = q.where('round_id', '=', roundId);
    const r = await q.executeTakeFirst();
    return { samples: Number(r?.n ?? 0), oldestAt: r?.oldest ?? null };
  }

  /**
   * For readers of round membership and the counters: settle a small backlog now (the answer is
   * exact), leave a large one to the job and say how far behind the figures are (`all`: settle
   * whatever the backlog — the CLI's report, which has no job behind it).
   */
  async freshen(roundId?: string, all = false): Promise<Freshness> {
    const b = await this.backlog(this.ctx.db, roundId);
    if (!all && b.samples > this.settleOnReadMax && b.oldestAt) return { settledAt: b.oldestAt, pendingSamples: b.samples };
    if (b.samples > 0) await this.settle(roundId ? [roundId] : undefined);
    return { settledAt: this.ctx.clock.nowIso(), pendingSamples: 0 };
  }

  /** Settle in its own transaction (the job; readers). Returns how many batches were settled. */
  async settle(roundIds?: readonly string[]): Promise<number> {
    return this.ctx.db.transaction().execute(async (trx) => (await this.settleIn(trx, roundIds)).batches);
  }

  /**
   * Settle the pending batches of these rounds (all rounds with some, by default) in the caller's
   * transaction — writers that read membership (results, exemptions, grid moves) call it first.
   * Returns where each new person was placed, keyed `round:person`.
   */
  async settleIn(trx: Kysely<DB>, roundIds?: readonly string[]): Promise<{ batches: number; placed: Map<string, Placement> }> {
    const ids = roundIds ?? (await trx.selectFrom('sample_settle_queue').select('round_id').distinct().execute()).map((r) => r.round_id);
    const placed = new Map<string, Placement>();
    let batches = 0;
    // Sorted: two settlers of the same rounds take the locks in the same order.
    for (const roundId of [...new Set(ids)].sort()) {
      await lockForSerialWrite(trx, this.ctx.dialect, `settle:${roundId}`);
      const r = await this.settleRound(trx, roundId);
      batches += r.batches;
      for (const p of r.placed) placed.set(`${roundId}:${p.personId}`, p);
    }
    return { batches, placed };
  }

  private async settleRound(trx: Kysely<DB>, roundId: string): Promise<{ batches: number; placed: Placement[] }> {
    const db = this.ctx.database;
    const queued = await trx.selectFrom('sample_settle_queue').select(['id', 'tube_ids']).where('round_id', '=', roundId).execute();
    if (queued.length === 0) return { batches: 0, placed: [] };
    const tubeIds = [...new Set(queued.flatMap((b) => JSON.parse(b.tube_ids) as string[]))];
    const seen = await selectByKeys<SeenSample>(
      db,
      trx,
      { table: 'samples', columns: ['id', 'person_id', 'grid_key', 'site_code', 'collected_at'], key: 'tube_id' },
      tubeIds,
    );
    const people = new Map<string, SeenPerson>();
    for (const s of seen) {
      const p = people.get(s.person_id);
      if (!p) people.set(s.person_id, { first: s, last: s.collected_at, n: 1 });
      else {
        p.n++;
        if (byTime(s, p.first) < 0) p.first = s;
        if (s.collected_at > p.last) p.last = s.collected_at;
      }
    }
    const ids = [...people.keys()];
    const lookup = { table: 'round_people', columns: ['person_id'], where: { round_id: roundId }, key: 'person_id' };
    const known = new Set((await selectByKeys<{ person_id: string }>(db, trx, lookup, ids)).map((r) => r.person_id));
    // Coverage counts people: the first sample of a person in the round counts, in time order.
    const arrivals = [...people.values()].filter((p) => !known.has(p.first.person_id)).sort((a, b) => byTime(a.first, b.first));
    let placed: Placement[] = [];
    if (arrivals.length) {
      const counters = new CoverageCounters(trx, db);
      const round = await trx.selectFrom('test_rounds').selectAll().where('id', '=', roundId).executeTakeFirstOrThrow();
      placed = await this.placeInTarget(
        trx,
        round,
        arrivals.map((a) => a.first),
        counters,
      );
      await bulkInsert(
        db,
        trx,
        ROUND_PEOPLE_BULK,
        arrivals.map((a, i) => ({
          round_id: roundId,
          person_id: a.first.person_id,
          grid_key: placed[i]?.key ?? a.first.grid_key,
          first_at: a.first.collected_at,
          samples: a.n,
          outcome: 'pending' as const,
          outside_reason: placed[i]?.outside ?? null,
        })),
      );
      await counters.addArrivals(roundId, placed);
    }
    await this.recount(
      trx,
      roundId,
      ids.filter((id) => known.has(id)),
    );
    await bulkInsert(
      db,
      trx,
      LAST_SAMPLED_BULK,
      [...people].map(([person_id, p]) => ({ person_id, last_at: p.last })),
    );
    const done = queued.map((b) => b.id);
    for (let i = 0; i < done.length; i += 500)
      await trx
        .deleteFrom('sample_settle_queue')
        .where('id', 'in', done.slice(i, i + 500))
        .execute();
    return { batches: queued.length, placed };
  }

  /** People already counted in the round: their number of samples, recounted (so settling twice changes nothing). */
  private async recount(trx: Kysely<DB>, roundId: string, personIds: readonly string[]): Promise<void> {
    for (let i = 0; i < personIds.length; i += 500) {
      const part = personIds.slice(i, i + 500);
      const counts = await sql<{ person_id: string; n: number }>`select person_id, count(*) as n from samples
        where round_id = ${roundId} and person_id in (${sql.join(part)}) group by person_id`.execute(trx);
      const byCount = new Map<number, string[]>();
      for (const r of counts.rows) (byCount.get(Number(r.n)) ?? byCount.set(Number(r.n), []).get(Number(r.n)))?.push(r.person_id);
      for (const [n, people] of byCount)
        await trx.updateTable('round_people').set({ samples: n }).where('round_id', '=', roundId).where('person_id', 'in', people).execute();
    }
  }

  /**
   * Which of a round's new people count against its target (issue 13): registered in the round's
   * areas, not exempted, registered before the round was created, and room left in their bucket —
   * else flagged with the reason. A handful of set-based look-ups per settle.
   */
  private async placeInTarget(
    trx: Kysely<DB>,
    round: TestingTables['test_rounds'],
    arrivals: readonly SeenSample[],
    counters: CoverageCounters,
  ): Promise<Placement[]> {
    const ids = arrivals.map((x) => x.person_id);
    const areas = (await trx.selectFrom('round_areas').select('area_code').where('round_id', '=', round.id).execute()).map((r) => r.area_code);
    const siteCodes = [...new Set(arrivals.map((x) => x.site_code))];
    const siteArea = new Map(
      (await trx.selectFrom('sampling_sites').select(['code', 'area_code']).where('code', 'in', siteCodes).execute()).map((s) => [s.code, s.area_code]),
    );
    const lookup = (table: string, columns: string[], key: string, where?: Record<string, string>) =>
      selectByKeys<Record<string, string>>(this.ctx.database, trx, { table, columns, key, where }, ids);
    const exempt = new Set((await lookup('round_exemptions', ['person_id'], 'person_id', { round_id: round.id })).map((r) => r.person_id));
    const later = new Set(
      (await lookup('persons', ['id', 'created_at'], 'id')).filter((p) => (p.created_at ?? '') > round.created_at).map((p) => p.id as string),
    );
    const room = await counters.room(
      round.id,
      arrivals.map((x) => x.grid_key),
    );
    return placeArrivals(
      arrivals.map((x) => ({
        personId: x.person_id,
        bucket: x.grid_key,
        siteBucket: bucketOf(siteArea.get(x.site_code) ?? x.grid_key),
        inRoundAreas: areas.some((a) => x.grid_key.startsWith(a)),
        exempt: exempt.has(x.person_id),
        registeredAfterRound: later.has(x.person_id),
      })),
      room,
    );
  }
}
