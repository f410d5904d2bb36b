/**
 * The tracing contract, field work (tracing-field.routes.ts): the answers about 协查 notices and
 * arrivals, with their vocabulary. Requests stay with the rest in tracing.ts, which re-exports this.
 */
import { importRowErrorSchema } from './errors';
import { z } from 'zod';

export const noticeStatuses = ['received', 'assigned', 'located', 'controlled', 'not_found', 'not_ours'] as const;
export const riskLevels = ['high', 'medium', 'low'] as const;
export const arrivalMeasures = ['centralised_quarantine', 'home_quarantine', 'home_monitoring', 'test_only'] as const;

const risk = z.enum(riskLevels);

/** A row refused by an import or batch: its number (1 = first data row), the column (CSV name) and why. */
export const rejectedRowSchema = importRowErrorSchema;
export type RejectedRow = z.infer<typeof rejectedRowSchema>;
const nullableString = z.string().nullable();

// ---- answers: 协查 notices ---------------------------------------------------------------------

export const noticeReceiptSchema = z.object({
  batchId: z.string(),
  accepted: z.number(),
  assigned: z.number(),
  /** Left `received` for a human to pick the person (none or several matches). */
  needsReview: z.number(),
  rejected: z.array(rejectedRowSchema),
});
export const noticeSchema = z.object({
  id: z.string(),
  batchId: z.string(),
  issuer: z.string(),
  reason: z.string(),
  /** Masked. */
  name: z.string(),
  idNumberMasked: nullableString,
  phoneMasked: nullableString,
  deadline: z.string(),
  personId: nullableString,
  /** Person ids to choose from when several matched. */
  candidates: z.array(z.string()),
  areaCode: z.string(),
  status: z.enum(noticeStatuses),
  owner: nullableString,
  receivedAt: z.string(),
  assignedAt: nullableString,
  locatedAt: nullableString,
  closedAt: nullableString,
  note: nullableString,
  overdue: z.boolean(),
  minutesLeft: z.number(),
});
export const noticePageSchema = z.object({ items: z.array(noticeSchema), nextCursor: nullableString });
export const noticesByAreaSchema = z.object({ items: z.array(z.object({ code: z.string(), open: z.number(), overdue: z.number() })) });

export type NoticeReceipt = z.infer<typeof noticeReceiptSchema>;
export type Notice = z.infer<typeof noticeSchema>;

// ---- answers: arrivals ------------------------------------------------------------------------

export const arrivalRuleSchema = z.object({ riskLevel: risk, measure: z.enum(arrivalMeasures), landingTestHours: z.number() });
export const arrivalRulesSchema = z.object({ items: z.array(arrivalRuleSchema) });
export const arrivalSchema = z.object({
  id: z.string(),
  personId: z.string(),
  areaCode: z.string(),
  origin: z.string(),
  riskLevel: risk,
  arrivedAt: z.string(),
  checkpoint: z.string(),
  isTruckDriver: z.boolean(),
  measure: z.enum(arrivalMeasures),
  landingTestDue: z.string(),
  landingTestAt: nullableString,
  landingTestResult: nullableString,
  createdBy: z.string(),
  createdAt: z.string(),
});
export const arrivalListItemSchema = arrivalSchema.extend({
  /** Masked. */
  name: z.string(),
  idNumberMasked: z.string(),
  controlStatus: z.string(),
  testOverdue: z.boolean(),
});
export const arrivalListSchema = z.object({ items: z.array(arrivalListItemSchema) });
export const landingTestSchema = z.object({ id: z.string(), landingTestAt: z.string(), result: z.enum(['negative', 'positive']) });

export type ArrivalRule = z.infer<typeof arrivalRuleSchema>;
export type Arrival = z.infer<typeof arrivalSchema>;
export type ArrivalListItem = z.infer<typeof arrivalListItemSchema>;

// ---- answers: back-tracing --------------------------------------------------------------------

/** A venue's visitors living in the caller's scope (others only counted in `elsewhere`), and where each went next. */
export const venueBacktraceSchema = z.object({
  venue: z.object({ code: z.string(), name: z.string() }),
  items: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      idNumberMasked: z.string(),
      controlStatus: z.string(),
      venueCode: z.string(),
      scannedAt: z.string(),
      nextVenue: nullableString,
      nextAt: nullableString,
    }),
  ),
  elsewhere: z.number(),
  nextCursor: nullableString,
});
/** Where a person of the caller's scope scanned, and how many others were there within the margin. */
export const personBacktraceSchema = z.object({
  person: z.object({ id: z.string(), name: z.string(), idNumberMasked: z.string() }),
  items: z.array(z.object({ venueCode: z.string(), venueName: z.string(), scannedAt: z.string(), othersWithinMargin: z.number(), nextVenue: nullableString })),
  nextCursor: nullableString,
});
export const backtraceSchema = z.union([venueBacktraceSchema, personBacktraceSchema]);
export const visitorsHandoffSchema = z.object({ handedOff: z.number(), sent: z.number() });

export type VenueBacktrace = z.infer<typeof venueBacktraceSchema>;
export type PersonBacktrace = z.infer<typeof personBacktraceSchema>;
export type Backtrace = z.infer<typeof backtraceSchema>;
