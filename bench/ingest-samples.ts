/**
 * npm run bench -- ingest-samples [samples=1000000]
 *
 * A demo city of N people and two rounds over the district (10合1); each round samples all N.
 * Round 1 — the file path: SamplingService.recordSamples in 10,000-row batches settled with the
 * batch ('now': person look-up by keyed hash, tube rules, sample rows, membership, last-sampled,
 * counters in one transaction). Round 2 — the device path: the same batches 'deferred' (sample
 * rows and a settle-queue row only), with the settle step run between batches every
 * SETTLE_INTERVAL_SECONDS as the `testing.settle-samples` job does; its figures are acks alone
 * and acks + settling, and the worst staleness seen. Each round's sample rows are then inserted
 * raw (prepared statement / unnest) into a fresh database, round 1 then round 2, each timed, for
 * the ratios (round 2's raw insert lands on round 1's rows, as the API's did). Then: a positive
 * pool → re-checks; coverage for the round and for one street. SQLite, and PostgreSQL with
 * EPIGRID_BENCH_PG_URL. EPIGRID_BENCH_CPU_PROF=DIR profiles both API passes (bench/lib.ts).
 */
import { iteratePeople, planCity } from '../src/sim';
import { systemActor } from '../src/server/modules/auth/actor';
import { loadDemoCity } from '../src/server/modules/people/demo-loader';
import { CoverageService } from '../src/server/modules/testing/coverage.service';
import { RechecksService } from '../src/server/modules/testing/rechecks.service';
import { ResultsService } from '../src/server/modules/testing/results.service';
import { RoundsService } from '../src/server/modules/testing/rounds.service';
import { SamplingService, type SampleInput } from '../src/server/modules/testing/sampling.service';
import { SampleSettler, SETTLE_INTERVAL_SECONDS } from '../src/server/modules/testing/sample-settle';
import type { AppContext } from '../src/server/context';
import type { TestingTables } from '../src/server/modules/testing/testing.table';
import { benchPostgres, benchSqlite, cpuProfiled, report, timed } from './lib';
import { rawInsert, SAMPLE_COLUMNS as COLS } from './load/raw-samples';

const N = Number(process.argv[2] ?? 1_000_000);
const SEED = 5;
const actor = systemActor('bench');

type SampleRow = TestingTables['samples'];

/** The city's N people as 10,000-row batches for one round (tubes of 10, 50 ms apart). */
function batchesFor(roundId: string, prefix: string): SampleInput[][] {
  const start = Date.parse('2026-05-06T00:00:00Z');
  const batches: SampleInput[][] = [];
  let n = 0;
  for (const people of iteratePeople(planCity({ seed: SEED, people: N }), 10_000)) {
    batches.push(
      people.map((p) => {
        const i = n++;
        return {
          roundId,
          tubeBarcode: `${prefix}${String(Math.floor(i / 10)).padStart(8, '0')}`,
          idNumber: p.idNumber,
          siteCode: 'S01',
          collectedAt: new Date(start + i * 50).toISOString(),
          collector: '采样员',
        };
      }),
    );
  }
  return batches;
}

interface DevicePath {
  accepted: number;
  ackMs: number;
  settleMs: number;
  settles: number;
  /** Longest a batch waited from its ack to being counted: the interval plus the settle that counted it. */
  worstStalenessMs: number;
}

/** Deferred batches; the settle step between them whenever the job's interval has passed, and once at the end. */
async function devicePath(ctx: AppContext, batches: SampleInput[][]): Promise<DevicePath> {
  const sampling = new SamplingService(ctx);
  const settler = new SampleSettler(ctx);
  const out: DevicePath = { accepted: 0, ackMs: 0, settleMs: 0, settles: 0, worstStalenessMs: 0 };
  let oldestAck: number | null = null;
  const settle = async () => {
    const [, ms] = await timed(() => settler.settle());
    out.settleMs += ms;
    out.settles++;
    if (oldestAck !== null) out.worstStalenessMs = Math.max(out.worstStalenessMs, performance.now() - oldestAck);
    oldestAck = null;
  };
  let lastSettle = performance.now();
  for (const b of batches) {
    const [r, ms] = await timed(() => sampling.recordSamples(actor, b, 1, undefined, 'deferred'));
    out.accepted += r.accepted;
    out.ackMs += ms;
    oldestAck ??= performance.now();
    if (performance.now() - lastSettle >= SETTLE_INTERVAL_SECONDS * 1000) {
      await settle();
      lastSettle = performance.now();
    }
  }
  await settle();
  return out;
}

const ratio = (a: number, b: number) => (a / b).toFixed(2);

async function run(engine: string, make: (n: string) => Promise<AppContext | null>): Promise<void> {
  const ctx = await make('bench_samples');
  if (!ctx) return console.log(`\n(${engine}: set EPIGRID_BENCH_PG_URL to measure)`);
  const [city, cityMs] = await timed(() => loadDemoCity(ctx, actor, { people: N, seed: SEED }));
  const rounds = new RoundsService(ctx);
  const round = await rounds.createRound(actor, { areas: ['320706'], poolSize: 10, startsAt: '2026-05-06T00:00:00Z' });
  const round2 = await rounds.createRound(actor, { areas: ['320706'], poolSize: 10, startsAt: '2026-05-06T00:00:00Z' });
  await rounds.createSite(actor, { code: 'S01', area: '320706', teams: 500 });
  await rounds.createLab(actor, { code: 'LAB1', area: '320706', dailyCapacity: 2_000_000 });

  const batches = batchesFor(round.id, 'T');
  const sampling = new SamplingService(ctx);
  let accepted = 0;
  let rejected = 0;
  const [, apiMs] = await timed(() =>
    cpuProfiled(`ingest-now-${engine}`, async () => {
      for (const b of batches) {
        const r = await sampling.recordSamples(actor, b);
        accepted += r.accepted;
        rejected += r.rejected.length;
      }
    }),
  );
  const device = await cpuProfiled(`ingest-deferred-${engine}`, () => devicePath(ctx, batchesFor(round2.id, 'D')));
  const counted = await new CoverageService(ctx).coverage(actor, round2.id);

  const [, covMs] = await timed(() => new CoverageService(ctx).coverage(actor, round.id));
  const [, streetMs] = await timed(() => new CoverageService(ctx).coverage(actor, round.id, '320706022'));
  const [, posMs] = await timed(() =>
    new ResultsService(ctx).recordResults(actor, [
      { tubeBarcode: 'T00000007', result: 'positive', ctN: 28, ctOrf1ab: 30, testedAt: '2026-05-06T06:00:00Z', labCode: 'LAB1' },
    ]),
  );
  const [rechecks, listMs] = await timed(() => new RechecksService(ctx).list(actor, round.id));

  const rowsOf = async (roundId: string) =>
    (await ctx.db
      .selectFrom('samples')
      .select([...COLS])
      .where('round_id', '=', roundId)
      .execute()) as SampleRow[];
  const rows = await rowsOf(round.id);
  const rows2 = await rowsOf(round2.id);
  await ctx.database.close();
  const raw = await make('bench_samples_raw');
  if (!raw) return;
  const rawMs = await rawInsert(raw, rows);
  const raw2Ms = await rawInsert(raw, rows2);
  await raw.database.close();

  const apiRate = accepted / (apiMs / 1000);
  const rawRate = rows.length / (rawMs / 1000);
  const raw2Rate = rows2.length / (raw2Ms / 1000);
  const ackRate = device.accepted / (device.ackMs / 1000);
  const sustained = device.accepted / ((device.ackMs + device.settleMs) / 1000);
  report(`ingest-samples on ${engine}: ${N.toLocaleString()} people, ${N.toLocaleString()} samples a round (10合1)`, {
    'setup: demo city, s': cityMs / 1000,
    'setup: people': city.people,
    'round 1, settled with the batch: samples/s': apiRate,
    'round 1: accepted / rejected': `${accepted} / ${rejected}`,
    'round 1, raw insert of the same rows: rows/s': rawRate,
    'ratio API / raw': ratio(apiRate, rawRate),
    'round 2, device path acks: samples/s': ackRate,
    'round 2, acks + settle step: samples/s': sustained,
    'round 2, raw insert of the same rows: rows/s': raw2Rate,
    'ratio acks / raw': ratio(ackRate, raw2Rate),
    'ratio acks + settle / raw': ratio(sustained, raw2Rate),
    'round 2: settles / settle s / worst staleness s': `${device.settles} / ${(device.settleMs / 1000).toFixed(1)} / ${(device.worstStalenessMs / 1000).toFixed(1)}`,
    'round 2 counted after settling: sampled + outside / pending': `${counted.sampled + counted.outsideTarget} / ${counted.pendingSamples}`,
    'coverage of the round (district): ms': covMs,
    'coverage of one street: ms': streetMs,
    'positive pool → re-checks created: ms': posMs,
    're-checks listed: ms': listMs,
    're-checks listed: count': rechecks.length,
  });
}

await run('SQLite', (n) => benchSqlite(n));
await run('PostgreSQL', (n) => benchPostgres(n));
