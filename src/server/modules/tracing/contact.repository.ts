import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../db/database';
import { insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { areaSql, type Scope } from '../access';
import type { ContactClass, ContactRow, ContactStatus } from './tracing.table';

export interface ContactListOptions {
  caseId?: string;
  status?: ContactStatus;
  cls?: ContactClass;
  after?: string;
  limit: number;
}

/** What a contact row looks like in lists (the service masks the name). */
const LISTED = [
  'contacts.id',
  'contacts.case_id',
  'cases.code as case_code',
  'contacts.person_id',
  'persons.name',
  'persons.doc_masked as id_number_masked',
  'persons.phone_masked',
  'persons.control_status',
  // For the minor flag of hand-offs (a minor goes to quarantine with a guardian or carer).
  'persons.birth_date',
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
] as const;

/**
 * Contacts as one scope may see them. A contact belongs to the home area of the person it names
 * (that area works it: confirms, dismisses, quarantines), whichever area's case it is linked to.
 */
export class ContactRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
    private readonly dialect: Dialect,
  ) {}

  /** Candidates found by a trace; a person already listed for the case keeps their row and decision. */
  async insertCandidates(rows: readonly ContactRow[]): Promise<void> {
    for (const chunk of insertChunks(this.dialect, rows))
      await this.db
        .insertInto('contacts')
        .values(chunk)
        .onConflict((oc) => oc.columns(['case_id', 'person_id']).doNothing())
        .execute();
  }

  /** Insert one; false when the person is already listed for the case. */
  async insertOne(row: ContactRow): Promise<boolean> {
    const r = await this.db
      .insertInto('contacts')
      .values(row)
      .onConflict((oc) => oc.columns(['case_id', 'person_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  byId(id: string): Promise<ContactRow | undefined> {
    return this.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => this.scope.where(eb, 'area_code'))
      .executeTakeFirst();
  }

  /** The case's contacts among these people, in scope only, with the person's masked identifiers. */
  async ofCaseAmong(caseId: string, personIds: readonly string[]) {
    const out: Array<{ id: string; person_id: string; status: ContactStatus; class: ContactClass; name: string; doc_masked: string }> = [];
    for (let i = 0; i < personIds.length; i += 1000) {
      out.push(
        ...(await this.db
          .selectFrom('contacts')
          .innerJoin('persons', 'persons.id', 'contacts.person_id')
          .select(['contacts.id', 'contacts.person_id', 'contacts.status', 'contacts.class', 'persons.name', 'persons.doc_masked'])
          .where('contacts.case_id', '=', caseId)
          .where('contacts.person_id', 'in', personIds.slice(i, i + 1000))
          .where((eb) => this.scope.where(eb, 'contacts.area_code'))
          .execute()),
      );
    }
    return out;
  }

  /** Keyset by id over the scope, or one case's contacts in scope ranked by closeness. */
  list(opts: ContactListOptions) {
    let q = this.db
      .selectFrom('contacts')
      .innerJoin('persons', 'persons.id', 'contacts.person_id')
      .innerJoin('cases', 'cases.id', 'contacts.case_id')
      .select(LISTED)
      .where((eb) => this.scope.where(eb, 'contacts.area_code'))
      .limit(opts.limit);
    if (opts.caseId) q = q.where('contacts.case_id', '=', opts.caseId);
    if (opts.status) q = q.where('contacts.status', '=', opts.status);
    if (opts.cls) q = q.where('contacts.class', '=', opts.cls);
    q = opts.caseId ? q.orderBy('contacts.gap_minutes').orderBy('contacts.minutes', 'desc').orderBy('contacts.id') : q.orderBy('contacts.id');
    if (opts.after && !opts.caseId) q = q.where('contacts.id', '>', opts.after);
    return q.execute();
  }

  /** How many of the case's contacts live outside this scope (handed off to their areas). */
  async countOutside(caseId: string): Promise<number> {
    const r = await this.db
      .selectFrom('contacts')
      .select(sql<number>`count(*)`.as('n'))
      .where('case_id', '=', caseId)
      .where(sql<boolean>`not ${areaSql(this.scope, 'area_code')}`)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /**
   * The case's contacts living outside `caller`'s scope. Only on a repository built with
   * `Scope.city('case-epidemiologist')`: the service checks the rule and audits the read.
   */
  ofCaseOutside(caseId: string, caller: Scope) {
    return this.db
      .selectFrom('contacts')
      .innerJoin('persons', 'persons.id', 'contacts.person_id')
      .innerJoin('cases', 'cases.id', 'contacts.case_id')
      .select(LISTED)
      .where('contacts.case_id', '=', caseId)
      .where((eb) => this.scope.where(eb, 'contacts.area_code'))
      .where(sql<boolean>`not ${areaSql(caller, 'contacts.area_code')}`)
      .orderBy('contacts.gap_minutes')
      .orderBy('contacts.id')
      .limit(1000)
      .execute();
  }

  /** Everyone already listed for the case (any area), except those found through `viaContactId`: not re-listed as 次密接. */
  async listedFor(caseId: string, exceptVia: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('contacts')
      .select('person_id')
      .where('case_id', '=', caseId)
      .where((eb) => eb.or([eb('via_contact_id', 'is', null), eb('via_contact_id', '<>', exceptVia)]))
      .execute();
    return rows.map((r) => r.person_id);
  }

  async decide(id: string, set: Pick<ContactRow, 'status' | 'class' | 'note' | 'decided_by' | 'decided_at'>): Promise<void> {
    await this.db
      .updateTable('contacts')
      .set(set)
      .where('id', '=', id)
      .where((eb) => this.scope.where(eb, 'area_code'))
      .execute();
  }

  /** Does another confirmed link hold this person? (Their contacts all live in their home area, so in scope.) */
  async otherConfirmed(personId: string, exceptId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('contacts')
      .select('id')
      .where('person_id', '=', personId)
      .where('status', '=', 'confirmed')
      .where('id', '<>', exceptId)
      .executeTakeFirst();
    return r !== undefined;
  }
}
