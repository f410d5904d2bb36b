import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { inAreas } from '../../db/dialect';
import { DomainError, notFound, validationError } from '../../errors';
import { newId } from '../../lib/ids';
import { addDays, localDate, startOfLocalDay } from '../../lib/local-time';
import { maskName } from '../../lib/masking';
import type { Actor } from '../auth/actor';
import { FacilitiesService } from './facilities.service';
import { PlacementsService } from './placements.service';

export const FEVER = 37.3;

export interface HealthCheckInput {
  temperature: number;
  symptoms?: string[];
  mentalSupport?: boolean;
  needs?: string;
  date?: string;
}

/** Daily health checks (健康监测) and the tasks they raise for the site's medical staff. */
export class HealthService {
  constructor(private readonly ctx: AppContext) {}

  async record(actor: Actor, placementId: string, c: HealthCheckInput) {
    const p = await new PlacementsService(this.ctx).row(actor, placementId);
    if (p.status !== 'live') throw new DomainError('PLACEMENT_ENDED', 'Health checks are for live placements', {});
    if (!Number.isFinite(c.temperature) || c.temperature < 34 || c.temperature > 43)
      throw validationError({ temperature: 'must be a body temperature between 34.0 and 43.0 °C' });
    const day = c.date ?? localDate(this.ctx.clock.now(), this.ctx.config.timeZone);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw validationError({ date: 'must be YYYY-MM-DD' });
    const now = this.ctx.clock.nowIso();
    const tasks: Array<{ kind: 'fever' | 'mental_support' | 'needs'; detail: string }> = [];
    if (c.temperature >= FEVER)
      tasks.push({ kind: 'fever', detail: `${c.temperature.toFixed(1)} °C${c.symptoms?.length ? `, ${c.symptoms.join('、')}` : ''}` });
    if (c.mentalSupport) tasks.push({ kind: 'mental_support', detail: '心理疏导' });
    if (c.needs?.trim()) tasks.push({ kind: 'needs', detail: c.needs.trim() });
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('health_checks')
        .values({
          id: newId(),
          placement_id: p.id,
          check_date: day,
          temperature: c.temperature,
          symptoms: JSON.stringify(c.symptoms ?? []),
          mental_support: c.mentalSupport ? 1 : 0,
          needs: c.needs ?? null,
          recorded_by: actor.name,
          at: now,
        })
        .execute();
      for (const t of tasks)
        await trx
          .insertInto('site_tasks')
          .values({
            id: newId(),
            facility_id: p.facility_id,
            placement_id: p.id,
            kind: t.kind,
            day,
            detail: t.detail,
            status: 'open',
            created_at: now,
            done_at: null,
          })
          .onConflict((oc) => oc.columns(['placement_id', 'kind', 'day']).doNothing())
          .execute();
    });
    return { placementId: p.id, date: day, fever: c.temperature >= FEVER, tasks: tasks.map((t) => t.kind) };
  }

  async checks(actor: Actor, placementId: string) {
    await new PlacementsService(this.ctx).row(actor, placementId);
    return this.ctx.db.selectFrom('health_checks').selectAll().where('placement_id', '=', placementId).orderBy('check_date', 'desc').execute();
  }

  /** Set-based: a task for every live placement (started before that day) with no check on `day` (default yesterday). */
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

  async tasks(actor: Actor, opts: { facilityId?: string; status?: 'open' | 'done' }) {
    let q = this.ctx.db
      .selectFrom('site_tasks')
      .innerJoin('facilities', 'facilities.id', 'site_tasks.facility_id')
      .innerJoin('placements', 'placements.id', 'site_tasks.placement_id')
      .innerJoin('persons', 'persons.id', 'placements.person_id')
      .select([
        'site_tasks.id',
        'site_tasks.kind',
        'site_tasks.day',
        'site_tasks.detail',
        'site_tasks.status',
        'site_tasks.created_at',
        'site_tasks.placement_id',
        'facilities.name as facility',
        'persons.name',
      ])
      .where((eb) => inAreas(eb, 'facilities.area_code', actor.scope))
      .orderBy('site_tasks.created_at', 'desc')
      .limit(500);
    if (opts.facilityId) q = q.where('site_tasks.facility_id', '=', (await new FacilitiesService(this.ctx).row(actor, opts.facilityId)).id);
    q = q.where('site_tasks.status', '=', opts.status ?? 'open');
    return (await q.execute()).map((t) => ({ ...t, name: maskName(t.name) }));
  }

  async closeTask(actor: Actor, id: string) {
    const t = await this.ctx.db.selectFrom('site_tasks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!t) throw notFound('Task', id);
    await new FacilitiesService(this.ctx).row(actor, t.facility_id);
    await this.ctx.db.updateTable('site_tasks').set({ status: 'done', done_at: this.ctx.clock.nowIso() }).where('id', '=', id).execute();
    return { id, status: 'done' };
  }
}
