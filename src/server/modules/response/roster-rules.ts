import { ALL_WEEKDAYS, MAX_COUNT, SegmentClock, type Segment, type ShiftLength } from './roster-slots';

/**
 * Duty roster rules (值班值守, issue 15 item 5), pure: a group's shifts over a window from its
 * rotations, scheduled changes and overrides; who is on duty at an instant; coverage gaps; one
 * person on two overlapping shifts; hand-overs. Instants are ms; the zone is the configured one.
 */
export interface RotationSpec {
  id: string;
  groupId: string;
  startsAt: number;
  endsAt: number | null;
  length: ShiftLength;
  weekdays: number;
  members: readonly string[];
}

/** From `from` on, the rotation runs with these fields (null: unchanged); its turn order restarts at the new list's first member. */
export interface ChangeSpec {
  rotationId: string;
  from: number;
  length: ShiftLength | null;
  weekdays: number | null;
  members: readonly string[] | null;
}

/** `userId` holds the group over [from, to): in place of `replacesUserId` only, or (null) in place of everyone. A swap is two of them. */
export interface OverrideSpec {
  id: string;
  groupId: string;
  userId: string;
  replacesUserId: string | null;
  from: number;
  to: number;
}

export interface Shift {
  groupId: string;
  userId: string;
  from: number;
  to: number;
  rotationId: string | null;
  /** The override that put this person here, and whom they stand in for. */
  overrideId: string | null;
  replaces: string | null;
}

export interface Gap {
  groupId: string;
  from: number;
  to: number;
}

export interface Overlap {
  userId: string;
  a: Shift;
  b: Shift;
}

export interface Handover {
  groupId: string;
  at: number;
  /** Who hands over (null: the group was uncovered just before). */
  fromUserId: string | null;
  toUserId: string;
  until: number;
}

/** A rotation and its scheduled changes as segments; changes at or before an earlier one's instant replace nothing twice. */
export function segmentsOf(r: RotationSpec, changes: readonly ChangeSpec[]): Segment[] {
  const mine = changes.filter((c) => c.rotationId === r.id && c.from > r.startsAt).sort((a, b) => a.from - b.from);
  const out: Segment[] = [];
  let cur: Segment = { rotationId: r.id, groupId: r.groupId, anchor: r.startsAt, until: null, length: r.length, weekdays: r.weekdays, members: r.members };
  for (const c of mine) {
    if (r.endsAt !== null && c.from >= r.endsAt) break;
    out.push({ ...cur, until: c.from });
    cur = { ...cur, anchor: c.from, length: c.length ?? cur.length, weekdays: c.weekdays ?? cur.weekdays, members: c.members ?? cur.members };
  }
  out.push({ ...cur, until: r.endsAt });
  return out.filter((s) => s.until === null || s.until > s.anchor);
}

/** Field errors of a rotation (or of the segment a change makes), keyed by field; empty when fine. */
export function rotationErrors(x: { length: ShiftLength; weekdays: number; members: readonly string[] }, tz: string, anchor: number): Record<string, string> {
  const errors: Record<string, string> = {};
  const { unit, count } = x.length;
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT[unit]) errors.shift = `a ${unit} shift runs 1 to ${MAX_COUNT[unit]} ${unit}s`;
  if (x.members.length === 0) errors.members = 'a rotation needs at least one member';
  const dup = x.members.find((m, i) => x.members.indexOf(m) !== i);
  if (dup) errors.members = `member ${dup} is listed twice (each takes one turn per round)`;
  if ((x.weekdays & ALL_WEEKDAYS) === 0) errors.weekdays = 'at least one weekday';
  else if ((unit === 'week' || unit === 'month') && x.weekdays !== ALL_WEEKDAYS) errors.weekdays = 'a weekly or monthly shift runs on every weekday';
  else if (!errors.shift) {
    const clock = new SegmentClock({ rotationId: '', groupId: '', anchor, until: null, length: x.length, weekdays: x.weekdays, members: ['x'] }, tz);
    if (clock.workedPerPeriod() === 0) errors.weekdays = 'no shift of this rotation starts on these weekdays';
  }
  return errors;
}

/** The shifts of a set of groups over [from, to): rostered turns, then each override in order (oldest first). */
export function shiftsOver(
  input: { rotations: readonly RotationSpec[]; changes: readonly ChangeSpec[]; overrides: readonly OverrideSpec[] },
  from: number,
  to: number,
  tz: string,
): Shift[] {
  const byGroup = new Map<string, Shift[]>();
  for (const r of input.rotations)
    for (const seg of segmentsOf(r, input.changes)) {
      const clock = new SegmentClock(seg, tz);
      const list = byGroup.get(r.groupId) ?? [];
      for (const s of clock.slots(from, to)) {
        const userId = s.worked ? clock.holder(s.k) : undefined;
        if (userId) list.push({ groupId: r.groupId, userId, from: s.from, to: s.to, rotationId: r.id, overrideId: null, replaces: null });
      }
      byGroup.set(r.groupId, list);
    }
  for (const o of input.overrides) {
    if (o.to <= from || o.from >= to) continue;
    byGroup.set(o.groupId, applyOverride(byGroup.get(o.groupId) ?? [], o));
  }
  return [...byGroup.values()].flat().sort((a, b) => a.groupId.localeCompare(b.groupId) || a.from - b.from || a.userId.localeCompare(b.userId));
}

function applyOverride(shifts: readonly Shift[], o: OverrideSpec): Shift[] {
  const out: Shift[] = [];
  for (const s of shifts) {
    const hit = s.from < o.to && s.to > o.from && (o.replacesUserId === null || s.userId === o.replacesUserId);
    if (!hit) {
      out.push(s);
      continue;
    }
    if (s.from < o.from) out.push({ ...s, to: o.from });
    if (o.replacesUserId !== null)
      out.push({ ...s, userId: o.userId, from: Math.max(s.from, o.from), to: Math.min(s.to, o.to), overrideId: o.id, replaces: s.userId });
    if (s.to > o.to) out.push({ ...s, from: o.to });
  }
  if (o.replacesUserId === null) out.push({ groupId: o.groupId, userId: o.userId, from: o.from, to: o.to, rotationId: null, overrideId: o.id, replaces: null });
  return out.sort((a, b) => a.from - b.from);
}

/** Who holds each group at instant t: override holders first, then rotations in the order given. */
export function onDutyAt(shifts: readonly Shift[], t: number): Shift[] {
  return shifts.filter((s) => s.from <= t && t < s.to).sort((a, b) => Number(b.overrideId !== null) - Number(a.overrideId !== null));
}

/** Minutes of [from, to) in which a group has nobody on duty, and where; a group without shifts is one gap. */
export function coverageGaps(groupIds: readonly string[], shifts: readonly Shift[], from: number, to: number): { uncoveredMinutes: number; gaps: Gap[] } {
  const gaps: Gap[] = [];
  const byGroup = groupBy(shifts, (s) => s.groupId);
  for (const g of groupIds) {
    const mine = (byGroup.get(g) ?? []).filter((s) => s.to > from && s.from < to).sort((a, b) => a.from - b.from);
    let covered = from;
    for (const s of mine) {
      if (s.from > covered) gaps.push({ groupId: g, from: covered, to: s.from });
      covered = Math.max(covered, s.to);
    }
    if (covered < to) gaps.push({ groupId: g, from: covered, to });
  }
  const ms = gaps.reduce((n, x) => n + (x.to - x.from), 0);
  return { uncoveredMinutes: Math.round(ms / 60_000), gaps };
}

/** Rows by key, each list in input order (one pass: the check and the job handle thousands of groups). */
export function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
}

/** Every pair of shifts one person holds at the same time (across groups or rotations). */
export function personOverlaps(shifts: readonly Shift[]): Overlap[] {
  const out: Overlap[] = [];
  for (const [userId, list] of groupBy(shifts, (s) => s.userId)) {
    list.sort((a, b) => a.from - b.from);
    let open: Shift | undefined;
    for (const s of list) {
      if (open && s.from < open.to) out.push({ userId, a: open, b: s });
      if (!open || s.to > open.to) open = s;
    }
  }
  return out;
}

/** Contiguous shifts of one person in one group as one stretch on duty (no hand-over inside it). */
export function mergeRuns(shifts: readonly Shift[]): Shift[] {
  const out: Shift[] = [];
  for (const list of groupBy(shifts, (s) => `${s.groupId}|${s.userId}`).values()) {
    let last: Shift | undefined;
    for (const s of [...list].sort((a, b) => a.from - b.from)) {
      if (last && last.to >= s.from) last.to = Math.max(last.to, s.to);
      else out.push((last = { ...s }));
    }
  }
  return out.sort((a, b) => a.groupId.localeCompare(b.groupId) || a.from - b.from);
}

/** Hand-overs whose instant falls in [from, to): who takes a group over when, and from whom. */
export function handovers(shifts: readonly Shift[], from: number, to: number): Handover[] {
  const out: Handover[] = [];
  for (const runs of groupBy(mergeRuns(shifts), (r) => r.groupId).values())
    runs.forEach((r, i) => {
      if (r.from < from || r.from >= to) return;
      // runs are sorted by start: whoever else held the group up to this instant hands over
      const before = runs.slice(0, i).findLast((x) => x.userId !== r.userId && x.to >= r.from);
      out.push({ groupId: r.groupId, at: r.from, fromUserId: before?.userId ?? null, toUserId: r.userId, until: r.to });
    });
  return out.sort((a, b) => a.at - b.at || a.groupId.localeCompare(b.groupId));
}
