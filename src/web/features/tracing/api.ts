import { get, post, qs } from '../../api/client';

export interface CaseItem {
  id: string;
  code: string;
  type: string;
  found_by: string;
  inside_control: boolean;
  area_code: string;
  onset_date: string | null;
  sampling_date: string | null;
  reported_at: string;
  name: string;
  id_number_masked: string;
  cluster_id: string;
  clock: { due: string; done: boolean; overdue: boolean; hoursElapsed: number };
  contacts: { candidates: number; confirmed: number; elsewhere: number };
}
export interface Span {
  id: string;
  kind: string;
  source: string;
  venue_code: string | null;
  area_code: string | null;
  place: string | null;
  starts_at: string;
  ends_at: string;
  transport: string | null;
  people_met: string | null;
}
export interface CaseDetail extends Omit<CaseItem, 'name' | 'id_number_masked' | 'contacts'> {
  person: { name: string; idNumberMasked: string; areaCode: string };
  trajectory: Span[];
  lookback_start: string;
}
export interface Contact {
  id: string;
  case_code: string;
  person_id: string;
  name: string;
  id_number_masked: string;
  control_status: string;
  class: string;
  status: string;
  source: string;
  via_contact_id: string | null;
  venue_code: string | null;
  overlap_start: string | null;
  overlap_end: string | null;
  minutes: number;
  gap_minutes: number;
  note: string | null;
}
export interface Notice {
  id: string;
  issuer: string;
  reason: string;
  name: string;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  deadline: string;
  status: string;
  owner: string | null;
  candidates: string[];
  areaCode: string;
  overdue: boolean;
  closedAt: string | null;
}
export interface Arrival {
  id: string;
  name: string;
  doc_masked: string;
  origin: string;
  risk_level: string;
  arrived_at: string;
  checkpoint: string;
  is_truck_driver: boolean;
  measure: string;
  landing_test_due: string;
  landing_test_at: string | null;
  landing_test_result: string | null;
  test_overdue: boolean;
  control_status: string;
}
export interface Graph {
  /** kind 'elsewhere': the case's confirmed contacts living in other areas, as one node with their count. */
  nodes: Array<{ id: string; label: string; kind: string; count?: number }>;
  edges: Array<{ source: string; target: string; kind: string }>;
}

export const tracingApi = {
  cases: () => get<{ items: CaseItem[] }>('/tracing/cases?limit=200'),
  caseCandidates: () =>
    get<{ items: Array<{ personId: string; name: string; idNumberMasked: string; areaCode: string; since: string }> }>('/tracing/case-candidates'),
  createCase: (body: Record<string, unknown>) => post<{ id: string; code: string }>('/tracing/cases', body),
  case: (id: string) => get<CaseDetail>(`/tracing/cases/${id}`),
  addSpan: (id: string, body: Record<string, unknown>) => post(`/tracing/cases/${id}/spans`, body),
  complete: (id: string) => post(`/tracing/cases/${id}/complete`),
  publicNotice: (id: string) => get<{ who: string; places: Array<{ from: string; to: string; place: string }> }>(`/tracing/cases/${id}/public-notice`),
  trace: (id: string) => post<{ items: unknown[]; handedOff: number }>(`/tracing/cases/${id}/trace`),
  contacts: (caseId: string) => get<{ items: Contact[]; elsewhere: number }>(`/tracing/contacts${qs({ caseId, limit: 1000 })}`),
  /** The case's epidemiologist only; each read is audited on the server. */
  contactsElsewhere: (caseId: string) => get<{ items: Array<Contact & { area_code: string }> }>(`/tracing/cases/${caseId}/contacts-elsewhere`),
  decide: (id: string, body: { decision: 'confirm' | 'dismiss'; class?: string; reason?: string }) => post(`/tracing/contacts/${id}/decision`, body),
  secondary: (id: string) => post<{ handedOff: number }>(`/tracing/contacts/${id}/secondary`),
  addContact: (caseId: string, body: { idNumber: string; class?: string; note?: string }) => post(`/tracing/cases/${caseId}/contacts`, body),
  clusters: () => get<{ items: Array<{ clusterId: string; firstCase: string; cases: number }> }>('/tracing/clusters'),
  graph: (cluster?: string) => get<Graph>(`/tracing/chains${qs({ cluster })}`),
  notices: (overdue: boolean, cursor: string | null) =>
    get<{ items: Notice[]; nextCursor: string | null }>(`/tracing/notices${qs({ overdue: overdue ? 'true' : undefined, cursor, limit: 100 })}`),
  noticeStatus: (id: string, status: string, note?: string) => post(`/tracing/notices/${id}/status`, { status, note }),
  matchNotice: (id: string, personId: string) => post(`/tracing/notices/${id}/match`, { personId }),
  arrivals: (pending: boolean) => get<{ items: Arrival[] }>(`/tracing/arrivals${qs({ pendingTest: pending ? 'true' : undefined, limit: 200 })}`),
  createArrival: (body: Record<string, unknown>) => post('/tracing/arrivals', body),
  landingTest: (id: string, result: string) => post(`/tracing/arrivals/${id}/landing-test`, { result }),
  backtrace: (params: Record<string, string | undefined>) =>
    get<{ items: Array<Record<string, unknown>>; elsewhere?: number; nextCursor: string | null }>(`/tracing/backtrace${qs({ ...params, limit: 200 })}`),
  handOffVisitors: (body: { venueCode: string; from: string; to: string }) => post<{ handedOff: number; sent: number }>('/tracing/backtrace/handoff', body),
  unmatched: () =>
    get<{ items: Array<{ id: string; doc_masked: string; venue_code: string; scanned_at: string; reason: string }> }>('/tracing/checkins/unmatched'),
};

export { fmtTime } from '../../lib/format';
