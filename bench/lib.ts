import type { LogConfig } from 'kysely';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import { loadConfig } from '../src/server/config';
import { createContext, createLogger, type AppContext } from '../src/server/context';
import { openPostgres, openSqlite } from '../src/server/db/database';
import { migrateToLatest } from '../src/server/db/migrator';
import { Pii } from '../src/server/lib/pii';

/** PostgreSQL for benchmarks: EPIGRID_BENCH_PG_URL (a server URL; a fresh C-collated database is created). */
export async function benchPostgres(name: string): Promise<AppContext | null> {
  const url = process.env.EPIGRID_BENCH_PG_URL;
  if (!url) return null;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name} template template0 lc_collate 'C' lc_ctype 'C'`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = openPostgres(u.toString(), 4, queryLog);
  await migrateToLatest(database.db);
  return createContext(loadConfig({ EPIGRID_DATA_DIR: os.tmpdir() }), { database, pii: new Pii(Buffer.alloc(32, 3)), log: createLogger('warn') });
}

/**
 * With EPIGRID_BENCH_PROFILE=1, every statement's time is summed by its first 90 characters;
 * `printProfile()` lists the heaviest (the profile a bench's note cites).
 */
const profile = new Map<string, { ms: number; n: number }>();
const queryLog: LogConfig | undefined = process.env.EPIGRID_BENCH_PROFILE
  ? (e) => {
      const k = e.query.sql.replace(/\s+/g, ' ').slice(0, 90);
      const p = profile.get(k) ?? { ms: 0, n: 0 };
      p.ms += e.queryDurationMillis;
      p.n++;
      profile.set(k, p);
    }
  : undefined;

export function resetProfile(): void {
  profile.clear();
}

export function printProfile(title: string, top = 12): void {
  if (!queryLog) return;
  console.log(`\n-- statements by total time: ${title}`);
  for (const [k, p] of [...profile].sort((a, b) => b[1].ms - a[1].ms).slice(0, top))
    console.log(`  ${(p.ms / 1000).toFixed(1).padStart(7)} s ${String(p.n).padStart(6)}×  ${k}`);
  profile.clear();
}

export async function benchSqlite(name: string): Promise<AppContext> {
  const dir = path.join(os.tmpdir(), `epigrid-bench-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const database = openSqlite(path.join(dir, 'epigrid.db'), { log: queryLog });
  await migrateToLatest(database.db);
  return createContext(loadConfig({ EPIGRID_DATA_DIR: dir }), { database, pii: new Pii(Buffer.alloc(32, 3)), log: createLogger('warn') });
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
}

export function report(title: string, rows: Record<string, string | number>): void {
  console.log(`\n== ${title}`);
  for (const [k, v] of Object.entries(rows))
    console.log(`  ${k.padEnd(44)} ${typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 1 }) : v}`);
}

/** Run `fn` once and return its result with the milliseconds it took. */
export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const s = process.hrtime.bigint();
  const r = await fn();
  return [r, Number(process.hrtime.bigint() - s) / 1e6];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/**
 * With EPIGRID_BENCH_CPU_PROF=DIR, run `fn` under the V8 CPU profiler, write DIR/NAME.cpuprofile
 * (open it in Chrome DevTools) and print the functions with the most self time — the profile a
 * bench's note cites. Without it, just `fn`.
 */
export async function cpuProfiled<T>(name: string, fn: () => Promise<T>, top = 20): Promise<T> {
  const dir = process.env.EPIGRID_BENCH_CPU_PROF;
  if (!dir) return fn();
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  const r = await fn();
  const { profile: p } = (await session.post('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
  session.disconnect();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(p));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const byFn = new Map<string, number>();
  let total = 0;
  for (const n of p.nodes) {
    const us = self.get(n.id) ?? 0;
    total += us;
    const f = n.callFrame;
    const k = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(src|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
    byFn.set(k, (byFn.get(k) ?? 0) + us);
  }
  console.log(`\n-- CPU self time: ${name} (${(total / 1e6).toFixed(1)} s sampled)`);
  for (const [k, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1e6).toFixed(2).padStart(6)} s  ${k}`);
  return r;
}
