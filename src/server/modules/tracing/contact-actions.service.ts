import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError, notFound, validationError } from '../../errors';
import { Access, Scope } from '../access';
import type { Actor } from '../auth/actor';
import { PlacementsService, TransfersService, type CareInput, type PlacementReason, type PlaceOutcome } from '../quarantine';
import { decideContact, decisionProblem, type ContactDecision } from './contact-decision';
import type { ContactClass, ContactRow } from './tracing.table';

/** The placement reason a confirmed contact's class leads to; 时空伴随 are monitored at home, not placed. */
const PLACE_REASON: Partial<Record<ContactClass, PlacementReason>> = { close: 'close-contact', secondary: 'secondary-contact' };

export interface ContactProblem {
  contactId: string;
  reason: string;
  code: string;
}

/**
 * Work on selected contacts, no ID number retyped (issue 12, hand-offs): confirm or dismiss many at
 * once, place the confirmed ones (安排隔离) or request their transfer (转运) by the people the rows
 * name. Every contact must be the caller's (their residents); the placement and transfer rules are
 * the quarantine capability's, called in this transaction.
 *
 * - decide: all-or-nothing — one contact the caller may not write (404) refuses the batch.
 * - place: keeps its good rows — contacts not confirmed, or people who cannot be placed (no free
 *   room, already placed, a minor without a guardian), are answered per contact; the rest are placed.
 * - transfer: all-or-nothing, as a transfer request is (one vehicle run, a household together).
 */
export class ContactActionsService {
  constructor(private readonly ctx: AppContext) {}

  private async mine(trx: Kysely<DB>, scope: Scope, ids: readonly string[]): Promise<ContactRow[]> {
    const unique = [...new Set(ids)];
    const readable = await new Access(trx, scope).readable('contact', unique);
    const missing = unique.filter((id) => !readable.has(id));
    if (missing.length) throw notFound('Contact', missing.join(','));
    return trx.selectFrom('contacts').selectAll().where('id', 'in', unique).execute();
  }

  async decideMany(actor: Actor, ids: readonly string[], d: ContactDecision) {
    decisionProblem(d);
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      const rows = await this.mine(trx, scope, ids);
      const items = [];
      for (const r of rows) items.push(await decideContact(this.ctx, trx, actor, scope, r.id, d));
      return { items };
    });
  }

  async place(actor: Actor, input: { contactIds: readonly string[]; facilityId?: string } & CareInput) {
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      const rows = await this.mine(trx, scope, input.contactIds);
      const problems: ContactProblem[] = [];
      const byReason = new Map<PlacementReason, ContactRow[]>();
      for (const r of rows) {
        const reason = PLACE_REASON[r.class];
        if (r.status !== 'confirmed') problems.push({ contactId: r.id, code: 'NOT_CONFIRMED', reason: 'confirm the contact before placing' });
        else if (!reason) problems.push({ contactId: r.id, code: 'NOT_PLACED_CLASS', reason: '时空伴随 are monitored at home, not placed' });
        else byReason.set(reason, [...(byReason.get(reason) ?? []), r]);
      }
      const placed: PlaceOutcome['placed'] = [];
      const placements = new PlacementsService(this.ctx);
      for (const [reason, group] of byReason) {
        const out = await placements.placeMany(actor, [...new Set(group.map((g) => g.person_id))], reason, input, trx);
        placed.push(...out.placed);
        for (const p of out.problems)
          for (const g of group.filter((x) => x.person_id === p.personId)) problems.push({ contactId: g.id, code: p.code ?? 'NOT_PLACED', reason: p.reason });
      }
      return { placed, problems };
    });
  }

  async transfer(actor: Actor, input: { contactIds: readonly string[]; toFacilityId: string; deadlineHours?: number } & CareInput) {
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      const rows = await this.mine(trx, scope, input.contactIds);
      const bad = rows.filter((r) => r.status !== 'confirmed' || !PLACE_REASON[r.class]);
      if (bad.length)
        throw new DomainError('NOT_CONFIRMED', 'Only confirmed close and secondary contacts are transferred', { contactIds: bad.map((b) => b.id) });
      const reasons = new Set(rows.map((r) => PLACE_REASON[r.class]));
      // One request is one reason (the destination's rule); close and secondary contacts go to different sites.
      if (reasons.size > 1) throw validationError({ contactIds: 'select close contacts or secondary contacts, not both, for one transfer' });
      const reason = [...reasons][0] as PlacementReason;
      const items = await new TransfersService(this.ctx).request(
        actor,
        { ...input, personIds: [...new Set(rows.map((r) => r.person_id))], reason, idNumbers: undefined },
        trx,
      );
      return { items };
    });
  }
}
