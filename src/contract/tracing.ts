/**
 * The tracing contract (流调溯源, DESIGN.md: one contract): what each `/api/v1/tracing` route takes
 * and answers. The server validates requests and serialises answers with these schemas (keys not
 * named here are stripped, so a new column never leaks by accident); the web imports the inferred
 * types. JSON keys are camelCase; CSV columns and the CLI's `--json` keys keep their snake_case
 * names (docs/tracing.md: integration contract) and are not described here.
 */
import { z } from 'zod';
import { rejectedRowSchema } from './tracing-field';

// The field-work answers (协查 notices, arrivals) and their vocabulary live in tracing-field.ts;
// the vocabulary and request schemas of the rest in tracing-requests.ts.
export * from './tracing-field';
export * from './tracing-requests';

import { caseTypes, contactClasses, contactStatuses, foundByValues, spanKinds } from './tracing-requests';

const cls = z.enum(contactClasses);
const nullableString = z.string().nullable();

// ---- answers: venues and check-ins ------------------------------------------------------------

export const venueSchema = z.object({ code: z.string(), name: z.string(), type: z.string(), areaCode: z.string(), isKey: z.boolean(), createdAt: z.string() });
export const venuePageSchema = z.object({ items: z.array(venueSchema), nextCursor: nullableString });
export const venueImportSchema = z.object({ accepted: z.number(), rejected: z.array(rejectedRowSchema) });
export const checkinOutcomeSchema = z.object({
  accepted: z.number(),
  duplicates: z.number(),
  /** Scans naming a person nobody registered (kept apart, masked). */
  unknownPeople: z.number(),
  unknownVenues: z.number(),
  rejected: z.array(rejectedRowSchema),
});
export const unmatchedScanSchema = z.object({
  id: z.string(),
  idNumberMasked: z.string(),
  venueCode: z.string(),
  scannedAt: z.string(),
  reason: z.string(),
  createdAt: z.string(),
});
export const unmatchedScansSchema = z.object({ items: z.array(unmatchedScanSchema) });

export type Venue = z.infer<typeof venueSchema>;
export type CheckinOutcome = z.infer<typeof checkinOutcomeSchema>;
export type UnmatchedScan = z.infer<typeof unmatchedScanSchema>;

// ---- answers: cases ---------------------------------------------------------------------------

/** The 24-hour clock: due 24 h after first report; done when the investigation is marked complete. */
export const caseClockSchema = z.object({ due: z.string(), done: z.boolean(), overdue: z.boolean(), hoursElapsed: z.number() });
export const contactCountsSchema = z.object({ candidates: z.number(), confirmed: z.number(), elsewhere: z.number() });

/**
 * A case as stored. `sourceCaseId` and `clusterId` are null when they name a case the reader may not
 * read (another area's); `sourceElsewhere` then says the source exists.
 */
export const caseSchema = z.object({
  id: z.string(),
  code: z.string(),
  personId: z.string(),
  areaCode: z.string(),
  type: z.enum(caseTypes),
  foundBy: z.enum(foundByValues),
  insideControl: z.boolean(),
  onsetDate: nullableString,
  samplingDate: nullableString,
  reportedAt: z.string(),
  lookbackStart: z.string(),
  investigationDoneAt: nullableString,
  sourceCaseId: nullableString,
  clusterId: nullableString,
  createdBy: z.string(),
  createdAt: z.string(),
});

export const caseListItemSchema = z.object({
  id: z.string(),
  code: z.string(),
  type: z.enum(caseTypes),
  foundBy: z.enum(foundByValues),
  insideControl: z.boolean(),
  areaCode: z.string(),
  onsetDate: nullableString,
  samplingDate: nullableString,
  reportedAt: z.string(),
  investigationDoneAt: nullableString,
  clusterId: nullableString,
  sourceCaseId: nullableString,
  sourceElsewhere: z.boolean(),
  /** Masked. */
  name: z.string(),
  idNumberMasked: z.string(),
  clock: caseClockSchema,
  contacts: contactCountsSchema,
});
export const caseListSchema = z.object({ items: z.array(caseListItemSchema) });

export const spanSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  kind: z.enum(spanKinds),
  source: z.enum(['checkin', 'interview']),
  venueCode: nullableString,
  /** The place's area (anywhere the case went), not the case's. */
  areaCode: nullableString,
  place: nullableString,
  startsAt: z.string(),
  endsAt: z.string(),
  peopleMet: nullableString,
  transport: nullableString,
  isPublic: z.boolean(),
  createdAt: z.string(),
});

/** The case's own person (reading the case is reading them). */
export const casePersonSchema = z.object({
  id: z.string(),
  name: z.string(),
  sex: z.string(),
  birthDate: nullableString,
  docType: z.string(),
  idNumberMasked: z.string(),
  phoneMasked: nullableString,
  areaCode: z.string(),
  gridCode: nullableString,
  householdCode: nullableString,
  address: nullableString,
  tags: z.array(z.string()),
  controlStatus: z.string(),
  controlChangedAt: nullableString,
  vaccineDates: z.array(z.string()),
});

export const caseDetailSchema = caseSchema.extend({
  sourceElsewhere: z.boolean(),
  person: casePersonSchema,
  clock: caseClockSchema,
  trajectory: z.array(spanSchema),
});

export const publicNoticeSchema = z.object({
  case: z.string(),
  who: z.string(),
  type: z.enum(caseTypes),
  reportedAt: z.string(),
  places: z.array(z.object({ from: z.string(), to: z.string(), place: z.string() })),
});

/** What made a person 疑似病例: a positive single-tube re-check, an in-stay test at a site, a landing test, or another report. */
export const candidateSources = ['recheck', 'stay_test', 'landing_test', 'other'] as const;
export const caseCandidatesSchema = z.object({
  items: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      idNumberMasked: z.string(),
      areaCode: z.string(),
      since: nullableString,
      source: z.enum(candidateSources),
      /** The 发现途径 the case will be reported with (screening, contact management, landing test). */
      foundBy: z.enum(foundByValues),
    }),
  ),
});

export type CaseClock = z.infer<typeof caseClockSchema>;
export type Case = z.infer<typeof caseSchema>;
export type CaseListItem = z.infer<typeof caseListItemSchema>;
export type Span = z.infer<typeof spanSchema>;
export type CaseDetail = z.infer<typeof caseDetailSchema>;
export type PublicNotice = z.infer<typeof publicNoticeSchema>;
export type CaseCandidate = z.infer<typeof caseCandidatesSchema>['items'][number];

// ---- answers: contacts ------------------------------------------------------------------------

/** A contact as stored (the answer to adding one by hand). */
export const contactSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  personId: z.string(),
  /** The contact's person's home area, which works the contact. */
  areaCode: z.string(),
  class: cls,
  status: z.enum(contactStatuses),
  source: z.enum(['copresence', 'household', 'manual']),
  viaContactId: nullableString,
  venueCode: nullableString,
  overlapStart: nullableString,
  overlapEnd: nullableString,
  minutes: z.number(),
  gapMinutes: z.number(),
  note: nullableString,
  decidedBy: nullableString,
  decidedAt: nullableString,
  createdAt: z.string(),
});

/** A contact in lists: with the case's code and the person masked. */
export const contactListItemSchema = contactSchema.omit({ createdAt: true }).extend({
  caseCode: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  phoneMasked: nullableString,
  controlStatus: z.string(),
  /** Under 14 today (birth date from the ID number): placed or transferred only with an adult of the household or a named guardian/carer. */
  minor: z.boolean(),
});
export const contactPageSchema = z.object({
  items: z.array(contactListItemSchema),
  nextCursor: nullableString,
  /** With `caseId`: how many of the case's contacts live outside the reader's scope (handed off). */
  elsewhere: z.number().optional(),
});
export const contactsElsewhereSchema = z.object({ items: z.array(contactListItemSchema) });

/** A close-contact candidate found by co-presence, in the caller's scope (masked). */
export const candidateSchema = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  status: z.enum(contactStatuses),
  class: cls,
  /** Empty for household members (次密接 at home). */
  venueCode: z.string(),
  overlapStart: z.string(),
  overlapEnd: z.string(),
  minutes: z.number(),
  gapMinutes: z.number(),
  scans: z.number(),
});
/** Candidates in the caller's scope by name; those living elsewhere handed off to their areas, as a count. */
export const traceOutcomeSchema = z.object({ items: z.array(candidateSchema), handedOff: z.number() });
export const secondaryOutcomeSchema = z.object({
  household: z.number(),
  copresence: z.number(),
  handedOff: z.number(),
  candidates: z.array(candidateSchema),
});
export const contactDecisionSchema = z.object({ id: z.string(), status: z.enum(contactStatuses), class: cls });
export const contactBulkDecisionSchema = z.object({ items: z.array(contactDecisionSchema) });
export const contactProblemSchema = z.object({ contactId: z.string(), code: z.string(), reason: z.string() });
export const contactPlaceOutcomeSchema = z.object({
  placed: z.array(z.object({ placementId: z.string(), personId: z.string(), facilityId: z.string(), room: z.string().nullable(), siteEnd: z.string() })),
  /** Contacts not placed and why (NOT_CONFIRMED, NOT_PLACED_CLASS, ALREADY_PLACED, NO_ROOM_FREE, NEEDS_GUARDIAN). */
  problems: z.array(contactProblemSchema),
});
export const contactTransferOutcomeSchema = z.object({ items: z.array(z.object({ id: z.string(), status: z.string() })) });
export type ContactPlaceOutcome = z.infer<typeof contactPlaceOutcomeSchema>;

export type Contact = z.infer<typeof contactSchema>;
export type ContactListItem = z.infer<typeof contactListItemSchema>;
export type ContactPage = z.infer<typeof contactPageSchema>;
export type Candidate = z.infer<typeof candidateSchema>;
export type TraceOutcome = z.infer<typeof traceOutcomeSchema>;
export type SecondaryOutcome = z.infer<typeof secondaryOutcomeSchema>;

// ---- answers: chains --------------------------------------------------------------------------

export const clustersSchema = z.object({
  items: z.array(z.object({ clusterId: z.string(), firstCase: z.string(), cases: z.number(), firstReported: z.string() })),
});
export const chainNodeSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['case', 'close', 'secondary', 'companion', 'elsewhere']),
  caseCode: z.string().optional(),
  areaCode: z.string().optional(),
  /** For kind 'elsewhere': the case's confirmed contacts living in other areas, as one node with their count. */
  count: z.number().optional(),
});
export const chainEdgeSchema = z.object({
  source: z.string(),
  target: z.string(),
  kind: z.enum(['infected', 'close', 'secondary', 'companion', 'elsewhere']),
});
export const chainGraphSchema = z.object({ nodes: z.array(chainNodeSchema), edges: z.array(chainEdgeSchema) });

export type Cluster = z.infer<typeof clustersSchema>['items'][number];
export type ChainGraph = z.infer<typeof chainGraphSchema>;
