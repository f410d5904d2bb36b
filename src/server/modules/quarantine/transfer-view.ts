import type { Transfer, Vehicle } from '../../../contract/transfers';
import type { DB } from '../../db/schema';
import type { TransferRow } from './quarantine.table';

/** Transfers and vehicles on the wire (camelCase, src/contract/transfers.ts). */
export interface TransferListRow extends TransferRow {
  name: string;
  doc_masked: string;
  facility: string;
  plate: string | null;
  from_facility: string | null;
  overdue: boolean;
  address: string | null;
  phone_masked: string | null;
}

export const transferView = (r: TransferListRow): Transfer => ({
  id: r.id,
  personId: r.person_id,
  areaCode: r.area_code,
  householdCode: r.household_code,
  reason: r.reason,
  toFacilityId: r.to_facility_id,
  status: r.status,
  vehicleId: r.vehicle_id,
  runId: r.run_id,
  deadline: r.deadline,
  requestedAt: r.requested_at,
  approvedAt: r.approved_at,
  assignedAt: r.assigned_at,
  pickedUpAt: r.picked_up_at,
  arrivedAt: r.arrived_at,
  cancelledAt: r.cancelled_at,
  cancelReason: r.cancel_reason,
  placementId: r.placement_id,
  fromPlacementId: r.from_placement_id,
  createdBy: r.created_by,
  name: r.name,
  docMasked: r.doc_masked,
  facility: r.facility,
  plate: r.plate,
  fromFacility: r.from_facility,
  overdue: r.overdue,
  address: r.address,
  phoneMasked: r.phone_masked,
  pickupSeq: r.pickup_seq,
  carer: r.carer,
});

export const vehicleView = (v: DB['vehicles']): Vehicle => ({
  id: v.id,
  plate: v.plate,
  capacity: v.capacity,
  driver: v.driver,
  areaCode: v.area_code,
  createdAt: v.created_at,
});
