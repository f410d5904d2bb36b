import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { toBool } from '../../db/dialect';
import { DomainError, notFound } from '../../errors';
import type { GuardSpec } from './guard';
import { alertGuards } from './guards.alerts';
import { quarantineGuards } from './guards.quarantine';
import { registryGuards } from './guards.registry';
import { responseGuards } from './guards.response';
import { testingGuards } from './guards.testing';
import { tracingGuards } from './guards.tracing';
import { surveillanceGuards } from './guards.surveillance';
import type { Scope } from './scope';

const guards = {
  ...registryGuards,
  ...testingGuards,
  ...tracingGuards,
  ...quarantineGuards,
  ...alertGuards,
  ...responseGuards,
  ...surveillanceGuards,
} satisfies Record<string, GuardSpec>;

/** Every kind of record that can be fetched by id through `Access.ensure`. */
export type GuardedKind = keyof typeof guards;

const labels: Record<GuardedKind, string> = {
  person: 'Person',
  responsible: 'Responsible',
  handoff: 'Hand-off',
  case: 'Case',
  contact: 'Contact',
  notice: 'Notice',
  arrival: 'Arrival',
  venue: 'Venue',
  facility: 'Facility',
  room: 'Room',
  placement: 'Placement',
  site_task: 'Task',
  transfer: 'Transfer',
  vehicle: 'Vehicle',
  round: 'Round',
  sampling_site: 'Sampling site',
  lab: 'Lab',
  tube: 'Tube',
  box: 'Box',
  recheck: 'Re-check',
  alert: 'Alert',
  incident: 'Incident',
  response_task: 'Task',
  work_group: 'Work group',
  response_zone: 'Zone',
  sentinel: 'Sentinel',
  line_report: 'Line report',
};

/**
 * The one access check for fetch-by-id. A record the scope may not read answers 404, as if it
 * did not exist; one it may read but not change (a resident's placement seen from their home
 * street) answers 403 to a write. One query, in the caller's transaction.
 */
export class Access {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
  ) {}

  async ensure(kind: GuardedKind, id: string, mode: 'read' | 'write' = 'read'): Promise<void> {
    const g: GuardSpec = guards[kind];
    const write = (g.write ?? g.read)(this.scope);
    const row = await sql<{
      r: number | boolean;
      w: number | boolean;
    }>`select (case when ${g.read(this.scope)} then 1 else 0 end) as r,
        (case when ${write} then 1 else 0 end) as w
      from ${sql.table(g.table)} t where ${sql.ref(`t.${g.key}`)} = ${id}`.execute(this.db);
    const hit = row.rows[0];
    if (!hit || !toBool(hit.r)) throw notFound(labels[kind], id);
    if (mode === 'write' && !toBool(hit.w)) throw new DomainError('FORBIDDEN', `${labels[kind]} ${id} is read-only for you`, { what: labels[kind], id });
  }

  /** The subset of `ids` this scope may read (one query; for bulk actions that keep their good rows). */
  async readable(kind: GuardedKind, ids: readonly string[]): Promise<Set<string>> {
    const g: GuardSpec = guards[kind];
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      if (chunk.length === 0) continue;
      const rows = await sql<{ k: string }>`select ${sql.ref(`t.${g.key}`)} as k from ${sql.table(g.table)} t
        where ${sql.ref(`t.${g.key}`)} in (${sql.join(chunk)}) and ${g.read(this.scope)}`.execute(this.db);
      for (const r of rows.rows) out.add(r.k);
    }
    return out;
  }
}
