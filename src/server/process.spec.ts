import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/**
 * The real binaries on a real SQLite file: the server runs while the CLI writes to the same
 * database, and SIGTERM shuts the server down cleanly.
 */
describe('[sqlite] server and CLI processes on one database', () => {
  let dir: string;
  let server: ChildProcess;
  let port: number;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epigrid-proc-'));
    port = 20000 + Math.floor(Math.random() * 20000);
    env = {
      ...process.env,
      EPIGRID_DATA_DIR: dir,
      PORT: String(port),
      EPIGRID_ADMIN_PASSWORD: 'Admin-pass-2022',
      EPIGRID_DEMO_PEOPLE: '0',
      EPIGRID_LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    };
    delete env.DATABASE_URL;
    server = spawn(process.execPath, [path.join(root, 'bin/server.js')], { env, stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.ok) return;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('server did not start');
  }, 60_000);

  afterAll(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the CLI creates a user while the server runs, and the server logs them in', async () => {
    const cli = (args: string[]) => run(process.execPath, [path.join(root, 'bin/epigrid.js'), ...args], { env });
    const [created] = await Promise.all([
      cli(['user', 'create', '--username', 'zhao.liu', '--role', 'epidemiologist', '--password', 'Tracer-pass-2022', '--scope', '320706', '--json']),
      fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'Admin-pass-2022' }),
      }),
    ]);
    expect(JSON.parse(created.stdout)).toHaveProperty('id');
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'zhao.liu', password: 'Tracer-pass-2022' }),
    });
    expect(login.status).toBe(200);
    const verify = await cli(['audit', 'verify', '--json']);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
    expect(fs.existsSync(path.join(dir, 'secret.key'))).toBe(true);
  });

  it('shuts down on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
