import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * People moved into or between grids in bulk (issue 13: 未落格 by building / by point, grid split
 * and merge). One row per person per batch: the batch's audit entry names the batch id and the
 * count, this table names everyone it moved and from where, so a million-person placement is
 * audited without a million ids in one entry. It is also the staging the set-based UPDATE … FROM
 * reads. `from_bucket` is the person's old coverage bucket (grid code, or the above-grid area).
 *
 * `buildings_address`: matching people to buildings by address is an equality look-up.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('grid_moves')
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('from_area', 'text', (c) => c.notNull())
    .addColumn('from_bucket', 'text', (c) => c.notNull())
    .addColumn('to_area', 'text', (c) => c.notNull())
    .addColumn('to_grid', 'text', (c) => c.notNull())
    .addColumn('household_code', 'text')
    .addColumn('person_created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('grid_moves_pk', ['batch_id', 'person_id'])
    .execute();
  await db.schema.createIndex('buildings_address').on('buildings').columns(['address']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('buildings_address').execute();
  await db.schema.dropTable('grid_moves').execute();
}
