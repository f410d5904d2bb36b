import type { ControlStatus } from '../people/control-status';

/**
 * 管控内 / 社会面 (issue 12): was a new case already under control when it was found?
 *
 * A case counts as found inside control (管控内发现) when it was found among people already held:
 * in a live placement (集中隔离, 居家隔离, 收治), a confirmed close or secondary contact, an arrival
 * under control, or under home health monitoring. Two statuses only mark the finding itself and say
 * nothing about control before it: 临时管控 (a member of a positive pool awaiting 单管复核 — the
 * screening that found them) and 疑似病例 (a positive single tube or in-stay test). Those are looked
 * through, back along the person's status history, to what held the person before the finding. So
 * a resident found by community screening is 社会面 although the pool put them under temporary
 * control for a few hours; the same positive found in a quarantine room is 管控内.
 */
export const FINDING_STATUSES: readonly ControlStatus[] = ['temporary_control', 'case_candidate'];
export const HELD_STATUSES: readonly ControlStatus[] = [
  'close_contact',
  'secondary_contact',
  'arrival_control',
  'centralised_quarantine',
  'home_quarantine',
  'home_monitoring',
  'hospitalised',
];

export interface FindingInput {
  /** The person's status now, then each earlier one, most recent first (the history's from-statuses). */
  statuses: readonly ControlStatus[];
  /** A live placement holds them (a site, home quarantine or a hospital), whatever the status says. */
  livePlacement: boolean;
}

export function foundInsideControl(f: FindingInput): boolean {
  if (f.livePlacement) return true;
  const before = f.statuses.find((s) => !FINDING_STATUSES.includes(s));
  return before !== undefined && HELD_STATUSES.includes(before);
}
