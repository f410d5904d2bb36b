import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/** Mass testing (采送检报): rounds, sites, labs, tubes, samples, boxes, results, re-checks, coverage. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('test_rounds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull()) // area_wide | key_groups | routine
    .addColumn('scope', 'text', (c) => c.notNull()) // JSON array of area codes
    .addColumn('pool_size', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('locate_minutes', 'integer', (c) => c.notNull())
    .addColumn('result_minutes', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('round_exemptions')
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('grid_key', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull()) // bedridden | away | infant | other
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('round_exemptions_pk', ['round_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('sampling_sites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('teams', 'integer', (c) => c.notNull())
    .addColumn('rate_per_team_hour', 'integer', (c) => c.notNull())
    .addColumn('opens', 'text', (c) => c.notNull()) // HH:MM local
    .addColumn('closes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('labs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('daily_capacity', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tubes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('barcode', 'text', (c) => c.notNull().unique())
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('site_code', 'text', (c) => c.notNull())
    .addColumn('pool_size', 'integer', (c) => c.notNull())
    .addColumn('sample_count', 'integer', (c) => c.notNull())
    .addColumn('is_recheck', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull()) // open | sealed | boxed | in_transit | received | resulted
    .addColumn('first_sampled_at', 'text', (c) => c.notNull())
    .addColumn('sealed_at', 'text')
    .addColumn('box_code', 'text')
    .addColumn('result', 'text') // negative | positive | suspected
    .addColumn('ct_n', 'double precision')
    .addColumn('ct_orf1ab', 'double precision')
    .addColumn('lab_code', 'text')
    .addColumn('resulted_at', 'text')
    .addColumn('result_conflict', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('tubes_round').on('tubes').columns(['round_id', 'status']).execute();
  await db.schema.createIndex('tubes_box').on('tubes').columns(['box_code']).execute();

  await db.schema
    .createTable('samples')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('tube_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('grid_key', 'text', (c) => c.notNull())
    .addColumn('site_code', 'text', (c) => c.notNull())
    .addColumn('collector', 'text')
    .addColumn('collected_at', 'text', (c) => c.notNull())
    .execute();
  // One person once per tube: a device retrying a batch cannot add the same sample twice.
  await db.schema.createIndex('samples_tube_person').on('samples').columns(['tube_id', 'person_id']).unique().execute();
  await db.schema.createIndex('samples_person').on('samples').columns(['person_id', 'collected_at']).execute();
  await db.schema.createIndex('samples_site_time').on('samples').columns(['site_code', 'collected_at']).execute();

  // First sample of each person in a round: coverage counts people, not samples.
  await db.schema
    .createTable('round_people')
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('grid_key', 'text', (c) => c.notNull())
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('samples', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('round_people_pk', ['round_id', 'person_id'])
    .execute();
  await db.schema.createIndex('round_people_dupes').on('round_people').columns(['round_id', 'samples']).execute();

  // Per round and grid, kept incrementally as samples and results arrive.
  await db.schema
    .createTable('coverage_counters')
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('grid_key', 'text', (c) => c.notNull())
    .addColumn('target', 'integer', (c) => c.notNull())
    .addColumn('sampled', 'integer', (c) => c.notNull())
    .addColumn('resulted', 'integer', (c) => c.notNull())
    .addColumn('positive', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('coverage_counters_pk', ['round_id', 'grid_key'])
    .execute();

  await db.schema
    .createTable('boxes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('site_code', 'text', (c) => c.notNull())
    .addColumn('tube_count', 'integer', (c) => c.notNull())
    .addColumn('sealed_at', 'text', (c) => c.notNull())
    .addColumn('handed_over_at', 'text')
    .addColumn('received_at', 'text')
    .addColumn('lab_code', 'text')
    .addColumn('received_count', 'integer')
    .addColumn('discrepancy', 'text')
    .execute();

  await db.schema
    .createTable('tube_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tube_id', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('ct_n', 'double precision')
    .addColumn('ct_orf1ab', 'double precision')
    .addColumn('tested_at', 'text', (c) => c.notNull())
    .addColumn('lab_code', 'text', (c) => c.notNull())
    .addColumn('conflict', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tube_results_tube').on('tube_results').columns(['tube_id']).execute();

  await db.schema
    .createTable('rechecks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('pool_tube_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('owner_name', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // to_locate | located | resampled | negative | positive
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('locate_deadline', 'text', (c) => c.notNull())
    .addColumn('result_deadline', 'text', (c) => c.notNull())
    .addColumn('located_at', 'text')
    .addColumn('resampled_at', 'text')
    .addColumn('single_tube_barcode', 'text')
    .addColumn('resulted_at', 'text')
    .execute();
  await db.schema.createIndex('rechecks_round').on('rechecks').columns(['round_id', 'status']).execute();
  await db.schema.createIndex('rechecks_tube').on('rechecks').columns(['single_tube_barcode']).execute();
  await db.schema.createIndex('rechecks_person').on('rechecks').columns(['person_id']).execute();
  await db.schema.createIndex('rechecks_pool').on('rechecks').columns(['pool_tube_id', 'person_id']).unique().execute();

  await db.schema
    .createTable('person_last_sampled')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('testing_frequency_rules')
    .addColumn('tag', 'text', (c) => c.primaryKey())
    .addColumn('interval_days', 'integer', (c) => c.notNull())
    .execute();
  await db
    .insertInto('testing_frequency_rules')
    .values([
      { tag: 'cold_chain', interval_days: 1 },
      { tag: 'quarantine_staff', interval_days: 1 },
      { tag: 'port', interval_days: 2 },
      { tag: 'medical', interval_days: 2 },
      { tag: 'transport_station', interval_days: 2 },
      { tag: 'delivery', interval_days: 3 },
      { tag: 'driver', interval_days: 3 },
    ])
    .execute();

  await db.schema
    .createTable('result_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('doc_hash', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('result_codes_doc').on('result_codes').columns(['doc_hash', 'created_at']).execute();

  // Messages the system would send (SMS gateway integration reads this outbox).
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('to_masked', 'text', (c) => c.notNull())
    .addColumn('to_enc', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    'outbox',
    'result_codes',
    'testing_frequency_rules',
    'person_last_sampled',
    'rechecks',
    'tube_results',
    'boxes',
    'coverage_counters',
    'round_people',
    'samples',
    'tubes',
    'labs',
    'sampling_sites',
    'round_exemptions',
    'test_rounds',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
