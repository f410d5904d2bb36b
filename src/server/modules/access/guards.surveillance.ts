import { sql, type SqlBool } from 'kysely';
import type { GuardSpec } from './guard';
import { areaSql, siteSql, type Scope } from './scope';

/**
 * Sentinel points (哨点) and their line lists. A sentinel belongs to its area and to the staff
 * posted to it (site kind `sentinel`, by code). A line report names a person: their home area sees
 * it, the reporting sentinel's staff see their own reports, and the sentinel's area sees only
 * reports of people the registry does not know (there is no home area to hand them to); anyone
 * else's resident reaches the sentinel's area by hand-off, not by this read.
 */
/** SQL over line reports aliased `t`: the scope may read the report (see above). */
export function lineReportReadable(s: Scope) {
  return sql<SqlBool>`(${areaSql(s, 't.home_area_code')} or ${siteSql(s, 'sentinel', 't.sentinel_code')}
        or (t.home_area_code is null and ${areaSql(s, 't.sentinel_area_code')}))`;
}

export const surveillanceGuards = {
  sentinel: {
    table: 'sentinels',
    key: 'id',
    read: (s) => sql<SqlBool>`(${areaSql(s, 't.area_code')} or ${siteSql(s, 'sentinel', 't.code')})`,
    // Changing a sentinel (its owner, indicators) is its area's business, not its staff's.
    write: (s) => areaSql(s, 't.area_code'),
  },
  line_report: {
    table: 'sentinel_line_reports',
    key: 'id',
    read: lineReportReadable,
  },
} satisfies Record<string, GuardSpec>;
