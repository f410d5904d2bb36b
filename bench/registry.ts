/**
 * npm run bench -- registry [people=10000000]
 *
 * Builds the demo city of N people on SQLite (the `epigrid demo` path), then measures person
 * search (by name prefix, by ID number, by phone, within a street) and the area tree with kept
 * counts (district → streets → communities → grids), each p50/p95 over repeated calls.
 */
import { iteratePeople, planCity } from '../src/sim';
import { systemActor } from '../src/server/modules/auth/actor';
import { AreasService } from '../src/server/modules/areas/areas.service';
import { loadDemoCity } from '../src/server/modules/people/demo-loader';
import { RegistryService } from '../src/server/modules/people/registry.service';
import { benchSqlite, percentile, report } from './lib';

const N = Number(process.argv[2] ?? 10_000_000);
const SEED = 20220506;
const actor = systemActor('bench');

async function sample(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  return out;
}

const ctx = await benchSqlite('registry');
const t0 = Date.now();
const city = await loadDemoCity(ctx, actor, { people: N, seed: SEED }, (done, total) => {
  if (done % 1_000_000 < 20_000) process.stderr.write(`\r  ${done.toLocaleString()} / ${total.toLocaleString()}`);
});
process.stderr.write('\n');
const demoS = (Date.now() - t0) / 1000;

// Probes taken from the generated people (the first batch), so every look-up finds someone.
const first = iteratePeople(planCity({ seed: SEED, people: N }), 200).next();
const probes = first.done ? [] : first.value;
if (probes.length === 0) throw new Error('no probe people');
const registry = new RegistryService(ctx);
const areas = new AreasService(ctx);
let k = 0;
const next = () => probes[k++ % probes.length];
const byName = await sample(() => registry.search(actor, { q: next()?.name.slice(0, 2), limit: 50 }), 100);
const byId = await sample(() => registry.search(actor, { q: next()?.idNumber, limit: 50 }), 100);
const withPhone = probes.filter((p) => p.phone);
const byPhone = await sample(() => registry.search(actor, { q: withPhone[k++ % withPhone.length]?.phone ?? undefined, limit: 50 }), 100);
const street = (await areas.children(actor, '320706', null, 50)).items[0]?.code ?? '320706';
const inStreet = await sample(() => registry.search(actor, { q: next()?.name.slice(0, 1), area: street, limit: 50 }), 100);
const tree = await sample(async () => {
  const streets = await areas.children(actor, '320706', null, 100);
  const communities = await areas.children(actor, streets.items[0]?.code ?? '320706', null, 200);
  await areas.children(actor, communities.items[0]?.code ?? '320706', null, 200);
}, 50);
const fileGb = (await import('node:fs')).statSync(`${ctx.config.dataDir}/epigrid.db`).size / 1e9;
await ctx.database.close();

report(`registry on SQLite: ${city.people.toLocaleString()} people, ${city.areas.toLocaleString()} areas`, {
  'epigrid demo: seconds': demoS,
  'epigrid demo: people/s': city.people / demoS,
  'database file, GB': fileGb,
  'search by name prefix: p50 / p95 ms': `${percentile(byName, 0.5).toFixed(1)} / ${percentile(byName, 0.95).toFixed(1)}`,
  'search by ID number: p50 / p95 ms': `${percentile(byId, 0.5).toFixed(1)} / ${percentile(byId, 0.95).toFixed(1)}`,
  'search by phone: p50 / p95 ms': `${percentile(byPhone, 0.5).toFixed(1)} / ${percentile(byPhone, 0.95).toFixed(1)}`,
  'search by name within a street: p50 / p95 ms': `${percentile(inStreet, 0.5).toFixed(1)} / ${percentile(inStreet, 0.95).toFixed(1)}`,
  'area tree with counts (3 levels): p50 / p95 ms': `${percentile(tree, 0.5).toFixed(1)} / ${percentile(tree, 0.95).toFixed(1)}`,
});
