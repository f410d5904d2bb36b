import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Coverage book-keeping off the ingest hot path (issue 12): a batch of samples writes its sample
 * rows and one row here (the tubes it touched); the settle step (testing/sample-settle.ts) turns
 * pending rows into round membership, last-sampled and the people counters, and deletes them in
 * the same transaction. Written with the samples, so an acknowledged batch is never left unsettled.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('sample_settle_queue')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('tube_ids', 'text', (c) => c.notNull())
    .addColumn('samples', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sample_settle_queue_round').on('sample_settle_queue').columns(['round_id', 'created_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('sample_settle_queue').execute();
}
