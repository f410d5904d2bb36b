import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { newId } from '../../lib/ids';
import type { ResponseInboxRow, ResponseOutboxRow } from './response.table';

/** One notice to one user about one task (or, a hand-over notice, about one shift: `extra` names it). */
export interface Notice {
  userId: string;
  taskId: string | null;
  incidentId: string | null;
  kind: ResponseInboxRow['kind'];
  title: string;
  dueAt: string;
  /** More ids for the gateway's payload (never a name or phone). */
  extra?: Record<string, string>;
  /** The inbox id to use (the caller records it elsewhere, e.g. roster_notices). */
  id?: string;
}

/** The channel the outbox rows are for; the gateway (SMS/IM) reads them through the webhook sender. */
export const OUTBOX_CHANNEL = 'gateway';

/**
 * Write notices to each user's in-app inbox and to the outbox a gateway drains, in the caller's
 * transaction (a notice exists exactly when the change that caused it committed). The outbox
 * payload names the recipient and task by id only: no name or phone in clear leaves the database.
 */
export async function sendNotices(trx: Kysely<DB>, at: string, notices: readonly Notice[]): Promise<number> {
  if (notices.length === 0) return 0;
  const inbox: ResponseInboxRow[] = [];
  const outbox: ResponseOutboxRow[] = [];
  for (const n of notices) {
    const id = n.id ?? newId();
    inbox.push({ id, user_id: n.userId, task_id: n.taskId, incident_id: n.incidentId, kind: n.kind, title: n.title, created_at: at, read_at: null });
    outbox.push({
      id: newId(),
      inbox_id: id,
      channel: OUTBOX_CHANNEL,
      payload: JSON.stringify({ notice: id, kind: n.kind, recipient: n.userId, task: n.taskId, incident: n.incidentId, dueAt: n.dueAt, ...n.extra }),
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      sent_at: null,
      last_error: null,
      created_at: at,
    });
  }
  for (let i = 0; i < inbox.length; i += 400) {
    await trx
      .insertInto('response_inbox')
      .values(inbox.slice(i, i + 400))
      .execute();
    await trx
      .insertInto('response_outbox')
      .values(outbox.slice(i, i + 400))
      .execute();
  }
  return inbox.length;
}

const KIND_ZH: Record<ResponseInboxRow['kind'], string> = { start: '新任务', due: '即将到期', overdue: '已超时', escalation: '超时升级', handover: '值班交接' };

/** The inbox line for a notice (Chinese first; the web shows the kind in the user's language). */
export function noticeTitle(kind: ResponseInboxRow['kind'], action: string, incidentName: string): string {
  return `【${KIND_ZH[kind]}】${incidentName} · ${action}`;
}
