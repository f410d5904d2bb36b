import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Scope } from '../access';
import type { ArrivalMeasure, ArrivalRow, RiskLevel } from './tracing.table';

/** Arrivals as one scope may see them (an arrival belongs to the person's home area); the rules are city-wide data. */
export class ArrivalRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
  ) {}

  rules() {
    return this.db.selectFrom('arrival_rules').selectAll().orderBy('landing_test_hours').execute();
  }

  rule(level: RiskLevel) {
    return this.db.selectFrom('arrival_rules').selectAll().where('risk_level', '=', level).executeTakeFirst();
  }

  /** City-wide setting: the service has checked `scope.ensureCityWide`. */
  async setRule(level: RiskLevel, measure: ArrivalMeasure, hours: number): Promise<void> {
    this.scope.ensureCityWide('Arrival rules');
    await this.db.updateTable('arrival_rules').set({ measure, landing_test_hours: hours }).where('risk_level', '=', level).execute();
  }

  async insert(row: ArrivalRow): Promise<void> {
    await this.db.insertInto('arrivals').values(row).execute();
  }

  byId(id: string): Promise<ArrivalRow | undefined> {
    return this.db
      .selectFrom('arrivals')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => this.scope.where(eb, 'area_code'))
      .executeTakeFirst();
  }

  async setLandingTest(id: string, at: string, result: string): Promise<void> {
    await this.db
      .updateTable('arrivals')
      .set({ landing_test_at: at, landing_test_result: result })
      .where('id', '=', id)
      .where((eb) => this.scope.where(eb, 'area_code'))
      .execute();
  }

  list(opts: { pendingTest?: boolean; truckDrivers?: boolean; before?: string; limit: number }) {
    let q = this.db
      .selectFrom('arrivals')
      .innerJoin('persons', 'persons.id', 'arrivals.person_id')
      .selectAll('arrivals')
      .select(['persons.name', 'persons.doc_masked', 'persons.control_status'])
      .where((eb) => this.scope.where(eb, 'arrivals.area_code'))
      .orderBy('arrivals.arrived_at', 'desc')
      .limit(opts.limit);
    if (opts.pendingTest) q = q.where('arrivals.landing_test_at', 'is', null);
    if (opts.truckDrivers) q = q.where('arrivals.is_truck_driver', '=', 1);
    if (opts.before) q = q.where('arrivals.arrived_at', '<', opts.before);
    return q.execute();
  }
}
