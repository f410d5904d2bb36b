import type {
  Box,
  CapacityPlan,
  Coverage,
  CoverageProperties,
  Exemption,
  FrequencyRule,
  Lab,
  MissingPerson,
  OverduePerson,
  OwnResults,
  PoolSuggestion,
  Postings,
  Recheck,
  Repeat,
  Round,
  SamplingSite,
  Timing,
} from '../../../contract/testing';
import { get, post, qs } from '../../api/client';

export type {
  Box,
  CapacityPlan,
  Coverage,
  Exemption,
  IngestResult,
  MissingPerson,
  OverduePerson,
  OwnResults,
  PoolSuggestion,
  Receipt,
  Recheck,
  Repeat,
  ResultsOutcome,
  Round,
  Timing,
} from '../../../contract/testing';
export type { CoverageArea } from '../../../contract/coverage';

export const testingApi = {
  rounds: () => get<{ items: Round[]; nextCursor: string | null }>('/testing/rounds?limit=200'),
  createRound: (body: { areas: string[]; name?: string; poolSize: number }) => post<{ id: string; target: number }>('/testing/rounds', body),
  coverage: (id: string, area?: string) => get<Coverage>(`/testing/rounds/${id}/coverage${qs({ area })}`),
  coverageMap: (id: string, area: string) =>
    get<GeoJSON.FeatureCollection<GeoJSON.Geometry, CoverageProperties>>(`/testing/rounds/${id}/coverage.geojson${qs({ area })}`),
  missing: (id: string, area: string, cursor: string | null) =>
    get<{ items: MissingPerson[]; nextCursor: string | null }>(`/testing/rounds/${id}/missing${qs({ area, cursor, limit: 50 })}`),
  rechecks: (id: string) => get<{ items: Recheck[] }>(`/testing/rounds/${id}/rechecks`),
  timing: (id: string) => get<Timing>(`/testing/rounds/${id}/timing`),
  plan: (id: string, prevalence: number) => get<CapacityPlan>(`/testing/rounds/${id}/plan${qs({ prevalence })}`),
  sites: () => get<{ items: SamplingSite[] }>('/testing/sites'),
  labs: () => get<{ items: Lab[] }>('/testing/labs'),
  /** The sampling sites and labs the user is posted to (work-site access). */
  postings: () => get<Postings>('/testing/postings'),
  incoming: () => get<{ items: Box[] }>('/testing/boxes/incoming'),
  overdue: (area: string) => get<{ items: OverduePerson[] }>(`/testing/overdue${qs({ area })}`),
  closeRound: (id: string) => post<void>(`/testing/rounds/${id}/close`),
  reopenRound: (id: string, reason: string) => post<void>(`/testing/rounds/${id}/reopen`, { reason }),
  undoExemption: (id: string, personId: string, reason: string) => post<void>(`/testing/rounds/${id}/exemptions/${personId}/undo`, { reason }),
  /** Only the phone in clear, to call the person (audited on the server as a reveal). */
  revealPhone: (personId: string, reason: string, via: 'missing' | 'recheck') => post<{ phone: string | null }>(`/people/${personId}/phone`, { reason, via }),
  exempt: (id: string, body: { personId: string; reason: Exemption['reason']; note?: string }) => post<void>(`/testing/rounds/${id}/exemptions`, body),
  exemptions: (id: string) => get<{ items: Exemption[] }>(`/testing/rounds/${id}/exemptions`),
  repeats: (id: string) => get<{ items: Repeat[] }>(`/testing/rounds/${id}/repeats`),
  poolSize: (prevalence: number) => get<PoolSuggestion>(`/testing/pool-size${qs({ prevalence })}`),
  /** Public (no session): a one-time code to the registered phone, then the person's own results. */
  requestCode: (idNumber: string) => post<{ sent: true }>('/public/results/code', { idNumber }),
  ownResults: (idNumber: string, code: string) => post<OwnResults>('/public/results', { idNumber, code }),
  frequencyRules: () => get<{ items: FrequencyRule[] }>('/testing/frequency-rules'),
};
