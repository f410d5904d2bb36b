import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';

for (const dialect of testDialects()) {
  describe(`[${dialect}] reveal limit`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect, { revealLimitPerHour: 3 });
      await seedAreas(t);
    });
    afterAll(() => t.close());

    const reveal = async (cookie: string, id: string) =>
      (await t.app()).inject({ method: 'POST', url: `/api/v1/people/${id}/reveal`, headers: { cookie }, payload: { reason: '流调核实' } });
    const events = (userId: string, action: string) =>
      t.ctx.db.selectFrom('audit_log').selectAll().where('actor_id', '=', userId).where('action', '=', action).execute();

    it('answers 429 with Retry-After past the hourly limit, records one security event, and frees up after the hour', async () => {
      const p = await newPerson(t, { areaCode: AREAS.buildingA });
      const a = await t.loginAs('admin', [AREAS.streetA]);
      for (let i = 0; i < 3; i++) {
        expect((await reveal(a.cookie, p.id)).statusCode).toBe(200);
        t.clock.advance(60_000);
      }
      const refused = await reveal(a.cookie, p.id);
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ error: { code: 'REVEAL_LIMITED', details: { limit: 3, windowMinutes: 60 } } });
      // The oldest reveal was 3 minutes ago: it leaves the window in 57 minutes.
      expect(Number(refused.headers['retry-after'])).toBe(57 * 60);
      expect(refused.body).not.toContain(p.idNumber);
      expect((await reveal(a.cookie, p.id)).statusCode).toBe(429);
      expect(await events(a.userId, 'person.pii_revealed')).toHaveLength(3);
      expect(await events(a.userId, 'security.reveal_limited')).toHaveLength(1); // once per window, not per refusal

      t.clock.advance(57 * 60_000 + 1);
      expect((await reveal(a.cookie, p.id)).statusCode).toBe(200);
    });

    it('limits each user on their own', async () => {
      const p = await newPerson(t, { areaCode: AREAS.buildingA });
      const a = await t.loginAs('admin', [AREAS.streetA]);
      const b = await t.loginAs('admin', [AREAS.streetA]);
      for (let i = 0; i < 3; i++) expect((await reveal(a.cookie, p.id)).statusCode).toBe(200);
      expect((await reveal(a.cookie, p.id)).statusCode).toBe(429);
      expect((await reveal(b.cookie, p.id)).statusCode).toBe(200);
    });

    it('does not let parallel reveals pass the limit together', async () => {
      const p = await newPerson(t, { areaCode: AREAS.buildingA });
      const a = await t.loginAs('admin', [AREAS.streetA]);
      const codes = await Promise.all(Array.from({ length: 8 }, () => reveal(a.cookie, p.id).then((r) => r.statusCode)));
      expect(codes.filter((c) => c === 200)).toHaveLength(3);
      expect(codes.filter((c) => c === 429)).toHaveLength(5);
    });

    it("shows the city's admins the security event on the home page", async () => {
      const p = await newPerson(t, { areaCode: AREAS.buildingA });
      const a = await t.loginAs('admin', [AREAS.streetA]);
      const city = await t.loginAs('admin', ['*']);
      const figure = async () => {
        const res = await (await t.app()).inject({ method: 'GET', url: '/api/v1/overview', headers: { cookie: city.cookie } });
        return res.json<{ figures: Array<{ key: string; value: number }> }>().figures.find((f) => f.key === 'security_events_24h')?.value;
      };
      const before = await figure();
      for (let i = 0; i < 4; i++) await reveal(a.cookie, p.id);
      expect(await figure()).toBe((before ?? 0) + 1);
    });
  });
}
