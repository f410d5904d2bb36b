import { createTestContext, testDialects, type TestContext } from '../test/harness';

for (const dialect of testDialects()) {
  describe(`[${dialect}] cross-site requests with a session cookie are refused`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect);
    });
    afterAll(() => t.close());

    const body = {
      username: `u${Math.random().toString(36).slice(2, 8)}`,
      displayName: 'x',
      role: 'grid_worker',
      scope: ['*'],
      password: 'Fuzz-password-2026!',
    };
    const post = async (headers: Record<string, string>, payload: object = body) =>
      (await t.app()).inject({ method: 'POST', url: '/api/v1/users', headers: { host: 'epigrid.example', ...headers }, payload });

    it('refuses a foreign Origin or Sec-Fetch-Site: cross-site, accepts same origin', async () => {
      const { cookie } = await t.loginAs('admin');
      const foreign = await post({ cookie, origin: 'https://evil.example' });
      expect(foreign.statusCode).toBe(403);
      expect(foreign.json().error.details).toEqual({ reason: 'cross-site' });
      expect((await post({ cookie, 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
      // A multipart upload with a foreign Origin (the case in the issue) is refused too.
      const upload = await (
        await t.app()
      ).inject({
        method: 'POST',
        url: '/api/v1/tracing/venues/import',
        headers: { host: 'epigrid.example', cookie, origin: 'https://evil.example', 'content-type': 'multipart/form-data; boundary=x' },
        payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="v.csv"\r\n\r\ncode\r\n--x--\r\n',
      });
      expect(upload.statusCode).toBe(403);
      const same = await post({ cookie, origin: 'https://epigrid.example', 'sec-fetch-site': 'same-origin' });
      expect(same.statusCode).toBe(200);
      // Safe methods are not affected.
      const read = await (await t.app()).inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie, origin: 'https://evil.example' } });
      expect(read.statusCode).toBe(200);
    });

    it('does not affect bearer-token requests', async () => {
      const r = await post({ authorization: 'Bearer not-a-token', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
      expect(r.statusCode).toBe(401);
    });
  });
}
