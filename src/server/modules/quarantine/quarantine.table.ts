export type FacilityType = 'quarantine' | 'designated' | 'sub-designated' | 'fangcang' | 'home';
export type FacilityMode = 'normal' | 'standby' | 'active';
export type RoomStatus = 'free' | 'occupied' | 'cleaning' | 'out_of_service';
export type PlacementReason = 'close-contact' | 'secondary-contact' | 'arrival' | 'case' | 'positive-pool';
export type PlacementEnd = 'released' | 'override' | 'transferred';
export type TransferStatus = 'requested' | 'approved' | 'vehicle_assigned' | 'picked_up' | 'arrived' | 'cancelled';

export interface FacilityRow {
  id: string;
  name: string;
  type: FacilityType;
  area_code: string;
  address: string | null;
  contact: string | null;
  mode: FacilityMode;
  activation_hours: number;
  zoning: string | null;
  staff_on_site: number;
  created_at: string;
}
export interface RoomRow {
  id: string;
  facility_id: string;
  code: string;
  kind: 'room' | 'bed';
  floor: number | null;
  unit: string | null;
  max_occupants: number;
  occupants: number;
  household_code: string | null;
  status: RoomStatus;
  updated_at: string;
}
export interface PlacementRuleRow {
  reason: PlacementReason;
  setting: 'centralised' | 'home' | 'hospital';
  site_days: number;
  home_days: number;
  test_days: string;
  home_test_days: string;
}
export interface PlacementRow {
  id: string;
  person_id: string;
  area_code: string;
  facility_id: string;
  room_id: string | null;
  reason: PlacementReason;
  status: 'live' | 'released';
  start_at: string;
  site_end: string;
  monitoring_end: string;
  released_at: string | null;
  release_note: string | null;
  /** Why it ended: released by rule, released early (override), or moved to another site. */
  ended_reason: PlacementEnd | null;
  override: number;
  /** Guardian or carer named for a minor or dependant placed without an adult of the household. */
  carer: string | null;
  created_by: string;
  created_at: string;
}
export interface TransferRow {
  id: string;
  person_id: string;
  area_code: string;
  household_code: string | null;
  reason: PlacementReason;
  to_facility_id: string;
  status: TransferStatus;
  vehicle_id: string | null;
  run_id: string | null;
  deadline: string;
  requested_at: string;
  approved_at: string | null;
  assigned_at: string | null;
  picked_up_at: string | null;
  arrived_at: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  placement_id: string | null;
  /** The live placement this transfer moves away from (site to site), if any. */
  from_placement_id: string | null;
  /** The stop's place in its vehicle run (1 = first pickup), set when the run is assigned. */
  pickup_seq: number | null;
  /** Guardian or carer named for a minor or dependant travelling without an adult of the household. */
  carer: string | null;
  created_by: string;
}

export interface QuarantineTables {
  facilities: FacilityRow;
  rooms: RoomRow;
  placement_rules: PlacementRuleRow;
  placements: PlacementRow;
  placement_tests: {
    placement_id: string;
    phase: 'site' | 'home';
    day: number;
    due_date: string;
    result: 'negative' | 'positive' | null;
    tested_at: string | null;
  };
  health_checks: {
    id: string;
    placement_id: string;
    check_date: string;
    temperature: number;
    symptoms: string;
    mental_support: number;
    needs: string | null;
    recorded_by: string;
    at: string;
  };
  site_tasks: {
    id: string;
    facility_id: string;
    placement_id: string;
    kind: 'fever' | 'missed_check' | 'mental_support' | 'needs';
    day: string;
    detail: string | null;
    status: 'open' | 'done';
    created_at: string;
    done_at: string | null;
  };
  vehicles: { id: string; plate: string; capacity: number; driver: string; area_code: string; created_at: string };
  transfers: TransferRow;
  waste_runs: { id: string; facility_id: string; at: string; weight_kg: number; handler: string; note: string | null };
}
