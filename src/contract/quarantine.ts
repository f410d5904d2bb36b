/**
 * The quarantine contract (capability 5): request and response shapes of `/quarantine/*` — sites,
 * rooms, placement rules, placements, health checks, site tasks, capacity and projection. The
 * server's routes declare these schemas (responses are serialised through them, so a column not
 * named here never reaches the wire); the web imports the inferred types. Keys are camelCase.
 * Transfers (`/transfers/*`) are in `transfers.ts`.
 */
import { z } from 'zod';
import { areaCodeSchema, dateSchema, instantSchema, pageLimitSchema } from '../server/http/schemas';

export const facilityTypes = ['quarantine', 'designated', 'sub-designated', 'fangcang', 'home'] as const;
export const facilityModes = ['normal', 'standby', 'active'] as const;
export const placementReasons = ['close-contact', 'secondary-contact', 'arrival', 'case', 'positive-pool'] as const;
export const roomStatuses = ['free', 'occupied', 'cleaning', 'out_of_service'] as const;

export const facilityType = z.enum(facilityTypes);
export const facilityMode = z.enum(facilityModes);
export const placementReason = z.enum(placementReasons);
export type FacilityType = z.infer<typeof facilityType>;
export type FacilityMode = z.infer<typeof facilityMode>;
export type PlacementReason = z.infer<typeof placementReason>;

export const idParam = z.object({ id: z.string() });

// ---- facilities and rooms ---------------------------------------------------------------

export const facilityCreateBody = z.object({
  name: z.string(),
  type: facilityType,
  areaCode: areaCodeSchema,
  rooms: z.number().int().optional(),
  address: z.string().optional(),
  contact: z.string().optional(),
  mode: facilityMode.optional(),
  activationHours: z.number().int().min(0).max(720).optional(),
  familyRoomSize: z.number().int().min(1).max(8).optional(),
});
export type FacilityCreate = z.input<typeof facilityCreateBody>;

export const facilityListQuery = z.object({ area: areaCodeSchema.optional(), type: facilityType.optional() });

/** 三区两通道: the site's zoning as inspected. */
export const zoningBody = z.object({
  clean: z.boolean(),
  buffer: z.boolean(),
  contaminated: z.boolean(),
  staffPassage: z.boolean(),
  patientPassage: z.boolean(),
  inspectedOn: dateSchema.nullable(),
  note: z.string().optional(),
});
export type Zoning = z.infer<typeof zoningBody>;

export const facilityUpdateBody = z
  .object({
    mode: facilityMode.optional(),
    activationHours: z.number().int().min(0).max(720).optional(),
    staffOnSite: z.number().int().min(0).optional(),
    contact: z.string().optional(),
    address: z.string().optional(),
    zoning: zoningBody.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change');
export type FacilityUpdate = z.input<typeof facilityUpdateBody>;

const zoningView = z.object({
  clean: z.boolean(),
  buffer: z.boolean(),
  contaminated: z.boolean(),
  staffPassage: z.boolean(),
  patientPassage: z.boolean(),
  inspectedOn: z.string().nullable(),
  note: z.string().optional(),
});

export const facility = z.object({
  id: z.string(),
  name: z.string(),
  type: facilityType,
  areaCode: z.string(),
  address: z.string().nullable(),
  contact: z.string().nullable(),
  mode: facilityMode,
  activationHours: z.number(),
  zoning: zoningView.nullable(),
  staffOnSite: z.number(),
  createdAt: z.string(),
});
export type Facility = z.infer<typeof facility>;

/** Counts derived from a site's room (or bed) rows. */
export const roomCounts = z.object({
  roomsTotal: z.number(),
  roomsOccupied: z.number(),
  roomsFree: z.number(),
  roomsCleaning: z.number(),
  roomsOutOfService: z.number(),
  people: z.number(),
});
export type RoomCounts = z.infer<typeof roomCounts>;

export const facilityWithCounts = facility.extend(roomCounts.shape);
export type FacilityWithCounts = z.infer<typeof facilityWithCounts>;
export const facilityList = z.object({ items: z.array(facilityWithCounts) });

export const roomsAddBody = z.object({
  floors: z.string().optional(),
  rooms: z.string().optional(),
  count: z.number().int().min(1).max(20_000).optional(),
  maxOccupants: z.number().int().min(1).max(8).optional(),
});
export type RoomsAdd = z.input<typeof roomsAddBody>;
export const roomsAdded = z.object({ added: z.number(), skipped: z.number() });

export const room = z.object({
  id: z.string(),
  facilityId: z.string(),
  code: z.string(),
  kind: z.enum(['room', 'bed']),
  floor: z.number().nullable(),
  unit: z.string().nullable(),
  maxOccupants: z.number(),
  occupants: z.number(),
  householdCode: z.string().nullable(),
  status: z.enum(roomStatuses),
  updatedAt: z.string(),
  /** Who is in the room: masked name and the end of their site period. */
  people: z.array(z.object({ placementId: z.string(), name: z.string(), siteEnd: z.string() })),
});
export type Room = z.infer<typeof room>;
export const roomList = z.object({ items: z.array(room) });

export const roomStatusBody = z.object({ status: z.enum(['free', 'cleaning', 'out_of_service']) });
export const roomStatusChanged = z.object({ id: z.string(), status: z.enum(roomStatuses) });

export const wasteRunBody = z.object({ weightKg: z.number(), handler: z.string(), note: z.string().optional(), at: instantSchema.optional() });
export type WasteRunInput = z.input<typeof wasteRunBody>;
export const wasteRun = z.object({
  id: z.string(),
  facilityId: z.string(),
  at: z.string(),
  weightKg: z.number(),
  handler: z.string(),
  note: z.string().nullable(),
});
export type WasteRun = z.infer<typeof wasteRun>;
export const wasteRunList = z.object({ items: z.array(wasteRun) });

// ---- placement rules ---------------------------------------------------------------------

export const placementSetting = z.enum(['centralised', 'home', 'hospital']);
export const ruleParams = z.object({ reason: placementReason });
export const ruleBody = z.object({
  setting: placementSetting,
  siteDays: z.number().int(),
  homeDays: z.number().int(),
  testDays: z.array(z.number().int()),
  homeTestDays: z.array(z.number().int()),
});
export type RuleInput = z.input<typeof ruleBody>;
export const placementRule = ruleBody.extend({ reason: placementReason });
export type PlacementRule = z.infer<typeof placementRule>;
export const ruleList = z.object({ items: z.array(placementRule) });

// ---- placements --------------------------------------------------------------------------

/**
 * The minor rule's inputs (issue 12): people flagged dependants (need a carer though adult), and a
 * guardian or carer named for a minor or dependant who goes without an adult of their household.
 */
export const careFields = {
  dependants: z.array(z.string()).max(500).optional(),
  carers: z
    .array(z.object({ personId: z.string(), carer: z.string().trim().min(2).max(60) }))
    .max(500)
    .optional(),
};
export const placeBody = z.object({
  idNumber: z.string().optional(),
  personId: z.string().optional(),
  reason: placementReason,
  facilityId: z.string().optional(),
  roomId: z.string().optional(),
  /** Guardian or carer named for this person (a minor or dependant placed without an adult of the household). */
  carer: z.string().trim().min(2).max(60).optional(),
  dependant: z.boolean().optional(),
});
export type PlaceInput = z.input<typeof placeBody>;
export const placeManyBody = z.object({
  personIds: z.array(z.string()).min(1).max(20_000),
  reason: placementReason,
  facilityId: z.string().optional(),
  ...careFields,
});
export type PlaceManyInput = z.input<typeof placeManyBody>;

export const placed = z.object({
  placementId: z.string(),
  personId: z.string(),
  facilityId: z.string(),
  room: z.string().nullable(),
  start: z.string(),
  siteEnd: z.string(),
  monitoringEnd: z.string(),
});
export type Placed = z.infer<typeof placed>;
export const placeOutcome = z.object({
  placed: z.array(placed),
  /** The caller's residents who could not be placed, and why. */
  problems: z.array(
    z.object({
      personId: z.string(),
      reason: z.string(),
      /** ALREADY_PLACED, NO_ROOM_FREE, ROOM_NOT_FREE or NEEDS_GUARDIAN (a minor or dependant without an adult or carer). */
      code: z.string().optional(),
    }),
  ),
  /** Ids given that are no resident of the caller's areas (counted, never named). */
  notFound: z.number().optional(),
});
export type PlaceOutcome = z.infer<typeof placeOutcome>;

export const placementListQuery = z.object({
  facilityId: z.string().optional(),
  status: z.enum(['live', 'released']).optional(),
  area: areaCodeSchema.optional(),
  cursor: z.string().optional(),
  limit: pageLimitSchema,
});
export type PlacementListQuery = z.input<typeof placementListQuery>;

export const placement = z.object({
  id: z.string(),
  personId: z.string(),
  /** Masked name and ID number. */
  name: z.string(),
  docMasked: z.string(),
  reason: placementReason,
  status: z.enum(['live', 'released']),
  startAt: z.string(),
  siteEnd: z.string(),
  monitoringEnd: z.string(),
  releasedAt: z.string().nullable(),
  endedReason: z.enum(['released', 'override', 'transferred']).nullable(),
  facilityId: z.string(),
  facility: z.string(),
  room: z.string().nullable(),
  /** The caller runs the site: may record checks, tests, move, release, transfer. */
  writable: z.boolean(),
  daysServed: z.number(),
  nextTest: z.object({ phase: z.enum(['site', 'home']), day: z.number(), dueDate: z.string() }).nullable(),
  testOverdue: z.boolean(),
  releasable: z.boolean(),
});
export type Placement = z.infer<typeof placement>;
export const placementPage = z.object({ items: z.array(placement), nextCursor: z.string().nullable() });

export const placementTest = z.object({
  placementId: z.string(),
  phase: z.enum(['site', 'home']),
  day: z.number(),
  dueDate: z.string(),
  result: z.enum(['negative', 'positive']).nullable(),
  testedAt: z.string().nullable(),
});
export type PlacementTest = z.infer<typeof placementTest>;
export const placementTestList = z.object({ items: z.array(placementTest) });

export const moveBody = z.object({ roomId: z.string().max(64) });
export const moved = z.object({ id: z.string(), room: z.string() });
export const testBody = z.object({
  phase: z.enum(['site', 'home']).optional(),
  day: z.number().int(),
  result: z.enum(['negative', 'positive']),
  testedAt: instantSchema.optional(),
});
export type TestInput = z.input<typeof testBody>;
export const releaseBody = z.object({ override: z.boolean().optional(), reason: z.string().max(300).optional() });
export type ReleaseInput = z.input<typeof releaseBody>;
export const released = z.object({ id: z.string(), releasedAt: z.string(), override: z.boolean() });

// ---- health checks and site tasks ------------------------------------------------------

export const checkBody = z.object({
  temperature: z.number(),
  symptoms: z.array(z.string()).optional(),
  mentalSupport: z.boolean().optional(),
  needs: z.string().max(300).optional(),
  date: z.string().optional(),
});
export type CheckInput = z.input<typeof checkBody>;
const taskKind = z.enum(['fever', 'missed_check', 'mental_support', 'needs']);
export const checkRecorded = z.object({ placementId: z.string(), date: z.string(), fever: z.boolean(), tasks: z.array(taskKind) });
export type CheckRecorded = z.infer<typeof checkRecorded>;

export const healthCheck = z.object({
  id: z.string(),
  placementId: z.string(),
  checkDate: z.string(),
  temperature: z.number(),
  symptoms: z.array(z.string()),
  mentalSupport: z.boolean(),
  needs: z.string().nullable(),
  recordedBy: z.string(),
  at: z.string(),
});
export type HealthCheck = z.infer<typeof healthCheck>;
export const healthCheckList = z.object({ items: z.array(healthCheck) });

export const taskListQuery = z.object({ facilityId: z.string().optional(), status: z.enum(['open', 'done']).optional() });
export const siteTask = z.object({
  id: z.string(),
  kind: taskKind,
  day: z.string(),
  detail: z.string().nullable(),
  status: z.enum(['open', 'done']),
  createdAt: z.string(),
  placementId: z.string(),
  facilityId: z.string(),
  facility: z.string(),
  room: z.string().nullable(),
  /** Masked. */
  name: z.string(),
});
export type SiteTask = z.infer<typeof siteTask>;
export const siteTaskList = z.object({ items: z.array(siteTask) });

/** A site's day of health checks (the check page shows who is done and who is left): the local date and the placements checked on it. */
export const checkedToday = z.object({
  date: z.string(),
  checked: z.array(z.object({ placementId: z.string(), temperature: z.number(), at: z.string() })),
});
export type CheckedToday = z.infer<typeof checkedToday>;
export const taskClosed = z.object({ id: z.string(), status: z.literal('done') });

// ---- capacity and projection -------------------------------------------------------------

export const capacityQuery = z.object({ area: areaCodeSchema.optional() });
export const capacityFacility = facility.pick({ id: true, name: true, type: true, mode: true, areaCode: true, activationHours: true }).extend(roomCounts.shape);
export type CapacityFacility = z.infer<typeof capacityFacility>;
export const capacityByType = z.object({
  type: facilityType,
  facilities: z.number(),
  roomsTotal: z.number(),
  roomsOccupied: z.number(),
  roomsFree: z.number(),
  activatable24h: z.number(),
  activatable48h: z.number(),
  activatable72h: z.number(),
});
export type CapacityByType = z.infer<typeof capacityByType>;
export const capacityBoard = z.object({
  facilities: z.array(capacityFacility),
  byType: z.array(capacityByType),
  population: z.number(),
  quarantineRooms: z.number(),
  roomsPer10k: z.number(),
  standardPer10k: z.number(),
});
export type CapacityBoard = z.infer<typeof capacityBoard>;

export const projectionQuery = z.object({
  area: areaCodeSchema.optional(),
  days: z.coerce.number().int().min(1).max(60).optional(),
  doublingDays: z.coerce.number().positive().optional(),
  contactsPerCase: z.coerce.number().min(0).optional(),
  dailyCases: z.coerce.number().min(0).optional(),
});
export type ProjectionQuery = z.infer<typeof projectionQuery>;
export const projectionDay = z.object({
  day: z.number(),
  date: z.string(),
  existing: z.number(),
  pending: z.number(),
  projected: z.number(),
  demand: z.number(),
  capacity: z.number(),
  shortfall: z.number(),
});
export type ProjectionDay = z.infer<typeof projectionDay>;
export const projection = z.object({
  params: z.object({ doublingDays: z.number(), contactsPerCase: z.number(), dailyCasesNow: z.number(), stayDays: z.number() }),
  days: z.array(projectionDay),
});
export type Projection = z.infer<typeof projection>;
