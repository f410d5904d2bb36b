import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../app';
import { loadConfig, type Config } from '../config';
import { createContext, createLogger, type AppContext } from '../context';
import { openPostgres, openSqlite, type Database, type Dialect } from '../db/database';
import { migrateToLatest } from '../db/migrator';
import { ManualClock } from '../lib/clock';
import { Pii } from '../lib/pii';
import { systemActor, type Actor } from '../modules/auth/actor';
import { SESSION_COOKIE } from '../http/auth-hook';
import { AuthService } from '../modules/auth/auth.service';
import type { Role } from '../modules/auth/permissions';
import { testPgUrl } from './engines';

export { testDialects } from './engines';

export interface TestContext {
  dialect: Dialect;
  ctx: AppContext;
  clock: ManualClock;
  /** The HTTP app on this database (built on first use). */
  app(): Promise<FastifyInstance>;
  admin: Actor;
  /** Create a user and return a cookie header logged in as them. */
  loginAs(role: Role, scope?: string[], username?: string): Promise<{ cookie: string; userId: string }>;
  close(): Promise<void>;
}

let fileCounter = 0;

/** A fresh migrated database of the given engine for one test file. */
export async function freshDatabase(dialect: Dialect): Promise<Database> {
  if (dialect === 'sqlite') {
    const database = openSqlite(':memory:');
    await migrateToLatest(database.db);
    return database;
  }
  const template = inject('pgTemplate');
  if (!template) throw new Error('PostgreSQL tests need the global setup (EPIGRID_TEST_DATABASES includes postgres)');
  const name = `epigrid_t_${process.ppid}_${process.pid}_${fileCounter++}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPgUrl() });
  await admin.connect();
  try {
    // Clones of one template may collide for a moment; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        break;
      } catch (err) {
        if (attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 100 + attempt * 50));
      }
    }
  } finally {
    await admin.end();
  }
  const database = openPostgres(testPgUrl(name), 5);
  const closePool = () => database.db.destroy();
  database.close = async () => {
    await closePool();
    const c = new pg.Client({ connectionString: testPgUrl() });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
  return database;
}

/**
 * Tests call the app with `inject`, one request after another in what the event loop sees as one
 * long turn, so the queueing signal of http/admission.ts would shed every request after the first
 * 500 ms with 429 and a test reading answers would see refusals instead (the route probe and the
 * wire test passed on them). Off here; admission.spec.ts tests shedding on its own server.
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ EPIGRID_DATA_DIR: '/tmp/epigrid-test-unused', EPIGRID_DEMO_PEOPLE: '0', EPIGRID_LOG_LEVEL: 'silent' }),
    shedAfterMs: 0,
    ...overrides,
  };
}

export async function createTestContext(dialect: Dialect, overrides: Partial<Config> = {}): Promise<TestContext> {
  const database = await freshDatabase(dialect);
  const clock = new ManualClock('2026-05-06T02:00:00.000Z');
  const ctx = createContext(testConfig(overrides), { database, clock, pii: new Pii(Buffer.alloc(32, 7)), log: createLogger('silent') });
  let app: FastifyInstance | null = null;
  let userNo = 0;
  const t: TestContext = {
    dialect,
    ctx,
    clock,
    admin: systemActor('test-admin'),
    async app() {
      if (!app) {
        app = await buildApp(ctx, { logger: false });
        await app.ready();
      }
      return app;
    },
    async loginAs(role, scope = ['*'], username) {
      const name = username ?? `${role.replace(/_/g, '')}${++userNo}`;
      const password = 'Test-password-123';
      const user = await new AuthService(ctx).createUser(t.admin, { username: name, displayName: name, role, scope, password, mustChangePassword: false });
      // The real login (password check, session row, audit) without the login route's per-address
      // limit of 20 a minute, which a fast run of a long test file (the fuzz test re-logs in after
      // each fuzzed logout) would hit; the route and its limit have their own tests.
      const { token } = await new AuthService(ctx).login(name, password, { ip: '127.0.0.1', userAgent: 'test' });
      return { cookie: `${SESSION_COOKIE}=${token}`, userId: user.id };
    },
    async close() {
      if (app) await app.close();
      await database.close();
    },
  };
  return t;
}
