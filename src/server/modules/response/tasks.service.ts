import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError } from '../../errors';
import { Access, Scope } from '../access';
import { AuditService } from '../audit';
import { can, type Actor } from '../auth/actor';
import type { ResponseTaskRow } from './response.table';
import { addTimeline } from './timeline';

/** The task board: an incident's tasks, my tasks, closing one by hand (owner or command centre). */
export class TasksService {
  constructor(private readonly ctx: AppContext) {}

  async forIncident(actor: Actor, incidentId: string): Promise<ResponseTaskRow[]> {
    const scope = Scope.of(actor);
    await new Access(this.ctx.db, scope).ensure('incident', incidentId, 'read');
    return this.ctx.db
      .selectFrom('response_tasks')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .where((eb) => scope.where(eb, 'area_code'))
      .orderBy('due_at')
      .orderBy('template_key')
      .limit(2000)
      .execute();
  }

  /** Tasks the caller owns (open first, soonest deadline first); an owner's own tasks, whatever area they are for. */
  mine(actor: Actor, q: { status?: 'open' | 'done'; limit: number }): Promise<ResponseTaskRow[]> {
    if (!actor.id) return Promise.resolve([]);
    return this.ctx.db
      .selectFrom('response_tasks')
      .selectAll()
      .where('owner_user_id', '=', actor.id)
      .$if(!!q.status, (qb) => qb.where('status', '=', q.status as 'open'))
      .orderBy('status', 'desc')
      .orderBy('due_at')
      .limit(q.limit)
      .execute();
  }

  /**
   * Close a task by hand with a note. Its owner may; so may the command centre (response:write
   * over the task's area, the CLI included); anyone else gets 403 saying why.
   */
  async done(actor: Actor, id: string, note: string): Promise<ResponseTaskRow> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const scope = Scope.of(actor);
      // an owner may live below the task's area (a grid worker for a street's task): their own task is theirs to close
      const owned = actor.id
        ? await trx.selectFrom('response_tasks').selectAll().where('id', '=', id).where('owner_user_id', '=', actor.id).executeTakeFirst()
        : undefined;
      if (!owned) await new Access(trx, scope).ensure('response_task', id, 'write');
      const task = owned ?? (await trx.selectFrom('response_tasks').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
      const isOwner = !!owned;
      const isCentre = can(actor, 'response:write') && scope.covers(task.area_code);
      if (!isOwner && !isCentre)
        throw new DomainError('FORBIDDEN', `Task ${task.action} belongs to its owner (${task.owner_name}): only the owner or the command centre may close it`, {
          field: 'id',
          reason: 'not_owner',
        });
      if (task.status === 'done') throw new DomainError('TASK_DONE', `Task ${task.action} is already done`, { field: 'id', doneAt: task.done_at });
      return this.close(trx, actor, task, { note, ref: null, how: isOwner ? 'owner' : 'command_centre' });
    });
  }

  /** Mark done (by hand or from the data) with its timeline line and audit entry, in `trx`. */
  async close(trx: Kysely<DB>, actor: Actor, task: ResponseTaskRow, p: { note: string; ref: string | null; how: string }): Promise<ResponseTaskRow> {
    const at = this.ctx.clock.nowIso();
    const set = { status: 'done' as const, done_at: at, done_by: actor.id ?? actor.name, done_note: p.note, closed_by_ref: p.ref, next_alert_at: null };
    const res = await trx.updateTable('response_tasks').set(set).where('id', '=', task.id).where('status', '=', 'open').executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return { ...task };
    const [refType, refId] = p.ref ? p.ref.split(':') : [undefined, undefined];
    await addTimeline(trx, actor, at, [
      { incidentId: task.incident_id, kind: 'task_done', summary: `${task.action} 完成：${p.note}`, refType: refType ?? 'task', refId: refId ?? task.id },
    ]);
    await new AuditService(this.ctx).append(
      {
        actor,
        action: 'response.task_done',
        targetType: 'response_task',
        targetId: task.id,
        areaCode: task.area_code,
        reason: p.note,
        details: { how: p.how, closedBy: p.ref },
      },
      trx,
    );
    return { ...task, ...set };
  }
}
