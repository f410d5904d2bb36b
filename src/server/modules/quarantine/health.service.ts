import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { DomainError, validationError, why } from '../../errors';
import { newId } from '../../lib/ids';
import { addDays, localDate, startOfLocalDay } from '../../lib/local-time';
import { maskName } from '../../lib/masking';
import { Scope } from '../access';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { FacilityRepository } from './facility.repository';
import { PlacementRepository } from './placement.repository';
import { SiteWorkRepository } from './site-work.repository';

export const FEVER = 37.3;

export interface HealthCheckInput {
  temperature: number;
  symptoms?: string[];
  mentalSupport?: boolean;
  needs?: string;
  date?: string;
}

/**
 * Daily health checks (健康监测) and the tasks they raise for the site's medical staff. The site's
 * staff record them for everyone placed there; the resident's home area may read them.
 */
export class HealthService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  async record(actor: Actor, placementId: string, c: HealthCheckInput) {
    if (!Number.isFinite(c.temperature) || c.temperature < 34 || c.temperature > 43)
      throw validationError({ temperature: why('temperature', 'must be a body temperature between 34.0 and 43.0 °C') });
    const day = c.date ?? localDate(this.ctx.clock.now(), this.ctx.config.timeZone);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw validationError({ date: why('date', 'must be YYYY-MM-DD') });
    const tasks: Array<{ kind: 'fever' | 'mental_support' | 'needs'; detail: string }> = [];
    if (c.temperature >= FEVER)
      tasks.push({ kind: 'fever', detail: `${c.temperature.toFixed(1)} °C${c.symptoms?.length ? `, ${c.symptoms.join('、')}` : ''}` });
    if (c.mentalSupport) tasks.push({ kind: 'mental_support', detail: '心理疏导' });
    if (c.needs?.trim()) tasks.push({ kind: 'needs', detail: c.needs.trim() });
    return this.ctx.db.transaction().execute(async (trx) => {
      const scope = Scope.of(actor);
      const p = await new PlacementRepository(trx, scope, this.ctx.dialect).get(placementId, 'write');
      if (p.status !== 'live') throw new DomainError('PLACEMENT_ENDED', 'Health checks are for live placements', {});
      const now = this.ctx.clock.nowIso();
      const work = new SiteWorkRepository(trx, scope);
      const checkId = newId();
      await work.insertCheck({
        id: checkId,
        placement_id: p.id,
        check_date: day,
        temperature: c.temperature,
        symptoms: JSON.stringify(c.symptoms ?? []),
        mental_support: c.mentalSupport ? 1 : 0,
        needs: c.needs ?? null,
        recorded_by: actor.name,
        at: now,
      });
      await work.raiseTasks(
        tasks.map((t) => ({
          id: newId(),
          facility_id: p.facility_id,
          placement_id: p.id,
          kind: t.kind,
          day,
          detail: t.detail,
          status: 'open',
          created_at: now,
          done_at: null,
        })),
      );
      await this.audit.append(
        {
          actor,
          action: 'placement.health_checked',
          targetType: 'placement',
          targetId: p.id,
          details: { checkId, personId: p.person_id, facilityId: p.facility_id, date: day, fever: c.temperature >= FEVER, tasks: tasks.map((t) => t.kind) },
        },
        trx,
      );
      return { placementId: p.id, date: day, fever: c.temperature >= FEVER, tasks: tasks.map((t) => t.kind) };
    });
  }

  async checks(actor: Actor, placementId: string) {
    const scope = Scope.of(actor);
    const p = await new PlacementRepository(this.ctx.db, scope, this.ctx.dialect).get(placementId);
    return new SiteWorkRepository(this.ctx.db, scope).checksOf(p.id);
  }

  /**
   * Set-based: a task for every live placement (started before that day) with no check on `day`
   * (default yesterday). A background job for the whole city (CityRule 'job'): it writes only tasks,
   * which then reach each site's staff.
   */
  async raiseMissedChecks(day?: string): Promise<number> {
    const d = day ?? addDays(localDate(this.ctx.clock.now(), this.ctx.config.timeZone), -1);
    const now = this.ctx.clock.nowIso();
    // Task ids are derived from the placement so the statement is set-based on both engines.
    const r = await sql`insert into site_tasks (id, facility_id, placement_id, kind, day, detail, status, created_at, done_at)
      select 'mc-' || p.id || '-' || ${d}, p.facility_id, p.id, 'missed_check', ${d}, 'no health check recorded', 'open', ${now}, null
      from placements p
      where p.status = 'live' and p.room_id is not null and p.start_at < ${startOfLocalDay(d, this.ctx.config.timeZone).toISOString()}
        and not exists (select 1 from health_checks h where h.placement_id = p.id and h.check_date = ${d})
      on conflict (placement_id, kind, day) do nothing`.execute(this.ctx.db);
    return Number(r.numAffectedRows ?? 0);
  }

  /** Who at a site was checked today (local date): one indexed read per site, for the check page's done/left split. */
  async checkedToday(actor: Actor, facilityId: string) {
    const f = await new FacilityRepository(this.ctx.db, Scope.of(actor), this.ctx.dialect).get(facilityId);
    const date = localDate(this.ctx.clock.now(), this.ctx.config.timeZone);
    const rows = await this.ctx.db
      .selectFrom('health_checks as h')
      .innerJoin('placements as p', 'p.id', 'h.placement_id')
      .select(['h.placement_id', 'h.temperature', 'h.at'])
      .where('p.facility_id', '=', f.id)
      .where('p.status', '=', 'live')
      .where('h.check_date', '=', date)
      .execute();
    return { date, checked: rows.map((r) => ({ placementId: r.placement_id, temperature: Number(r.temperature), at: r.at })) };
  }

  /** The medical staff's list (fever, missed check, 心理疏导, needs): tasks of the sites the caller runs. */
  async tasks(actor: Actor, opts: { facilityId?: string; status?: 'open' | 'done' }) {
    const scope = Scope.of(actor);
    if (opts.facilityId) await new FacilityRepository(this.ctx.db, scope, this.ctx.dialect).get(opts.facilityId);
    const rows = await new SiteWorkRepository(this.ctx.db, scope).tasks({ facilityId: opts.facilityId, status: opts.status ?? 'open', limit: 500 });
    return rows.map((t) => ({ ...t, name: maskName(t.name) }));
  }

  async closeTask(actor: Actor, id: string) {
    return this.ctx.db.transaction().execute(async (trx) => {
      const work = new SiteWorkRepository(trx, Scope.of(actor));
      const t = await work.task(id, 'write');
      if (t.status === 'done') return { id, status: 'done' as const };
      await work.closeTask(id, this.ctx.clock.nowIso());
      await this.audit.append(
        {
          actor,
          action: 'site_task.done',
          targetType: 'site_task',
          targetId: id,
          details: { kind: t.kind, placementId: t.placement_id, facilityId: t.facility_id },
        },
        trx,
      );
      return { id, status: 'done' as const };
    });
  }
}
