import { fromLocal, localParts, type LocalParts } from '../../lib/local-time';

/**
 * A rotation's turns (值班轮转) as pure functions of its segments: where each shift starts and
 * who holds it. Day, week and month shifts follow the local calendar of the configured zone (a
 * 1-month shift from the 31st ends on the last day of a shorter month); hour shifts are fixed lengths.
 */
export type ShiftUnit = 'hour' | 'day' | 'week' | 'month';
export interface ShiftLength {
  unit: ShiftUnit;
  count: number;
}

/** Weekday mask: bit 0 = Monday … bit 6 = Sunday. */
export const ALL_WEEKDAYS = 0b1111111;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const NOMINAL_MS: Record<ShiftUnit, number> = { hour: HOUR_MS, day: DAY_MS, week: 7 * DAY_MS, month: 30.44 * DAY_MS };

/** One stretch of a rotation with fixed members, length and weekdays: its start, or a scheduled change's. */
export interface Segment {
  rotationId: string;
  groupId: string;
  /** Start of slot 0 (ms); the turn order starts with members[0] here. */
  anchor: number;
  /** Where the next change (or the rotation's end) cuts it, ms; null: open-ended. */
  until: number | null;
  length: ShiftLength;
  weekdays: number;
  members: readonly string[];
}

/** A slot of a segment: its index, bounds, and whether the weekday mask lets it be worked. */
export interface Slot {
  k: number;
  from: number;
  to: number;
  worked: boolean;
}

/** Slot arithmetic for one segment in one zone (the anchor's local fields are read once). */
export class SegmentClock {
  private readonly local: LocalParts;
  private readonly period: number;
  private readonly prefix: number[];

  constructor(
    readonly seg: Segment,
    private readonly tz: string,
  ) {
    this.local = localParts(seg.anchor, tz);
    this.period = weekPeriod(seg.length);
    // worked slots among the first i of one period: with the weekly period, counts for any k are O(1)
    this.prefix = [0];
    for (let i = 0; i < this.period; i++) this.prefix.push((this.prefix[i] ?? 0) + (this.worksAt(this.start(i)) ? 1 : 0));
  }

  /** Start of slot k. */
  start(k: number): number {
    const { unit, count } = this.seg.length;
    if (unit === 'hour') return this.seg.anchor + k * count * HOUR_MS;
    const p = this.local;
    if (unit === 'day' || unit === 'week') return fromLocal({ ...p, day: p.day + k * count * (unit === 'week' ? 7 : 1) }, this.tz);
    const total = p.year * 12 + (p.month - 1) + k * count;
    const year = Math.floor(total / 12);
    const month = (total % 12) + 1;
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return fromLocal({ ...p, year, month, day: Math.min(p.day, lastDay) }, this.tz);
  }

  /** The slot that holds instant t (may be negative: before the anchor). */
  slotAt(t: number): number {
    let k = Math.floor((t - this.seg.anchor) / (this.seg.length.count * NOMINAL_MS[this.seg.length.unit]));
    while (this.start(k + 1) <= t) k++;
    while (this.start(k) > t) k--;
    return k;
  }

  /** Worked slots before slot k: the turn order advances only on them, so a mask starves nobody. */
  workedBefore(k: number): number {
    const perPeriod = this.prefix[this.period] ?? 0;
    return Math.floor(k / this.period) * perPeriod + (this.prefix[k % this.period] ?? 0);
  }

  /** Worked slots in one weekly period: 0 means the mask lets this rotation run no shift at all. */
  workedPerPeriod(): number {
    return this.prefix[this.period] ?? 0;
  }

  holder(k: number): string | undefined {
    const m = this.seg.members;
    return m[this.workedBefore(k) % m.length];
  }

  /** The slots of this segment that meet [from, to), cut at the segment's end. */
  slots(from: number, to: number): Slot[] {
    const end = Math.min(to, this.seg.until ?? Infinity);
    const out: Slot[] = [];
    for (let k = Math.max(0, this.slotAt(Math.max(from, this.seg.anchor))); ; k++) {
      const s = this.start(k);
      if (s >= end) break;
      const e = Math.min(this.start(k + 1), this.seg.until ?? Infinity);
      if (e > from) out.push({ k, from: s, to: e, worked: this.worksAt(s) });
    }
    return out;
  }

  private worksAt(at: number): boolean {
    if ((this.seg.weekdays & ALL_WEEKDAYS) === ALL_WEEKDAYS) return true;
    return (this.seg.weekdays & (1 << (localParts(at, this.tz).weekday - 1))) !== 0;
  }
}

/** Slots after which the weekday pattern repeats: a whole number of weeks (168 h, 7 days). */
function weekPeriod(len: ShiftLength): number {
  if (len.unit === 'hour') return 168 / gcd(168, len.count);
  if (len.unit === 'day') return 7 / gcd(7, len.count);
  return 1; // weeks and months run with every weekday (validated)
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** "8h", "12h", "24h", "1d", "1w", "1mo" → a shift length; null when it is none. */
export function parseShiftLength(text: string): ShiftLength | null {
  const m = /^(\d{1,3})(h|d|w|mo)$/.exec(text.trim());
  if (!m) return null;
  const unit = ({ h: 'hour', d: 'day', w: 'week', mo: 'month' } as const)[m[2] as 'h' | 'd' | 'w' | 'mo'];
  return { unit, count: Number(m[1]) };
}

export function formatShiftLength(len: ShiftLength): string {
  return `${len.count}${{ hour: 'h', day: 'd', week: 'w', month: 'mo' }[len.unit]}`;
}

/** Weekdays 1 (Mon) … 7 (Sun) ↔ mask. */
export function weekdayMask(days: readonly number[]): number {
  return days.reduce((m, d) => m | (1 << (d - 1)), 0);
}
export function maskWeekdays(mask: number): number[] {
  return [1, 2, 3, 4, 5, 6, 7].filter((d) => (mask & (1 << (d - 1))) !== 0);
}

/** "1-5", "1,3,5", "6-7" → weekdays; null when malformed. */
export function parseWeekdays(text: string): number[] | null {
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^\s*([1-7])(?:\s*-\s*([1-7]))?\s*$/.exec(part);
    if (!m) return null;
    const a = Number(m[1]);
    const b = Number(m[2] ?? m[1]);
    if (b < a) return null;
    for (let d = a; d <= b; d++) days.add(d);
  }
  return [...days].sort();
}

/** Upper bounds on a shift's length (hourly to monthly). */
export const MAX_COUNT: Record<ShiftUnit, number> = { hour: 168, day: 31, week: 4, month: 12 };
