import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Issue 12, hand-offs and transfers:
 * - `transfers.pickup_seq`: the stop's place in its vehicle run (1 = first pickup), set when the
 *   run is assigned (nearest-neighbour by building coordinates, else by street/community).
 * - `transfers.carer`, `placements.carer`: the guardian or carer named for a minor or dependant
 *   who travels or stays without an adult of their household in the same room.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('transfers').addColumn('pickup_seq', 'integer').execute();
  await db.schema.alterTable('transfers').addColumn('carer', 'text').execute();
  await db.schema.alterTable('placements').addColumn('carer', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('placements').dropColumn('carer').execute();
  await db.schema.alterTable('transfers').dropColumn('carer').execute();
  await db.schema.alterTable('transfers').dropColumn('pickup_seq').execute();
}
