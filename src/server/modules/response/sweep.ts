import { sql, type Kysely } from 'kysely';
import type { PlanDefinition } from '../../../contract/response';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { noticeSchedule, step, type NoticeTarget } from './escalation';
import { noticeTitle, sendNotices, type Notice } from './notify';
import { commandCentreUsers, OwnerResolver } from './owners';

const BATCH = 5000;

/**
 * One run of the notice sweep (job `response.notices`, every 15 s): read only the open tasks whose
 * next notice is due (an index range on status + next_alert_at), send what each schedule says is
 * due — due soon, overdue, each escalation step — skipping a step that resolves to nobody, then move
 * every task to its next stage in one statement per batch. Returns the notices sent.
 */
export async function sweepNotices(ctx: AppContext): Promise<{ tasks: number; notices: number; escalations: number }> {
  const now = ctx.clock.nowIso();
  const nowMs = Date.parse(now);
  const plans = new Map<string, PlanDefinition['escalation']>();
  for (const p of await ctx.db.selectFrom('response_plans').select(['code', 'definition']).execute())
    plans.set(p.code, (JSON.parse(p.definition) as PlanDefinition).escalation);
  const leads = new Map<string, string | null>();
  const centres = new Map<string, string[]>();
  const names = new Map<string, string>();
  let tasks = 0;
  let notices = 0;
  let escalations = 0;
  for (;;) {
    const due = await ctx.db
      .selectFrom('response_tasks')
      .select(['id', 'incident_id', 'plan_code', 'action', 'group_code', 'area_code', 'owner_user_id', 'due_at', 'alert_stage'])
      .where('status', '=', 'open')
      .where('next_alert_at', '<=', now)
      .orderBy('next_alert_at')
      .limit(BATCH)
      .execute();
    if (due.length === 0) break;
    const recipients = async (to: NoticeTarget, t: (typeof due)[number]): Promise<string[]> => {
      if (to === 'owner' && t.owner_user_id) return [t.owner_user_id];
      if (to === 'group_lead') {
        const key = `${t.group_code}|${t.area_code}`;
        if (!leads.has(key)) leads.set(key, (await new OwnerResolver(ctx.db, t.area_code).groupLead(t.group_code))?.userId ?? null);
        const lead = leads.get(key);
        return lead ? [lead] : [];
      }
      // the command centre, and the owner of a task the command centre holds (nobody resolved)
      if (!centres.has(t.area_code)) centres.set(t.area_code, await commandCentreUsers(ctx.db, t.area_code));
      return centres.get(t.area_code) ?? [];
    };
    await incidentNames(
      ctx.db,
      due.map((t) => t.incident_id),
      names,
    );
    const out: Notice[] = [];
    const moves: Array<[string, number, string | null, number]> = [];
    for (const t of due) {
      const schedule = noticeSchedule(t.due_at, plans.get(t.plan_code) ?? { dueSoonMinutes: 0, steps: [] });
      const s = step(schedule, Number(t.alert_stage), nowMs, Date.parse(t.due_at));
      let esc = 0;
      for (const f of s.fire) {
        const users = await recipients(f.to, t);
        if (users.length === 0) continue; // a step that resolves to nobody is skipped at once
        if (f.kind === 'escalation') esc++;
        for (const userId of users)
          out.push({
            userId,
            taskId: t.id,
            incidentId: t.incident_id,
            kind: f.kind,
            title: noticeTitle(f.kind, t.action, names.get(t.incident_id) ?? ''),
            dueAt: t.due_at,
          });
      }
      escalations += esc;
      moves.push([t.id, s.stage, s.nextAtMs == null ? null : new Date(s.nextAtMs).toISOString(), esc]);
    }
    await ctx.db.transaction().execute(async (trx) => {
      notices += await sendNotices(trx, now, out);
      await moveStages(trx, moves);
    });
    tasks += due.length;
    if (due.length < BATCH) break;
  }
  return { tasks, notices, escalations };
}

/** One UPDATE … FROM (VALUES …) per chunk: each task's next stage, next time and added escalations (both engines). */
async function moveStages(trx: Kysely<DB>, moves: ReadonlyArray<[string, number, string | null, number]>): Promise<void> {
  for (let i = 0; i < moves.length; i += 1000) {
    const values = sql.join(
      moves.slice(i, i + 1000).map(([id, stage, next, esc]) => sql`(${id}, cast(${stage} as integer), cast(${next} as text), cast(${esc} as integer))`),
    );
    await sql`update response_tasks set alert_stage = v.column2, next_alert_at = v.column3, escalations = response_tasks.escalations + v.column4
      from (values ${values}) as v where response_tasks.id = v.column1 and response_tasks.status = 'open'`.execute(trx);
  }
}

async function incidentNames(db: Kysely<DB>, ids: readonly string[], into: Map<string, string>): Promise<void> {
  const want = [...new Set(ids)].filter((id) => !into.has(id));
  for (let i = 0; i < want.length; i += 500) {
    const rows = await db
      .selectFrom('incidents')
      .select(['id', 'name'])
      .where('id', 'in', want.slice(i, i + 500))
      .execute();
    for (const r of rows) into.set(r.id, r.name);
  }
}
