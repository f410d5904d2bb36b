import type { AppContext } from '../../context';
import { inAreas } from '../../db/dialect';
import { DomainError, notFound, validationError } from '../../errors';
import { HOUR } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { maskName } from '../../lib/masking';
import { AuditService } from '../audit/audit.service';
import { coversArea, type Actor } from '../auth/actor';
import type { ControlStatus } from '../people/control-status';
import { PeopleService } from '../people/people.service';
import type { ArrivalMeasure, ArrivalRow, RiskLevel } from './tracing.table';

export interface NewArrival {
  idNumber: string;
  name?: string;
  phone?: string;
  areaCode?: string;
  origin: string;
  riskLevel: RiskLevel;
  arrivedAt: string;
  checkpoint: string;
  truckDriver?: boolean;
}

const MEASURE_STATUS: Record<ArrivalMeasure, ControlStatus | null> = {
  centralised_quarantine: 'arrival_control',
  home_quarantine: 'home_quarantine',
  home_monitoring: 'home_monitoring',
  test_only: null,
};

/** Arrivals from risk areas (来返人员): landing test (落地检) and the measure the origin's risk level sets. */
export class ArrivalsService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  rules() {
    return this.ctx.db.selectFrom('arrival_rules').selectAll().orderBy('landing_test_hours').execute();
  }

  async setRule(actor: Actor, level: RiskLevel, measure: ArrivalMeasure, hours: number) {
    if (hours < 0 || hours > 168) throw validationError({ landingTestHours: 'must be 0–168' });
    await this.ctx.db.updateTable('arrival_rules').set({ measure, landing_test_hours: hours }).where('risk_level', '=', level).execute();
    await this.audit.append({ actor, action: 'arrival.rule_changed', targetType: 'arrival_rule', targetId: level, details: { measure, hours } });
    return this.rules();
  }

  /** Record an arrival; an unregistered person is registered first (name and area required then). */
  async record(actor: Actor, a: NewArrival): Promise<ArrivalRow> {
    const arrived = Date.parse(a.arrivedAt);
    if (Number.isNaN(arrived)) throw validationError({ arrivedAt: 'must be an ISO-8601 time' });
    if (!a.origin.trim()) throw validationError({ origin: 'is required' });
    if (!a.checkpoint.trim()) throw validationError({ checkpoint: 'is required' });
    const people = new PeopleService(this.ctx);
    let person = await people.findByIdNumber(actor, a.idNumber);
    if (!person) {
      if (!a.name || !a.areaCode)
        throw validationError({ name: 'is required for a person not yet registered', areaCode: 'is required for a person not yet registered' });
      person = await people.createPerson(actor, {
        idNumber: a.idNumber,
        name: a.name,
        phone: a.phone,
        areaCode: a.areaCode,
        tags: ['risk_area_arrival', ...(a.truckDriver ? ['driver'] : [])],
      });
    }
    const rule = await this.ctx.db.selectFrom('arrival_rules').selectAll().where('risk_level', '=', a.riskLevel).executeTakeFirst();
    if (!rule) throw validationError({ riskLevel: 'must be high, medium or low' });
    const row: ArrivalRow = {
      id: newId(),
      person_id: person.id,
      area_code: person.areaCode,
      origin: a.origin.trim(),
      risk_level: a.riskLevel,
      arrived_at: new Date(arrived).toISOString(),
      checkpoint: a.checkpoint.trim(),
      is_truck_driver: a.truckDriver ? 1 : 0,
      measure: rule.measure,
      landing_test_due: new Date(arrived + rule.landing_test_hours * HOUR).toISOString(),
      landing_test_at: null,
      landing_test_result: null,
      created_by: actor.name,
      created_at: this.ctx.clock.nowIso(),
    };
    const status = MEASURE_STATUS[rule.measure];
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('arrivals').values(row).execute();
      if (status)
        await people.changeControlStatus(
          actor,
          {
            personIds: [person.id],
            to: status,
            onlyFrom: ['none', 'home_monitoring', 'spacetime_companion'],
            reason: `来自${row.origin}（${a.riskLevel}）`,
            evidence: { type: 'arrival', id: row.id },
          },
          trx,
        );
      await this.audit.append({ actor, action: 'arrival.recorded', targetType: 'arrival', targetId: row.id, areaCode: row.area_code }, trx);
    });
    return row;
  }

  /** The landing test result; a positive one makes the person a case candidate. */
  async landingTest(actor: Actor, id: string, result: 'negative' | 'positive', testedAt?: string) {
    const a = await this.ctx.db.selectFrom('arrivals').selectAll().where('id', '=', id).executeTakeFirst();
    if (!a || !coversArea(actor, a.area_code)) throw notFound('Arrival', id);
    if (a.landing_test_result) throw new DomainError('LANDING_TEST_RECORDED', 'The landing test already has a result', { result: a.landing_test_result });
    const at = testedAt ? new Date(testedAt).toISOString() : this.ctx.clock.nowIso();
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('arrivals').set({ landing_test_at: at, landing_test_result: result }).where('id', '=', id).execute();
      if (result === 'positive')
        await new PeopleService(this.ctx).changeControlStatus(
          actor,
          { personIds: [a.person_id], to: 'case_candidate', reason: '落地检阳性', evidence: { type: 'arrival', id } },
          trx,
        );
      await this.audit.append({ actor, action: 'arrival.landing_test', targetType: 'arrival', targetId: id, areaCode: a.area_code, details: { result } }, trx);
    });
    return { id, landingTestAt: at, result };
  }

  async list(actor: Actor, opts: { area?: string; pendingTest?: boolean; truckDrivers?: boolean; before?: string; limit: number }) {
    let q = this.ctx.db
      .selectFrom('arrivals')
      .innerJoin('persons', 'persons.id', 'arrivals.person_id')
      .selectAll('arrivals')
      .select(['persons.name', 'persons.doc_masked', 'persons.control_status'])
      .where((eb) => inAreas(eb, 'arrivals.area_code', actor.scope))
      .orderBy('arrivals.arrived_at', 'desc')
      .limit(opts.limit);
    if (opts.area) q = q.where((eb) => inAreas(eb, 'arrivals.area_code', [opts.area ?? '']));
    if (opts.pendingTest) q = q.where('arrivals.landing_test_at', 'is', null);
    if (opts.truckDrivers) q = q.where('arrivals.is_truck_driver', '=', 1);
    if (opts.before) q = q.where('arrivals.arrived_at', '<', opts.before);
    const now = this.ctx.clock.nowIso();
    return (await q.execute()).map((r) => ({
      ...r,
      name: maskName(r.name),
      is_truck_driver: r.is_truck_driver === 1,
      test_overdue: !r.landing_test_at && now > r.landing_test_due,
    }));
  }
}
