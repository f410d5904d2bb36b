/**
 * The transfer contract (人员转运, `/transfers/*`): approval mode, requests, the board, vehicle runs
 * and vehicles. Declared by the server's routes, imported as types by the web; keys are camelCase.
 */
import { z } from 'zod';
import { areaCodeSchema, pageLimitSchema } from '../server/http/schemas';
import { careFields, facilityType, placementReason } from './quarantine';

export const transferStatuses = ['requested', 'approved', 'vehicle_assigned', 'picked_up', 'arrived', 'cancelled'] as const;
export const transferStatus = z.enum(transferStatuses);
export type TransferStatus = z.infer<typeof transferStatus>;

export const transferMode = z.object({ mode: z.enum(['normal', 'emergency']) });
export type TransferMode = z.infer<typeof transferMode>;

export const transferRequestBody = z.object({
  personIds: z.array(z.string()).optional(),
  idNumbers: z.array(z.string()).optional(),
  toFacilityId: z.string(),
  reason: placementReason,
  deadlineHours: z.number().positive().max(72).optional(),
  ...careFields,
});
export type TransferRequest = z.input<typeof transferRequestBody>;
export const transferRequested = z.object({ items: z.array(z.object({ id: z.string(), status: transferStatus })) });
export type TransferRequested = z.infer<typeof transferRequested>;

/** A place one may send people to: one's own sites, and the city's treatment places (no one's names). */
export const destination = z.object({
  id: z.string(),
  name: z.string(),
  type: facilityType,
  areaCode: z.string(),
  /** The caller runs it; otherwise a city treatment place (定点医院, 亚定点医院, 方舱). */
  own: z.boolean(),
  roomsFree: z.number(),
  /** Transfers already on their way there. */
  incoming: z.number(),
});
export type Destination = z.infer<typeof destination>;
export const destinationList = z.object({ items: z.array(destination) });

export const transferListQuery = z.object({ facilityId: z.string().optional(), live: z.enum(['true', 'false']).optional(), limit: pageLimitSchema });

export const transfer = z.object({
  id: z.string(),
  personId: z.string(),
  areaCode: z.string(),
  householdCode: z.string().nullable(),
  reason: placementReason,
  toFacilityId: z.string(),
  status: transferStatus,
  vehicleId: z.string().nullable(),
  runId: z.string().nullable(),
  deadline: z.string(),
  requestedAt: z.string(),
  approvedAt: z.string().nullable(),
  assignedAt: z.string().nullable(),
  pickedUpAt: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  placementId: z.string().nullable(),
  /** The live placement this transfer moves away from (site to site), if any. */
  fromPlacementId: z.string().nullable(),
  createdBy: z.string(),
  /** Masked name and ID number. */
  name: z.string(),
  docMasked: z.string(),
  /** Destination's name, vehicle plate, and the site it leaves from. */
  facility: z.string(),
  plate: z.string().nullable(),
  fromFacility: z.string().nullable(),
  overdue: z.boolean(),
  /** Where to pick the person up, and a phone to call (masked; clear by POST /transfers/:id/phone, audited). */
  address: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  /** The stop's place in its vehicle run (1 = first pickup), once a vehicle is assigned. */
  pickupSeq: z.number().nullable(),
  /** Guardian or carer named for a minor or dependant. */
  carer: z.string().nullable(),
});
export type Transfer = z.infer<typeof transfer>;
export const transferList = z.object({ items: z.array(transfer) });

export const advanceBody = z.object({ ids: z.array(z.string()).min(1).max(60), to: z.enum(['approved', 'picked_up', 'arrived']) });
export const advanced = z.object({ ids: z.array(z.string()), status: transferStatus });
export const assignBody = z.object({ ids: z.array(z.string()).min(1).max(60), vehicleId: z.string() });
export const assigned = z.object({
  runId: z.string(),
  vehicle: z.string(),
  transfers: z.number(),
  /** The transfer ids in pickup order (nearest-neighbour by building, else by street/community). */
  order: z.array(z.string()),
});
export const phoneRevealBody = z.object({ reason: z.string().min(2).max(200) });
export const phoneRevealed = z.object({ phone: z.string().nullable() });
export const cancelBody = z.object({ reason: z.string() });
export const cancelled = z.object({ id: z.string(), status: transferStatus });

export const vehicleBody = z.object({ plate: z.string(), capacity: z.number().int(), driver: z.string(), areaCode: areaCodeSchema });
export type VehicleInput = z.input<typeof vehicleBody>;
export const vehicle = z.object({
  id: z.string(),
  plate: z.string(),
  capacity: z.number(),
  driver: z.string(),
  areaCode: z.string(),
  createdAt: z.string(),
});
export type Vehicle = z.infer<typeof vehicle>;
export const vehicleList = z.object({ items: z.array(vehicle) });
