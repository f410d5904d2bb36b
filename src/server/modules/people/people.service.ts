import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError, validationError, why } from '../../errors';
import { newId } from '../../lib/ids';
import { Access } from '../access/access';
import { sendHandoffs } from '../access/handoffs';
import { Scope } from '../access/scope';
import { AreaRepository } from '../areas/area.repository';
import { gridOf } from '../areas/area-codes';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { ControlStatus } from './control-status';
import { actorArea, claimHandoff, movedHandoff } from './handoff-notices';
import { buildPersonRow, docHash, type PersonInput } from './person-input';
import { personPatch, type PersonPatch } from './person-patch';
import { PersonRepository } from './person.repository';
import { toPersonView, type PersonView } from './person-view';

export interface ControlChange {
  personIds: readonly string[];
  to: ControlStatus;
  reason: string;
  evidence?: { type: string; id: string };
  /** Change only persons currently in one of these statuses (e.g. release only 'temporary_control'). */
  onlyFrom?: readonly ControlStatus[];
}

/**
 * The answer to registering a document number that is registered outside the caller's scope.
 * The city-wide uniqueness rule makes one bit unavoidable (this number cannot be registered
 * here); nothing else — no id, area, name or mask — and the same words wherever the person lives.
 */
export function registeredElsewhere(): DomainError {
  return new DomainError(
    'REGISTERED_ELSEWHERE',
    "This ID number cannot be registered in your area; ask the person's current area to move them (they have been told)",
    { field: 'idNumber' },
  );
}

/** The registry's core use cases that every capability relies on. */
export class PeopleService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  private persons(db: Kysely<DB>, scope: Scope): PersonRepository {
    return new PersonRepository(db, this.ctx.dialect, scope);
  }

  /** Run `fn` in the caller's transaction, or in a new one. */
  private inTrx<T>(trx: Kysely<DB> | undefined, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    return trx ? fn(trx) : this.ctx.db.transaction().execute(fn);
  }

  /**
   * Register one person: validated, in the caller's scope, unique by document number city-wide,
   * counted in its areas, audited. A number registered outside the caller's scope is refused
   * with `registeredElsewhere()` and the home area gets a hand-off; the attempt is audited
   * (without the number) and both commit before the refusal is answered.
   */
  async createPerson(actor: Actor, input: PersonInput, trx?: Kysely<DB>): Promise<PersonView> {
    const now = this.ctx.clock.nowIso();
    const { row, tags } = buildPersonRow(this.ctx.pii, input, newId(), now);
    const scope = Scope.of(actor);
    scope.ensureCovers(row.area_code, 'areaCode');
    const outcome = await this.inTrx(trx, async (t) => {
      const areas = new AreaRepository(t, this.ctx.dialect);
      if (!(await areas.byCode(row.area_code)))
        throw new DomainError('AREA_NOT_FOUND', `Unknown area code ${row.area_code}`, { field: 'area_code', areaCode: row.area_code });
      const existing = await this.persons(t, Scope.city('integrity')).byDocHash(row.doc_hash);
      if (existing && scope.covers(existing.area_code))
        throw new DomainError('DUPLICATE_PERSON', `A person with document ${row.doc_masked} is already registered`, { personId: existing.id });
      if (existing) {
        await sendHandoffs(this.ctx, t, actor, actorArea(actor), [claimHandoff(existing, row.area_code)]);
        await this.audit.append(
          {
            actor,
            action: 'person.create_refused',
            targetType: 'area',
            targetId: row.area_code,
            areaCode: row.area_code,
            details: { reason: 'registered_elsewhere' },
          },
          t,
        );
        return 'elsewhere' as const;
      }
      await this.persons(t, scope).insertMany(
        [row],
        tags.map((tag) => ({ tag, area_code: row.area_code, person_id: row.id })),
      );
      // A household is counted once, where its first member is registered (as the imports count it).
      const newHousehold = row.household_code ? (await householdSize(t, row.household_code)) === 1 : false;
      await areas.bumpCounters(new Map([[row.area_code, { people: 1, households: newHousehold ? 1 : 0 }]]));
      await this.audit.append({ actor, action: 'person.created', targetType: 'person', targetId: row.id, areaCode: row.area_code }, t);
      return toPersonView(row);
    });
    if (outcome === 'elsewhere') throw registeredElsewhere();
    return outcome;
  }

  /** Find a person by document number within the actor's scope (null when absent or out of scope). */
  async findByIdNumber(actor: Actor, idNumber: string, trx: Kysely<DB> = this.ctx.db): Promise<PersonView | null> {
    const p = await this.persons(trx, Scope.of(actor)).byDocHash(docHash(this.ctx.pii, idNumber));
    return p ? toPersonView(p) : null;
  }

  /**
   * Resolve many document numbers to person ids and home areas in one pass (bulk ingest).
   * Unknown numbers, and numbers outside `scope`, are absent. Without a scope the look-up is
   * city-wide and answers ids and area codes only (a sample may be taken from anyone at a site;
   * the caller routes other areas' people by hand-off) — pass the caller's scope where that rule does not hold.
   */
  async resolveIdNumbers(idNumbers: readonly string[], scope: Scope = Scope.city('integrity')): Promise<Map<string, { id: string; area_code: string }>> {
    const hashByNumber = new Map<string, string>();
    for (const n of idNumbers) if (!hashByNumber.has(n)) hashByNumber.set(n, docHash(this.ctx.pii, n));
    const byHash = await this.persons(this.ctx.db, scope).idsByDocHashes(this.ctx.database, [...hashByNumber.values()]);
    const out = new Map<string, { id: string; area_code: string }>();
    for (const [n, h] of hashByNumber) {
      const hit = byHash.get(h);
      if (hit) out.set(n, hit);
    }
    return out;
  }

  /** One person in the actor's scope (404 otherwise). */
  async getPerson(actor: Actor, id: string, trx: Kysely<DB> = this.ctx.db): Promise<PersonView> {
    const scope = Scope.of(actor);
    await new Access(trx, scope).ensure('person', id);
    const p = await this.persons(trx, scope).byId(id);
    if (!p) throw new DomainError('NOT_FOUND', `Person ${id} not found`, { what: 'Person', id });
    return toPersonView(p);
  }

  /**
   * Change a person's own details (name, phone, address, household, tags, vaccination). The area
   * is not one of them: moving between areas is `movePerson`, with a reason and a notice.
   */
  async updatePerson(actor: Actor, id: string, patch: PersonPatch): Promise<PersonView> {
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, scope).ensure('person', id, 'write');
      const repo = this.persons(trx, scope);
      const old = (await repo.byId(id)) as NonNullable<Awaited<ReturnType<PersonRepository['byId']>>>;
      const { set, changed, tags } = personPatch(this.ctx.pii, old, patch, this.ctx.clock.nowIso());
      if (changed.length === 0) return toPersonView(old);
      await repo.update(id, set);
      if (tags) await repo.replaceTags(id, old.area_code, tags);
      // Field names only: the values (a phone) never enter the audit trail in clear.
      await this.audit.append({ actor, action: 'person.updated', targetType: 'person', targetId: id, areaCode: old.area_code, details: { changed } }, trx);
      return toPersonView({ ...old, ...set });
    });
  }

  /**
   * Move a person to another area: the person and the target must both lie in the caller's
   * scope (a street official moves within their street; between streets it takes the district,
   * whose scope covers both). Counters follow, the old area gets a `person_moved` hand-off, and
   * the audit entry carries the reason — all in one transaction.
   */
  async movePerson(actor: Actor, id: string, input: { toArea: string; reason: string }): Promise<PersonView> {
    const reason = input.reason?.trim() ?? '';
    if (reason.length < 2) throw validationError({ reason: why('required', 'say why the person moves') });
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, scope).ensure('person', id, 'write');
      scope.ensureCovers(input.toArea, 'toArea');
      const areas = new AreaRepository(trx, this.ctx.dialect);
      if (!(await areas.byCode(input.toArea))) throw new DomainError('AREA_NOT_FOUND', `Unknown area code ${input.toArea}`, { field: 'toArea' });
      const repo = this.persons(trx, scope);
      const old = (await repo.byId(id)) as NonNullable<Awaited<ReturnType<PersonRepository['byId']>>>;
      if (old.area_code === input.toArea) throw validationError({ toArea: why('same_as_current', 'is the area the person is already in') });
      const now = this.ctx.clock.nowIso();
      const set = { area_code: input.toArea, grid_code: gridOf(input.toArea), updated_at: now };
      await repo.update(id, set);
      await repo.replaceTags(id, input.toArea, old.tags ? old.tags.split('|') : []);
      // A one-person household moves with its member; a larger one stays counted where it was (grid-placement.ts).
      const wholeHousehold = old.household_code ? (await householdSize(trx, old.household_code)) === 1 : false;
      const households = wholeHousehold ? 1 : 0;
      await areas.bumpCounters(
        new Map([
          [old.area_code, { people: -1, households: -households }],
          [input.toArea, { people: 1, households }],
        ]),
      );
      const moveId = newId();
      await sendHandoffs(this.ctx, trx, actor, input.toArea, [movedHandoff(id, old.area_code, input.toArea, moveId)]);
      await this.audit.append(
        {
          actor,
          action: 'person.moved',
          targetType: 'person',
          targetId: id,
          areaCode: input.toArea,
          reason,
          details: { from: old.area_code, to: input.toArea, moveId },
        },
        trx,
      );
      return toPersonView({ ...old, ...set });
    });
  }

  /**
   * The only way a control status changes: records from/to, reason, evidence, actor and time
   * per person, plus an audit entry each. Runs inside the caller's transaction when given one.
   * Returns the ids actually changed. The persons are found city-wide by id (rule 'evidence'):
   * the caller's own access check admitted the evidence (the lab's tube, the site's placement,
   * the case in scope) that names them.
   */
  async changeControlStatus(actor: Actor, change: ControlChange, trx?: Kysely<DB>): Promise<string[]> {
    if (!trx) return this.ctx.db.transaction().execute((t) => this.changeControlStatus(actor, change, t));
    const now = this.ctx.clock.nowIso();
    const repo = this.persons(trx, Scope.city('evidence'));
    const current = await repo.byIds(change.personIds);
    const targets = current.filter((p) => p.control_status !== change.to && (!change.onlyFrom || change.onlyFrom.includes(p.control_status)));
    if (targets.length === 0) return [];
    await repo.setControlStatus(
      targets.map((p) => p.id),
      change.to,
      now,
    );
    await repo.insertControlChanges(
      targets.map((p) => ({
        id: newId(),
        person_id: p.id,
        from_status: p.control_status,
        to_status: change.to,
        reason: change.reason,
        evidence_type: change.evidence?.type ?? null,
        evidence_id: change.evidence?.id ?? null,
        actor_id: actor.id,
        actor_name: actor.name,
        at: now,
      })),
    );
    await this.audit.appendMany(
      targets.map((p) => ({
        actor,
        action: 'person.control_status_changed',
        targetType: 'person',
        targetId: p.id,
        areaCode: p.area_code,
        reason: change.reason,
        details: { from: p.control_status, to: change.to, evidence: change.evidence },
      })),
      trx,
    );
    return targets.map((p) => p.id);
  }

  async controlHistory(actor: Actor, personId: string, trx: Kysely<DB> = this.ctx.db) {
    const scope = Scope.of(actor);
    await new Access(trx, scope).ensure('person', personId);
    return this.persons(trx, scope).controlHistory(personId);
  }
}

/** Members registered under a household code (index persons_household). */
async function householdSize(db: Kysely<DB>, householdCode: string): Promise<number> {
  const r = await db
    .selectFrom('persons')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('household_code', '=', householdCode)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
