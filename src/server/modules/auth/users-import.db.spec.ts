import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import pino from 'pino';
import { buildApp } from '../../app';
import { AREAS, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import type { CliKit } from '../module';
import { registerOwnerCommands } from '../owners.commands';
import { systemActor, type Actor } from './actor';
import { permissionsOf, type Permission } from './permissions';
import { importUsers } from './users-import';

const HEADER = 'username,display_name,role,scope,phone';
const csv = (...lines: string[]) => Readable.from(Buffer.from([HEADER, ...lines].join('\n') + '\n'));
let n = 0;
const uniq = (p: string) => `${p}${++n}`;

for (const dialect of testDialects()) {
  describe(`[${dialect}] import users (issue 13 item 5)`, () => {
    let t: TestContext;
    let dir: string;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epigrid-users-'));
    });
    afterAll(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await t.close();
    });

    const file = (name: string, ...lines: string[]) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, [HEADER, ...lines].join('\n') + '\n');
      return p;
    };
    /** Run one `epigrid …` command in-process on the test database; returns what it printed. */
    async function epigrid(...args: string[]): Promise<unknown> {
      const printed: unknown[] = [];
      const kit: CliKit = { withContext: (fn) => fn(t.ctx), print: (_json, value) => void printed.push(value), actor: () => t.admin };
      const program = new Command('epigrid').exitOverride();
      registerOwnerCommands(program, kit);
      await program.parseAsync(['node', 'epigrid', ...args]);
      return printed[0];
    }
    const readPasswords = (p: string) =>
      fs
        .readFileSync(p, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',') as [string, string]);
    const login = async (username: string, password: string) =>
      (await t.app()).inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    const user = (username: string) => t.ctx.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();

    it('creates accounts with one-time passwords written only to --passwords; first login must change it', async () => {
      const [a, b] = [uniq('gw.a'), uniq('gw.b')];
      const input = file(
        'first.csv',
        `${a},王网格,grid_worker,${AREAS.gridA},13700001111`,
        `${b},李社区,area_official,${AREAS.communityA}|${AREAS.communityB},`,
      );
      const out = path.join(dir, 'pw-first.csv');
      expect(await epigrid('import', 'users', input, '--passwords', out, '--json')).toEqual({ accepted: 2, rejected: 0, unchanged: 0, updated: 0 });
      expect(fs.statSync(out).mode & 0o777).toBe(0o600);
      const pw = readPasswords(out);
      expect(pw.map(([u]) => u)).toEqual([a, b]);
      for (const [, p] of pw) expect(p).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
      const res = await login(a, pw[0]?.[1] as string);
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toMatchObject({ mustChangePassword: true, role: 'grid_worker', scope: [AREAS.gridA] });
      const cookie = String(res.headers['set-cookie']).split(';')[0] as string;
      const gated = await (await t.app()).inject({ url: '/api/v1/overview', headers: { cookie } });
      expect(gated.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
      // The phone is stored as every phone is: encrypted, shown masked.
      const row = await user(a);
      expect(row.phone_masked).toBe('137****1111');
      expect(row.phone_enc).not.toContain('13700001111');
      expect(t.ctx.pii.decrypt(row.phone_enc as string)).toBe('13700001111');
      expect(JSON.parse((await user(b)).scope)).toEqual([AREAS.communityA, AREAS.communityB]);
    });

    it('refuses to overwrite an existing passwords file, before importing anything', async () => {
      const name = uniq('gw.c');
      const out = path.join(dir, 'pw-exists.csv');
      fs.writeFileSync(out, 'earlier passwords\n');
      await expect(epigrid('import', 'users', file('c.csv', `${name},x,grid_worker,${AREAS.gridA},`), '--passwords', out)).rejects.toMatchObject({
        code: 'ALREADY_EXISTS',
      });
      expect(fs.readFileSync(out, 'utf8')).toBe('earlier passwords\n');
      expect(await t.ctx.db.selectFrom('users').select('id').where('username', '=', name).executeTakeFirst()).toBeUndefined();
    });

    it('re-running a file leaves identical users unchanged (no new password); changed ones are updated and audited', async () => {
      const [a, b, c] = [uniq('gw.d'), uniq('gw.e'), uniq('gw.f')];
      const lines = [`${a},甲,grid_worker,${AREAS.gridA},`, `${b},乙,grid_worker,${AREAS.gridA},`, `${c},丙,grid_worker,${AREAS.gridB},`];
      await epigrid('import', 'users', file('r1.csv', ...lines), '--passwords', path.join(dir, 'pw-r1.csv'));
      const before = await user(a);
      const cBefore = await user(c);
      const again = path.join(dir, 'pw-r2.csv');
      expect(await epigrid('import', 'users', file('r2.csv', ...lines), '--passwords', again, '--json')).toEqual({
        accepted: 0,
        rejected: 0,
        unchanged: 3,
        updated: 0,
      });
      expect(readPasswords(again)).toEqual([]);
      expect((await user(a)).password_hash).toBe(before.password_hash);

      const changed = [`${a},甲,grid_worker,${AREAS.gridA},`, `${b},乙改名,grid_worker,${AREAS.gridA},`, `${c},丙,area_official,${AREAS.streetB},`];
      expect(await epigrid('import', 'users', file('r3.csv', ...changed), '--passwords', path.join(dir, 'pw-r3.csv'), '--json')).toEqual({
        accepted: 0,
        rejected: 0,
        unchanged: 1,
        updated: 2,
      });
      expect((await user(b)).display_name).toBe('乙改名');
      const cRow = await user(c);
      expect(cRow).toMatchObject({ role: 'area_official', scope: JSON.stringify([AREAS.streetB]), password_hash: cBefore.password_hash });
      const areas = await t.ctx.db.selectFrom('principal_areas').select('area_code').where('principal_id', '=', cRow.id).execute();
      expect(areas.map((r) => r.area_code)).toEqual([AREAS.streetB]);
      const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.updated').where('target_id', '=', cRow.id).execute();
      expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ changed: ['role', 'scope'], via: 'import' });
    });

    it('names row, field and reason for an unknown role, an unknown area, a duplicate name and a bad phone; keeps the good rows', async () => {
      const [good, dup] = [uniq('gw.g'), uniq('gw.h')];
      const errorsFile = path.join(dir, 'errors.csv');
      const r = await epigrid(
        'import',
        'users',
        file(
          'bad.csv',
          `${good},好,grid_worker,${AREAS.gridA},`,
          `${uniq('bad.x')},x,boss,${AREAS.gridA},`,
          `${uniq('bad.x')},x,grid_worker,320706999,`,
          `${dup},x,grid_worker,${AREAS.gridA},`,
          `${dup},y,grid_worker,${AREAS.gridA},`,
          `${uniq('bad.x')},x,grid_worker,${AREAS.gridA},12345`,
          `${uniq('bad.x')},,grid_worker,,`,
        ),
        '--passwords',
        path.join(dir, 'pw-bad.csv'),
        '--errors',
        errorsFile,
        '--json',
      );
      expect(r).toEqual({ accepted: 2, rejected: 5, unchanged: 0, updated: 0 });
      expect(fs.readFileSync(errorsFile, 'utf8').trim().split('\n')).toEqual([
        'row,column,reason,reason_code',
        '3,role,unknown role boss,unknown_role',
        '4,scope,unknown area 320706999,unknown_area',
        '6,username,duplicate of row 5 in this file,duplicate_row',
        '7,phone,must be an 11-digit mainland mobile number,mobile',
        '8,display_name,is required,required',
        '8,scope,give at least one area code (or a work site),required',
      ]);
      expect(readPasswords(path.join(dir, 'pw-bad.csv')).map(([u]) => u)).toEqual([good, dup]);
      expect(fs.readFileSync(errorsFile, 'utf8')).not.toContain('12345');
    });

    it('nobody grants a role or an area wider than their own: each such row is refused at its field', async () => {
      const streetAdmin: Actor = { ...systemActor('street-admin'), scope: [AREAS.streetA] };
      const perms = new Set<Permission>([...permissionsOf('area_official'), 'users:manage']);
      const official: Actor = { ...systemActor('official-manager'), role: 'area_official', permissions: perms, scope: [AREAS.streetA] };
      const [inside, wide, city, other] = [uniq('gw.i'), uniq('gw.j'), uniq('gw.k'), uniq('gw.l')];
      const r = await importUsers(
        t.ctx,
        streetAdmin,
        csv(
          `${inside},x,grid_worker,${AREAS.gridA},`,
          `${wide},x,grid_worker,${AREAS.district},`,
          `${city},x,admin,*,`,
          `${other},x,grid_worker,${AREAS.gridA}|${AREAS.gridB},`,
        ),
      );
      expect(r).toMatchObject({ accepted: 1, rejected: 3 });
      expect(r.errors).toEqual([
        { row: 3, column: 'scope', reason: 'the area is outside your scope', reasonCode: 'not_in_scope' },
        { row: 4, column: 'scope', reason: 'the area is outside your scope', reasonCode: 'not_in_scope' },
        { row: 5, column: 'scope', reason: 'area 2 of 2 is outside your scope', reasonCode: 'not_in_scope' },
      ]);
      const byRole = await importUsers(t.ctx, official, csv(`${uniq('adm')},x,admin,${AREAS.gridA},`, `${uniq('gw.m')},x,grid_worker,${AREAS.gridA},`));
      expect(byRole).toMatchObject({
        accepted: 1,
        rejected: 1,
        errors: [
          { row: 2, column: 'role', reason: 'role admin has permissions you do not hold', reasonCode: 'role_too_wide', reasonFigures: { role: 'admin' } },
        ],
      });
      // A user outside what the importer may manage is not touched, whatever the file says.
      const neighbour = uniq('gw.n');
      await importUsers(t.ctx, t.admin, csv(`${neighbour},邻街,grid_worker,${AREAS.gridB},`));
      const takeover = await importUsers(t.ctx, streetAdmin, csv(`${neighbour},抢,grid_worker,${AREAS.gridA},`));
      expect(takeover.errors).toMatchObject([
        { row: 2, column: 'username', reason: `user ${neighbour} already exists and is not one you may manage`, reasonCode: 'user_not_manageable' },
      ]);
      expect((await user(neighbour)).scope).toBe(JSON.stringify([AREAS.gridB]));
    });

    it('over HTTP the answer carries the passwords once; no password reaches the logs or the audit trail', async () => {
      const lines: string[] = [];
      const logStream = { write: (l: string) => void lines.push(l) };
      const logged = await createTestContext(dialect, { logLevel: 'trace' });
      try {
        await seedAreas(logged);
        logged.ctx.log = pino({ level: 'trace' }, logStream);
        const app = await buildApp(logged.ctx, { logStream });
        await app.ready();
        const admin = await logged.loginAs('admin', ['*']);
        const name = uniq('gw.http');
        const boundary = '----eg';
        const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="u.csv"\r\nContent-Type: text/csv\r\n\r\n${HEADER}\r\n${name},网格员,grid_worker,${AREAS.gridA},13700002222\r\n--${boundary}--\r\n`;
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/users/import',
          headers: { cookie: admin.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload,
        });
        expect(res.statusCode).toBe(200);
        expect(res.headers['cache-control']).toBe('no-store');
        const body = res.json();
        expect(body).toMatchObject({ accepted: 1, rejected: 0, unchanged: 0, updated: 0, errors: [] });
        const [header, row] = (body.passwordsCsv as string).trim().split('\n');
        expect(header).toBe('username,password');
        const password = (row as string).split(',')[1] as string;
        expect(row).toBe(`${name},${password}`);
        expect((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: name, password } })).statusCode).toBe(200);
        await app.close();

        expect(lines.length).toBeGreaterThan(0); // the capture works: requests and the import were logged
        expect(lines.join('')).toContain('users imported');
        expect(lines.join('')).not.toContain(password);
        expect(lines.join('')).not.toContain('13700002222');
        const audit = await logged.ctx.db.selectFrom('audit_log').select(['action', 'details']).execute();
        expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['user.created', 'users.imported']));
        expect(JSON.stringify(audit)).not.toContain(password);
        expect(JSON.stringify(audit)).not.toContain('13700002222');
        const stored = await logged.ctx.db.selectFrom('users').selectAll().where('username', '=', name).executeTakeFirstOrThrow();
        expect(JSON.stringify(stored)).not.toContain(password);
      } finally {
        await logged.close();
      }
    });

    it("over HTTP a bad header is a 422 naming the columns; a row outside the uploader's scope is a row error", async () => {
      const { cookie } = await t.loginAs('admin', [AREAS.streetA]);
      const boundary = '----eg';
      const send = (content: string) =>
        t.app().then((app) =>
          app.inject({
            method: 'POST',
            url: '/api/v1/users/import',
            headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
            payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="u.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`,
          }),
        );
      const bad = await send('username,name\r\nx,y');
      expect(bad.statusCode).toBe(422);
      expect(bad.json().error.code).toBe('BAD_HEADER');
      const outside = await send(`${HEADER}\r\n${uniq('gw.o')},x,grid_worker,${AREAS.gridB},`);
      expect(outside.json()).toMatchObject({ accepted: 0, rejected: 1, passwordsCsv: 'username,password\n', errors: [{ row: 2, column: 'scope' }] });
    });
  });
}
