// A real EpiGrid server in a child process for the load bench, so that client and server do not
// share one event loop. Started on a fresh SQLite data dir, or on a fresh PostgreSQL database.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const ADMIN_PASSWORD = 'Bench-load-2026!';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function freshPostgres(url: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name} template template0 lc_collate 'C' lc_ctype 'C'`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface Running {
  base: string;
  /** Where its data lives: the SQLite file, or the PostgreSQL database URL. */
  sqliteFile: string | null;
  databaseUrl: string | null;
  stop(): Promise<void>;
}

/**
 * Start `bin/server.js` with a demo city of `people`; resolves once /healthz answers. `env`
 * overrides the bench's settings (e.g. jobs on, a trusted proxy).
 */
export async function startServer(engine: 'sqlite' | 'postgres', people: number, seed: number, env: NodeJS.ProcessEnv = {}): Promise<Running> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'epigrid-load-'));
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    EPIGRID_DATA_DIR: dataDir,
    EPIGRID_DEMO_PEOPLE: String(people),
    EPIGRID_DEMO_SEED: String(seed),
    EPIGRID_ADMIN_PASSWORD: ADMIN_PASSWORD,
    EPIGRID_LOG_LEVEL: 'error',
    EPIGRID_JOBS: 'off',
    ...env,
  };
  delete childEnv.DATABASE_URL;
  if (engine === 'postgres') childEnv.DATABASE_URL = await freshPostgres(process.env.EPIGRID_BENCH_PG_URL as string, 'bench_load');
  const root = path.resolve(import.meta.dirname, '../..');
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin/server.js')], { env: childEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 1200) throw new Error('server did not start in 10 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    base,
    sqliteFile: engine === 'sqlite' ? path.join(dataDir, 'epigrid.db') : null,
    databaseUrl: childEnv.DATABASE_URL ?? null,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
