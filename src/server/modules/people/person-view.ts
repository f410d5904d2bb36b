import type { Person } from '../../../contract/people';
import type { PersonRow } from './people.table';

/** How a person appears in lists and API answers (src/contract/people.ts): identifiers masked, tags as a list. */
export type PersonView = Person;

export function toPersonView(p: PersonRow): PersonView {
  return {
    id: p.id,
    name: p.name,
    sex: p.sex,
    birthDate: p.birth_date,
    docType: p.doc_type,
    idNumberMasked: p.doc_masked,
    phoneMasked: p.phone_masked,
    areaCode: p.area_code,
    gridCode: p.grid_code,
    householdCode: p.household_code,
    address: p.address,
    tags: p.tags ? p.tags.split('|') : [],
    controlStatus: p.control_status,
    controlChangedAt: p.control_changed_at,
    vaccineDates: p.vaccine_dates ? p.vaccine_dates.split('|') : [],
  };
}
