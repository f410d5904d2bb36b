import type { FastifyInstance } from 'fastify';
import { HOUR } from '../../lib/clock';
import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { CoverageService } from './coverage.service';
import { RoundsService } from './rounds.service';
import { SamplingService } from './sampling.service';

/** Taking back a 免采 record and reopening a closed round: scope, rules, audit, over HTTP. */
for (const dialect of testDialects()) {
  describe(`[${dialect}] undo exemption and reopen round`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    const streetA = { cookie: '' };
    const streetB = { cookie: '' };
    /** Sessions end after idle time: log in again after moving the clock. */
    const login = async () => {
      streetA.cookie = (await t.loginAs('area_official', [AREAS.streetA])).cookie;
      streetB.cookie = (await t.loginAs('area_official', [AREAS.streetB])).cookie;
    };
    const call = (h: { cookie: string }, url: string, payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { cookie: h.cookie }, payload });
    const audits = (action: string, id: string) =>
      t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', id).execute();

    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      app = await t.app();
      await login();
    });
    afterAll(() => t.close());

    it('undoing an exemption puts the person back on the missing list and the target back up, audited with the reason', async () => {
      const people = await Promise.all([0, 1, 2].map(() => newPerson(t, { areaCode: AREAS.buildingA })));
      const rounds = new RoundsService(t.ctx);
      const { id } = await rounds.createRound(t.admin, { areas: [AREAS.streetA] });
      const p = people[0]!;
      const coverage = new CoverageService(t.ctx);
      await rounds.exempt(t.admin, id, p.id, 'away');
      expect(await coverage.coverage(t.admin, id, AREAS.streetA)).toMatchObject({ target: 2, missing: 2 });
      // Another street's official cannot see this person: 404, nothing changes.
      expect((await call(streetB, `/testing/rounds/${id}/exemptions/${p.id}/undo`, { reason: '误登记' })).statusCode).toBe(404);
      const noReason = await call(streetA, `/testing/rounds/${id}/exemptions/${p.id}/undo`, { reason: ' ' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: { reason: expect.any(String) } } });
      const ok = await call(streetA, `/testing/rounds/${id}/exemptions/${p.id}/undo`, { reason: '误登记，已返回' });
      expect(ok.statusCode).toBe(204);
      expect(await coverage.coverage(t.admin, id, AREAS.streetA)).toMatchObject({ target: 3, missing: 3 });
      const missing = await coverage.missing(t.admin, id, AREAS.streetA, null, 10);
      expect(missing.items.map((m) => m.id)).toContain(p.id);
      const [entry] = await audits('testing.exemption_undone', p.id);
      expect(entry).toMatchObject({ reason: '误登记，已返回' });
      expect(JSON.parse(String(entry?.details))).toMatchObject({ roundId: id, was: { reason: 'away' } });
      // Twice: there is nothing left to undo.
      expect((await call(streetA, `/testing/rounds/${id}/exemptions/${p.id}/undo`, { reason: '再次' })).statusCode).toBe(404);
      // The person can be exempted again after the undo.
      await rounds.exempt(t.admin, id, p.id, 'bedridden');
      expect(await coverage.coverage(t.admin, id, AREAS.streetA)).toMatchObject({ target: 2 });
    });

    it('a closed round keeps its exemptions until it is reopened', async () => {
      const p = await newPerson(t, { areaCode: AREAS.buildingA });
      const rounds = new RoundsService(t.ctx);
      const { id } = await rounds.createRound(t.admin, { areas: [AREAS.gridA] });
      await rounds.exempt(t.admin, id, p.id, 'infant');
      await rounds.closeRound(t.admin, id);
      const r = await call(streetA, `/testing/rounds/${id}/exemptions/${p.id}/undo`, { reason: '误登记' });
      expect(r.statusCode).toBe(422);
      expect(r.json().error).toMatchObject({ code: 'ROUND_CLOSED' });
      expect((await call(streetA, `/testing/rounds/${id}/reopen`, { reason: '提前结束' })).statusCode).toBe(204);
      expect((await call(streetA, `/testing/rounds/${id}/exemptions/${p.id}/undo`, { reason: '误登记' })).statusCode).toBe(204);
    });

    it('reopens within 24 hours of closing, by someone covering all its areas, with reason; then it takes samples again', async () => {
      const p = await newPerson(t, { areaCode: AREAS.buildingA });
      const rounds = new RoundsService(t.ctx);
      const { id } = await rounds.createRound(t.admin, { areas: [AREAS.streetA] });
      await rounds.createSite(t.admin, { code: `RS${dialect}`, area: AREAS.streetA });
      expect((await call(streetA, `/testing/rounds/${id}/reopen`, { reason: '误操作' })).json().error).toMatchObject({ code: 'ROUND_NOT_CLOSED' });
      expect((await call(streetA, `/testing/rounds/${id}/close`, {})).statusCode).toBe(204);
      expect((await call(streetA, `/testing/rounds/${id}/close`, {})).json().error).toMatchObject({ code: 'ROUND_CLOSED' });
      expect((await call(streetB, `/testing/rounds/${id}/reopen`, { reason: '误操作' })).statusCode).toBe(404);
      t.clock.advance(23 * HOUR);
      await login();
      expect((await call(streetA, `/testing/rounds/${id}/reopen`, { reason: '误操作' })).statusCode).toBe(204);
      const round = await rounds.getRound(t.admin, id);
      expect(round).toMatchObject({ status: 'open', closed_at: null });
      const [entry] = await audits('testing.round_reopened', id);
      expect(entry).toMatchObject({ reason: '误操作' });
      const s = await new SamplingService(t.ctx).recordSamples(t.admin, [
        { roundId: id, tubeBarcode: `RT-${dialect}`, idNumber: p.idNumber, siteCode: `RS${dialect}`, collectedAt: t.clock.nowIso(), collector: '采样员' },
      ]);
      expect(s.accepted).toBe(1);
    });

    it('refuses after the window, and once a later round covers any of its areas', async () => {
      const rounds = new RoundsService(t.ctx);
      const late = (await rounds.createRound(t.admin, { areas: [AREAS.streetB] })).id;
      await rounds.closeRound(t.admin, late);
      t.clock.advance(25 * HOUR);
      await login();
      const r = await call(streetB, `/testing/rounds/${late}/reopen`, { reason: '补采' });
      expect(r.statusCode).toBe(422);
      expect(r.json().error).toMatchObject({ code: 'REOPEN_WINDOW_PASSED', details: { hours: 24 } });

      const old = (await rounds.createRound(t.admin, { areas: [AREAS.streetA] })).id;
      await rounds.closeRound(t.admin, old);
      t.clock.advance(HOUR);
      await login();
      // A later round of one grid of the street supersedes the street's round (areas overlap).
      await rounds.createRound(t.admin, { areas: [AREAS.gridA], name: '网格加密轮' });
      const s = await call(streetA, `/testing/rounds/${old}/reopen`, { reason: '补采' });
      expect(s.statusCode).toBe(422);
      expect(s.json().error).toMatchObject({ code: 'ROUND_SUPERSEDED', details: { laterRound: '网格加密轮' } });
      expect((await rounds.getRound(t.admin, old)).status).toBe('closed');
      expect(await audits('testing.round_reopened', old)).toEqual([]);
    });
  });
}
