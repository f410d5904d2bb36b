/**
 * The alerts contract (多点触发 and triage, docs/alerts.md): trigger rules, alerts, their evidence
 * and triage steps. HTTP JSON is camelCase; `epigrid alert list --json` keeps its documented
 * snake_case keys (alerts.commands.ts).
 */
import { z } from 'zod';
import { areaCodeSchema } from '../server/http/schemas';

/** The channels a trigger rule can combine. A new channel: its name here and its SELECT in alerts/channels.ts. */
export const channelNames = ['positive_pool', 'positive_single', 'case_outside_control', 'arrival_positive', 'instay_positive', 'sentinel_signal'] as const;
export type ChannelName = (typeof channelNames)[number];
export const grades = ['red', 'orange', 'yellow', 'blue'] as const;
export type Grade = (typeof grades)[number];
export const alertStatuses = ['new', 'verifying', 'discarded', 'monitoring', 'escalated'] as const;
export type AlertStatus = (typeof alertStatuses)[number];
/** Levels a rule groups records by (the area of that level each record lies in). */
export const ruleLevels = ['district', 'street', 'community', 'grid'] as const;
export type RuleLevel = (typeof ruleLevels)[number];
/** Triage actions and the status each leads to. */
export const triageActions = { verify: 'verifying', discard: 'discarded', monitor: 'monitoring', escalate: 'escalated' } as const;
export type TriageAction = keyof typeof triageActions;

const idSchema = z.string().min(1).max(64);
const instant = z.string();

// ---- alerts ---------------------------------------------------------------------------------

export const alertIdParams = z.object({ id: idSchema });
export const alertListQuery = z.object({
  status: z.enum(alertStatuses).optional(),
  grade: z.enum(grades).optional(),
  area: areaCodeSchema.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const triageBody = z.object({ note: z.string().trim().min(1, 'a note is required').max(2000) });

export const alertSchema = z.object({
  id: z.string(),
  code: z.string(),
  grade: z.enum(grades),
  ruleCode: z.string(),
  ruleName: z.string(),
  areaCode: z.string(),
  areaName: z.string().nullable(),
  status: z.enum(alertStatuses),
  firstAt: instant,
  lastAt: instant,
  records: z.number(),
  channels: z.array(z.string()),
  raisedAt: instant,
  dueAt: instant,
  verifiedAt: instant.nullable(),
  /** Not yet given a verdict and past its due time. */
  overdue: z.boolean(),
});
export type Alert = z.infer<typeof alertSchema>;

/** "% verified within 48 h": of the alerts raised at least 48 h ago (last 90 days), those given a verdict within 48 h. */
export const triageStatsSchema = z.object({
  raised: z.number(),
  eligible48h: z.number(),
  verifiedWithin48h: z.number(),
  pctVerifiedWithin48h: z.number().nullable(),
  open: z.number(),
  overdue: z.number(),
});
export type TriageStats = z.infer<typeof triageStatsSchema>;
export const alertListSchema = z.object({ items: z.array(alertSchema), stats: triageStatsSchema });
export type AlertList = z.infer<typeof alertListSchema>;

export const evidenceItemSchema = z.object({
  channel: z.string(),
  recordId: z.string(),
  subjectId: z.string(),
  areaCode: z.string(),
  occurredAt: instant,
  joinedAt: instant,
  /** What the record is, in codes and figures (a sentinel signal: sentinel · indicator · day · observed > threshold · method); null when the channel has none. */
  summary: z.string().nullable(),
});
export const alertStepSchema = z.object({
  fromStatus: z.enum(alertStatuses),
  toStatus: z.enum(alertStatuses),
  actorName: z.string(),
  note: z.string(),
  at: instant,
});
export const alertDetailSchema = alertSchema.extend({
  /** The contributing records the reader may read, oldest first. */
  evidence: z.array(evidenceItemSchema),
  /** Contributing records the reader may not read, counted per channel. */
  hidden: z.array(z.object({ channel: z.string(), count: z.number() })),
  steps: z.array(alertStepSchema),
  /** What the reader may do next. */
  actions: z.array(z.enum(['verify', 'discard', 'monitor', 'escalate'])),
});
export type AlertDetail = z.infer<typeof alertDetailSchema>;

// ---- trigger rules -------------------------------------------------------------------------

export const ruleIdParams = z.object({ id: idSchema });
const ruleFields = {
  name: z.string().trim().min(1).max(80),
  channels: z
    .array(z.enum(channelNames))
    .min(1)
    .max(channelNames.length)
    .refine((a) => new Set(a).size === a.length, 'channels must not repeat'),
  minChannels: z.number().int().min(1).max(channelNames.length),
  minRecords: z.number().int().min(1).max(1000),
  windowHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  /** The rule's reach; null/absent = the whole city (needs a city-scoped role). */
  areaCode: areaCodeSchema.nullable(),
  /** Group by the area of this level; null = the reach is the one area. */
  level: z.enum(ruleLevels).nullable(),
  grade: z.enum(grades),
  dueHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 7),
  enabled: z.boolean(),
};
export const ruleCreateBody = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'lower-case letters, digits and dashes, 2–40'),
  ...ruleFields,
  areaCode: ruleFields.areaCode.optional(),
  level: ruleFields.level.optional(),
  minRecords: ruleFields.minRecords.optional(),
  dueHours: ruleFields.dueHours.optional(),
  enabled: ruleFields.enabled.optional(),
});
export type RuleCreate = z.infer<typeof ruleCreateBody>;
export const ruleUpdateBody = z.object(ruleFields).partial();
export type RuleUpdate = z.infer<typeof ruleUpdateBody>;

export const ruleSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  channels: z.array(z.string()),
  minChannels: z.number(),
  minRecords: z.number(),
  windowHours: z.number(),
  areaCode: z.string().nullable(),
  level: z.enum(ruleLevels).nullable(),
  grade: z.enum(grades),
  dueHours: z.number(),
  enabled: z.boolean(),
  updatedBy: z.string(),
  updatedAt: instant,
  /** May the reader change it (city-wide rules need a city-scoped role). */
  editable: z.boolean(),
});
export type Rule = z.infer<typeof ruleSchema>;
export const ruleListSchema = z.object({ items: z.array(ruleSchema) });
