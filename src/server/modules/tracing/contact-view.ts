import type { Candidate, Contact, ContactListItem } from '../../../contract/tracing';
import type { CandidateView } from './contacts.service';
import { needsCare } from '../quarantine';
import type { ContactRow } from './tracing.table';

/** A contact row as listed by ContactRepository (LISTED), the name already masked by the service. */
type Listed = Omit<ContactRow, 'created_at'> & {
  case_code: string;
  name: string;
  id_number_masked: string;
  phone_masked: string | null;
  control_status: string;
  birth_date: string | null;
};

/** Contacts and co-presence candidates as the wire shows them (src/contract/tracing.ts). */
export function contactView(c: ContactRow): Contact {
  return {
    id: c.id,
    caseId: c.case_id,
    personId: c.person_id,
    areaCode: c.area_code,
    class: c.class,
    status: c.status,
    source: c.source,
    viaContactId: c.via_contact_id,
    venueCode: c.venue_code,
    overlapStart: c.overlap_start,
    overlapEnd: c.overlap_end,
    minutes: c.minutes,
    gapMinutes: c.gap_minutes,
    note: c.note,
    decidedBy: c.decided_by,
    decidedAt: c.decided_at,
    createdAt: c.created_at,
  };
}

/** `day`: today in the command centre's zone, for the minor flag (under 14, minor-rule.ts). */
export function contactListItemView(c: Listed, day: string): ContactListItem {
  return {
    id: c.id,
    caseId: c.case_id,
    caseCode: c.case_code,
    personId: c.person_id,
    name: c.name,
    idNumberMasked: c.id_number_masked,
    phoneMasked: c.phone_masked,
    controlStatus: c.control_status,
    minor: c.birth_date !== null && needsCare({ birthDate: c.birth_date, dependant: false }, day),
    areaCode: c.area_code,
    class: c.class,
    status: c.status,
    source: c.source,
    viaContactId: c.via_contact_id,
    venueCode: c.venue_code,
    overlapStart: c.overlap_start,
    overlapEnd: c.overlap_end,
    minutes: c.minutes,
    gapMinutes: c.gap_minutes,
    note: c.note,
    decidedBy: c.decided_by,
    decidedAt: c.decided_at,
  };
}

export function candidateView(c: CandidateView): Candidate {
  return {
    id: c.id,
    personId: c.person_id,
    name: c.name,
    idNumberMasked: c.id_number_masked,
    status: c.status,
    class: c.class,
    venueCode: c.venue_code,
    overlapStart: c.overlap_start,
    overlapEnd: c.overlap_end,
    minutes: c.minutes,
    gapMinutes: c.gap_minutes,
    scans: c.scans,
  };
}
