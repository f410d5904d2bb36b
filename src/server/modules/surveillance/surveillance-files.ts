import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { validationError } from '../../errors';
import { detect, estimateR, parseControl, type DetectionPoint, type RtWindow, type Series } from './detection';

/** A count series from CSV: column `count` (one row per period, period 1 first), optional `date` (YYYY-MM-DD). */
export function readSeriesCsv(file: string): { counts: number[]; dates?: string[] } {
  const rows = parse(fs.readFileSync(file), {
    columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
    bom: true,
    skip_empty_lines: true,
    trim: true,
  }) as Array<Record<string, string | undefined>>;
  if (!rows.length) throw validationError({ file: 'no rows' });
  if (!('count' in rows[0]!)) throw validationError({ count: 'the file needs a column named count' });
  const bad: string[] = [];
  const counts = rows.map((r, i) => {
    const v = r.count ?? '';
    const n = /^\d+$/.test(v) ? Number(v) : NaN;
    if (Number.isNaN(n)) bad.push(`row ${i + 2}: ${v === '' ? 'missing' : `"${v}" is not a non-negative integer`}`);
    return n;
  });
  if (bad.length) throw validationError({ count: `${bad.length} bad row(s): ${bad.slice(0, 10).join('; ')}` });
  const hasDates = 'date' in rows[0] && rows.some((r) => r.date);
  return hasDates ? { counts, dates: rows.map((r) => r.date ?? '') } : { counts };
}

/** `surveillance detect`: the series file run through the CONTROL file's detector. */
export function detectFiles(seriesFile: string, controlFile: string): DetectionPoint[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(controlFile, 'utf8'));
  } catch (e) {
    throw validationError({ config: `not JSON: ${(e as Error).message}` });
  }
  const control = parseControl(raw);
  const s = readSeriesCsv(seriesFile);
  const series: Series = { counts: s.counts, frequency: control.frequency, ...(s.dates ? { dates: s.dates } : {}) };
  return detect(series, control);
}

export interface RtFileOptions {
  meanSi: number;
  stdSi: number;
  window: number;
}

/** `surveillance rt`: EpiEstim's parametric-SI Rt on the incidence file's `count` column. */
export function rtFile(file: string, o: RtFileOptions): RtWindow[] {
  const fields: Record<string, string> = {};
  if (!Number.isFinite(o.meanSi) || o.meanSi <= 1) fields['mean-si'] = 'the mean serial interval must be a number > 1 (EpiEstim: mu must be >1)';
  if (!Number.isFinite(o.stdSi) || o.stdSi <= 0) fields['std-si'] = 'the serial interval sd must be a number > 0';
  if (!Number.isInteger(o.window) || o.window < 1) fields.window = 'the window must be a whole number of periods ≥ 1';
  if (Object.keys(fields).length) throw validationError(fields);
  const { counts } = readSeriesCsv(file);
  if (counts.length < o.window + 1)
    throw validationError({
      count: `a window of ${o.window} needs at least ${o.window + 1} periods (windows start at period 2); the file has ${counts.length}`,
    });
  return estimateR(counts, { meanSi: o.meanSi, stdSi: o.stdSi, window: o.window, meanPrior: 5, stdPrior: 5 });
}
