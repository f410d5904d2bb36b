/** Domain events between capabilities: publish in the change's transaction, consumers run by the `events.dispatch` job. */
export { publishEvent, type DomainEvent, type EventConsumer, type NewEvent } from './events';
export { dispatchEvents, pendingFailures, MAX_ATTEMPTS } from './dispatch';
export type { EventTables } from './events.table';
