import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/** Tracing (流调溯源): venues, check-ins, cases, trajectories, contacts, 协查 notices, arrivals. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('venues')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('is_key', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('venues_area').on('venues').columns(['area_code']).execute();

  // Billions of rows over a retention period: no surrogate key. The unique index serves both
  // co-presence look-ups (venue, time range) and idempotent re-imports; the second serves a
  // person's own trajectory and back-tracing.
  await db.schema
    .createTable('checkins')
    .addColumn('venue_code', 'text', (c) => c.notNull())
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checkins_venue_time').on('checkins').columns(['venue_code', 'scanned_at', 'person_id']).unique().execute();
  await db.schema.createIndex('checkins_person_time').on('checkins').columns(['person_id', 'scanned_at']).execute();

  // Scans that named an unknown venue or person: kept apart (identifier encrypted) and reported.
  await db.schema
    .createTable('checkins_unmatched')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('doc_hash', 'text', (c) => c.notNull())
    .addColumn('doc_enc', 'text', (c) => c.notNull())
    .addColumn('doc_masked', 'text', (c) => c.notNull())
    .addColumn('venue_code', 'text', (c) => c.notNull())
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull()) // unknown_person | unknown_venue
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checkins_unmatched_time').on('checkins_unmatched').columns(['scanned_at']).execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('person_id', 'text', (c) => c.notNull().unique())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull()) // confirmed | asymptomatic
    .addColumn('found_by', 'text', (c) => c.notNull())
    .addColumn('inside_control', 'integer', (c) => c.notNull())
    .addColumn('onset_date', 'text')
    .addColumn('sampling_date', 'text')
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addColumn('lookback_start', 'text', (c) => c.notNull())
    .addColumn('investigation_done_at', 'text')
    .addColumn('source_case_id', 'text')
    .addColumn('cluster_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cases_area_reported').on('cases').columns(['area_code', 'reported_at']).execute();
  await db.schema.createIndex('cases_cluster').on('cases').columns(['cluster_id']).execute();

  await db.schema
    .createTable('trajectory_spans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // venue | address | transport | other
    .addColumn('source', 'text', (c) => c.notNull()) // checkin | interview
    .addColumn('venue_code', 'text')
    .addColumn('area_code', 'text')
    .addColumn('place', 'text')
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('people_met', 'text')
    .addColumn('transport', 'text')
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('trajectory_case_time').on('trajectory_spans').columns(['case_id', 'starts_at']).execute();
  await db.schema.createIndex('trajectory_checkin_once').on('trajectory_spans').columns(['case_id', 'source', 'venue_code', 'starts_at']).unique().execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('class', 'text', (c) => c.notNull()) // close | secondary | companion
    .addColumn('status', 'text', (c) => c.notNull()) // candidate | confirmed | dismissed
    .addColumn('source', 'text', (c) => c.notNull()) // copresence | household | manual
    .addColumn('via_contact_id', 'text')
    .addColumn('venue_code', 'text')
    .addColumn('overlap_start', 'text')
    .addColumn('overlap_end', 'text')
    .addColumn('minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('gap_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contacts_case_person').on('contacts').columns(['case_id', 'person_id']).unique().execute();
  await db.schema.createIndex('contacts_person').on('contacts').columns(['person_id']).execute();
  await db.schema.createIndex('contacts_area_status').on('contacts').columns(['area_code', 'status', 'class']).execute();

  await db.schema
    .createTable('assist_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('doc_hash', 'text')
    .addColumn('doc_enc', 'text')
    .addColumn('doc_masked', 'text')
    .addColumn('phone_hash', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('phone_masked', 'text')
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('candidate_ids', 'text') // JSON: people the notice could mean, when ambiguous
    .addColumn('area_code', 'text', (c) => c.notNull()) // the person's area, else the receiving area
    .addColumn('status', 'text', (c) => c.notNull()) // received (needs a human: no or several matches) | assigned | located | controlled | not_found | not_ours
    .addColumn('owner_name', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text')
    .addColumn('located_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('outcome_note', 'text')
    .execute();
  await db.schema.createIndex('assist_area_status').on('assist_notices').columns(['area_code', 'status', 'deadline']).execute();

  await db.schema
    .createTable('arrival_rules')
    .addColumn('risk_level', 'text', (c) => c.primaryKey()) // high | medium | low
    .addColumn('measure', 'text', (c) => c.notNull()) // centralised_quarantine | home_quarantine | home_monitoring | test_only
    .addColumn('landing_test_hours', 'integer', (c) => c.notNull())
    .execute();
  await db
    .insertInto('arrival_rules')
    .values([
      { risk_level: 'high', measure: 'centralised_quarantine', landing_test_hours: 2 },
      { risk_level: 'medium', measure: 'home_quarantine', landing_test_hours: 12 },
      { risk_level: 'low', measure: 'home_monitoring', landing_test_hours: 24 },
    ])
    .execute();

  await db.schema
    .createTable('arrivals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('risk_level', 'text', (c) => c.notNull())
    .addColumn('arrived_at', 'text', (c) => c.notNull())
    .addColumn('checkpoint', 'text', (c) => c.notNull())
    .addColumn('is_truck_driver', 'integer', (c) => c.notNull())
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('landing_test_due', 'text', (c) => c.notNull())
    .addColumn('landing_test_at', 'text')
    .addColumn('landing_test_result', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('arrivals_area_time').on('arrivals').columns(['area_code', 'arrived_at']).execute();
  await db.schema.createIndex('arrivals_person').on('arrivals').columns(['person_id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['arrivals', 'arrival_rules', 'assist_notices', 'contacts', 'trajectory_spans', 'cases', 'checkins_unmatched', 'checkins', 'venues']) {
    await db.schema.dropTable(t).execute();
  }
}
