import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Control zones (管控区域) as records of an incident (issue 15 item 1): kind (封控区 / 管控区 / 防范区),
 * area codes and/or a drawn polygon, start and end. `area_code` is the incident's area, so the
 * zone is read and written under the same scope as its incident.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('response_zones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('area_codes', 'text', (c) => c.notNull())
    .addColumn('polygon', 'text')
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text')
    .addColumn('end_note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('response_zones_incident').on('response_zones').columns(['incident_id', 'starts_at']).execute();
  await db.schema.createIndex('response_zones_area').on('response_zones').columns(['area_code', 'ends_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('response_zones').execute();
}
