/**
 * npm run bench -- alerts [records=20000] [streets=500]
 *
 * Evaluation cost: `records` new channel records (社会面 cases and positive landing tests, rows as
 * tracing writes them) over `streets` streets, swept at once by the default rules. Latency: 100
 * single records each arriving at a random point of the 15 s job interval; latency = wait for the
 * next sweep + that sweep's run time (measured), p50/p99. The raw baseline is a plain
 * `select count(*)` over the same source rows. Indicative only: the machine is shared.
 */
import { sql } from 'kysely';
import { insertChunks } from '../src/server/db/dialect';
import { newId } from '../src/server/lib/ids';
import type { AppContext } from '../src/server/context';
import { AlertSweep } from '../src/server/modules/alerts/sweep.service';
import { benchPostgres, benchSqlite, percentile, report, timed } from './lib';

const RECORDS = Number(process.argv[2] ?? 20_000);
const STREETS = Number(process.argv[3] ?? 500);
const INTERVAL_MS = 15_000;

const street = (i: number) => `320706${String(100 + (i % STREETS)).padStart(3, '0')}`;

async function addCases(ctx: AppContext, n: number, offset: number): Promise<void> {
  const now = ctx.clock.nowIso();
  const rows = Array.from({ length: n }, (_, i) => ({
    id: newId(),
    code: `CB-${offset + i}`,
    person_id: newId(),
    area_code: `${street(offset + i)}001001001`,
    type: 'confirmed' as const,
    found_by: 'screening' as const,
    inside_control: 0,
    onset_date: null,
    sampling_date: null,
    reported_at: now,
    lookback_start: now,
    investigation_done_at: null,
    source_case_id: null,
    cluster_id: newId(),
    created_by: 'bench',
    created_at: now,
  }));
  for (const c of insertChunks(ctx.dialect, rows)) await ctx.db.insertInto('cases').values(c).execute();
}

async function run(engine: string, make: (n: string) => Promise<AppContext | null>): Promise<void> {
  const ctx = await make('bench_alerts');
  if (!ctx) return console.log(`\n(${engine}: set EPIGRID_BENCH_PG_URL to measure)`);
  const sweep = new AlertSweep(ctx);
  await sweep.run(); // watermark
  await addCases(ctx, RECORDS, 0);
  const [, baseline] = await timed(() => sql`select count(*) from cases where inside_control = 0`.execute(ctx.db));
  const [bulk, bulkMs] = await timed(() => sweep.run());
  const lat: number[] = [];
  const sweepMs: number[] = [];
  for (let i = 0; i < 100; i++) {
    await addCases(ctx, 1, RECORDS + i);
    const [, ms] = await timed(() => sweep.run());
    sweepMs.push(ms);
    lat.push(Math.random() * INTERVAL_MS + ms);
  }
  report(`alerts (${engine}): ${RECORDS} records over ${STREETS} streets`, {
    'bulk sweep: records seen': bulk.seen,
    'bulk sweep: alerts raised / joined': `${bulk.raised} / ${bulk.joined}`,
    'bulk sweep ms': bulkMs,
    'bulk sweep ÷ raw count(*) baseline': bulkMs / Math.max(baseline, 0.01),
    'one-record sweep ms p50 / p99': `${percentile(sweepMs, 0.5).toFixed(1)} / ${percentile(sweepMs, 0.99).toFixed(1)}`,
    'record → alert latency s p50': percentile(lat, 0.5) / 1000,
    'record → alert latency s p99 (target < 60)': percentile(lat, 0.99) / 1000,
  });
  await ctx.db.destroy();
}

await run('sqlite', benchSqlite);
await run('postgres', benchPostgres);
