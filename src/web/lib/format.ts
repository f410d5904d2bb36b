import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import i18n from 'i18next';

/**
 * Times are shown in the command centre's configured zone (EPIGRID_TZ, sent with the session),
 * not the browser's: a report read on a laptop set to another zone must say the same hour as the
 * wall clock in the command centre. Until the session answers, the browser's zone is used.
 */
let displayZone: string | undefined;

/** Called when the session loads (auth.tsx). */
export function setDisplayZone(zone: string | undefined): void {
  displayZone = zone;
}

export function getDisplayZone(): string | undefined {
  return displayZone;
}

const locale = () => (i18n.language === 'en' ? 'en-GB' : 'zh-CN');

/** An instant as local date and time for tables and timelines (24-hour clock); empty when absent. */
export const fmtTime = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleString(locale(), { hour12: false, timeZone: displayZone }) : '';

/** The calendar date (YYYY-MM-DD) of an instant in the configured zone. */
export function dateInZone(iso: string | Date = new Date()): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  // en-CA formats as YYYY-MM-DD.
  return d.toLocaleDateString('en-CA', { timeZone: displayZone, year: 'numeric', month: '2-digit', day: '2-digit' });
}

dayjs.extend(utc);
dayjs.extend(timezone);

/** An instant (now when absent) in the configured zone, by a dayjs pattern such as 'YYYY-MM-DD HH:mm'. */
export function fmtAt(iso: string | Date | null | undefined, pattern: string): string {
  const d = dayjs(iso ?? new Date());
  return (displayZone ? d.tz(displayZone) : d).format(pattern);
}
