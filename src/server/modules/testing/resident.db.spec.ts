import type { FastifyInstance } from 'fastify';
import { AREAS, newIdNumber, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { CODE_WINDOW_MS, expectedGuesses, LOCK_MS } from './resident.limits';

let addr = 0;
/** Every request from a different client address, and a forged X-Forwarded-For: neither may help. */
const from = () => {
  addr += 1;
  return { remoteAddress: `10.${(addr >> 16) & 255}.${(addr >> 8) & 255}.${addr & 255}`, headers: { 'x-forwarded-for': `198.51.100.${addr % 250}` } };
};

for (const dialect of testDialects()) {
  describe(`[${dialect}] residents' result look-up cannot be guessed`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      app = await t.app();
    });
    afterAll(() => t.close());

    const requestCode = (idNumber: string) => app.inject({ method: 'POST', url: '/api/v1/public/results/code', payload: { idNumber }, ...from() });
    const lookUp = (idNumber: string, code: string) => app.inject({ method: 'POST', url: '/api/v1/public/results', payload: { idNumber, code }, ...from() });
    const lastCode = async () => {
      const msg = await t.ctx.db.selectFrom('outbox').select('body').orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
      return /(\d{8})/.exec(msg.body)?.[1] as string;
    };
    const wrongFor = (code: string, i: number) => String((Number(code) + 1 + i) % 100_000_000).padStart(8, '0');

    it('a new code replaces the old one', async () => {
      const p = await newPerson(t, { areaCode: AREAS.buildingA });
      expect((await requestCode(p.idNumber)).statusCode).toBe(200);
      const first = await lastCode();
      t.clock.advance(1000);
      expect((await requestCode(p.idNumber)).statusCode).toBe(200);
      const second = await lastCode();
      expect(second).not.toBe(first);
      expect((await lookUp(p.idNumber, first)).statusCode).toBe(401);
      expect((await lookUp(p.idNumber, second)).statusCode).toBe(200);
    });

    it('five wrong guesses from five addresses burn the code and lock the person for 15 minutes', async () => {
      const p = await newPerson(t, { areaCode: AREAS.buildingA });
      const other = await newPerson(t, { areaCode: AREAS.buildingA });
      await requestCode(p.idNumber);
      const code = await lastCode();
      for (let i = 0; i < 5; i++) expect((await lookUp(p.idNumber, wrongFor(code, i))).statusCode).toBe(401);
      // Locked: the right code answers as a wrong one would, from any address.
      const locked = await lookUp(p.idNumber, code);
      expect(locked.statusCode).toBe(423);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
      expect((await requestCode(p.idNumber)).statusCode).toBe(423);
      // Another person is not affected.
      await requestCode(other.idNumber);
      expect((await lookUp(other.idNumber, await lastCode())).statusCode).toBe(200);
      // After the lock the burnt code stays dead; a fresh one works.
      t.clock.advance(LOCK_MS + 1000);
      expect((await lookUp(p.idNumber, code)).statusCode).toBe(401);
      await requestCode(p.idNumber);
      expect((await lookUp(p.idNumber, await lastCode())).statusCode).toBe(200);
    });

    it('concurrent guesses are counted one by one', async () => {
      const p = await newPerson(t, { areaCode: AREAS.buildingA });
      await requestCode(p.idNumber);
      const code = await lastCode();
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => lookUp(p.idNumber, wrongFor(code, i))));
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 423)).toHaveLength(15);
    });

    it('limits code requests per person, registered or not, with the same answers', async () => {
      const p = await newPerson(t, { areaCode: AREAS.buildingA });
      const unregistered = newIdNumber();
      for (const id of [p.idNumber, unregistered]) {
        for (let i = 0; i < 5; i++) expect((await requestCode(id)).json()).toEqual({ sent: true });
        const refused = await requestCode(id);
        expect(refused.statusCode).toBe(429);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      }
      t.clock.advance(CODE_WINDOW_MS + 1000);
      expect((await requestCode(p.idNumber)).statusCode).toBe(200);
    });

    it('brute force: an attacker rotating addresses needs more than a million guesses', async () => {
      const victim = await newPerson(t, { areaCode: AREAS.buildingA });
      const start = Date.parse(t.clock.nowIso());
      let guesses = 0;
      let hits = 0;
      const guessesPerCode: number[] = [];
      let next = 0;
      // Six simulated hours of an attacker that asks for codes and guesses as fast as it is allowed,
      // waiting exactly as long as Retry-After says.
      while (Date.parse(t.clock.nowIso()) - start < 6 * 3_600_000) {
        const sent = await requestCode(victim.idNumber);
        if (sent.statusCode !== 200) {
          t.clock.advance(Number(sent.headers['retry-after']) * 1000);
          continue;
        }
        let n = 0;
        for (;;) {
          const r = await lookUp(victim.idNumber, String(next++ % 100_000_000).padStart(8, '0'));
          if (r.statusCode === 200) hits += 1;
          if (r.statusCode !== 401 && r.statusCode !== 200) {
            expect(r.statusCode).toBe(423);
            t.clock.advance(Number(r.headers['retry-after']) * 1000);
            break;
          }
          guesses += 1;
          n += 1;
        }
        guessesPerCode.push(n);
      }
      const code = await lastCode();
      expect(code).toMatch(/^\d{8}$/);
      const perCode = Math.max(...guessesPerCode);
      expect(perCode).toBe(5);
      const expected = expectedGuesses(10 ** code.length, perCode);
      expect(expected).toBeGreaterThan(1_000_000);
      const perHour = guesses / 6;
      expect(perHour).toBeLessThanOrEqual(25);
      // At that rate the expected time to read one person's results is centuries.
      expect(expected / perHour / (24 * 365)).toBeGreaterThan(100);
      expect(hits).toBe(0);
    });
  });
}
