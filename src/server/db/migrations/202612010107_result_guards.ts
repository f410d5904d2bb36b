import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Residents' result look-ups are limited per person, not per address (issue 11, finding 1):
 * one row per ID-number hash counts code requests in the current hour and wrong guesses,
 * and holds the lock that follows five wrong guesses. Rows exist for any hash asked about,
 * registered or not, so the answers cannot tell who is registered.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('result_lookup_guards')
    .addColumn('doc_hash', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('window_started_at', 'text')
    .addColumn('codes_in_window', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Old codes: only the newest unused one per person stays live.
  await db.schema.createIndex('result_codes_live').on('result_codes').columns(['doc_hash', 'used_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('result_codes_live').execute();
  await db.schema.dropTable('result_lookup_guards').execute();
}
