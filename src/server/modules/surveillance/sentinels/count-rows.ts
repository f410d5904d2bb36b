import type { ImportRowError } from '../../../../contract/owners';
import { isCalendarDate } from '../../../http/schemas';

/** One daily count as read from a CSV row or an API batch item, before the database checks. */
export interface CountRow {
  row: number;
  sentinelCode: string;
  date: string;
  indicator: string;
  count: number;
}

const CODE = /^[A-Za-z0-9_.-]{1,40}$/;
const INDICATOR = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * Check one row's own cells (no database): the sentinel code's shape, a real local date not after
 * `today` (counts are reported for days that have happened), a known-looking indicator code and a
 * non-negative integer count. Each error names its column; values are not echoed.
 */
export function parseCountRow(
  row: number,
  cells: { sentinel_code?: unknown; date?: unknown; indicator?: unknown; count?: unknown },
  today: string,
): { ok: CountRow } | { errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
  const sentinelCode = text(cells.sentinel_code);
  const date = text(cells.date);
  const indicator = text(cells.indicator);
  if (!sentinelCode) errors.push({ row, column: 'sentinel_code', reason: 'required' });
  else if (!CODE.test(sentinelCode)) errors.push({ row, column: 'sentinel_code', reason: 'letters, digits, _ . - (1–40)' });
  if (!date) errors.push({ row, column: 'date', reason: 'required' });
  else if (!isCalendarDate(date)) errors.push({ row, column: 'date', reason: 'must be a local date YYYY-MM-DD' });
  else if (date > today) errors.push({ row, column: 'date', reason: `is in the future (today is ${today})` });
  if (!indicator) errors.push({ row, column: 'indicator', reason: 'required' });
  else if (!INDICATOR.test(indicator)) errors.push({ row, column: 'indicator', reason: 'an indicator code such as fever_drugs' });
  const count = countOf(cells.count);
  if (typeof count === 'string') errors.push({ row, column: 'count', reason: count });
  if (errors.length) return { errors };
  return { ok: { row, sentinelCode, date, indicator, count: count as number } };
}

function countOf(v: unknown): number | string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return 'must be a number';
    if (!Number.isInteger(v)) return 'must be a whole number';
    if (v < 0) return 'must not be negative';
    if (v > 1_000_000) return 'must be at most 1,000,000';
    return v;
  }
  const s = typeof v === 'string' ? v.trim() : '';
  if (!s) return 'required';
  if (/^-\d+(\.\d+)?$/.test(s)) return 'must not be negative';
  if (/^\d+\.\d+$/.test(s)) return 'must be a whole number';
  if (!/^\d{1,7}$/.test(s)) return 'must be a whole number';
  return countOf(Number(s));
}

export const countKey = (r: { sentinelCode: string; indicator: string; date: string }) => `${r.sentinelCode}|${r.indicator}|${r.date}`;

/**
 * Within one batch, the same sentinel, date and indicator twice: the same count again is a
 * harmless repeat (kept once); a different count contradicts the first and is a row error
 * (which one is right cannot be told from the file). Returns the rows to keep and the errors.
 */
export function dropContradictions(rows: readonly CountRow[]): { rows: CountRow[]; errors: ImportRowError[] } {
  const first = new Map<string, CountRow>();
  const errors: ImportRowError[] = [];
  const out: CountRow[] = [];
  for (const r of rows) {
    const seen = first.get(countKey(r));
    if (!seen) {
      first.set(countKey(r), r);
      out.push(r);
    } else if (seen.count !== r.count)
      errors.push({ row: r.row, column: 'count', reason: `contradicts row ${seen.row} (same sentinel, date and indicator with another count)` });
  }
  // A contradicted first row is no more trustworthy than the row contradicting it: drop it too.
  const contradicted = new Set(errors.map((e) => Number(/row (\d+)/.exec(e.reason)![1])));
  const kept = out.filter((r) => !contradicted.has(r.row));
  for (const r of out)
    if (contradicted.has(r.row))
      errors.push({ row: r.row, column: 'count', reason: 'contradicted by a later row of this batch (same sentinel, date and indicator)' });
  return { rows: kept, errors: errors.sort((a, b) => a.row - b.row) };
}
