import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError, validationError, why } from '../../errors';
import { DAY } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { maskName } from '../../lib/masking';
import { Access, Scope, sendHandoffs, type HandoffInput } from '../access';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { caseFor } from './case-fetch';
import { CLASS_WORD, decideContact, decisionProblem, type ContactDecision } from './contact-decision';
import { CaseRepository } from './case.repository';
import { ContactRepository, type ContactListOptions } from './contact.repository';
import { personInScope } from './person-in-scope';
import { snapshotCheckins } from './snapshot';
import { rankCandidates, widen, type Candidate, type SpanHit, type VenueSpan } from './copresence';
import { onDays } from './scan-days';
import type { CaseRow, ContactClass, ContactRow, ContactStatus } from './tracing.table';

export interface CandidateView extends Candidate {
  id: string;
  id_number_masked: string;
  name: string;
  status: ContactStatus;
  class: ContactClass;
}

/** What a trace answers: the candidates in the caller's scope by name, the others as a count (handed off to their areas). */
export interface TraceOutcome {
  items: CandidateView[];
  handedOff: number;
}

/**
 * Close contacts (密接), their contacts (次密接) and time-space companions (时空伴随).
 *
 * Co-presence looks at everyone's scans at the case's places, whoever's residents they are. A
 * candidate is kept as a contact of the person's home area (that area works it); the caller sees
 * the candidates in their own scope by name and the others as a count, and each other area gets a
 * hand-off naming its residents, in the same transaction as the contacts.
 */
export class ContactsService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  private contacts(db: Kysely<DB>, scope: Scope): ContactRepository {
    return new ContactRepository(db, scope, this.ctx.dialect);
  }

  /** Everyone whose scans fall inside the widened spans, one query for all spans, best hit per person. */
  async copresence(spans: readonly VenueSpan[], exclude: readonly string[], db: Kysely<DB> = this.ctx.db): Promise<Candidate[]> {
    if (spans.length === 0) return [];
    const margin = this.ctx.config.traceMarginMinutes;
    const hits: SpanHit[] = [];
    for (let i = 0; i < spans.length; i += 50) {
      const parts = spans.slice(i, i + 50).map((s, j) => {
        const w = widen(s, margin);
        return sql`select cast(${i + j} as integer) as span, person_id, min(scanned_at) as first, max(scanned_at) as last, count(*) as scans from checkins where ${onDays('scan_day', w.from, w.to)} and venue_code = ${s.venueCode} and scanned_at >= ${w.from} and scanned_at <= ${w.to} group by person_id`;
      });
      const r = await sql<{ span: number; person_id: string; first: string; last: string; scans: number }>`${sql.join(parts, sql` union all `)}`.execute(db);
      for (const h of r.rows) hits.push({ span: Number(h.span), personId: h.person_id, first: h.first, last: h.last, scans: Number(h.scans) });
    }
    const skip = new Set(exclude);
    return rankCandidates(
      spans,
      hits.filter((h) => !skip.has(h.personId)),
    );
  }

  /** Find candidates for a case from its venue spans (check-ins and interviews) and keep the new ones; one transaction. */
  async traceCase(actor: Actor, caseId: string): Promise<TraceOutcome> {
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      const c = await caseFor(trx, this.ctx.dialect, scope, caseId, 'write');
      await snapshotCheckins(this.ctx, trx, c);
      const spans = (await new CaseRepository(trx, scope, this.ctx.dialect).spans(c.id)).filter((s) => s.venue_code !== null);
      const found = await this.copresence(
        spans.map((s) => ({ venueCode: s.venue_code ?? '', startsAt: s.starts_at, endsAt: s.ends_at })),
        [c.person_id],
        trx,
      );
      // The case's own household comes first: they shared a home, whatever the scans say.
      const home = await this.household(trx, c.person_id);
      const atHome = new Set(home.map((h) => h.person_id));
      const met = found.filter((f) => !atHome.has(f.person_id));
      const handedOff =
        (await this.keep(trx, actor, scope, c, home, 'close', 'household', null)) + (await this.keep(trx, actor, scope, c, met, 'close', 'copresence', null));
      await this.audit.append(
        {
          actor,
          action: 'case.traced',
          targetType: 'case',
          targetId: c.id,
          areaCode: c.area_code,
          details: { candidates: found.length, household: home.length, handedOff },
        },
        trx,
      );
      return { items: await this.withPeople(trx, scope, c.id, [...home, ...met]), handedOff };
    });
  }

  /** The other members of a person's household (同户), as candidates with no venue or overlap. */
  private async household(trx: Kysely<DB>, personId: string): Promise<Candidate[]> {
    const p = await trx.selectFrom('persons').select(['household_code']).where('id', '=', personId).executeTakeFirstOrThrow();
    if (!p.household_code) return [];
    const rows = await trx.selectFrom('persons').select('id').where('household_code', '=', p.household_code).where('id', '<>', personId).limit(50).execute();
    return rows.map((h) => ({ person_id: h.id, venue_code: '', overlap_start: '', overlap_end: '', minutes: 0, gap_minutes: 0, scans: 0 }));
  }

  /**
   * Keep candidates as contacts of their home areas, and hand off those outside the caller's scope
   * to their areas (same transaction). Returns how many were outside. Set-based: a few queries per
   * thousand candidates, never one per contact.
   */
  private async keep(
    trx: Kysely<DB>,
    actor: Actor,
    scope: Scope,
    kase: Pick<CaseRow, 'id' | 'code' | 'area_code'>,
    found: readonly Candidate[],
    cls: ContactClass,
    source: ContactRow['source'],
    via: string | null,
  ): Promise<number> {
    if (found.length === 0) return 0;
    const areas = await this.homeAreas(
      trx,
      found.map((f) => f.person_id),
    );
    const now = this.ctx.clock.nowIso();
    const rows: ContactRow[] = found.map((f) => ({
      id: newId(),
      case_id: kase.id,
      person_id: f.person_id,
      area_code: areas.get(f.person_id) ?? '',
      class: cls,
      status: 'candidate',
      source,
      via_contact_id: via,
      venue_code: f.venue_code || null,
      overlap_start: f.overlap_start || null,
      overlap_end: f.overlap_end || null,
      minutes: f.minutes,
      gap_minutes: f.gap_minutes,
      note: null,
      decided_by: null,
      decided_at: null,
      created_at: now,
    }));
    await this.contacts(trx, scope).insertCandidates(rows);
    const elsewhere: HandoffInput[] = rows
      .filter((r) => !scope.covers(r.area_code))
      .map((r) => ({
        areaCode: r.area_code,
        kind: 'contact_elsewhere',
        personId: r.person_id,
        subjectType: 'case',
        subjectId: kase.id,
        message: `病例 ${kase.code} 的${CLASS_WORD[cls]}候选人居住在贵辖区，请研判并落地管控`,
      }));
    await sendHandoffs(this.ctx, trx, actor, kase.area_code, elsewhere);
    return elsewhere.length;
  }

  /**
   * Home areas of the people a trace found, to file each contact with the area that works it and
   * address the hand-offs (Scope.city('handoff-routing'): the areas go into records, never to the caller).
   */
  private async homeAreas(trx: Kysely<DB>, personIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < personIds.length; i += 1000) {
      for (const p of await trx
        .selectFrom('persons')
        .select(['id', 'area_code'])
        .where('id', 'in', personIds.slice(i, i + 1000))
        .execute())
        out.set(p.id, p.area_code);
    }
    return out;
  }

  /** The found candidates the caller may see (their own scope), with contact ids and masked identifiers. */
  private async withPeople(trx: Kysely<DB>, scope: Scope, caseId: string, found: readonly Candidate[]): Promise<CandidateView[]> {
    const rows = new Map((await this.contacts(trx, scope).ofCaseAmong(caseId, [...new Set(found.map((f) => f.person_id))])).map((r) => [r.person_id, r]));
    return found.flatMap((f) => {
      const r = rows.get(f.person_id);
      if (!r) return [];
      return [{ ...f, id: r.id, id_number_masked: r.doc_masked, name: maskName(r.name), status: r.status, class: r.class }];
    });
  }

  /** A case's contacts in scope (ranked; with how many live elsewhere), or every contact in scope (keyset), masked. */
  async list(actor: Actor, opts: Omit<ContactListOptions, 'status'> & { status?: string; area?: string }) {
    const scope = Scope.of(actor).within(opts.area);
    return this.ctx.db.transaction().execute(async (trx) => {
      const caseId = opts.caseId ? (await caseFor(trx, this.ctx.dialect, scope, opts.caseId)).id : undefined;
      const repo = this.contacts(trx, scope);
      const items = (await repo.list({ ...opts, caseId, status: opts.status as ContactRow['status'] | undefined })).map((r) => ({
        ...r,
        name: maskName(r.name),
      }));
      return {
        items,
        nextCursor: !caseId && items.length === opts.limit ? (items[items.length - 1]?.id ?? null) : null,
        ...(caseId ? { elsewhere: await repo.countOutside(caseId) } : {}),
      };
    });
  }

  /**
   * The cross-area read (rule, docs/tracing.md): an epidemiologist whose scope covers the case's
   * area may read that case's contacts living in other areas, to trace the chain; nobody else may.
   * Each read is audited as a cross-area read naming the contacts read, in the read's transaction.
   */
  async elsewhere(actor: Actor, caseId: string) {
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      const c = await caseFor(trx, this.ctx.dialect, scope, caseId);
      if (actor.role !== 'epidemiologist')
        throw new DomainError('FORBIDDEN', "Only the case's epidemiologist may read its contacts in other areas", { role: 'epidemiologist' });
      const rows = await this.contacts(trx, Scope.city('case-epidemiologist')).ofCaseOutside(c.id, scope);
      await this.audit.append(
        {
          actor,
          action: 'contact.cross_area_read',
          targetType: 'case',
          targetId: c.id,
          areaCode: c.area_code,
          details: { contacts: rows.map((r) => r.id), areas: [...new Set(rows.map((r) => r.area_code))] },
        },
        trx,
      );
      return { items: rows.map((r) => ({ ...r, name: maskName(r.name) })) };
    });
  }

  /** Confirm (as close, secondary or companion) or dismiss with a reason; control status follows through the audited service, in one transaction. */
  async decide(actor: Actor, id: string, d: ContactDecision) {
    decisionProblem(d);
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, scope).ensure('contact', id, 'write');
      return decideContact(this.ctx, trx, actor, scope, id, d);
    });
  }

  /**
   * A contact added by hand from the interview (e.g. family met at home), as a candidate to confirm.
   * The person must be in the caller's scope (an unknown or outside ID number answers alike); a
   * person of another area is asked for through that area (协查), not added from here.
   */
  async addManual(actor: Actor, caseId: string, input: { idNumber?: string; personId?: string; class?: ContactClass; note?: string; metAt?: string }) {
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      const c = await caseFor(trx, this.ctx.dialect, scope, caseId, 'write');
      const p = await personInScope(trx, this.ctx.pii, scope, input);
      if (!p) throw new DomainError('PERSON_NOT_FOUND', 'No registered person with that ID number in your scope', { field: 'idNumber' });
      if (p.id === c.person_id) throw validationError({ idNumber: why('same_as_current', 'is the case itself') });
      const row: ContactRow = {
        id: newId(),
        case_id: c.id,
        person_id: p.id,
        area_code: p.area_code,
        class: input.class ?? 'close',
        status: 'candidate',
        source: 'manual',
        via_contact_id: null,
        venue_code: null,
        overlap_start: input.metAt ?? null,
        overlap_end: input.metAt ?? null,
        minutes: 0,
        gap_minutes: 0,
        note: input.note ?? null,
        decided_by: null,
        decided_at: null,
        created_at: this.ctx.clock.nowIso(),
      };
      if (!(await this.contacts(trx, scope).insertOne(row)))
        throw new DomainError('DUPLICATE_CONTACT', 'This person is already listed for the case', { personId: p.id });
      await this.audit.append(
        { actor, action: 'contact.added', targetType: 'contact', targetId: row.id, areaCode: row.area_code, details: { caseId: c.id, personId: p.id } },
        trx,
      );
      return row;
    });
  }

  /**
   * 次密接 of a confirmed close contact: their household, and people co-present with them from
   * their exposure until now. Kept as candidates of the same case, linked through the contact;
   * those living outside the caller's scope are handed off to their areas.
   */
  async findSecondary(actor: Actor, contactId: string) {
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, scope).ensure('contact', contactId, 'write');
      const repo = this.contacts(trx, scope);
      const c = await repo.byId(contactId);
      if (!c) throw new Error('unreachable: contact passed the access check');
      if (c.status !== 'confirmed' || c.class !== 'close')
        throw new DomainError('NOT_A_CLOSE_CONTACT', 'Secondary contacts are searched from a confirmed close contact', { contactId });
      // The contact's case may be another area's: its person is only excluded, its code only names the hand-off.
      const kase = await trx.selectFrom('cases').select(['id', 'code', 'person_id', 'area_code']).where('id', '=', c.case_id).executeTakeFirstOrThrow();
      const p = await trx.selectFrom('persons').select(['household_code']).where('id', '=', c.person_id).executeTakeFirstOrThrow();
      const since = c.overlap_start ?? c.created_at;
      const household = p.household_code
        ? await trx.selectFrom('persons').select('id').where('household_code', '=', p.household_code).where('id', '<>', c.person_id).execute()
        : [];
      const scans = await trx
        .selectFrom('checkins')
        .select(['venue_code', 'scanned_at'])
        .where(onDays('scan_day', since, this.ctx.clock.now().getTime() + DAY)) // scans are refused more than a day ahead
        .where('person_id', '=', c.person_id)
        .where('scanned_at', '>=', since)
        .orderBy('scanned_at')
        .limit(500)
        .execute();
      // People already listed for this case were judged as its own contacts; they are not re-listed as 次密接.
      const excluded = new Set([c.person_id, kase.person_id, ...(await repo.listedFor(c.case_id, c.id))]);
      const co = await this.copresence(
        scans.map((s) => ({ venueCode: s.venue_code, startsAt: s.scanned_at, endsAt: s.scanned_at })),
        [...excluded],
        trx,
      );
      const home = household
        .filter((h) => !excluded.has(h.id))
        .map((h): Candidate => ({ person_id: h.id, venue_code: '', overlap_start: '', overlap_end: '', minutes: 0, gap_minutes: 0, scans: 0 }));
      const atHome = new Set(home.map((h) => h.person_id));
      const handedOff =
        (await this.keep(trx, actor, scope, kase, home, 'secondary', 'household', c.id)) +
        (await this.keep(
          trx,
          actor,
          scope,
          kase,
          co.filter((x) => !atHome.has(x.person_id)),
          'secondary',
          'copresence',
          c.id,
        ));
      await this.audit.append(
        {
          actor,
          action: 'contact.secondary_traced',
          targetType: 'contact',
          targetId: c.id,
          areaCode: c.area_code,
          details: { household: home.length, copresence: co.length, handedOff },
        },
        trx,
      );
      return {
        household: home.length,
        copresence: co.length,
        handedOff,
        candidates: await this.withPeople(trx, scope, c.case_id, [...home, ...co.filter((x) => !atHome.has(x.person_id))]),
      };
    });
  }
}
