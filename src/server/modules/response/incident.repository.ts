import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Scope } from '../access/scope';
import type { IncidentLinkRow, IncidentRow, IncidentTimelineRow } from './response.table';

export type IncidentWithCounts = IncidentRow & { tasks_open: number; tasks_overdue: number };

/** SQL for incidents, their links and timeline, within the caller's scope. */
export class IncidentRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
  ) {}

  byId(id: string): Promise<IncidentRow | undefined> {
    return this.db
      .selectFrom('incidents')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => this.scope.where(eb, 'area_code'))
      .executeTakeFirst();
  }

  /** The open incident opened from this alert, tube or case (re-used rather than opening a second). */
  openFrom(source: IncidentRow['opened_from'], sourceId: string): Promise<IncidentRow | undefined> {
    return this.db
      .selectFrom('incidents')
      .selectAll()
      .where('opened_from', '=', source)
      .where('source_id', '=', sourceId)
      .where('status', '=', 'open')
      .where((eb) => this.scope.where(eb, 'area_code'))
      .orderBy('created_at')
      .executeTakeFirst();
  }

  async list(q: { status?: 'open' | 'closed'; area?: string; limit: number; now: string }): Promise<IncidentWithCounts[]> {
    const scope = q.area ? this.scope.within(q.area) : this.scope;
    const rows = await this.db
      .selectFrom('incidents as i')
      .selectAll('i')
      .select((eb) => [
        eb
          .selectFrom('response_tasks as t')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('t.incident_id', '=', 'i.id')
          .where('t.status', '=', 'open')
          .as('tasks_open'),
        eb
          .selectFrom('response_tasks as t')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('t.incident_id', '=', 'i.id')
          .where('t.status', '=', 'open')
          .where('t.due_at', '<', q.now)
          .as('tasks_overdue'),
      ])
      .where((eb) => scope.where(eb, 'i.area_code'))
      .$if(!!q.status, (qb) => qb.where('i.status', '=', q.status as 'open'))
      .orderBy('i.created_at', 'desc')
      .limit(q.limit)
      .execute();
    return rows.map((r) => ({ ...r, tasks_open: Number(r.tasks_open ?? 0), tasks_overdue: Number(r.tasks_overdue ?? 0) }));
  }

  async insert(row: IncidentRow): Promise<void> {
    await this.db.insertInto('incidents').values(row).execute();
  }

  async close(id: string, at: string, note: string): Promise<void> {
    await this.db.updateTable('incidents').set({ status: 'closed', closed_at: at, closed_note: note }).where('id', '=', id).execute();
  }

  /** Add links; returns those that were new. */
  async link(rows: readonly IncidentLinkRow[]): Promise<IncidentLinkRow[]> {
    const added: IncidentLinkRow[] = [];
    for (const r of rows) {
      const res = await this.db
        .insertInto('incident_links')
        .values(r)
        .onConflict((oc) => oc.columns(['incident_id', 'kind', 'ref_id']).doNothing())
        .executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) > 0) added.push(r);
    }
    return added;
  }

  links(id: string): Promise<IncidentLinkRow[]> {
    return this.db.selectFrom('incident_links').selectAll().where('incident_id', '=', id).orderBy('added_at').execute();
  }

  timeline(id: string, limit = 500): Promise<IncidentTimelineRow[]> {
    return this.db.selectFrom('incident_timeline').selectAll().where('incident_id', '=', id).orderBy('at').orderBy('id').limit(limit).execute();
  }
}
