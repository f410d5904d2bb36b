import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Sentinel points (哨点, issue 14 item 1): their types as data (the indicators each reports and the
 * line-list testing deadline), the sentinels themselves, their daily counts (current value) and
 * every correction of a count (history). Counts carry the sentinel's area code so scope filters
 * them on an index and a city can partition by district.
 */
const TYPES: Array<{ code: string; name_zh: string; name_en: string; indicators: string[]; hours: number }> = [
  { code: 'fever_clinic', name_zh: '发热门诊', name_en: 'Fever clinic', indicators: ['fever_patients', 'ili_patients', 'tested'], hours: 48 },
  {
    code: 'pharmacy',
    name_zh: '哨点药店',
    name_en: 'Sentinel pharmacy',
    indicators: ['fever_drugs', 'cough_drugs', 'antiviral_drugs', 'antibiotic_drugs'],
    hours: 48,
  },
  {
    code: 'school',
    name_zh: '学校',
    name_en: 'School',
    indicators: ['absent_fever', 'absent_respiratory', 'absent_other_illness', 'absent_other'],
    hours: 48,
  },
  {
    code: 'kindergarten',
    name_zh: '幼儿园',
    name_en: 'Kindergarten',
    indicators: ['absent_fever', 'absent_respiratory', 'absent_other_illness', 'absent_other'],
    hours: 48,
  },
  { code: 'clinic_ili', name_zh: '诊所流感样病例', name_en: 'Clinic ILI', indicators: ['ili_patients', 'visits'], hours: 48 },
  { code: 'nursing_home', name_zh: '养老机构', name_en: 'Nursing home', indicators: ['fever_residents', 'respiratory_residents'], hours: 24 },
  { code: 'cold_chain', name_zh: '冷链环境采样', name_en: 'Cold-chain / environment sampling', indicators: ['samples', 'positive_samples'], hours: 24 },
];

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('sentinel_types')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('indicators', 'text', (c) => c.notNull()) // JSON array of indicator codes
    .addColumn('line_list_hours', 'integer', (c) => c.notNull().defaultTo(48))
    .execute();
  await db
    .insertInto('sentinel_types')
    .values(TYPES.map((t) => ({ code: t.code, name_zh: t.name_zh, name_en: t.name_en, indicators: JSON.stringify(t.indicators), line_list_hours: t.hours })))
    .execute();

  await db.schema
    .createTable('sentinels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull().references('sentinel_types.code'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('owner_name', 'text')
    .addColumn('owner_phone_enc', 'text')
    .addColumn('owner_phone_masked', 'text')
    .addColumn('indicators', 'text') // JSON array; null = the type's
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sentinels_area').on('sentinels').columns(['area_code', 'code']).execute();

  await db.schema
    .createTable('sentinel_counts')
    .addColumn('sentinel_id', 'text', (c) => c.notNull())
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('reported_by', 'text', (c) => c.notNull())
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sentinel_counts_pk', ['sentinel_id', 'indicator', 'date'])
    .execute();
  // The nightly run reads one date across every sentinel (and a window before it): date first.
  await db.schema.createIndex('sentinel_counts_date').on('sentinel_counts').columns(['date', 'area_code', 'sentinel_id', 'indicator', 'count']).execute();

  await db.schema
    .createTable('sentinel_count_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sentinel_id', 'text', (c) => c.notNull())
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('old_count', 'integer')
    .addColumn('new_count', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull()) // csv | api | phone
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sentinel_count_history_key').on('sentinel_count_history').columns(['sentinel_id', 'indicator', 'date']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('sentinel_count_history').execute();
  await db.schema.dropTable('sentinel_counts').execute();
  await db.schema.dropTable('sentinels').execute();
  await db.schema.dropTable('sentinel_types').execute();
}
