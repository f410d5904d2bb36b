import type {
  ArrivalListItem,
  Backtrace,
  CaseCandidate,
  CaseDetail,
  CaseListItem,
  ChainGraph,
  Cluster,
  ContactBulkDecisionBody,
  ContactDecisionBody,
  ContactListItem,
  ContactPage,
  ContactPlaceBody,
  ContactPlaceOutcome,
  ContactTransferBody,
  Case,
  NewArrivalBody,
  NewCaseBody,
  NewContactBody,
  NewSpanBody,
  Notice,
  PublicNotice,
  SecondaryOutcome,
  TraceOutcome,
  UnmatchedScan,
  VisitorsHandoffBody,
} from '../../../contract/tracing';
import { get, post, qs } from '../../api/client';

// Shapes come from the contract the server serialises with (src/contract/tracing.ts).
export const tracingApi = {
  cases: () => get<{ items: CaseListItem[] }>('/tracing/cases?limit=200'),
  caseCandidates: () => get<{ items: CaseCandidate[] }>('/tracing/case-candidates'),
  createCase: (body: NewCaseBody) => post<Case>('/tracing/cases', body),
  case: (id: string) => get<CaseDetail>(`/tracing/cases/${id}`),
  addSpan: (id: string, body: NewSpanBody) => post(`/tracing/cases/${id}/spans`, body),
  complete: (id: string) => post(`/tracing/cases/${id}/complete`),
  publicNotice: (id: string) => get<PublicNotice>(`/tracing/cases/${id}/public-notice`),
  trace: (id: string) => post<TraceOutcome>(`/tracing/cases/${id}/trace`),
  contacts: (caseId: string) => get<ContactPage>(`/tracing/contacts${qs({ caseId, limit: 1000 })}`),
  /** The case's epidemiologist only; each read is audited on the server. */
  contactsElsewhere: (caseId: string) => get<{ items: ContactListItem[] }>(`/tracing/cases/${caseId}/contacts-elsewhere`),
  decide: (id: string, body: ContactDecisionBody) => post(`/tracing/contacts/${id}/decision`, body),
  /** Selected contacts (issue 12): decide all-or-nothing; 安排隔离 keeps its good rows; 转运 all-or-nothing. */
  decideMany: (body: ContactBulkDecisionBody) => post('/tracing/contacts/decisions', body),
  placeContacts: (body: ContactPlaceBody) => post<ContactPlaceOutcome>('/tracing/contacts/place', body),
  transferContacts: (body: ContactTransferBody) => post<{ items: Array<{ id: string; status: string }> }>('/tracing/contacts/transfer', body),
  secondary: (id: string) => post<SecondaryOutcome>(`/tracing/contacts/${id}/secondary`),
  addContact: (caseId: string, body: NewContactBody) => post(`/tracing/cases/${caseId}/contacts`, body),
  clusters: () => get<{ items: Cluster[] }>('/tracing/clusters'),
  graph: (cluster?: string) => get<ChainGraph>(`/tracing/chains${qs({ cluster })}`),
  notices: (overdue: boolean, cursor: string | null) =>
    get<{ items: Notice[]; nextCursor: string | null }>(`/tracing/notices${qs({ overdue: overdue ? 'true' : undefined, cursor, limit: 100 })}`),
  noticeStatus: (id: string, status: string, note?: string) => post(`/tracing/notices/${id}/status`, { status, note }),
  matchNotice: (id: string, personId: string) => post(`/tracing/notices/${id}/match`, { personId }),
  arrivals: (pending: boolean) => get<{ items: ArrivalListItem[] }>(`/tracing/arrivals${qs({ pendingTest: pending ? 'true' : undefined, limit: 200 })}`),
  createArrival: (body: NewArrivalBody) => post('/tracing/arrivals', body),
  landingTest: (id: string, result: 'negative' | 'positive') => post(`/tracing/arrivals/${id}/landing-test`, { result }),
  backtrace: (params: Record<string, string | undefined>) => get<Backtrace>(`/tracing/backtrace${qs({ ...params, limit: 200 })}`),
  handOffVisitors: (body: VisitorsHandoffBody) => post<{ handedOff: number; sent: number }>('/tracing/backtrace/handoff', body),
  unmatched: () => get<{ items: UnmatchedScan[] }>('/tracing/checkins/unmatched'),
};

export { fmtTime } from '../../lib/format';
