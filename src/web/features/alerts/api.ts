import type { AlertDetail, AlertList, Rule, RuleCreate, RuleUpdate, TriageAction } from '../../../contract/alerts';
import { get, patch, post, qs } from '../../api/client';

// Shapes come from the contract the server serialises with (src/contract/alerts.ts).
export const alertsApi = {
  list: (q: { status?: string; grade?: string; overdue?: boolean }) =>
    get<AlertList>(`/alerts${qs({ status: q.status, grade: q.grade, overdue: q.overdue ? 'true' : undefined, limit: 200 })}`),
  show: (id: string) => get<AlertDetail>(`/alerts/${id}`),
  step: (id: string, action: TriageAction, note: string) => post<AlertDetail>(`/alerts/${id}/${action}`, { note }),
  rules: () => get<{ items: Rule[] }>('/triggers'),
  createRule: (body: RuleCreate) => post<Rule>('/triggers', body),
  updateRule: (id: string, body: RuleUpdate) => patch<Rule>(`/triggers/${id}`, body),
};
