/**
 * npm run bench -- import-people [rows=1000000]
 * Writes a CSV of generated people, imports it through the real import path (validation,
 * dedupe, counters, batches) into SQLite and PostgreSQL (EPIGRID_BENCH_PG_URL), and measures
 * the raw insert rate of the same rows in the same run for comparison.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { iteratePeople, planCity } from '../src/sim';
import { systemActor } from '../src/server/modules/auth/actor';
import { AreaRepository } from '../src/server/modules/areas/area.repository';
import { writePersons } from '../src/server/modules/people/bulk-insert';
import { simPersonRow } from '../src/server/modules/people/demo-rows';
import { importPeople } from '../src/server/modules/people/people-import';
import type { AppContext } from '../src/server/context';
import { benchPostgres, benchSqlite, report } from './lib';

const rows = Number(process.argv[2] ?? 1_000_000);
const plan = planCity({ seed: 42, people: rows });
const file = path.join(os.tmpdir(), `epigrid-bench-people-${rows}.csv`);
if (!fs.existsSync(file)) {
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, 'id_number,name,sex,birth_date,phone,area_code,address,household,tags\n');
  for (const batch of iteratePeople(plan, 20_000))
    fs.writeSync(out, stringify(batch.map((p) => [p.idNumber, p.name, p.sex, p.birthDate, p.phone, p.areaCode, p.address, p.householdCode, p.tags.join('|')])));
  fs.closeSync(out);
}

async function seedAreas(ctx: AppContext): Promise<void> {
  const now = ctx.clock.nowIso();
  await new AreaRepository(ctx.db, ctx.dialect).insertMany(
    plan.areas.map((a) => ({
      code: a.code,
      parent_code: a.parentCode,
      level: a.level,
      name: a.name,
      geometry: null,
      centroid_lon: null,
      centroid_lat: null,
      population: 0,
      households: 0,
      created_at: now,
    })),
  );
}

async function run(engine: string, make: (n: string) => Promise<AppContext | null>): Promise<void> {
  const ctx = await make('bench_import');
  if (!ctx) return console.log(`\n(${engine}: set EPIGRID_BENCH_PG_URL to measure)`);
  await seedAreas(ctx);
  const t0 = Date.now();
  const r = await importPeople(ctx, systemActor('bench'), file);
  const importS = (Date.now() - t0) / 1000;
  const t1 = Date.now();
  const again = await importPeople(ctx, systemActor('bench'), file);
  const reimportS = (Date.now() - t1) / 1000;
  await ctx.database.close();

  const raw = await make('bench_raw');
  if (!raw) return;
  await seedAreas(raw);
  const now = raw.clock.nowIso();
  const prepared = [];
  for (const batch of iteratePeople(plan, 20_000)) prepared.push(batch.map((p) => simPersonRow(raw.pii, p, now)));
  const t2 = Date.now();
  for (const batch of prepared) {
    const people = batch.map((b) => b.row);
    const tags = batch.flatMap((b) => b.tags);
    if (raw.database.sqlite) {
      raw.database.sqlite.exec('begin');
      await writePersons(raw.database, people, tags);
      raw.database.sqlite.exec('commit');
    } else await raw.db.transaction().execute((trx) => writePersons(raw.database, people, tags, trx));
  }
  const rawS = (Date.now() - t2) / 1000;
  await raw.database.close();
  report(`import-people on ${engine} (${rows.toLocaleString()} rows, CSV ${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`, {
    'import: rows/s (parse+validate+hash+encrypt+insert)': rows / importS,
    'import: seconds': importS,
    result: JSON.stringify({ accepted: r.accepted, rejected: r.rejected, unchanged: r.unchanged, updated: r.updated }),
    're-import (idempotent): rows/s': rows / reimportS,
    're-import result': JSON.stringify({ accepted: again.accepted, unchanged: again.unchanged }),
    'raw insert of the same rows: rows/s': rows / rawS,
  });
}

await run('SQLite', (n) => benchSqlite(n));
await run('PostgreSQL', (n) => benchPostgres(n));
