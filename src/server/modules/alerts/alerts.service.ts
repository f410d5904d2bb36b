import type { Kysely } from 'kysely';
import type { AlertDetail, AlertList, TriageAction } from '../../../contract/alerts';
import { triageActions } from '../../../contract/alerts';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError, validationError, why } from '../../errors';
import { publishEvent } from '../../events';
import { addMs, DAY } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { Access, Scope } from '../access';
import { AuditService } from '../audit/audit.service';
import { can, type Actor } from '../auth/actor';
import { AlertRepository, type AlertFilter, type AlertListRow } from './alert.repository';
import { alertView } from './alert-view';
import type { AlertStatus, Grade } from './alerts.table';
import { channels, type ChannelDef } from './channels';
import { actionsFrom, canMove, isOpen, isOverdue, VERDICTS, verifiedWithin48h } from './triage';

/** The figures cover the alerts raised in the last 90 days. */
const STATS_DAYS = 90;

/** The alert inbox and triage (new → verifying → discarded / monitoring / escalated). */
export class AlertsService {
  constructor(private readonly ctx: AppContext) {}

  async list(actor: Actor, q: { status?: AlertStatus; grade?: Grade; area?: string; overdue?: boolean; limit: number }): Promise<AlertList> {
    const now = this.ctx.clock.nowIso();
    const repo = new AlertRepository(this.ctx.db, Scope.of(actor).within(q.area));
    const filter: AlertFilter = { status: q.status, grade: q.grade, overdueAt: q.overdue ? now : undefined, limit: q.limit };
    const [rows, timings] = await Promise.all([repo.list(filter), repo.timings(addMs(now, -STATS_DAYS * DAY))]);
    const w = verifiedWithin48h(timings, now);
    return {
      items: rows.map((r) => alertView(r, now)),
      stats: {
        raised: timings.length,
        eligible48h: w.eligible,
        verifiedWithin48h: w.verified,
        pctVerifiedWithin48h: w.pct,
        open: timings.filter((t) => isOpen(t.status)).length,
        overdue: timings.filter((t) => isOverdue(t, now)).length,
      },
    };
  }

  /** The `epigrid alert list --json` contract: [{id, grade, rule, area_code, status, raised_at}]. */
  async listForCli(actor: Actor, status?: AlertStatus) {
    const rows = await new AlertRepository(this.ctx.db, Scope.of(actor)).list({ status, limit: 10_000 });
    return rows.map((r) => ({ id: r.id, grade: r.grade, rule: r.rule_code, area_code: r.area_code, status: r.status, raised_at: r.raised_at }));
  }

  async show(actor: Actor, id: string): Promise<AlertDetail> {
    const scope = Scope.of(actor);
    await new Access(this.ctx.db, scope).ensure('alert', id, 'read');
    return this.detail(this.ctx.db, actor, scope, id);
  }

  /**
   * One triage step by a named person with a note. An invalid step answers 409 naming the current
   * status; escalating publishes `alert.escalated` in the same transaction (so exactly once, and
   * only when the step commits).
   */
  async step(actor: Actor, id: string, action: TriageAction, note: string): Promise<AlertDetail> {
    const text = note.trim();
    if (!text) throw validationError({ note: why('required', 'a note is required') });
    const to = triageActions[action];
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, scope).ensure('alert', id, 'write');
      const repo = new AlertRepository(trx, scope);
      const a = await repo.byId(id);
      if (!a) throw new Error('unreachable: alert passed the access check');
      const conflict = (status: string) =>
        new DomainError('ALERT_STATUS_CONFLICT', `Alert ${a.code} is ${status}; it cannot be moved to ${to}`, { status, action });
      if (!canMove(a.status, to)) throw conflict(a.status);
      const now = this.ctx.clock.nowIso();
      const verdict = VERDICTS.includes(to) && !a.verified_at;
      if (!(await repo.move(id, a.status, to, { updated_at: now, ...(verdict ? { verified_at: now } : {}) }))) {
        const current = await trx.selectFrom('alerts').select('status').where('id', '=', id).executeTakeFirstOrThrow();
        throw conflict(current.status);
      }
      await trx
        .insertInto('alert_steps')
        .values({ id: newId(), alert_id: id, from_status: a.status, to_status: to, actor_id: actor.id, actor_name: actor.name, note: text, at: now })
        .execute();
      if (to === 'escalated')
        await publishEvent(trx, this.ctx, actor, {
          type: 'alert.escalated',
          areaCode: a.area_code,
          subjectId: id,
          payload: { grade: a.grade, rule: a.rule_code },
        });
      await new AuditService(this.ctx).append(
        {
          actor,
          action: `alert.${action}`,
          targetType: 'alert',
          targetId: id,
          areaCode: a.area_code,
          reason: text,
          details: { from: a.status, to, code: a.code },
        },
        trx,
      );
      return this.detail(trx, actor, scope, id);
    });
  }

  private async detail(db: Kysely<DB>, actor: Actor, scope: Scope, id: string): Promise<AlertDetail> {
    const now = this.ctx.clock.nowIso();
    const repo = new AlertRepository(db, scope);
    const a = (await repo.byId(id)) as AlertListRow;
    const [records, steps] = await Promise.all([repo.records(id), repo.steps(id)]);
    const readable = await this.readable(db, scope, records);
    const shown = records.filter((r) => readable.has(`${r.channel}|${r.record_id}`));
    const summaries = await this.summaries(db, shown);
    const hidden = new Map<string, number>();
    for (const r of records) if (!readable.has(`${r.channel}|${r.record_id}`)) hidden.set(r.channel, (hidden.get(r.channel) ?? 0) + 1);
    return {
      ...alertView(a, now),
      evidence: shown.map((r) => ({
        channel: r.channel,
        recordId: r.record_id,
        subjectId: r.subject_id,
        areaCode: r.area_code,
        occurredAt: r.occurred_at,
        joinedAt: r.joined_at,
        summary: summaries.get(`${r.channel}|${r.record_id}`) ?? null,
      })),
      hidden: [...hidden].map(([channel, count]) => ({ channel, count })),
      steps: steps.map((s) => ({ fromStatus: s.from_status, toStatus: s.to_status, actorName: s.actor_name, note: s.note, at: s.at })),
      actions: can(actor, 'alerts:triage') ? actionsFrom(a.status) : [],
    };
  }

  /** Each shown record's summary, from its channel's `describe` (one query per channel that has one). */
  private async summaries(db: Kysely<DB>, shown: ReadonlyArray<{ channel: string; record_id: string }>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const byChannel = new Map<string, string[]>();
    for (const r of shown) byChannel.set(r.channel, [...(byChannel.get(r.channel) ?? []), r.record_id]);
    for (const [name, ids] of byChannel) {
      const def = (channels as Record<string, ChannelDef | undefined>)[name];
      if (def?.describe) for (const [id, text] of await def.describe(db, ids)) out.set(`${name}|${id}`, text);
    }
    return out;
  }

  /** The contributing records the reader may read: by each channel's access guard (one query per kind), else by area. */
  private async readable(db: Kysely<DB>, scope: Scope, records: ReadonlyArray<{ channel: string; record_id: string; subject_id: string; area_code: string }>) {
    const out = new Set<string>();
    const byKind = new Map<string, typeof records>();
    for (const r of records) {
      const guard = (channels as Record<string, { guard?: string }>)[r.channel]?.guard;
      if (guard) byKind.set(guard, [...(byKind.get(guard) ?? []), r]);
      else if (scope.covers(r.area_code)) out.add(`${r.channel}|${r.record_id}`);
    }
    const access = new Access(db, scope);
    for (const [kind, rs] of byKind) {
      const ok = await access.readable(kind as Parameters<Access['readable']>[0], [...new Set(rs.map((r) => r.subject_id))]);
      for (const r of rs) if (ok.has(r.subject_id)) out.add(`${r.channel}|${r.record_id}`);
    }
    return out;
  }
}
