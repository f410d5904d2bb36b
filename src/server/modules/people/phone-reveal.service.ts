import type { AppContext } from '../../context';
import { DomainError, validationError, why } from '../../errors';
import { Access, Scope } from '../access';
import { AuditService } from '../audit/audit.service';
import { can, type Actor } from '../auth/actor';
import { phoneOrRefusal, readPhoneAudited } from './phone-read';

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
    if (!reason || reason.trim().length < 2)
      throw validationError({ reason: why('min_length', 'say why you need the phone (e.g. calling a resident not yet sampled)', { limit: 2 }) });
    const shown = await this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, Scope.of(actor)).ensure('person', personId);
      return readPhoneAudited(trx, this.ctx, this.audit, actor, personId, reason, { via });
    });
    return phoneOrRefusal(this.ctx, this.audit, actor, shown);
  }
}
