import { sql, type Kysely } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Database } from './database';
import type { DB } from './schema';

/**
 * Multi-row insert for the hot ingest paths (samples, check-ins): building a 10,000-row
 * statement through the query builder costs more than writing it. On SQLite a cached prepared
 * statement of up to 500 rows; on PostgreSQL one `insert … select * from unnest(…)` per call.
 * `conflict` is the raw `on conflict …` clause, the same text on both engines.
 * Runs on the caller's transaction (`trx`); SQLite has one connection, so the prepared
 * statements run inside it too. Returns the number of rows inserted or updated.
 */
export interface BulkSpec<T> {
  table: string;
  columns: ReadonlyArray<keyof T & string>;
  /** PostgreSQL element type per column for unnest (default text). */
  types?: Partial<Record<keyof T & string, 'text' | 'integer' | 'double precision'>>;
  conflict?: string;
}

const ROWS_PER_STATEMENT = 500;
const cache = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

function statement(db: SQLite.Database, key: string, text: () => string): SQLite.Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map<string, SQLite.Statement>()));
  let s = m.get(key);
  if (!s) m.set(key, (s = db.prepare(text())));
  return s;
}

export async function bulkInsert<T extends object>(database: Database, trx: Kysely<DB>, spec: BulkSpec<T>, rows: readonly T[]): Promise<number> {
  if (rows.length === 0) return 0;
  const cols = spec.columns;
  const head = `insert into ${spec.table} (${cols.join(',')}) values `;
  const tuple = `(${cols.map(() => '?').join(',')})`;
  const tail = spec.conflict ? ` ${spec.conflict}` : '';
  if (database.sqlite) {
    const db = database.sqlite;
    const per = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(32_000 / cols.length)));
    let changed = 0;
    const params: unknown[] = [];
    for (let i = 0; i < rows.length; i += per) {
      const n = Math.min(per, rows.length - i);
      const stmt = statement(db, `${spec.table}|${cols.join(',')}|${tail}|${n}`, () => head + Array(n).fill(tuple).join(',') + tail);
      params.length = 0;
      for (let j = i; j < i + n; j++) {
        const r = rows[j] as Record<string, unknown>;
        for (const c of cols) params.push(r[c] ?? null);
      }
      changed += stmt.run(params).changes;
    }
    return changed;
  }
  const arrays = cols.map((c) => sql`${rows.map((r) => (r as Record<string, unknown>)[c] ?? null)}::${sql.raw(spec.types?.[c] ?? 'text')}[]`);
  const r = await sql`insert into ${sql.raw(spec.table)} (${sql.raw(cols.join(','))}) select * from unnest(${sql.join(arrays)})${sql.raw(tail)}`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

export interface KeyLookup {
  table: string;
  columns: readonly string[];
  /** Equality filters besides the keys (column → value). */
  where?: Readonly<Record<string, string>>;
  /** The text column the keys are matched on. */
  key: string;
}

/**
 * Rows whose `key` is one of `keys` — the hot look-ups of ingest (people by document hash, people
 * already counted in a round). SQLite: cached prepared 500-key statements; PostgreSQL: the keys as
 * one array parameter. No query builder on the way: building a 5,000-placeholder query cost more
 * than running it.
 */
export async function selectByKeys<R>(database: Database, trx: Kysely<DB>, q: KeyLookup, keys: readonly string[]): Promise<R[]> {
  if (keys.length === 0) return [];
  const filters = Object.entries(q.where ?? {});
  const head = `select ${q.columns.join(',')} from ${q.table} where ${filters.map(([c]) => `${c} = ? and `).join('')}${q.key}`;
  const fixed = filters.map(([, v]) => v);
  if (database.sqlite) {
    const db = database.sqlite;
    const out: R[] = [];
    for (let i = 0; i < keys.length; i += 500) {
      const part = keys.slice(i, i + 500);
      const stmt = statement(db, `select|${head}|${part.length}`, () => `${head} in (${part.map(() => '?').join(',')})`);
      for (const r of stmt.all(...fixed, ...part) as R[]) out.push(r);
    }
    return out;
  }
  const conditions = filters.map(([c, v]) => sql`${sql.ref(c)} = ${v} and `);
  const r =
    await sql<R>`select ${sql.raw(q.columns.join(','))} from ${sql.table(q.table)} where ${sql.join(conditions, sql``)}${sql.ref(q.key)} = any(${keys}::text[])`.execute(
      trx,
    );
  return r.rows;
}
