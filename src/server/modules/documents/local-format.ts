import { localDate, zoneOffsetMinutes } from '../../lib/local-time';

/** `2026-05-06 10:30` in zone `tz` (EPIGRID_TZ): what paper shows for an instant; '—' for none. */
export function localDateTime(at: string | null | undefined, tz: string): string {
  if (!at) return '—';
  // The instant shifted by the zone's offset reads as local wall time in ISO form (one cached formatter, in local-time.ts).
  const d = new Date(at);
  return new Date(d.getTime() + zoneOffsetMinutes(d, tz) * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** `2026年05月06日` in zone `tz`: the date on a notice or certificate. */
export function localDateZh(at: string | null | undefined, tz: string): string {
  if (!at) return '—';
  const [y, m, d] = localDate(at, tz).split('-');
  return `${y}年${m}月${d}日`;
}
