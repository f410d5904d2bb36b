import type { Kysely } from 'kysely';
import pino, { type Logger, type LoggerOptions } from 'pino';
import type { Config } from './config';
import { openDatabase, type Database, type Dialect } from './db/database';
import type { DB } from './db/schema';
import { systemClock, type Clock } from './lib/clock';
import { loadMasterKey, Pii } from './lib/pii';
import { redactPii, redactUrl } from './lib/pii-redact';

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

/**
 * One set of logger options for the process logger and Fastify's request logger: named personal
 * fields are censored, request URLs lose search values and ID numbers/phones (`?q=3207…`), and as
 * a last line every written line is scanned for an ID number or phone (a parse error quoting a value).
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      req: (req: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) => ({
        method: req.method,
        url: req.url === undefined ? undefined : redactUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
    hooks: { streamWrite: redactPii },
  };
}

export function createLogger(level: string, stream?: { write(line: string): void }): Logger {
  return stream ? pino(loggerOptions(level), stream) : pino(loggerOptions(level));
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
