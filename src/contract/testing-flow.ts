import { importRowErrorSchema } from './errors';
import { z } from 'zod';

/**
 * The tube's path (采 → 送 → 检 → 报) on the wire: what recording samples, sealing tubes and boxes,
 * receiving boxes, posting results and working re-checks answer, and the residents' own results
 * (`/public/results`). The sample and result upload files keep their snake_case columns.
 * (The request bodies of `POST /testing/samples`, its import and the tube seal stay in
 * testing-flow.routes.ts.)
 */

/** A rejected row of a batch or file: row number (file: line, header = 1), field, reason. */
export const rejectedRowSchema = importRowErrorSchema;
export type RejectedRow = z.infer<typeof rejectedRowSchema>;

/** A batch of samples (src/contract/sampling.ts: good rows kept, rejected rows listed, warnings, replays). */
export { ingestResultSchema, type IngestResultWire as IngestResult } from './sampling';

export const tubeResults = ['negative', 'positive', 'suspected'] as const;

/** A tube as the API shows it. */
export const tubeSchema = z.object({
  id: z.string(),
  barcode: z.string(),
  roundId: z.string(),
  siteCode: z.string(),
  poolSize: z.number().int(),
  sampleCount: z.number().int(),
  isRecheck: z.boolean(),
  status: z.string(),
  firstSampledAt: z.string(),
  sealedAt: z.string().nullable(),
  boxCode: z.string().nullable(),
  result: z.enum(tubeResults).nullable(),
  ctN: z.number().nullable(),
  ctOrf1ab: z.number().nullable(),
  labCode: z.string().nullable(),
  resultedAt: z.string().nullable(),
  resultConflict: z.boolean(),
});
export type Tube = z.infer<typeof tubeSchema>;

// ——— boxes (送) ———

export const codeParams = z.object({ code: z.string().max(64) });
export const boxCreateBody = z.object({
  code: z.string().max(64).optional(),
  roundId: z.string().max(64),
  siteCode: z.string().max(40),
  tubeBarcodes: z.array(z.string().max(64)).min(1).max(10_000),
});
export const boxSealedSchema = z.object({ code: z.string(), id: z.string(), tubes: z.number().int() });
export const handoverBody = z.object({ labCode: z.string().max(40) });
export const receiveBody = z.object({
  labCode: z.string().max(40),
  tubeBarcodes: z.array(z.string().max(64)).max(10_000).optional(),
  count: z.number().int().min(0).max(100_000).optional(),
});
/** A lab receipt: the scanned tubes against the box's list; any difference is flagged, never dropped. */
export const receiptSchema = z.object({
  code: z.string(),
  expected: z.number().int(),
  received: z.number().int(),
  missing: z.array(z.string()),
  extra: z.array(z.string()),
  flagged: z.boolean(),
});
export type Receipt = z.infer<typeof receiptSchema>;

export const boxSchema = z.object({
  id: z.string(),
  code: z.string(),
  roundId: z.string(),
  siteCode: z.string(),
  tubeCount: z.number().int(),
  sealedAt: z.string(),
  handedOverAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  labCode: z.string().nullable(),
  receivedCount: z.number().int().nullable(),
  /** What differed at receipt (expected, received, missing, extra), as recorded. */
  discrepancy: z.object({ expected: z.number().int(), received: z.number().int(), missing: z.array(z.string()), extra: z.array(z.string()) }).nullable(),
});
export type Box = z.infer<typeof boxSchema>;
export const boxListSchema = z.object({ items: z.array(boxSchema) });

// ——— results (检) ———

export const resultInput = z.object({
  tubeBarcode: z.string().max(64),
  result: z.string().max(20),
  ctN: z.number().nullable().optional(),
  ctOrf1ab: z.number().nullable().optional(),
  testedAt: z.string().max(40),
  labCode: z.string().max(40),
});
export const resultsBody = z.object({ results: z.array(resultInput).min(1).max(20_000) });

/** A batch of results: positive or suspected pools start 单管复核 for each member; a different second result is a conflict, kept aside. */
export const resultsOutcomeSchema = z.object({
  accepted: z.number().int(),
  unchanged: z.number().int(),
  conflicts: z.array(z.object({ row: z.number().int(), tube: z.string(), kept: z.string(), received: z.string() })),
  rejected: z.array(rejectedRowSchema),
  positivePools: z.array(z.string()),
  rechecksCreated: z.number().int(),
});
export type ResultsOutcome = z.infer<typeof resultsOutcomeSchema>;

// ——— re-checks (单管复核, 报) ———

export const recheckStatuses = ['to_locate', 'located', 'resampled', 'negative', 'positive'] as const;
export const rechecksQuery = z.object({ overdue: z.enum(['true', 'false']).optional() });
export const locateBody = z.object({ note: z.string().max(200).optional() });
export const resampleBody = z.object({ tubeBarcode: z.string().max(64), siteCode: z.string().max(40), labCode: z.string().max(40).optional() });

/** One person of a positive pool to find, re-sample and result, each step against its deadline. */
export const recheckSchema = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  controlStatus: z.string(),
  poolTube: z.string(),
  status: z.enum(recheckStatuses),
  /** The grid worker named when the pool turned positive, else the grid's grid worker now. */
  owner: z.string().nullable(),
  areaCode: z.string(),
  address: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  createdAt: z.string(),
  locateDeadline: z.string(),
  resultDeadline: z.string(),
  locatedAt: z.string().nullable(),
  resampledAt: z.string().nullable(),
  resultedAt: z.string().nullable(),
  singleTube: z.string().nullable(),
  overdue: z.boolean(),
});
export type Recheck = z.infer<typeof recheckSchema>;
export const recheckListSchema = z.object({ items: z.array(recheckSchema) });

// ——— residents' own results (public) ———

export const codeRequestBody = z.object({ idNumber: z.string().min(5).max(30) });
export const codeSentSchema = z.object({ sent: z.literal(true) });
/** What a resident sees: a pooled positive is "recheck_pending" until their own single tube is back. */
export const ownResultsSchema = z.object({
  /** Their 居民码 payload (EGRC1…, see sampling.ts): shown as a QR to scan at a sampling site. */
  residentCode: z.string(),
  name: z.string(),
  /** The zone the times are shown in (EPIGRID_TZ): the public page has no session to learn it from. */
  timeZone: z.string(),
  results: z.array(
    z.object({
      collectedAt: z.string(),
      result: z.enum(['pending', 'negative', 'positive', 'suspected', 'recheck_pending']),
      resultedAt: z.string().nullable(),
    }),
  ),
});
export type OwnResults = z.infer<typeof ownResultsSchema>;
