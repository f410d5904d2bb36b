import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { notFound } from '../../errors';
import { Scope } from '../access';
import type { Actor } from '../auth/actor';
import { IncidentRepository } from './incident.repository';
import { localMonth, timeliness, type Mark } from './timeliness';

/** Timeliness per incident and the monthly share meeting each target, from the records (no manual entry). */
export class TimelinessService {
  constructor(private readonly ctx: AppContext) {}

  async forIncident(actor: Actor, id: string): Promise<{ incident_id: string; t0: string; marks: Mark[] }> {
    const incident = await new IncidentRepository(this.ctx.db, Scope.of(actor)).byId(id);
    if (!incident) throw notFound('Incident', id);
    const marks = (await this.marksFor([incident]))[0] ?? [];
    return { incident_id: id, t0: incident.t0, marks };
  }

  async monthly(actor: Actor, q: { area?: string; months: number }) {
    const scope = q.area ? Scope.of(actor).within(q.area) : Scope.of(actor);
    const since = new Date(Date.parse(this.ctx.clock.nowIso()) - q.months * 31 * 86_400_000).toISOString();
    const incidents = await this.ctx.db
      .selectFrom('incidents')
      .selectAll()
      .where((eb) => scope.where(eb, 'area_code'))
      .where('t0', '>=', since)
      .orderBy('t0')
      .limit(5000)
      .execute();
    const marks = await this.marksFor(incidents);
    const months = new Map<string, { incidents: number; marks: Map<string, { measured: number; met: number }> }>();
    incidents.forEach((inc, i) => {
      const m = localMonth(inc.t0, this.ctx.config.timeZone);
      const entry = months.get(m) ?? { incidents: 0, marks: new Map<string, { measured: number; met: number }>() };
      entry.incidents++;
      for (const mk of marks[i] ?? []) {
        if (mk.met == null || !isStandardMark(mk.name)) continue;
        const s = entry.marks.get(mk.name) ?? { measured: 0, met: 0 };
        s.measured++;
        if (mk.met) s.met++;
        entry.marks.set(mk.name, s);
      }
      months.set(m, entry);
    });
    return [...months.entries()].map(([month, e]) => ({
      month,
      incidents: e.incidents,
      marks: [...e.marks.entries()].map(([name, s]) => ({ name, measured: s.measured, met: s.met, share: s.measured ? s.met / s.measured : null })),
    }));
  }

  private async marksFor(incidents: ReadonlyArray<{ id: string; t0: string; created_at: string }>): Promise<Mark[][]> {
    if (incidents.length === 0) return [];
    const ids = incidents.map((i) => i.id);
    const tasks = [];
    const onsets = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      tasks.push(
        ...(await this.ctx.db
          .selectFrom('response_tasks')
          .select(['incident_id', 'action', 'mark', 'due_at', 'done_at', 'created_at'])
          .where('incident_id', 'in', chunk)
          .orderBy('due_at')
          .orderBy('template_key')
          .execute()),
      );
      const rows = await sql<{ incident_id: string; onset: string | null }>`select l.incident_id, min(c.onset_date) as onset
        from incident_links l join cases c on c.id = l.ref_id where l.kind = 'case' and l.incident_id in (${sql.join(chunk)}) group by l.incident_id`.execute(
        this.ctx.db,
      );
      for (const r of rows.rows) if (r.onset) onsets.set(r.incident_id, r.onset);
    }
    const byIncident = new Map<string, typeof tasks>();
    for (const t of tasks) {
      const list = byIncident.get(t.incident_id) ?? [];
      list.push(t);
      byIncident.set(t.incident_id, list);
    }
    const now = this.ctx.clock.nowIso();
    return incidents.map((inc) =>
      timeliness({ t0: inc.t0, openedAt: inc.created_at, onsetDate: onsets.get(inc.id) ?? null, tasks: byIncident.get(inc.id) ?? [], now }),
    );
  }
}

function isStandardMark(name: string): boolean {
  return ['2h', '4h', '5h', '24h', '7-1-7 detect', '7-1-7 notify', '7-1-7 respond', 'first action'].includes(name);
}
