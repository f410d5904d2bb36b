import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError, notFound } from '../../errors';
import { newId } from '../../lib/ids';
import { AreaRepository } from '../areas/area.repository';
import { AuditService } from '../audit/audit.service';
import { coversArea, type Actor } from '../auth/actor';
import type { ControlStatus } from './control-status';
import { buildPersonRow, docHash, type PersonInput } from './person-input';
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

/** The registry's core use cases that every capability relies on. */
export class PeopleService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  private persons(db: Kysely<DB> = this.ctx.db): PersonRepository {
    return new PersonRepository(db, this.ctx.dialect);
  }

  /** Register one person: validated, deduplicated by document number, counted in its areas, audited. */
  async createPerson(actor: Actor, input: PersonInput): Promise<PersonView> {
    const now = this.ctx.clock.nowIso();
    const { row, tags } = buildPersonRow(this.ctx.pii, input, newId(), now);
    if (!coversArea(actor, row.area_code)) throw new DomainError('FORBIDDEN', `Area ${row.area_code} is outside your scope`, { areaCode: row.area_code });
    return this.ctx.db.transaction().execute(async (trx) => {
      const areas = new AreaRepository(trx, this.ctx.dialect);
      if (!(await areas.byCode(row.area_code)))
        throw new DomainError('AREA_NOT_FOUND', `Unknown area code ${row.area_code}`, { field: 'area_code', areaCode: row.area_code });
      const existing = await this.persons(trx).byDocHash(row.doc_hash);
      if (existing) throw new DomainError('DUPLICATE_PERSON', `A person with document ${row.doc_masked} is already registered`, { personId: existing.id });
      await this.persons(trx).insertMany(
        [row],
        tags.map((tag) => ({ tag, area_code: row.area_code, person_id: row.id })),
      );
      await areas.bumpCounters(new Map([[row.area_code, { people: 1, households: 0 }]]));
      await this.audit.append({ actor, action: 'person.created', targetType: 'person', targetId: row.id, areaCode: row.area_code }, trx);
      return toPersonView(row);
    });
  }

  /** Find a person by document number within the actor's scope (null when absent or out of scope). */
  async findByIdNumber(actor: Actor, idNumber: string): Promise<PersonView | null> {
    const p = await this.persons().byDocHash(docHash(this.ctx.pii, idNumber));
    if (!p || !coversArea(actor, p.area_code)) return null;
    return toPersonView(p);
  }

  /** Resolve many document numbers to person ids in one pass (bulk ingest). Unknown numbers are absent. */
  async resolveIdNumbers(idNumbers: readonly string[]): Promise<Map<string, { id: string; area_code: string }>> {
    const hashByNumber = new Map<string, string>();
    for (const n of idNumbers) if (!hashByNumber.has(n)) hashByNumber.set(n, docHash(this.ctx.pii, n));
    const byHash = await this.persons().idsByDocHashes(this.ctx.database, [...hashByNumber.values()]);
    const out = new Map<string, { id: string; area_code: string }>();
    for (const [n, h] of hashByNumber) {
      const hit = byHash.get(h);
      if (hit) out.set(n, hit);
    }
    return out;
  }

  async getPerson(actor: Actor, id: string): Promise<PersonView> {
    const p = await this.persons().byId(id);
    if (!p || !coversArea(actor, p.area_code)) throw notFound('Person', id);
    return toPersonView(p);
  }

  /**
   * The only way a control status changes: records from/to, reason, evidence, actor and time
   * per person, plus an audit entry each. Runs inside the caller's transaction when given one.
   * Returns the ids actually changed.
   */
  async changeControlStatus(actor: Actor, change: ControlChange, trx?: Kysely<DB>): Promise<string[]> {
    if (!trx) return this.ctx.db.transaction().execute((t) => this.changeControlStatus(actor, change, t));
    const now = this.ctx.clock.nowIso();
    const repo = this.persons(trx);
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

  async controlHistory(actor: Actor, personId: string) {
    await this.getPerson(actor, personId);
    return this.persons().controlHistory(personId);
  }
}
