import { z } from 'zod';

/** An area code in a request (2 to 18 digits, prefix-hierarchical); errors name the field. */
export const areaCodeSchema = z.string().refine((s) => /^\d{2,18}$/.test(s), { message: 'must be an area code', params: { reason: 'area_code' } });

/** Page size for keyset lists. */
export const pageLimitSchema = z.coerce.number().int().min(1).max(1000).default(100);

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function realDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d && y >= 1900 && y <= 2200;
}

/** Whether `s` is an ISO-8601 instant with a zone whose every part is in range (no 2026-13-45T99:99). */
export function isInstant(s: string): boolean {
  const m = INSTANT.exec(s);
  if (!m) return false;
  const [, y, mo, d, h, mi, sec] = m;
  if (!realDate(Number(y), Number(mo), Number(d))) return false;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec ?? 0) > 59) return false;
  return Number.isFinite(Date.parse(s));
}

/** Whether `s` is a calendar date YYYY-MM-DD that exists. */
export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  return !!m && realDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * An instant in a request: ISO-8601 with a zone (`2026-05-06T10:00:00Z`, `…+08:00`). Anything
 * else (`yesterday`, `2026-13-45T99:99:99Z`) is a 400 naming the field, never `new Date(NaN)`.
 */
export const instantSchema = z
  .string()
  .max(40)
  .refine(isInstant, {
    message: 'must be an ISO-8601 date-time with a zone, e.g. 2026-05-06T10:00:00Z',
    params: { reason: 'instant' },
  });

/** A calendar date in a request: YYYY-MM-DD that exists. */
export const dateSchema = z
  .string()
  .max(10)
  .refine(isCalendarDate, { message: 'must be a date YYYY-MM-DD', params: { reason: 'date' } });

/** An instant or a calendar date (fields that accept either). */
export const dateOrInstantSchema = z
  .string()
  .max(40)
  .refine((s) => isCalendarDate(s) || isInstant(s), {
    message: 'must be a date YYYY-MM-DD or an ISO-8601 date-time with a zone',
    params: { reason: 'date_or_instant' },
  });
