import type { Kysely } from 'kysely';
import { selectByKeys, type KeyLookup } from '../../db/bulk';
import type { Database, Dialect } from '../../db/database';
import { insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { areaSql, type Scope } from '../access/scope';
import type { ControlStatusChangeRow, PersonRow, PersonTagRow } from './people.table';

const BY_DOC_HASH: KeyLookup = { table: 'persons', columns: ['id', 'doc_hash', 'area_code'], key: 'doc_hash' };

/**
 * Persons, always within a scope: every query filters by `scope` in SQL, so a person outside it
 * is simply not found. Uniqueness of the document number is a city-wide rule: checks of it are
 * built on `Scope.city('integrity')` and must reveal nothing but the bit they exist for.
 */
export class PersonRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
    readonly scope: Scope,
  ) {}

  private persons() {
    return this.db.selectFrom('persons').where((eb) => this.scope.where(eb, 'persons.area_code'));
  }

  byId(id: string): Promise<PersonRow | undefined> {
    return this.persons().selectAll().where('id', '=', id).executeTakeFirst();
  }

  byDocHash(hash: string): Promise<PersonRow | undefined> {
    return this.persons().selectAll().where('doc_hash', '=', hash).executeTakeFirst();
  }

  /** Whole rows for many document hashes (an import batch compares and updates them). */
  async byDocHashes(hashes: readonly string[]): Promise<PersonRow[]> {
    const out: PersonRow[] = [];
    for (let i = 0; i < hashes.length; i += 5000)
      out.push(
        ...(await this.persons()
          .selectAll()
          .where('doc_hash', 'in', hashes.slice(i, i + 5000))
          .execute()),
      );
    return out;
  }

  /** doc_hash → person id and area for many hashes at once (the ingest paths resolve whole batches). */
  async idsByDocHashes(database: Database, hashes: readonly string[]): Promise<Map<string, { id: string; area_code: string }>> {
    const rows = await selectByKeys<{ id: string; doc_hash: string; area_code: string }>(database, this.db, BY_DOC_HASH, [...new Set(hashes)]);
    // The keyed look-up is a shared prepared statement without a scope; filter its (few) answers here.
    const inScope = this.scope.isCity ? rows : rows.filter((r) => this.scope.covers(r.area_code));
    return new Map(inScope.map((r) => [r.doc_hash, { id: r.id, area_code: r.area_code }]));
  }

  async byIds(ids: readonly string[]): Promise<PersonRow[]> {
    const out: PersonRow[] = [];
    for (let i = 0; i < ids.length; i += 5000) {
      out.push(
        ...(await this.persons()
          .selectAll()
          .where('id', 'in', ids.slice(i, i + 5000))
          .execute()),
      );
    }
    return out;
  }

  /** Household codes among `codes` already held by someone (city-wide: household codes are unique in the city). */
  async knownHouseholds(codes: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < codes.length; i += 5000)
      for (const r of await this.persons()
        .select('household_code')
        .distinct()
        .where('household_code', 'in', codes.slice(i, i + 5000))
        .execute())
        if (r.household_code) out.add(r.household_code);
    return out;
  }

  /** Inserts are checked by the caller (scope of each row's area) before they get here. */
  async insertMany(rows: readonly PersonRow[], tags: readonly PersonTagRow[]): Promise<void> {
    for (const chunk of insertChunks(this.dialect, rows)) await this.db.insertInto('persons').values(chunk).execute();
    for (const chunk of insertChunks(this.dialect, tags)) await this.db.insertInto('person_tags').values(chunk).execute();
  }

  /** Change stored fields of one person within scope; answers whether a row was changed. */
  async update(id: string, set: Partial<PersonRow>): Promise<boolean> {
    const r = await this.db
      .updateTable('persons')
      .set(set)
      .where('id', '=', id)
      .where(() => areaSql(this.scope, 'area_code'))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Replace a person's tag rows (tags carry the area code for the per-area tag index). */
  async replaceTags(personId: string, areaCode: string, tags: readonly string[]): Promise<void> {
    await this.db.deleteFrom('person_tags').where('person_id', '=', personId).execute();
    if (tags.length)
      await this.db
        .insertInto('person_tags')
        .values(tags.map((tag) => ({ tag, area_code: areaCode, person_id: personId })))
        .execute();
  }

  async setControlStatus(ids: readonly string[], to: PersonRow['control_status'], at: string): Promise<void> {
    for (let i = 0; i < ids.length; i += 5000) {
      await this.db
        .updateTable('persons')
        .set({ control_status: to, control_changed_at: at, updated_at: at })
        .where('id', 'in', ids.slice(i, i + 5000))
        .where(() => areaSql(this.scope, 'area_code'))
        .execute();
    }
  }

  async insertControlChanges(rows: readonly ControlStatusChangeRow[]): Promise<void> {
    for (const chunk of insertChunks(this.dialect, rows)) await this.db.insertInto('control_status_changes').values(chunk).execute();
  }

  /** History of a person in scope (empty for one outside it). */
  controlHistory(personId: string): Promise<ControlStatusChangeRow[]> {
    return this.db
      .selectFrom('control_status_changes as c')
      .selectAll('c')
      .where('c.person_id', '=', personId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('persons as p')
            .select('p.id')
            .whereRef('p.id', '=', 'c.person_id')
            .where(() => areaSql(this.scope, 'p.area_code')),
        ),
      )
      .orderBy('c.at')
      .execute();
  }
}
