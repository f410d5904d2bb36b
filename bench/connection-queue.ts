// Issue 11, finding 10: N queries waiting at once for SQLite's one connection.
// Baseline: Kysely's own SQLite dialect (a shared-promise mutex: each release wakes every waiter).
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { openSqlite } from '../src/server/db/database';
import { report, timed } from './lib';

const sizes = (process.argv[2] ?? '2000,4000,8000').split(',').map(Number);

async function burst(db: Kysely<unknown>, n: number): Promise<number> {
  const [, ms] = await timed(() => Promise.all(Array.from({ length: n }, () => sql`select 1`.execute(db))));
  return ms;
}

for (const n of sizes) {
  const ours = openSqlite(':memory:');
  const raw = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
  const fifo = await burst(ours.db as unknown as Kysely<unknown>, n);
  const baseline = await burst(raw, n);
  report(`${n.toLocaleString('en-US')} queries waiting at once (SQLite)`, {
    'EpiGrid (FIFO hand-over): ms': fifo,
    'Kysely default mutex (baseline): ms': baseline,
    'ratio baseline / EpiGrid': baseline / fifo,
  });
  await ours.close();
  await raw.destroy();
}
