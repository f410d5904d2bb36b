import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Scope } from '../access';
import type { AlertRow, AlertStatus, Grade } from './alerts.table';

export interface AlertFilter {
  status?: AlertStatus;
  grade?: Grade;
  overdueAt?: string;
  limit: number;
}

export type AlertListRow = AlertRow & { area_name: string | null };

/** Alerts within the caller's scope (their areas and below), filtered in SQL. */
export class AlertRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
  ) {}

  private base() {
    return this.db
      .selectFrom('alerts')
      .leftJoin('areas', 'areas.code', 'alerts.area_code')
      .selectAll('alerts')
      .select('areas.name as area_name')
      .where((eb) => this.scope.where(eb, 'alerts.area_code'));
  }

  async list(f: AlertFilter): Promise<AlertListRow[]> {
    let q = this.base();
    if (f.status) q = q.where('alerts.status', '=', f.status);
    if (f.grade) q = q.where('alerts.grade', '=', f.grade);
    if (f.overdueAt) q = q.where('alerts.status', 'in', ['new', 'verifying']).where('alerts.due_at', '<', f.overdueAt);
    return q.orderBy('alerts.raised_at', 'desc').orderBy('alerts.id', 'desc').limit(f.limit).execute();
  }

  byId(id: string): Promise<AlertListRow | undefined> {
    return this.base().where('alerts.id', '=', id).executeTakeFirst();
  }

  /** Raised at or after `since`: the rows the triage figures are computed from. */
  timings(since: string) {
    return this.db
      .selectFrom('alerts')
      .select(['raised_at', 'verified_at', 'status', 'due_at'])
      .where((eb) => this.scope.where(eb, 'alerts.area_code'))
      .where('raised_at', '>=', since)
      .execute();
  }

  /** Records and steps of an alert already admitted by the access check. */
  records(alertId: string) {
    return this.db.selectFrom('alert_records').selectAll().where('alert_id', '=', alertId).orderBy('occurred_at').orderBy('record_id').execute();
  }

  steps(alertId: string) {
    return this.db.selectFrom('alert_steps').selectAll().where('alert_id', '=', alertId).orderBy('at').orderBy('id').execute();
  }

  /** Move from `from` to `to`; false when someone else moved it first. */
  async move(id: string, from: AlertStatus, to: AlertStatus, set: Partial<AlertRow>): Promise<boolean> {
    const r = await this.db
      .updateTable('alerts')
      .set({ ...set, status: to })
      .where('id', '=', id)
      .where('status', '=', from)
      .where((eb) => this.scope.where(eb, 'alerts.area_code'))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
