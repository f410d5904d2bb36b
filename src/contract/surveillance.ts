/**
 * Monitoring and early warning (监测预警, issue 14 items 1, 2, 4): sentinel points, their daily
 * counts and line lists, and the signals the nightly run raises. HTTP JSON is camelCase; the CSV
 * columns and the CLI's `--json` keys keep their snake_case names (integration contracts).
 */
import { z } from 'zod';
import { areaCodeSchema, dateSchema } from '../server/http/schemas';
import { rowErrorSchema } from './owners';

/** `epigrid import sentinel-counts FILE`: one count of one indicator of one sentinel on one local date per row. */
export const sentinelCountColumns = ['sentinel_code', 'date', 'indicator', 'count'] as const;

export const sentinelCodeSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, _ . - (1–40)');
export const indicatorSchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'an indicator code such as fever_drugs');

export const sentinelTypeSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  indicators: z.array(z.string()),
  lineListHours: z.number().int(),
});
export type SentinelType = z.infer<typeof sentinelTypeSchema>;

export const sentinelCreateSchema = z.object({
  code: sentinelCodeSchema,
  type: z.string().min(1).max(40),
  areaCode: areaCodeSchema,
  name: z.string().min(1).max(100).optional(),
  ownerName: z.string().min(1).max(60).optional(),
  ownerPhone: z.string().max(20).optional(),
  indicators: z.array(indicatorSchema).min(1).max(20).optional(),
  /** WGS-84 degrees, both or neither (without them the map draws the sentinel at its area's centroid). */
  lng: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
});
export type SentinelCreate = z.infer<typeof sentinelCreateSchema>;

export const sentinelSchema = z.object({
  id: z.string(),
  code: z.string(),
  type: z.string(),
  name: z.string(),
  areaCode: z.string(),
  ownerName: z.string().nullable(),
  ownerPhoneMasked: z.string().nullable(),
  indicators: z.array(z.string()),
  lineListHours: z.number().int(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
});
export type Sentinel = z.infer<typeof sentinelSchema>;

/** Today's state of a sentinel on the map: an alarm (a raised signal of the latest detection days) wins over reported. */
export const sentinelMapStatuses = ['alarm', 'reported', 'not_reported'] as const;
export type SentinelMapStatus = (typeof sentinelMapStatuses)[number];
export const sentinelMapSchema = z.object({
  date: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      name: z.string(),
      type: z.string(),
      areaCode: z.string(),
      lng: z.number(),
      lat: z.number(),
      /** `own`: the sentinel's coordinates; `centroid`: its area's. */
      placed: z.enum(['own', 'centroid']),
      status: z.enum(sentinelMapStatuses),
    }),
  ),
  /** Sentinels in scope with neither coordinates nor an area centroid (not drawn). */
  unplaced: z.number().int(),
});
export type SentinelMap = z.infer<typeof sentinelMapSchema>;

export const countInputSchema = z.object({
  sentinelCode: sentinelCodeSchema,
  date: z.string().max(10),
  indicator: z.string().max(40),
  // Checked row by row by the service (a bad row never drops the good ones): any number here.
  count: z.number(),
});
export const countBatchSchema = z.object({ counts: z.array(countInputSchema).min(1).max(5000) });

/** Both the CSV import and the API batch keep their good rows; `errors` lists the rejected ones. */
export const countResultSchema = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(rowErrorSchema),
});
export type CountResult = z.infer<typeof countResultSchema>;

/** The phone page: today's counts of one sentinel. */
export const phoneReportSchema = z.object({
  sentinelCode: sentinelCodeSchema,
  counts: z.record(indicatorSchema, z.number()).refine((r) => Object.keys(r).length > 0 && Object.keys(r).length <= 20, 'give 1–20 indicators'),
});

export const notReportedSchema = z.object({
  date: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      name: z.string(),
      type: z.string(),
      areaCode: z.string(),
      ownerName: z.string().nullable(),
      ownerPhoneMasked: z.string().nullable(),
      lastReported: z.string().nullable(),
    }),
  ),
});

export const revealSchema = z.object({ reason: z.string().min(2).max(200) });

export const lineReportInputSchema = z.object({
  sentinelCode: sentinelCodeSchema,
  people: z
    .array(z.object({ idNumber: z.string().min(1).max(40), reason: indicatorSchema }))
    .min(1)
    .max(500),
});
export const lineReportResultSchema = z.object({
  accepted: z.number().int(),
  matched: z.number().int(),
  handedOff: z.number().int(),
  errors: z.array(rowErrorSchema),
});

export const lineReportSchema = z.object({
  id: z.string(),
  sentinelCode: z.string(),
  sentinelAreaCode: z.string(),
  personId: z.string().nullable(),
  homeAreaCode: z.string().nullable(),
  idNumberMasked: z.string(),
  reason: z.string(),
  reportedAt: z.string(),
  testDeadline: z.string(),
  testedAt: z.string().nullable(),
  positiveAt: z.string().nullable(),
});
export type LineReport = z.infer<typeof lineReportSchema>;

export const signalSchema = z.object({
  id: z.string(),
  areaCode: z.string(),
  sentinelId: z.string().nullable(),
  sentinelCode: z.string().nullable(),
  indicator: z.string(),
  periodDate: z.string(),
  observed: z.number(),
  expected: z.number().nullable(),
  threshold: z.number().nullable(),
  method: z.string(),
  evidence: z.unknown(),
  createdAt: z.string(),
  suppressed: z.string().nullable(),
});
export type Signal = z.infer<typeof signalSchema>;

export const signalListQuery = z.object({
  area: areaCodeSchema.optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  suppressed: z.enum(['raised', 'suppressed', 'all']).default('raised'),
});

export const budgetRateSchema = z.object({
  minCount: z.number().int(),
  repeatWindowDays: z.number().int(),
  weeklyBudget: z.number(),
  areas: z.array(z.object({ areaCode: z.string(), raisedLast7Days: z.number().int(), suppressedLast7Days: z.number().int() })),
});

export const runResultSchema = z.object({
  date: z.string(),
  series: z.number().int(),
  alarms: z.number().int(),
  raised: z.number().int(),
  suppressed: z.number().int(),
  ms: z.number(),
});
export type RunResult = z.infer<typeof runResultSchema>;

export const chartQuery = z.object({
  sentinel: sentinelCodeSchema.optional(),
  area: areaCodeSchema.optional(),
  indicator: indicatorSchema,
  to: dateSchema.optional(),
  days: z.coerce.number().int().min(14).max(400).default(60),
});
export const chartSchema = z.object({
  method: z.string(),
  points: z.array(
    z.object({
      date: z.string(),
      observed: z.number(),
      expected: z.number().nullable(),
      threshold: z.number().nullable(),
      alarm: z.boolean(),
    }),
  ),
  signals: z.array(z.object({ id: z.string(), periodDate: z.string(), suppressed: z.string().nullable() })),
});
export type Chart = z.infer<typeof chartSchema>;

export const detectorConfigSchema = z.object({
  sentinelType: z.string().min(1).max(40),
  indicator: z.string().min(1).max(40),
  control: z.record(z.string().max(40), z.unknown()),
});
