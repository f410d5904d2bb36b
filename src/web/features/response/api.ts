import { get, post, put, qs } from '../../api/client';
import type { z } from 'zod';
import type { Incident, IncidentDetail, monthly, PlanDefinition, PlanFull, Task, Timeliness, workGroup } from '../../../contract/response';
import type { IncidentMap, Zone, ZoneInput } from '../../../contract/zones';
import type { coverBody, OnDuty, RosterCheck, RosterShift, Rotation, rotationBody, swapBody } from '../../../contract/roster';

export type { IncidentMap, Zone, ZoneInput };
export type Monthly = z.infer<typeof monthly>['items'][number];
export type { Incident, IncidentDetail, OnDuty, PlanDefinition, PlanFull, RosterCheck, RosterShift, Rotation, Task, Timeliness };
export type WorkGroup = z.infer<typeof workGroup>;
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
  monthly: (months: number) => get<{ items: Monthly[] }>(`/incidents/timeliness/monthly${qs({ months })}`),
  zones: (id: string) => get<{ items: Zone[] }>(`/incidents/${id}/zones`),
  addZone: (id: string, b: Partial<ZoneInput> & Pick<ZoneInput, 'kind'>) => post<Zone>(`/incidents/${id}/zones`, b),
  endZone: (id: string, note: string) => post<Zone>(`/zones/${id}/end`, { note }),
  map: (id: string) => get<IncidentMap>(`/incidents/${id}/map.geojson`),
};

/** The duty roster (值班值守): schemas in contract/roster.ts. */
export const rosterApi = {
  groups: () => get<{ items: WorkGroup[] }>('/work-groups'),
  check: (days: number) => get<RosterCheck>(`/roster/check${qs({ days })}`),
  now: () => get<{ items: OnDuty[] }>('/roster/now'),
  shifts: (from: string, days: number) => get<{ items: RosterShift[] }>(`/roster/shifts${qs({ from, days })}`),
  rotations: () => get<{ items: Rotation[] }>('/roster/rotations'),
  addRotation: (b: z.input<typeof rotationBody>) => post<{ id: string }>('/roster/rotations', b),
  addCover: (b: z.input<typeof coverBody>) => post<{ id: string }>('/roster/covers', b),
  swap: (b: z.input<typeof swapBody>) => post<{ swapId: string }>('/roster/swaps', b),
};
