/**
 * The sampling contract (采): what a scanning device or the scan page posts and what it is told
 * back, shared by server and web. JSON keys are camelCase; the row errors name the CSV column
 * (`id_number`, `resident_code`, …) because the same answer serves the CSV upload.
 */
import { importRowErrorSchema } from './errors';
import { z } from 'zod';
import { areaCodeSchema, instantSchema } from '../server/http/schemas';

/**
 * 居民码 / 核酸码: the payload of the QR code EpiGrid issues to a person (docs/testing.md,
 * "Resident code"). `EGRC1.<person id>.<signature>`: version, the person's id (a UUID, not an ID
 * number), and 22 characters of a keyed HMAC that only the server holding the PII key can make.
 * A scanner may deliver it bare or inside a URL; the token is found wherever it stands.
 */
export const RESIDENT_CODE_VERSION = 'EGRC1';
export const residentCodeToken = /EGRC1\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])/;

/** A tube barcode: 4–40 letters, digits or `-` (what the tubes' labels carry). */
export const tubeBarcodePattern = /^[A-Za-z0-9-]{4,40}$/;

/** A client-made id of one scan (UUID or similar): a re-sent scan with the same id creates nothing. */
export const clientIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, _ or -')
  .optional();

/** One sample: who (an ID number or a resident code), which tube, where and when. */
export const sampleRowSchema = z.object({
  roundId: z.string().max(64),
  tubeBarcode: z.string().max(64),
  /** The person's document number, as typed or scanned from the ID card. */
  idNumber: z.string().max(40).optional(),
  /** Or the 居民码 QR payload EpiGrid issued (one of idNumber / residentCode per row). */
  residentCode: z.string().max(400).optional(),
  siteCode: z.string().max(40),
  collectedAt: z.string().max(40),
  collector: z.string().max(100).optional(),
  clientId: clientIdSchema,
});
export type SampleRow = z.infer<typeof sampleRowSchema>;

export const samplesBodySchema = z.object({ samples: z.array(sampleRowSchema).min(1).max(20_000) });

const rowNote = importRowErrorSchema;
/** A refused row; `code` where the page acts on it (`not_registered`: offer 现场登记). */
const rejectedRow = rowNote.extend({ code: z.enum(['not_registered']).optional() });

/** Why a row was kept with a warning (not refused). */
export const sampleWarningCodes = ['already_sampled'] as const;
export const sampleWarningSchema = rowNote.extend({ code: z.enum(sampleWarningCodes) });
export type SampleWarning = z.infer<typeof sampleWarningSchema>;

/**
 * The answer to a batch. The batch keeps its good rows: `rejected` lists the others by row
 * (1-based within the batch, or the file's line) with the column and reason; `warnings` lists kept
 * rows worth a look (the person was already sampled in this round); `replayed` counts rows whose
 * clientId was already recorded (a re-sent batch: nothing created again).
 */
export const ingestResultSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  replayed: z.number().int(),
  sampledTwice: z.number().int(),
  outsideTarget: z.number().int(),
  rejected: z.array(rejectedRow),
  warnings: z.array(sampleWarningSchema),
  tubesSealed: z.array(z.string()),
  /**
   * Device batches are settled into coverage by a job within seconds (false: `outsideTarget` is
   * counted then, 0 here); the scan page's, files' and walk-ins' with the batch (true).
   */
  settled: z.boolean(),
});
export type IngestResultWire = z.infer<typeof ingestResultSchema>;

/**
 * 现场登记: someone not in the registry, registered at the site with their sample in one
 * transaction. `areaCode` is where they live (any area of the city); outside the site's area,
 * that area is told by hand-off.
 */
export const walkInBodySchema = z.object({
  roundId: z.string().max(64),
  siteCode: z.string().max(40),
  tubeBarcode: z.string().max(64),
  collectedAt: instantSchema,
  clientId: clientIdSchema,
  person: z.object({
    idNumber: z.string().min(5).max(40),
    name: z.string().min(1).max(50),
    phone: z.string().max(20).optional(),
    areaCode: areaCodeSchema,
    address: z.string().max(200).optional(),
  }),
});
export type WalkInBody = z.infer<typeof walkInBodySchema>;

export const walkInResultSchema = z.object({
  /** True when this call registered the person; false when they were registered already (or by a replay). */
  registered: z.boolean(),
  /** Masked, as the scan list shows it. */
  idNumberMasked: z.string(),
  /** Their 居民码 payload, to show as a QR for next time — only when this call registered them. */
  residentCode: z.string().nullable(),
  /** The home area was told (outside the site's area). */
  handedOff: z.boolean(),
  sample: ingestResultSchema,
});
export type WalkInResult = z.infer<typeof walkInResultSchema>;
