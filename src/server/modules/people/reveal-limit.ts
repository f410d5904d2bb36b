import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { DomainError } from '../../errors';
import type { DB } from '../../db/schema';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';

/**
 * Clear views of ID numbers and phones ("reveal") are limited per user (issue 11, finding 13: one
 * user made 300 in 0.9 s): at most `limit` in any 60 minutes. The count comes from the audit trail
 * itself (`person.pii_revealed` entries, a partial index on them), so no second counter can drift
 * from what was actually shown. Beyond the limit: 429 with Retry-After, and a security event
 * (`security.reveal_limited`, once per user per window) for the city's auditors.
 */
export const REVEAL_WINDOW_MS = 60 * 60 * 1000;
export const REVEAL_ACTION = 'person.pii_revealed';
export const REVEAL_LIMITED_ACTION = 'security.reveal_limited';

export interface RevealWindow {
  count: number;
  /** The oldest reveal still inside the window (ISO), if any. */
  oldest: string | null;
}

/** Pure: null when one more reveal is allowed, else the refusal with the seconds until the oldest one leaves the window. */
export function revealRefusal(limit: number, w: RevealWindow, now: string): DomainError | null {
  if (w.count < limit) return null;
  const free = w.oldest ? Date.parse(w.oldest) + REVEAL_WINDOW_MS : Date.parse(now) + REVEAL_WINDOW_MS;
  const retryAfterSeconds = Math.max(1, Math.ceil((free - Date.parse(now)) / 1000));
  return new DomainError('REVEAL_LIMITED', `At most ${limit} clear views of identifiers per hour; try again in ${Math.ceil(retryAfterSeconds / 60)} min`, {
    limit,
    windowMinutes: REVEAL_WINDOW_MS / 60_000,
    retryAfterSeconds,
  });
}

/** This actor's reveals in the window ending `now` (inside the caller's transaction, after it took the audit lock). */
export async function revealWindow(db: Kysely<DB>, actor: Actor, now: string): Promise<RevealWindow> {
  // Users and tokens have ids (each is limited on its own); only in-process system actors have none, and no system path reveals.
  if (actor.id === null) return { count: 0, oldest: null };
  const since = new Date(Date.parse(now) - REVEAL_WINDOW_MS).toISOString();
  const r = await db
    .selectFrom('audit_log')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
    .where('action', '=', REVEAL_ACTION)
    .where('actor_id', '=', actor.id)
    .where('at', '>', since)
    .executeTakeFirst();
  return { count: Number(r?.n ?? 0), oldest: (r?.oldest as string | null | undefined) ?? null };
}

/** Record the refusal as a security event and a warning, once per user per window (a script hammering reveal must not flood the trail). */
export async function noteRevealLimited(ctx: AppContext, audit: AuditService, actor: Actor, refusal: DomainError): Promise<void> {
  if (actor.id === null) return;
  const now = ctx.clock.nowIso();
  const since = new Date(Date.parse(now) - REVEAL_WINDOW_MS).toISOString();
  const already = await ctx.db
    .selectFrom('audit_log')
    .select('seq')
    .where('action', '=', REVEAL_LIMITED_ACTION)
    .where('actor_id', '=', actor.id)
    .where('at', '>', since)
    .limit(1)
    .executeTakeFirst();
  if (already) return;
  ctx.log.warn({ userId: actor.id, limit: refusal.details.limit }, 'reveal limit reached: clear views of identifiers refused');
  await audit.recordEvent({ actor, action: REVEAL_LIMITED_ACTION, targetType: 'user', targetId: actor.id ?? undefined, details: { ...refusal.details } });
}
