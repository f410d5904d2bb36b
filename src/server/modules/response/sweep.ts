import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { PlanDefinition } from '../../../contract/response';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { AuditService } from '../audit';
import { systemActor } from '../auth/actor';
import { noticeSchedule, step, type Firing, type NoticeTarget } from './escalation';
import { OUTBOX_CHANNEL } from './notify';
import { commandCentreUsers, OwnerResolver } from './owners';

/** Tasks read per transaction, and tasks per statement inside it (5 parameters each in the UPDATE). */
const BATCH = 5000;
const CHUNK = 1000;

type DueTask = {
  id: string;
  plan_code: string;
  group_code: string | null;
  area_code: string;
  owner_user_id: string | null;
  due_at: string;
  alert_stage: number;
};
/** A task moved by this sweep: its stage before and after, its next look, the escalations it counted. */
type Move = { id: string; from: number; to: number; next: string | null; esc: number };

export interface SweepResult {
  tasks: number;
  notices: number;
  escalations: number;
}

/**
 * One run of the notice sweep (job `response.notices`, every 15 s). It reads only the open tasks whose
 * next notice is due (an index range on status + next_alert_at) and works on them as sets, so a catch-up
 * after a restart (tens of thousands of tasks due at once) costs a few statements per thousand tasks:
 *
 * 1. each task's new stage comes from its plan's schedule (pure: escalation.ts); recipients are looked
 *    up once per distinct area and group (never per task), and a step resolving to nobody is skipped;
 * 2. per chunk, one guarded `UPDATE … FROM (VALUES …) RETURNING id` moves the tasks still at the stage
 *    read — a task another sweep moved first is not returned, so no notice goes out twice;
 * 3. one `INSERT … SELECT` per table writes the inbox and outbox rows of the moved tasks, joining them
 *    to the schedule and the recipients; a notice's id is (task, schedule entry, user), unique by the
 *    primary key as a second guard.
 * Each batch is one transaction with one audit entry naming its counts.
 */
export async function sweepNotices(ctx: AppContext): Promise<SweepResult> {
  const now = ctx.clock.nowIso();
  const nowMs = Date.parse(now);
  const schedules = new Map<string, Firing[]>();
  for (const p of await ctx.db.selectFrom('response_plans').select(['code', 'definition']).execute())
    schedules.set(p.code, planSchedule((JSON.parse(p.definition) as PlanDefinition).escalation));
  const recipients = new RecipientCache(ctx.db);
  const total: SweepResult = { tasks: 0, notices: 0, escalations: 0 };
  for (;;) {
    const due: DueTask[] = await ctx.db
      .selectFrom('response_tasks')
      .select(['id', 'plan_code', 'group_code', 'area_code', 'owner_user_id', 'due_at', 'alert_stage'])
      .where('status', '=', 'open')
      .where('next_alert_at', '<=', now)
      .orderBy('next_alert_at')
      .limit(BATCH)
      .execute();
    if (due.length === 0) break;
    const moves: Move[] = [];
    let expected = 0;
    for (const t of due) {
      const schedule = schedules.get(t.plan_code) ?? [];
      const dueMs = Date.parse(t.due_at);
      // the schedule is offsets from the deadline: shift it to this task's
      const s = step(shift(schedule, dueMs), Number(t.alert_stage), nowMs, dueMs);
      let esc = 0;
      for (const f of s.fire) {
        const users = await recipients.for(f.to, t);
        if (users.length > 0 && f.kind === 'escalation') esc++;
        expected += users.length;
      }
      moves.push({ id: t.id, from: Number(t.alert_stage), to: s.stage, next: s.nextAtMs == null ? null : new Date(s.nextAtMs).toISOString(), esc });
    }
    const r = await ctx.db.transaction().execute(async (trx) => {
      const out: SweepResult = { tasks: 0, notices: 0, escalations: 0 };
      for (let i = 0; i < moves.length; i += CHUNK) {
        const chunk = moves.slice(i, i + CHUNK);
        const won = new Set(await moveStages(trx, chunk));
        const moved = chunk.filter((m) => won.has(m.id) && m.to > m.from);
        out.tasks += won.size;
        out.escalations += moved.reduce((n, m) => n + m.esc, 0);
        if (moved.length) out.notices += await insertNotices(trx, now, moved, schedules, recipients.values());
      }
      if (out.notices > 0)
        await new AuditService(ctx).append(
          { actor: systemActor('response.notices'), action: 'response.notices_sent', targetType: 'response_sweep', targetId: now, details: { ...out } },
          trx,
        );
      return out;
    });
    // the rows SQL wrote must be the notices the schedule named (unless another sweep moved some tasks first)
    if (r.tasks === due.length && r.notices !== expected) ctx.log.warn({ written: r.notices, expected }, 'notice sweep: rows written differ from the schedule');
    total.tasks += r.tasks;
    total.notices += r.notices;
    total.escalations += r.escalations;
    if (due.length < BATCH) break;
  }
  return total;
}

/** A plan's schedule as offsets from a deadline at 0 (the order does not depend on the deadline). */
function planSchedule(escalation: PlanDefinition['escalation']): Firing[] {
  return noticeSchedule(new Date(0).toISOString(), escalation);
}

function shift(schedule: readonly Firing[], dueMs: number): Firing[] {
  return schedule.map((f) => ({ ...f, atMs: f.atMs + dueMs }));
}

/** The key under which a firing's recipients are found: the owner ('U'), a group's lead, the command centre of an area. */
function recipientKey(to: NoticeTarget, t: Pick<DueTask, 'owner_user_id' | 'group_code' | 'area_code'>): string {
  // a task nobody owns is held by the command centre: "owner" means the centre then
  if (to === 'owner' && t.owner_user_id) return 'U';
  if (to === 'group_lead') return `L|${t.group_code ?? ''}|${t.area_code}`;
  return `C|${t.area_code}`;
}

/** The same key in SQL, over the task `t` and the schedule entry `s` (column4 = the target). */
const recipientKeySql = sql`case when s.column4 = 'owner' and t.owner_user_id is not null then 'U'
  when s.column4 = 'group_lead' then 'L|' || coalesce(t.group_code, '') || '|' || t.area_code
  else 'C|' || t.area_code end`;

/** Recipients per key, each looked up once per sweep (a group lead per group and area, the command centre per area). */
class RecipientCache {
  private readonly byKey = new Map<string, string[]>([['U', []]]);
  constructor(private readonly db: Kysely<DB>) {}

  async for(to: NoticeTarget, t: DueTask): Promise<string[]> {
    const key = recipientKey(to, t);
    if (key === 'U') return [t.owner_user_id as string];
    let users = this.byKey.get(key);
    if (!users) {
      users =
        to === 'group_lead'
          ? [(await new OwnerResolver(this.db, t.area_code).groupLead(t.group_code))?.userId].filter((u): u is string => !!u)
          : await commandCentreUsers(this.db, t.area_code);
      this.byKey.set(key, users);
    }
    return users;
  }

  /** (key, user) pairs; the owner key carries a null user (the task's own owner is used). */
  values(): Array<[string, string | null]> {
    const out: Array<[string, string | null]> = [['U', null]];
    for (const [k, users] of this.byKey) if (k !== 'U') for (const u of users) out.push([k, u]);
    return out;
  }
}

/**
 * One guarded UPDATE … FROM (VALUES …): moves the tasks still open at the stage read; returns their ids.
 * (`v.column2 + 0`: a plain equality lets SQLite's planner walk the status index and hash the VALUES
 * instead of looking each task up by id — 50× slower.)
 */
async function moveStages(trx: Kysely<DB>, moves: readonly Move[]): Promise<string[]> {
  const values = sql.join(
    moves.map((m) => sql`(${m.id}, cast(${m.from} as integer), cast(${m.to} as integer), cast(${m.next} as text), cast(${m.esc} as integer))`),
  );
  const res = await sql<{
    id: string;
  }>`update response_tasks set alert_stage = v.column3, next_alert_at = v.column4, escalations = response_tasks.escalations + v.column5
    from (values ${values}) as v
    where response_tasks.id = v.column1 and v.column2 + 0 = response_tasks.alert_stage and response_tasks.status = 'open'
    returning response_tasks.id`.execute(trx);
  return res.rows.map((r) => r.id);
}

const KIND_PREFIX = sql`case s.column3 when 'due' then '【即将到期】' when 'overdue' then '【已超时】' else '【超时升级】' end`;

/**
 * The inbox and outbox rows of the moved tasks, each written by one INSERT … SELECT: moved tasks ×
 * their schedule entries in [from, to) × the entry's recipients, less a "due soon" whose deadline
 * has passed. Titles and payloads (ids only) are built in SQL as notify.ts builds them.
 */
async function insertNotices(
  trx: Kysely<DB>,
  now: string,
  moved: readonly Move[],
  schedules: ReadonlyMap<string, Firing[]>,
  recipients: Array<[string, string | null]>,
): Promise<number> {
  const m = sql.join(moved.map((x) => sql`(${x.id}, cast(${x.from} as integer), cast(${x.to} as integer))`));
  const sched = sql.join(
    [...schedules].flatMap(([code, fs]) => fs.map((f, i) => sql`(${code}, cast(${i} as integer), cast(${f.kind} as text), cast(${f.to} as text))`)),
  );
  const r = sql.join(recipients.map(([k, u]) => sql`(${k}, cast(${u} as text))`));
  const noticeId = sql`t.id || ':' || cast(s.column2 as text) || ':' || coalesce(r.column2, t.owner_user_id)`;
  const from = (cols: RawBuilder<unknown>) => sql`select ${cols}
    from (values ${m}) as mv
    join response_tasks t on t.id = mv.column1
    join incidents i on i.id = t.incident_id
    join (values ${sched}) as s on s.column1 = t.plan_code and s.column2 >= mv.column2 and s.column2 < mv.column3
    join (values ${r}) as r on r.column1 = ${recipientKeySql}
    where not (s.column3 = 'due' and t.due_at <= ${now})`;
  const res = await sql`insert into response_inbox (id, user_id, task_id, incident_id, kind, title, created_at, read_at)
    ${from(sql`${noticeId}, coalesce(r.column2, t.owner_user_id), t.id, t.incident_id, s.column3, ${KIND_PREFIX} || i.name || ' · ' || t.action, ${now}, cast(null as text)`)}`.execute(
    trx,
  );
  const payload = sql`'{"notice":"' || ${noticeId} || '","kind":"' || s.column3 || '","recipient":"' || coalesce(r.column2, t.owner_user_id)
    || '","task":"' || t.id || '","incident":"' || t.incident_id || '","dueAt":"' || t.due_at || '"}'`;
  await sql`insert into response_outbox (id, inbox_id, channel, payload, status, attempts, next_attempt_at, sent_at, last_error, created_at)
    ${from(sql`'o:' || ${noticeId}, ${noticeId}, ${OUTBOX_CHANNEL}, ${payload}, 'pending', 0, ${now}, cast(null as text), cast(null as text), ${now}`)}`.execute(
    trx,
  );
  return Number(res.numAffectedRows ?? 0);
}
