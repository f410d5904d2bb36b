import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { DomainError, validationError, why } from '../../errors';
import { HOUR } from '../../lib/clock';
import { Access, Scope } from '../access';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';

/**
 * A closed round may be reopened for this long after it was closed: long enough to fix a round
 * closed by mistake or too early (late tubes, a forgotten street), short enough that its figures
 * stay the ones reported for that day.
 */
export const REOPEN_WINDOW_HOURS = 24;

/** Taking back two decisions of a round: a 免采 exemption, and closing it. */
export class RoundUndoService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  /**
   * Reopen a closed round: the caller must cover every area of it (as for closing), it must have
   * been closed less than REOPEN_WINDOW_HOURS ago, and no later round may cover any of its areas
   * (that round has superseded it: residents are counted there now).
   */
  async reopenRound(actor: Actor, id: string, reason: string): Promise<void> {
    const said = reason?.trim() ?? '';
    if (said.length < 2) throw validationError({ reason: why('min_length', 'say why the round is reopened (at least 2 characters)', { limit: 2 }) });
    await this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, Scope.of(actor)).ensure('round', id, 'write');
      const round = await trx.selectFrom('test_rounds').select(['status', 'closed_at', 'created_at']).where('id', '=', id).executeTakeFirstOrThrow();
      if (round.status !== 'closed') throw new DomainError('ROUND_NOT_CLOSED', 'The round is open', { roundId: id });
      const now = this.ctx.clock.nowIso();
      const limit = round.closed_at ? new Date(Date.parse(round.closed_at) + REOPEN_WINDOW_HOURS * HOUR).toISOString() : null;
      if (!limit || now > limit)
        throw new DomainError('REOPEN_WINDOW_PASSED', `A round can be reopened only within ${REOPEN_WINDOW_HOURS} hours of closing`, {
          hours: REOPEN_WINDOW_HOURS,
          closedAt: round.closed_at,
        });
      const later = await sql<{ id: string; name: string }>`select r2.id, r2.name from round_areas a1
        join round_areas a2 on (a2.area_code like a1.area_code || '%' or a1.area_code like a2.area_code || '%')
        join test_rounds r2 on r2.id = a2.round_id
        where a1.round_id = ${id} and r2.id <> ${id} and r2.created_at > ${round.created_at}
        order by r2.created_at limit 1`.execute(trx);
      const next = later.rows[0];
      if (next) throw new DomainError('ROUND_SUPERSEDED', `A later round (${next.name}) covers this round's areas`, { laterRound: next.name });
      await trx.updateTable('test_rounds').set({ status: 'open', closed_at: null }).where('id', '=', id).execute();
      await this.audit.append(
        { actor, action: 'testing.round_reopened', targetType: 'round', targetId: id, reason: said, details: { closedAt: round.closed_at } },
        trx,
      );
    });
  }

  /**
   * Take back a 免采 record (recorded by mistake, or the person is back): the person is on the
   * missing list again and, when they were part of the target, the target rises by the one the
   * exemption took off. Only while the round is open; the caller must be able to write the person.
   */
  async undoExemption(actor: Actor, roundId: string, personId: string, reason: string): Promise<void> {
    const said = reason?.trim() ?? '';
    if (said.length < 2) throw validationError({ reason: why('min_length', 'say why the exemption is taken back (at least 2 characters)', { limit: 2 }) });
    await this.ctx.db.transaction().execute(async (trx) => {
      const access = new Access(trx, Scope.of(actor));
      await access.ensure('round', roundId);
      await access.ensure('person', personId, 'write');
      const round = await trx.selectFrom('test_rounds').select(['status', 'created_at']).where('id', '=', roundId).executeTakeFirstOrThrow();
      if (round.status !== 'open') throw new DomainError('ROUND_CLOSED', 'The round is closed: reopen it first', { roundId });
      const x = await trx
        .selectFrom('round_exemptions as x')
        .innerJoin('persons as p', 'p.id', 'x.person_id')
        .select(['x.grid_key', 'x.reason', 'x.note', 'x.recorded_by', 'x.at', 'p.area_code', 'p.created_at'])
        .where('x.round_id', '=', roundId)
        .where('x.person_id', '=', personId)
        .executeTakeFirst();
      if (!x) throw new DomainError('NOT_FOUND', 'This person has no exemption in this round', { what: 'Exemption', id: personId });
      await trx.deleteFrom('round_exemptions').where('round_id', '=', roundId).where('person_id', '=', personId).execute();
      // The mirror of exempt(): only someone who is part of the target had lowered it.
      if (x.created_at <= round.created_at)
        await trx
          .updateTable('coverage_counters')
          .set({ target: sql`target + 1` })
          .where('round_id', '=', roundId)
          .where('grid_key', '=', x.grid_key)
          .execute();
      await this.audit.append(
        {
          actor,
          action: 'testing.exemption_undone',
          targetType: 'person',
          targetId: personId,
          areaCode: x.area_code,
          reason: said,
          details: { roundId, was: { reason: x.reason, note: x.note, recordedBy: x.recorded_by, at: x.at } },
        },
        trx,
      );
    });
  }
}
