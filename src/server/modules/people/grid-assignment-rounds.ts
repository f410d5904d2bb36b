import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/**
 * Open rounds' targets follow a staged batch of moves (grid_moves), set-based: the rule of
 * testing's `targetShift` (grid-placement.ts) in SQL, one grouped query per open round instead of
 * the people in memory. A moved person who is part of a round's target — registered before the
 * round, not yet sampled in it, not exempted, their old bucket one of the round's — leaves the old
 * bucket for the new grid's (whose counter row is added if the round did not have it). Sampled or
 * exempted people stay counted where their sample or exemption was, so `sampled <= target` holds
 * per bucket.
 */
export async function shiftRoundTargets(trx: Kysely<DB>, batchId: string): Promise<number> {
  const rounds = await sql<{ id: string; created_at: string }>`
    select distinct r.id, r.created_at from test_rounds r join coverage_counters c on c.round_id = r.id
    where r.status = 'open' and c.grid_key in (select distinct m.from_bucket from grid_moves m where m.batch_id = ${batchId})`.execute(trx);
  for (const r of rounds.rows) {
    const shifts = await sql<{ from_bucket: string; to_grid: string; n: number | string }>`
      select m.from_bucket, m.to_grid, count(*) as n from grid_moves m
      join coverage_counters c on c.round_id = ${r.id} and c.grid_key = m.from_bucket
      where m.batch_id = ${batchId} and m.from_bucket <> m.to_grid and m.person_created_at <= ${r.created_at}
        and not exists (select 1 from round_people rp where rp.round_id = ${r.id} and rp.person_id = m.person_id)
        and not exists (select 1 from round_exemptions x where x.round_id = ${r.id} and x.person_id = m.person_id)
      group by m.from_bucket, m.to_grid`.execute(trx);
    const delta = new Map<string, number>();
    for (const s of shifts.rows) {
      const n = Number(s.n);
      delta.set(s.from_bucket, (delta.get(s.from_bucket) ?? 0) - n);
      delta.set(s.to_grid, (delta.get(s.to_grid) ?? 0) + n);
    }
    for (const [bucket, d] of delta) {
      await trx
        .insertInto('coverage_counters')
        .values({ round_id: r.id, grid_key: bucket, target: 0, sampled: 0, resulted: 0, positive: 0, rechecks_open: 0, outside_target: 0, outside_positive: 0 })
        .onConflict((oc) => oc.columns(['round_id', 'grid_key']).doNothing())
        .execute();
      if (d !== 0)
        await trx
          .updateTable('coverage_counters')
          .set({ target: sql`target + ${d}` })
          .where('round_id', '=', r.id)
          .where('grid_key', '=', bucket)
          .execute();
    }
  }
  return rounds.rows.length;
}
