import { addDays } from '../../../lib/local-time';

/** One count row as the run reads it (set-based, every sentinel at once). */
export interface CountPoint {
  sentinel_id: string;
  area_code: string;
  indicator: string;
  date: string;
  count: number;
}

export interface DailySeries {
  /** `s:<sentinel id>` or `a:<area code>` (a street's or district's roll-up). */
  target: string;
  sentinelId: string | null;
  areaCode: string;
  indicator: string;
  /** Counts for consecutive dates ending at the run date; a day without a count is 0. */
  dates: string[];
  counts: number[];
  /** The rows summed on the run date (the evidence behind an alarm). */
  today: CountPoint[];
  /** Index in `dates` of the first day with a report: the days before it are no data, not zeros. */
  first: number;
}

/** Consecutive dates from `from` to `to` inclusive. */
export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * Group rows into daily series: one per sentinel and indicator that reported on `date`, and one per
 * street (9-digit prefix) and district (6-digit prefix) and indicator summing its sentinels. A
 * sentinel that has not reported on the run date is not tested (it is on the not-reported list),
 * and contributes to no roll-up of that day. Pure; rows of any order.
 */
export function buildSeries(rows: readonly CountPoint[], from: string, date: string): DailySeries[] {
  const dates = dateRange(from, date);
  const index = new Map(dates.map((d, i) => [d, i]));
  const reportedToday = new Set<string>();
  for (const r of rows) if (r.date === date) reportedToday.add(`${r.sentinel_id}|${r.indicator}`);
  const series = new Map<string, DailySeries>();
  const get = (target: string, sentinelId: string | null, areaCode: string, indicator: string) => {
    const key = `${target}|${indicator}`;
    let s = series.get(key);
    if (!s) {
      s = { target, sentinelId, areaCode, indicator, dates, counts: new Array<number>(dates.length).fill(0), today: [], first: dates.length };
      series.set(key, s);
    }
    return s;
  };
  for (const r of rows) {
    const i = index.get(r.date);
    if (i === undefined || !reportedToday.has(`${r.sentinel_id}|${r.indicator}`)) continue;
    const targets: Array<[string, string | null, string]> = [[`s:${r.sentinel_id}`, r.sentinel_id, r.area_code]];
    if (r.area_code.length >= 9) targets.push([`a:${r.area_code.slice(0, 9)}`, null, r.area_code.slice(0, 9)]);
    if (r.area_code.length >= 6) targets.push([`a:${r.area_code.slice(0, 6)}`, null, r.area_code.slice(0, 6)]);
    for (const [target, sid, area] of targets) {
      const s = get(target, sid, area, r.indicator);
      s.counts[i]! += r.count;
      if (i < s.first) s.first = i;
      if (r.date === date) s.today.push(r);
    }
  }
  return [...series.values()];
}

/** `sentinel_id|indicator`, the key of one sentinel's indicator. */
export const reportKey = (r: { sentinel_id: string; indicator: string }) => `${r.sentinel_id}|${r.indicator}`;

/**
 * The sentinels' indicators whose first report in the window is after its first day: only these
 * may have started reporting inside the window (the run asks which of them reported before it).
 */
export function lateStarters(series: readonly DailySeries[]): Array<{ sentinel_id: string; indicator: string }> {
  return series.filter((s) => s.sentinelId !== null && s.first > 0).map((s) => ({ sentinel_id: s.sentinelId!, indicator: s.indicator }));
}

/**
 * Whether the last `len` days of a series are all on or after its first report, so that a detector
 * reading them reads data, not the zeros of days before the sentinel (or any of an area's
 * sentinels) existed. `reportedBefore` holds the keys (reportKey) with a report before the window.
 */
export function hasHistory(s: DailySeries, len: number, reportedBefore: ReadonlySet<string>): boolean {
  if (s.first <= s.dates.length - len) return true;
  return s.today.some((r) => reportedBefore.has(reportKey(r)));
}
