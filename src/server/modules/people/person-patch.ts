import { validationError } from '../../errors';
import { isValidMobile } from '../../lib/id-number';
import { maskPhone } from '../../lib/masking';
import type { Pii } from '../../lib/pii';
import { personTags } from './control-status';
import { phoneHash } from './person-input';
import type { PersonRow } from './people.table';

/**
 * What an ordinary update may change. Not the document number (a different person), not the
 * area (moving is its own audited operation with a reason), not the control status (its own
 * service call with evidence).
 */
export interface PersonPatch {
  name?: string;
  phone?: string | null;
  address?: string | null;
  householdCode?: string | null;
  tags?: string[];
  vaccineDates?: string[];
}

/** Validate a patch against the stored row: the columns to set, the names of the fields that change, new tags if any. */
export function personPatch(pii: Pii, old: PersonRow, patch: PersonPatch, now: string): { set: Partial<PersonRow>; changed: string[]; tags: string[] | null } {
  const fields: Record<string, string> = {};
  const set: Partial<PersonRow> = {};
  const changed: string[] = [];
  if (patch.name !== undefined) {
    const name = patch.name.trim();
    if (!name) fields.name = 'is required';
    else if (name.length > 50) fields.name = 'is longer than 50 characters';
    else if (name !== old.name) {
      set.name = name;
      changed.push('name');
    }
  }
  if (patch.phone !== undefined) {
    const phone = patch.phone?.trim() || null;
    if (phone && !isValidMobile(phone)) fields.phone = 'must be an 11-digit mainland mobile number (1[3-9]xxxxxxxxx)';
    else {
      const hash = phone ? phoneHash(pii, phone) : null;
      if (hash !== old.phone_hash) {
        Object.assign(set, { phone_hash: hash, phone_enc: phone ? pii.encrypt(phone) : null, phone_masked: phone ? maskPhone(phone) : null });
        changed.push('phone');
      }
    }
  }
  if (patch.address !== undefined) {
    const address = patch.address?.trim() || null;
    if (address && address.length > 200) fields.address = 'is longer than 200 characters';
    else if (address !== old.address) {
      set.address = address;
      changed.push('address');
    }
  }
  if (patch.householdCode !== undefined) {
    const hh = patch.householdCode?.trim() || null;
    if (hh && hh.length > 30) fields.householdCode = 'is longer than 30 characters';
    else if (hh !== old.household_code) {
      set.household_code = hh;
      changed.push('householdCode');
    }
  }
  let tags: string[] | null = null;
  if (patch.tags !== undefined) {
    const next = [...new Set(patch.tags.map((t) => t.trim()).filter(Boolean))];
    const unknown = next.filter((t) => !(personTags as readonly string[]).includes(t));
    if (unknown.length) fields.tags = `unknown tags: ${unknown.join(', ')}`;
    else if (next.join('|') !== old.tags) {
      set.tags = next.join('|');
      tags = next;
      changed.push('tags');
    }
  }
  if (patch.vaccineDates !== undefined) {
    if (patch.vaccineDates.some((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d))) fields.vaccineDates = 'must be YYYY-MM-DD dates';
    else if ((patch.vaccineDates.join('|') || null) !== old.vaccine_dates) {
      Object.assign(set, { vaccine_dates: patch.vaccineDates.join('|') || null, vaccine_doses: patch.vaccineDates.length });
      changed.push('vaccineDates');
    }
  }
  if (Object.keys(fields).length) throw validationError(fields);
  if (changed.length) set.updated_at = now;
  return { set, changed, tags };
}
