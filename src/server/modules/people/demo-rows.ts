import { maskIdNumber, maskPhone } from '../../lib/masking';
import type { Pii } from '../../lib/pii';
import type { SimPerson } from '../../../sim';
import { newId } from '../../lib/ids';
import type { PersonRow, PersonTagRow } from './people.table';

/** A generated person as the row we store: identifiers hashed, encrypted and masked. */
export function simPersonRow(pii: Pii, p: SimPerson, now: string): { row: PersonRow; tags: PersonTagRow[] } {
  const id = newId();
  const row: PersonRow = {
    id,
    doc_type: 'resident_id',
    doc_hash: pii.hash('doc', p.idNumber),
    doc_enc: pii.encrypt(p.idNumber),
    doc_masked: maskIdNumber(p.idNumber),
    name: p.name,
    sex: p.sex,
    birth_date: p.birthDate,
    phone_hash: p.phone ? pii.hash('phone', p.phone) : null,
    phone_enc: p.phone ? pii.encrypt(p.phone) : null,
    phone_masked: p.phone ? maskPhone(p.phone) : null,
    area_code: p.areaCode,
    grid_code: p.gridCode,
    household_code: p.householdCode,
    address: p.address,
    tags: p.tags.join('|'),
    control_status: 'none',
    control_changed_at: null,
    vaccine_doses: p.doses.length,
    vaccine_dates: p.doses.length ? p.doses.map((d) => d.date).join('|') : null,
    created_at: now,
    updated_at: now,
  };
  return { row, tags: p.tags.map((tag) => ({ tag, area_code: p.areaCode, person_id: id })) };
}

export const PERSON_COLUMNS: Array<keyof PersonRow> = [
  'id',
  'doc_type',
  'doc_hash',
  'doc_enc',
  'doc_masked',
  'name',
  'sex',
  'birth_date',
  'phone_hash',
  'phone_enc',
  'phone_masked',
  'area_code',
  'grid_code',
  'household_code',
  'address',
  'tags',
  'control_status',
  'control_changed_at',
  'vaccine_doses',
  'vaccine_dates',
  'created_at',
  'updated_at',
];
