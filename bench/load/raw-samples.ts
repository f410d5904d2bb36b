// The raw baseline the ingest benches compare against: sample rows inserted with no rules, the
// fastest insert each engine offers (a 500-row prepared statement / one unnest per 10,000 rows).
import { sql } from 'kysely';
import type { AppContext } from '../../src/server/context';
import type { TestingTables } from '../../src/server/modules/testing/testing.table';

export type SampleRow = TestingTables['samples'];
export const SAMPLE_COLUMNS = ['id', 'round_id', 'tube_id', 'person_id', 'area_code', 'grid_key', 'site_code', 'collector', 'collected_at'] as const;

/**
 * Insert `rows` into `ctx`'s samples table; the milliseconds it took. `clientIds`: the device
 * path's rows carry one, so its baseline writes them too (the same index entries).
 */
export async function rawInsert(ctx: AppContext, rows: readonly SampleRow[], clientIds = false): Promise<number> {
  const cols: ReadonlyArray<keyof SampleRow> = clientIds ? [...SAMPLE_COLUMNS, 'client_id'] : SAMPLE_COLUMNS;
  const sqlite = ctx.database.sqlite;
  const s = process.hrtime.bigint();
  if (sqlite) {
    const tuple = `(${cols.map(() => '?').join(',')})`;
    const prepared = new Map<number, ReturnType<typeof sqlite.prepare>>();
    const stmt = (n: number) => {
      let p = prepared.get(n);
      if (!p) prepared.set(n, (p = sqlite.prepare(`insert into samples (${cols.join(',')}) values ${Array(n).fill(tuple).join(',')}`)));
      return p;
    };
    for (let i = 0; i < rows.length; i += 10_000) {
      sqlite.exec('begin');
      for (let j = i; j < Math.min(rows.length, i + 10_000); j += 500) {
        const part = rows.slice(j, Math.min(j + 500, i + 10_000, rows.length));
        stmt(part.length).run(part.flatMap((r) => cols.map((c) => r[c])));
      }
      sqlite.exec('commit');
    }
  } else {
    for (let i = 0; i < rows.length; i += 10_000) {
      const chunk = rows.slice(i, i + 10_000);
      const arrays = cols.map((c) => sql`${chunk.map((r) => r[c])}::text[]`);
      await sql`insert into samples (${sql.raw(cols.join(','))}) select * from unnest(${sql.join(arrays)})`.execute(ctx.db);
    }
  }
  return Number(process.hrtime.bigint() - s) / 1e6;
}
