import type { HandoffInput } from '../access/handoffs';
import type { Actor } from '../auth/actor';

/**
 * The notices the registry hands to a person's home area, in the receiving officials' words
 * (the web shows the kind in either language). They name areas by code and never carry an ID
 * number, a phone or what the other side wrote about the person.
 */

/** Another area tried to register (or import) this resident: their home area decides whether they moved. */
export function claimHandoff(person: { id: string; area_code: string }, claimingArea: string): HandoffInput {
  return {
    areaCode: person.area_code,
    kind: 'claimed_elsewhere',
    personId: person.id,
    // One notice per (claiming area, person): a re-import or a second attempt sends nothing new.
    subjectType: 'area',
    subjectId: claimingArea,
    message: `${claimingArea} 试图登记此居民；如已迁居该处，请办理迁移`,
  };
}

/** A resident moved out of `from` into `to` (by the move operation or an import within one scope). */
export function movedHandoff(personId: string, from: string, to: string, moveId: string): HandoffInput {
  return {
    areaCode: from,
    kind: 'person_moved',
    personId,
    subjectType: 'move',
    subjectId: moveId,
    message: `此居民已由 ${from} 迁至 ${to}`,
  };
}

/** The area a notice comes from: the actor's one area, or none for a multi-area or city-wide actor. */
export function actorArea(actor: Pick<Actor, 'scope'>): string | null {
  return actor.scope.length === 1 && actor.scope[0] !== '*' ? (actor.scope[0] ?? null) : null;
}
