import type { CapacityBoard, Facility, FacilityWithCounts, Room, WasteRun, Zoning } from '../../../contract/quarantine';
import type { DB } from '../../db/schema';
import type { RoomCounts } from './facility.repository';
import type { FacilityRow, RoomRow } from './quarantine.table';

/** Facility rows, their rooms and the capacity board on the wire (camelCase, src/contract/quarantine.ts). */
type ZoningField = string | Zoning | null;

const zoningOf = (z: ZoningField): Zoning | null => (typeof z === 'string' ? (JSON.parse(z) as Zoning) : z);

export function facilityView(f: Omit<FacilityRow, 'zoning'> & { zoning: ZoningField }): Facility {
  return {
    id: f.id,
    name: f.name,
    type: f.type,
    areaCode: f.area_code,
    address: f.address,
    contact: f.contact,
    mode: f.mode,
    activationHours: f.activation_hours,
    zoning: zoningOf(f.zoning),
    staffOnSite: f.staff_on_site,
    createdAt: f.created_at,
  };
}

export function countsView(c: RoomCounts) {
  return {
    roomsTotal: c.rooms_total,
    roomsOccupied: c.rooms_occupied,
    roomsFree: c.rooms_free,
    roomsCleaning: c.rooms_cleaning,
    roomsOutOfService: c.rooms_out_of_service,
    people: c.people,
  };
}

export const facilityWithCountsView = (f: Omit<FacilityRow, 'zoning'> & { zoning: ZoningField } & RoomCounts): FacilityWithCounts => ({
  ...facilityView(f),
  ...countsView(f),
});

export function roomView(r: RoomRow & { people: Room['people'] }): Room {
  return {
    id: r.id,
    facilityId: r.facility_id,
    code: r.code,
    kind: r.kind,
    floor: r.floor,
    unit: r.unit,
    maxOccupants: r.max_occupants,
    occupants: r.occupants,
    householdCode: r.household_code,
    status: r.status,
    updatedAt: r.updated_at,
    people: r.people,
  };
}

export function wasteRunView(w: DB['waste_runs']): WasteRun {
  return { id: w.id, facilityId: w.facility_id, at: w.at, weightKg: Number(w.weight_kg), handler: w.handler, note: w.note };
}

interface BoardRow {
  facilities: Array<Pick<FacilityRow, 'id' | 'name' | 'type' | 'mode' | 'area_code' | 'activation_hours'> & RoomCounts>;
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
  quarantine_rooms: number;
  rooms_per_10k: number;
  standard_per_10k: number;
}

export function capacityView(b: BoardRow): CapacityBoard {
  return {
    facilities: b.facilities.map((f) => ({
      id: f.id,
      name: f.name,
      type: f.type,
      mode: f.mode,
      areaCode: f.area_code,
      activationHours: f.activation_hours,
      ...countsView(f),
    })),
    byType: b.by_type.map((t) => ({
      type: t.type as CapacityBoard['byType'][number]['type'],
      facilities: t.facilities,
      roomsTotal: t.rooms_total,
      roomsOccupied: t.rooms_occupied,
      roomsFree: t.rooms_free,
      activatable24h: t.activatable_24h,
      activatable48h: t.activatable_48h,
      activatable72h: t.activatable_72h,
    })),
    population: b.population,
    quarantineRooms: b.quarantine_rooms,
    roomsPer10k: b.rooms_per_10k,
    standardPer10k: b.standard_per_10k,
  };
}
