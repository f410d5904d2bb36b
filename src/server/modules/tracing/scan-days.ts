import { sql, type RawBuilder, type SqlBool } from 'kysely';

/**
 * Check-in keys lead with scan_day (migration 202611280001_checkin_days): every query on
 * `checkins` names the days it touches, so it seeks into each day's slice of the index instead of
 * reading all of them. A day is an integer: days since 1970-01-01 in UTC.
 */
const DAY_MS = 86_400_000;

/**
 * Longest window written as an explicit list of days. A list lets both engines seek
 * (day, venue …) per day; a range on the leading column cannot use the columns after it, so
 * longer windows (beyond check-in retention, in practice never) fall back to a correct but
 * slower range.
 */
const MAX_LISTED_DAYS = 62;

/** The scan day of an instant (ISO-8601 text or epoch milliseconds). */
export function scanDay(at: string | number): number {
  return Math.floor((typeof at === 'number' ? at : Date.parse(at)) / DAY_MS);
}

/** `column` is one of the days from `from` to `to` (instants, inclusive). */
export function onDays(column: string, from: string | number, to: string | number): RawBuilder<SqlBool> {
  const first = scanDay(from);
  const last = scanDay(to);
  const ref = sql.ref(column);
  if (Number.isNaN(first) || Number.isNaN(last) || last < first) return sql<SqlBool>`1 = 0`;
  if (last - first >= MAX_LISTED_DAYS) return sql<SqlBool>`(${ref} >= ${first} and ${ref} <= ${last})`;
  const days = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  return sql<SqlBool>`${ref} in (${sql.join(days)})`;
}

/**
 * `column` is within `reach` milliseconds' worth of days of `other` (a column of the outer query),
 * written as a list of equalities so a correlated sub-query still seeks by day.
 */
export function nearDay(column: string, other: string, reach: number): RawBuilder<SqlBool> {
  const k = Math.ceil(reach / DAY_MS);
  const ref = sql.ref(other);
  const days = Array.from({ length: 2 * k + 1 }, (_, i) => (i === k ? sql`${ref}` : sql`${ref} ${sql.raw(i < k ? '-' : '+')} ${sql.lit(Math.abs(i - k))}`));
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(days)})`;
}
