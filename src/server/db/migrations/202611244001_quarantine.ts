import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/** Quarantine, transfer and treatment: facilities, rooms/beds, rules, placements, tests, checks, tasks, transfers. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('facilities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull()) // quarantine | designated | sub-designated | fangcang | home
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('contact', 'text')
    .addColumn('mode', 'text', (c) => c.notNull()) // normal | standby | active (平急转换)
    .addColumn('activation_hours', 'integer', (c) => c.notNull())
    .addColumn('zoning', 'text') // JSON: 三区两通道 record
    .addColumn('staff_on_site', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('facilities_area').on('facilities').columns(['area_code', 'type']).execute();

  // Capacity and occupancy are always counted from these rows, never typed in.
  await db.schema
    .createTable('rooms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facility_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // room | bed
    .addColumn('floor', 'integer')
    .addColumn('unit', 'text') // 方舱 20-bed unit
    .addColumn('max_occupants', 'integer', (c) => c.notNull())
    .addColumn('occupants', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('household_code', 'text') // who shares it (families share a room)
    .addColumn('status', 'text', (c) => c.notNull()) // free | occupied | cleaning | out_of_service
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rooms_facility_code').on('rooms').columns(['facility_id', 'code']).unique().execute();
  await db.schema.createIndex('rooms_facility_status').on('rooms').columns(['facility_id', 'status']).execute();

  await db.schema
    .createTable('placement_rules')
    .addColumn('reason', 'text', (c) => c.primaryKey()) // close-contact | secondary-contact | arrival | case | positive-pool
    .addColumn('setting', 'text', (c) => c.notNull()) // centralised | home | hospital
    .addColumn('site_days', 'integer', (c) => c.notNull())
    .addColumn('home_days', 'integer', (c) => c.notNull())
    .addColumn('test_days', 'text', (c) => c.notNull()) // JSON days on site (day 1 = start day)
    .addColumn('home_test_days', 'text', (c) => c.notNull()) // JSON days of home monitoring
    .execute();
  await db
    .insertInto('placement_rules')
    .values([
      { reason: 'close-contact', setting: 'centralised', site_days: 7, home_days: 3, test_days: '[1,2,3,5,7]', home_test_days: '[3]' },
      { reason: 'arrival', setting: 'centralised', site_days: 7, home_days: 3, test_days: '[1,2,3,5,7]', home_test_days: '[3]' },
      { reason: 'secondary-contact', setting: 'home', site_days: 7, home_days: 0, test_days: '[1,4,7]', home_test_days: '[]' },
      { reason: 'case', setting: 'hospital', site_days: 10, home_days: 7, test_days: '[9,10]', home_test_days: '[2,7]' },
      { reason: 'positive-pool', setting: 'centralised', site_days: 2, home_days: 0, test_days: '[1,2]', home_test_days: '[]' },
    ])
    .execute();

  await db.schema
    .createTable('placements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('facility_id', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // live | released
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('site_end', 'text', (c) => c.notNull())
    .addColumn('monitoring_end', 'text', (c) => c.notNull())
    .addColumn('released_at', 'text')
    .addColumn('release_note', 'text')
    .addColumn('override', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // One live placement per person, enforced by the database itself.
  await sql`create unique index placements_live_person on placements (person_id) where status = 'live'`.execute(db);
  await db.schema.createIndex('placements_facility_status').on('placements').columns(['facility_id', 'status', 'site_end']).execute();
  await db.schema.createIndex('placements_area_status').on('placements').columns(['area_code', 'status']).execute();

  await db.schema
    .createTable('placement_tests')
    .addColumn('placement_id', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull()) // site | home
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('tested_at', 'text')
    .addPrimaryKeyConstraint('placement_tests_pk', ['placement_id', 'phase', 'day'])
    .execute();
  await db.schema.createIndex('placement_tests_due').on('placement_tests').columns(['due_date', 'result']).execute();

  await db.schema
    .createTable('health_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('placement_id', 'text', (c) => c.notNull())
    .addColumn('check_date', 'text', (c) => c.notNull())
    .addColumn('temperature', 'double precision', (c) => c.notNull())
    .addColumn('symptoms', 'text', (c) => c.notNull()) // JSON list
    .addColumn('mental_support', 'integer', (c) => c.notNull())
    .addColumn('needs', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('health_checks_placement_date').on('health_checks').columns(['placement_id', 'check_date']).execute();

  await db.schema
    .createTable('site_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facility_id', 'text', (c) => c.notNull())
    .addColumn('placement_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // fever | missed_check | mental_support | needs
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // open | done
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .execute();
  await db.schema.createIndex('site_tasks_once').on('site_tasks').columns(['placement_id', 'kind', 'day']).unique().execute();
  await db.schema.createIndex('site_tasks_facility').on('site_tasks').columns(['facility_id', 'status']).execute();

  await db.schema
    .createTable('vehicles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plate', 'text', (c) => c.notNull().unique())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('driver', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('household_code', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('to_facility_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // requested | approved | vehicle_assigned | picked_up | arrived | cancelled
    .addColumn('vehicle_id', 'text')
    .addColumn('run_id', 'text')
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text')
    .addColumn('assigned_at', 'text')
    .addColumn('picked_up_at', 'text')
    .addColumn('arrived_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('placement_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index transfers_live_person on transfers (person_id) where status not in ('arrived', 'cancelled')`.execute(db);
  await db.schema.createIndex('transfers_facility_status').on('transfers').columns(['to_facility_id', 'status']).execute();
  await db.schema.createIndex('transfers_area_status').on('transfers').columns(['area_code', 'status']).execute();

  await db.schema
    .createTable('waste_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facility_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('weight_kg', 'double precision', (c) => c.notNull())
    .addColumn('handler', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('waste_runs_facility').on('waste_runs').columns(['facility_id', 'at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    'waste_runs',
    'transfers',
    'vehicles',
    'site_tasks',
    'health_checks',
    'placement_tests',
    'placements',
    'placement_rules',
    'rooms',
    'facilities',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
