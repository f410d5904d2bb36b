import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import type { DomainEvent } from '../../events';
import { DomainError, notFound } from '../../errors';
import { HOUR } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { Access, Scope } from '../access';
import { AuditService } from '../audit';
import { systemActor, type Actor } from '../auth/actor';
import { noticeSchedule } from './escalation';
import { IncidentRepository } from './incident.repository';
import { IncidentsService } from './incidents.service';
import { noticeTitle, sendNotices, type Notice } from './notify';
import { commandCentreUsers, OwnerResolver } from './owners';
import { triggeredBy } from './plan-rules';
import { loadPlan, PlansService } from './plans.service';
import type { IncidentRow, ResponseTaskRow } from './response.table';
import { addTimeline } from './timeline';

export interface Activation {
  created: number;
  tasks: ResponseTaskRow[];
}

/** Plan activation: every template becomes an owned, dated task in one transaction; re-activation adds only what is missing. */
export class ActivationService {
  constructor(private readonly ctx: AppContext) {}

  async activate(actor: Actor, planCode: string, incidentId: string): Promise<Activation> {
    return this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, Scope.of(actor)).ensure('incident', incidentId, 'write');
      const incident = (await new IncidentRepository(trx, Scope.of(actor)).byId(incidentId)) as IncidentRow;
      return this.activateIn(trx, actor, planCode, incident);
    });
  }

  /** Activate in the caller's transaction (the event handler opens the incident in the same one). */
  async activateIn(trx: Kysely<DB>, actor: Actor, planCode: string, incident: IncidentRow): Promise<Activation> {
    if (incident.status !== 'open')
      throw new DomainError('INCIDENT_CLOSED', `Incident ${incident.name} is closed: no plan can be activated on it`, { field: 'incident', reason: 'closed' });
    const plan = await loadPlan(trx, planCode);
    const existing = await trx.selectFrom('response_tasks').selectAll().where('incident_id', '=', incident.id).where('plan_code', '=', planCode).execute();
    const have = new Set(existing.map((t) => t.template_key));
    const missing = plan.definition.tasks.filter((t) => !have.has(t.key));
    const now = this.ctx.clock.nowIso();
    const resolver = new OwnerResolver(trx, incident.area_code, { at: now, timeZone: this.ctx.config.timeZone });
    const rows: ResponseTaskRow[] = [];
    for (const t of missing) {
      const owner = await resolver.resolve(t);
      const dueAt = new Date(Date.parse(incident.t0) + t.dueHours * HOUR).toISOString();
      // the sweep walks the schedule from its start; notices already past go out on its next run
      const schedule = noticeSchedule(dueAt, plan.definition.escalation);
      rows.push({
        id: newId(),
        incident_id: incident.id,
        plan_code: planCode,
        template_key: t.key,
        action: t.action,
        group_code: t.group,
        area_code: incident.area_code,
        owner_user_id: owner.userId,
        owner_name: owner.name,
        owner_note: owner.note,
        mark: t.mark,
        auto_rule: t.autoClose,
        depends_on: JSON.stringify(t.dependsOn),
        status: 'open',
        due_at: dueAt,
        done_at: null,
        done_by: null,
        done_note: null,
        closed_by_ref: null,
        alert_stage: 0,
        next_alert_at: schedule[0] ? new Date(schedule[0].atMs).toISOString() : null,
        escalations: 0,
        created_at: now,
      });
    }
    for (const chunk of insertChunks(this.ctx.dialect, rows))
      await trx
        .insertInto('response_tasks')
        .values(chunk)
        .onConflict((oc) => oc.columns(['incident_id', 'plan_code', 'template_key']).doNothing())
        .execute();
    if (rows.length) {
      await trx
        .insertInto('plan_activations')
        .values({ incident_id: incident.id, plan_code: planCode, plan_version: plan.row.version, activated_by: actor.id ?? actor.name, activated_at: now })
        .onConflict((oc) => oc.columns(['incident_id', 'plan_code']).doNothing())
        .execute();
      await addTimeline(trx, actor, now, [
        {
          incidentId: incident.id,
          kind: 'plan_activated',
          summary: `启动预案 ${plan.definition.name}（${rows.length} 项任务）`,
          refType: 'plan',
          refId: planCode,
        },
      ]);
      await sendNotices(trx, now, await this.startNotices(trx, incident, rows));
      await new AuditService(this.ctx).append(
        {
          actor,
          action: 'response.plan_activated',
          targetType: 'incident',
          targetId: incident.id,
          areaCode: incident.area_code,
          details: { plan: planCode, version: plan.row.version, tasks: rows.map((r) => r.id) },
        },
        trx,
      );
    }
    const all = await trx
      .selectFrom('response_tasks')
      .selectAll()
      .where('incident_id', '=', incident.id)
      .where('plan_code', '=', planCode)
      .orderBy('due_at')
      .orderBy('template_key')
      .execute();
    return { created: rows.length, tasks: all };
  }

  /** A start notice to each owner; a task nobody owns goes to the command centre's users. */
  private async startNotices(trx: Kysely<DB>, incident: IncidentRow, rows: readonly ResponseTaskRow[]): Promise<Notice[]> {
    const centre = rows.some((r) => !r.owner_user_id) ? await commandCentreUsers(trx, incident.area_code) : [];
    return rows.flatMap((r) =>
      (r.owner_user_id ? [r.owner_user_id] : centre).map((userId) => ({
        userId,
        taskId: r.id,
        incidentId: incident.id,
        kind: 'start' as const,
        title: noticeTitle('start', r.action, incident.name),
        dueAt: r.due_at,
      })),
    );
  }

  /**
   * An alert was escalated (surveillance): open an incident for it (or reuse the open one for that
   * alert) and activate every plan bound to the alert's grade and rule. Idempotent: a replay finds
   * the incident and the tasks already there.
   */
  async onAlertEscalated(event: DomainEvent): Promise<void> {
    const actor = systemActor('response.activate-on-escalation');
    const grade = typeof event.payload.grade === 'string' ? event.payload.grade : null;
    const rule = typeof event.payload.rule === 'string' ? event.payload.rule : null;
    const plans = (await new PlansService(this.ctx).list()).filter((p) => triggeredBy(p.definition, grade, rule));
    await this.ctx.db.transaction().execute(async (trx) => {
      const scope = Scope.areas([event.areaCode]);
      const area = await trx.selectFrom('areas').select('code').where('code', '=', event.areaCode).executeTakeFirst();
      if (!area) throw notFound('Area', event.areaCode);
      const incidents = new IncidentsService(this.ctx);
      let incident = await new IncidentRepository(trx, scope).openFrom('alert', event.subjectId);
      if (!incident) {
        const t0 =
          typeof event.payload.t0 === 'string' && Number.isFinite(Date.parse(event.payload.t0)) ? new Date(event.payload.t0).toISOString() : event.createdAt;
        incident = await incidents.open(trx, actor, {
          name: localMonthDay(t0, this.ctx.config.timeZone),
          area: event.areaCode,
          grade,
          t0,
          source: 'alert',
          sourceId: event.subjectId,
        });
      }
      for (const p of plans) await this.activateIn(trx, actor, p.row.code, incident);
    });
  }
}

/** "0506": an incident named by its T0's local month and day, as command centres name outbreaks. */
export function localMonthDay(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, month: '2-digit', day: '2-digit' }).formatToParts(new Date(iso));
  return `${parts.find((p) => p.type === 'month')?.value ?? ''}${parts.find((p) => p.type === 'day')?.value ?? ''}`;
}
