/**
 * npm run bench -- ingest-samples [samples=1000000]
 *
 * A demo city of N people, one round over the district (10合1). N samples go through the batch
 * API path (SamplingService.recordSamples, 10,000 per call: person look-up by keyed hash, tube
 * rules, coverage counters), then the same sample rows are inserted raw (prepared statement /
 * unnest) into a fresh database for the ratio. Then: a positive pool → re-checks created and
 * listed; coverage for the round and for one street. SQLite, and PostgreSQL with EPIGRID_BENCH_PG_URL.
 */
import { sql } from 'kysely';
import { iteratePeople, planCity } from '../src/sim';
import { systemActor } from '../src/server/modules/auth/actor';
import { loadDemoCity } from '../src/server/modules/people/demo-loader';
import { CoverageService } from '../src/server/modules/testing/coverage.service';
import { RechecksService } from '../src/server/modules/testing/rechecks.service';
import { ResultsService } from '../src/server/modules/testing/results.service';
import { RoundsService } from '../src/server/modules/testing/rounds.service';
import { SamplingService, type SampleInput } from '../src/server/modules/testing/sampling.service';
import type { AppContext } from '../src/server/context';
import type { TestingTables } from '../src/server/modules/testing/testing.table';
import { benchPostgres, benchSqlite, report, timed } from './lib';

const N = Number(process.argv[2] ?? 1_000_000);
const SEED = 5;
const actor = systemActor('bench');

type SampleRow = TestingTables['samples'];
const COLS = ['id', 'round_id', 'tube_id', 'person_id', 'area_code', 'grid_key', 'site_code', 'collector', 'collected_at'] as const;

/** The raw baseline: the same rows, no rules, the fastest insert each engine offers. */
async function rawInsert(ctx: AppContext, rows: SampleRow[]): Promise<number> {
  const sqlite = ctx.database.sqlite;
  const s = process.hrtime.bigint();
  if (sqlite) {
    const per = 500;
    const stmt = sqlite.prepare(
      `insert into samples (${COLS.join(',')}) values ${Array(per)
        .fill(`(${COLS.map(() => '?').join(',')})`)
        .join(',')}`,
    );
    for (let i = 0; i < rows.length; i += 10_000) {
      sqlite.exec('begin');
      for (let j = i; j + per <= Math.min(rows.length, i + 10_000); j += per) stmt.run(rows.slice(j, j + per).flatMap((r) => COLS.map((c) => r[c])));
      sqlite.exec('commit');
    }
  } else {
    for (let i = 0; i < rows.length; i += 10_000) {
      const chunk = rows.slice(i, i + 10_000);
      const arrays = COLS.map((c) => chunk.map((r) => r[c]));
      await sql`insert into samples (${sql.raw(COLS.join(','))}) select * from unnest(${arrays[0]}::text[], ${arrays[1]}::text[], ${arrays[2]}::text[], ${arrays[3]}::text[], ${arrays[4]}::text[], ${arrays[5]}::text[], ${arrays[6]}::text[], ${arrays[7]}::text[], ${arrays[8]}::text[])`.execute(
        ctx.db,
      );
    }
  }
  return Number(process.hrtime.bigint() - s) / 1e6;
}

async function run(engine: string, make: (n: string) => Promise<AppContext | null>): Promise<void> {
  const ctx = await make('bench_samples');
  if (!ctx) return console.log(`\n(${engine}: set EPIGRID_BENCH_PG_URL to measure)`);
  const [city, cityMs] = await timed(() => loadDemoCity(ctx, actor, { people: N, seed: SEED }));
  const rounds = new RoundsService(ctx);
  const round = await rounds.createRound(actor, { areas: ['320706'], poolSize: 10, startsAt: '2026-05-06T00:00:00Z' });
  await rounds.createSite(actor, { code: 'S01', area: '320706', teams: 500 });
  await rounds.createLab(actor, { code: 'LAB1', area: '320706', dailyCapacity: 2_000_000 });

  const start = Date.parse('2026-05-06T00:00:00Z');
  const batches: SampleInput[][] = [];
  let n = 0;
  for (const people of iteratePeople(planCity({ seed: SEED, people: N }), 10_000)) {
    batches.push(
      people.map((p) => {
        const i = n++;
        return {
          roundId: round.id,
          tubeBarcode: `T${String(Math.floor(i / 10)).padStart(8, '0')}`,
          idNumber: p.idNumber,
          siteCode: 'S01',
          collectedAt: new Date(start + i * 50).toISOString(),
          collector: '采样员',
        };
      }),
    );
  }
  const sampling = new SamplingService(ctx);
  let accepted = 0;
  let rejected = 0;
  const [, apiMs] = await timed(async () => {
    for (const b of batches) {
      const r = await sampling.recordSamples(actor, b);
      accepted += r.accepted;
      rejected += r.rejected.length;
    }
  });

  const [, covMs] = await timed(() => new CoverageService(ctx).coverage(actor, round.id));
  const [, streetMs] = await timed(() => new CoverageService(ctx).coverage(actor, round.id, '320706022'));
  const [, posMs] = await timed(() =>
    new ResultsService(ctx).recordResults(actor, [
      { tubeBarcode: 'T00000007', result: 'positive', ctN: 28, ctOrf1ab: 30, testedAt: '2026-05-06T06:00:00Z', labCode: 'LAB1' },
    ]),
  );
  const [rechecks, listMs] = await timed(() => new RechecksService(ctx).list(actor, round.id));

  const rows = (await ctx.db
    .selectFrom('samples')
    .select([...COLS])
    .execute()) as SampleRow[];
  await ctx.database.close();
  const raw = await make('bench_samples_raw');
  if (!raw) return;
  const rawMs = await rawInsert(raw, rows);
  await raw.database.close();

  const apiRate = accepted / (apiMs / 1000);
  const rawRate = rows.length / (rawMs / 1000);
  report(`ingest-samples on ${engine}: ${N.toLocaleString()} people, ${N.toLocaleString()} samples (10合1)`, {
    'setup: demo city, s': cityMs / 1000,
    'setup: people': city.people,
    'batch API path: samples/s': apiRate,
    'batch API path: accepted / rejected': `${accepted} / ${rejected}`,
    'raw insert of the same rows: rows/s': rawRate,
    'ratio API / raw': Math.round((apiRate / rawRate) * 100) / 100,
    'coverage of the round (district): ms': covMs,
    'coverage of one street: ms': streetMs,
    'positive pool → re-checks created: ms': posMs,
    're-checks listed: ms': listMs,
    're-checks listed: count': rechecks.length,
  });
}

await run('SQLite', (n) => benchSqlite(n));
await run('PostgreSQL', (n) => benchPostgres(n));
