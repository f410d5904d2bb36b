import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../migration-helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Duty roster (值班值守, issue 15 item 5): rotations per work group, their scheduled changes,
 * covers and swaps, and the hand-over notices sent (one per person, group and shift start, so the
 * job is idempotent). A hand-over notice is no task of an incident: the inbox's task and incident
 * become optional (SQLite cannot drop NOT NULL in place, so the small inbox table is rebuilt).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('roster_rotations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text')
    .addColumn('shift_unit', 'text', (c) => c.notNull())
    .addColumn('shift_count', 'integer', (c) => c.notNull())
    .addColumn('weekdays', 'integer', (c) => c.notNull())
    .addColumn('members', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('roster_rotations_group').on('roster_rotations').columns(['group_id', 'starts_at']).execute();
  await db.schema
    .createTable('roster_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rotation_id', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('shift_unit', 'text')
    .addColumn('shift_count', 'integer')
    .addColumn('weekdays', 'integer')
    .addColumn('members', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('roster_changes_rotation').on('roster_changes').columns(['rotation_id', 'effective_from']).unique().execute();
  await db.schema
    .createTable('roster_overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('replaces_user_id', 'text')
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('swap_id', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('roster_overrides_group').on('roster_overrides').columns(['group_id', 'ends_at']).execute();
  await db.schema.createIndex('roster_overrides_user').on('roster_overrides').columns(['user_id', 'ends_at']).execute();
  await db.schema
    .createTable('roster_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('shift_start', 'text', (c) => c.notNull())
    .addColumn('shift_end', 'text', (c) => c.notNull())
    .addColumn('inbox_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('roster_notices_shift').on('roster_notices').columns(['group_id', 'user_id', 'shift_start']).unique().execute();
  await inboxTaskOptional(db, true);
}

async function inboxTaskOptional(db: AnyDb, optional: boolean): Promise<void> {
  if (isPostgres(db)) {
    const change = optional ? sql`drop not null` : sql`set not null`;
    await sql`alter table response_inbox alter column task_id ${change}, alter column incident_id ${change}`.execute(db);
    return;
  }
  const notNull = optional ? sql`` : sql`not null`;
  await sql`create table response_inbox_new (id text primary key, user_id text not null, task_id text ${notNull}, incident_id text ${notNull},
    kind text not null, title text not null, created_at text not null, read_at text)`.execute(db);
  await sql`insert into response_inbox_new select id, user_id, task_id, incident_id, kind, title, created_at, read_at from response_inbox`.execute(db);
  await sql`drop table response_inbox`.execute(db);
  await sql`alter table response_inbox_new rename to response_inbox`.execute(db);
  await db.schema.createIndex('response_inbox_user').on('response_inbox').columns(['user_id', 'created_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.deleteFrom('response_outbox').where('inbox_id', 'in', db.selectFrom('roster_notices').select('inbox_id')).execute();
  await db.deleteFrom('response_inbox').where('task_id', 'is', null).execute();
  await inboxTaskOptional(db, false);
  for (const t of ['roster_notices', 'roster_overrides', 'roster_changes', 'roster_rotations']) await db.schema.dropTable(t).execute();
}
