import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Database } from '../../db/database';
import type { BulkSpec } from '../../db/bulk';
import type { PersonRow, PersonTagRow } from './people.table';
import { PERSON_COLUMNS } from './demo-rows';

const ROWS_PER_STATEMENT = 200;

/** Specs for db/bulk.ts (imports write through it inside their Kysely transaction). */
export const PERSONS_BULK: BulkSpec<PersonRow> = { table: 'persons', columns: PERSON_COLUMNS, types: { vaccine_doses: 'integer' } };
export const PERSON_TAGS_BULK: BulkSpec<PersonTagRow> = { table: 'person_tags', columns: ['tag', 'area_code', 'person_id'] };

/**
 * The bulk path for loading many people: prepared multi-row statements on SQLite,
 * UNNEST of column arrays on PostgreSQL. Callers wrap calls in a transaction.
 */
export class BulkPersonWriter {
  private personStmt: import('better-sqlite3').Statement | null = null;
  private tagStmt: import('better-sqlite3').Statement | null = null;

  constructor(private readonly database: Database) {}

  /** On PostgreSQL pass the transaction to write in; on SQLite the caller holds the raw transaction. */
  async write(rows: readonly PersonRow[], tags: readonly PersonTagRow[], pgTrx?: Kysely<DB>): Promise<void> {
    if (this.database.sqlite) this.writeSqlite(rows, tags);
    else await this.writePostgres(rows, tags, pgTrx ?? this.database.db);
  }

  private writeSqlite(rows: readonly PersonRow[], tags: readonly PersonTagRow[]): void {
    const db = this.database.sqlite as import('better-sqlite3').Database;
    const cols = PERSON_COLUMNS.join(',');
    const one = `(${PERSON_COLUMNS.map(() => '?').join(',')})`;
    this.personStmt ??= db.prepare(`insert into persons (${cols}) values ${Array(ROWS_PER_STATEMENT).fill(one).join(',')}`);
    this.tagStmt ??= db.prepare(`insert into person_tags (tag, area_code, person_id) values ${Array(ROWS_PER_STATEMENT).fill('(?,?,?)').join(',')}`);
    const single = db.prepare(`insert into persons (${cols}) values ${one}`);
    const singleTag = db.prepare('insert into person_tags (tag, area_code, person_id) values (?,?,?)');
    const params: unknown[] = [];
    let i = 0;
    for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) {
      params.length = 0;
      for (let j = i; j < i + ROWS_PER_STATEMENT; j++) for (const c of PERSON_COLUMNS) params.push((rows[j] as PersonRow)[c]);
      this.personStmt.run(params);
    }
    for (; i < rows.length; i++) single.run(PERSON_COLUMNS.map((c) => (rows[i] as PersonRow)[c]));
    let k = 0;
    for (; k + ROWS_PER_STATEMENT <= tags.length; k += ROWS_PER_STATEMENT) {
      params.length = 0;
      for (let j = k; j < k + ROWS_PER_STATEMENT; j++) {
        const t = tags[j] as PersonTagRow;
        params.push(t.tag, t.area_code, t.person_id);
      }
      this.tagStmt.run(params);
    }
    for (; k < tags.length; k++) singleTag.run((tags[k] as PersonTagRow).tag, (tags[k] as PersonTagRow).area_code, (tags[k] as PersonTagRow).person_id);
  }

  private async writePostgres(rows: readonly PersonRow[], tags: readonly PersonTagRow[], db: Kysely<DB>): Promise<void> {
    const ints = new Set<keyof PersonRow>(['vaccine_doses']);
    const arrays = PERSON_COLUMNS.map((c) => sql`${rows.map((r) => r[c])}::${sql.raw(ints.has(c) ? 'int[]' : 'text[]')}`);
    await sql`insert into persons (${sql.raw(PERSON_COLUMNS.join(','))}) select * from unnest(${sql.join(arrays)})`.execute(db);
    if (tags.length) {
      await sql`insert into person_tags (tag, area_code, person_id) select * from unnest(${tags.map((t) => t.tag)}::text[], ${tags.map((t) => t.area_code)}::text[], ${tags.map((t) => t.person_id)}::text[])`.execute(
        db,
      );
    }
  }
}
