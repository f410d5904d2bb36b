import { DomainError } from '../errors';

/**
 * Parser failures of uploaded files as 4xx answers naming the row and column (issue 11,
 * findings 3 and 11). The message never carries the offending value: a CSV cell may be an
 * ID number or a phone, and error messages reach logs and screens.
 */
const csvReasons: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field',
  CSV_INVALID_CLOSING_QUOTE: 'characters after a closing quote',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'characters after a closing quote',
  CSV_MAX_RECORD_SIZE: 'a row is larger than the limit',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'a row has the wrong number of fields',
  CSV_RECORD_INCONSISTENT_COLUMNS: 'a row has the wrong number of fields',
  CSV_INVALID_ARGUMENT: 'the file cannot be read as CSV',
};

interface CsvErrorLike {
  code: string;
  lines?: number;
  column?: number | string;
  index?: number;
}

// csv-parse's codes mostly start with CSV_, but not all (INVALID_OPENING_QUOTE): match its class name too.
function isCsvError(e: unknown): e is CsvErrorLike {
  if (typeof e !== 'object' || e === null) return false;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('CSV_') || (e as Error).name === 'CsvError' || code in csvReasons);
}

/** A csv-parse error as BAD_FILE (400) with row and 1-based column; anything else unchanged. */
export function fromCsvError(e: unknown): unknown {
  if (!isCsvError(e)) return e;
  const row = typeof e.lines === 'number' ? e.lines : null;
  const rawCol = typeof e.column === 'number' ? e.column : typeof e.index === 'number' ? e.index : null;
  const column = rawCol === null ? null : rawCol + 1;
  const reason = csvReasons[e.code] ?? 'the file cannot be read as CSV';
  const where = [row !== null ? `row ${row}` : '', column !== null ? `column ${column}` : ''].filter(Boolean).join(', ');
  return new DomainError('BAD_FILE', `CSV ${where ? `${where}: ` : ''}${reason}`, { row, column, reason, parser: e.code });
}

/** Any failure of the XLSX reader (damaged, truncated or not a workbook) as BAD_FILE (400). */
export function fromXlsxError(e: unknown): unknown {
  if (e instanceof DomainError) return e;
  return new DomainError('BAD_FILE', 'The XLSX workbook cannot be read: it is damaged, truncated or not a workbook', { reason: 'unreadable workbook' });
}

/** Largest CSV row accepted (bytes): a file of junk without line breaks stops here, not in memory. */
export const MAX_CSV_RECORD_BYTES = 1024 * 1024;
