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

export const auditVerify = z.union([
  z.object({ ok: z.literal(true), entries: z.number() }),
  z.object({ ok: z.literal(false), entries: z.number(), seq: z.number(), problem: z.string() }),
]);
export type AuditVerify = z.infer<typeof auditVerify>;
