import { loadConfig } from '../config';
import { createTestContext, testDialects, type TestContext } from '../test/harness';
import Fastify from 'fastify';
import { fastifyTrustProxy, parseTrustProxy } from './trust-proxy';

describe('EPIGRID_TRUST_PROXY', () => {
  it('refuses `true`, and takes addresses, ranges or a hop count', () => {
    expect(() => loadConfig({ EPIGRID_TRUST_PROXY: 'true' })).toThrow(/EPIGRID_TRUST_PROXY: `true` would trust any client-written X-Forwarded-For/);
    expect(() => loadConfig({ EPIGRID_TRUST_PROXY: '10.0.0.1,not-an-ip' })).toThrow(/not-an-ip/);
    expect(() => loadConfig({ EPIGRID_TRUST_PROXY: '0' })).toThrow(/hop count/);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ EPIGRID_TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).trustProxy).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(loadConfig({ EPIGRID_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(parseTrustProxy('10.0.0.0/24,::1,loopback')).toEqual({ ok: true, value: ['10.0.0.0/24', '::1', 'loopback'] });
    expect(parseTrustProxy('10.0.0.0/33').ok).toBe(false);
  });

  it('with a hop count, the client address is what the nearest proxy appended', async () => {
    const app = Fastify({ trustProxy: fastifyTrustProxy(1) });
    app.get('/ip', async (req) => ({ ip: req.ip }));
    const r = await app.inject({ method: 'GET', url: '/ip', remoteAddress: '10.9.9.9', headers: { 'x-forwarded-for': '1.2.3.4, 203.0.113.7' } });
    expect(r.json()).toEqual({ ip: '203.0.113.7' });
    await app.close();
  });
});

for (const dialect of testDialects()) {
  describe(`[${dialect}] rate limits key on the address the proxy set`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect, { trustProxy: ['10.0.0.1'] });
    });
    afterAll(() => t.close());

    it('a client rotating its own X-Forwarded-For behind the trusted proxy keeps one key', async () => {
      const app = await t.app();
      // The proxy (10.0.0.1) appends the address it saw (203.0.113.7) to whatever the client wrote.
      const viaProxy = (forged: string, client = '203.0.113.7', id = `x${Math.random()}`) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/public/results/code',
          remoteAddress: '10.0.0.1',
          headers: { 'x-forwarded-for': `${forged}, ${client}` },
          payload: { idNumber: `${id}-000000` },
        });
      for (let i = 0; i < 5; i++) expect((await viaProxy(`198.51.100.${i}`)).statusCode).toBe(200);
      expect((await viaProxy('198.51.100.99')).statusCode).toBe(429);
      // Another real client behind the same proxy is its own key.
      expect((await viaProxy('198.51.100.99', '203.0.113.8')).statusCode).toBe(200);
      // A client that is not the proxy cannot set the header at all.
      const direct = await app.inject({
        method: 'POST',
        url: '/api/v1/public/results/code',
        remoteAddress: '203.0.113.7',
        headers: { 'x-forwarded-for': '198.51.100.200' },
        payload: { idNumber: 'direct-000000' },
      });
      expect(direct.statusCode).toBe(429);
    });
  });
}
