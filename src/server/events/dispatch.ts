import { sql } from 'kysely';
import type { AppContext } from '../context';
import type { DomainEvent, EventConsumer } from './events';

/** A failing handler is retried on later sweeps this many times, then left with its error (listed by `pendingFailures`). */
export const MAX_ATTEMPTS = 5;
const BATCH = 200;

/**
 * Hand each consumer the events of its type it has not yet handled, oldest first. One sweep of
 * the `events.dispatch` job; returns how many deliveries succeeded. Set-based selection (one
 * query per consumer), handlers one event at a time because each acts in its own transaction.
 */
export async function dispatchEvents(ctx: AppContext, consumers: readonly EventConsumer[]): Promise<number> {
  let delivered = 0;
  for (const c of consumers) {
    const rows = await ctx.db
      .selectFrom('domain_events as e')
      .selectAll('e')
      .where('e.type', '=', c.type)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('event_deliveries as d')
              .select(sql`1`.as('one'))
              .whereRef('d.event_id', '=', 'e.id')
              .where('d.consumer', '=', c.name)
              .where((d) => d.or([d('d.error', 'is', null), d('d.attempts', '>=', MAX_ATTEMPTS)])),
          ),
        ),
      )
      .orderBy('e.seq')
      .limit(BATCH)
      .execute();
    for (const r of rows) {
      const event: DomainEvent = {
        seq: Number(r.seq),
        id: r.id,
        type: r.type,
        areaCode: r.area_code,
        subjectId: r.subject_id,
        payload: JSON.parse(r.payload) as Record<string, unknown>,
        actor: r.actor,
        createdAt: r.created_at,
      };
      const ok = await deliver(ctx, c, event);
      if (ok) delivered++;
    }
  }
  return delivered;
}

async function deliver(ctx: AppContext, c: EventConsumer, event: DomainEvent): Promise<boolean> {
  const at = ctx.clock.nowIso();
  try {
    await c.handle(ctx, event);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    ctx.log.warn({ consumer: c.name, event: event.id, type: event.type, err: message }, 'event handler failed');
    await ctx.db
      .insertInto('event_deliveries')
      .values({ consumer: c.name, event_id: event.id, delivered_at: at, error: message.slice(0, 500), attempts: 1 })
      .onConflict((oc) =>
        oc
          .columns(['consumer', 'event_id'])
          .doUpdateSet((eb) => ({ error: message.slice(0, 500), delivered_at: at, attempts: eb('event_deliveries.attempts', '+', 1) })),
      )
      .execute();
    return false;
  }
  await ctx.db
    .insertInto('event_deliveries')
    .values({ consumer: c.name, event_id: event.id, delivered_at: at, error: null, attempts: 0 })
    .onConflict((oc) => oc.columns(['consumer', 'event_id']).doUpdateSet({ error: null, delivered_at: at }))
    .execute();
  return true;
}

/** Deliveries that gave up: shown to the city's admins so a lost reaction is never silent. */
export async function pendingFailures(ctx: AppContext): Promise<{ consumer: string; eventId: string; error: string; attempts: number }[]> {
  const rows = await ctx.db
    .selectFrom('event_deliveries')
    .select(['consumer', 'event_id', 'error', 'attempts'])
    .where('error', 'is not', null)
    .where('attempts', '>=', MAX_ATTEMPTS)
    .orderBy('delivered_at')
    .limit(500)
    .execute();
  return rows.map((r) => ({ consumer: r.consumer, eventId: r.event_id, error: r.error ?? '', attempts: Number(r.attempts) }));
}
