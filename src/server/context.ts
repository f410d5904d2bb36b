import type { Kysely } from 'kysely';
import pino, { type Logger } from 'pino';
import type { Config } from './config';
import { openDatabase, type Database, type Dialect } from './db/database';
import type { DB } from './db/schema';
import { systemClock, type Clock } from './lib/clock';
import { loadMasterKey, Pii } from './lib/pii';

/** What every service needs; built once per process (server or CLI) and passed down. */
export interface AppContext {
  db: Kysely<DB>;
  dialect: Dialect;
  database: Database;
  config: Config;
  clock: Clock;
  pii: Pii;
  log: Logger;
}

/** Personal fields never reach the logs in clear, whatever a handler logs by mistake. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.id_number',
  '*.idNumber',
  '*.phone',
  '*.id_numbers',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: redactPaths, censor: '[redacted]' } });
}

export function createContext(config: Config, overrides: Partial<AppContext> = {}): AppContext {
  const database = overrides.database ?? openDatabase(config);
  return {
    db: database.db,
    dialect: database.dialect,
    database,
    config,
    clock: overrides.clock ?? systemClock,
    pii: overrides.pii ?? new Pii(loadMasterKey(config.secretKeyHex, config.dataDir)),
    log: overrides.log ?? createLogger(config.logLevel),
  };
}
