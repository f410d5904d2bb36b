import type { Kysely } from 'kysely';
import { autoIdType } from '../migration-helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Domain events between capabilities (events/): written in the change's own transaction, handed
 * to each subscribed consumer once by the `events.dispatch` job; deliveries are kept per event.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('domain_events')
    .addColumn('seq', autoIdType(db), (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('domain_events_type_seq').on('domain_events').columns(['type', 'seq']).execute();
  await db.schema
    .createTable('event_deliveries')
    .addColumn('consumer', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('event_deliveries_pk', ['consumer', 'event_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('event_deliveries').execute();
  await db.schema.dropTable('domain_events').execute();
}
