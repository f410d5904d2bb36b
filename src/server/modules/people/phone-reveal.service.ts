import type { AppContext } from '../../context';
import { lockForSerialWrite } from '../../db/dialect';
import { DomainError, validationError } from '../../errors';
import { Access, Scope } from '../access';
import { AuditService } from '../audit/audit.service';
import { can, type Actor } from '../auth/actor';
import { noteRevealLimited, REVEAL_ACTION, revealRefusal, revealWindow } from './reveal-limit';

/**
 * A resident's phone in clear, to call them from a work list (应采未采, 单管复核): only the phone,
 * never the ID number. Needs pii:reveal and the person within the caller's areas (404 otherwise);
 * each read is an audit entry in its own transaction, counted against the hourly reveal limit.
 */
export class PhoneRevealService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  async reveal(actor: Actor, personId: string, reason: string, via: string): Promise<{ phone: string | null }> {
    if (!can(actor, 'pii:reveal')) throw new DomainError('FORBIDDEN', 'Permission pii:reveal is required', { permission: 'pii:reveal' });
    if (!reason || reason.trim().length < 2) throw validationError({ reason: 'say why you need the phone (e.g. calling a resident not yet sampled)' });
    const shown = await this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, Scope.of(actor)).ensure('person', personId);
      await lockForSerialWrite(trx, this.ctx.dialect, 'audit_log');
      const now = this.ctx.clock.nowIso();
      const refusal = revealRefusal(this.ctx.config.revealLimitPerHour, await revealWindow(trx, actor, now), now);
      if (refusal) return { refusal, phone: null };
      const p = await trx.selectFrom('persons').select(['id', 'area_code', 'phone_enc']).where('id', '=', personId).executeTakeFirstOrThrow();
      await this.audit.append(
        {
          actor,
          action: REVEAL_ACTION,
          targetType: 'person',
          targetId: p.id,
          areaCode: p.area_code,
          reason: reason.trim(),
          details: { via, fields: ['phone'] },
        },
        trx,
      );
      return { refusal: null, phone: p.phone_enc ? this.ctx.pii.decrypt(p.phone_enc) : null };
    });
    if (shown.refusal) {
      await noteRevealLimited(this.ctx, this.audit, actor, shown.refusal);
      throw shown.refusal;
    }
    return { phone: shown.phone };
  }
}
