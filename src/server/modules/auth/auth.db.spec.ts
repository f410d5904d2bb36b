import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { AuthService } from './auth.service';

for (const dialect of testDialects()) {
  describe(`[${dialect}] auth, users and HTTP basics`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect, { loginMaxFailures: 3 });
    });
    afterAll(() => t.close());

    const login = async (username: string, password: string) =>
      (await t.app()).inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

    it('healthz answers ok and unknown routes are JSON 404', async () => {
      const app = await t.app();
      expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
      const r = await app.inject('/api/v1/nowhere');
      expect(r.statusCode).toBe(404);
      expect(r.json().error.code).toBe('NOT_FOUND');
    });

    it('publishes an OpenAPI document listing the routes', async () => {
      const doc = (await (await t.app()).inject('/api/openapi.json')).json();
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users', '/api/v1/audit', '/api/v1/overview']));
    });

    it('creates the first admin once, from EPIGRID_ADMIN_PASSWORD or generated', async () => {
      const auth = new AuthService(t.ctx);
      const first = await auth.ensureAdmin();
      expect(first.created).toBe(true);
      expect(first.generatedPassword).toMatch(/.{12,}/);
      expect((await auth.ensureAdmin()).created).toBe(false);
      const ok = await login('admin', first.generatedPassword as string);
      expect(ok.statusCode).toBe(200);
      expect(ok.json().user.mustChangePassword).toBe(true);
    });

    it('wrong password and unknown user get the same 401', async () => {
      await new AuthService(t.ctx).createUser(t.admin, {
        username: 'li.lei',
        displayName: '李雷',
        role: 'grid_worker',
        scope: ['320706022'],
        password: 'Grid-worker-2022',
        mustChangePassword: false,
      });
      const a = await login('li.lei', 'wrong-password1');
      const b = await login('no.such.user', 'wrong-password1');
      expect(a.statusCode).toBe(401);
      expect(b.statusCode).toBe(401);
      expect(a.json()).toEqual(b.json());
    });

    it('locks the account after repeated failures, then unlocks after the lock period', async () => {
      await new AuthService(t.ctx).createUser(t.admin, {
        username: 'han.mei',
        displayName: '韩梅',
        role: 'sampler',
        scope: ['320706'],
        password: 'Sampler-pass-2022',
        mustChangePassword: false,
      });
      for (let i = 0; i < 3; i++) expect((await login('han.mei', 'bad-password-x1')).statusCode).toBe(401);
      const locked = await login('han.mei', 'Sampler-pass-2022');
      expect(locked.statusCode).toBe(423);
      expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
      // The login page shows the unlock time in the command centre's zone, which it learns from the answer.
      expect(locked.json().error.details).toMatchObject({ lockedUntil: expect.any(String), timeZone: t.ctx.config.timeZone });
      t.clock.advance(16 * 60_000);
      expect((await login('han.mei', 'Sampler-pass-2022')).statusCode).toBe(200);
    });

    it('session cookie: me, then logout ends it', async () => {
      const r = await login('li.lei', 'Grid-worker-2022');
      const cookie = String(r.headers['set-cookie']).split(';')[0] as string;
      expect(String(r.headers['set-cookie'])).toMatch(/HttpOnly/i);
      expect(String(r.headers['set-cookie'])).toMatch(/SameSite=Strict/i);
      const app = await t.app();
      const me = await app.inject({ url: '/api/v1/auth/me', headers: { cookie } });
      expect(me.json().user).toMatchObject({ username: 'li.lei', role: 'grid_worker', scope: ['320706022'] });
      // The zone the web shows every time in (EPIGRID_TZ), with the login answer and with me.
      expect(me.json().timeZone).toBe(t.ctx.config.timeZone);
      expect(r.json().timeZone).toBe(t.ctx.config.timeZone);
      const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
      expect([out.statusCode, out.body]).toEqual([204, '']);
      expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
    });

    it('a missing permission is 403 and audited', async () => {
      const { cookie } = await t.loginAs('sampler', ['320706']);
      const r = await (await t.app()).inject({ url: '/api/v1/users', headers: { cookie } });
      expect(r.statusCode).toBe(403);
      expect(r.json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'users:manage' } });
      const denied = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.permission_denied').execute();
      expect(denied.length).toBeGreaterThan(0);
    });

    it('validation errors name each bad field; malformed JSON is a 400', async () => {
      const { cookie } = await t.loginAs('admin');
      const app = await t.app();
      const r = await app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie }, payload: { username: 'x', role: 5 } });
      expect(r.statusCode).toBe(400);
      const fields = Object.keys(r.json().error.details.fields as object);
      expect(fields).toEqual(expect.arrayContaining(['displayName', 'role', 'scope', 'password']));
      const bad = await app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie, 'content-type': 'application/json' }, payload: '{"username": ' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBeDefined();
      const weak = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie },
        payload: { username: 'wang.wu', displayName: '王五', role: 'lab', scope: ['*'], password: 'short' },
      });
      expect(weak.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: { password: expect.any(String) } } });
    });

    it('oversize bodies are refused with the error shape', async () => {
      const small = await createTestContext(dialect, { bodyLimitBytes: 1024 });
      try {
        const r = await (await small.app()).inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a', password: 'x'.repeat(5000) } });
        expect(r.statusCode).toBe(413);
        expect(r.json().error.code).toBe('PAYLOAD_TOO_LARGE');
      } finally {
        await small.close();
      }
    });

    it('admin manages users; API tokens authenticate machine clients with their own scope', async () => {
      const { cookie } = await t.loginAs('admin');
      const app = await t.app();
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie },
        payload: { username: 'lab.ops', displayName: '检测基地', role: 'lab', scope: ['3207'], password: 'Lab-pass-20220506' },
      });
      expect(created.statusCode).toBe(200);
      const id = created.json().user.id as string;
      const patched = await app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: { cookie }, payload: { disabled: true } });
      expect(patched.json().user.disabled).toBe(true);
      expect((await login('lab.ops', 'Lab-pass-20220506')).statusCode).toBe(401);
      const list = await app.inject({ url: '/api/v1/users?limit=2', headers: { cookie } });
      expect(list.json().items).toHaveLength(2);
      expect(list.json().nextCursor).toBeTruthy();

      const tok = await app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { cookie },
        payload: { name: 'lab-lims', role: 'lab', scope: ['320706'] },
      });
      const { token, id: tokenId } = tok.json<{ token: string; id: string }>();
      const me = await app.inject({ url: '/api/v1/overview', headers: { authorization: `Bearer ${token}` } });
      expect(me.statusCode).toBe(200);
      expect((await app.inject({ url: '/api/v1/users', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(403);
      await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${tokenId}`, headers: { cookie } });
      expect((await app.inject({ url: '/api/v1/overview', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
      const actions = (await t.ctx.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
      expect(actions).toEqual(
        expect.arrayContaining(['auth.login', 'auth.login_failed', 'auth.account_locked', 'user.created', 'user.updated', 'token.created', 'token.revoked']),
      );
    });

    it('sends security headers', async () => {
      const r = await (await t.app()).inject('/healthz');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['content-security-policy']).toBeDefined();
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
}
