import type { Arrival, ArrivalListItem, ArrivalRule } from '../../../contract/tracing';
import type { ArrivalRow, TracingTables } from './tracing.table';

type Bool = number | boolean;

/** Arrivals and their rules as the wire shows them (src/contract/tracing.ts). */
export function arrivalRuleView(r: TracingTables['arrival_rules']): ArrivalRule {
  return { riskLevel: r.risk_level, measure: r.measure, landingTestHours: Number(r.landing_test_hours) };
}

export function arrivalView(a: Omit<ArrivalRow, 'is_truck_driver'> & { is_truck_driver: Bool }): Arrival {
  return {
    id: a.id,
    personId: a.person_id,
    areaCode: a.area_code,
    origin: a.origin,
    riskLevel: a.risk_level,
    arrivedAt: a.arrived_at,
    checkpoint: a.checkpoint,
    isTruckDriver: a.is_truck_driver === true || a.is_truck_driver === 1,
    measure: a.measure,
    landingTestDue: a.landing_test_due,
    landingTestAt: a.landing_test_at,
    landingTestResult: a.landing_test_result,
    createdBy: a.created_by,
    createdAt: a.created_at,
  };
}

/** A listed arrival: the person masked by the service, with their control status and whether the landing test is late. */
export function arrivalListItemView(
  a: Parameters<typeof arrivalView>[0] & { name: string; doc_masked: string; control_status: string; test_overdue: boolean },
): ArrivalListItem {
  return { ...arrivalView(a), name: a.name, idNumberMasked: a.doc_masked, controlStatus: a.control_status, testOverdue: a.test_overdue };
}
