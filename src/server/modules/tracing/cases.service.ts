import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { lockForSerialWrite, inAreas, insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { DomainError, notFound, validationError } from '../../errors';
import { DAY, HOUR } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { addDays, localDate, startOfLocalDay } from '../../lib/local-time';
import { maskName } from '../../lib/masking';
import { AuditService } from '../audit/audit.service';
import { coversArea, type Actor } from '../auth/actor';
import type { ControlStatus } from '../people/control-status';
import { PeopleService } from '../people/people.service';
import { spanProblem } from './copresence';
import { onDays } from './scan-days';
import type { CaseRow, CaseType, FoundBy, SpanRow } from './tracing.table';

export interface NewCase {
  idNumber?: string;
  personId?: string;
  type?: CaseType;
  foundBy?: FoundBy;
  insideControl?: boolean;
  onsetDate?: string;
  samplingDate?: string;
  reportedAt?: string;
  sourceCaseId?: string;
}

export interface NewSpan {
  kind?: SpanRow['kind'];
  venueCode?: string;
  areaCode?: string;
  place?: string;
  startsAt: string;
  endsAt: string;
  peopleMet?: string;
  transport?: string;
  isPublic?: boolean;
}

/** Statuses that mean the person was already under control when found (管控内发现). */
const UNDER_CONTROL: readonly ControlStatus[] = [
  'temporary_control',
  'case_candidate',
  'close_contact',
  'secondary_contact',
  'arrival_control',
  'centralised_quarantine',
  'home_quarantine',
  'home_monitoring',
  'hospitalised',
];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Cases (病例), their 24-hour clock and trajectories (轨迹). */
export class CasesService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  /** The look-back window starts N days before onset (before sampling for asymptomatic cases). */
  lookbackStart(type: CaseType, onset: string | undefined, sampling: string | undefined): string {
    const anchor = type === 'asymptomatic' ? (sampling ?? onset) : (onset ?? sampling);
    if (!anchor) throw validationError({ [type === 'asymptomatic' ? 'samplingDate' : 'onsetDate']: 'is required to set the look-back window' });
    return startOfLocalDay(addDays(anchor, -this.ctx.config.traceLookbackDays), this.ctx.config.timeZone).toISOString();
  }

  async create(actor: Actor, input: NewCase): Promise<CaseRow> {
    const type = input.type ?? 'confirmed';
    for (const [field, v] of [
      ['onsetDate', input.onsetDate],
      ['samplingDate', input.samplingDate],
    ] as const)
      if (v !== undefined && !DATE.test(v)) throw validationError({ [field]: 'must be YYYY-MM-DD' });
    const people = new PeopleService(this.ctx);
    if (!input.idNumber && !input.personId) throw validationError({ idNumber: 'a case needs a person: give idNumber or personId' });
    const person = input.personId ? await people.getPerson(actor, input.personId) : await people.findByIdNumber(actor, input.idNumber ?? '');
    if (!person)
      throw new DomainError('PERSON_NOT_FOUND', 'No registered person with that ID number in your scope; register the person first', { field: 'idNumber' });
    const lookback = this.lookbackStart(type, input.onsetDate, input.samplingDate);
    const reportedAt = input.reportedAt ? new Date(input.reportedAt).toISOString() : this.ctx.clock.nowIso();
    return this.ctx.db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('cases').select('id').where('person_id', '=', person.id).executeTakeFirst())
        throw new DomainError('DUPLICATE_CASE', `${maskName(person.name)} is already a case`, { personId: person.id });
      const source = await this.sourceOf(trx, person.id, input.sourceCaseId);
      await lockForSerialWrite(trx, this.ctx.dialect, 'case_code');
      const day = localDate(reportedAt, this.ctx.config.timeZone).replaceAll('-', '');
      const n = await trx
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('code', 'like', `C${day}-%`)
        .executeTakeFirstOrThrow();
      const id = newId();
      const row: CaseRow = {
        id,
        code: `C${day}-${String(Number(n.n) + 1).padStart(3, '0')}`,
        person_id: person.id,
        area_code: person.areaCode,
        type,
        found_by: input.foundBy ?? (source ? 'contact_management' : 'screening'),
        inside_control: (input.insideControl ?? UNDER_CONTROL.includes(person.controlStatus)) ? 1 : 0,
        onset_date: input.onsetDate ?? null,
        sampling_date: input.samplingDate ?? null,
        reported_at: reportedAt,
        lookback_start: lookback,
        investigation_done_at: null,
        source_case_id: source?.id ?? null,
        cluster_id: source?.cluster_id ?? id,
        created_by: actor.name,
        created_at: this.ctx.clock.nowIso(),
      };
      await trx.insertInto('cases').values(row).execute();
      await this.snapshotCheckins(trx, row);
      await people.changeControlStatus(actor, { personIds: [person.id], to: 'case', reason: `病例 ${row.code}`, evidence: { type: 'case', id } }, trx);
      await this.audit.append(
        { actor, action: 'case.created', targetType: 'case', targetId: id, areaCode: row.area_code, details: { type, source: row.source_case_id } },
        trx,
      );
      return row;
    });
  }

  /** The case that infected this person: given, or the case whose confirmed contact they were. */
  private async sourceOf(trx: Kysely<DB>, personId: string, given?: string) {
    if (given) {
      const c = await trx.selectFrom('cases').select(['id', 'cluster_id']).where('id', '=', given).executeTakeFirst();
      if (!c) throw validationError({ sourceCaseId: 'no such case' });
      return c;
    }
    return trx
      .selectFrom('contacts')
      .innerJoin('cases', 'cases.id', 'contacts.case_id')
      .select(['cases.id', 'cases.cluster_id'])
      .where('contacts.person_id', '=', personId)
      .where('contacts.status', '=', 'confirmed')
      .orderBy('contacts.decided_at')
      .limit(1)
      .executeTakeFirst();
  }

  /** Copy the case's own check-ins in the look-back window into its trajectory (kept after the scans are purged). */
  async snapshotCheckins(db: Kysely<DB>, c: CaseRow): Promise<number> {
    const scans = await db
      .selectFrom('checkins')
      .innerJoin('venues', 'venues.code', 'checkins.venue_code')
      .select(['checkins.venue_code', 'checkins.scanned_at', 'venues.area_code', 'venues.name'])
      .where(onDays('checkins.scan_day', c.lookback_start, this.ctx.clock.now().getTime() + DAY)) // scans are refused more than a day ahead
      .where('checkins.person_id', '=', c.person_id)
      .where('checkins.scanned_at', '>=', c.lookback_start)
      .execute();
    const now = this.ctx.clock.nowIso();
    const rows: SpanRow[] = scans.map((s) => ({
      id: newId(),
      case_id: c.id,
      kind: 'venue',
      source: 'checkin',
      venue_code: s.venue_code,
      area_code: s.area_code,
      place: s.name,
      starts_at: s.scanned_at,
      ends_at: s.scanned_at,
      people_met: null,
      transport: null,
      is_public: 1,
      created_at: now,
    }));
    let added = 0;
    for (const chunk of insertChunks(this.ctx.dialect, rows)) {
      const r = await db
        .insertInto('trajectory_spans')
        .values(chunk)
        .onConflict((oc) => oc.columns(['case_id', 'source', 'venue_code', 'starts_at']).doNothing())
        .executeTakeFirst();
      added += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  }

  async row(actor: Actor, id: string): Promise<CaseRow> {
    const c = await this.ctx.db
      .selectFrom('cases')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', id), eb('code', '=', id)]))
      .executeTakeFirst();
    if (!c || !coversArea(actor, c.area_code)) throw notFound('Case', id);
    return c;
  }

  /** The 24-hour clock: due 24 h after first report; done when the investigation is marked complete. */
  clock(c: Pick<CaseRow, 'reported_at' | 'investigation_done_at'>) {
    const due = new Date(Date.parse(c.reported_at) + 24 * HOUR).toISOString();
    const end = c.investigation_done_at ?? this.ctx.clock.nowIso();
    return {
      due,
      done: c.investigation_done_at !== null,
      overdue: end > due,
      hoursElapsed: Math.round(((Date.parse(end) - Date.parse(c.reported_at)) / HOUR) * 10) / 10,
    };
  }

  async list(actor: Actor, opts: { area?: string; before?: string; limit: number }) {
    let q = this.ctx.db
      .selectFrom('cases')
      .innerJoin('persons', 'persons.id', 'cases.person_id')
      .select([
        'cases.id',
        'cases.code',
        'cases.type',
        'cases.found_by',
        'cases.inside_control',
        'cases.area_code',
        'cases.onset_date',
        'cases.sampling_date',
        'cases.reported_at',
        'cases.investigation_done_at',
        'cases.cluster_id',
        'cases.source_case_id',
        'persons.name',
        'persons.doc_masked',
      ])
      .where((eb) => inAreas(eb, 'cases.area_code', actor.scope))
      .orderBy('cases.reported_at', 'desc')
      .orderBy('cases.id', 'desc')
      .limit(opts.limit);
    if (opts.area) q = q.where((eb) => inAreas(eb, 'cases.area_code', [opts.area ?? '']));
    if (opts.before) q = q.where('cases.reported_at', '<', opts.before);
    const rows = await q.execute();
    const counts = await this.contactCounts(rows.map((r) => r.id));
    return rows.map((r) => ({
      ...r,
      name: maskName(r.name),
      id_number_masked: r.doc_masked,
      doc_masked: undefined,
      inside_control: r.inside_control === 1,
      clock: this.clock(r),
      contacts: counts.get(r.id) ?? { candidates: 0, confirmed: 0 },
    }));
  }

  private async contactCounts(caseIds: string[]) {
    const out = new Map<string, { candidates: number; confirmed: number }>();
    if (caseIds.length === 0) return out;
    const rows = await this.ctx.db
      .selectFrom('contacts')
      .select(['case_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('case_id', 'in', caseIds)
      .groupBy(['case_id', 'status'])
      .execute();
    for (const r of rows) {
      const c = out.get(r.case_id) ?? { candidates: 0, confirmed: 0 };
      if (r.status === 'candidate') c.candidates = Number(r.n);
      if (r.status === 'confirmed') c.confirmed = Number(r.n);
      out.set(r.case_id, c);
    }
    return out;
  }

  async get(actor: Actor, id: string) {
    const c = await this.row(actor, id);
    const person = await new PeopleService(this.ctx).getPerson(actor, c.person_id);
    const spans = await this.ctx.db.selectFrom('trajectory_spans').selectAll().where('case_id', '=', c.id).orderBy('starts_at').execute();
    return { ...c, inside_control: c.inside_control === 1, person, clock: this.clock(c), trajectory: spans };
  }

  async addSpan(actor: Actor, caseId: string, s: NewSpan): Promise<SpanRow> {
    const c = await this.row(actor, caseId);
    const problem = spanProblem(s.startsAt, s.endsAt);
    if (problem) throw validationError({ [problem.split(':')[0] ?? 'span']: problem.split(': ')[1] ?? problem });
    let areaCode = s.areaCode ?? null;
    let place = s.place ?? null;
    if (s.venueCode) {
      const v = await this.ctx.db.selectFrom('venues').selectAll().where('code', '=', s.venueCode).executeTakeFirst();
      if (!v) throw validationError({ venueCode: `unknown venue ${s.venueCode}` });
      areaCode = v.area_code;
      place = place ?? v.name;
    }
    if (!s.venueCode && !place) throw validationError({ place: 'give a venue code or a place' });
    const row: SpanRow = {
      id: newId(),
      case_id: c.id,
      kind: s.kind ?? (s.venueCode ? 'venue' : 'address'),
      source: 'interview',
      venue_code: s.venueCode ?? null,
      area_code: areaCode,
      place,
      starts_at: new Date(s.startsAt).toISOString(),
      ends_at: new Date(s.endsAt).toISOString(),
      people_met: s.peopleMet ?? null,
      transport: s.transport ?? null,
      is_public: s.isPublic === false ? 0 : 1,
      created_at: this.ctx.clock.nowIso(),
    };
    if (row.ends_at < c.lookback_start) throw validationError({ endsAt: `is before the look-back window (${c.lookback_start})` });
    await this.ctx.db.insertInto('trajectory_spans').values(row).execute();
    await this.audit.append({ actor, action: 'case.span_added', targetType: 'case', targetId: c.id, areaCode: c.area_code });
    return row;
  }

  async removeSpan(actor: Actor, caseId: string, spanId: string): Promise<void> {
    const c = await this.row(actor, caseId);
    await this.ctx.db.deleteFrom('trajectory_spans').where('case_id', '=', c.id).where('id', '=', spanId).execute();
    await this.audit.append({ actor, action: 'case.span_removed', targetType: 'case', targetId: c.id, areaCode: c.area_code, details: { spanId } });
  }

  async completeInvestigation(actor: Actor, caseId: string) {
    const c = await this.row(actor, caseId);
    if (c.investigation_done_at) return this.clock(c);
    const at = this.ctx.clock.nowIso();
    await this.ctx.db.updateTable('cases').set({ investigation_done_at: at }).where('id', '=', c.id).execute();
    await this.audit.append({ actor, action: 'case.investigation_completed', targetType: 'case', targetId: c.id, areaCode: c.area_code });
    return this.clock({ ...c, investigation_done_at: at });
  }

  /** Public trajectory notice: no name, no ID, places and times only (interview-only spans can be hidden). */
  async publicNotice(actor: Actor, caseId: string) {
    const c = await this.get(actor, caseId);
    const age = c.person.birthDate ? Math.floor((Date.parse(c.reported_at) - Date.parse(c.person.birthDate)) / (365.25 * DAY)) : null;
    const who = `${c.code}，${c.person.sex === 'F' ? '女' : c.person.sex === 'M' ? '男' : ''}${age !== null ? `，${age}岁` : ''}`;
    const lines = c.trajectory
      .filter((s) => s.is_public === 1)
      .map((s) => ({ from: s.starts_at, to: s.ends_at, place: s.place ?? s.venue_code ?? '', transport: s.transport }));
    return { case: c.code, who, type: c.type, reportedAt: c.reported_at, places: lines };
  }
}
