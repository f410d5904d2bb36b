// Issue 11, findings 4 and 6: a server under many devices at once, and during a big upload.
//   npm run bench -- load [people=100000] [connections=50,500] [seconds=10] [uploadRows=100000]
// SQLite always; PostgreSQL too when EPIGRID_BENCH_PG_URL is set. The server runs in a child
// process (bin/server.js, demo city of `people`); this process is the clients. Baseline: the
// same health check and search on the idle server, measured first in the same run.
import { iteratePeople, planCity } from '../src/sim';
import { closedLoop, monitor, summary, type Outcome } from './load/client';
import { ADMIN_PASSWORD, startServer } from './load/server';
import { percentile, report } from './lib';

const PEOPLE = Number(process.argv[2] ?? 100_000);
const CONNECTIONS = (process.argv[3] ?? '50,500').split(',').map(Number);
const SECONDS = Number(process.argv[4] ?? 10);
const UPLOAD_ROWS = Math.min(PEOPLE, Number(process.argv[5] ?? 100_000));
const SEED = 20220506;
const BATCH = 20; // samples per device request, as a sampling phone sends them

const plan = planCity({ seed: SEED, people: PEOPLE });
const ids: string[] = [];
const names: string[] = [];
for (const chunk of iteratePeople(plan, 10_000))
  for (const p of chunk) {
    ids.push(p.idNumber);
    if (names.length < 200) names.push(p.name);
  }
const street = plan.areas.find((a) => a.level === 'street')?.code as string;

async function session(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${res.status}`);
  return String(res.headers.get('set-cookie')).split(';')[0] as string;
}

async function post(base: string, cookie: string, url: string, body: unknown): Promise<{ id: string }> {
  const res = await fetch(`${base}/api/v1${url}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url} ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

async function run(engine: 'sqlite' | 'postgres'): Promise<void> {
  const server = await startServer(engine, PEOPLE, SEED);
  try {
    const { base } = server;
    const cookie = await session(base);
    const site = 'LOAD-SITE';
    await post(base, cookie, '/testing/sites', { code: site, area: street });
    const roundId = (await post(base, cookie, '/testing/rounds', { areas: [plan.districtCode], poolSize: 10, startsAt: minutesAgo(600) })).id;
    const search = (i: number) =>
      new Request(`${base}/api/v1/people?q=${encodeURIComponent(names[i % names.length] as string)}&limit=20`, { headers: { cookie } });

    const idleHealth = await monitor(`${base}/healthz`, 10, new Promise((r) => setTimeout(r, 2_000)));
    let k = 0;
    const idleSearch = await closedLoop(1, 2, () => search(k++));
    report(`load on ${engine}: idle baseline (${PEOPLE.toLocaleString('en-US')} people)`, {
      'health p50 / p99 ms': `${percentile(idleHealth.latencies, 0.5).toFixed(1)} / ${percentile(idleHealth.latencies, 0.99).toFixed(1)}`,
      'people search p50 / p99 ms': `${percentile(idleSearch.latencies, 0.5).toFixed(1)} / ${percentile(idleSearch.latencies, 0.99).toFixed(1)}`,
    });

    let person = 0;
    for (const connections of CONNECTIONS) {
      const device = (n: number) => {
        const samples = Array.from({ length: BATCH }, (_, i) => ({
          roundId,
          tubeBarcode: `L${connections}-${n}-${i < 10 ? 'a' : 'b'}`,
          idNumber: ids[person++ % ids.length] as string,
          siteCode: site,
          collectedAt: minutesAgo(1),
        }));
        return new Request(`${base}/api/v1/testing/samples`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ samples }),
        });
      };
      let stop: () => void = () => undefined;
      const stopped = new Promise<void>((r) => (stop = r));
      const health = monitor(`${base}/healthz`, 20, stopped);
      const load = await closedLoop(connections, SECONDS, device);
      stop();
      const h = await health;
      report(`load on ${engine}: ${connections} devices posting ${BATCH}-sample batches for ${SECONDS} s`, {
        ...summary(load, SECONDS),
        'samples per second (answered 2xx)': (load.ok * BATCH) / SECONDS,
        'health during: p50 / p99 ms': `${percentile(h.latencies, 0.5).toFixed(1)} / ${percentile(h.latencies, 0.99).toFixed(1)}`,
        'health p99 / idle p99': percentile(h.latencies, 0.99) / percentile(idleHealth.latencies, 0.99),
      });
    }

    // A big upload through HTTP while health and searches are watched.
    const upRound = (await post(base, cookie, '/testing/rounds', { areas: [plan.districtCode], poolSize: 10, startsAt: minutesAgo(600) })).id;
    const lines = ['round_id,tube_barcode,id_number,site_code,collected_at,collector'];
    const at = minutesAgo(2);
    for (let i = 0; i < UPLOAD_ROWS; i++) lines.push(`${upRound},U-${Math.floor(i / 10)},${ids[i]},${site},${at},`);
    const form = new FormData();
    form.append('file', new Blob([lines.join('\n')], { type: 'text/csv' }), 'samples.csv');
    const started = performance.now();
    const upload = fetch(`${base}/api/v1/testing/samples/import`, { method: 'POST', headers: { cookie }, body: form }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as { accepted?: number },
    }));
    const h = monitor(`${base}/healthz`, 20, upload);
    let s = 0;
    const searchDuring: Outcome = { ok: 0, shed: 0, failed: 0, timedOut: 0, latencies: [] };
    let uploading = true;
    void upload.finally(() => (uploading = false));
    const searcher = (async () => {
      while (uploading) {
        const t0 = performance.now();
        const r = await fetch(search(s++));
        await r.arrayBuffer();
        searchDuring.latencies.push(performance.now() - t0);
        await new Promise((r2) => setTimeout(r2, 50));
      }
    })();
    const done = await upload;
    const seconds = (performance.now() - started) / 1000;
    const health = await h;
    await searcher;
    report(`load on ${engine}: ${UPLOAD_ROWS.toLocaleString('en-US')}-row samples upload through HTTP`, {
      'status / accepted': `${done.status} / ${done.body.accepted ?? '-'}`,
      'upload seconds': seconds,
      'rows per second': UPLOAD_ROWS / seconds,
      'health during: p50 / p99 ms': `${percentile(health.latencies, 0.5).toFixed(1)} / ${percentile(health.latencies, 0.99).toFixed(1)}`,
      'people search during: p50 / p99 ms': `${percentile(searchDuring.latencies, 0.5).toFixed(1)} / ${percentile(searchDuring.latencies, 0.99).toFixed(1)}`,
      'search p99 / idle p99': percentile(searchDuring.latencies, 0.99) / percentile(idleSearch.latencies, 0.99),
    });
  } finally {
    await server.stop();
  }
}

await run('sqlite');
if (process.env.EPIGRID_BENCH_PG_URL) await run('postgres');
