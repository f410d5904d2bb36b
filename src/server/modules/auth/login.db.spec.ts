import { AREAS } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { AuditService } from '../audit/audit.service';
import { AuthService } from './auth.service';
import type { Role } from './permissions';

const PASSWORD = 'Test-password-123';
let n = 0;
const uniq = (p: string) => `${p}${++n}`;

for (const dialect of testDialects()) {
  describe(`[${dialect}] passwords, forced change and login lockout (issue 11: 2, 9)`, () => {
    let t: TestContext;
    beforeAll(async () => {
      // Three failures lock for 10 minutes, then 20, 40, …
      t = await createTestContext(dialect, { loginMaxFailures: 3, loginLockMinutes: 10 });
    });
    afterAll(() => t.close());

    // Each test logs in from its own address: the per-address rate limit (20 a minute) is not under test here.
    let address = '';
    let k = 0;
    beforeEach(() => {
      address = `10.0.${++k}.1`;
    });
    const app = () => t.app();
    const login = async (username: string, password: string, remoteAddress = address) =>
      (await app()).inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });
    const cookieOf = (r: { headers: Record<string, unknown> }) => String(r.headers['set-cookie']).split(';')[0] as string;
    const newUser = async (role: Role, mustChangePassword = false) =>
      new AuthService(t.ctx).createUser(t.admin, {
        username: uniq('user'),
        displayName: 'x',
        role,
        scope: [AREAS.streetA],
        password: PASSWORD,
        mustChangePassword,
      });

    describe('forced password change', () => {
      it('until the password is changed, only the change, logout and me answer; the rest is 403 PASSWORD_CHANGE_REQUIRED', async () => {
        const u = await newUser('grid_worker', true);
        const cookie = cookieOf(await login(u.username, PASSWORD));
        const call = async (method: 'GET' | 'POST', url: string, payload?: object) =>
          (await app()).inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });
        for (const [method, url] of [
          ['GET', '/people'],
          ['GET', '/overview'],
          ['GET', '/roles'],
        ] as const) {
          const r = await call(method, url);
          expect(r.statusCode, url).toBe(403);
          expect(r.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
        }
        const me = await call('GET', '/auth/me');
        expect(me.statusCode).toBe(200);
        expect(me.json().user.mustChangePassword).toBe(true);
        const weak = await call('POST', '/auth/password', { currentPassword: PASSWORD, newPassword: 'Password12' });
        expect(weak.statusCode).toBe(400);
        expect(weak.json().error.details.fields).toHaveProperty('newPassword');
        expect((await call('POST', '/auth/password', { currentPassword: PASSWORD, newPassword: 'Changed-by-me-2026' })).statusCode).toBe(204);
        expect((await call('GET', `/people?area=${AREAS.streetA}`)).statusCode).toBe(200);
        expect((await call('GET', '/auth/me')).json().user.mustChangePassword).toBe(false);
      });

      it('logout is allowed before the change', async () => {
        const u = await newUser('sampler', true);
        const cookie = cookieOf(await login(u.username, PASSWORD));
        expect((await (await app()).inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })).statusCode).toBe(204);
      });

      it('an admin reset forces a change again', async () => {
        const u = await newUser('grid_worker');
        const { cookie } = await t.loginAs('admin', ['*']);
        const reset = await (
          await app()
        ).inject({ method: 'PATCH', url: `/api/v1/users/${u.id}`, headers: { cookie }, payload: { password: 'Reset-by-admin-2026' } });
        expect(reset.statusCode).toBe(200);
        const theirs = cookieOf(await login(u.username, 'Reset-by-admin-2026'));
        const r = await (await app()).inject({ url: '/api/v1/people', headers: { cookie: theirs } });
        expect(r.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
      });
    });

    describe('password policy', () => {
      it.each([
        ['Password12', 'common'],
        ['1234567890a', 'at least 3 of'],
        ['Qwerty2022!', 'common'],
        ['Short-1a', 'characters'],
        ['alllowercaseletters', 'at least 3 of'],
      ])('refuses %s naming the field password', async (password, reason) => {
        const { cookie } = await t.loginAs('admin', ['*']);
        const r = await (
          await app()
        ).inject({
          method: 'POST',
          url: '/api/v1/users',
          headers: { cookie },
          payload: { username: uniq('weak'), displayName: 'x', role: 'sampler', scope: [AREAS.streetA], password },
        });
        expect(r.statusCode).toBe(400);
        expect(r.json().error).toMatchObject({ code: 'VALIDATION_FAILED' });
        expect(String(r.json().error.details.fields.password)).toContain(reason);
      });

      it('refuses a password containing the user name, on create and on reset', async () => {
        const auth = new AuthService(t.ctx);
        const base = { displayName: 'x', role: 'sampler', scope: [AREAS.streetA] };
        await expect(auth.createUser(t.admin, { ...base, username: 'zhang.san', password: 'Zhang.San-2026' })).rejects.toMatchObject({
          details: { fields: { password: expect.stringContaining('user name') } },
        });
        const u = await auth.createUser(t.admin, { ...base, username: 'li.si', password: PASSWORD });
        await expect(auth.updateUser(t.admin, u.id, { password: 'li.si-Password-9' })).rejects.toMatchObject({
          details: { fields: { password: expect.stringContaining('user name') } },
        });
      });
    });

    describe('lockout per (account, address)', () => {
      it('during a lock the right and a wrong password answer the same 423, so guessing cannot go on', async () => {
        const u = await newUser('sampler');
        for (let i = 0; i < 3; i++) expect((await login(u.username, 'Wrong-guess-000' + i)).statusCode).toBe(401);
        const right = await login(u.username, PASSWORD);
        const wrong = await login(u.username, 'Wrong-guess-0009');
        expect(right.statusCode).toBe(423);
        expect(wrong.statusCode).toBe(423);
        expect(right.json()).toEqual(wrong.json());
        expect(right.json().error.code).toBe('ACCOUNT_LOCKED');
        expect(right.headers['set-cookie']).toBeUndefined();
      });

      it("the guesser's address is locked out; the owner from another address still logs in", async () => {
        const u = await newUser('sampler');
        for (let i = 0; i < 3; i++) await login(u.username, 'Wrong-guess-000' + i, '203.0.113.9');
        expect((await login(u.username, PASSWORD, '203.0.113.9')).statusCode).toBe(423);
        expect((await login(u.username, PASSWORD, '10.0.0.2')).statusCode).toBe(200);
        // The owner's success does not lift the guesser's lock.
        expect((await login(u.username, PASSWORD, '203.0.113.9')).statusCode).toBe(423);
        const locked = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.account_locked').where('target_id', '=', u.id).execute();
        expect(locked).toHaveLength(1);
      });

      it('locks grow: after a lock ends, the next failure locks again for twice as long', async () => {
        const u = await newUser('sampler');
        for (let i = 0; i < 3; i++) await login(u.username, 'Wrong-guess-000' + i);
        t.clock.advance(10 * 60_000 + 1000);
        expect((await login(u.username, 'Wrong-guess-0004')).statusCode).toBe(401);
        expect((await login(u.username, PASSWORD)).statusCode).toBe(423);
        t.clock.advance(10 * 60_000 + 1000);
        expect((await login(u.username, PASSWORD)).statusCode).toBe(423); // 20 minutes this time
        t.clock.advance(10 * 60_000);
        expect((await login(u.username, PASSWORD)).statusCode).toBe(200);
      });

      it('a successful login resets the count of its address', async () => {
        const u = await newUser('sampler');
        for (let round = 0; round < 3; round++) {
          for (let i = 0; i < 2; i++) expect((await login(u.username, 'Wrong-guess-000' + i)).statusCode).toBe(401);
          expect((await login(u.username, PASSWORD)).statusCode).toBe(200);
        }
      });

      it('unknown user names lock the same way, so a lock tells nothing about which names exist', async () => {
        const u = await newUser('sampler');
        const answers = async (name: string) => {
          const out: Array<[number, string]> = [];
          for (let i = 0; i < 4; i++) {
            const r = await login(name, 'Wrong-guess-000' + i, '198.51.100.7');
            const body = r.json<{ error: { code: string } }>();
            out.push([r.statusCode, body.error.code]);
          }
          return out;
        };
        expect(await answers(u.username)).toEqual(await answers(uniq('nobody')));
      });

      it('an admin reset clears the locks of the account', async () => {
        const u = await newUser('sampler');
        for (let i = 0; i < 3; i++) await login(u.username, 'Wrong-guess-000' + i);
        await new AuthService(t.ctx).updateUser(t.admin, u.id, { password: 'Reset-by-admin-2026' });
        expect((await login(u.username, 'Reset-by-admin-2026')).statusCode).toBe(200);
      });
    });
  });

  describe(`[${dialect}] the audit trail within scope`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      const audit = new AuditService(t.ctx);
      for (const [action, areaCode] of [
        ['probe.street_a', AREAS.buildingA],
        ['probe.street_b', AREAS.buildingB],
        ['probe.city', undefined],
      ] as const) {
        await audit.recordEvent({ actor: t.admin, action, areaCode });
      }
    });
    afterAll(() => t.close());

    const read = async (cookie: string, url = '/audit?limit=500') => (await t.app()).inject({ url: `/api/v1${url}`, headers: { cookie } });
    const probeActions = (body: { items: Array<{ action: string }> }) => body.items.map((i) => i.action).filter((a) => a.startsWith('probe.'));

    it('a city-scoped auditor sees every entry', async () => {
      const { cookie } = await t.loginAs('commander', ['*']);
      expect(probeActions((await read(cookie)).json()).sort()).toEqual(['probe.city', 'probe.street_a', 'probe.street_b']);
    });

    it("a street-scoped auditor sees only entries in their areas: not street B's, not city-level ones", async () => {
      const { cookie } = await t.loginAs('commander', [AREAS.streetA]);
      const r = await read(cookie);
      expect(r.statusCode).toBe(200);
      const items = r.json<{ items: Array<{ action: string; areaCode: string | null }> }>().items;
      expect(probeActions({ items })).toEqual(['probe.street_a']);
      expect(items.every((i) => i.areaCode?.startsWith(AREAS.streetA))).toBe(true);
      // Asking for a street-B entry's target or action does not widen it.
      expect(probeActions((await read(cookie, '/audit?action=probe.street_b')).json())).toEqual([]);
    });

    it('audit verify is for the city scope only', async () => {
      const street = await t.loginAs('admin', [AREAS.streetA]);
      const refused = await read(street.cookie, '/audit/verify');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('FORBIDDEN');
      const city = await t.loginAs('admin', ['*']);
      expect((await read(city.cookie, '/audit/verify')).statusCode).toBe(200);
      const audited = await t.ctx.db.selectFrom('audit_log').select('actor_id').where('action', '=', 'audit.verify_refused').execute();
      expect(audited.map((a) => a.actor_id)).toEqual([street.userId]);
    });
  });
}
