import type { Handoff } from '../../../contract/handoffs';
import type { HandoffRow } from './handoff.table';
import type { HandoffListItem } from './handoffs';

/** A hand-off row as the wire shows it (src/contract/handoffs.ts). */
export function handoffView(h: HandoffRow | HandoffListItem): Handoff {
  return {
    id: h.id,
    areaCode: h.area_code,
    kind: h.kind,
    personId: h.person_id,
    subjectType: h.subject_type,
    subjectId: h.subject_id,
    fromAreaCode: h.from_area_code,
    message: h.message,
    status: h.status,
    createdBy: h.created_by,
    createdAt: h.created_at,
    actedBy: h.acted_by,
    actedAt: h.acted_at,
    note: h.note,
    // Present only in the inbox list, and only for a person still within the reader's scope.
    person: 'person' in h ? h.person : undefined,
  };
}
