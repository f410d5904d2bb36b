/**
 * Database refusals caused by the request's data, as 4xx answers (issue 11, finding 3): a
 * duplicate key is a conflict, a value the column cannot hold is a bad request. The database's
 * own message is never sent or echoed: it can quote the offending value (an ID-number hash, a
 * phone). Anything else stays a 500.
 */
export interface DbRefusal {
  status: number;
  code: string;
  message: string;
}

const SQLITE: Record<string, DbRefusal> = {
  SQLITE_CONSTRAINT_UNIQUE: { status: 409, code: 'CONFLICT', message: 'A record with the same key already exists' },
  SQLITE_CONSTRAINT_PRIMARYKEY: { status: 409, code: 'CONFLICT', message: 'A record with the same key already exists' },
  SQLITE_CONSTRAINT_FOREIGNKEY: { status: 409, code: 'CONFLICT', message: 'The request refers to a record that does not exist, or one still referred to' },
  SQLITE_TOOBIG: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'A value is too large to store' },
};

export function dbRefusal(err: unknown): DbRefusal | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  if (SQLITE[code]) return SQLITE[code];
  // PostgreSQL SQLSTATE (pg errors carry `severity` beside the 5-character code).
  if (!/^[0-9A-Z]{5}$/.test(code) || !('severity' in err)) return null;
  if (code === '23505') return { status: 409, code: 'CONFLICT', message: 'A record with the same key already exists' };
  if (code === '23503') return { status: 409, code: 'CONFLICT', message: 'The request refers to a record that does not exist, or one still referred to' };
  if (code === '54000' || code === '54001') return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'A value is too large to store' };
  // Class 22, data exceptions: out-of-range numbers, bad dates, invalid text or byte sequences.
  if (code.startsWith('22')) return { status: 400, code: 'BAD_REQUEST', message: 'A value in the request is out of range or malformed' };
  return null;
}
