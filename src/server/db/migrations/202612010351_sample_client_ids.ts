import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Idempotent upload from the scan page's offline queue (issue 12): each scan carries an id the
 * device made (`client_id`); a re-sent batch finds its ids here and creates nothing twice. Unique
 * per sampling site, so one device's ids can never silence another site's scans.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('samples').addColumn('client_id', 'text').execute();
  await db.schema.createIndex('samples_client_id').on('samples').columns(['client_id', 'site_code']).unique().execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('samples_client_id').execute();
  await db.schema.alterTable('samples').dropColumn('client_id').execute();
}
