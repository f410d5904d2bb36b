import type { Placed, PlaceOutcome, Placement, PlacementRule, PlacementTest } from '../../../contract/quarantine';
import type { DB } from '../../db/schema';
import type { PlacementResult, PlaceOutcome as PlaceOutcomeRow } from './placements.service';
import type { PlacementEnd, PlacementReason, PlacementRuleRow } from './quarantine.table';

/** Placements, their tests and the placement rules on the wire (camelCase, src/contract/quarantine.ts). */
export interface PlacementListRow {
  id: string;
  person_id: string;
  name: string;
  doc_masked: string;
  reason: PlacementReason;
  status: 'live' | 'released';
  start_at: string;
  site_end: string;
  monitoring_end: string;
  released_at: string | null;
  ended_reason: PlacementEnd | null;
  facility_id: string;
  facility: string;
  room: string | null;
  writable: boolean;
  days_served: number;
  next_test: { phase: 'site' | 'home'; day: number; due_date: string } | null;
  test_overdue: boolean;
  releasable: boolean;
}

export function placementView(p: PlacementListRow): Placement {
  return {
    id: p.id,
    personId: p.person_id,
    name: p.name,
    docMasked: p.doc_masked,
    reason: p.reason,
    status: p.status,
    startAt: p.start_at,
    siteEnd: p.site_end,
    monitoringEnd: p.monitoring_end,
    releasedAt: p.released_at,
    endedReason: p.ended_reason,
    facilityId: p.facility_id,
    facility: p.facility,
    room: p.room,
    writable: p.writable,
    daysServed: p.days_served,
    nextTest: p.next_test && { phase: p.next_test.phase, day: p.next_test.day, dueDate: p.next_test.due_date },
    testOverdue: p.test_overdue,
    releasable: p.releasable,
  };
}

export const placedView = (p: PlacementResult): Placed => ({
  placementId: p.placement_id,
  personId: p.person_id,
  facilityId: p.facility_id,
  room: p.room,
  start: p.start,
  siteEnd: p.site_end,
  monitoringEnd: p.monitoring_end,
});

export const placeOutcomeView = (o: PlaceOutcomeRow): PlaceOutcome => ({
  placed: o.placed.map(placedView),
  problems: o.problems,
  ...(o.not_found !== undefined ? { notFound: o.not_found } : {}),
});

export const placementTestView = (t: DB['placement_tests']): PlacementTest => ({
  placementId: t.placement_id,
  phase: t.phase,
  day: t.day,
  dueDate: t.due_date,
  result: t.result,
  testedAt: t.tested_at,
});

const days = (json: string): number[] => (JSON.parse(json) as unknown[]).map(Number);

export const ruleView = (r: PlacementRuleRow): PlacementRule => ({
  reason: r.reason,
  setting: r.setting,
  siteDays: r.site_days,
  homeDays: r.home_days,
  testDays: days(r.test_days),
  homeTestDays: days(r.home_test_days),
});
