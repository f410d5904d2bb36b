import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../migration-helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Check-ins get a day-leading layout. With (venue, time, person) and (person, time) keys a new
 * scan lands at a random place in two 100-million-entry indexes (~14 GB), so at city scale every
 * insert was a random page read and write (ingest fell from 73,500 to ~10,000 rows/s). Leading
 * both keys with the scan's day puts today's scans in a small, hot slice of each index, and a
 * retention purge becomes a range delete of whole days.
 *
 * scan_day is an integer: days since 1970-01-01 in UTC (floor(epoch ms / 86,400,000)). Integer,
 * not 'YYYY-MM-DD' text: 3-4 bytes instead of 11 in each of 100 million entries of two keys, and
 * "the next three days" is arithmetic. UTC, not local: it is derived from scanned_at (UTC ISO text)
 * alone, the same on both engines and in JS; queries list the days a window touches, so where the
 * day boundary falls only matters for locality, not for results.
 *
 * On SQLite the table becomes WITHOUT ROWID with the unique key as primary key: the rows live in
 * that B-tree, so an insert maintains two B-trees instead of three (a rowid table plus two indexes)
 * and the file shrinks by about a third. On PostgreSQL it is a heap with the same primary key;
 * native partitioning by day would make the purge a DROP, but needs a job creating partitions ahead
 * of time and a default partition — left for when a deployment needs it (see docs/tracing.md).
 */
const dayOf = (db: AnyDb) =>
  isPostgres(db) ? sql`(substr(scanned_at, 1, 10)::date - date '1970-01-01')` : sql`cast(julianday(substr(scanned_at, 1, 10)) - 2440587.5 as integer)`;

export async function up(db: AnyDb): Promise<void> {
  const sqlite = !isPostgres(db);
  await db.schema
    .createTable('checkins_by_day')
    .addColumn('scan_day', 'integer', (c) => c.notNull())
    .addColumn('venue_code', 'text', (c) => c.notNull())
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('checkins_day_venue_time', ['scan_day', 'venue_code', 'scanned_at', 'person_id'])
    .$call((b) => (sqlite ? b.modifyEnd(sql`without rowid`) : b))
    .execute();
  // Set-based backfill, in key order so the new B-tree is written left to right.
  await sql`insert into checkins_by_day (scan_day, venue_code, scanned_at, person_id)
    select ${dayOf(db)}, venue_code, scanned_at, person_id from checkins order by 1, 2, 3, 4`.execute(db);
  await db.schema.dropTable('checkins').execute();
  await db.schema.alterTable('checkins_by_day').renameTo('checkins').execute();
  await db.schema.createIndex('checkins_day_person_time').on('checkins').columns(['scan_day', 'person_id', 'scanned_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('checkins_by_venue')
    .addColumn('venue_code', 'text', (c) => c.notNull())
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into checkins_by_venue (venue_code, scanned_at, person_id) select venue_code, scanned_at, person_id from checkins`.execute(db);
  await db.schema.dropTable('checkins').execute();
  await db.schema.alterTable('checkins_by_venue').renameTo('checkins').execute();
  await db.schema.createIndex('checkins_venue_time').on('checkins').columns(['venue_code', 'scanned_at', 'person_id']).unique().execute();
  await db.schema.createIndex('checkins_person_time').on('checkins').columns(['person_id', 'scanned_at']).execute();
}
