import type { TFunction } from 'i18next';
import type { ImportRowProblem } from '../../contract/errors';
import { ApiError } from '../api/client';

/**
 * One mapping of server errors to the user's language for every page (issue 12): the error code's
 * words (lib/error-words.ts) with its details interpolated; a validation error names each field and
 * its reason in words (details.reasons). Never the server's English text. A feature may word a code
 * or a field more precisely under `<own>.<CODE>` / `<own>.fields.<field>` (a full sentence, e.g.
 * the temperature's range) or name a field its way (`<own>.fieldNames.<field>`) and passes that key
 * prefix as `own` (`'quarantine.errors'`).
 */

type Exists = (key: string) => boolean;
interface Reason {
  code?: string;
  [figure: string]: unknown;
}

export function reasonsOf(e: ApiError): Record<string, Reason> {
  const r = e.details.reasons;
  return r && typeof r === 'object' ? (r as Record<string, Reason>) : {};
}

/**
 * A field's name in words: the feature's own name for it (`<own>.fieldNames.<field>`), else the
 * shared one for the whole path or its last part (`items.3.idNumber` → 身份证号（第 4 项）).
 */
function fieldWord(field: string, t: TFunction, exists: Exists, own?: string): string {
  const parts = field.split(/[.[\]]+/).filter(Boolean);
  const index = parts.filter((p) => /^\d+$/.test(p)).pop();
  const last = parts.filter((p) => !/^\d+$/.test(p)).pop() ?? '';
  const keys = [own && `${own}.fieldNames.${last}`, `errors.fields.${field}`, `errors.fields.${last}`];
  const key = keys.find((k): k is string => !!k && exists(k));
  const word = key ? t(key) : t('errors.someField');
  return index === undefined ? word : word + t('errors.item', { n: Number(index) + 1 });
}

/** One field's reason in words, from its machine reason (`invalid` when the server gave none). */
export function reasonText(reason: Reason | undefined, t: TFunction, exists: Exists): string {
  const code = reason?.code && exists(`errors.reasons.${reason.code}`) ? reason.code : 'invalid';
  return t(`errors.reasons.${code}`, { ...reason });
}

/** An import row's reason in words, from its reason code and figures (never the server's English). */
export function rowReasonText(r: Pick<ImportRowProblem, 'reasonCode' | 'reasonFigures'>, t: TFunction, exists: Exists): string {
  return reasonText(r.reasonCode ? { ...r.reasonFigures, code: r.reasonCode } : undefined, t, exists);
}

/** A file column or field in words when known (`errors.fields.<column>`), else the column as the file names it. */
export function columnText(column: string, t: TFunction, exists: Exists): string {
  return exists(`errors.fields.${column}`) ? t(`errors.fields.${column}`) : column;
}

function validationText(e: ApiError, t: TFunction, exists: Exists, own?: string): string {
  const reasons = reasonsOf(e);
  const fields = [...new Set([...Object.keys(e.fields), ...Object.keys(reasons)])];
  const parts = fields.map((field) => {
    if (field === '…') return t('errors.more', { count: Number(reasons[field]?.more ?? 0) });
    const mine = own && `${own}.fields.${field}`;
    if (mine && exists(mine)) return t(mine);
    return t('errors.fieldReason', { field: fieldWord(field, t, exists, own), reason: reasonText(reasons[field], t, exists) });
  });
  return parts.length ? parts.join(t('errors.separator')) : t('errors.codes.VALIDATION_FAILED');
}

/** What an error says in the user's language; `own` first looks for a feature's own words. */
export function errorText(e: unknown, t: TFunction, exists: Exists, own?: string): string {
  if (!(e instanceof ApiError)) return t(e instanceof TypeError ? 'errors.network' : 'errors.unknown');
  if (e.code === 'VALIDATION_FAILED' && (Object.keys(e.fields).length || Object.keys(reasonsOf(e)).length)) return validationText(e, t, exists, own);
  const values = { ...e.details, minutes: Math.max(1, Math.ceil(Number(e.details.retryAfterSeconds ?? 60) / 60)) };
  const mine = own && `${own}.${e.code}`;
  if (mine && exists(mine)) return t(mine, values);
  if (exists(`errors.codes.${e.code}`)) return t(`errors.codes.${e.code}`, values);
  return t('errors.other', { status: e.status, code: e.code });
}
