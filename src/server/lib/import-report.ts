import { stringify } from 'csv-stringify/sync';
import type { ImportRowProblem, ReasonCode } from '../../contract/errors';
import { rowReasonOf, rowReasonWords, type WordsLanguage } from '../../contract/reason-words';
import type { Why } from '../errors';

/**
 * Import row reports (issue 12). Every import answers its refused rows as `row,column,reason`
 * (the documented columns: English reason, integration contract) plus `reason_code`, a stable
 * code from contract/errors.ts REASON_CODES whose words (contract/reason-words.ts) the web shows
 * and the Chinese report (`?lang=zh`) writes.
 */

export const REPORT_COLUMNS = ['row', 'column', 'reason', 'reason_code'] as const;
/** The same columns as a person reads them (`?lang=zh`); the reason is then in Chinese words too. */
export const REPORT_COLUMNS_ZH = ['行号', '列', '原因', '原因代码'] as const;

/**
 * A refused row from a reason code and its English text (`why('duplicate_row', 'duplicate of row 3…', { first: 3 })`);
 * bare text (a check not yet given a code) is `invalid`.
 */
export function rowProblem(row: number, column: string, reason: Why | string): ImportRowProblem {
  if (typeof reason === 'string') return { row, column, reason, reasonCode: 'invalid' };
  const out: ImportRowProblem = { row, column, reason: reason.text, reasonCode: reason.why };
  if (reason.params && Object.keys(reason.params).length) out.reasonFigures = reason.params;
  return out;
}

/** A refused row from a field's validation reason (details.reasons of a validationError), if any. */
export function rowFromField(row: number, column: string, text: string, reason?: { code: ReasonCode } & Record<string, unknown>): ImportRowProblem {
  const { reasonCode, reasonFigures } = rowReasonOf(reason as Parameters<typeof rowReasonOf>[0]);
  return reasonFigures ? { row, column, reason: text, reasonCode, reasonFigures } : { row, column, reason: text, reasonCode };
}

/** The rows as the report's CSV: English by default (scripts), Chinese headers and reasons for `zh`. */
export function importReportCsv(rows: readonly ImportRowProblem[], lang: WordsLanguage = 'en'): string {
  const zh = lang === 'zh';
  const records = rows.map((r) => [r.row, r.column, zh ? rowReasonWords('zh', r) : r.reason, r.reasonCode ?? 'invalid']);
  return stringify(records, { header: true, columns: [...(zh ? REPORT_COLUMNS_ZH : REPORT_COLUMNS)] });
}
