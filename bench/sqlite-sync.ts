/**
 * npm run bench -- sqlite-sync [people=20000] [batches=1500]
 *
 * What `synchronous=FULL` costs SQLite ingest (issue 11, finding 14). With WAL and NORMAL a commit
 * is not fsynced (a power cut may lose the last acknowledged commits; a killed process loses
 * nothing); with FULL every commit fsyncs the WAL. Sample batches of 20 (the size HTTP clients
 * send, one transaction each) go through SamplingService.recordSamples on a file database, once
 * with each setting, and raw 20-row inserts (one commit each) give the baseline of pure commit
 * cost. The database sits in the data directory's filesystem (EPIGRID_BENCH_DIR, default ./data/bench).
 */
import path from 'node:path';
import fs from 'node:fs';
import { loadConfig } from '../src/server/config';
import { createContext, createLogger, type AppContext } from '../src/server/context';
import { openSqlite } from '../src/server/db/database';
import { migrateToLatest } from '../src/server/db/migrator';
import { Pii } from '../src/server/lib/pii';
import { iteratePeople, planCity } from '../src/sim';
import { systemActor } from '../src/server/modules/auth/actor';
import { loadDemoCity } from '../src/server/modules/people/demo-loader';
import { RoundsService } from '../src/server/modules/testing/rounds.service';
import { SamplingService, type SampleInput } from '../src/server/modules/testing/sampling.service';
import { percentile, report } from './lib';

const PEOPLE = Number(process.argv[2] ?? 20_000);
const BATCHES = Number(process.argv[3] ?? 1_500);
const PER = 20;
const SEED = 7;
const actor = systemActor('bench');
const dir = path.resolve(process.env.EPIGRID_BENCH_DIR ?? './data/bench');

async function open(name: string, mode: 'NORMAL' | 'FULL'): Promise<AppContext> {
  const d = path.join(dir, name);
  fs.rmSync(d, { recursive: true, force: true });
  const database = openSqlite(path.join(d, 'epigrid.db'));
  await migrateToLatest(database.db);
  database.sqlite?.pragma(`synchronous = ${mode}`);
  return createContext(loadConfig({ EPIGRID_DATA_DIR: d }), { database, pii: new Pii(Buffer.alloc(32, 3)), log: createLogger('warn') });
}

async function ingest(mode: 'NORMAL' | 'FULL') {
  const ctx = await open(`sync-${mode.toLowerCase()}`, 'NORMAL');
  await loadDemoCity(ctx, actor, { people: PEOPLE, seed: SEED }); // setup at NORMAL: only the measured part changes
  ctx.database.sqlite?.pragma(`synchronous = ${mode}`);
  const rounds = new RoundsService(ctx);
  const round = await rounds.createRound(actor, { areas: ['320706'], poolSize: 10, startsAt: '2026-05-06T00:00:00Z' });
  await rounds.createSite(actor, { code: 'S01', area: '320706', teams: 500 });
  const ids: string[] = [];
  for (const people of iteratePeople(planCity({ seed: SEED, people: PEOPLE }), 10_000)) ids.push(...people.map((p) => p.idNumber));
  const sampling = new SamplingService(ctx);
  const start = Date.parse('2026-05-06T00:00:00Z');
  const lat: number[] = [];
  let accepted = 0;
  const t0 = process.hrtime.bigint();
  for (let b = 0; b < BATCHES; b++) {
    const batch: SampleInput[] = [];
    for (let j = 0; j < PER; j++) {
      const i = b * PER + j;
      batch.push({
        roundId: round.id,
        tubeBarcode: `T${String(Math.floor(i / 10)).padStart(8, '0')}`,
        idNumber: ids[i % ids.length],
        siteCode: 'S01',
        collectedAt: new Date(start + i * 50).toISOString(),
        collector: '采样员',
      });
    }
    const s = process.hrtime.bigint();
    accepted += (await sampling.recordSamples(actor, batch)).accepted;
    lat.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await ctx.database.close();
  return { rate: accepted / (ms / 1000), p50: percentile(lat, 0.5), p99: percentile(lat, 0.99), accepted };
}

/** Baseline: 20-row raw inserts, one commit each, into a bare table. */
async function rawCommits(mode: 'NORMAL' | 'FULL') {
  const ctx = await open(`raw-${mode.toLowerCase()}`, mode);
  const db = ctx.database.sqlite as NonNullable<typeof ctx.database.sqlite>;
  db.exec('create table t (id integer primary key, a text, b text)');
  const stmt = db.prepare(`insert into t (a, b) values ${Array(PER).fill('(?, ?)').join(',')}`);
  const args = Array.from({ length: PER * 2 }, (_, i) => `value-${i}`);
  const tx = db.transaction(() => stmt.run(args));
  const t0 = process.hrtime.bigint();
  for (let b = 0; b < BATCHES; b++) tx.immediate();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await ctx.database.close();
  return { rate: (BATCHES * PER) / (ms / 1000), perCommitMs: ms / BATCHES };
}

const rawN = await rawCommits('NORMAL');
const rawF = await rawCommits('FULL');
// FULL first this time round, NORMAL after, so a warm-up effect cannot favour FULL.
const full = await ingest('FULL');
const normal = await ingest('NORMAL');
fs.rmSync(dir, { recursive: true, force: true });
report(`sqlite-sync: ${BATCHES} batches of ${PER} samples, ${PEOPLE.toLocaleString()} people, file database in ${dir}`, {
  'raw 20-row commits NORMAL: rows/s': rawN.rate,
  'raw 20-row commits FULL: rows/s': rawF.rate,
  'raw commit NORMAL / FULL: ms per commit': `${rawN.perCommitMs.toFixed(3)} / ${rawF.perCommitMs.toFixed(3)}`,
  'sample batches NORMAL: samples/s': normal.rate,
  'sample batches FULL: samples/s': full.rate,
  'ratio FULL / NORMAL (batches)': Math.round((full.rate / normal.rate) * 1000) / 1000,
  'ratio FULL / NORMAL (raw commits)': Math.round((rawF.rate / rawN.rate) * 1000) / 1000,
  'ratio batches / raw (NORMAL)': Math.round((normal.rate / rawN.rate) * 1000) / 1000,
  'batch latency NORMAL p50 / p99: ms': `${normal.p50.toFixed(2)} / ${normal.p99.toFixed(2)}`,
  'batch latency FULL p50 / p99: ms': `${full.p50.toFixed(2)} / ${full.p99.toFixed(2)}`,
  'accepted NORMAL / FULL': `${normal.accepted} / ${full.accepted}`,
});
