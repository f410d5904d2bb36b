/**
 * The population registry contract (`/people/*`): control statuses and tags, search, the person
 * page, register, change, move, reveal, merge and import results. Declared by the server's routes
 * (responses serialised through these schemas), imported as types by the web; keys are camelCase.
 * The CSV columns of imports and exports are their own contract (snake_case, docs/registry.md).
 */
import { z } from 'zod';
import { importRowErrorSchema } from './errors';
import { areaCodeSchema } from '../server/http/schemas';

/**
 * A person's control status (管控状态). It changes only through PeopleService.changeControlStatus,
 * which records who, when, why and on what evidence.
 */
export const controlStatuses = [
  'none', // 无管控
  'temporary_control', // 临时管控 (member of a positive/suspected pool, awaiting 单管复核)
  'case_candidate', // 疑似病例 (positive single tube, awaiting case confirmation)
  'case', // 病例 (confirmed or asymptomatic)
  'close_contact', // 密接
  'secondary_contact', // 次密接
  'spacetime_companion', // 时空伴随
  'arrival_control', // 风险地区来返人员管控
  'centralised_quarantine', // 集中隔离
  'home_quarantine', // 居家隔离
  'home_monitoring', // 居家健康监测
  'hospitalised', // 定点医院 / 方舱 收治
] as const;
export type ControlStatus = (typeof controlStatuses)[number];

/** Tag codes shared by the registry, testing frequency rules and the demo city. */
export const personTags = [
  'cold_chain',
  'port',
  'transport_station',
  'medical',
  'delivery',
  'driver',
  'quarantine_staff',
  'special_household',
  'returning_worker',
  'risk_area_arrival',
] as const;
export type PersonTag = (typeof personTags)[number];

export const personIdParam = z.object({ id: z.string().max(64) });

export const peopleSearchQuery = z.object({
  q: z.string().max(50).optional(),
  area: z
    .string()
    .regex(/^\d{2,18}$/)
    .optional(),
  controlStatus: z.enum(controlStatuses).optional(),
  tag: z.enum(personTags).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type PeopleSearchQuery = z.input<typeof peopleSearchQuery>;
export const peopleExportQuery = peopleSearchQuery
  .omit({ cursor: true, limit: true })
  .extend({ format: z.enum(['csv', 'xlsx']).default('csv'), lang: z.enum(['zh', 'en']).optional() });
/** The export's columns (docs/registry.md; scripts read these names). */
export const peopleExportColumns = [
  'id_number_masked',
  'name',
  'sex',
  'birth_date',
  'phone_masked',
  'area_code',
  'grid_code',
  'address',
  'household',
  'tags',
  'control_status',
] as const;
/** The same columns as a person reads them (`?lang=zh`, what the web's 导出 asks for when its language is Chinese). */
export const peopleExportColumnsZh = [
  '证件号（脱敏）',
  '姓名',
  '性别',
  '出生日期',
  '手机号（脱敏）',
  '区域编码',
  '网格编码',
  '住址',
  '户号',
  '标签',
  '管控状态',
] as const;

/** How a person appears in lists and answers: identifiers masked, tags as a list. */
export const person = z.object({
  id: z.string(),
  name: z.string(),
  sex: z.enum(['M', 'F', 'U']),
  birthDate: z.string().nullable(),
  docType: z.enum(['resident_id', 'passport', 'other']),
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  areaCode: z.string(),
  gridCode: z.string().nullable(),
  householdCode: z.string().nullable(),
  address: z.string().nullable(),
  tags: z.array(z.string()),
  controlStatus: z.enum(controlStatuses),
  controlChangedAt: z.string().nullable(),
  vaccineDates: z.array(z.string()),
});
export type Person = z.infer<typeof person>;

export const peoplePage = z.object({
  items: z.array(person),
  nextCursor: z.string().nullable(),
  /** How `q` was read: 'id_number', 'phone', 'name' or 'area'. */
  matchedBy: z.string(),
});
export type PeoplePage = z.infer<typeof peoplePage>;

export const personCreateBody = z.object({
  idNumber: z.string(),
  docType: z.enum(['resident_id', 'passport', 'other']).optional(),
  name: z.string(),
  sex: z.enum(['M', 'F', 'U']).optional(),
  birthDate: z.string().optional(),
  phone: z.string().optional(),
  areaCode: z.string(),
  address: z.string().max(200).optional(),
  householdCode: z.string().max(30).optional(),
  tags: z.array(z.string()).optional(),
  vaccineDates: z.array(z.string()).optional(),
});
export type PersonCreate = z.input<typeof personCreateBody>;

export const personPatchBody = z
  .object({
    name: z.string().max(50).optional(),
    phone: z.string().max(20).nullable().optional(),
    address: z.string().max(200).nullable().optional(),
    householdCode: z.string().max(30).nullable().optional(),
    tags: z.array(z.string().max(40)).max(20).optional(),
    vaccineDates: z.array(z.string().max(10)).max(10).optional(),
    /** Refused with a field error: the area changes only by a move (POST /people/:id/move). */
    areaCode: z.unknown().optional(),
  })
  .strict();
export type PersonPatch = z.input<typeof personPatchBody>;

export const personMoveBody = z.object({ toArea: areaCodeSchema, reason: z.string().min(2).max(200) });
export type PersonMove = z.input<typeof personMoveBody>;
export const personMergeBody = z.object({ keepId: z.string(), mergeId: z.string(), reason: z.string().min(1) });
export const personAnswer = z.object({ person });

export const revealBody = z.object({ reason: z.string().min(2).max(200) });
/** Identifiers in clear (needs pii:reveal; each view audited). */
export const revealed = z.object({ idNumber: z.string(), phone: z.string().nullable() });
export type Revealed = z.infer<typeof revealed>;
/** Only the phone in clear, from a work list; `via` names the list (kept in the audit entry). */
export const phoneRevealBody = revealBody.extend({ via: z.enum(['missing', 'recheck', 'person']).default('person') });
export const phoneRevealed = z.object({ phone: z.string().nullable() });

export const personPageAnswer = z.object({
  person,
  household: z.array(person),
  controlHistory: z.array(
    z.object({
      at: z.string(),
      from: z.enum(controlStatuses),
      to: z.enum(controlStatuses),
      reason: z.string(),
      evidenceType: z.string().nullable(),
      evidenceId: z.string().nullable(),
      actor: z.string(),
    }),
  ),
  audit: z.array(z.object({ seq: z.number(), at: z.string(), actor: z.string(), action: z.string(), reason: z.string().nullable() })),
});
export type PersonPageAnswer = z.infer<typeof personPageAnswer>;

/** A rejected row of an import file: its row number, the column and the reason. */
export const rowError = importRowErrorSchema;
export type RowError = z.infer<typeof rowError>;
export const importResult = z.object({
  accepted: z.number(),
  rejected: z.number(),
  unchanged: z.number(),
  updated: z.number(),
  errors: z.array(rowError),
  errorsTruncated: z.boolean(),
});
export type ImportResult = z.infer<typeof importResult>;
