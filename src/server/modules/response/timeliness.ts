import { HOUR } from '../../lib/clock';

export interface Mark {
  name: string;
  target_h: number;
  done_at: string | null;
  hours: number | null;
  /** true/false once decided; null while still within its target and not yet done (or not measurable). */
  met: boolean | null;
}

export interface TimelinessInput {
  t0: string;
  openedAt: string;
  /** Earliest onset date (YYYY-MM-DD) of the incident's linked cases, if any. */
  onsetDate: string | null;
  tasks: ReadonlyArray<{ action: string; mark: string | null; due_at: string; done_at: string | null; created_at: string }>;
  now: string;
}

const MARKS: ReadonlyArray<[string, number]> = [
  ['2h', 2],
  ['4h', 4],
  ['5h', 5],
  ['24h', 24],
];

/**
 * An incident against its clock, computed from the records only: time to detect (onset → T0,
 * 7-1-7's 7 days), notify (T0 → incident opened, 1 day), first action (T0 → first task done, 2 h),
 * each task against its own deadline, the 2/4/5/24 h marks (the last task carrying the mark done by
 * T0 + target) and 7-1-7 respond (opened → every task done, 7 days).
 */
export function timeliness(x: TimelinessInput): Mark[] {
  const t0 = Date.parse(x.t0);
  const nowMs = Date.parse(x.now);
  const mark = (name: string, targetH: number, start: number | null, doneAt: string | null): Mark => {
    if (start == null) return { name, target_h: targetH, done_at: doneAt, hours: null, met: null };
    const hours = doneAt ? round((Date.parse(doneAt) - start) / HOUR) : null;
    const met = hours != null ? hours <= targetH : nowMs - start > targetH * HOUR ? false : null;
    return { name, target_h: targetH, done_at: doneAt, hours, met };
  };
  const done = x.tasks
    .map((t) => t.done_at)
    .filter((d): d is string => !!d)
    .sort();
  const allDone = x.tasks.length > 0 && done.length === x.tasks.length ? (done[done.length - 1] as string) : null;
  const out: Mark[] = [];
  // detection: onset (local midnight is not known here; the date's UTC start) → first positive
  out.push(mark('7-1-7 detect', 168, x.onsetDate ? Date.parse(`${x.onsetDate}T00:00:00Z`) : null, x.onsetDate ? x.t0 : null));
  out.push(mark('7-1-7 notify', 24, t0, x.openedAt));
  out.push(mark('first action', 2, t0, done[0] ?? null));
  for (const t of x.tasks) out.push(mark(t.action, round((Date.parse(t.due_at) - t0) / HOUR), t0, t.done_at));
  for (const [name, h] of MARKS) {
    const carrying = x.tasks.filter((t) => t.mark === name);
    if (carrying.length === 0) continue;
    const last = carrying.every((t) => t.done_at)
      ? (carrying
          .map((t) => t.done_at as string)
          .sort()
          .pop() as string)
      : null;
    out.push(mark(name, h, t0, last));
  }
  out.push(mark('7-1-7 respond', 168, Date.parse(x.openedAt), allDone));
  return out;
}

function round(h: number): number {
  return Math.round(h * 100) / 100;
}

/** "2026-05" of an instant in the configured zone (months count local calendar months). */
export function localMonth(iso: string, timeZone: string): string {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(new Date(iso));
  return `${p.find((x) => x.type === 'year')?.value}-${p.find((x) => x.type === 'month')?.value}`;
}
