/**
 * The duty-roster contract (值班值守, `/roster/*`): rotations, scheduled changes, covers and
 * swaps, the coverage check, who is on duty now, shifts for the calendar. Keys are camelCase.
 */
import { z } from 'zod';
import { areaCodeSchema, instantSchema } from '../server/http/schemas';

const id = z.string().min(1).max(64);
const shift = z.string().regex(/^\d{1,3}(h|d|w|mo)$/, 'must be a shift length such as 8h, 12h, 24h, 1d, 1w or 1mo');
const weekdays = z.array(z.number().int().min(1).max(7)).max(7);
const note = z.string().trim().max(500).optional();

export const rosterGroupQuery = z.object({ group: id.optional(), area: areaCodeSchema.optional() });
export const rosterCheckQuery = rosterGroupQuery.extend({ days: z.coerce.number().int().min(1).max(92).default(14) });
export const rosterShiftsQuery = rosterGroupQuery.extend({ from: instantSchema.optional(), days: z.coerce.number().int().min(1).max(31).default(7) });

export const rotationBody = z.object({
  groupId: id,
  name: z.string().trim().max(80).optional(),
  startsAt: instantSchema,
  endsAt: instantSchema.nullable().optional(),
  shift,
  /** ISO weekdays 1 (Mon) … 7 (Sun) the rotation runs on; empty or absent: every day. */
  weekdays: weekdays.optional(),
  members: z.array(id).min(1).max(100),
});
export const changeBody = z.object({
  effectiveFrom: instantSchema,
  shift: shift.optional(),
  weekdays: weekdays.optional(),
  members: z.array(id).min(1).max(100).optional(),
});
export const coverBody = z.object({ groupId: id, userId: id, replacesUserId: id.nullable().optional(), from: instantSchema, to: instantSchema, note });
export const swapBody = z.object({ groupId: id, aUserId: id, aAt: instantSchema, bUserId: id, bAt: instantSchema, note });

export const created = z.object({ id: z.string() });
export const swapped = z.object({ swapId: z.string(), overrides: z.array(z.string()) });

export const rosterGap = z.object({
  group: z.string(),
  groupCode: z.string(),
  groupName: z.string(),
  areaCode: z.string(),
  from: z.string(),
  to: z.string(),
  minutes: z.number(),
});
export const rosterCheck = z.object({
  from: z.string(),
  to: z.string(),
  days: z.number(),
  uncoveredMinutes: z.number(),
  gaps: z.array(rosterGap),
  groups: z.array(
    z.object({ group: z.string(), code: z.string(), name: z.string(), areaCode: z.string(), rotations: z.number(), uncoveredMinutes: z.number() }),
  ),
});
export type RosterCheck = z.infer<typeof rosterCheck>;

export const onDuty = z.object({
  group: z.string(),
  groupCode: z.string(),
  groupName: z.string(),
  areaCode: z.string(),
  userId: z.string().nullable(),
  name: z.string().nullable(),
  since: z.string().nullable(),
  until: z.string().nullable(),
  source: z.enum(['override', 'rotation', 'lead', 'nobody']),
  note: z.string().nullable(),
});
export const onDutyList = z.object({ items: z.array(onDuty) });
export type OnDuty = z.infer<typeof onDuty>;

export const rosterShift = z.object({
  group: z.string(),
  userId: z.string(),
  name: z.string(),
  from: z.string(),
  to: z.string(),
  rotationId: z.string().nullable(),
  overrideId: z.string().nullable(),
  kind: z.enum(['rotation', 'cover', 'swap']),
  replaces: z.string().nullable(),
  replacesName: z.string().nullable(),
});
export const rosterShiftList = z.object({ items: z.array(rosterShift) });
export type RosterShift = z.infer<typeof rosterShift>;

const person = z.object({ userId: z.string(), name: z.string() });
export const rotation = z.object({
  id: z.string(),
  group: z.string(),
  name: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  shift: z.string(),
  weekdays: z.array(z.number()),
  members: z.array(person),
  changes: z.array(
    z.object({ effectiveFrom: z.string(), shift: z.string().nullable(), weekdays: z.array(z.number()).nullable(), members: z.array(person).nullable() }),
  ),
});
export const rotationList = z.object({ items: z.array(rotation) });
export type Rotation = z.infer<typeof rotation>;
