import { get, post, put, qs } from '../../api/client';
import type { Incident, IncidentDetail, PlanDefinition, PlanFull, Task, Timeliness } from '../../../contract/response';

export type { Incident, IncidentDetail, PlanDefinition, PlanFull, Task, Timeliness };
export interface PlanSummary {
  id: string;
  code: string;
  name: string;
  tasks: number;
  version: number;
  updatedAt: string;
}

export const rApi = {
  incidents: (status?: string) => get<{ items: Incident[] }>(`/incidents${qs({ status, limit: 200 })}`),
  incident: (id: string) => get<IncidentDetail>(`/incidents/${id}`),
  createIncident: (b: { name: string; areaCode: string; t0?: string }) => post<Incident>('/incidents', b),
  closeIncident: (id: string, note: string) => post<Incident>(`/incidents/${id}/close`, { note }),
  activate: (id: string, planCode: string) => post<{ created: number; tasks: Task[] }>(`/incidents/${id}/activate`, { planCode }),
  tasks: (id: string) => get<{ items: Task[] }>(`/incidents/${id}/tasks`),
  timeliness: (id: string) => get<Timeliness>(`/incidents/${id}/timeliness`),
  plans: () => get<{ items: PlanSummary[] }>('/plans'),
  plan: (code: string) => get<PlanFull>(`/plans/${code}`),
  importPlan: (def: unknown) => post<{ id: string; code: string; tasks: number; version: number }>('/plans/import', def),
  setDeadlines: (code: string, deadlines: Array<{ key: string; dueHours: number }>) => put<PlanFull>(`/plans/${code}/deadlines`, { deadlines }),
  mine: () => get<{ items: Task[] }>('/tasks/mine?limit=200'),
  done: (id: string, note: string) => post<Task>(`/tasks/${id}/done`, { note }),
};
