import type { FieldReason } from '../../../contract/errors';
import { DomainError } from '../../errors';
import { newId } from '../../lib/ids';
import type { Pii } from '../../lib/pii';
import type { ImportRecord } from './import-source';
import { buildPersonRow } from './person-input';
import type { PersonRow } from './people.table';

/** One import row after the checks that need no database: a stored row ready to write, or the reasons it is refused. */
export type PreparedRow =
  { row: number; person: PersonRow; tags: string[] } | { row: number; fields: Record<string, string>; reasons: Record<string, FieldReason> };

const SEX: Record<string, 'M' | 'F' | 'U'> = { M: 'M', F: 'F', 男: 'M', 女: 'F', U: 'U' };

/**
 * Validate one CSV/XLSX record and build its stored form (keyed hashes, ciphertexts, masks).
 * Pure CPU work with no database access, so it can run on a worker thread beside the writer.
 */
export function prepareRecord(pii: Pii, now: string, { row, values: v }: ImportRecord): PreparedRow {
  const fields: Record<string, string> = {};
  const reasons: Record<string, FieldReason> = {};
  const sex = v.sex ? SEX[v.sex.trim().toUpperCase()] : undefined;
  if (v.sex && !sex) [fields.sex, reasons.sex] = ['must be M, F, 男 or 女', { code: 'sex' }];
  try {
    const built = buildPersonRow(
      pii,
      {
        idNumber: v.id_number ?? '',
        name: v.name ?? '',
        sex,
        birthDate: v.birth_date || null,
        phone: v.phone || null,
        areaCode: v.area_code ?? '',
        address: v.address || null,
        householdCode: v.household || null,
        tags: (v.tags ?? '').split('|'),
      },
      newId(),
      now,
    );
    if (Object.keys(fields).length === 0) return { row, person: built.row, tags: built.tags };
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    Object.assign(fields, (e.details.fields as Record<string, string> | undefined) ?? { row: e.message });
    Object.assign(reasons, e.details.reasons as Record<string, FieldReason> | undefined);
  }
  return { row, fields, reasons };
}

export const PEOPLE_COLUMNS = ['id_number', 'name', 'sex', 'birth_date', 'phone', 'area_code', 'address', 'household', 'tags'] as const;
export const PEOPLE_REQUIRED_COLUMNS = ['id_number', 'name', 'area_code'] as const;

export interface PreparedBatch {
  prepared: PreparedRow[];
  /** Data rows read so far (for progress). */
  rows: number;
}

/** An upload's bytes, pulled by the preparation worker from the main thread: it asks with NeedChunk. */
export type ChunkMessage = { chunk: Uint8Array } | { end: true };
export type NeedChunk = { need: true };
