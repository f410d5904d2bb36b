import { z } from 'zod';
import { areaCodeSchema, instantSchema } from '../server/http/schemas';
import { gridPropertiesSchema } from './areas';
import { featureCollectionSchema } from './geojson';

/**
 * Mass testing (采送检报, `/testing/*`), shared by server and web: rounds, sampling sites, labs and
 * what is read of a round (missing people, repeats, timing, sites' pace, capacity plan, overdue
 * high-risk jobs). The tube's path (samples, boxes, results, re-checks) and the residents' own
 * results are in testing-flow.ts, re-exported here. HTTP JSON is camelCase; the CSV files
 * (`missing.csv`, sample and result uploads) and the CLI's `--json` keep their snake_case names.
 */
export * from './testing-flow';
export { coverageSchema, type Coverage, type CoverageArea } from './coverage';

const areaCode = areaCodeSchema;
const siteCode = z.string().max(40);

export const roundPurposes = ['area_wide', 'key_groups', 'routine'] as const;
export const exemptionReasons = ['bedridden', 'away', 'infant', 'other'] as const;
export const roundStatuses = ['open', 'closed'] as const;

export const idParams = z.object({ id: z.string().max(64) });
export const tagParams = z.object({ tag: z.string().max(40) });

// ——— rounds ———

export const roundCreateBody = z.object({
  areas: z.array(areaCode).min(1).max(200),
  name: z.string().max(100).optional(),
  purpose: z.enum(roundPurposes).optional(),
  poolSize: z.number().int().optional(),
  startsAt: instantSchema.optional(),
  deadline: instantSchema.optional(),
  locateMinutes: z.number().int().positive().max(100_000).optional(),
  resultMinutes: z.number().int().positive().max(100_000).optional(),
});
export type RoundCreate = z.infer<typeof roundCreateBody>;

export const roundListQuery = z.object({
  status: z.enum(roundStatuses).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** A new round and its target: every registered person of its areas. */
export const roundCreatedSchema = z.object({ id: z.string(), target: z.number().int() });

export const roundSchema = z.object({
  id: z.string(),
  name: z.string(),
  purpose: z.string(),
  /** The round's area codes. */
  scope: z.array(z.string()),
  poolSize: z.number().int(),
  startsAt: z.string(),
  deadline: z.string(),
  status: z.enum(roundStatuses),
  /** Minutes a re-check has to find its person (落地), and to have its result. */
  locateMinutes: z.number().int(),
  resultMinutes: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  /** When the round was closed (null while open); it can be reopened for a while after (docs/testing.md). */
  closedAt: z.string().nullable(),
});
export type Round = z.infer<typeof roundSchema>;
/** Reopening a round and taking back an exemption both need a reason (kept in the audit entry). */
export const undoReasonBody = z.object({ reason: z.string().max(200) });
export const exemptionPersonParams = z.object({ id: z.string().max(64), personId: z.string().max(64) });
export const roundPageSchema = z.object({ items: z.array(roundSchema), nextCursor: z.string().nullable() });

export const exemptionBody = z.object({ personId: z.string().max(64), reason: z.enum(exemptionReasons), note: z.string().max(200).optional() });
/** A 免采 record as the round's list shows it: masked, with who recorded it and when. */
export const exemptionSchema = z.object({
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  areaCode: z.string(),
  reason: z.enum(exemptionReasons),
  note: z.string().nullable(),
  recordedBy: z.string(),
  at: z.string(),
});
export type Exemption = z.infer<typeof exemptionSchema>;
export const exemptionListSchema = z.object({ items: z.array(exemptionSchema) });

// ——— reading a round ———

export const coverageQuery = z.object({ area: areaCode.optional() });
export const areaQuery = z.object({ area: areaCode });
export const missingQuery = z.object({
  area: areaCode,
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** `GET …/coverage.geojson`: the round's grids under an area with their coverage (0–1), for the map. */
export const coveragePropertiesSchema = gridPropertiesSchema.extend({ target: z.number().int(), sampled: z.number().int(), coverage: z.number() });
export type CoverageProperties = z.infer<typeof coveragePropertiesSchema>;
export const coverageCollectionSchema = featureCollectionSchema(coveragePropertiesSchema);

/** Someone registered in the area and not yet sampled (应采未采), masked. */
export const missingPersonSchema = z.object({
  id: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  areaCode: z.string(),
  address: z.string().nullable(),
  controlStatus: z.string(),
  /** The grid worker answering for the person's grid (who must go and find them), when one is named. */
  owner: z.string().nullable(),
});
export type MissingPerson = z.infer<typeof missingPersonSchema>;
export const missingPageSchema = z.object({ items: z.array(missingPersonSchema), nextCursor: z.string().nullable() });

/** The missing list's CSV columns (integration contract). */
export const missingCsvColumns = ['name', 'id_number_masked', 'phone_masked', 'area_code', 'address'] as const;
/** The same columns as a person reads them (`?lang=zh`, what the web's 导出 button asks for); scripts keep the default names. */
export const missingCsvColumnsZh = ['姓名', '证件号（脱敏）', '手机号（脱敏）', '区域编码', '住址'] as const;
export const missingCsvQuery = z.object({ area: areaCode, lang: z.enum(['zh', 'en']).optional() });

/** Someone sampled more than once in the round (counted once). */
export const repeatSchema = z.object({ id: z.string(), name: z.string(), idNumberMasked: z.string(), samples: z.number().int(), firstAt: z.string() });
export type Repeat = z.infer<typeof repeatSchema>;
export const repeatListSchema = z.object({ items: z.array(repeatSchema) });

/** Minutes a step took over the round's first-pass tubes (null: no tube went through it yet). */
export const stepStatSchema = z.object({ count: z.number().int(), medianMin: z.number().nullable(), p95Min: z.number().nullable() });
export type StepStat = z.infer<typeof stepStatSchema>;
export const timingSteps = ['seal', 'box', 'handover', 'transport', 'test', 'total'] as const;
export type TimingStep = (typeof timingSteps)[number];
const stepStats = z.object({
  seal: stepStatSchema,
  box: stepStatSchema,
  handover: stepStatSchema,
  transport: stepStatSchema,
  test: stepStatSchema,
  total: stepStatSchema,
});
/** 以效率倒逼饱和度: per step, per lab, and the slowest tubes. */
export const timingSchema = z.object({
  steps: stepStats,
  labs: z.array(stepStats.extend({ lab: z.string() })),
  slowest: z.array(z.object({ tube: z.string(), lab: z.string().nullable(), totalMin: z.number().nullable() })),
});
export type Timing = z.infer<typeof timingSchema>;

/** A site's pace in the round: live rate over the last hour and the expected finish of the people left in its area. */
export const sitePaceSchema = z.object({
  code: z.string(),
  name: z.string(),
  areaCode: z.string(),
  teams: z.number().int(),
  ratePerTeamHour: z.number().int(),
  liveRatePerHour: z.number().int(),
  remaining: z.number().int(),
  expectedFinish: z.string(),
});
export const sitePaceListSchema = z.object({ items: z.array(sitePaceSchema) });

export const planQuery = z.object({ prevalence: z.coerce.number().min(0).max(1).optional(), hoursPerDay: z.coerce.number().min(1).max(24).optional() });
export const poolSizeQuery = z.object({ prevalence: z.coerce.number().min(0).max(1) });

/** Dorfman pooling: the pool size with the fewest tests per person, and the table it was chosen from. */
export const poolSuggestionSchema = z.object({
  poolSize: z.number().int(),
  testsPerPerson: z.number(),
  table: z.array(z.object({ poolSize: z.number().int(), testsPerPerson: z.number() })),
});
export type PoolSuggestion = z.infer<typeof poolSuggestionSchema>;

/** When the round finishes and which link is the bottleneck; hours are null when nothing can do the work (no site or no lab). */
export const capacityPlanSchema = z.object({
  round: z.string(),
  poolSize: z.number().int(),
  remaining: z.number().int(),
  samplingPerHour: z.number(),
  tubes: z.number().int(),
  recheckTubes: z.number().int(),
  samplingHours: z.number().nullable(),
  labHours: z.number().nullable(),
  finishHours: z.number().nullable(),
  bottleneck: z.enum(['sampling', 'laboratory']),
  suggestion: poolSuggestionSchema,
});
export type CapacityPlan = z.infer<typeof capacityPlanSchema>;

// ——— sites, labs, postings ———

export const siteCreateBody = z.object({
  code: siteCode,
  name: z.string().max(100).optional(),
  area: areaCode,
  teams: z.number().int().max(1000).optional(),
  rate: z.number().int().max(100_000).optional(),
  opens: z.string().max(8).optional(),
  closes: z.string().max(8).optional(),
});
export const labCreateBody = z.object({
  code: siteCode,
  name: z.string().max(100).optional(),
  area: areaCode,
  dailyCapacity: z.number().int().positive().max(100_000_000),
});
export const createdSchema = z.object({ id: z.string() });

export const samplingSiteSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  areaCode: z.string(),
  teams: z.number().int(),
  ratePerTeamHour: z.number().int(),
  opens: z.string(),
  closes: z.string(),
  createdAt: z.string(),
});
export type SamplingSite = z.infer<typeof samplingSiteSchema>;
export const samplingSiteListSchema = z.object({ items: z.array(samplingSiteSchema) });

export const labSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  areaCode: z.string(),
  dailyCapacity: z.number().int(),
  createdAt: z.string(),
});
export type Lab = z.infer<typeof labSchema>;
export const labListSchema = z.object({ items: z.array(labSchema) });

/** The sampling sites and labs the caller is posted to (work-site access), by code. */
export const postingsSchema = z.object({ samplingSites: z.array(z.string()), labs: z.array(z.string()) });
export type Postings = z.infer<typeof postingsSchema>;

// ——— testing frequency per tag (加密检测频次) ———

export const overdueQuery = z.object({ area: areaCode, tag: z.string().max(40).optional() });

/** A high-risk job holder tested less often than the rule of their tag. */
export const overduePersonSchema = z.object({
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  tag: z.string(),
  intervalDays: z.number().int(),
  lastSampled: z.string().nullable(),
  daysOverdue: z.number().int(),
});
export type OverduePerson = z.infer<typeof overduePersonSchema>;
export const overdueListSchema = z.object({ items: z.array(overduePersonSchema) });

export const frequencyRuleSchema = z.object({ tag: z.string(), intervalDays: z.number().int() });
export type FrequencyRule = z.infer<typeof frequencyRuleSchema>;
export const frequencyRuleListSchema = z.object({ items: z.array(frequencyRuleSchema) });
/** null removes the tag's rule. */
export const frequencyRuleBody = z.object({ intervalDays: z.number().int().nullable() });
