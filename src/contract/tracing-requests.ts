/**
 * The tracing contract's vocabulary and request schemas (what each `/api/v1/tracing` route takes);
 * re-exported by tracing.ts, which holds the answers.
 */
import { z } from 'zod';
import { areaCodeSchema, dateSchema, instantSchema, pageLimitSchema } from '../server/http/schemas';
import { controlStatuses } from '../server/modules/people/control-status';
import { careFields } from './quarantine';
import { arrivalMeasures, noticeStatuses, riskLevels } from './tracing-field';

// ---- vocabulary -------------------------------------------------------------------------------

export const caseTypes = ['confirmed', 'asymptomatic'] as const;
export const foundByValues = ['screening', 'fever_clinic', 'contact_management', 'arrival_test', 'self_report'] as const;
export const spanKinds = ['venue', 'address', 'transport', 'other'] as const;
export const contactClasses = ['close', 'secondary', 'companion'] as const;
export const contactStatuses = ['candidate', 'confirmed', 'dismissed'] as const;

const cls = z.enum(contactClasses);
const risk = z.enum(riskLevels);
const bool = z.enum(['true', 'false']);

// ---- requests ---------------------------------------------------------------------------------

export const idParams = z.object({ id: z.string() });
export const spanParams = z.object({ id: z.string(), spanId: z.string() });
export const levelParams = z.object({ level: risk });

export const venueListQuery = z.object({ area: areaCodeSchema.optional(), q: z.string().optional(), cursor: z.string().optional(), limit: pageLimitSchema });
export const checkinBatchBody = z.object({
  checkins: z
    .array(z.object({ idNumber: z.string(), venueCode: z.string(), scannedAt: z.string() }))
    .min(1)
    .max(50_000),
});
export const newCaseBody = z.object({
  idNumber: z.string().optional(),
  personId: z.string().optional(),
  type: z.enum(caseTypes).optional(),
  foundBy: z.enum(foundByValues).optional(),
  insideControl: z.boolean().optional(),
  onsetDate: dateSchema.optional(),
  samplingDate: dateSchema.optional(),
  reportedAt: instantSchema.optional(),
  sourceCaseId: z.string().optional(),
});
export const caseListQuery = z.object({ area: areaCodeSchema.optional(), before: z.string().optional(), limit: pageLimitSchema });
export const newSpanBody = z.object({
  kind: z.enum(spanKinds).optional(),
  venueCode: z.string().optional(),
  areaCode: areaCodeSchema.optional(),
  place: z.string().max(200).optional(),
  startsAt: z.string(),
  endsAt: z.string(),
  peopleMet: z.string().max(500).optional(),
  transport: z.string().max(200).optional(),
  isPublic: z.boolean().optional(),
});
export const newContactBody = z.object({
  idNumber: z.string().optional(),
  personId: z.string().optional(),
  class: cls.optional(),
  note: z.string().max(300).optional(),
  metAt: z.string().optional(),
});
export const contactListQuery = z.object({
  caseId: z.string().optional(),
  status: z.enum(contactStatuses).optional(),
  class: cls.optional(),
  area: areaCodeSchema.optional(),
  cursor: z.string().optional(),
  limit: pageLimitSchema,
});
export const contactDecisionBody = z.object({ decision: z.enum(['confirm', 'dismiss']), class: cls.optional(), reason: z.string().max(300).optional() });
export const chainQuery = z.object({ cluster: z.string().optional() });
/** `chains.csv`: `lang=zh` gives Chinese column headers (the web asks so when its language is Chinese); scripts keep the default. */
export const chainCsvQuery = chainQuery.extend({ lang: z.enum(['zh', 'en']).optional() });
export const chainCsvColumns = ['from', 'to', 'link'] as const;
export const chainCsvColumnsZh = ['来源', '去向', '关系'] as const;

/** Work on selected contacts (issue 12): by contact id, never an ID number. */
const contactIds = z.array(z.string()).min(1).max(500);
/** Bulk confirm/dismiss: all-or-nothing (one contact not yours refuses the batch). */
export const contactBulkDecisionBody = contactDecisionBody.extend({ ids: contactIds });
/** 安排隔离 for confirmed contacts: keeps its good rows (problems per contact). */
export const contactPlaceBody = z.object({ contactIds, facilityId: z.string().optional(), ...careFields });
/** 转运 for confirmed contacts: all-or-nothing, like every transfer request. */
export const contactTransferBody = z.object({ contactIds, toFacilityId: z.string(), deadlineHours: z.number().positive().max(72).optional(), ...careFields });

export const noticeBatchBody = z.object({
  area: areaCodeSchema,
  notices: z
    .array(
      z.object({
        name: z.string(),
        idNumber: z.string().optional(),
        phone: z.string().optional(),
        reason: z.string(),
        issuer: z.string(),
        deadline: z.string(),
      }),
    )
    .min(1)
    .max(10_000),
});
export const areaQuery = z.object({ area: areaCodeSchema });
export const noticeListQuery = z.object({
  status: z.enum(noticeStatuses).optional(),
  overdue: bool.optional(),
  area: areaCodeSchema.optional(),
  cursor: z.string().optional(),
  limit: pageLimitSchema,
});
export const noticeMatchBody = z.object({ personId: z.string() });
export const noticeStatusBody = z.object({
  status: z.enum(['located', 'controlled', 'not_found', 'not_ours']),
  note: z.string().max(300).optional(),
  measure: z.enum(controlStatuses).optional(),
});

export const arrivalRuleBody = z.object({ measure: z.enum(arrivalMeasures), landingTestHours: z.number().int() });
export const newArrivalBody = z.object({
  idNumber: z.string(),
  name: z.string().optional(),
  phone: z.string().optional(),
  areaCode: areaCodeSchema.optional(),
  origin: z.string(),
  riskLevel: risk,
  arrivedAt: z.string(),
  checkpoint: z.string(),
  truckDriver: z.boolean().optional(),
});
export const arrivalListQuery = z.object({
  area: areaCodeSchema.optional(),
  pendingTest: bool.optional(),
  truckDrivers: bool.optional(),
  before: z.string().optional(),
  limit: pageLimitSchema,
});
export const landingTestBody = z.object({ result: z.enum(['negative', 'positive']), testedAt: z.string().optional() });

export const backtraceQuery = z.object({
  venueCode: z.string().optional(),
  idNumber: z.string().optional(),
  personId: z.string().optional(),
  from: z.string(),
  to: z.string(),
  cursor: z.string().optional(),
  limit: pageLimitSchema,
});
export const visitorsHandoffBody = z.object({ venueCode: z.string(), from: z.string(), to: z.string() });

export type NewCaseBody = z.infer<typeof newCaseBody>;
export type NewSpanBody = z.infer<typeof newSpanBody>;
export type NewContactBody = z.infer<typeof newContactBody>;
export type ContactDecisionBody = z.infer<typeof contactDecisionBody>;
export type ContactBulkDecisionBody = z.infer<typeof contactBulkDecisionBody>;
export type ContactPlaceBody = z.input<typeof contactPlaceBody>;
export type ContactTransferBody = z.input<typeof contactTransferBody>;
export type NewArrivalBody = z.infer<typeof newArrivalBody>;
export type VisitorsHandoffBody = z.infer<typeof visitorsHandoffBody>;
