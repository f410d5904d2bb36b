import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * The core of the registry every capability counts against: the area tree and persons.
 * Area codes are prefix-hierarchical (32 → 3207 → 320706 → 320706022 → … grid → building),
 * and every person row carries the code of the finest area it belongs to, so "everyone in
 * street X" is one index range scan.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('areas')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('parent_code', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('geometry', 'text') // GeoJSON geometry
    .addColumn('centroid_lon', 'double precision')
    .addColumn('centroid_lat', 'double precision')
    .addColumn('population', 'integer', (c) => c.notNull().defaultTo(0)) // kept incrementally
    .addColumn('households', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('areas_parent').on('areas').columns(['parent_code', 'code']).execute();
  await db.schema.createIndex('areas_level').on('areas').columns(['level', 'code']).execute();

  // 四方责任 / 定岗定人定责: who answers for each area (grid workers for grids).
  await db.schema
    .createTable('area_responsibles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_code', 'text', (c) => c.notNull().references('areas.code'))
    .addColumn('duty', 'text', (c) => c.notNull()) // locality | department | unit | grid_worker
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('phone_masked', 'text')
    .addColumn('user_id', 'text') // the EpiGrid user, when this person logs in
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('area_responsibles_area').on('area_responsibles').columns(['area_code', 'duty']).execute();

  await db.schema
    .createTable('persons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('doc_type', 'text', (c) => c.notNull()) // resident_id | passport | other
    .addColumn('doc_hash', 'text', (c) => c.notNull().unique())
    .addColumn('doc_enc', 'text', (c) => c.notNull())
    .addColumn('doc_masked', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull()) // M | F | U
    .addColumn('birth_date', 'text')
    .addColumn('phone_hash', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('phone_masked', 'text')
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('grid_code', 'text')
    .addColumn('household_code', 'text')
    .addColumn('address', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('')) // '|'-joined, display only
    .addColumn('control_status', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('control_changed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('persons_area').on('persons').columns(['area_code', 'id']).execute();
  await db.schema.createIndex('persons_phone').on('persons').columns(['phone_hash']).execute();
  await db.schema.createIndex('persons_control').on('persons').columns(['control_status', 'area_code']).execute();

  // Tags as rows so "every cold-chain worker in street X" is an index range.
  await db.schema
    .createTable('person_tags')
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('person_tags_pk', ['tag', 'area_code', 'person_id'])
    .execute();
  await db.schema.createIndex('person_tags_person').on('person_tags').columns(['person_id']).execute();

  // Who changed a person's control status, when, why and on what evidence.
  await db.schema
    .createTable('control_status_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('evidence_type', 'text')
    .addColumn('evidence_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('control_changes_person').on('control_status_changes').columns(['person_id', 'at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['control_status_changes', 'person_tags', 'persons', 'area_responsibles', 'areas']) {
    await db.schema.dropTable(t).execute();
  }
}
