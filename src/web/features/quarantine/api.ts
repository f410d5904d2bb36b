import { get, patch, post, put, qs } from '../../api/client';
import type {
  CapacityBoard,
  CheckInput,
  CheckRecorded,
  FacilityCreate,
  FacilityMode,
  FacilityUpdate,
  FacilityWithCounts,
  HealthCheck,
  Placed,
  PlaceInput,
  PlaceManyInput,
  PlaceOutcome,
  Placement,
  PlacementReason,
  ProjectionQuery,
  Projection,
  ReleaseInput,
  Room,
  RoomsAdd,
  SiteTask,
  WasteRunInput,
} from '../../../contract/quarantine';
import type { Destination, Transfer, TransferMode, TransferRequest, TransferRequested, Vehicle, VehicleInput } from '../../../contract/transfers';

/** The list row of a facility (with its room counts); the capacity board's rows carry the same counts. */
export type Facility = FacilityWithCounts;
export type { CapacityBoard as Capacity, Destination, FacilityCreate, FacilityMode, Placement, PlacementReason, Room, SiteTask, Transfer, Vehicle };
export type ProjectionDay = Projection['days'][number];

export const qApi = {
  facilities: () => get<{ items: Facility[] }>('/quarantine/facilities'),
  /** Where one may send people: one's own sites and the city's treatment places. */
  destinations: () => get<{ items: Destination[] }>('/transfers/destinations'),
  createFacility: (b: FacilityCreate) => post<{ id: string }>('/quarantine/facilities', b),
  updateFacility: (id: string, b: FacilityUpdate) => patch(`/quarantine/facilities/${id}`, b),
  addRooms: (id: string, b: RoomsAdd) => post<{ added: number }>(`/quarantine/facilities/${id}/rooms`, b),
  waste: (id: string, b: WasteRunInput) => post(`/quarantine/facilities/${id}/waste`, b),
  rooms: (id: string) => get<{ items: Room[] }>(`/quarantine/facilities/${id}/rooms`),
  roomStatus: (id: string, status: string) => patch(`/quarantine/rooms/${id}`, { status }),
  place: (b: PlaceInput) => post<Placed>('/quarantine/placements', b),
  /** A selected list by person id; keeps its good rows (problems per person). */
  placeMany: (b: PlaceManyInput) => post<PlaceOutcome>('/quarantine/placements/bulk', b),
  placements: (facilityId: string | undefined, cursor: string | null, status: 'live' | 'released' = 'live') =>
    get<{ items: Placement[]; nextCursor: string | null }>(`/quarantine/placements${qs({ facilityId, status, cursor, limit: 100 })}`),
  recordTest: (id: string, day: number, phase: string, result: string) => post(`/quarantine/placements/${id}/tests`, { day, phase, result }),
  release: (id: string, b: ReleaseInput) => post(`/quarantine/placements/${id}/release`, b),
  check: (id: string, b: CheckInput) => post<CheckRecorded>(`/quarantine/placements/${id}/checks`, b),
  checks: (id: string) => get<{ items: HealthCheck[] }>(`/quarantine/placements/${id}/checks`),
  tasks: (facilityId?: string) => get<{ items: SiteTask[] }>(`/quarantine/tasks${qs({ facilityId })}`),
  taskDone: (id: string) => post(`/quarantine/tasks/${id}/done`),
  transfers: () => get<{ items: Transfer[] }>('/transfers?limit=300'),
  requestTransfer: (b: TransferRequest) => post<TransferRequested>('/transfers', b),
  /** The pickup phone in clear, while the transfer is under way; audited on the server as a reveal. */
  revealPhone: (id: string, reason: string) => post<{ phone: string | null }>(`/transfers/${id}/phone`, { reason }),
  advance: (ids: string[], to: string) => post('/transfers/advance', { ids, to }),
  assign: (ids: string[], vehicleId: string) => post('/transfers/assign', { ids, vehicleId }),
  cancel: (id: string, reason: string) => post(`/transfers/${id}/cancel`, { reason }),
  vehicles: () => get<{ items: Vehicle[] }>('/transfers/vehicles'),
  addVehicle: (b: VehicleInput) => post('/transfers/vehicles', b),
  mode: () => get<TransferMode>('/transfers/mode'),
  setMode: (mode: TransferMode['mode']) => put('/transfers/mode', { mode }),
  capacity: () => get<CapacityBoard>('/quarantine/capacity'),
  projection: (p: ProjectionQuery) => get<Projection>(`/quarantine/projection${qs(p)}`),
};

export { fmtTime } from '../../lib/format';
