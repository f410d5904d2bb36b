/**
 * npm run bench -- onboarding [grids=5000] [people=1000000]
 *
 * A county onboarding itself (issue 13), on SQLite and, when EPIGRID_BENCH_PG_URL is set, on
 * PostgreSQL:
 *   1. `epigrid areas load --city 3207`: every district, street and community of 连云港市 from
 *      the division list (target < 10 s), then the same again (idempotent: writes nothing);
 *   2. `epigrid import grids`: N grids (default 5,000) with 17-position polygons (target < 10 s),
 *      then the same file again ("unchanged");
 *   3. `epigrid people assign-grid --by-building` over the whole city: N people (default 1,000,000)
 *      registered at their communities, each household code naming one of 10 buildings per grid,
 *      placed into their buildings (target < 60 s), counters, rounds and audit included.
 * Each figure is also given as a ratio to a raw baseline: the same area rows written by a bare
 * multi-row INSERT (no division reading, no checks, no audit) into a fresh database; for the
 * assignment, the bare multi-row INSERT of the same people rows (the seeding, timed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppContext } from '../src/server/context';
import { AreaRepository } from '../src/server/modules/areas/area.repository';
import type { AreaRow } from '../src/server/modules/areas/areas.table';
import { importGrids } from '../src/server/modules/areas/grid-import';
import { loadOfficialTree } from '../src/server/modules/areas/official-tree.service';
import { BuildingRepository } from '../src/server/modules/areas/building.repository';
import { insertChunks } from '../src/server/db/dialect';
import type { PersonRow } from '../src/server/modules/people/people.table';
import { BulkGridAssignment } from '../src/server/modules/people/grid-assignment-bulk';
import { systemActor } from '../src/server/modules/auth/actor';
import { benchPostgres, benchSqlite, printProfile, report, resetProfile, timed } from './lib';

const GRIDS = Number(process.argv[2] ?? 5000);
const PEOPLE = Number(process.argv[3] ?? 1_000_000);
const BUILDINGS_PER_GRID = 10;
const CITY = '3207';
const actor = systemActor('bench');

/** A 16-sided polygon (closed: 17 positions) around a point of 连云港, radius ~300 m. */
function polygonAt(i: number): string {
  const cx = 118.9 + (i % 100) * 0.008;
  const cy = 34.2 + Math.floor(i / 100) * 0.008;
  const ring = Array.from({ length: 16 }, (_, k) => [
    +(cx + 0.003 * Math.cos((2 * Math.PI * k) / 16)).toFixed(6),
    +(cy + 0.003 * Math.sin((2 * Math.PI * k) / 16)).toFixed(6),
  ]);
  ring.push(ring[0] as number[]);
  return JSON.stringify({ type: 'Polygon', coordinates: [ring] });
}

/** A grids CSV spreading N grids over the city's communities, codes left to be generated. */
async function gridsFile(ctx: AppContext): Promise<{ file: string; rows: AreaRow[] }> {
  const communities = await ctx.db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'community')
    .where('code', 'like', `${CITY}%`)
    .orderBy('code')
    .execute();
  const lines = ['grid_code,name,community_code,polygon'];
  const rows: AreaRow[] = [];
  for (let i = 0; i < GRIDS; i++) {
    const community = communities[i % communities.length]?.code as string;
    const n = Math.floor(i / communities.length) + 1;
    const polygon = polygonAt(i);
    lines.push(`,第${n}网格,${community},"${polygon.replace(/"/g, '""')}"`);
    const code = `${community}${String(n).padStart(3, '0')}`;
    rows.push({
      code,
      parent_code: community,
      level: 'grid',
      name: `第${n}网格`,
      geometry: polygon,
      centroid_lon: null,
      centroid_lat: null,
      population: 0,
      households: 0,
      created_at: new Date().toISOString(),
    });
  }
  const file = path.join(os.tmpdir(), `epigrid-bench-grids-${process.pid}.csv`);
  fs.writeFileSync(file, lines.join('\n'));
  return { file, rows };
}

/** The raw baseline: the same rows by a bare chunked multi-row INSERT into a fresh database. */
async function rawInsert(ctx: AppContext, rows: AreaRow[]): Promise<number> {
  const [, ms] = await timed(() => ctx.db.transaction().execute((trx) => new AreaRepository(trx, ctx.dialect).insertMany(rows)));
  return ms;
}

/**
 * Buildings (10 per grid, raw rows) and PEOPLE people at the grids' communities whose household
 * codes name those buildings, with the communities' counters; returns the ms of the people INSERT.
 */
async function seedPeople(ctx: AppContext): Promise<number> {
  const grids = await ctx.db.selectFrom('areas').select(['code', 'parent_code']).where('level', '=', 'grid').orderBy('code').execute();
  const now = new Date().toISOString();
  const buildings = grids.flatMap((g) =>
    Array.from({ length: BUILDINGS_PER_GRID }, (_, k) => `${g.code}${String(k + 1).padStart(3, '0')}`).map((code) => ({ code, grid: g.code })),
  );
  await ctx.db.transaction().execute(async (trx) => {
    await new AreaRepository(trx, ctx.dialect).insertMany(
      buildings.map((b) => ({
        code: b.code,
        parent_code: b.grid,
        level: 'building' as const,
        name: b.code,
        geometry: null,
        centroid_lon: null,
        centroid_lat: null,
        population: 0,
        households: 0,
        created_at: now,
      })),
    );
    await new BuildingRepository(trx, ctx.dialect).insertMany(
      buildings.map((b) => ({ building_code: b.code, grid_code: b.grid, name: b.code, address: null, lng: null, lat: null, created_at: now, updated_at: now })),
    );
  });
  const perCommunity = new Map<string, number>();
  const [, ms] = await timed(() =>
    ctx.db.transaction().execute(async (trx) => {
      const batch: PersonRow[] = [];
      const flush = async () => {
        for (const chunk of insertChunks(ctx.dialect, batch)) await trx.insertInto('persons').values(chunk).execute();
        batch.length = 0;
      };
      for (let i = 0; i < PEOPLE; i++) {
        const b = buildings[Math.floor(i / 3) % buildings.length] as { code: string };
        const community = b.code.slice(0, 12);
        perCommunity.set(community, (perCommunity.get(community) ?? 0) + 1);
        batch.push({
          id: `bench-${String(i).padStart(8, '0')}`,
          doc_type: 'resident_id',
          doc_hash: `h${i}`,
          doc_enc: 'x',
          doc_masked: '3207**********000X',
          name: '居民',
          sex: 'U',
          birth_date: null,
          phone_hash: null,
          phone_enc: null,
          phone_masked: null,
          area_code: community,
          grid_code: null,
          household_code: `${b.code}${String(Math.floor(i / (3 * buildings.length))).padStart(4, '0')}`,
          address: null,
          tags: '[]',
          control_status: 'none',
          control_changed_at: null,
          vaccine_doses: 0,
          vaccine_dates: null,
          created_at: now,
          updated_at: now,
        });
        if (batch.length >= 20_000) await flush();
      }
      await flush();
    }),
  );
  await new AreaRepository(ctx.db, ctx.dialect).bumpCounters(new Map([...perCommunity].map(([c, n]) => [c, { people: n, households: 0 }])));
  return ms;
}

async function run(engine: string, open: (name: string) => Promise<AppContext | null>): Promise<void> {
  const ctx = await open('onboarding');
  const raw = await open('onboarding_raw');
  if (!ctx || !raw) return;
  try {
    const [tree, loadMs] = await timed(() => loadOfficialTree(ctx, actor, { city: CITY }));
    const [again, againMs] = await timed(() => loadOfficialTree(ctx, actor, { city: CITY }));
    const treeRows = await ctx.db.selectFrom('areas').selectAll().orderBy('code').execute();
    const rawTreeMs = await rawInsert(raw, treeRows);

    const { file, rows } = await gridsFile(ctx);
    const [grids, gridsMs] = await timed(() => importGrids(ctx, actor, fs.createReadStream(file)));
    const [gridsAgain, gridsAgainMs] = await timed(() => importGrids(ctx, actor, fs.createReadStream(file)));
    const rawGridsMs = await rawInsert(raw, rows);
    fs.rmSync(file, { force: true });
    if (!grids.written) throw new Error(`grid import refused: ${JSON.stringify(grids.errors.slice(0, 3))}`);

    const seedMs = await seedPeople(ctx);
    resetProfile();
    const [placed, placeMs] = await timed(() => new BulkGridAssignment(ctx).run(actor, { mode: 'building', area: CITY }));
    if (placed.moved !== PEOPLE) throw new Error(`placed ${placed.moved} of ${PEOPLE}`);

    printProfile(`assign by building on ${engine}`);
    report(`onboarding on ${engine} (indicative: the machine is shared)`, {
      [`areas load --city ${CITY}: areas created`]: tree.created,
      'areas load: streets / communities': `${tree.streets} / ${tree.communities}`,
      'areas load: seconds (target < 10)': loadMs / 1000,
      'areas load: ratio to raw INSERT of the same rows': loadMs / rawTreeMs,
      'areas load again: created / unchanged': `${again.created} / ${again.unchanged}`,
      'areas load again: seconds': againMs / 1000,
      [`import grids (${GRIDS}, 17-position polygons): accepted`]: grids.accepted,
      'import grids: seconds (target < 10)': gridsMs / 1000,
      'import grids: ratio to raw INSERT of the same rows': gridsMs / rawGridsMs,
      'import grids again: unchanged': gridsAgain.unchanged,
      'import grids again: seconds': gridsAgainMs / 1000,
      [`assign ${PEOPLE.toLocaleString('en-US')} people to grids by building: moved`]: placed.moved,
      'assign by building: seconds (target < 60)': placeMs / 1000,
      'assign by building: people/s': placed.moved / (placeMs / 1000),
      'assign by building: ratio to raw INSERT of the people': placeMs / seedMs,
    });
  } finally {
    await ctx.database.close();
    await raw.database.close();
  }
}

await run('SQLite', (name) => benchSqlite(name));
if (process.env.EPIGRID_BENCH_PG_URL) await run('PostgreSQL', (name) => benchPostgres(name));
else console.log('\n(PostgreSQL skipped: set EPIGRID_BENCH_PG_URL to a server URL to measure it too)');
