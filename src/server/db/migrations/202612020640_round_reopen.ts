import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * When a round was closed: reopening it is allowed only for a while after (rounds.service.ts,
 * REOPEN_WINDOW). Rounds closed before this column existed have none and cannot be reopened.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('test_rounds').addColumn('closed_at', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('test_rounds').dropColumn('closed_at').execute();
}
