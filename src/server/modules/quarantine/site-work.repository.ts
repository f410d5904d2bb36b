import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { Access, type Scope } from '../access';
import { runsFacilitySql } from '../access/guards.quarantine';

type SiteTaskRow = DB['site_tasks'];
type HealthCheckRow = DB['health_checks'];
type WasteRunRow = DB['waste_runs'];

/**
 * The daily work of a site — health checks, the medical staff's tasks, medical-waste runs — as
 * its staff see it. Tasks belong to the site (not to the residents' home areas): the site's staff
 * get the fever list. Built on the caller's transaction.
 */
export class SiteWorkRepository {
  private readonly access: Access;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
  ) {
    this.access = new Access(db, scope);
  }

  async insertCheck(row: HealthCheckRow): Promise<void> {
    await this.db.insertInto('health_checks').values(row).execute();
  }

  /** Checks of one placement; the caller has passed `Access.ensure('placement', id)`. */
  checksOf(placementId: string) {
    return this.db.selectFrom('health_checks').selectAll().where('placement_id', '=', placementId).orderBy('check_date', 'desc').execute();
  }

  /** Raise tasks; the same kind for the same placement and day is raised once. */
  async raiseTasks(rows: readonly SiteTaskRow[]): Promise<void> {
    for (const r of rows)
      await this.db
        .insertInto('site_tasks')
        .values(r)
        .onConflict((oc) => oc.columns(['placement_id', 'kind', 'day']).doNothing())
        .execute();
  }

  tasks(opts: { facilityId?: string; status: 'open' | 'done'; limit: number }) {
    let q = this.db
      .selectFrom('site_tasks')
      .innerJoin('facilities', 'facilities.id', 'site_tasks.facility_id')
      .innerJoin('placements', 'placements.id', 'site_tasks.placement_id')
      .innerJoin('persons', 'persons.id', 'placements.person_id')
      .leftJoin('rooms', 'rooms.id', 'placements.room_id')
      .select([
        'site_tasks.id',
        'site_tasks.kind',
        'site_tasks.day',
        'site_tasks.detail',
        'site_tasks.status',
        'site_tasks.created_at',
        'site_tasks.placement_id',
        'site_tasks.facility_id',
        'facilities.name as facility',
        'rooms.code as room',
        'persons.name',
      ])
      .where(() => runsFacilitySql(this.scope, 'site_tasks.facility_id'))
      .where('site_tasks.status', '=', opts.status)
      .orderBy('site_tasks.created_at', 'desc')
      .limit(opts.limit);
    if (opts.facilityId) q = q.where('site_tasks.facility_id', '=', opts.facilityId);
    return q.execute();
  }

  async task(id: string, mode: 'read' | 'write' = 'read'): Promise<SiteTaskRow> {
    await this.access.ensure('site_task', id, mode);
    return this.db.selectFrom('site_tasks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  async closeTask(id: string, at: string): Promise<void> {
    await this.db.updateTable('site_tasks').set({ status: 'done', done_at: at }).where('id', '=', id).execute();
  }

  async insertWasteRun(row: WasteRunRow): Promise<void> {
    await this.db.insertInto('waste_runs').values(row).execute();
  }

  /** Waste runs of one site; the caller has passed `Access.ensure('facility', id)`. */
  wasteRuns(facilityId: string) {
    return this.db.selectFrom('waste_runs').selectAll().where('facility_id', '=', facilityId).orderBy('at', 'desc').limit(200).execute();
  }
}
