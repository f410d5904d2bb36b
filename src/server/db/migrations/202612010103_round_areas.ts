import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Testing by scope (issue 10): a round's areas live in a table so "rounds that concern me" is a
 * range/equality look-up in SQL (was: JSON parsed in JavaScript after `limit(200)`); boxes and
 * tubes are found by the lab they were sent to, and boxes by their round.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('round_areas')
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('round_areas_pk', ['round_id', 'area_code'])
    .execute();
  // "Rounds over an area within mine, or enclosing mine": range or equality on area_code, covering round_id.
  await db.schema.createIndex('round_areas_area').on('round_areas').columns(['area_code', 'round_id']).execute();
  // Keyset list of rounds, newest first.
  await db.schema.createIndex('test_rounds_created').on('test_rounds').columns(['created_at', 'id']).execute();

  // Backfill from the JSON scope of every existing round (set-based on both engines).
  const rounds = await db.selectFrom('test_rounds').select(['id', 'scope']).execute();
  const rows: Array<{ round_id: string; area_code: string }> = [];
  for (const r of rounds as Array<{ id: string; scope: string }>) {
    let codes: unknown;
    try {
      codes = JSON.parse(r.scope);
    } catch {
      codes = [];
    }
    for (const code of new Set(Array.isArray(codes) ? codes.filter((c): c is string => typeof c === 'string') : []))
      rows.push({ round_id: r.id, area_code: code });
  }
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('round_areas')
      .values(rows.slice(i, i + 500))
      .execute();

  // A lab sees the boxes and tubes sent to it; a round's boxes are listed by round.
  await db.schema.createIndex('boxes_lab').on('boxes').columns(['lab_code', 'round_id']).execute();
  await db.schema.createIndex('boxes_round').on('boxes').columns(['round_id', 'site_code']).execute();
  await db.schema.createIndex('tubes_lab').on('tubes').columns(['lab_code', 'round_id']).execute();
  // Open re-checks per pool, for the home page figure in a caller's areas.
  await sql`create index rechecks_open_area on rechecks (status, area_code, pool_tube_id)`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('rechecks_open_area').execute();
  await db.schema.dropIndex('tubes_lab').execute();
  await db.schema.dropIndex('boxes_round').execute();
  await db.schema.dropIndex('boxes_lab').execute();
  await db.schema.dropIndex('test_rounds_created').execute();
  await db.schema.dropTable('round_areas').execute();
}
