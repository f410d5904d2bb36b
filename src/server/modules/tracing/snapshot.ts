import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DAY } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { Scope } from '../access';
import { CaseRepository } from './case.repository';
import { onDays } from './scan-days';
import type { CaseRow, SpanRow } from './tracing.table';

/**
 * Copy the case's own check-ins in the look-back window into its trajectory (kept after the scans
 * are purged). The case was fetched through the access check; its own scans are its person's, so
 * the places may lie in any area. In the caller's transaction.
 */
export async function snapshotCheckins(ctx: AppContext, db: Kysely<DB>, c: CaseRow): Promise<number> {
  const scans = await db
    .selectFrom('checkins')
    .innerJoin('venues', 'venues.code', 'checkins.venue_code')
    .select(['checkins.venue_code', 'checkins.scanned_at', 'venues.area_code', 'venues.name'])
    .where(onDays('checkins.scan_day', c.lookback_start, ctx.clock.now().getTime() + DAY)) // scans are refused more than a day ahead
    .where('checkins.person_id', '=', c.person_id)
    .where('checkins.scanned_at', '>=', c.lookback_start)
    .execute();
  const now = ctx.clock.nowIso();
  const rows: SpanRow[] = scans.map((s) => ({
    id: newId(),
    case_id: c.id,
    kind: 'venue',
    source: 'checkin',
    venue_code: s.venue_code,
    area_code: s.area_code,
    place: s.name,
    starts_at: s.scanned_at,
    ends_at: s.scanned_at,
    people_met: null,
    transport: null,
    is_public: 1,
    created_at: now,
  }));
  return new CaseRepository(db, Scope.areas([c.area_code]), ctx.dialect).addSpans(rows);
}
