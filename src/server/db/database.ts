import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type DatabaseConnection, type Driver, type LogConfig } from 'kysely';
import pg from 'pg';
import { FifoMutex } from './fifo-mutex';
import type { DB } from './schema';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** Raw better-sqlite3 handle (SQLite only) for the few hot paths that need prepared statements. */
  sqlite: SQLite.Database | null;
  /** PostgreSQL pool (PostgreSQL only), e.g. for COPY-free bulk paths and LISTEN. */
  pgPool: pg.Pool | null;
  close(): Promise<void>;
}

// COUNT(*) and SUM over bigint come back as strings by default; our figures fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

/**
 * SQLite transactions start IMMEDIATE so a CLI writing beside the server waits instead of failing,
 * and the one connection is handed out first-come-first-served (see FifoMutex for why).
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    const begin = async (connection: DatabaseConnection): Promise<void> => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    driver.beginTransaction = begin;
    // Only one caller at a time passes our queue, so Kysely's own mutex below it never has waiters.
    const queue = new FifoMutex();
    const acquire = driver.acquireConnection.bind(driver);
    const release = driver.releaseConnection.bind(driver);
    driver.acquireConnection = async () => {
      await queue.lock();
      return acquire();
    };
    driver.releaseConnection = async (connection) => {
      await release(connection);
      queue.unlock();
    };
    return driver;
  }
}

/**
 * `synchronous`: with WAL, NORMAL does not fsync at commit (a killed process loses nothing; a power
 * cut may lose the commits the OS had not yet written back, typically the last ~30 s); FULL fsyncs
 * the WAL at every commit (nothing acknowledged is lost) at about 6 ms per commit on the test VM's
 * disk, which SQLite's single writer serialises (`npm run bench -- sqlite-sync`). EPIGRID_SQLITE_SYNC.
 */
export function openSqlite(file: string, opts: { synchronous?: 'normal' | 'full'; log?: LogConfig } = {}): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${opts.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 15000');
  sqlite.pragma('cache_size = -524288'); // 512 MiB page cache: 10-million-row indexes stay mostly in memory
  sqlite.pragma('mmap_size = 2147483648');
  sqlite.pragma('temp_store = MEMORY');
  // Checkpoint every 64 MiB of WAL rather than every 4 MiB: bulk ingest into wide random-key indexes
  // (check-ins, samples) otherwise pays a full checkpoint on nearly every commit (measured 4× slower).
  sqlite.pragma('wal_autocheckpoint = 16384');
  const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: sqlite }), log: opts.log });
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    pgPool: null,
    close: async () => {
      await db.destroy();
    },
  };
}

/** `log`: Kysely's query log (benchmarks profile statements with it; the server leaves it off). */
export function openPostgres(url: string, poolSize = 10, log?: LogConfig): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle pooled connection can be cut by the server (restart, failover, a dropped test
  // database). pg emits that on the pool; unhandled it would crash the process. The pool has
  // already discarded the client and the next query opens a fresh one, so it is only noted.
  pool.on('error', (err) => process.emitWarning(`PostgreSQL idle connection lost: ${err.message}`));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log });
  return {
    db,
    dialect: 'postgres',
    sqlite: null,
    pgPool: pool,
    close: async () => {
      await db.destroy();
    },
  };
}

/** The configured database: PostgreSQL when DATABASE_URL is set, else `$dataDir/epigrid.db`. */
export function openDatabase(opts: { databaseUrl: string | undefined; dataDir: string; sqliteSync?: 'normal' | 'full' }): Database {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openSqlite(path.join(opts.dataDir, 'epigrid.db'), { synchronous: opts.sqliteSync });
}
