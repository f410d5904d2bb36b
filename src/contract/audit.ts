/**
 * The audit contract (`/audit`, `/audit/verify`): the trail within the caller's scope and the
 * hash-chain check. Declared by the server's routes, imported as types by the web; keys are camelCase.
 * `details` is the entry's stored record, as written when the change was made (hash-chained, never rewritten).
 */
import { z } from 'zod';

export const auditListQuery = z.object({
  cursor: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  action: z.string().optional(),
  targetId: z.string().optional(),
});
export type AuditListQuery = z.input<typeof auditListQuery>;

export const auditEntry = z.object({
  seq: z.number(),
  at: z.string(),
  actorName: z.string(),
  action: z.string(),
  /** `type:id` of the record changed, or null. */
  target: z.string().nullable(),
  areaCode: z.string().nullable(),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;
export const auditPage = z.object({ items: z.array(auditEntry), nextCursor: z.string().nullable() });

export const breakCodes = ['gap', 'link', 'content', 'legacy_after_keyed', 'checkpoint_mismatch', 'truncated', 'checkpoint_forged'] as const;
/** One break, or a run of consecutive entries with the same problem (`seq`..`toSeq`). */
export const chainBreak = z.object({ code: z.enum(breakCodes), seq: z.number(), toSeq: z.number(), problem: z.string() });
export type ChainBreak = z.infer<typeof chainBreak>;

/** GET /audit/verify: every break, not just the first, and the signed checkpoints the chain was held against. */
export const auditVerify = z.object({
  ok: z.boolean(),
  entries: z.number(),
  brokenEntries: z.number(),
  legacyEntries: z.number(),
  keyedFrom: z.number().nullable(),
  head: z.object({ seq: z.number(), hash: z.string() }).nullable(),
  breaks: z.array(chainBreak),
  breakRuns: z.number(),
  checkpoints: z.object({
    file: z.string(),
    found: z.boolean(),
    valid: z.number(),
    forged: z.number(),
    last: z.object({ seq: z.number(), at: z.string() }).nullable(),
  }),
  /** The first break, as the single-break answer of old gave it. */
  seq: z.number().optional(),
  problem: z.string().optional(),
});
export type AuditVerify = z.infer<typeof auditVerify>;
