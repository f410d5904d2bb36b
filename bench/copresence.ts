/**
 * npm run bench -- copresence [checkins=100000000] [venues=200000]
 *
 * 1. Fills SQLite with N check-ins of a 10-million-person city over 21 days (raw bulk load in key
 *    order, the person index built after; setup, not the figure).
 * 2. Close-contact candidates for a case with 20 trajectory spans: the co-presence query alone
 *    (p50/p95 over 50 cases), and the whole `trace contacts` use case (snapshot, query, keep).
 * 3. Check-in ingest through the real path (ID number → person by keyed hash, venue check,
 *    duplicate-safe insert) into that full table: rows/s, from a CSV and from batches into days the
 *    table already holds, and from a CSV of a new day (the everyday case).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { generateVenues, iterateCheckins, planCity } from '../src/sim';
import { systemActor } from '../src/server/modules/auth/actor';
import { loadDemoCity } from '../src/server/modules/people/demo-loader';
import { CasesService } from '../src/server/modules/tracing/cases.service';
import { CheckinsService } from '../src/server/modules/tracing/checkins.service';
import { ContactsService } from '../src/server/modules/tracing/contacts.service';
import { importCheckins } from '../src/server/modules/tracing/tracing-files';
import { VenuesService } from '../src/server/modules/tracing/venues.service';
import { benchSqlite, percentile, report } from './lib';

const N = Number(process.argv[2] ?? 100_000_000);
const VENUES = Number(process.argv[3] ?? 200_000);
const CITY = 10_000_000;
const DAYS = 21;
const START = Date.parse('2026-05-01T00:00:00.000Z');
const actor = systemActor('bench');

// Deterministic pseudo-random numbers (xorshift) so runs compare.
let state = 0x2545f491;
const rnd = (n: number) => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) % n;
};
// Person ids shaped like the registry's (36-character UUIDv7 text), one per resident.
const personId = (i: number) => `0190a5b2-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
const venueCode = (i: number) => `V${String(i + 1).padStart(8, '0')}`;

const ctx = await benchSqlite('copresence');
const sqlite = ctx.database.sqlite;
if (!sqlite) throw new Error('SQLite expected');
ctx.clock = { now: () => new Date(START + DAYS * 86_400_000), nowIso: () => new Date(START + DAYS * 86_400_000).toISOString() };

// ---- 1. fill
// Check-ins are keyed (scan_day, venue, time, person) in a WITHOUT ROWID table (migration
// 202611280001): rows are generated a day at a time, sorted into key order and appended, so the
// fill writes the key B-tree left to right; the (scan_day, person, time) index is built after.
sqlite.exec('drop index checkins_day_person_time');
const PER = 250;
const insertStmt = (n: number) =>
  sqlite.prepare(`insert or ignore into checkins (scan_day, venue_code, scanned_at, person_id) values ${Array(n).fill('(?,?,?,?)').join(',')}`);
const stmt = insertStmt(PER);
const t0 = Date.now();
const perDay = Math.ceil(N / DAYS);
const vs = new Int32Array(perDay);
const ts = new Float64Array(perDay);
const ps = new Int32Array(perDay);
const params: Array<string | number> = [];
let made = 0;
for (let d = 0; d < DAYS && made < N; d++) {
  const n = Math.min(perDay, N - made);
  for (let i = 0; i < n; i++) {
    // Daytime scans (07:00–22:00 local), venues skewed so big venues see more people.
    vs[i] = rnd(VENUES) % (rnd(4) === 0 ? 2000 : VENUES);
    ts[i] = START + d * 86_400_000 + (23 + rnd(15)) * 3_600_000 + rnd(3_600_000);
    ps[i] = rnd(CITY);
  }
  // Key order: UTC day, venue, time, person (codes and ids are fixed-width, so numeric order = text order).
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => Math.floor(ts[a]! / 86_400_000) - Math.floor(ts[b]! / 86_400_000) || vs[a]! - vs[b]! || ts[a]! - ts[b]! || ps[a]! - ps[b]!,
  );
  sqlite.exec('begin');
  for (const i of order) {
    params.push(Math.floor(ts[i]! / 86_400_000), venueCode(vs[i]!), new Date(ts[i]!).toISOString(), personId(ps[i]!));
    if (params.length === PER * 4) {
      stmt.run(params);
      params.length = 0;
    }
  }
  if (params.length) insertStmt(params.length / 4).run(params);
  params.length = 0;
  sqlite.exec('commit');
  made += n;
  process.stderr.write(`\r  filled ${made.toLocaleString()} rows…`);
}
process.stderr.write('\n');
const fillS = (Date.now() - t0) / 1000;
const t1 = Date.now();
sqlite.exec('create index checkins_day_person_time on checkins (scan_day, person_id, scanned_at)');
sqlite.exec('analyze');
const indexS = (Date.now() - t1) / 1000;
const rows = Number((sqlite.prepare('select count(*) as n from checkins').get() as { n: number }).n);

// Venues and one registered area so cases can be created through the service.
const plan = planCity({ seed: 7, people: 200_000 });
await loadDemoCity(ctx, actor, { people: 200_000, seed: 7 });
const venues = Array.from({ length: VENUES }, (_, i) => ({
  row: i + 2,
  venueCode: venueCode(i),
  name: `场所${i + 1}`,
  type: 'restaurant',
  areaCode: plan.grids[i % plan.grids.length]?.code ?? '320706',
}));
for (let i = 0; i < venues.length; i += 20_000) await new VenuesService(ctx).upsert(actor, venues.slice(i, i + 20_000));

// ---- 2. candidates for cases with 20 spans
const contacts = new ContactsService(ctx);
const spansOfCase = (firstDay = 0, days = DAYS - 1) =>
  Array.from({ length: 20 }, () => {
    const start = START + (firstDay + rnd(days)) * 86_400_000 + (23 + rnd(14)) * 3_600_000 + rnd(3_600_000);
    const len = rnd(4) === 0 ? 0 : (10 + rnd(110)) * 60_000; // some single scans, some stays up to 2 h
    return {
      venueCode: venueCode(rnd(VENUES) % (rnd(4) === 0 ? 2000 : VENUES)),
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + len).toISOString(),
    };
  });
const timings: number[] = [];
let found = 0;
for (let k = 0; k < 50; k++) {
  const spans = spansOfCase();
  const s = process.hrtime.bigint();
  const c = await contacts.copresence(spans, []);
  timings.push(Number(process.hrtime.bigint() - s) / 1e6);
  found += c.length;
}
// The whole use case once: a registered person reported as a case, 20 interview spans, trace.
const someone = (await ctx.db.selectFrom('persons').select(['id']).limit(1).executeTakeFirstOrThrow()).id;
const kase = await new CasesService(ctx).create(actor, { personId: someone, onsetDate: '2026-05-20' });
for (const s of spansOfCase(DAYS - 5, 4)) await new CasesService(ctx).addSpan(actor, kase.id, s);
const tc = process.hrtime.bigint();
await contacts.traceCase(actor, kase.id);
const traceMs = Number(process.hrtime.bigint() - tc) / 1e6;
// Contacts stored (the bench's scans name synthetic person ids with no registry row, so the answer, which lists people, is empty).
const traced = await ctx.db.selectFrom('contacts').select('id').where('case_id', '=', kase.id).execute();

// ---- 3. ingest through the real path into the full table
const simVenues = generateVenues(plan, VENUES).map((v, i) => ({ ...v, venueCode: venueCode(i) }));
const csv = path.join(os.tmpdir(), 'epigrid-bench-checkins.csv');
const out = fs.openSync(csv, 'w');
fs.writeSync(out, 'id_number,venue_code,scanned_at\n');
let ingestRows = 0;
const batches: Array<Array<{ row: number; idNumber: string; venueCode: string; scannedAt: string }>> = [];
for (const batch of iterateCheckins(plan, simVenues, { days: 7, perPersonPerDay: 1, startDate: '2026-05-10' })) {
  fs.writeSync(out, stringify(batch.map((c) => [c.idNumber, c.venueCode, c.scannedAt])));
  ingestRows += batch.length;
}
fs.closeSync(out);
const ti = Date.now();
const imported = await importCheckins(ctx, actor, csv);
const importS = (Date.now() - ti) / 1000;
// New scans (the next day) through the batch API path.
for (const batch of iterateCheckins(plan, simVenues, { days: 1, perPersonPerDay: 1, startDate: '2026-05-17' }))
  batches.push(batch.map((c, i) => ({ row: i + 2, ...c })));
const svc = new CheckinsService(ctx);
let batchRows = 0;
const tb = Date.now();
for (const b of batches) {
  for (let i = 0; i < b.length; i += 20_000) batchRows += (await svc.ingest(actor, b.slice(i, i + 20_000))).accepted;
}
const batchS = (Date.now() - tb) / 1000;
// The everyday case: scans of a day not yet in the table (the two above land in days the fill
// already holds). Day-leading keys keep these inserts in a small, new slice of each index.
const later = START + (DAYS + 2) * 86_400_000;
ctx.clock = { now: () => new Date(later), nowIso: () => new Date(later).toISOString() };
const out2 = fs.openSync(csv, 'w');
fs.writeSync(out2, 'id_number,venue_code,scanned_at\n');
let newDayRows = 0;
for (const batch of iterateCheckins(plan, simVenues, { days: 1, perPersonPerDay: 3, startDate: '2026-05-23' })) {
  fs.writeSync(out2, stringify(batch.map((c) => [c.idNumber, c.venueCode, c.scannedAt])));
  newDayRows += batch.length;
}
fs.closeSync(out2);
const tn = Date.now();
const newDay = await importCheckins(ctx, actor, csv);
const newDayS = (Date.now() - tn) / 1000;
fs.rmSync(csv, { force: true });
const fileGb = fs.statSync(path.join(ctx.config.dataDir, 'epigrid.db')).size / 1e9;
await ctx.database.close();

report(`copresence on SQLite: ${rows.toLocaleString()} check-ins, ${VENUES.toLocaleString()} venues, ${CITY.toLocaleString()} people, ${DAYS} days`, {
  'setup: raw fill rows/s (key order, one index)': N / fillS,
  'setup: build the person index, s': indexS,
  'database file, GB': fileGb,
  'candidates for 20 spans (query): p50 ms': percentile(timings, 0.5),
  'candidates for 20 spans (query): p95 ms': percentile(timings, 0.95),
  'candidates for 20 spans (query): max ms': Math.max(...timings),
  'candidates per case (mean)': found / timings.length,
  'trace contacts use case (snapshot+query+keep), ms': traceMs,
  'trace contacts: candidates kept': traced.length,
  'ingest CSV (parse+resolve+insert): rows': ingestRows,
  'ingest CSV: rows/s': ingestRows / importS,
  'ingest CSV result': JSON.stringify({
    accepted: imported.accepted,
    duplicates: imported.duplicates,
    unknown_people: imported.unknownPeople,
    unknown_venues: imported.unknownVenues,
  }),
  'ingest batches of 20,000 (API path): rows/s': batchRows / batchS,
  'ingest CSV of a new day: rows': newDayRows,
  'ingest CSV of a new day: rows/s': newDayRows / newDayS,
  'ingest CSV of a new day: accepted': newDay.accepted,
});
