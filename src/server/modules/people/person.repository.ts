import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../db/database';
import { insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import type { ControlStatusChangeRow, PersonRow, PersonTagRow } from './people.table';

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

  /** doc_hash → person id for many hashes at once (bulk ingest resolves a batch in one query per 5,000). */
  async idsByDocHashes(hashes: readonly string[], sqlite?: SQLite.Database | null): Promise<Map<string, { id: string; area_code: string }>> {
    const out = new Map<string, { id: string; area_code: string }>();
    const unique = [...new Set(hashes)];
    if (sqlite) {
      // Ingest hot path: a prepared 500-key look-up is several times cheaper than building the query each time.
      const full = sqlite.prepare(`select id, doc_hash, area_code from persons where doc_hash in (${Array(500).fill('?').join(',')})`);
      for (let i = 0; i < unique.length; i += 500) {
        const part = unique.slice(i, i + 500);
        const stmt =
          part.length === 500 ? full : sqlite.prepare(`select id, doc_hash, area_code from persons where doc_hash in (${part.map(() => '?').join(',')})`);
        for (const r of stmt.all(part) as Array<{ id: string; doc_hash: string; area_code: string }>) out.set(r.doc_hash, { id: r.id, area_code: r.area_code });
      }
      return out;
    }
    // PostgreSQL: the hashes as one array parameter — no 5,000-placeholder statement to build and parse.
    for (let i = 0; i < unique.length; i += 50_000) {
      const rows = await sql<{
        id: string;
        doc_hash: string;
        area_code: string;
      }>`select id, doc_hash, area_code from persons where doc_hash = any(${unique.slice(i, i + 50_000)}::text[])`.execute(this.db);
      for (const r of rows.rows) out.set(r.doc_hash, { id: r.id, area_code: r.area_code });
    }
    return out;
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
