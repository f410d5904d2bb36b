import { sql, type Kysely } from 'kysely';
import { bulkInsert, type BulkSpec } from '../../db/bulk';
import type { Database } from '../../db/database';
import { insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { areaSql, type Scope } from '../access';
import type { TracingTables } from './tracing.table';

export type ScanRow = TracingTables['checkins'];
export type UnmatchedRow = TracingTables['checkins_unmatched'];

const SCANS_BULK: BulkSpec<ScanRow> = {
  table: 'checkins',
  columns: ['scan_day', 'venue_code', 'scanned_at', 'person_id'],
  types: { scan_day: 'integer' },
  conflict: 'on conflict do nothing',
};

/**
 * Check-ins as one scope may see them: a scan belongs to the venue's area (whoever scanned). Scans
 * naming an unknown venue belong to no area and are seen city-wide only.
 */
export class CheckinRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
    private readonly database: Database,
  ) {}

  /** The hot path of a million-scan day (see db/bulk.ts); duplicates ignored. Returns rows inserted. */
  async insertScans(rows: readonly ScanRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    // Already in key order (prepareScans sorts): consecutive inserts land on the same B-tree pages.
    return bulkInsert(this.database, this.db, SCANS_BULK, rows);
  }

  async insertUnmatched(rows: readonly UnmatchedRow[]): Promise<void> {
    for (const chunk of insertChunks(this.database.dialect, rows)) await this.db.insertInto('checkins_unmatched').values(chunk).execute();
  }

  /** Unmatched scans at venues in scope (unknown venues: city scope only), newest first, masked. */
  async unmatched(limit: number) {
    const mine = this.scope.isCity ? sql<boolean>`1 = 1` : sql<boolean>`v.code is not null and ${areaSql(this.scope, 'v.area_code')}`;
    const rows = await sql<{ id: string; doc_masked: string; venue_code: string; scanned_at: string; reason: string; created_at: string }>`
      select u.id, u.doc_masked, u.venue_code, u.scanned_at, u.reason, u.created_at
      from checkins_unmatched u left join venues v on v.code = u.venue_code
      where ${mine}
      order by u.scanned_at desc limit ${limit}`.execute(this.db);
    return rows.rows;
  }
}
