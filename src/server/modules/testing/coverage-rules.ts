/**
 * Coverage counts PEOPLE (issue 12 "Wrong figures", issue 13 "Everyone counted"): pure rules, no I/O.
 *
 * Each person sampled in a round has one row in `round_people` with an outcome and, when they
 * were not part of the round's target, the reason why. The per-bucket counters are the sum of
 * each person's contribution, kept by applying the difference when a person's row changes —
 * so a tube result, a re-check or a second sample can never count one person twice.
 *
 * A bucket is a grid, or for people registered above grid level (street, community, …) their
 * own area: the "outside grid" bucket of that street or community.
 */
import { gridOf } from '../areas/area-codes';

/** Where a sampled person stands in the round. */
export type PersonOutcome =
  /** Sampled, no final result yet (tube on its way or in the lab). */
  | 'pending'
  /** Final negative: a negative tube, or every single-tube re-check negative. */
  | 'negative'
  /** A pool they were in came back positive or suspected; their single-tube re-check is still open. */
  | 'awaiting'
  /** Final positive: their single-tube re-check came back positive (or suspected). */
  | 'positive';

/** Why a person sampled in the round is not counted against its target (their own figure, `outside_target`). */
export type OutsideReason =
  /** Registered outside the round's areas (sampled at one of its sites): counted at the site's area. */
  | 'outside_round'
  /** Exempted in this round (免采) and sampled anyway. */
  | 'exempt'
  /** Registered after the round's target was fixed (walk-in, import during the round). */
  | 'registered_later'
  /** Their bucket's target is already reached (moved in since the round began). */
  | 'over_target';

export interface OutcomeFacts {
  recheckPositive: boolean;
  recheckOpen: boolean;
  recheckNegative: boolean;
  /** A first-pass tube (pooled or single) holding the person came back negative. */
  tubeNegative: boolean;
}

/**
 * The person's outcome from their tubes and re-checks in the round. A re-check decides: its
 * positive is final, while it is open nothing earlier is final (a negative tube sampled before a
 * positive pool does not clear the person), and a pool's positive alone never makes a positive
 * person — only their own single tube does.
 */
export function personOutcome(f: OutcomeFacts): PersonOutcome {
  if (f.recheckPositive) return 'positive';
  if (f.recheckOpen) return 'awaiting';
  if (f.recheckNegative || f.tubeNegative) return 'negative';
  return 'pending';
}

/** What one person adds to their bucket's counters. */
export interface Contribution {
  sampled: number;
  resulted: number;
  positive: number;
  rechecksOpen: number;
  outsideTarget: number;
  outsidePositive: number;
}

export const NO_CONTRIBUTION: Contribution = { sampled: 0, resulted: 0, positive: 0, rechecksOpen: 0, outsideTarget: 0, outsidePositive: 0 };

/**
 * In the target: sampled, resulted when final, positive when finally positive. Outside the target:
 * flagged (`outsideTarget`) and, if positive, `outsidePositive` — a positive is never hidden. Open
 * re-checks are work to do whoever the person is, so both count there.
 */
export function contribution(outcome: PersonOutcome, outside: OutsideReason | null): Contribution {
  const final = outcome === 'negative' || outcome === 'positive';
  const pos = outcome === 'positive' ? 1 : 0;
  const open = outcome === 'awaiting' ? 1 : 0;
  if (outside) return { ...NO_CONTRIBUTION, rechecksOpen: open, outsideTarget: 1, outsidePositive: pos };
  return { ...NO_CONTRIBUTION, sampled: 1, resulted: final ? 1 : 0, positive: pos, rechecksOpen: open };
}

export function subtract(a: Contribution, b: Contribution): Contribution {
  return {
    sampled: a.sampled - b.sampled,
    resulted: a.resulted - b.resulted,
    positive: a.positive - b.positive,
    rechecksOpen: a.rechecksOpen - b.rechecksOpen,
    outsideTarget: a.outsideTarget - b.outsideTarget,
    outsidePositive: a.outsidePositive - b.outsidePositive,
  };
}

export function add(a: Contribution, b: Contribution): Contribution {
  return subtract(a, subtract(NO_CONTRIBUTION, b));
}

export function isZero(c: Contribution): boolean {
  return Object.values(c).every((v) => v === 0);
}

/** The bucket a person registered at `areaCode` is counted in: their grid, or their own area above grid level. */
export function bucketOf(areaCode: string): string {
  return gridOf(areaCode) ?? areaCode;
}

/** Whether a bucket is a street/community/… "outside grid" bucket (people registered above grid level). */
export function isOutsideGridBucket(bucket: string): boolean {
  return gridOf(bucket) === null;
}

/** A person sampled for the first time in a round, with what decides whether they count against its target. */
export interface Arrival {
  personId: string;
  /** bucketOf(the person's area). */
  bucket: string;
  /** bucketOf(the area of the site that sampled them). */
  siteBucket: string;
  inRoundAreas: boolean;
  exempt: boolean;
  registeredAfterRound: boolean;
}

export interface Placement {
  personId: string;
  /** The counter row the person is counted in. */
  key: string;
  outside: OutsideReason | null;
}

/**
 * Place a batch's new people against the target. `room` is each bucket's target minus the people
 * already counted in it (changed in place as the batch fills it): in-target sampled can never pass
 * the target; anyone beyond it is flagged `over_target`.
 */
export function placeArrivals(arrivals: readonly Arrival[], room: Map<string, number>): Placement[] {
  return arrivals.map((a) => {
    if (!a.inRoundAreas) return { personId: a.personId, key: a.siteBucket, outside: 'outside_round' };
    if (a.exempt) return { personId: a.personId, key: a.bucket, outside: 'exempt' };
    if (a.registeredAfterRound) return { personId: a.personId, key: a.bucket, outside: 'registered_later' };
    const left = room.get(a.bucket) ?? 0;
    if (left <= 0) return { personId: a.personId, key: a.bucket, outside: 'over_target' };
    room.set(a.bucket, left - 1);
    return { personId: a.personId, key: a.bucket, outside: null };
  });
}

/** A bucket's counters as read back; `missing` is never negative and sampled never passes target. */
export interface CounterSums {
  target: number | string | null;
  sampled: number | string | null;
  resulted: number | string | null;
  positive: number | string | null;
  rechecks_open: number | string | null;
  outside_target: number | string | null;
  outside_positive: number | string | null;
  outside_grid: number | string | null;
}

export interface PeopleFigures {
  target: number;
  sampled: number;
  resulted: number;
  positive: number;
  missing: number;
  rechecksOpen: number;
  outsideTarget: number;
  outsidePositive: number;
  outsideGrid: number;
}

export function peopleFigures(r: CounterSums): PeopleFigures {
  const n = (v: number | string | null) => Number(v ?? 0);
  const target = n(r.target);
  const sampled = n(r.sampled);
  return {
    target,
    sampled,
    resulted: n(r.resulted),
    positive: n(r.positive),
    missing: Math.max(0, target - sampled),
    rechecksOpen: n(r.rechecks_open),
    outsideTarget: n(r.outside_target),
    outsidePositive: n(r.outside_positive),
    outsideGrid: n(r.outside_grid),
  };
}
