import { sql, type Expression, type ExpressionBuilder, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Dialect } from './database';
import type { DB } from './schema';

/**
 * Everything that differs between SQLite and PostgreSQL lives here, behind a name.
 * Conventions shared by both: ids are text (UUIDv7) or integers; instants are ISO-8601
 * UTC text ('2026-11-24T08:00:00.000Z', which sorts correctly); booleans are 0/1 integers;
 * JSON is text. Area codes are prefix-hierarchical digit strings, so "within an area"
 * is a range on an index: code <= x < code + '~' (PostgreSQL databases use C collation).
 */

/** Upper bound (exclusive) of all codes that start with `code`. */
export function codeUpperBound(code: string): string {
  return `${code}~`;
}

/** `column` lies within one of the area codes in `scope` ('*' = everything). */
export function inAreas<DBX, TB extends keyof DBX>(eb: ExpressionBuilder<DBX, TB>, column: string, scope: readonly string[]): Expression<SqlBool> {
  if (scope.includes('*')) return sql<SqlBool>`1 = 1`;
  if (scope.length === 0) return sql<SqlBool>`1 = 0`;
  const ref = sql.ref(column);
  const parts = scope.map((code) => sql<SqlBool>`(${ref} >= ${code} and ${ref} < ${codeUpperBound(code)})`);
  return eb.or(parts);
}

/** Seconds from instant `a` to instant `b` (both ISO text columns or expressions). */
export function secondsBetween(
  dialect: Dialect,
  a: RawBuilder<unknown> | Expression<unknown>,
  b: RawBuilder<unknown> | Expression<unknown>,
): RawBuilder<number> {
  return dialect === 'sqlite'
    ? sql<number>`((julianday(${b}) - julianday(${a})) * 86400.0)`
    : sql<number>`extract(epoch from (${b}::timestamptz - ${a}::timestamptz))::float8`;
}

/** Percentile (0..1) of a numeric expression; SQLite lacks percentile_cont so callers compute it in memory there. */
export function supportsPercentile(dialect: Dialect): boolean {
  return dialect === 'postgres';
}

/** Serialise writers that must see each other's rows (e.g. the audit hash chain). */
export async function lockForSerialWrite(db: Kysely<DB>, dialect: Dialect, key: string): Promise<void> {
  // SQLite transactions are BEGIN IMMEDIATE: the whole database is already write-locked.
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(db);
}

/** Max rows per multi-row INSERT given the number of columns (bind-parameter limits). */
export function rowsPerInsert(dialect: Dialect, columns: number): number {
  const maxParams = dialect === 'sqlite' ? 32_766 : 65_535;
  return Math.max(1, Math.floor(maxParams / columns) - 1);
}

/** Split rows into chunks that each fit one multi-row INSERT. */
export function* insertChunks<T extends object>(dialect: Dialect, rows: readonly T[]): Generator<T[]> {
  if (rows.length === 0) return;
  const size = rowsPerInsert(dialect, Object.keys(rows[0] as object).length);
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** `for update skip locked` where the engine has it (PostgreSQL), nothing on SQLite. */
export function skipLockedSuffix(dialect: Dialect): RawBuilder<unknown> {
  return dialect === 'postgres' ? sql`for update skip locked` : sql``;
}

export function toBool(v: number | boolean | null | undefined): boolean {
  return v === true || v === 1;
}

export function fromBool(v: boolean): number {
  return v ? 1 : 0;
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text == null || text === '') return fallback;
  return JSON.parse(text) as T;
}
