import type { Generated } from 'kysely';

/**
 * A domain event: something one capability did that another may act on (an alert escalated →
 * a response plan activates). Written in the transaction of the change it reports, so an event
 * exists exactly when its change committed.
 */
export interface DomainEventRow {
  seq: Generated<number>;
  id: string;
  type: string;
  /** The area the event concerns; consumers act within it. */
  area_code: string;
  /** The record the event is about (e.g. the alert's id). */
  subject_id: string;
  /** JSON object; never personal data in clear. */
  payload: string;
  actor: string;
  created_at: string;
}

/** One consumer has handled one event (kept per event, not as a cursor: on PostgreSQL a lower seq may commit later). */
export interface EventDeliveryRow {
  consumer: string;
  event_id: string;
  delivered_at: string;
  /** null when the handler succeeded; the error text when it gave up (after the scheduler's attempts). */
  error: string | null;
  /** Failed attempts so far; the dispatcher retries a failed delivery until MAX_ATTEMPTS. */
  attempts: number;
}

export interface EventTables {
  domain_events: DomainEventRow;
  event_deliveries: EventDeliveryRow;
}
