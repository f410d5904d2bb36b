import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../context';
import type { DB } from '../db/schema';
import { newId } from '../lib/ids';
import type { Actor } from '../modules/auth/actor';

/** A domain event as its consumers receive it (payload parsed). */
export interface DomainEvent {
  seq: number;
  id: string;
  type: string;
  areaCode: string;
  subjectId: string;
  payload: Record<string, unknown>;
  actor: string;
  createdAt: string;
}

/**
 * A capability's reaction to another's events. `handle` must be idempotent (a crash between the
 * handler's commit and the delivery record replays it once); it runs as the system, within the
 * event's area, and records its own audit entries for what it changes.
 */
export interface EventConsumer {
  /** Unique across modules, e.g. 'response.activate-on-escalation'. */
  name: string;
  type: string;
  handle(ctx: AppContext, event: DomainEvent): Promise<void>;
}

export interface NewEvent {
  type: string;
  areaCode: string;
  subjectId: string;
  payload?: Record<string, unknown>;
}

/**
 * Record an event in the caller's transaction, so it exists exactly when the change it reports
 * committed (never a notice of an escalation that rolled back). Returns the event's id.
 */
export async function publishEvent(trx: Transaction<DB> | Kysely<DB>, ctx: AppContext, actor: Actor, e: NewEvent): Promise<string> {
  const id = newId();
  await trx
    .insertInto('domain_events')
    .values({
      id,
      type: e.type,
      area_code: e.areaCode,
      subject_id: e.subjectId,
      payload: JSON.stringify(e.payload ?? {}),
      actor: actor.id ?? actor.name,
      created_at: ctx.clock.nowIso(),
    })
    .execute();
  return id;
}
