import { createLogger } from '../context';
import { buildApp } from '../app';
import { redactPii, redactUrl } from '../lib/pii-redact';
import { modules } from '../modules';
import type { EpiModule } from '../modules/module';
import { AREAS, newPerson, seedAreas } from '../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../test/harness';

/**
 * Issue 11, finding 11: 81 ID numbers and 2 phones in one run's server log. Requests carrying
 * ID numbers and phones in the path, the query and the body go through the app with the request
 * log captured at info level; not one of them may appear in what was written.
 */
const ID = '320706199001011230';
const ID_X = '32070619850505108X';
const PHONE = '13912345678';

/** A route that fails with the value in its message, as a CSV parser quoting a bad field did. */
const leaky: EpiModule = {
  name: 'leaky-test',
  routes: async (app) => {
    app.get('/leaky-test', { config: { access: 'public' } }, async () => {
      throw new Error(`unexpected value "${ID}" near ${PHONE}`);
    });
  },
};

function lines(): { out: string[]; stream: { write(line: string): void } } {
  const out: string[] = [];
  return { out, stream: { write: (l: string) => void out.push(l) } };
}

function leaks(text: string): string[] {
  const found = [ID, ID_X, PHONE, '139 1234 5678', '+8613912345678'].filter((v) => text.includes(v));
  // Any ID-number or mobile shape at all, not only the planted ones.
  return [
    ...found,
    ...(text.match(/(?<!\d)[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)/g) ?? []),
  ];
}

describe('PII redaction of log text', () => {
  it('drops search values and ID numbers/phones from URLs, including percent-encoded ones', () => {
    expect(redactUrl(`/api/v1/people?q=${ID}&limit=20`)).toBe('/api/v1/people?q=[redacted]&limit=20');
    expect(redactUrl(`/api/v1/people/${ID_X}/reveal?phone=${PHONE}`)).toBe('/api/v1/people/[redacted]/reveal?phone=[redacted]');
    expect(redactUrl(`/x?other=%20${ID}&n=%2B86${PHONE}`)).toBe('/x?other= [redacted]&n=[redacted]');
    expect(redactUrl('/api/v1/areas/320706001001001001?limit=5')).toBe('/api/v1/areas/320706001001001001?limit=5'); // area codes stay
  });
  it('leaves timestamps, area codes and ids alone', () => {
    const line = '{"time":1733030400000,"area":"320706022001001001","reqId":"0193a1b2-1234-7abc-8def-123456789012"}';
    expect(redactPii(line)).toBe(line);
    expect(redactPii(`call ${PHONE.slice(0, 3)}-${PHONE.slice(3, 7)}-${PHONE.slice(7)} or ${ID}`)).toBe('call [redacted] or [redacted]');
  });
  it('scrubs every line the process logger writes, whatever a handler put in it', () => {
    const { out, stream } = lines();
    const log = createLogger('info', stream);
    log.error({ err: new Error(`bad row: ${ID}`), detail: { value: PHONE } }, `parse failed on ${ID_X}`);
    expect(out).toHaveLength(1);
    expect(leaks(out.join(''))).toEqual([]);
  });
});

for (const dialect of testDialects()) {
  describe(`[${dialect}] no ID number or phone in the request log`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect, { logLevel: 'info' });
      await seedAreas(t);
    });
    afterAll(() => t.close());

    it('logs requests carrying ID numbers and phones in path, query and body without any of them', async () => {
      const person = await newPerson(t, { idNumber: ID, phone: PHONE, areaCode: AREAS.buildingA });
      const { cookie } = await t.loginAs('admin', ['*']);
      const { out, stream } = lines();
      const app = await buildApp(t.ctx, { logger: true, logStream: stream, modules: [...modules, leaky] });
      await app.ready();
      const headers = { cookie };
      const requests = [
        { method: 'GET', url: `/api/v1/people?q=${ID}` },
        { method: 'GET', url: `/api/v1/people?q=${PHONE}&limit=5` },
        { method: 'GET', url: `/api/v1/people?q=%20${ID_X}` },
        { method: 'GET', url: `/api/v1/people?area=${AREAS.streetA}&idNumber=${ID}` },
        { method: 'GET', url: `/api/v1/people/${ID}` },
        { method: 'GET', url: `/api/v1/no-such-route/${PHONE}?x=${ID}` },
        { method: 'POST', url: `/api/v1/people/${person.id}/reveal?phone=${PHONE}`, payload: { reason: `核实 ${PHONE}` } },
        { method: 'POST', url: '/api/v1/people', payload: { idNumber: ID_X, name: '王五', areaCode: AREAS.buildingA, phone: '139 1234 5678' } },
        { method: 'POST', url: '/api/v1/people', payload: { idNumber: '320706199001011235', name: '错号', areaCode: AREAS.buildingA } },
        { method: 'POST', url: '/api/v1/auth/login', payload: { username: ID, password: 'wrong-password-1' } },
        { method: 'GET', url: `/api/v1/leaky-test?v=${ID}` },
      ] as const;
      const statuses: number[] = [];
      for (const r of requests) statuses.push((await app.inject({ ...r, headers: r.url.includes('/auth/login') ? {} : headers })).statusCode);
      await app.close();
      const text = out.join('');
      // The log was really captured: one completed line per request, the 500 logged with its error.
      expect(out.filter((l) => l.includes('request completed'))).toHaveLength(requests.length);
      expect(statuses).toContain(500);
      expect(text).toContain('unexpected error');
      expect(leaks(text)).toEqual([]);
      // Nor does the audit table keep the ID number typed as a user name, or the phone in a reason.
      const audit = await t.ctx.db.selectFrom('audit_log').select(['actor_name', 'target_id', 'reason', 'details']).execute();
      expect(leaks(JSON.stringify(audit))).toEqual([]);
    });
  });
}
