import type { Kysely } from 'kysely';
import { selectByKeys, type KeyLookup } from '../../db/bulk';
import type { Database, Dialect } from '../../db/database';
import { insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import type { ControlStatusChangeRow, PersonRow, PersonTagRow } from './people.table';

const BY_DOC_HASH: KeyLookup = { table: 'persons', columns: ['id', 'doc_hash', 'area_code'], key: 'doc_hash' };

export class PersonRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
  ) {}

  byId(id: string): Promise<PersonRow | undefined> {
    return this.db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byDocHash(hash: string): Promise<PersonRow | undefined> {
    return this.db.selectFrom('persons').selectAll().where('doc_hash', '=', hash).executeTakeFirst();
  }

  /** doc_hash → person id and area for many hashes at once (the ingest paths resolve whole batches). */
  async idsByDocHashes(database: Database, hashes: readonly string[]): Promise<Map<string, { id: string; area_code: string }>> {
    const rows = await selectByKeys<{ id: string; doc_hash: string; area_code: string }>(database, this.db, BY_DOC_HASH, [...new Set(hashes)]);
    return new Map(rows.map((r) => [r.doc_hash, { id: r.id, area_code: r.area_code }]));
  }

  async byIds(ids: readonly string[]): Promise<PersonRow[]> {
    const out: PersonRow[] = [];
    for (let i = 0; i < ids.length; i += 5000) {
      out.push(
        ...(await this.db
          .selectFrom('persons')
          .selectAll()
          .where('id', 'in', ids.slice(i, i + 5000))
          .execute()),
      );
    }
    return out;
  }

  async insertMany(rows: readonly PersonRow[], tags: readonly PersonTagRow[]): Promise<void> {
    for (const chunk of insertChunks(this.dialect, rows)) await this.db.insertInto('persons').values(chunk).execute();
    for (const chunk of insertChunks(this.dialect, tags)) await this.db.insertInto('person_tags').values(chunk).execute();
  }

  async setControlStatus(ids: readonly string[], to: PersonRow['control_status'], at: string): Promise<void> {
    for (let i = 0; i < ids.length; i += 5000) {
      await this.db
        .updateTable('persons')
        .set({ control_status: to, control_changed_at: at, updated_at: at })
        .where('id', 'in', ids.slice(i, i + 5000))
        .execute();
    }
  }

  async insertControlChanges(rows: readonly ControlStatusChangeRow[]): Promise<void> {
    for (const chunk of insertChunks(this.dialect, rows)) await this.db.insertInto('control_status_changes').values(chunk).execute();
  }

  controlHistory(personId: string): Promise<ControlStatusChangeRow[]> {
    return this.db.selectFrom('control_status_changes').selectAll().where('person_id', '=', personId).orderBy('at').execute();
  }
}
