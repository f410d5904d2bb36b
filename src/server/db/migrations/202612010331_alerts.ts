import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Multi-point triggers and alert triage (issue 14 items 5–6, docs/alerts.md): trigger rules as
 * data, the channel records the evaluator has seen, alerts with their contributing records and
 * their triage steps. The partial indexes let the 15-second sweep find the few new positives in
 * the source tables without scanning them.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('alert_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('min_channels', 'integer', (c) => c.notNull())
    .addColumn('min_records', 'integer', (c) => c.notNull())
    .addColumn('window_hours', 'integer', (c) => c.notNull())
    .addColumn('area_code', 'text')
    .addColumn('level', 'text')
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('due_hours', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('alert_channel_records')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_channel_records_pk', ['channel', 'record_id'])
    .execute();
  await db.schema.createIndex('alert_channel_records_area').on('alert_channel_records').columns(['area_code', 'occurred_at']).execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('rule_code', 'text', (c) => c.notNull())
    .addColumn('rule_name', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addColumn('open_until', 'text', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alerts_area_raised').on('alerts').columns(['area_code', 'raised_at']).execute();
  await db.schema.createIndex('alerts_rule_area').on('alerts').columns(['rule_id', 'area_code', 'open_until']).execute();

  await db.schema
    .createTable('alert_records')
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_records_pk', ['alert_id', 'channel', 'record_id'])
    .execute();

  await db.schema
    .createTable('alert_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_steps_alert').on('alert_steps').columns(['alert_id', 'at']).execute();

  // The sweep's look-ups of new positives (see alerts/channels.ts).
  await db.schema.createIndex('tube_results_flagged_created').on('tube_results').column('created_at').where(sql.ref('result'), '<>', 'negative').execute();
  await db.schema.createIndex('cases_outside_created').on('cases').column('created_at').where(sql.ref('inside_control'), '=', 0).execute();
  await db.schema
    .createIndex('arrivals_positive_tested')
    .on('arrivals')
    .column('landing_test_at')
    .where(sql.ref('landing_test_result'), '=', 'positive')
    .execute();
  await db.schema.createIndex('placement_tests_positive').on('placement_tests').column('tested_at').where(sql.ref('result'), '=', 'positive').execute();

  await seedDefaultRules(db);
}

/** The default rules (docs/alerts.md explains each); city-wide, changed by a city-scoped role. */
export const DEFAULT_RULES = [
  {
    code: 'social-case',
    name: '社会面病例',
    channels: ['case_outside_control'],
    min_channels: 1,
    min_records: 1,
    window_hours: 24,
    level: 'street',
    grade: 'red',
  },
  {
    code: 'multi-point-street',
    name: '街道多点触发',
    channels: ['positive_pool', 'positive_single', 'case_outside_control', 'arrival_positive', 'instay_positive'],
    min_channels: 2,
    min_records: 2,
    window_hours: 72,
    level: 'street',
    grade: 'orange',
  },
  {
    code: 'multi-point-district',
    name: '区县多点触发',
    channels: ['positive_pool', 'positive_single', 'case_outside_control', 'arrival_positive', 'instay_positive'],
    min_channels: 3,
    min_records: 3,
    window_hours: 168,
    level: 'district',
    grade: 'red',
  },
  {
    code: 'pool-cluster-street',
    name: '混管阳性聚集',
    channels: ['positive_pool'],
    min_channels: 1,
    min_records: 3,
    window_hours: 24,
    level: 'street',
    grade: 'yellow',
  },
  {
    code: 'arrival-positive',
    name: '落地检阳性',
    channels: ['arrival_positive'],
    min_channels: 1,
    min_records: 1,
    window_hours: 24,
    level: 'district',
    grade: 'blue',
  },
] as const;

async function seedDefaultRules(db: AnyDb): Promise<void> {
  const at = '2026-12-01T00:00:00.000Z';
  await db
    .insertInto('alert_rules')
    .values(
      DEFAULT_RULES.map((r, i) => ({
        id: `00000000-0000-7000-8000-00000000000${i + 1}`,
        ...r,
        channels: JSON.stringify(r.channels),
        area_code: null,
        due_hours: 24,
        enabled: 1,
        created_by: 'migration',
        created_at: at,
        updated_by: 'migration',
        updated_at: at,
      })),
    )
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const i of ['placement_tests_positive', 'arrivals_positive_tested', 'cases_outside_created', 'tube_results_flagged_created'])
    await db.schema.dropIndex(i).execute();
  for (const t of ['alert_steps', 'alert_records', 'alerts', 'alert_channel_records', 'alert_rules']) await db.schema.dropTable(t).execute();
}
