import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Quarantine by site (issue 10, issue 12 "transfers between sites"): a transfer may start from a
 * live placement (someone in quarantine moved to a hospital), and a placement records why it
 * ended (released by rule, released early, or transferred to another site).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('transfers').addColumn('from_placement_id', 'text').execute();
  await db.schema.alterTable('placements').addColumn('ended_reason', 'text').execute();
  await db.schema.createIndex('transfers_from_placement').on('transfers').column('from_placement_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('transfers_from_placement').execute();
  await db.schema.alterTable('placements').dropColumn('ended_reason').execute();
  await db.schema.alterTable('transfers').dropColumn('from_placement_id').execute();
}
