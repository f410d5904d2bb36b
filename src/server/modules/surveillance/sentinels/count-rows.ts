import type { ImportRowError } from '../../../../contract/owners';
import { isCalendarDate } from '../../../http/schemas';
import { why, type Why } from '../../../errors';
import { rowProblem } from '../../../lib/import-report';

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
  if (!sentinelCode) errors.push(rowProblem(row, 'sentinel_code', why('required', 'required')));
  else if (!CODE.test(sentinelCode)) errors.push(rowProblem(row, 'sentinel_code', why('format', 'letters, digits, _ . - (1–40)')));
  if (!date) errors.push(rowProblem(row, 'date', why('required', 'required')));
  else if (!isCalendarDate(date)) errors.push(rowProblem(row, 'date', why('date', 'must be a local date YYYY-MM-DD')));
  else if (date > today) errors.push(rowProblem(row, 'date', why('in_future', `is in the future (today is ${today})`)));
  if (!indicator) errors.push(rowProblem(row, 'indicator', why('required', 'required')));
  else if (!INDICATOR.test(indicator)) errors.push(rowProblem(row, 'indicator', why('format', 'an indicator code such as fever_drugs')));
  const count = countOf(cells.count);
  if (typeof count !== 'number') errors.push(rowProblem(row, 'count', count));
  if (errors.length) return { errors };
  return { ok: { row, sentinelCode, date, indicator, count: count as number } };
}

function countOf(v: unknown): number | Why {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return why('number', 'must be a number');
    if (!Number.isInteger(v)) return why('integer', 'must be a whole number');
    if (v < 0) return why('min_value', 'must not be negative', { limit: 0 });
    if (v > 1_000_000) return why('max_value', 'must be at most 1,000,000', { limit: 1_000_000 });
    return v;
  }
  const s = typeof v === 'string' ? v.trim() : '';
  if (!s) return why('required', 'required');
  if (/^-\d+(\.\d+)?$/.test(s)) return why('min_value', 'must not be negative', { limit: 0 });
  if (/^\d+\.\d+$/.test(s)) return why('integer', 'must be a whole number');
  if (!/^\d{1,7}$/.test(s)) return why('integer', 'must be a whole number');
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
      errors.push(
        rowProblem(
          r.row,
          'count',
          why('contradicts_row', `contradicts row ${seen.row} (same sentinel, date and indicator with another count)`, { first: seen.row }),
        ),
      );
  }
  // A contradicted first row is no more trustworthy than the row contradicting it: drop it too.
  const contradicted = new Set(errors.map((e) => Number(e.reasonFigures?.first)));
  const kept = out.filter((r) => !contradicted.has(r.row));
  for (const r of out)
    if (contradicted.has(r.row))
      errors.push(rowProblem(r.row, 'count', why('contradicted_later', 'contradicted by a later row of this batch (same sentinel, date and indicator)')));
  return { rows: kept, errors: errors.sort((a, b) => a.row - b.row) };
}
