import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { lockForSerialWrite } from '../../db/dialect';
import type { DB } from '../../db/schema';
import type { DomainError } from '../../errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { noteRevealLimited, REVEAL_ACTION, revealRefusal, revealWindow } from './reveal-limit';

/**
 * A person's phone in clear, read inside the caller's transaction (after the caller's own access
 * check): counted against the hourly reveal limit and audited as a reveal of the phone, with where
 * it was asked from in `details`. Answers the refusal instead when the limit is reached.
 */
export async function readPhoneAudited(
  trx: Kysely<DB>,
  ctx: AppContext,
  audit: AuditService,
  actor: Actor,
  personId: string,
  reason: string,
  details: Record<string, unknown>,
): Promise<{ refusal: DomainError } | { phone: string | null }> {
  await lockForSerialWrite(trx, ctx.dialect, 'audit_log');
  const now = ctx.clock.nowIso();
  const refusal = revealRefusal(ctx.config.revealLimitPerHour, await revealWindow(trx, actor, now), now);
  if (refusal) return { refusal };
  const p = await trx.selectFrom('persons').select(['id', 'area_code', 'phone_enc']).where('id', '=', personId).executeTakeFirstOrThrow();
  await audit.append(
    {
      actor,
      action: REVEAL_ACTION,
      targetType: 'person',
      targetId: p.id,
      areaCode: p.area_code,
      reason: reason.trim(),
      details: { ...details, fields: ['phone'] },
    },
    trx,
  );
  return { phone: p.phone_enc ? ctx.pii.decrypt(p.phone_enc) : null };
}

/** After the transaction: a refusal is noted as a security event (in its own write) and thrown. */
export async function phoneOrRefusal(
  ctx: AppContext,
  audit: AuditService,
  actor: Actor,
  shown: { refusal: DomainError } | { phone: string | null },
): Promise<{ phone: string | null }> {
  if ('refusal' in shown) {
    await noteRevealLimited(ctx, audit, actor, shown.refusal);
    throw shown.refusal;
  }
  return { phone: shown.phone };
}
