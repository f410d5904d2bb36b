/**
 * npm run bench -- quarantine [rooms=50000] [placements=200000]
 *
 * A city with `rooms` quarantine rooms in 100 sites and `placements` placements (the live ones
 * fill the rooms, the rest are released history). Measures the capacity board, the placement
 * list page, the 14-day projection, and placing 10,000 people from a list (auto-assignment by
 * family and area) — on SQLite, and on PostgreSQL when EPIGRID_BENCH_PG_URL is set.
 */
import { systemActor } from '../src/server/modules/auth/actor';
import { insertChunks } from '../src/server/db/dialect';
import { newId } from '../src/server/lib/ids';
import { loadDemoCity } from '../src/server/modules/people/demo-loader';
import { CapacityService } from '../src/server/modules/quarantine/capacity.service';
import { FacilitiesService } from '../src/server/modules/quarantine/facilities.service';
import { PlacementQueries } from '../src/server/modules/quarantine/placement-queries';
import { PlacementsService } from '../src/server/modules/quarantine/placements.service';
import type { PlacementRow } from '../src/server/modules/quarantine/quarantine.table';
import type { AppContext } from '../src/server/context';
import { benchPostgres, benchSqlite, percentile, report, timed } from './lib';

const ROOMS = Number(process.argv[2] ?? 50_000);
const PLACEMENTS = Number(process.argv[3] ?? 200_000);
const SITES = 100;
const actor = systemActor('bench');

async function run(engine: string, make: (n: string) => Promise<AppContext | null>): Promise<void> {
  const ctx = await make('bench_quarantine');
  if (!ctx) return console.log(`\n(${engine}: set EPIGRID_BENCH_PG_URL to measure)`);
  const people = Math.max(300_000, PLACEMENTS + 20_000);
  await loadDemoCity(ctx, actor, { people, seed: 11 });
  const streets = (await ctx.db.selectFrom('areas').select('code').where('level', '=', 'street').execute()).map((a) => a.code);
  const facilities = new FacilitiesService(ctx);
  for (let i = 0; i < SITES; i++)
    await facilities.create(actor, { name: `隔离点${i + 1}`, type: 'quarantine', areaCode: streets[i % streets.length] ?? '320706', rooms: ROOMS / SITES });
  await facilities.create(actor, { name: '备用酒店', type: 'quarantine', areaCode: '320706', rooms: 2000, mode: 'standby', activationHours: 24 });

  // Persons in registry order: households are contiguous, so families arrive together as in a real list.
  const ids = (await ctx.db.selectFrom('persons').select('id').orderBy('household_code').limit(people).execute()).map((p) => p.id);
  const placements = new PlacementsService(ctx);
  const liveTarget = Math.min(ROOMS - 12_000, Math.floor(ROOMS * 0.7));
  let placedLive = 0;
  let cursor = 0;
  while (placedLive < liveTarget) {
    const r = await placements.placeMany(actor, ids.slice(cursor, cursor + 10_000), 'close-contact');
    placedLive += r.placed.length;
    cursor += 10_000;
  }
  // Released history up to PLACEMENTS rows in all.
  const facilityIds = (await ctx.db.selectFrom('facilities').select('id').execute()).map((f) => f.id);
  const now = ctx.clock.nowIso();
  const history: PlacementRow[] = [];
  for (let i = 0; history.length < PLACEMENTS - placedLive; i++) {
    const pid = ids[(cursor + i) % ids.length] ?? '';
    history.push({
      id: newId(),
      person_id: pid,
      area_code: '320706',
      facility_id: facilityIds[i % facilityIds.length] ?? '',
      room_id: null,
      carer: null,
      reason: 'close-contact',
      status: 'released',
      start_at: '2026-04-01T00:00:00.000Z',
      site_end: '2026-04-08T00:00:00.000Z',
      monitoring_end: '2026-04-11T00:00:00.000Z',
      released_at: '2026-04-08T01:00:00.000Z',
      release_note: null,
      ended_reason: 'released',
      override: 0,
      created_by: 'bench',
      created_at: now,
    });
  }
  await ctx.db.transaction().execute(async (trx) => {
    for (const chunk of insertChunks(ctx.dialect, history)) await trx.insertInto('placements').values(chunk).execute();
  });

  const cap = new CapacityService(ctx);
  const boardMs: number[] = [];
  let board = await cap.board(actor);
  for (let i = 0; i < 20; i++) {
    const [b, ms] = await timed(() => cap.board(actor));
    board = b;
    boardMs.push(ms);
  }
  const listMs: number[] = [];
  for (let i = 0; i < 10; i++) listMs.push((await timed(() => new PlacementQueries(ctx).list(actor, { status: 'live', limit: 100 })))[1]);
  const [, projMs] = await timed(() => cap.projection(actor, { days: 14 }));

  // The headline: 10,000 people from a list, families together, nearest site with a free room.
  const list = ids.slice(cursor, cursor + 10_000);
  const [placed, placeMs] = await timed(() => placements.placeMany(actor, list, 'close-contact'));
  const rooms = new Set(placed.placed.map((p) => `${p.facility_id}/${p.room ?? ''}`)).size;
  const total = await ctx.db
    .selectFrom('placements')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await ctx.database.close();

  report(
    `quarantine on ${engine}: ${board.facilities.length} facilities, ${board.facilities.reduce((s, f) => s + f.rooms_total, 0).toLocaleString()} rooms, ${Number(total.n).toLocaleString()} placements`,
    {
      'capacity board: p50 ms': percentile(boardMs, 0.5),
      'capacity board: p95 ms': percentile(boardMs, 0.95),
      'placement list page (100, live): p50 ms': percentile(listMs, 0.5),
      '14-day projection: ms': projMs,
      'place 10,000 from a list: seconds': placeMs / 1000,
      'place 10,000: placed / problems': `${placed.placed.length} / ${placed.problems.length}`,
      'place 10,000: rooms used (families share)': rooms,
      'rooms per 10,000 residents': board.rooms_per_10k,
    },
  );
}

await run('SQLite', (n) => benchSqlite(n));
await run('PostgreSQL', (n) => benchPostgres(n));
