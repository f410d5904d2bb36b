/**
 * npm run bench -- alerts [records=20000] [streets=500] [runs=60]
 *
 * Evaluation cost: `records` new channel records (社会面 cases, rows as tracing writes them) over
 * `streets` streets, swept at once by the default rules; the raw baseline is a plain
 * `select count(*)` over the same source rows. Then one-record sweeps (modelled latency: a random
 * point of the 15 s interval + the measured sweep).
 *
 * Latency, measured end to end with the real job runner (every module's jobs registered as the
 * server does, `alerts.sweep` every 15 s, the runner polling each second): in each of `runs`
 * streets two positive pools are already known; a third positive pool result is written at a
 * random moment (gaps of 0–3 s, so the moments fall all over the 15 s cadence) and completes the
 * street's 混管阳性聚集 rule (3 pools in 24 h); latency = until the alert is visible to a reader
 * (polled every 100 ms). Indicative only: the machine is shared.
 */
import { sql } from 'kysely';
import { insertChunks } from '../src/server/db/dialect';
import { newId } from '../src/server/lib/ids';
import type { AppContext } from '../src/server/context';
import { AlertSweep } from '../src/server/modules/alerts/sweep.service';
import { JobScheduler } from '../src/server/jobs/scheduler';
import { modules } from '../src/server/modules';
import { benchPostgres, benchSqlite, percentile, printProfile, report, resetProfile, timed } from './lib';

const RECORDS = Number(process.argv[2] ?? 20_000);
const STREETS = Number(process.argv[3] ?? 500);
const RUNS = Number(process.argv[4] ?? 60);
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
  resetProfile();
  const [bulk, bulkMs] = await timed(() => sweep.run());
  printProfile(`alerts bulk sweep (${engine})`);
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const poolStreet = (i: number) => `320707${String(100 + i).padStart(3, '0')}`;

/** A first-pass pool of 5 sampled at street `i`'s site, resulted positive now (the rows the lab's result file writes). */
async function positivePool(ctx: AppContext, i: number, n: number): Promise<void> {
  const now = ctx.clock.nowIso();
  const tubeId = newId();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('tubes')
      .values({
        id: tubeId,
        barcode: `LAT${i}-${n}`,
        round_id: 'bench-round',
        site_code: `SITE-${i}`,
        pool_size: 5,
        sample_count: 5,
        is_recheck: 0,
        status: 'resulted',
        first_sampled_at: now,
        sealed_at: now,
        box_code: null,
        result: 'positive',
        ct_n: 30,
        ct_orf1ab: 31,
        lab_code: 'LAB',
        resulted_at: now,
        result_conflict: 0,
      })
      .execute();
    await trx
      .insertInto('tube_results')
      .values({ id: newId(), tube_id: tubeId, result: 'positive', ct_n: 30, ct_orf1ab: 31, tested_at: now, lab_code: 'LAB', conflict: 0, created_at: now })
      .execute();
  });
}

async function latency(engine: string, make: (n: string) => Promise<AppContext | null>): Promise<void> {
  const ctx = await make('bench_alerts_latency');
  if (!ctx) return;
  const now = ctx.clock.nowIso();
  const sites = Array.from({ length: RUNS }, (_, i) => ({
    id: newId(),
    code: `SITE-${i}`,
    name: `采样点${i}`,
    area_code: poolStreet(i),
    teams: 2,
    rate_per_team_hour: 60,
    opens: '08:00',
    closes: '18:00',
    created_at: now,
  }));
  for (const c of insertChunks(ctx.dialect, sites)) await ctx.db.insertInto('sampling_sites').values(c).execute();
  for (let i = 0; i < RUNS; i++) for (const n of [1, 2]) await positivePool(ctx, i, n);
  const primed = await new AlertSweep(ctx).run(); // two pools per street: known, no alert yet
  const scheduler = new JobScheduler(ctx);
  for (const m of modules) for (const j of m.jobs ?? []) scheduler.register(j);
  await scheduler.install();
  scheduler.start();
  const written = new Map<string, number>();
  const lat: number[] = [];
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const rows = await ctx.db.selectFrom('alerts').select('area_code').where('rule_code', '=', 'pool-cluster-street').execute();
      const t = performance.now();
      for (const r of rows) {
        const at = written.get(r.area_code);
        if (at !== undefined) {
          lat.push(t - at);
          written.delete(r.area_code);
        }
      }
      await sleep(100);
    }
  })();
  const started = performance.now();
  for (let i = 0; i < RUNS; i++) {
    await sleep(Math.random() * 3000);
    await positivePool(ctx, i, 3);
    written.set(poolStreet(i), performance.now());
  }
  while (written.size && performance.now() - started < RUNS * 3000 + 120_000) await sleep(200);
  watching = false;
  await watcher;
  await scheduler.stop();
  const s = lat.map((ms) => ms / 1000);
  report(`alerts (${engine}): pool → alert with the real job runner (alerts.sweep every 15 s)`, {
    'streets primed with 2 positive pools': `${RUNS} (first sweep saw ${primed.seen})`,
    'third pools written / alerts seen': `${RUNS} / ${s.length}`,
    'latency s p50': percentile(s, 0.5),
    'latency s p99 (target < 60)': percentile(s, 0.99),
    'latency s max': Math.max(...s),
    'run time (s)': (performance.now() - started) / 1000,
  });
  await ctx.db.destroy();
}

await run('sqlite', benchSqlite);
await run('postgres', benchPostgres);
await latency('sqlite', benchSqlite);
await latency('postgres', benchPostgres);
