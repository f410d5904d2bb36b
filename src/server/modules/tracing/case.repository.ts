import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../db/database';
import { insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { areaSql, type Scope } from '../access';
import type { CaseRow, SpanRow } from './tracing.table';

/**
 * Cases and their trajectory spans, as one scope may see them. A case belongs to the area of its
 * person; its spans are read through the case (a span's own area is the place's, which may be
 * anywhere the case went).
 */
export class CaseRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
    private readonly dialect: Dialect,
  ) {}

  /** The case with this id or code, if in scope (fetch-by-id callers check with `Access.ensure` first). */
  byIdOrCode(idOrCode: string): Promise<CaseRow | undefined> {
    return this.db
      .selectFrom('cases')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrCode), eb('code', '=', idOrCode)]))
      .where((eb) => this.scope.where(eb, 'area_code'))
      .executeTakeFirst();
  }

  /** Newest first, keyset on reported_at; the person's name comes masked by the service. */
  list(opts: { before?: string; limit: number }) {
    let q = this.db
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
      .where((eb) => this.scope.where(eb, 'cases.area_code'))
      .orderBy('cases.reported_at', 'desc')
      .orderBy('cases.id', 'desc')
      .limit(opts.limit);
    if (opts.before) q = q.where('cases.reported_at', '<', opts.before);
    return q.execute();
  }

  /** Of these case ids, those in scope (a source case or cluster head in another area is not named). */
  async visible(ids: readonly string[]): Promise<Set<string>> {
    const want = [...new Set(ids)];
    const out = new Set<string>();
    for (let i = 0; i < want.length; i += 1000) {
      const rows = await this.db
        .selectFrom('cases')
        .select('id')
        .where('id', 'in', want.slice(i, i + 1000))
        .where((eb) => this.scope.where(eb, 'area_code'))
        .execute();
      for (const r of rows) out.add(r.id);
    }
    return out;
  }

  /**
   * Contact counts per case: every contact counts (a count names nobody), and those living
   * outside this scope are counted apart as handed off.
   */
  async contactCounts(caseIds: readonly string[]): Promise<Map<string, { candidates: number; confirmed: number; elsewhere: number }>> {
    const out = new Map<string, { candidates: number; confirmed: number; elsewhere: number }>();
    if (caseIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('contacts')
      .select((eb) => [
        'case_id',
        'status',
        eb.fn.countAll<number>().as('n'),
        sql<number>`sum(case when ${areaSql(this.scope, 'area_code')} then 0 else 1 end)`.as('elsewhere'),
      ])
      .where('case_id', 'in', [...caseIds])
      .groupBy(['case_id', 'status'])
      .execute();
    for (const r of rows) {
      const c = out.get(r.case_id) ?? { candidates: 0, confirmed: 0, elsewhere: 0 };
      if (r.status === 'candidate') c.candidates = Number(r.n);
      if (r.status === 'confirmed') c.confirmed = Number(r.n);
      c.elsewhere += Number(r.elsewhere ?? 0);
      out.set(r.case_id, c);
    }
    return out;
  }

  /** People marked 疑似病例 in scope and not yet reported as cases. */
  candidates(limit = 200) {
    return this.db
      .selectFrom('persons')
      .leftJoin('cases', 'cases.person_id', 'persons.id')
      .select(['persons.id', 'persons.name', 'persons.doc_masked', 'persons.area_code', 'persons.control_changed_at'])
      .where('persons.control_status', '=', 'case_candidate')
      .where('cases.id', 'is', null)
      .where((eb) => this.scope.where(eb, 'persons.area_code'))
      .orderBy('persons.control_changed_at')
      .limit(limit)
      .execute();
  }

  /** For each of these 疑似病例, the evidence type of the change that made them so (tube, placement, arrival). */
  async candidateEvidence(personIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (personIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('control_status_changes')
      .select(['person_id', 'evidence_type'])
      .where('person_id', 'in', [...personIds])
      .where('to_status', '=', 'case_candidate')
      .orderBy('at')
      .orderBy('id')
      .execute();
    for (const r of rows) out.set(r.person_id, r.evidence_type ?? 'other');
    return out;
  }

  async insert(row: CaseRow): Promise<void> {
    await this.db.insertInto('cases').values(row).execute();
  }

  async markDone(id: string, at: string): Promise<void> {
    await this.db.updateTable('cases').set({ investigation_done_at: at }).where('id', '=', id).execute();
  }

  spans(caseId: string): Promise<SpanRow[]> {
    return this.db
      .selectFrom('trajectory_spans')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('case_id', 'in', (eb) => eb.selectFrom('cases').select('id').where(areaSql(this.scope, 'area_code')))
      .orderBy('starts_at')
      .execute();
  }

  /** Insert spans; a check-in span already copied is skipped. Returns rows added. */
  async addSpans(rows: readonly SpanRow[]): Promise<number> {
    let added = 0;
    for (const chunk of insertChunks(this.dialect, rows)) {
      const r = await this.db
        .insertInto('trajectory_spans')
        .values(chunk)
        .onConflict((oc) => oc.columns(['case_id', 'source', 'venue_code', 'starts_at']).doNothing())
        .executeTakeFirst();
      added += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  }

  /** Remove a span of a case in scope; returns whether one was removed. */
  async removeSpan(caseId: string, spanId: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('trajectory_spans')
      .where('case_id', '=', caseId)
      .where('id', '=', spanId)
      .where('case_id', 'in', (eb) => eb.selectFrom('cases').select('id').where(areaSql(this.scope, 'area_code')))
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
