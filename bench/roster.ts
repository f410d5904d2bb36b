/**
 * npm run bench -- roster [groups=2000]
 *
 * Duty roster (issue 15 item 5): N work groups city-wide, each with an 8 h rotation of three and a
 * cover. Figures: the 14-day coverage check over every group, "who is on duty now" for every group,
 * and one hand-over job run, each against a raw baseline (a plain select of the same rotation and
 * override rows). SQLite (file), and PostgreSQL with EPIGRID_BENCH_PG_URL. Shared machine: indicative only.
 */
import { sql } from 'kysely';
import type { AppContext } from '../src/server/context';
import { ManualClock } from '../src/server/lib/clock';
import { systemActor } from '../src/server/modules/auth/actor';
import { sendHandoverNotices } from '../src/server/modules/response/roster-handover';
import { RosterService } from '../src/server/modules/response/roster.service';
import { benchPostgres, benchSqlite, report, timed } from './lib';

const N = Number(process.argv[2] ?? 2_000);
const actor = systemActor('bench');

async function run(engine: string, open: (name: string) => Promise<AppContext | null>) {
  const base = await open('bench_roster');
  if (!base) return console.log(`\n(${engine} skipped: set EPIGRID_BENCH_PG_URL)`);
  const clock = new ManualClock('2026-05-06T02:00:00Z');
  const ctx: AppContext = { ...base, clock };
  const now = clock.nowIso();
  const groups = Array.from({ length: N }, (_, i) => ({
    id: `g${String(i).padStart(6, '0')}`,
    code: 'tracing',
    name: `流调组${i}`,
    area_code: `320706${String(100 + (i % 900)).padStart(3, '0')}${String(Math.floor(i / 900)).padStart(3, '0')}`,
    lead_user_id: null,
    created_at: now,
  }));
  const rotations = groups.map((g, i) => ({
    id: `r${i}`,
    group_id: g.id,
    name: g.name,
    starts_at: '2026-01-05T00:00:00.000Z',
    ends_at: null,
    shift_unit: 'hour' as const,
    shift_count: 8,
    weekdays: 127,
    members: JSON.stringify([`u${i}a`, `u${i}b`, `u${i}c`]),
    created_by: 'bench',
    created_at: now,
  }));
  const covers = groups.map((g, i) => ({
    id: `o${i}`,
    group_id: g.id,
    kind: 'cover' as const,
    user_id: `u${i}d`,
    replaces_user_id: `u${i}a`,
    starts_at: '2026-05-07T00:00:00.000Z',
    ends_at: '2026-05-07T04:00:00.000Z',
    swap_id: null,
    note: null,
    created_by: 'bench',
    created_at: now,
  }));
  for (let i = 0; i < N; i += 500) {
    await ctx.db
      .insertInto('work_groups')
      .values(groups.slice(i, i + 500))
      .execute();
    await ctx.db
      .insertInto('roster_rotations')
      .values(rotations.slice(i, i + 500))
      .execute();
    await ctx.db
      .insertInto('roster_overrides')
      .values(covers.slice(i, i + 500))
      .execute();
  }
  const roster = new RosterService(ctx);
  const [, rawMs] = await timed(async () => {
    await sql`select * from roster_rotations`.execute(ctx.db);
    await sql`select * from roster_overrides`.execute(ctx.db);
  });
  const [check, checkMs] = await timed(() => roster.check(actor, { days: 14 }));
  const [duty, nowMs] = await timed(() => roster.now(actor));
  clock.set('2026-05-06T07:40:00Z'); // 20 min before the 16:00 local hand-over
  const [sent, handoverMs] = await timed(() => sendHandoverNotices(ctx));
  const [again, againMs] = await timed(() => sendHandoverNotices(ctx));
  report(`roster on ${engine}: ${N.toLocaleString()} groups, 8 h rotations of three, one cover each`, {
    'raw select of rotations and overrides ms (baseline)': rawMs,
    [`check 14 days ms (${check.uncovered_minutes} min uncovered, ${(N * 14 * 3).toLocaleString()} shifts)`]: checkMs,
    'check / raw select': checkMs / Math.max(rawMs, 0.01),
    [`now ms (${duty.length.toLocaleString()} groups)`]: nowMs,
    [`hand-over job ms (${sent.notices.toLocaleString()} notices)`]: handoverMs,
    [`hand-over job again ms (${again.notices} notices: idempotent)`]: againMs,
  });
  await ctx.database.close();
}

await run('SQLite', (n) => benchSqlite(n));
await run('PostgreSQL', (n) => benchPostgres(n));
