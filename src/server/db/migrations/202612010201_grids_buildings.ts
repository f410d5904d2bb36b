import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * A county's own buildings (issue 13). A building is an area of level `building` (an
 * 18-character code: its grid's 15 + 3), so people registered to it count up the tree as
 * before; this table holds what a building has beyond an area: its address and the point
 * it stands on (WGS-84), which later lets people be put into grids by building or by
 * point-in-polygon. Grid polygons stay in `areas.geometry` (GeoJSON text).
 *
 * `building_code` is itself the area-scoping column: a prefix-hierarchical tree code like
 * `persons.area_code`, so `scope.where(eb, 'buildings.building_code')` is a range on the key.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('buildings')
    .addColumn('building_code', 'text', (c) => c.primaryKey().references('areas.code'))
    .addColumn('grid_code', 'text', (c) => c.notNull().references('areas.code'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('lng', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // "Buildings of this grid" (listing, moving a grid's buildings) covering the code.
  await db.schema.createIndex('buildings_grid').on('buildings').columns(['grid_code', 'building_code']).execute();

  // Buildings already in the tree (the demo city) get their row, their centroid as their point.
  await sql`
    insert into buildings (building_code, grid_code, name, address, lng, lat, created_at, updated_at)
    select code, substr(code, 1, 15), name, null, centroid_lon, centroid_lat, created_at, created_at
    from areas where level = 'building' and length(code) = 18`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('buildings').execute();
}
