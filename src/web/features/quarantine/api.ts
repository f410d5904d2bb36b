import { get, patch, post, put, qs } from '../../api/client';

export interface Facility {
  id: string;
  name: string;
  type: string;
  mode: string;
  area_code: string;
  activation_hours: number;
  rooms_total: number;
  rooms_occupied: number;
  rooms_free: number;
  rooms_cleaning: number;
  rooms_out_of_service: number;
  people: number;
  zoning: { inspectedOn: string | null } | null;
}
export interface Room {
  id: string;
  code: string;
  kind: string;
  status: string;
  occupants: number;
  max_occupants: number;
  floor: number | null;
  unit: string | null;
  people: Array<{ placementId: string; name: string; siteEnd: string }>;
}
export interface Placement {
  id: string;
  person_id: string;
  name: string;
  doc_masked: string;
  reason: string;
  status: string;
  start_at: string;
  site_end: string;
  monitoring_end: string;
  facility: string;
  room: string | null;
  days_served: number;
  next_test: { phase: string; day: number; due_date: string } | null;
  test_overdue: boolean;
  releasable: boolean;
  /** The caller runs the site: may record checks, tests, move, release, transfer. */
  writable: boolean;
  facility_id: string;
}
export interface Transfer {
  id: string;
  name: string;
  doc_masked: string;
  reason: string;
  facility: string;
  status: string;
  plate: string | null;
  run_id: string | null;
  deadline: string;
  requested_at: string;
  approved_at: string | null;
  assigned_at: string | null;
  picked_up_at: string | null;
  arrived_at: string | null;
  overdue: boolean;
  household_code: string | null;
  from_facility: string | null;
}
export interface Capacity {
  facilities: Facility[];
  by_type: Array<{
    type: string;
    facilities: number;
    rooms_total: number;
    rooms_occupied: number;
    rooms_free: number;
    activatable_24h: number;
    activatable_48h: number;
    activatable_72h: number;
  }>;
  population: number;
  rooms_per_10k: number;
  standard_per_10k: number;
  quarantine_rooms: number;
}
export interface ProjectionDay {
  date: string;
  existing: number;
  pending: number;
  projected: number;
  demand: number;
  capacity: number;
}

export const qApi = {
  facilities: () => get<{ items: Facility[] }>('/quarantine/facilities'),
  createFacility: (b: Record<string, unknown>) => post<{ id: string }>('/quarantine/facilities', b),
  updateFacility: (id: string, b: Record<string, unknown>) => patch(`/quarantine/facilities/${id}`, b),
  addRooms: (id: string, b: Record<string, unknown>) => post<{ added: number }>(`/quarantine/facilities/${id}/rooms`, b),
  waste: (id: string, b: { weightKg: number; handler: string }) => post(`/quarantine/facilities/${id}/waste`, b),
  rooms: (id: string) => get<{ items: Room[] }>(`/quarantine/facilities/${id}/rooms`),
  roomStatus: (id: string, status: string) => patch(`/quarantine/rooms/${id}`, { status }),
  place: (b: Record<string, unknown>) => post<{ room: string | null }>('/quarantine/placements', b),
  placements: (facilityId: string | undefined, cursor: string | null) =>
    get<{ items: Placement[]; nextCursor: string | null }>(`/quarantine/placements${qs({ facilityId, status: 'live', cursor, limit: 100 })}`),
  recordTest: (id: string, day: number, phase: string, result: string) => post(`/quarantine/placements/${id}/tests`, { day, phase, result }),
  release: (id: string, b: { override?: boolean; reason?: string }) => post(`/quarantine/placements/${id}/release`, b),
  check: (id: string, b: Record<string, unknown>) => post<{ fever: boolean; tasks: string[] }>(`/quarantine/placements/${id}/checks`, b),
  checks: (id: string) =>
    get<{ items: Array<{ id: string; check_date: string; temperature: number; recorded_by: string; at: string; needs: string | null }> }>(
      `/quarantine/placements/${id}/checks`,
    ),
  tasks: (facilityId?: string) =>
    get<{ items: Array<{ id: string; kind: string; day: string; detail: string | null; facility: string; name: string }> }>(
      `/quarantine/tasks${qs({ facilityId })}`,
    ),
  taskDone: (id: string) => post(`/quarantine/tasks/${id}/done`),
  transfers: () => get<{ items: Transfer[] }>('/transfers?limit=300'),
  requestTransfer: (b: Record<string, unknown>) => post('/transfers', b),
  advance: (ids: string[], to: string) => post('/transfers/advance', { ids, to }),
  assign: (ids: string[], vehicleId: string) => post('/transfers/assign', { ids, vehicleId }),
  cancel: (id: string, reason: string) => post(`/transfers/${id}/cancel`, { reason }),
  vehicles: () => get<{ items: Array<{ id: string; plate: string; capacity: number; driver: string }> }>('/transfers/vehicles'),
  addVehicle: (b: Record<string, unknown>) => post('/transfers/vehicles', b),
  mode: () => get<{ mode: string }>('/transfers/mode'),
  setMode: (mode: string) => put('/transfers/mode', { mode }),
  capacity: () => get<Capacity>('/quarantine/capacity'),
  projection: (p: Record<string, number | undefined>) => get<{ days: ProjectionDay[] }>(`/quarantine/projection${qs(p)}`),
};

export { fmtTime } from '../../lib/format';
