/**
 * npm run bench -- response [incidents=1000]
 *
 * Response command (issue 15): 1,000 open incidents × a 50-task plan. Figures: activation (50 owned,
 * dated tasks in one transaction; target < 5 s), the escalation sweep over 50,000 open tasks (first
 * run with many notices due, then a steady-state run; target < 1 s), and the task board query p95
 * (target < 300 ms), each against a raw baseline (a plain scan or insert of the same rows).
 * SQLite (file), and PostgreSQL with EPIGRID_BENCH_PG_URL. The machine is shared: indicative only.
 */
import { sql } from 'kysely';
import type { AppContext } from '../src/server/context';
import { ManualClock } from '../src/server/lib/clock';
import { systemActor } from '../src/server/modules/auth/actor';
import { AreaRepository } from '../src/server/modules/areas/area.repository';
import { ActivationService } from '../src/server/modules/response/activation.service';
import { IncidentsService } from '../src/server/modules/response/incidents.service';
import { PlansService } from '../src/server/modules/response/plans.service';
import { sweepNotices } from '../src/server/modules/response/sweep';
import { TasksService } from '../src/server/modules/response/tasks.service';
import { benchPostgres, benchSqlite, percentile, printProfile, report, resetProfile, timed } from './lib';

const N = Number(process.argv[2] ?? 1_000);
const TASKS = 50;
const actor = systemActor('bench');

/**
 * People the notices go to, so the sweep pays for them: each street's 属地 official with an account
 * (the tasks' owner) and three city-wide commanders (the command centre an escalation reaches).
 */
async function staff(ctx: AppContext, now: string): Promise<void> {
  const user = (id: string, role: string) => ({
    id,
    username: id,
    display_name: id,
    password_hash: 'x',
    role,
    scope: '[]',
    sites: '[]',
    disabled: 0,
    must_change_password: 0,
    failed_logins: 0,
    locked_until: null,
    phone_masked: null,
    phone_enc: null,
    created_at: now,
    updated_at: now,
  });
  const streets = Array.from({ length: 20 }, (_, i) => `320706${String(100 + i)}`);
  await ctx.db
    .insertInto('users')
    .values([...streets.map((s) => user(`official-${s}`, 'area_official')), ...[1, 2, 3].map((i) => user(`commander-${i}`, 'commander'))])
    .execute();
  await ctx.db
    .insertInto('principal_areas')
    .values([
      ...streets.map((s) => ({ principal_kind: 'user' as const, principal_id: `official-${s}`, area_code: s })),
      ...[1, 2, 3].map((i) => ({ principal_kind: 'user' as const, principal_id: `commander-${i}`, area_code: '*' })),
    ])
    .execute();
  await ctx.db
    .insertInto('area_responsibles')
    .values(
      streets.map((s) => ({
        id: `resp-${s}`,
        area_code: s,
        duty: 'locality' as const,
        name: `街道${s}`,
        title: null,
        phone_enc: null,
        phone_masked: null,
        user_id: `official-${s}`,
        created_at: now,
      })),
    )
    .execute();
}

async function run(engine: string, open: (name: string) => Promise<AppContext | null>) {
  const base = await open('bench_response');
  if (!base) return console.log(`\n(${engine} skipped: set EPIGRID_BENCH_PG_URL)`);
  const clock = new ManualClock('2026-05-06T00:00:00Z');
  const ctx: AppContext = { ...base, clock };
  const now = clock.nowIso();
  const area = (code: string, parent: string | null, level: 'city' | 'district' | 'street') => ({
    code,
    parent_code: parent,
    level,
    name: code,
    geometry: null,
    centroid_lon: null,
    centroid_lat: null,
    population: 0,
    households: 0,
    created_at: now,
  });
  await new AreaRepository(ctx.db, ctx.dialect).insertMany([
    area('3207', null, 'city'),
    area('320706', '3207', 'district'),
    ...Array.from({ length: 20 }, (_, i) => area(`320706${String(100 + i)}`, '320706', 'street')),
  ]);
  await staff(ctx, now);
  await new PlansService(ctx).import(actor, {
    code: 'bench-50',
    name: 'bench',
    trigger: { kind: 'manual' },
    escalation: {
      dueSoonMinutes: 30,
      steps: [
        { to: 'owner', afterMinutes: 15 },
        { to: 'command_centre', afterMinutes: 60, repeatMinutes: 60, repeats: 3 },
      ],
    },
    tasks: Array.from({ length: TASKS }, (_, i) => ({
      key: `t${i}`,
      action: `任务${i}`,
      owner: { rule: 'duty', duty: 'locality' },
      dueHours: 1 + (i % 24),
      dependsOn: i ? [`t${i - 1}`] : [],
    })),
  });
  const incidents = new IncidentsService(ctx);
  const activation = new ActivationService(ctx);
  const activations: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < N; i++) {
    // T0 spread over the past day: some deadlines long past, some coming
    const t0 = new Date(Date.parse(now) - (i % 24) * 3_600_000).toISOString();
    const inc = await incidents.create(actor, { name: `B${i}`, areaCode: `320706${String(100 + (i % 20))}`, t0 });
    ids.push(inc.id);
    const [, ms] = await timed(() => activation.activate(actor, 'bench-50', inc.id));
    activations.push(ms);
  }
  const openTasks = Number((await sql<{ n: number }>`select count(*) as n from response_tasks where status = 'open'`.execute(ctx.db)).rows[0]?.n);
  const [, scanMs] = await timed(() => sql`select id, due_at, alert_stage from response_tasks where status = 'open'`.execute(ctx.db));
  resetProfile();
  const [first, firstMs] = await timed(() => sweepNotices(ctx));
  printProfile(`${engine}: first sweep`);
  clock.advance(15_000);
  const [steady, steadyMs] = await timed(() => sweepNotices(ctx));
  clock.advance(3_600_000);
  const [hour, hourMs] = await timed(() => sweepNotices(ctx));
  const board: number[] = [];
  const tasks = new TasksService(ctx);
  for (let i = 0; i < 200; i++) board.push((await timed(() => tasks.forIncident(actor, ids[(i * 7919) % ids.length] as string)))[1]);
  const [, rawBoardMs] = await timed(() => sql`select * from response_tasks where incident_id = ${ids[0]}`.execute(ctx.db));
  report(`response on ${engine}: ${N.toLocaleString()} incidents × ${TASKS} tasks (${openTasks.toLocaleString()} open)`, {
    'activation mean ms (50 tasks, one transaction)': activations.reduce((s, x) => s + x, 0) / activations.length,
    'activation p95 ms': percentile(activations, 0.95),
    'activation max ms (target < 5000)': Math.max(...activations),
    'raw scan of open tasks ms (baseline)': scanMs,
    [`catch-up sweep ms (${first.tasks.toLocaleString()} tasks due at once)`]: firstMs,
    [`  its notices: ${first.notices.toLocaleString()} × (inbox + outbox), µs each`]: (firstMs * 1000) / Math.max(first.notices, 1),
    '  its escalations': first.escalations,
    [`sweep, 15 s later ms (${steady.notices} notices)`]: steadyMs,
    [`sweep, 1 h later ms (${hour.tasks.toLocaleString()} tasks, ${hour.notices.toLocaleString()} notices; target < 1000)`]: hourMs,
    'steady sweep / raw scan': steadyMs / scanMs,
    'task board p95 ms (target < 300)': percentile(board, 0.95),
    'task board p95 / raw select': percentile(board, 0.95) / Math.max(rawBoardMs, 0.01),
  });
  await ctx.database.close();
}

await run('SQLite', (n) => benchSqlite(n));
await run('PostgreSQL', (n) => benchPostgres(n));
