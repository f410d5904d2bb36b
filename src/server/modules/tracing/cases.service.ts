import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { lockForSerialWrite } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { DomainError, validationError, why } from '../../errors';
import { DAY, HOUR } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { addDays, localDate, startOfLocalDay } from '../../lib/local-time';
import { maskName } from '../../lib/masking';
import { Scope } from '../access';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { toPersonView, type ControlStatus } from '../people';
import { PeopleService } from '../people/people.service';
import { caseFor } from './case-fetch';
import { foundInsideControl } from './finding-class';
import { CaseRepository } from './case.repository';
import { spanProblem } from './copresence';
import { personInScope } from './person-in-scope';
import { snapshotCheckins } from './snapshot';
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

/** What made a person 疑似病例, by the evidence of that status change, and the 发现途径 the case is reported with. */
type CandidateFrom = { source: 'recheck' | 'stay_test' | 'landing_test' | 'other'; foundBy: FoundBy };
const OTHER: CandidateFrom = { source: 'other', foundBy: 'screening' };
const CANDIDATE_FROM: Record<string, CandidateFrom> = {
  tube: { source: 'recheck', foundBy: 'screening' },
  placement: { source: 'stay_test', foundBy: 'contact_management' },
  arrival: { source: 'landing_test', foundBy: 'arrival_test' },
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Cases (病例), their 24-hour clock and trajectories (轨迹). A case belongs to its person's area;
 * every use case runs in one transaction with its access check and audit entry.
 */
export class CasesService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  private repo(db: Kysely<DB>, scope: Scope): CaseRepository {
    return new CaseRepository(db, scope, this.ctx.dialect);
  }

  /** The look-back window starts N days before onset (before sampling for asymptomatic cases). */
  lookbackStart(type: CaseType, onset: string | undefined, sampling: string | undefined): string {
    const anchor = type === 'asymptomatic' ? (sampling ?? onset) : (onset ?? sampling);
    if (!anchor)
      throw validationError({ [type === 'asymptomatic' ? 'samplingDate' : 'onsetDate']: why('required', 'is required to set the look-back window') });
    return startOfLocalDay(addDays(anchor, -this.ctx.config.traceLookbackDays), this.ctx.config.timeZone).toISOString();
  }

  async create(actor: Actor, input: NewCase): Promise<CaseRow> {
    const type = input.type ?? 'confirmed';
    for (const [field, v] of [
      ['onsetDate', input.onsetDate],
      ['samplingDate', input.samplingDate],
    ] as const)
      if (v !== undefined && !DATE.test(v)) throw validationError({ [field]: why('date', 'must be YYYY-MM-DD') });
    if (!input.idNumber && !input.personId) throw validationError({ idNumber: why('required', 'a case needs a person: give idNumber or personId') });
    const lookback = this.lookbackStart(type, input.onsetDate, input.samplingDate);
    const reportedAt = input.reportedAt ? new Date(input.reportedAt).toISOString() : this.ctx.clock.nowIso();
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      const person = await personInScope(trx, this.ctx.pii, scope, input);
      if (!person)
        throw new DomainError('PERSON_NOT_FOUND', 'No registered person with that ID number in your scope; register the person first', { field: 'idNumber' });
      if (await trx.selectFrom('cases').select('id').where('person_id', '=', person.id).executeTakeFirst())
        throw new DomainError('DUPLICATE_CASE', `${maskName(person.name)} is already a case`, { personId: person.id });
      const source = await this.sourceOf(trx, scope, person.id, input.sourceCaseId);
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
        area_code: person.area_code,
        type,
        found_by: input.foundBy ?? (source ? 'contact_management' : 'screening'),
        inside_control: (input.insideControl ?? (await this.foundInside(trx, person.id, person.control_status))) ? 1 : 0,
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
      await this.repo(trx, scope).insert(row);
      await snapshotCheckins(this.ctx, trx, row);
      await new PeopleService(this.ctx).changeControlStatus(
        actor,
        { personIds: [person.id], to: 'case', reason: `病例 ${row.code}`, evidence: { type: 'case', id } },
        trx,
      );
      await this.audit.append(
        {
          actor,
          action: 'case.created',
          targetType: 'case',
          targetId: id,
          areaCode: row.area_code,
          details: { type, personId: person.id, source: row.source_case_id },
        },
        trx,
      );
      return row;
    });
  }

  /** 管控内 or 社会面 (finding-class.ts): the status history back past the finding's own statuses, and any live placement. */
  private async foundInside(trx: Kysely<DB>, personId: string, status: ControlStatus): Promise<boolean> {
    const history = await trx
      .selectFrom('control_status_changes')
      .select('from_status')
      .where('person_id', '=', personId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(20)
      .execute();
    const live = await trx.selectFrom('placements').select('id').where('person_id', '=', personId).where('status', '=', 'live').executeTakeFirst();
    return foundInsideControl({ statuses: [status, ...history.map((h) => h.from_status)], livePlacement: live !== undefined });
  }

  /**
   * The case that infected this person: one given (in the caller's scope), or the case whose
   * confirmed contact they were — which may be another area's; the link is kept, but answers show
   * it only to those who may read that case.
   */
  private async sourceOf(trx: Kysely<DB>, scope: Scope, personId: string, given?: string) {
    if (given) {
      const c = await this.repo(trx, scope).byIdOrCode(given);
      if (!c) throw validationError({ sourceCaseId: why('unknown', 'no such case in your scope') });
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

  /** One case in scope (404 otherwise), by id or code. */
  async row(actor: Actor, id: string): Promise<CaseRow> {
    return this.ctx.db.transaction().execute((trx) => caseFor(trx, this.ctx.dialect, Scope.of(actor), id));
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

  /** Links to cases the caller may not read (another area's source case or cluster head) are shown as absent. */
  private async links<T extends Pick<CaseRow, 'source_case_id' | 'cluster_id'>>(repo: CaseRepository, rows: readonly T[]): Promise<T[]> {
    const visible = await repo.visible(rows.flatMap((r) => [r.cluster_id, ...(r.source_case_id ? [r.source_case_id] : [])]));
    return rows.map((r) => ({
      ...r,
      source_case_id: r.source_case_id && visible.has(r.source_case_id) ? r.source_case_id : null,
      source_elsewhere: r.source_case_id !== null && !visible.has(r.source_case_id),
      cluster_id: visible.has(r.cluster_id) ? r.cluster_id : null,
    }));
  }

  async list(actor: Actor, opts: { area?: string; before?: string; limit: number }) {
    const scope = Scope.of(actor).within(opts.area);
    const repo = this.repo(this.ctx.db, scope);
    const rows = await this.links(repo, await repo.list(opts));
    const counts = await repo.contactCounts(rows.map((r) => r.id));
    return rows.map((r) => ({
      ...r,
      name: maskName(r.name),
      id_number_masked: r.doc_masked,
      doc_masked: undefined,
      inside_control: r.inside_control === 1,
      clock: this.clock(r),
      contacts: counts.get(r.id) ?? { candidates: 0, confirmed: 0, elsewhere: 0 },
    }));
  }

  /** People marked 疑似病例 in scope not yet reported as cases (masked). */
  async candidates(actor: Actor) {
    const repo = this.repo(this.ctx.db, Scope.of(actor));
    const rows = await repo.candidates();
    const evidence = await repo.candidateEvidence(rows.map((r) => r.id));
    return rows.map((r) => {
      const from = CANDIDATE_FROM[evidence.get(r.id) ?? ''] ?? OTHER;
      return { personId: r.id, name: maskName(r.name), idNumberMasked: r.doc_masked, areaCode: r.area_code, since: r.control_changed_at, ...from };
    });
  }

  async get(actor: Actor, id: string) {
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      const repo = this.repo(trx, scope);
      const [c] = await this.links(repo, [await caseFor(trx, this.ctx.dialect, scope, id)]);
      if (!c) throw new Error('unreachable');
      // The case's own person: reading the case is reading them (even if they have since moved away).
      const person = toPersonView(await trx.selectFrom('persons').selectAll().where('id', '=', c.person_id).executeTakeFirstOrThrow());
      return { ...c, inside_control: c.inside_control === 1, person, clock: this.clock(c), trajectory: await repo.spans(c.id) };
    });
  }

  async addSpan(actor: Actor, caseId: string, s: NewSpan): Promise<SpanRow> {
    const problem = spanProblem(s.startsAt, s.endsAt);
    if (problem) throw validationError({ [problem.split(':')[0] ?? 'span']: problem.split(': ')[1] ?? problem });
    if (!s.venueCode && !s.place) throw validationError({ place: why('required', 'give a venue code or a place') });
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      const c = await caseFor(trx, this.ctx.dialect, scope, caseId, 'write');
      let areaCode = s.areaCode ?? null;
      let place = s.place ?? null;
      if (s.venueCode) {
        // A case goes anywhere: the place of a span may be any area's venue (a place, not a person).
        const v = await trx.selectFrom('venues').select(['area_code', 'name']).where('code', '=', s.venueCode).executeTakeFirst();
        if (!v) throw validationError({ venueCode: why('unknown', `unknown venue ${s.venueCode}`) });
        areaCode = v.area_code;
        place = place ?? v.name;
      }
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
      if (row.ends_at < c.lookback_start) throw validationError({ endsAt: why('order', `is before the look-back window (${c.lookback_start})`) });
      await trx.insertInto('trajectory_spans').values(row).execute();
      await this.audit.append(
        { actor, action: 'case.span_added', targetType: 'case', targetId: c.id, areaCode: c.area_code, details: { spanId: row.id, venueCode: row.venue_code } },
        trx,
      );
      return row;
    });
  }

  async removeSpan(actor: Actor, caseId: string, spanId: string): Promise<void> {
    const scope = Scope.of(actor);
    await this.ctx.db.transaction().execute(async (trx) => {
      const c = await caseFor(trx, this.ctx.dialect, scope, caseId, 'write');
      const removed = await this.repo(trx, scope).removeSpan(c.id, spanId);
      await this.audit.append(
        { actor, action: 'case.span_removed', targetType: 'case', targetId: c.id, areaCode: c.area_code, details: { spanId, removed } },
        trx,
      );
    });
  }

  async completeInvestigation(actor: Actor, caseId: string) {
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      const c = await caseFor(trx, this.ctx.dialect, scope, caseId, 'write');
      if (c.investigation_done_at) return this.clock(c);
      const at = this.ctx.clock.nowIso();
      await this.repo(trx, scope).markDone(c.id, at);
      await this.audit.append({ actor, action: 'case.investigation_completed', targetType: 'case', targetId: c.id, areaCode: c.area_code }, trx);
      return this.clock({ ...c, investigation_done_at: at });
    });
  }

  /** Public trajectory notice: no name, no ID, places and times only (interview-only spans can be hidden). */
  async publicNotice(actor: Actor, caseId: string) {
    const c = await this.get(actor, caseId);
    const age = c.person.birthDate ? Math.floor((Date.parse(c.reported_at) - Date.parse(c.person.birthDate)) / (365.25 * DAY)) : null;
    const who = `${c.code}，${c.person.sex === 'F' ? '女' : c.person.sex === 'M' ? '男' : ''}${age !== null ? `，${age}岁` : ''}`;
    const lines = c.trajectory.filter((s) => s.is_public === 1).map((s) => ({ from: s.starts_at, to: s.ends_at, place: s.place ?? s.venue_code ?? '' }));
    return { case: c.code, who, type: c.type, reportedAt: c.reported_at, places: lines };
  }
}
