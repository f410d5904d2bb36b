import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { newId } from '../../lib/ids';
import type { Actor } from '../auth/actor';

export interface TimelineInput {
  incidentId: string;
  kind: string;
  summary: string;
  refType?: string;
  refId?: string;
}

/** The actor as a timeline names it (user id for users, the system's name otherwise). */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'user' ? (actor.name ?? actor.id ?? 'user') : actor.name;
}

/** Append lines to incidents' timelines, in the caller's transaction (with the change they record). */
export async function addTimeline(trx: Kysely<DB>, actor: Actor, at: string, items: readonly TimelineInput[]): Promise<void> {
  for (let i = 0; i < items.length; i += 500)
    await trx
      .insertInto('incident_timeline')
      .values(
        items.slice(i, i + 500).map((e) => ({
          id: newId(),
          incident_id: e.incidentId,
          at,
          kind: e.kind,
          actor: actorLabel(actor),
          summary: e.summary,
          ref_type: e.refType ?? null,
          ref_id: e.refId ?? null,
        })),
      )
      .execute();
}
