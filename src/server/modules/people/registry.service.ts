import type { AppContext } from '../../context';
import { DomainError, notFound, validationError } from '../../errors';
import { isValidMobile, normalizeIdNumber } from '../../lib/id-number';
import { AreaRepository } from '../areas/area.repository';
import { AuditService } from '../audit/audit.service';
import { can, coversArea, type Actor } from '../auth/actor';
import { docHash, phoneHash } from './person-input';
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

  private search$(): PeopleSearchRepository {
    return new PeopleSearchRepository(this.ctx.db, this.ctx.dialect);
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
      if (!coversArea(actor, query.area)) throw notFound('Area', query.area);
      by = { area: query.area };
      matchedBy = 'area';
    } else throw validationError({ q: 'give a name, ID number or phone, or an area' });
    const rows = await this.search$().search(
      by,
      actor.scope,
      { controlStatus: query.controlStatus, tag: query.tag },
      decodeCursor(query.cursor),
      query.limit + 1,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeCursor({ k: 'area' in by ? last.area_code : last.name, id: last.id }) : null;
    return { items: page.map(toPersonView), nextCursor, matchedBy };
  }

  async personPage(actor: Actor, id: string) {
    const p = await new PersonRepository(this.ctx.db, this.ctx.dialect).byId(id);
    if (!p || !coversArea(actor, p.area_code)) throw notFound('Person', id);
    const [household, history, audit] = await Promise.all([
      p.household_code ? this.search$().household(p.household_code, actor.scope) : Promise.resolve([]),
      new PersonRepository(this.ctx.db, this.ctx.dialect).controlHistory(id),
      this.search$().personAudit(id),
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

  /** Show the ID number and phone in clear: needs pii:reveal and a reason; every view is audited. */
  async reveal(actor: Actor, id: string, reason: string): Promise<{ idNumber: string; phone: string | null }> {
    if (!can(actor, 'pii:reveal')) throw new DomainError('FORBIDDEN', 'Permission pii:reveal is required', { permission: 'pii:reveal' });
    if (!reason || reason.trim().length < 2) throw validationError({ reason: 'say why you need to see the identifiers' });
    const p = await new PersonRepository(this.ctx.db, this.ctx.dialect).byId(id);
    if (!p || !coversArea(actor, p.area_code)) throw notFound('Person', id);
    await this.audit.append({ actor, action: 'person.pii_revealed', targetType: 'person', targetId: id, areaCode: p.area_code, reason: reason.trim() });
    return { idNumber: this.ctx.pii.decrypt(p.doc_enc), phone: p.phone_enc ? this.ctx.pii.decrypt(p.phone_enc) : null };
  }

  /**
   * Merge a duplicate record into the one kept: tags and control history move over, the
   * duplicate is deleted, counters follow, and an audit entry records both ids.
   */
  async merge(actor: Actor, keepId: string, mergeId: string, reason: string): Promise<PersonView> {
    if (keepId === mergeId) throw validationError({ mergeId: 'must differ from keepId' });
    if (!reason?.trim()) throw validationError({ reason: 'is required' });
    return this.ctx.db.transaction().execute(async (trx) => {
      const repo = new PersonRepository(trx, this.ctx.dialect);
      const [keep, dup] = [await repo.byId(keepId), await repo.byId(mergeId)];
      if (!keep || !coversArea(actor, keep.area_code)) throw notFound('Person', keepId);
      if (!dup || !coversArea(actor, dup.area_code)) throw notFound('Person', mergeId);
      const tags = [...new Set([...keep.tags.split('|'), ...dup.tags.split('|')].filter(Boolean))];
      await trx
        .updateTable('persons')
        .set({
          tags: tags.join('|'),
          phone_hash: keep.phone_hash ?? dup.phone_hash,
          phone_enc: keep.phone_enc ?? dup.phone_enc,
          phone_masked: keep.phone_masked ?? dup.phone_masked,
          household_code: keep.household_code ?? dup.household_code,
          updated_at: this.ctx.clock.nowIso(),
        })
        .where('id', '=', keepId)
        .execute();
      await trx.deleteFrom('person_tags').where('person_id', 'in', [keepId, mergeId]).execute();
      if (tags.length)
        await trx
          .insertInto('person_tags')
          .values(tags.map((tag) => ({ tag, area_code: keep.area_code, person_id: keepId })))
          .execute();
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
