import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { inAreas, insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { DomainError, notFound, validationError } from '../../errors';
import { DAY } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { maskName } from '../../lib/masking';
import { AuditService } from '../audit/audit.service';
import { coversArea, type Actor } from '../auth/actor';
import type { ControlStatus } from '../people/control-status';
import { PeopleService } from '../people/people.service';
import { CasesService } from './cases.service';
import { rankCandidates, widen, type Candidate, type SpanHit, type VenueSpan } from './copresence';
import { onDays } from './scan-days';
import type { ContactClass, ContactRow } from './tracing.table';

/** The control status each confirmed class leads to, and the statuses it may replace (never a downgrade). */
const CONTROL: Record<ContactClass, { to: ControlStatus; from: readonly ControlStatus[] }> = {
  close: { to: 'close_contact', from: ['none', 'spacetime_companion', 'secondary_contact', 'arrival_control', 'home_monitoring'] },
  secondary: { to: 'secondary_contact', from: ['none', 'spacetime_companion', 'home_monitoring'] },
  companion: { to: 'spacetime_companion', from: ['none'] },
};

export interface CandidateView extends Candidate {
  id: string;
  id_number_masked: string;
  name: string;
  status: string;
  class: ContactClass;
}

/** Close contacts (密接), their contacts (次密接) and time-space companions (时空伴随). */
export class ContactsService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
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

  /** Find candidates for a case from its venue spans (check-ins and interviews) and keep the new ones. */
  async traceCase(actor: Actor, caseId: string): Promise<CandidateView[]> {
    const cases = new CasesService(this.ctx);
    const c = await cases.row(actor, caseId);
    await cases.snapshotCheckins(this.ctx.db, c);
    const spans = await this.ctx.db
      .selectFrom('trajectory_spans')
      .select(['venue_code', 'starts_at', 'ends_at'])
      .where('case_id', '=', c.id)
      .where('venue_code', 'is not', null)
      .orderBy('starts_at')
      .execute();
    const found = await this.copresence(
      spans.map((s) => ({ venueCode: s.venue_code ?? '', startsAt: s.starts_at, endsAt: s.ends_at })),
      [c.person_id],
    );
    await this.keep(c.id, found, 'close', 'copresence', null);
    await this.audit.append({ actor, action: 'case.traced', targetType: 'case', targetId: c.id, areaCode: c.area_code, details: { candidates: found.length } });
    return this.withPeople(c.id, found);
  }

  private async keep(caseId: string, found: readonly Candidate[], cls: ContactClass, source: ContactRow['source'], via: string | null): Promise<void> {
    if (found.length === 0) return;
    const areas = await this.areasOf(found.map((f) => f.person_id));
    const now = this.ctx.clock.nowIso();
    const rows: ContactRow[] = found.map((f) => ({
      id: newId(),
      case_id: caseId,
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
    await this.ctx.db.transaction().execute(async (trx) => {
      for (const chunk of insertChunks(this.ctx.dialect, rows))
        await trx
          .insertInto('contacts')
          .values(chunk)
          .onConflict((oc) => oc.columns(['case_id', 'person_id']).doNothing())
          .execute();
    });
  }

  private async areasOf(personIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < personIds.length; i += 1000) {
      for (const p of await this.ctx.db
        .selectFrom('persons')
        .select(['id', 'area_code'])
        .where('id', 'in', personIds.slice(i, i + 1000))
        .execute())
        out.set(p.id, p.area_code);
    }
    return out;
  }

  private async withPeople(caseId: string, found: readonly Candidate[]): Promise<CandidateView[]> {
    const rows = new Map<string, { id: string; status: string; class: ContactClass; name: string; doc_masked: string }>();
    const ids = found.map((f) => f.person_id);
    for (let i = 0; i < ids.length; i += 1000) {
      const r = await this.ctx.db
        .selectFrom('contacts')
        .innerJoin('persons', 'persons.id', 'contacts.person_id')
        .select(['contacts.id', 'contacts.person_id', 'contacts.status', 'contacts.class', 'persons.name', 'persons.doc_masked'])
        .where('contacts.case_id', '=', caseId)
        .where('contacts.person_id', 'in', ids.slice(i, i + 1000))
        .execute();
      for (const x of r) rows.set(x.person_id, x);
    }
    return found.map((f) => {
      const r = rows.get(f.person_id);
      return {
        ...f,
        id: r?.id ?? '',
        id_number_masked: r?.doc_masked ?? '',
        name: maskName(r?.name ?? ''),
        status: r?.status ?? 'candidate',
        class: r?.class ?? 'close',
      };
    });
  }

  /** A case's contacts (or every contact in scope), keyset by id, masked. */
  async list(actor: Actor, opts: { caseId?: string; status?: string; cls?: ContactClass; area?: string; after?: string; limit: number }) {
    let q = this.ctx.db
      .selectFrom('contacts')
      .innerJoin('persons', 'persons.id', 'contacts.person_id')
      .innerJoin('cases', 'cases.id', 'contacts.case_id')
      .select([
        'contacts.id',
        'contacts.case_id',
        'cases.code as case_code',
        'contacts.person_id',
        'persons.name',
        'persons.doc_masked as id_number_masked',
        'persons.phone_masked',
        'persons.control_status',
        'contacts.area_code',
        'contacts.class',
        'contacts.status',
        'contacts.source',
        'contacts.via_contact_id',
        'contacts.venue_code',
        'contacts.overlap_start',
        'contacts.overlap_end',
        'contacts.minutes',
        'contacts.gap_minutes',
        'contacts.note',
        'contacts.decided_by',
        'contacts.decided_at',
      ])
      .where((eb) => inAreas(eb, 'contacts.area_code', actor.scope))
      .limit(opts.limit);
    if (opts.caseId) q = q.where('contacts.case_id', '=', (await new CasesService(this.ctx).row(actor, opts.caseId)).id);
    if (opts.status) q = q.where('contacts.status', '=', opts.status as ContactRow['status']);
    if (opts.cls) q = q.where('contacts.class', '=', opts.cls);
    if (opts.area) q = q.where((eb) => inAreas(eb, 'contacts.area_code', [opts.area ?? '']));
    q = opts.caseId ? q.orderBy('contacts.gap_minutes').orderBy('contacts.minutes', 'desc').orderBy('contacts.id') : q.orderBy('contacts.id');
    if (opts.after && !opts.caseId) q = q.where('contacts.id', '>', opts.after);
    const items = (await q.execute()).map((r) => ({ ...r, name: maskName(r.name) }));
    return { items, nextCursor: !opts.caseId && items.length === opts.limit ? (items[items.length - 1]?.id ?? null) : null };
  }

  private async contactRow(actor: Actor, id: string): Promise<ContactRow> {
    const c = await this.ctx.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!c || !coversArea(actor, c.area_code)) throw notFound('Contact', id);
    return c;
  }

  /** Confirm (as close, secondary or companion) or dismiss with a reason; control status follows through the audited service. */
  async decide(actor: Actor, id: string, d: { decision: 'confirm' | 'dismiss'; class?: ContactClass; reason?: string }) {
    const c = await this.contactRow(actor, id);
    if (d.decision === 'dismiss' && !d.reason?.trim()) throw validationError({ reason: 'is required to dismiss a contact' });
    const cls = d.class ?? c.class;
    const people = new PeopleService(this.ctx);
    const caseCode = (await this.ctx.db.selectFrom('cases').select('code').where('id', '=', c.case_id).executeTakeFirstOrThrow()).code;
    return this.ctx.db.transaction().execute(async (trx) => {
      const now = this.ctx.clock.nowIso();
      await trx
        .updateTable('contacts')
        .set({ status: d.decision === 'confirm' ? 'confirmed' : 'dismissed', class: cls, note: d.reason ?? null, decided_by: actor.name, decided_at: now })
        .where('id', '=', c.id)
        .execute();
      if (d.decision === 'confirm') {
        const rule = CONTROL[cls];
        await people.changeControlStatus(
          actor,
          {
            personIds: [c.person_id],
            to: rule.to,
            onlyFrom: rule.from,
            reason: `${caseCode} ${cls === 'close' ? '密接' : cls === 'secondary' ? '次密接' : '时空伴随'}`,
            evidence: { type: 'contact', id: c.id },
          },
          trx,
        );
      } else if (c.status === 'confirmed') await this.releaseIfNoOtherLink(actor, trx, c, d.reason ?? '');
      await this.audit.append(
        {
          actor,
          action: `contact.${d.decision === 'confirm' ? 'confirmed' : 'dismissed'}`,
          targetType: 'contact',
          targetId: c.id,
          areaCode: c.area_code,
          reason: d.reason,
          details: { class: cls },
        },
        trx,
      );
      return { id: c.id, status: d.decision === 'confirm' ? 'confirmed' : 'dismissed', class: cls };
    });
  }

  /** Undoing a confirmed contact releases the person only if no other confirmed link holds them. */
  private async releaseIfNoOtherLink(actor: Actor, trx: Kysely<DB>, c: ContactRow, reason: string): Promise<void> {
    const other = await trx
      .selectFrom('contacts')
      .select('id')
      .where('person_id', '=', c.person_id)
      .where('status', '=', 'confirmed')
      .where('id', '<>', c.id)
      .executeTakeFirst();
    if (!other)
      await new PeopleService(this.ctx).changeControlStatus(
        actor,
        { personIds: [c.person_id], to: 'none', onlyFrom: [CONTROL[c.class].to], reason: `撤销: ${reason}`, evidence: { type: 'contact', id: c.id } },
        trx,
      );
  }

  /** A contact added by hand from the interview (e.g. family met at home), as a candidate to confirm. */
  async addManual(actor: Actor, caseId: string, input: { idNumber?: string; personId?: string; class?: ContactClass; note?: string; metAt?: string }) {
    const c = await new CasesService(this.ctx).row(actor, caseId);
    const people = new PeopleService(this.ctx);
    const p = input.personId ? await people.getPerson(actor, input.personId) : await people.findByIdNumber(actor, input.idNumber ?? '');
    if (!p) throw new DomainError('PERSON_NOT_FOUND', 'No registered person with that ID number in your scope', { field: 'idNumber' });
    if (p.id === c.person_id) throw validationError({ idNumber: 'is the case itself' });
    const row: ContactRow = {
      id: newId(),
      case_id: c.id,
      person_id: p.id,
      area_code: p.areaCode,
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
    const r = await this.ctx.db
      .insertInto('contacts')
      .values(row)
      .onConflict((oc) => oc.columns(['case_id', 'person_id']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0)
      throw new DomainError('DUPLICATE_CONTACT', 'This person is already listed for the case', { personId: p.id });
    await this.audit.append({ actor, action: 'contact.added', targetType: 'contact', targetId: row.id, areaCode: row.area_code });
    return row;
  }

  /**
   * 次密接 of a confirmed close contact: their household, and people co-present with them from
   * their exposure until now. Kept as candidates of the same case, linked through the contact.
   */
  async findSecondary(actor: Actor, contactId: string) {
    const c = await this.contactRow(actor, contactId);
    if (c.status !== 'confirmed' || c.class !== 'close')
      throw new DomainError('NOT_A_CLOSE_CONTACT', 'Secondary contacts are searched from a confirmed close contact', { contactId });
    const kase = await this.ctx.db.selectFrom('cases').select(['person_id']).where('id', '=', c.case_id).executeTakeFirstOrThrow();
    const p = await this.ctx.db.selectFrom('persons').select(['household_code']).where('id', '=', c.person_id).executeTakeFirstOrThrow();
    const since = c.overlap_start ?? c.created_at;
    const household = p.household_code
      ? await this.ctx.db.selectFrom('persons').select('id').where('household_code', '=', p.household_code).where('id', '<>', c.person_id).execute()
      : [];
    const scans = await this.ctx.db
      .selectFrom('checkins')
      .select(['venue_code', 'scanned_at'])
      .where(onDays('scan_day', since, this.ctx.clock.now().getTime() + DAY)) // scans are refused more than a day ahead
      .where('person_id', '=', c.person_id)
      .where('scanned_at', '>=', since)
      .orderBy('scanned_at')
      .limit(500)
      .execute();
    // People already listed for this case were judged as its own contacts; they are not re-listed as 次密接.
    const listed = await this.ctx.db
      .selectFrom('contacts')
      .select('person_id')
      .where('case_id', '=', c.case_id)
      .where((eb) => eb.or([eb('via_contact_id', 'is', null), eb('via_contact_id', '<>', c.id)]))
      .execute();
    const excluded = [c.person_id, kase.person_id, ...listed.map((l) => l.person_id)];
    const co = await this.copresence(
      scans.map((s) => ({ venueCode: s.venue_code, startsAt: s.scanned_at, endsAt: s.scanned_at })),
      excluded,
    );
    const home = household
      .filter((h) => !excluded.includes(h.id))
      .map((h): Candidate => ({ person_id: h.id, venue_code: '', overlap_start: '', overlap_end: '', minutes: 0, gap_minutes: 0, scans: 0 }));
    await this.keep(c.case_id, home, 'secondary', 'household', c.id);
    await this.keep(
      c.case_id,
      co.filter((x) => !home.some((h) => h.person_id === x.person_id)),
      'secondary',
      'copresence',
      c.id,
    );
    return { household: home.length, copresence: co.length, candidates: await this.withPeople(c.case_id, [...home, ...co]) };
  }
}
