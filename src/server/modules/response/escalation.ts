import type { PlanDefinition } from '../../../contract/response';

export type NoticeKind = 'due' | 'overdue' | 'escalation';
export type NoticeTarget = 'owner' | 'group_lead' | 'command_centre';

/** One notice in a task's schedule: when, what kind, to whom. */
export interface Firing {
  atMs: number;
  kind: NoticeKind;
  to: NoticeTarget;
}

const MIN = 60_000;

/**
 * A task's notices as data, in time order: "due soon" before the deadline, "overdue" at it
 * (the sweep runs every 15 s, so it goes out within 60 s), then each escalation step of the
 * plan's chain at deadline + delay, repeated as the step says. The task keeps an index into this
 * list (`alert_stage`) and the time of its next entry (`next_alert_at`), so a sweep reads only the
 * tasks that have something due.
 */
export function noticeSchedule(dueAt: string, escalation: PlanDefinition['escalation']): Firing[] {
  const due = Date.parse(dueAt);
  const out: Firing[] = [];
  if (escalation.dueSoonMinutes > 0) out.push({ atMs: due - escalation.dueSoonMinutes * MIN, kind: 'due', to: 'owner' });
  out.push({ atMs: due, kind: 'overdue', to: 'owner' });
  for (const s of escalation.steps) {
    const times = 1 + (s.repeatMinutes ? s.repeats : 0);
    for (let k = 0; k < times; k++) out.push({ atMs: due + (s.afterMinutes + k * (s.repeatMinutes ?? 0)) * MIN, kind: 'escalation', to: s.to });
  }
  // stable: the due-soon, overdue and step order is kept for equal times
  return out
    .map((f, i) => ({ f, i }))
    .sort((a, b) => a.f.atMs - b.f.atMs || a.i - b.i)
    .map((x) => x.f);
}

/**
 * What a sweep at `nowMs` sends for a task at `stage`: every firing now due, except a "due soon"
 * notice whose deadline has already passed (the overdue notice says more); then the stage and
 * time to look again (null when the schedule is exhausted).
 */
export function step(schedule: readonly Firing[], stage: number, nowMs: number, dueMs: number): { fire: Firing[]; stage: number; nextAtMs: number | null } {
  const fire: Firing[] = [];
  let i = stage;
  while (i < schedule.length && (schedule[i] as Firing).atMs <= nowMs) {
    const f = schedule[i] as Firing;
    if (!(f.kind === 'due' && dueMs <= nowMs)) fire.push(f);
    i++;
  }
  return { fire, stage: i, nextAtMs: i < schedule.length ? (schedule[i] as Firing).atMs : null };
}
