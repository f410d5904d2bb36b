import { get, put } from '../../../api/client';
import type { PlacementReason, PlacementRule, RuleInput } from '../../../../contract/quarantine';
import type { FrequencyRule } from '../../../../contract/testing';
import type { ArrivalRule } from '../../../../contract/tracing-field';

export type { ArrivalRule, FrequencyRule, PlacementRule, RuleInput };
export type RiskLevel = ArrivalRule['riskLevel'];
export type ArrivalMeasure = ArrivalRule['measure'];

/** The three city-wide rule sets: each GET is open to its capability's readers, each PUT to its owners (city-scoped). */
export const rulesApi = {
  placementRules: () => get<{ items: PlacementRule[] }>('/quarantine/rules'),
  setPlacementRule: (reason: PlacementReason, b: RuleInput) => put<{ items: PlacementRule[] }>(`/quarantine/rules/${reason}`, b),
  arrivalRules: () => get<{ items: ArrivalRule[] }>('/tracing/arrival-rules'),
  setArrivalRule: (level: RiskLevel, b: { measure: ArrivalMeasure; landingTestHours: number }) =>
    put<{ items: ArrivalRule[] }>(`/tracing/arrival-rules/${level}`, b),
  frequencyRules: () => get<{ items: FrequencyRule[] }>('/testing/frequency-rules'),
  /** null removes the tag's rule; the answer is 204. */
  setFrequencyRule: (tag: string, intervalDays: number | null) => put<void>(`/testing/frequency-rules/${encodeURIComponent(tag)}`, { intervalDays }),
};
