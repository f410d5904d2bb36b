/**
 * Rules that count days ("7 days on site", "4-day look-back") count local calendar days
 * in the configured zone, not UTC days: a sample at 07:00 Shanghai is "today" there.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(tz, f);
  }
  return f;
}

/** Local calendar date (YYYY-MM-DD) of an instant in zone `tz`. */
export function localDate(at: Date | string, tz: string): string {
  return formatter(tz).format(typeof at === 'string' ? new Date(at) : at);
}

/** Offset of `tz` from UTC at instant `at`, in minutes (Asia/Shanghai → 480). */
const partFormatters = new Map<string, Intl.DateTimeFormat>();

export function zoneOffsetMinutes(at: Date, tz: string): number {
  // building a formatter costs far more than formatting: one per zone (roster slots ask this per shift)
  let f = partFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partFormatters.set(tz, f);
  }
  const parts = f.formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The UTC instant at which local date `date` (YYYY-MM-DD) begins in zone `tz`. */
export function startOfLocalDay(date: string, tz: string): Date {
  const guess = new Date(`${date}T00:00:00.000Z`);
  const offset = zoneOffsetMinutes(guess, tz);
  return new Date(guess.getTime() - offset * 60_000);
}

/** Add whole calendar days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole calendar days from date a to date b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Local wall-clock fields of an instant in zone `tz` (weekday 1 = Monday … 7 = Sunday). */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

export function localParts(atMs: number, tz: string): LocalParts {
  const local = new Date(atMs + zoneOffsetMinutes(new Date(atMs), tz) * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    weekday: ((local.getUTCDay() + 6) % 7) + 1,
  };
}

/** The instant of a local wall-clock time in zone `tz` (month and day may overflow: Date.UTC normalises them). */
export function fromLocal(p: Omit<LocalParts, 'weekday'>, tz: string): number {
  const guess = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  const first = guess - zoneOffsetMinutes(new Date(guess), tz) * 60_000;
  // a second pass settles instants near an offset change (DST zones)
  return guess - zoneOffsetMinutes(new Date(first), tz) * 60_000;
}
