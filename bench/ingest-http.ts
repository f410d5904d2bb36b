/**
 * npm run bench -- ingest-http [people=100000] [devices=50] [batch=500]
 *
 * The device path end to end: the real server (bin/server.js in a child process, demo city of
 * `people`, jobs on — the `testing.settle-samples` job counts the samples into coverage), one
 * round over the district, and `devices` sampler accounts posted to one site, each logged in
 * through POST /auth/login from its own address (behind a trusted proxy, as phones on a site's
 * network reach the server). Every person is sampled once: the devices take 500-row batches
 * (tubes of 10, a clientId per row) off one queue and POST /testing/samples back to back; a 429
 * is waited out (Retry-After) and the same batch re-sent, as the scan page does. Printed:
 * samples/s, batch latency p50/p95/p99, shed requests, the coverage staleness seen by a reader
 * polling every second, the time until the last sample is counted, and the ratio to the raw
 * insert of the same rows into a fresh database measured in the same run. SQLite; PostgreSQL
 * too with EPIGRID_BENCH_PG_URL.
 */
import { iteratePeople, planCity } from '../src/sim';
import { openPostgres, openSqlite } from '../src/server/db/database';
import { ADMIN_PASSWORD, startServer } from './load/server';
import { rawInsert, SAMPLE_COLUMNS, type SampleRow } from './load/raw-samples';
import { benchPostgres, benchSqlite, percentile, report } from './lib';

const PEOPLE = Number(process.argv[2] ?? 100_000);
const DEVICES = Number(process.argv[3] ?? 50);
const BATCH = Number(process.argv[4] ?? 500);
const SEED = 20220506;
const SITE = 'HTTP-SITE';
const PASSWORD = 'Bench-device-2026!';

const plan = planCity({ seed: SEED, people: PEOPLE });
const ids: string[] = [];
for (const chunk of iteratePeople(plan, 10_000)) for (const p of chunk) ids.push(p.idNumber);
const street = plan.areas.find((a) => a.level === 'street')?.code as string;

/** A session cookie; `from` is the address the trusted proxy reports (one per device). */
async function login(base: string, username: string, password: string, from: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username} ${res.status} ${await res.text()}`);
  return String(res.headers.get('set-cookie')).split(';')[0] as string;
}

async function call<T>(base: string, cookie: string, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/api/v1${url}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url} ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Coverage {
  sampled: number;
  outsideTarget: number;
  settledAt: string;
  pendingSamples: number;
}

/** Every `everyMs` until stopped: how far behind the coverage figures were (0 when nothing pending). */
async function watchCoverage(read: () => Promise<Coverage>, stopped: () => boolean): Promise<number[]> {
  const behind: number[] = [];
  while (!stopped()) {
    const c = await read().catch(() => null);
    if (!c) break; // the server is gone: the posting side reports why
    behind.push(c.pendingSamples > 0 ? Date.now() - Date.parse(c.settledAt) : 0);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return behind;
}

async function run(engine: 'sqlite' | 'postgres'): Promise<void> {
  const server = await startServer(engine, PEOPLE, SEED, { EPIGRID_JOBS: 'on', EPIGRID_TRUST_PROXY: 'loopback' });
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= server.stop());
  try {
    const { base } = server;
    const admin = await login(base, 'admin', ADMIN_PASSWORD, '10.9.0.1');
    await call(base, admin, 'POST', '/testing/sites', { code: SITE, area: street, teams: DEVICES });
    const startsAt = new Date(Date.now() - 3_600_000).toISOString();
    const roundId = (await call<{ id: string }>(base, admin, 'POST', '/testing/rounds', { areas: [plan.districtCode], poolSize: 10, startsAt })).id;
    const cookies: string[] = [];
    for (let d = 0; d < DEVICES; d++) {
      const username = `sampler${String(d).padStart(3, '0')}`;
      await call(base, admin, 'POST', '/users', {
        username,
        displayName: `采样终端 ${d}`,
        role: 'sampler',
        scope: [street],
        sites: [{ kind: 'sampling_site', code: SITE }],
        password: PASSWORD,
        mustChangePassword: false,
      });
      cookies.push(await login(base, username, PASSWORD, `10.9.${1 + Math.floor(d / 250)}.${1 + (d % 250)}`));
    }

    const batches = Math.ceil(PEOPLE / BATCH);
    let next = 0;
    const latencies: number[] = [];
    let shed = 0;
    let accepted = 0;
    let rejected = 0;
    const body = (k: number) => {
      const at = new Date(Date.now() - 60_000).toISOString();
      const samples = ids.slice(k * BATCH, (k + 1) * BATCH).map((idNumber, j) => ({
        roundId,
        tubeBarcode: `H${String(k).padStart(6, '0')}-${String(Math.floor(j / 10)).padStart(2, '0')}`,
        idNumber,
        siteCode: SITE,
        collectedAt: at,
        clientId: `bench-${String(k).padStart(6, '0')}-${String(j).padStart(3, '0')}`,
      }));
      return JSON.stringify({ samples });
    };
    const device = async (cookie: string) => {
      for (let k = next++; k < batches; k = next++) {
        const payload = body(k);
        for (;;) {
          const t0 = performance.now();
          const res = await fetch(`${base}/api/v1/testing/samples`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: payload });
          const answer = (await res.json()) as { accepted?: number; rejected?: unknown[] };
          if (res.status === 429) {
            shed++;
            await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
            continue;
          }
          if (!res.ok) throw new Error(`samples ${res.status} ${JSON.stringify(answer)}`);
          latencies.push(performance.now() - t0);
          accepted += answer.accepted ?? 0;
          rejected += answer.rejected?.length ?? 0;
          break;
        }
      }
    };
    const readCoverage = () => call<Coverage>(base, admin, 'GET', `/testing/rounds/${roundId}/coverage`);
    let posting = true;
    const watcher = watchCoverage(readCoverage, () => !posting);
    const t0 = performance.now();
    await Promise.all(cookies.map(device));
    const seconds = (performance.now() - t0) / 1000;
    posting = false;
    const behind = await watcher;
    // After the last ack: until the job (or a reader's small-backlog settle) has counted everyone.
    const t1 = performance.now();
    let counted: Coverage = await readCoverage();
    while (counted.pendingSamples > 0) {
      await new Promise((r) => setTimeout(r, 200));
      counted = await readCoverage();
    }
    const catchUp = (performance.now() - t1) / 1000;

    // The raw baseline: the server's sample rows, inserted into a fresh database of the same engine.
    const source = engine === 'sqlite' ? openSqlite(server.sqliteFile as string) : openPostgres(server.databaseUrl as string, 2);
    const rows = (await source.db
      .selectFrom('samples')
      .select([...SAMPLE_COLUMNS, 'client_id'])
      .where('round_id', '=', roundId)
      .execute()) as SampleRow[];
    await source.close();
    await stop();
    const raw = engine === 'sqlite' ? await benchSqlite('bench_http_raw') : await benchPostgres('bench_http_raw');
    if (!raw) return;
    const rawMs = await rawInsert(raw, rows, true);
    await raw.database.close();

    const rate = accepted / seconds;
    const rawRate = rows.length / (rawMs / 1000);
    report(`ingest-http on ${engine}: ${DEVICES} devices posting ${BATCH}-sample batches, ${PEOPLE.toLocaleString('en-US')} people`, {
      'samples/s (acknowledged)': rate,
      'accepted / rejected / shed (429, re-sent)': `${accepted} / ${rejected} / ${shed}`,
      'batch latency p50 / p95 / p99 ms': `${percentile(latencies, 0.5).toFixed(0)} / ${percentile(latencies, 0.95).toFixed(0)} / ${percentile(latencies, 0.99).toFixed(0)}`,
      'raw insert of the same rows: rows/s': rawRate,
      'ratio HTTP / raw': (rate / rawRate).toFixed(2),
      'coverage behind while posting: p50 / max s': `${(percentile(behind, 0.5) / 1000).toFixed(1)} / ${(Math.max(0, ...behind) / 1000).toFixed(1)}`,
      'after the last ack, all counted in: s': catchUp,
      'counted (sampled + outside target)': counted.sampled + counted.outsideTarget,
    });
  } finally {
    await stop();
  }
}

await run('sqlite');
if (process.env.EPIGRID_BENCH_PG_URL) await run('postgres');
