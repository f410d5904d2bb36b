import type { AppContext } from '../../context';
import { DomainError, validationError, why } from '../../errors';
import { Access } from '../access/access';
import { Scope } from '../access/scope';
import { AuditService } from '../audit/audit.service';
import { can, type Actor } from '../auth/actor';
import type { AreaResponsibleRow } from './areas.table';
import { ResponsibleRepository } from './responsible.repository';

/**
 * An owner's phone in clear, as for a person's (registry.service.ts reveal): needs pii:reveal and a
 * reason, and the read commits only with its audit entry.
 */
export async function revealResponsiblePhone(ctx: AppContext, actor: Actor, id: string, reason: string): Promise<{ phone: string | null }> {
  if (!can(actor, 'pii:reveal')) throw new DomainError('FORBIDDEN', 'Permission pii:reveal is required', { permission: 'pii:reveal' });
  if (!reason || reason.trim().length < 2) throw validationError({ reason: why('required', 'say why you need to see the phone') });
  const scope = Scope.of(actor);
  return ctx.db.transaction().execute(async (trx) => {
    await new Access(trx, scope).ensure('responsible', id, 'read');
    const r = (await new ResponsibleRepository(trx, scope).byId(id)) as AreaResponsibleRow;
    await new AuditService(ctx).append(
      {
        actor,
        action: 'area.responsible_phone_revealed',
        targetType: 'area',
        targetId: r.area_code,
        areaCode: r.area_code,
        reason: reason.trim(),
        details: { id },
      },
      trx,
    );
    return { phone: r.phone_enc ? ctx.pii.decrypt(r.phone_enc) : null };
  });
}
