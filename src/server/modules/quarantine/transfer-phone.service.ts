import type { AppContext } from '../../context';
import { DomainError, validationError, why } from '../../errors';
import { Scope } from '../access';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { phoneOrRefusal, readPhoneAudited } from '../people';
import { TransferRepository } from './transfer.repository';

/**
 * The phone of the person a transfer team is picking up, in clear — the team calls ahead. The board
 * shows it masked; this read is the one way to see it: only for a transfer the caller may read (the
 * resident's home area or the sites it leaves or reaches) and still under way, with a reason, audited
 * as a reveal of that person's identifiers in the read's transaction and counted against the same
 * hourly limit as every other reveal (people/reveal-limit.ts).
 */
export class TransferPhoneService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  async reveal(actor: Actor, transferId: string, reason: string): Promise<{ phone: string | null }> {
    if (reason.trim().length < 2) throw validationError({ reason: why('required', 'say why you need the phone (e.g. calling ahead of pickup)') });
    const shown = await this.ctx.db.transaction().execute(async (trx) => {
      const [t] = await new TransferRepository(trx, Scope.of(actor), this.ctx.dialect).getMany([transferId]);
      if (!t) throw new Error('unreachable: getMany answers every id or 404');
      if (t.status === 'arrived' || t.status === 'cancelled')
        throw new DomainError('TRANSFER_STATE', 'The phone is shown only while the transfer is under way', { ids: [t.id], statuses: [t.status] });
      return readPhoneAudited(trx, this.ctx, this.audit, actor, t.person_id, reason, { via: 'transfer', transferId: t.id });
    });
    return phoneOrRefusal(this.ctx, this.audit, actor, shown);
  }
}
