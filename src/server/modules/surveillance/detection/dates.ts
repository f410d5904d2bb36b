/** Calendar helpers for series with dates (R's sts with epochAsDate), in UTC days since 1970-01-01. */

export function dayNumber(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
}

/** 0 = Sunday, as R's format(date, "%w"). */
export function weekday(day: number): number {
  return new Date(day * 86_400_000).getUTCDay();
}

/** The same calendar date `years` earlier, a 29 February becoming 1 March, as R's seq(by = "-1 year"). */
export function yearsBack(day: number, years: number): number {
  const d = new Date(day * 86_400_000);
  return Date.UTC(d.getUTCFullYear() - years, d.getUTCMonth(), d.getUTCDate()) / 86_400_000;
}
