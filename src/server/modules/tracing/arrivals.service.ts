import type { AppContext } from '../../context';
import { DomainError, validationError, why } from '../../errors';
import { HOUR } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { maskName } from '../../lib/masking';
import { Access, Scope } from '../access';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { ControlStatus } from '../people/control-status';
import { PeopleService } from '../people/people.service';
import { ArrivalRepository } from './arrival.repository';
import { personInScope } from './person-in-scope';
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

  /** The rules are city-wide data, the same for every reader (no area rows: an empty scope suffices). */
  rules() {
    return new ArrivalRepository(this.ctx.db, Scope.areas([])).rules();
  }

  /** The rules hold for the whole city: only a city-scoped caller changes them; audited in the same transaction. */
  async setRule(actor: Actor, level: RiskLevel, measure: ArrivalMeasure, hours: number) {
    const scope = Scope.of(actor);
    scope.ensureCityWide('Arrival rules');
    if (hours < 0 || hours > 168)
      throw validationError({ landingTestHours: why(hours < 0 ? 'min_value' : 'max_value', 'must be 0–168', { limit: hours < 0 ? 0 : 168 }) });
    return this.ctx.db.transaction().execute(async (trx) => {
      const repo = new ArrivalRepository(trx, scope);
      const before = await repo.rule(level);
      await repo.setRule(level, measure, hours);
      await this.audit.append(
        {
          actor,
          action: 'arrival.rule_changed',
          targetType: 'arrival_rule',
          targetId: level,
          details: { measure, hours, before: before ? { measure: before.measure, hours: before.landing_test_hours } : null },
        },
        trx,
      );
      return repo.rules();
    });
  }

  /**
   * Record an arrival; an unregistered person is registered first (name and area required then,
   * the area in the caller's scope). A person registered outside the caller's scope is not found
   * here (the arrival is recorded by their home area).
   */
  async record(actor: Actor, a: NewArrival): Promise<ArrivalRow> {
    const arrived = Date.parse(a.arrivedAt);
    if (Number.isNaN(arrived)) throw validationError({ arrivedAt: why('instant', 'must be an ISO-8601 time') });
    if (!a.origin.trim()) throw validationError({ origin: why('required', 'is required') });
    if (!a.checkpoint.trim()) throw validationError({ checkpoint: why('required', 'is required') });
    const scope = Scope.of(actor);
    const people = new PeopleService(this.ctx);
    let person = await personInScope(this.ctx.db, this.ctx.pii, scope, { idNumber: a.idNumber });
    if (!person) {
      if (!a.name || !a.areaCode)
        throw validationError({
          name: why('required', 'is required for a person not yet registered'),
          areaCode: why('required', 'is required for a person not yet registered'),
        });
      scope.ensureCovers(a.areaCode);
      // PeopleService.createPerson opens its own transaction (it takes none yet): the person is registered, then the arrival recorded.
      const created = await people.createPerson(actor, {
        idNumber: a.idNumber,
        name: a.name,
        phone: a.phone,
        areaCode: a.areaCode,
        tags: ['risk_area_arrival', ...(a.truckDriver ? ['driver'] : [])],
      });
      person = await personInScope(this.ctx.db, this.ctx.pii, scope, { personId: created.id });
    }
    if (!person) throw new Error('unreachable: person just registered in scope');
    const who = person;
    return this.ctx.db.transaction().execute(async (trx) => {
      const repo = new ArrivalRepository(trx, scope);
      const rule = await repo.rule(a.riskLevel);
      if (!rule) throw validationError({ riskLevel: why('one_of', 'must be high, medium or low', { values: 'high, medium, low' }) });
      const row: ArrivalRow = {
        id: newId(),
        person_id: who.id,
        area_code: who.area_code,
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
      await repo.insert(row);
      if (status)
        await people.changeControlStatus(
          actor,
          {
            personIds: [who.id],
            to: status,
            onlyFrom: ['none', 'home_monitoring', 'spacetime_companion'],
            reason: `来自${row.origin}（${a.riskLevel}）`,
            evidence: { type: 'arrival', id: row.id },
          },
          trx,
        );
      await this.audit.append(
        {
          actor,
          action: 'arrival.recorded',
          targetType: 'arrival',
          targetId: row.id,
          areaCode: row.area_code,
          details: { personId: who.id, measure: row.measure },
        },
        trx,
      );
      return row;
    });
  }

  /** The landing test result; a positive one makes the person a case candidate. */
  async landingTest(actor: Actor, id: string, result: 'negative' | 'positive', testedAt?: string) {
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, scope).ensure('arrival', id, 'write');
      const repo = new ArrivalRepository(trx, scope);
      const a = await repo.byId(id);
      if (!a) throw new Error('unreachable: arrival passed the access check');
      if (a.landing_test_result) throw new DomainError('LANDING_TEST_RECORDED', 'The landing test already has a result', { result: a.landing_test_result });
      const at = testedAt ? new Date(testedAt).toISOString() : this.ctx.clock.nowIso();
      await repo.setLandingTest(id, at, result);
      if (result === 'positive')
        await new PeopleService(this.ctx).changeControlStatus(
          actor,
          { personIds: [a.person_id], to: 'case_candidate', reason: '落地检阳性', evidence: { type: 'arrival', id } },
          trx,
        );
      await this.audit.append({ actor, action: 'arrival.landing_test', targetType: 'arrival', targetId: id, areaCode: a.area_code, details: { result } }, trx);
      return { id, landingTestAt: at, result };
    });
  }

  async list(actor: Actor, opts: { area?: string; pendingTest?: boolean; truckDrivers?: boolean; before?: string; limit: number }) {
    const now = this.ctx.clock.nowIso();
    return (await new ArrivalRepository(this.ctx.db, Scope.of(actor).within(opts.area)).list(opts)).map((r) => ({
      ...r,
      name: maskName(r.name),
      is_truck_driver: r.is_truck_driver === 1,
      test_overdue: !r.landing_test_at && now > r.landing_test_due,
    }));
  }
}
