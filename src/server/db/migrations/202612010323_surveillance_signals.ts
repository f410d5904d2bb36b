import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Signals (issue 14 item 4). `surveillance_signals` has exactly the columns the multi-point triggers
 * read (alerts module): one row per alarm of a detector on a sentinel's indicator (sentinel_id set)
 * or an area's roll-up (sentinel_id null); `suppressed` names the alert-budget reason when the alarm
 * was not raised. Detector settings are data per sentinel type and indicator (R's control names);
 * the budget is one row of city-wide settings.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('surveillance_signals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('sentinel_id', 'text')
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('period_date', 'text', (c) => c.notNull())
    .addColumn('observed', 'real', (c) => c.notNull())
    .addColumn('expected', 'real')
    .addColumn('threshold', 'real')
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('suppressed', 'text')
    .execute();
  await db.schema.createIndex('surveillance_signals_area').on('surveillance_signals').columns(['area_code', 'period_date']).execute();
  await db.schema.createIndex('surveillance_signals_created').on('surveillance_signals').columns(['created_at']).execute();

  await db.schema
    .createTable('surveillance_detector_configs')
    .addColumn('sentinel_type', 'text', (c) => c.notNull()) // a type code, or '*' for area roll-ups
    .addColumn('indicator', 'text', (c) => c.notNull()) // an indicator, or '*' for all of the type's
    .addColumn('control', 'text', (c) => c.notNull()) // JSON: {detector, …R control names…} without range/frequency
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('surveillance_detector_configs_pk', ['sentinel_type', 'indicator'])
    .execute();

  await db.schema
    .createTable('surveillance_budget')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('min_count', 'integer', (c) => c.notNull())
    .addColumn('repeat_window_days', 'integer', (c) => c.notNull())
    .addColumn('weekly_budget', 'real', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // CIDARS' figure is about 1.65 signals per county a week: a budget of 2 per area a week.
  await db
    .insertInto('surveillance_budget')
    .values({ id: 1, min_count: 3, repeat_window_days: 7, weekly_budget: 2, updated_by: 'migration', updated_at: '2026-12-01T00:00:00.000Z' })
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('surveillance_budget').execute();
  await db.schema.dropTable('surveillance_detector_configs').execute();
  await db.schema.dropTable('surveillance_signals').execute();
}
