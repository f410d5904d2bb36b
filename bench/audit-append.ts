/**
 * npm run bench -- audit-append [entries=5000]
 *
 * The keyed audit chain must keep appends cheap (issue 11, finding 5): the append is still one
 * lock, one read of the head and one insert; only the hash changed (HMAC-SHA256 instead of
 * SHA-256, over canonical text). Figures: the hash alone (old and new, µs per entry), and
 * `recordEvent` (one entry per transaction) against a raw insert of the same rows, one per
 * transaction. SQLite (file), and PostgreSQL with EPIGRID_BENCH_PG_URL.
 */
import { sql } from 'kysely';
import type { AppContext } from '../src/server/context';
import { systemActor } from '../src/server/modules/auth/actor';
import { AuditService } from '../src/server/modules/audit/audit.service';
import { keyedHash, legacyHash } from '../src/server/modules/audit/audit-chain';
import type { AuditRow } from '../src/server/modules/audit/audit.table';
import { benchPostgres, benchSqlite, report, timed } from './lib';

const N = Number(process.argv[2] ?? 5_000);
const actor = systemActor('bench');

function hashCost(): { legacyUs: number; keyedUs: number } {
  const row: Omit<AuditRow, 'hash'> = {
    seq: 1,
    at: '2026-05-06T02:00:00.000Z',
    actor_id: '0193a1b2-1234-7abc-8def-123456789012',
    actor_name: '张三',
    action: 'samples.recorded',
    target_type: 'round',
    target_id: '0193a1b2-1234-7abc-8def-123456789013',
    area_code: '320706022',
    reason: '采样登记',
    request_id: '0193a1b2-1234-7abc-8def-123456789014',
    details: JSON.stringify({ tubes: Array.from({ length: 20 }, (_, i) => `T${i}`) }),
    prev_hash: '0'.repeat(64),
    chain_v: 1,
  };
  const key = Buffer.alloc(32, 1);
  const reps = 100_000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) legacyHash({ ...row, seq: i });
  const t1 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) keyedHash(key, { ...row, seq: i });
  const t2 = process.hrtime.bigint();
  return { legacyUs: Number(t1 - t0) / 1e3 / reps, keyedUs: Number(t2 - t1) / 1e3 / reps };
}

async function run(engine: string, make: (n: string) => Promise<AppContext | null>): Promise<void> {
  const ctx = await make('bench_audit');
  if (!ctx) return console.log(`\n(${engine}: set EPIGRID_BENCH_PG_URL to measure)`);
  const audit = new AuditService(ctx);
  const [, appendMs] = await timed(async () => {
    for (let i = 0; i < N; i++) await audit.recordEvent({ actor, action: 'bench.event', targetType: 'thing', targetId: String(i), reason: '基准测试' });
  });
  const rows = await ctx.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  await sql`delete from audit_log`.execute(ctx.db);
  const [, rawMs] = await timed(async () => {
    for (const r of rows) await ctx.db.transaction().execute((trx) => trx.insertInto('audit_log').values(r).execute());
  });
  const [v] = await timed(() => audit.verify());
  await ctx.database.close();
  report(`audit-append on ${engine}: ${N.toLocaleString()} entries, one per transaction`, {
    'recordEvent: entries/s': N / (appendMs / 1000),
    'raw insert, same rows: entries/s': N / (rawMs / 1000),
    'ratio append / raw': Math.round((rawMs / appendMs) * 100) / 100,
    'verify after re-insert: ok': String(v.ok),
  });
}

const h = hashCost();
report('audit hash alone (100,000 entries)', {
  'legacy SHA-256: µs per entry': Math.round(h.legacyUs * 100) / 100,
  'keyed HMAC-SHA256 + canonical text: µs per entry': Math.round(h.keyedUs * 100) / 100,
});
await run('SQLite', (n) => benchSqlite(n));
await run('PostgreSQL', (n) => benchPostgres(n));
