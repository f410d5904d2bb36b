import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { validationError, why } from '../../errors';
import type { Scope } from '../access';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { ControlStatus } from '../people/control-status';
import { PeopleService } from '../people/people.service';
import { ContactRepository } from './contact.repository';
import type { ContactClass, ContactStatus } from './tracing.table';

/** The control status each confirmed class leads to, and the statuses it may replace (never a downgrade). */
export const CONTROL: Record<ContactClass, { to: ControlStatus; from: readonly ControlStatus[] }> = {
  close: { to: 'close_contact', from: ['none', 'spacetime_companion', 'secondary_contact', 'arrival_control', 'home_monitoring'] },
  secondary: { to: 'secondary_contact', from: ['none', 'spacetime_companion', 'home_monitoring'] },
  companion: { to: 'spacetime_companion', from: ['none'] },
};
export const CLASS_WORD: Record<ContactClass, string> = { close: '密接', secondary: '次密接', companion: '时空伴随' };

export interface ContactDecision {
  decision: 'confirm' | 'dismiss';
  class?: ContactClass;
  reason?: string;
}

export function decisionProblem(d: ContactDecision): void {
  if (d.decision === 'dismiss' && !d.reason?.trim()) throw validationError({ reason: why('required', 'is required to dismiss a contact') });
}

/**
 * One decision on one contact the caller may write (checked by the caller), in the caller's
 * transaction: the contact's status, the person's control status through the audited service, and
 * the contact's own audit entry. Used by the single decision and the bulk one alike.
 */
export async function decideContact(ctx: AppContext, trx: Kysely<DB>, actor: Actor, scope: Scope, id: string, d: ContactDecision) {
  const repo = new ContactRepository(trx, scope, ctx.dialect);
  const c = await repo.byId(id);
  if (!c) throw new Error('unreachable: contact passed the access check');
  const cls = d.class ?? c.class;
  // The contact's case may be another area's; only its code is used, to name the reason.
  const caseCode = (await trx.selectFrom('cases').select('code').where('id', '=', c.case_id).executeTakeFirstOrThrow()).code;
  const people = new PeopleService(ctx);
  const now = ctx.clock.nowIso();
  const status: ContactStatus = d.decision === 'confirm' ? 'confirmed' : 'dismissed';
  await repo.decide(c.id, { status, class: cls, note: d.reason ?? null, decided_by: actor.name, decided_at: now });
  if (d.decision === 'confirm') {
    const rule = CONTROL[cls];
    await people.changeControlStatus(
      actor,
      { personIds: [c.person_id], to: rule.to, onlyFrom: rule.from, reason: `${caseCode} ${CLASS_WORD[cls]}`, evidence: { type: 'contact', id: c.id } },
      trx,
    );
  } else if (c.status === 'confirmed' && !(await repo.otherConfirmed(c.person_id, c.id)))
    // Undoing a confirmed contact releases the person only if no other confirmed link holds them.
    await people.changeControlStatus(
      actor,
      { personIds: [c.person_id], to: 'none', onlyFrom: [CONTROL[c.class].to], reason: `撤销: ${d.reason ?? ''}`, evidence: { type: 'contact', id: c.id } },
      trx,
    );
  await new AuditService(ctx).append(
    {
      actor,
      action: `contact.${status}`,
      targetType: 'contact',
      targetId: c.id,
      areaCode: c.area_code,
      reason: d.reason,
      details: { class: cls, personId: c.person_id, caseId: c.case_id },
    },
    trx,
  );
  return { id: c.id, status, class: cls };
}
