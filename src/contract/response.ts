/**
 * The response-command contract (应急处置, `/incidents`, `/plans`, `/tasks`, `/work-groups`,
 * `/response/inbox`): incidents, plans as data, tasks, notices, work groups and timeliness.
 * Declared by the server's routes, imported as types by the web; keys are camelCase.
 */
import { z } from 'zod';
import { areaCodeSchema, instantSchema, pageLimitSchema } from '../server/http/schemas';

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);

export const idParam = z.object({ id });
export const codeParam = z.object({ code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a plan code (a-z, 0-9, -)') });

/** The four standing work groups of a command centre (003). */
export const workGroupCodes = ['tracing', 'testing', 'quarantine', 'supervision'] as const;
export type WorkGroupCode = (typeof workGroupCodes)[number];
/** Owner rules a task template may name. */
export const ownerRules = ['duty', 'grid_worker', 'group_lead', 'on_duty'] as const;
/** Rules under which EpiGrid closes a task itself from the data. */
export const autoCloseRules = ['contacts_placed', 'round_coverage'] as const;
export const escalationTargets = ['owner', 'group_lead', 'command_centre'] as const;
export const incidentSources = ['alert', 'tube', 'case', 'manual'] as const;
export const incidentLinkKinds = ['case', 'round', 'placement', 'zone'] as const;

// ---- plans (shape only: plan-rules.ts checks keys, cycles, deadlines and duties, naming the field)
export const taskTemplate = z.object({
  key: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'must be a key (a-z, 0-9, _ -)'),
  action: text(200),
  group: z.enum(workGroupCodes).nullable().default(null),
  owner: z.object({ rule: z.enum(ownerRules), duty: z.string().max(40).optional() }),
  /** Deadline as T0 + this many hours. */
  dueHours: z.number().min(-1000).max(8760),
  /** Timeliness mark the task counts towards (e.g. '2h', '4h', '5h', '24h'). */
  mark: z.string().max(20).nullable().default(null),
  dependsOn: z.array(z.string().max(40)).max(50).default([]),
  autoClose: z.enum(autoCloseRules).nullable().default(null),
});
export type TaskTemplate = z.infer<typeof taskTemplate>;

export const escalationStep = z.object({
  to: z.enum(escalationTargets),
  /** Minutes after the deadline. */
  afterMinutes: z.number().int().min(0).max(10080),
  /** Repeat this step every N minutes, `repeats` more times. */
  repeatMinutes: z.number().int().min(1).max(10080).optional(),
  repeats: z.number().int().min(0).max(20).default(0),
});
export type EscalationStep = z.infer<typeof escalationStep>;

export const planTrigger = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }),
  z.object({
    kind: z.literal('alert'),
    /** Alert grades that activate it (empty: any grade). */
    grades: z.array(z.string().max(40)).max(20).default([]),
    /** Alert rules that activate it (empty: any rule). */
    rules: z.array(z.string().max(80)).max(50).default([]),
  }),
]);

export const planDefinition = z.object({
  code: codeParam.shape.code,
  name: text(200),
  trigger: planTrigger,
  escalation: z
    .object({
      /** A "due soon" notice this many minutes before each deadline. */
      dueSoonMinutes: z.number().int().min(0).max(1440).default(30),
      steps: z.array(escalationStep).max(10),
    })
    .default({ dueSoonMinutes: 30, steps: [] }),
  tasks: z.array(taskTemplate).min(1).max(200),
});
export type PlanDefinition = z.infer<typeof planDefinition>;
export type PlanDefinitionInput = z.input<typeof planDefinition>;

export const planSummary = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  trigger: planTrigger,
  tasks: z.number(),
  version: z.number(),
  updatedAt: z.string(),
});
export const planList = z.object({ items: z.array(planSummary) });
export const planFull = z.object({ id: z.string(), version: z.number(), updatedAt: z.string(), definition: planDefinition });
export type PlanFull = z.infer<typeof planFull>;
export const planImported = z.object({ id: z.string(), code: z.string(), tasks: z.number(), version: z.number() });
export const deadlinesBody = z.object({
  deadlines: z
    .array(z.object({ key: z.string().max(40), dueHours: z.number().min(-1000).max(8760) }))
    .min(1)
    .max(200),
});

// ---- incidents
export const incidentStatus = z.enum(['open', 'closed']);
export const incidentCreateBody = z.object({
  name: text(80),
  /** Required unless opened from a tube or a case (their area is used). */
  areaCode: areaCodeSchema.optional(),
  grade: z.string().max(40).optional(),
  t0: instantSchema.optional(),
  /** Open from a positive single tube (by barcode) or a case (by id): T0, area and links from the record. */
  fromTube: z.string().max(64).optional(),
  fromCase: id.optional(),
});
export type IncidentCreate = z.infer<typeof incidentCreateBody>;
export const incidentListQuery = z.object({ status: incidentStatus.optional(), area: areaCodeSchema.optional(), limit: pageLimitSchema });

export const incident = z.object({
  id: z.string(),
  name: z.string(),
  areaCode: z.string(),
  grade: z.string().nullable(),
  status: incidentStatus,
  t0: z.string(),
  openedFrom: z.enum(incidentSources),
  sourceId: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  tasksOpen: z.number(),
  tasksOverdue: z.number(),
});
export type Incident = z.infer<typeof incident>;
export const incidentList = z.object({ items: z.array(incident) });
export const incidentLink = z.object({ kind: z.enum(incidentLinkKinds), refId: z.string(), addedAt: z.string() });
export const timelineEntry = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  actor: z.string(),
  summary: z.string(),
  refType: z.string().nullable(),
  refId: z.string().nullable(),
});
export const incidentDetail = incident.extend({ links: z.array(incidentLink), timeline: z.array(timelineEntry) });
export type IncidentDetail = z.infer<typeof incidentDetail>;
export const linkBody = z.object({ kind: z.enum(incidentLinkKinds), refId: id });
export const closeBody = z.object({ note: text(2000) });
export const activateBody = z.object({ planCode: codeParam.shape.code });

// ---- tasks
export const task = z.object({
  id: z.string(),
  incidentId: z.string(),
  planCode: z.string(),
  key: z.string(),
  action: z.string(),
  group: z.string().nullable(),
  areaCode: z.string(),
  ownerUserId: z.string().nullable(),
  owner: z.string(),
  ownerNote: z.string().nullable(),
  mark: z.string().nullable(),
  autoClose: z.string().nullable(),
  dependsOn: z.array(z.string()),
  status: z.enum(['open', 'done']),
  dueAt: z.string(),
  doneAt: z.string().nullable(),
  doneNote: z.string().nullable(),
  closedBy: z.string().nullable(),
  escalations: z.number(),
  overdue: z.boolean(),
});
export type Task = z.infer<typeof task>;
export const taskList = z.object({ items: z.array(task) });
export const activated = z.object({ created: z.number(), tasks: z.array(task) });
export const doneBody = z.object({ note: text(2000) });
export const myTasksQuery = z.object({ status: z.enum(['open', 'done']).optional(), limit: pageLimitSchema });

// ---- notices
export const inboxItem = z.object({
  id: z.string(),
  /** Null on a hand-over notice (值班交接), which concerns a shift, not a task. */
  taskId: z.string().nullable(),
  incidentId: z.string().nullable(),
  kind: z.enum(['start', 'due', 'overdue', 'escalation', 'handover']),
  title: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const inbox = z.object({ items: z.array(inboxItem), unread: z.number() });
export const inboxQuery = z.object({ unread: z.enum(['true', 'false']).optional(), limit: pageLimitSchema });

// ---- timeliness
export const timelinessMark = z.object({
  name: z.string(),
  targetH: z.number(),
  doneAt: z.string().nullable(),
  hours: z.number().nullable(),
  met: z.boolean().nullable(),
});
export const timeliness = z.object({ incidentId: z.string(), t0: z.string(), marks: z.array(timelinessMark) });
export type Timeliness = z.infer<typeof timeliness>;
export const monthlyQuery = z.object({ area: areaCodeSchema.optional(), months: z.coerce.number().int().min(1).max(36).default(12) });
export const monthly = z.object({
  items: z.array(
    z.object({
      month: z.string(),
      incidents: z.number(),
      marks: z.array(z.object({ name: z.string(), measured: z.number(), met: z.number(), share: z.number().nullable() })),
    }),
  ),
});

// ---- work groups
export const workGroupBody = z.object({ code: z.enum(workGroupCodes), name: text(80), areaCode: areaCodeSchema, leadUserId: id.nullable().optional() });
export const memberBody = z.object({ userId: id });
export const workGroup = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  areaCode: z.string(),
  leadUserId: z.string().nullable(),
  lead: z.string().nullable(),
  members: z.array(z.object({ userId: z.string(), name: z.string() })),
});
export const workGroupList = z.object({ items: z.array(workGroup) });
export const workGroupQuery = z.object({ area: areaCodeSchema.optional() });
export const workGroupSaved = z.object({ id: z.string() });
export const memberAdded = z.object({ added: z.boolean() });
export const linked = z.object({ added: z.number() });
export const inboxRead = z.object({ id: z.string(), readAt: z.string() });
/** A plan file as imported: the definition's shape is checked by plan-rules.ts, which names each bad field. */
export const planImportBody = z.record(z.string(), z.unknown()).refine((v) => JSON.stringify(v).length <= 200_000, 'plan too large (200 kB at most)');
