import { responsibleDuties, type ImportRowError } from '../../../contract/owners';
import { isValidMobile } from '../../lib/id-number';
import type { ResponsibleDuty } from './areas.table';
import { why, type Why } from '../../errors';
import { rowProblem } from '../../lib/import-report';

/**
 * Pure checks of one row of a responsibles file (issue 13 item 5). Reasons never carry the
 * phone. Whether the area exists and lies in the importer's scope is checked in responsibles-import.ts.
 */

const AREA_CODE = /^\d{2,18}$/;
const MAX_TEXT = 50;

export interface ResponsibleImportRow {
  row: number;
  areaCode: string;
  duty: ResponsibleDuty;
  name: string;
  title: string | null;
  phone: string | null;
}

/** One owner is one (area, duty, name): a second row with the same three is the same person. */
export const responsibleKey = (r: { areaCode: string; duty: string; name: string }) => `${r.areaCode}\u0000${r.duty}\u0000${r.name}`;

export function parseResponsibleRow(row: number, values: Record<string, string>): { ok: ResponsibleImportRow } | { errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const bad = (column: string, reason: Why) => errors.push(rowProblem(row, column, reason));
  const areaCode = (values.area_code ?? '').trim();
  const duty = (values.duty ?? '').trim();
  const name = (values.name ?? '').trim();
  const title = (values.title ?? '').trim();
  const phone = (values.phone ?? '').trim();
  if (!AREA_CODE.test(areaCode)) bad('area_code', areaCode ? why('area_code', 'not an area code (2–18 digits)') : why('required', 'is required'));
  if (!duty) bad('duty', why('required', 'is required'));
  else if (!(responsibleDuties as readonly string[]).includes(duty))
    bad('duty', why('one_of', `unknown duty ${duty.slice(0, 40)}; one of ${responsibleDuties.join(', ')}`, { values: responsibleDuties.join(', ') }));
  if (!name) bad('name', why('required', 'is required'));
  else if ([...name].length > MAX_TEXT) bad('name', why('max_length', `at most ${MAX_TEXT} characters`, { limit: MAX_TEXT }));
  if ([...title].length > MAX_TEXT) bad('title', why('max_length', `at most ${MAX_TEXT} characters`, { limit: MAX_TEXT }));
  if (phone && !isValidMobile(phone)) bad('phone', why('mobile', 'must be an 11-digit mainland mobile number'));
  if (errors.length) return { errors };
  return { ok: { row, areaCode, duty: duty as ResponsibleDuty, name, title: title || null, phone: phone || null } };
}
