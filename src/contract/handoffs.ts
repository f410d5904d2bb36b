/**
 * The hand-off contract (移交/协办, DESIGN.md: one contract): the inbox an area reads of what other
 * areas' work handed to it, and its acknowledge/done actions. The server validates and serialises
 * with these schemas (unknown keys stripped); the web imports the types. JSON keys are camelCase;
 * the CLI's `epigrid handoffs list --json` keeps its own output.
 */
import { z } from 'zod';
import { areaCodeSchema } from '../server/http/schemas';

/** What kinds of hand-off exist; the web shows each in the receiving area's words. */
export const handoffKinds = [
  'contact_elsewhere',
  'venue_visitor',
  'assist_match',
  'person_moved',
  'placement_elsewhere',
  'sampled_elsewhere',
  // Another area tried to register or import a resident of yours (they may have moved there):
  // the claiming area is told only that it cannot register them; the home area decides.
  'claimed_elsewhere',
  // A positive in-stay test at a quarantine site: to the site's area and the resident's home area.
  'stay_positive',
  // A sentinel in another area (a pharmacy, a fever clinic) reported a resident of yours on its line list:
  // the home area sees them tested by the deadline.
  'sentinel_report',
] as const;
export type HandoffKind = (typeof handoffKinds)[number];

export const handoffStatuses = ['open', 'acknowledged', 'done'] as const;
export type HandoffStatus = (typeof handoffStatuses)[number];

export const handoffListQuery = z.object({
  area: areaCodeSchema.optional(),
  /** `pending`: everything not yet done (open or acknowledged), the inbox's default view. */
  status: z.enum(['pending', ...handoffStatuses]).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export const handoffActionParams = z.object({ id: z.string().max(64), action: z.enum(['acknowledge', 'done']) });
export const handoffActionBody = z.object({ note: z.string().max(2000).optional() }).optional();

export const handoffSchema = z.object({
  id: z.string(),
  /** The receiving area (the person's or record's home area). */
  areaCode: z.string(),
  kind: z.string(),
  personId: z.string().nullable(),
  subjectType: z.string(),
  subjectId: z.string(),
  fromAreaCode: z.string().nullable(),
  message: z.string(),
  status: z.enum(handoffStatuses),
  createdBy: z.string(),
  createdAt: z.string(),
  actedBy: z.string().nullable(),
  actedAt: z.string().nullable(),
  note: z.string().nullable(),
  /** In the inbox list only, and only while the person is within the reader's scope; masked. */
  person: z.object({ id: z.string(), nameMasked: z.string(), idNumberMasked: z.string() }).nullable().optional(),
});
export const handoffPageSchema = z.object({
  items: z.array(handoffSchema),
  nextCursor: z.string().nullable(),
  /** The zone instants are shown in (EPIGRID_TZ), so the inbox shows the command centre's time. */
  timeZone: z.string(),
});

export type Handoff = z.infer<typeof handoffSchema>;
export type HandoffPage = z.infer<typeof handoffPageSchema>;
