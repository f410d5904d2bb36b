import { sql, type Kysely } from 'kysely';
import { selectByKeys } from '../../db/bulk';
import type { Database } from '../../db/database';
import type { DB } from '../../db/schema';
import { targetShift } from '../people/grid-placement';

/**
 * Open rounds' targets follow people placed into a grid (未落格 → grid, issue 13): those of a
 * round's target not yet sampled leave their street/community bucket for the grid's, so the
 * round's figures stay right while people are placed. Set-based: a few statements per open round.
 */
export async function followPlacement(
  trx: Kysely<DB>,
  database: Database,
  moved: ReadonlyArray<{ id: string; area_code: string; created_at: string }>,
  grid: string,
): Promise<void> {
  if (moved.length === 0) return;
  const olds = [...new Set(moved.map((m) => m.area_code))];
  // Open rounds counting one of the old buckets (the grid may be newer than the round: its row is added).
  const rounds = await trx
    .selectFrom('coverage_counters as c')
    .innerJoin('test_rounds as r', 'r.id', 'c.round_id')
    .select(['r.id', 'r.created_at'])
    .distinct()
    .where('c.grid_key', 'in', olds)
    .where('r.status', '=', 'open')
    .execute();
  const ids = moved.map((m) => m.id);
  for (const r of rounds) {
    const buckets = new Set(
      (await trx.selectFrom('coverage_counters').select('grid_key').where('round_id', '=', r.id).where('grid_key', 'in', olds).execute()).map(
        (x) => x.grid_key,
      ),
    );
    if (buckets.size === 0) continue;
    const counted = new Set<string>();
    for (const table of ['round_people', 'round_exemptions'])
      for (const x of await selectByKeys<{ person_id: string }>(
        database,
        trx,
        { table, columns: ['person_id'], where: { round_id: r.id }, key: 'person_id' },
        ids,
      ))
        counted.add(x.person_id);
    await trx
      .insertInto('coverage_counters')
      .values({ round_id: r.id, grid_key: grid, target: 0, sampled: 0, resulted: 0, positive: 0, rechecks_open: 0, outside_target: 0, outside_positive: 0 })
      .onConflict((oc) => oc.columns(['round_id', 'grid_key']).doNothing())
      .execute();
    for (const [bucket, d] of targetShift({ created_at: r.created_at, buckets }, moved, grid, counted))
      if (d !== 0)
        await trx
          .updateTable('coverage_counters')
          .set({ target: sql`target + ${d}` })
          .where('round_id', '=', r.id)
          .where('grid_key', '=', bucket)
          .execute();
  }
}
