import { localDate } from '../../lib/local-time';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `2026-05-06 10:30` in zone `tz` (EPIGRID_TZ): what paper shows for an instant; '—' for none. */
export function localDateTime(at: string | null | undefined, tz: string): string {
  if (!at) return '—';
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** `2026年05月06日` in zone `tz`: the date on a notice or certificate. */
export function localDateZh(at: string | null | undefined, tz: string): string {
  if (!at) return '—';
  const [y, m, d] = localDate(at, tz).split('-');
  return `${y}年${m}月${d}日`;
}
