import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

const MULTI_POINT = ['multi-point-street', 'multi-point-district'];
const BEFORE = ['positive_pool', 'positive_single', 'case_outside_control', 'arrival_positive', 'instay_positive'];

/**
 * Sentinel points on the map and in the multi-point triggers (issue 14 items 5 and 7):
 * - `sentinels.lng` / `lat`, optional (WGS-84 degrees); a sentinel without them is drawn at its
 *   area's centroid.
 * - The map asks, per sentinel, for a raised signal of the last days: an index on sentinel_id.
 * - The alert sweep reads raised signals (`suppressed is null`) by `created_at`: a partial index.
 * - The default multi-point rules count sentinel signals too — only where no one has edited them
 *   since the alerts migration seeded them (an edited rule is the user's choice, left alone).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('sentinels').addColumn('lng', 'real').execute();
  await db.schema.alterTable('sentinels').addColumn('lat', 'real').execute();
  await db.schema
    .createIndex('surveillance_signals_raised_created')
    .on('surveillance_signals')
    .column('created_at')
    .where(sql.ref('suppressed'), 'is', null)
    .execute();
  // The map's "alarm today" per sentinel.
  await db.schema.createIndex('surveillance_signals_sentinel').on('surveillance_signals').columns(['sentinel_id', 'period_date']).execute();
  await db
    .updateTable('alert_rules')
    .set({ channels: JSON.stringify([...BEFORE, 'sentinel_signal']) })
    .where('code', 'in', MULTI_POINT)
    .where('updated_by', '=', 'migration')
    .where('channels', '=', JSON.stringify(BEFORE))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db
    .updateTable('alert_rules')
    .set({ channels: JSON.stringify(BEFORE) })
    .where('code', 'in', MULTI_POINT)
    .where('updated_by', '=', 'migration')
    .where('channels', '=', JSON.stringify([...BEFORE, 'sentinel_signal']))
    .execute();
  await db.schema.dropIndex('surveillance_signals_sentinel').execute();
  await db.schema.dropIndex('surveillance_signals_raised_created').execute();
  await db.schema.alterTable('sentinels').dropColumn('lat').execute();
  await db.schema.alterTable('sentinels').dropColumn('lng').execute();
}
