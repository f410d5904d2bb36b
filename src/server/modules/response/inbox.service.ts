import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { notFound } from '../../errors';
import { AuditService } from '../audit';
import type { Actor } from '../auth/actor';

/** The caller's own in-app notices (a user sees only theirs). */
export class InboxService {
  constructor(private readonly ctx: AppContext) {}

  async list(actor: Actor, q: { unread: boolean; limit: number }) {
    if (!actor.id || actor.kind !== 'user') return { items: [], unread: 0 };
    const rows = await this.ctx.db
      .selectFrom('response_inbox')
      .selectAll()
      .where('user_id', '=', actor.id)
      .$if(q.unread, (qb) => qb.where('read_at', 'is', null))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit)
      .execute();
    const unread = await this.ctx.db
      .selectFrom('response_inbox')
      .select(sql<number>`count(*)`.as('n'))
      .where('user_id', '=', actor.id)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return {
      items: rows.map((r) => ({
        id: r.id,
        taskId: r.task_id,
        incidentId: r.incident_id,
        kind: r.kind,
        title: r.title,
        createdAt: r.created_at,
        readAt: r.read_at,
      })),
      unread: Number(unread?.n ?? 0),
    };
  }

  /** Mark one's own notice read (another user's answers 404, as if it did not exist); audited with the change. */
  async markRead(actor: Actor, id: string): Promise<{ id: string; readAt: string }> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const at = this.ctx.clock.nowIso();
      const res = await trx
        .updateTable('response_inbox')
        .set({ read_at: at })
        .where('id', '=', id)
        .where('user_id', '=', actor.id ?? '')
        .where('read_at', 'is', null)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) {
        const mine = await trx
          .selectFrom('response_inbox')
          .select('read_at')
          .where('id', '=', id)
          .where('user_id', '=', actor.id ?? '')
          .executeTakeFirst();
        if (!mine?.read_at) throw notFound('Notice', id);
        return { id, readAt: mine.read_at };
      }
      await new AuditService(this.ctx).append({ actor, action: 'response.notice_read', targetType: 'response_notice', targetId: id }, trx);
      return { id, readAt: at };
    });
  }
}
