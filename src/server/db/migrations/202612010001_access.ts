import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Access by construction (issue 10): users and tokens carry their work-site postings beside
 * their area scope, and cross-area work flows through hand-offs addressed to the other area.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('sites', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('api_tokens')
    .addColumn('sites', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();

  // A hand-off tells an area about one of its residents (or records) that another area's work
  // touched: a contact of a case elsewhere, a visitor of a venue elsewhere, a person moved away.
  // The sender learns only that it was sent; the recipient sees the person in their own scope.
  await db.schema
    .createTable('handoffs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_code', 'text', (c) => c.notNull()) // the receiving area (the person's home area)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('from_area_code', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('acted_by', 'text')
    .addColumn('acted_at', 'text')
    .addColumn('note', 'text')
    .execute();
  // One hand-off per (kind, subject, person): re-running a trace or an import sends nothing twice.
  await sql`create unique index handoffs_once on handoffs (kind, subject_id, coalesce(person_id, ''))`.execute(db);
  await db.schema.createIndex('handoffs_inbox').on('handoffs').columns(['area_code', 'status', 'created_at', 'id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('handoffs').execute();
  await db.schema.alterTable('api_tokens').dropColumn('sites').execute();
  await db.schema.alterTable('users').dropColumn('sites').execute();
}
