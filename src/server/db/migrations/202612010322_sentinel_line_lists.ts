import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Line lists (issue 14 item 2): individuals a sentinel reports (a fever-drug buyer, a fever-clinic
 * patient). The ID number is kept as the registry keeps it (keyed hash for look-up, encrypted value,
 * masked copy), never in clear. `home_area_code` is the matched person's area (null when the number
 * is not in the registry); `sentinel_area_code` the reporting sentinel's: scope reads either.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('sentinel_line_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sentinel_id', 'text', (c) => c.notNull())
    .addColumn('sentinel_code', 'text', (c) => c.notNull())
    .addColumn('sentinel_area_code', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('home_area_code', 'text')
    .addColumn('doc_hash', 'text', (c) => c.notNull())
    .addColumn('doc_enc', 'text', (c) => c.notNull())
    .addColumn('doc_masked', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull()) // the indicator, e.g. fever_drugs
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addColumn('test_deadline', 'text', (c) => c.notNull())
    .addColumn('reported_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sentinel_line_reports_home').on('sentinel_line_reports').columns(['home_area_code', 'test_deadline']).execute();
  await db.schema.createIndex('sentinel_line_reports_area').on('sentinel_line_reports').columns(['sentinel_area_code', 'test_deadline']).execute();
  await db.schema.createIndex('sentinel_line_reports_sentinel').on('sentinel_line_reports').columns(['sentinel_code', 'reported_at']).execute();
  await db.schema.createIndex('sentinel_line_reports_person').on('sentinel_line_reports').columns(['person_id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('sentinel_line_reports').execute();
}
