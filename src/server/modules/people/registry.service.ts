import type { AppContext } from '../../context';
import { DomainError, validationError, why } from '../../errors';
import { isValidMobile, normalizeIdNumber } from '../../lib/id-number';
import { AreaRepository } from '../areas/area.repository';
import { AuditService } from '../audit/audit.service';
import { Access } from '../access/access';
import { Scope } from '../access/scope';
import { can, type Actor } from '../auth/actor';
import { lockForSerialWrite } from '../../db/dialect';
import { docHash, phoneHash } from './person-input';
import { noteRevealLimited, revealRefusal, revealWindow } from './reveal-limit';
import { PersonRepository } from './person.repository';
import { toPersonView, type PersonView } from './person-view';
import { decodeCursor, encodeCursor, PeopleSearchRepository, type SearchBy } from './people-search.repository';

export interface SearchQuery {
  q?: string;
  area?: string;
  controlStatus?: string;
  tag?: string;
  cursor?: string;
  limit: number;
}

/** Registry use cases: search, person page, revealing identifiers, merging duplicates. */
export class RegistryService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  private search$(scope: Scope): PeopleSearchRepository {
    return new PeopleSearchRepository(this.ctx.db, this.ctx.dialect, scope);
  }

  /** `q` is an ID number (exact), a mobile number (exact) or a name prefix; `area` lists an area. */
  async search(actor: Actor, query: SearchQuery): Promise<{ items: PersonView[]; nextCursor: string | null; matchedBy: string }> {
    const q = query.q?.trim() ?? '';
    let by: SearchBy;
    let matchedBy: string;
    if (/^\d{17}[\dXx]$/.test(q) || /^[A-Z]{1,2}\d{6,9}$/.test(q)) {
      by = { docHash: docHash(this.ctx.pii, normalizeIdNumber(q)) };
      matchedBy = 'id_number';
    } else if (isValidMobile(q)) {
      by = { phoneHash: phoneHash(this.ctx.pii, q) };
      matchedBy = 'phone';
    } else if (q) {
      by = { name: q };
      matchedBy = 'name';
    } else if (query.area) {
      by = { area: query.area };
      matchedBy = 'area';
    } else throw validationError({ q: why('required', 'give a name, ID number or phone, or an area') });
    // `?area=` narrows the scope (404 for an area outside it); the repository filters by it in SQL.
    const scope = Scope.of(actor).within(query.area);
    const rows = await this.search$(scope).search(by, { controlStatus: query.controlStatus, tag: query.tag }, decodeCursor(query.cursor), query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeCursor({ k: 'area' in by ? last.area_code : last.name, id: last.id }) : null;
    return { items: page.map(toPersonView), nextCursor, matchedBy };
  }

  async personPage(actor: Actor, id: string) {
    const scope = Scope.of(actor);
    await new Access(this.ctx.db, scope).ensure('person', id);
    const persons = new PersonRepository(this.ctx.db, this.ctx.dialect, scope);
    const p = (await persons.byId(id)) as NonNullable<Awaited<ReturnType<PersonRepository['byId']>>>;
    const search = this.search$(scope);
    const [household, history, audit] = await Promise.all([
      p.household_code ? search.household(p.household_code) : Promise.resolve([]),
      persons.controlHistory(id),
      search.personAudit(id),
    ]);
    return {
      person: toPersonView(p),
      household: household.filter((h) => h.id !== id).map(toPersonView),
      controlHistory: history.map((h) => ({
        at: h.at,
        from: h.from_status,
        to: h.to_status,
        reason: h.reason,
        evidenceType: h.evidence_type,
        evidenceId: h.evidence_id,
        actor: h.actor_name,
      })),
      audit: audit.map((a) => ({ seq: Number(a.seq), at: a.at, actor: a.actor_name, action: a.action, reason: a.reason })),
    };
  }

  /**
   * Show the ID number and phone in clear: needs pii:reveal and a reason; every view is audited,
   * and a user may make at most `revealLimitPerHour` of them in any hour (reveal-limit.ts).
   */
  async reveal(actor: Actor, id: string, reason: string): Promise<{ idNumber: string; phone: string | null }> {
    if (!can(actor, 'pii:reveal')) throw new DomainError('FORBIDDEN', 'Permission pii:reveal is required', { permission: 'pii:reveal' });
    if (!reason || reason.trim().length < 2) throw validationError({ reason: why('required', 'say why you need to see the identifiers') });
    const scope = Scope.of(actor);
    // The read and its audit entry are one transaction: no clear value leaves without its entry committed.
    const shown = await this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, scope).ensure('person', id);
      // Counted under the audit lock the append takes anyway, so parallel reveals cannot pass the limit together.
      await lockForSerialWrite(trx, this.ctx.dialect, 'audit_log');
      const now = this.ctx.clock.nowIso();
      const refusal = revealRefusal(this.ctx.config.revealLimitPerHour, await revealWindow(trx, actor, now), now);
      if (refusal) return { refusal };
      const p = (await new PersonRepository(trx, this.ctx.dialect, scope).byId(id)) as NonNullable<Awaited<ReturnType<PersonRepository['byId']>>>;
      await this.audit.append({ actor, action: 'person.pii_revealed', targetType: 'person', targetId: id, areaCode: p.area_code, reason: reason.trim() }, trx);
      return { idNumber: this.ctx.pii.decrypt(p.doc_enc), phone: p.phone_enc ? this.ctx.pii.decrypt(p.phone_enc) : null };
    });
    if (shown.refusal) {
      // The refused read wrote nothing; the security event is an event of its own.
      await noteRevealLimited(this.ctx, this.audit, actor, shown.refusal);
      throw shown.refusal;
    }
    return { idNumber: shown.idNumber, phone: shown.phone ?? null };
  }

  /**
   * Merge a duplicate record into the one kept: tags and control history move over, the
   * duplicate is deleted, counters follow, and an audit entry records both ids.
   */
  async merge(actor: Actor, keepId: string, mergeId: string, reason: string): Promise<PersonView> {
    if (keepId === mergeId) throw validationError({ mergeId: why('same_as_current', 'must differ from keepId') });
    if (!reason?.trim()) throw validationError({ reason: why('required', 'is required') });
    return this.ctx.db.transaction().execute(async (trx) => {
      const scope = Scope.of(actor);
      const access = new Access(trx, scope);
      await access.ensure('person', keepId, 'write');
      await access.ensure('person', mergeId, 'write');
      const repo = new PersonRepository(trx, this.ctx.dialect, scope);
      const [keep, dup] = [await repo.byId(keepId), await repo.byId(mergeId)] as Array<NonNullable<Awaited<ReturnType<PersonRepository['byId']>>>>;
      if (!keep || !dup) throw new DomainError('NOT_FOUND', 'Person not found', { what: 'Person' });
      const tags = [...new Set([...keep.tags.split('|'), ...dup.tags.split('|')].filter(Boolean))];
      await repo.update(keepId, {
        tags: tags.join('|'),
        phone_hash: keep.phone_hash ?? dup.phone_hash,
        phone_enc: keep.phone_enc ?? dup.phone_enc,
        phone_masked: keep.phone_masked ?? dup.phone_masked,
        household_code: keep.household_code ?? dup.household_code,
        updated_at: this.ctx.clock.nowIso(),
      });
      await trx.deleteFrom('person_tags').where('person_id', '=', mergeId).execute();
      await repo.replaceTags(keepId, keep.area_code, tags);
      await trx.updateTable('control_status_changes').set({ person_id: keepId }).where('person_id', '=', mergeId).execute();
      await trx.deleteFrom('persons').where('id', '=', mergeId).execute();
      await new AreaRepository(trx, this.ctx.dialect).bumpCounters(new Map([[dup.area_code, { people: -1, households: 0 }]]));
      await this.audit.append(
        {
          actor,
          action: 'person.merged',
          targetType: 'person',
          targetId: keepId,
          areaCode: keep.area_code,
          reason,
          details: { merged: mergeId, mergedDocMasked: dup.doc_masked },
        },
        trx,
      );
      return toPersonView({ ...keep, tags: tags.join('|') });
    });
  }
}
