import { validationError, why, type Why } from '../../errors';
import { isValidMobile, normalizeIdNumber, validateIdNumber } from '../../lib/id-number';
import { maskIdNumber, maskPhone } from '../../lib/masking';
import type { Pii } from '../../lib/pii';
import { gridOf } from '../areas/area-codes';
import { personTags } from './control-status';
import type { PersonRow } from './people.table';

export interface PersonInput {
  idNumber: string;
  docType?: PersonRow['doc_type'];
  name: string;
  sex?: 'M' | 'F' | 'U' | null;
  birthDate?: string | null;
  phone?: string | null;
  areaCode: string;
  address?: string | null;
  householdCode?: string | null;
  tags?: string[];
  /** Vaccination dose dates (YYYY-MM-DD), in dose order. */
  vaccineDates?: string[];
}

/** Keyed hash used for exact look-up of a document number. */
export function docHash(pii: Pii, idNumber: string): string {
  return pii.hash('doc', normalizeIdNumber(idNumber));
}

export function phoneHash(pii: Pii, phone: string): string {
  return pii.hash('phone', phone.trim());
}

/**
 * Validate one person and build the row to store: every problem is reported by field.
 * ID numbers and phones leave this function only as hash, ciphertext and mask.
 */
export function buildPersonRow(pii: Pii, input: PersonInput, id: string, now: string): { row: PersonRow; tags: string[] } {
  const fields: Record<string, string | Why> = {};
  const docType = input.docType ?? 'resident_id';
  const number = normalizeIdNumber(input.idNumber ?? '');
  let sex = input.sex ?? null;
  let birthDate = input.birthDate ?? null;
  if (docType === 'resident_id') {
    const check = validateIdNumber(number, new Date(now));
    if (!check.ok) fields.id_number = why('id_number', check.reason);
    else {
      if (sex && sex !== 'U' && sex !== check.sex) fields.sex = why('id_mismatch', `does not match the ID number (${check.sex})`, { value: check.sex });
      if (birthDate && birthDate !== check.birthDate)
        fields.birth_date = why('id_mismatch', `does not match the ID number (${check.birthDate})`, { value: check.birthDate });
      sex = check.sex;
      birthDate = check.birthDate;
    }
  } else if (!/^[A-Z0-9]{5,20}$/.test(number)) fields.id_number = why('format', 'document number must be 5–20 letters or digits');
  const name = (input.name ?? '').trim();
  if (!name) fields.name = why('required', 'is required');
  else if (name.length > 50) fields.name = why('max_length', 'is longer than 50 characters', { limit: 50 });
  if (birthDate && !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) fields.birth_date = why('date', 'must be YYYY-MM-DD');
  const phone = input.phone?.trim() || null;
  if (phone && !isValidMobile(phone)) fields.phone = why('mobile', 'must be an 11-digit mainland mobile number (1[3-9]xxxxxxxxx)');
  if (!/^\d{6,18}$/.test(input.areaCode ?? '')) fields.area_code = why('area_code', 'must be an area code of 6–18 digits');
  const tags = [...new Set((input.tags ?? []).map((t) => t.trim()).filter(Boolean))];
  const unknownTags = tags.filter((t) => !(personTags as readonly string[]).includes(t));
  if (unknownTags.length) fields.tags = why('unknown_tags', `unknown tags: ${unknownTags.join(', ')}`, { tags: unknownTags.join(', ') });
  const vaccineDates = input.vaccineDates ?? [];
  if (vaccineDates.some((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d))) fields.vaccine_dates = why('date', 'must be YYYY-MM-DD dates');
  if (Object.keys(fields).length) throw validationError(fields);
  return {
    row: {
      id,
      doc_type: docType,
      doc_hash: docHash(pii, number),
      doc_enc: pii.encrypt(number),
      doc_masked: maskIdNumber(number),
      name,
      sex: sex ?? 'U',
      birth_date: birthDate,
      phone_hash: phone ? phoneHash(pii, phone) : null,
      phone_enc: phone ? pii.encrypt(phone) : null,
      phone_masked: phone ? maskPhone(phone) : null,
      area_code: input.areaCode,
      grid_code: gridOf(input.areaCode),
      household_code: input.householdCode ?? null,
      address: input.address ?? null,
      tags: tags.join('|'),
      control_status: 'none',
      control_changed_at: null,
      vaccine_doses: vaccineDates.length,
      vaccine_dates: vaccineDates.length ? vaccineDates.join('|') : null,
      created_at: now,
      updated_at: now,
    },
    tags,
  };
}
