import type { FastifyInstance } from 'fastify';
import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { AreasService } from '../areas/areas.service';
import { ResultsService } from './results.service';
import { RoundsService } from './rounds.service';
import { SamplingService } from './sampling.service';

/**
 * The two lists someone must act on (应采未采, 单管复核) name the grid worker, the address and the
 * phone masked; the phone in clear only to staff of the person's area with pii:reveal, one audit
 * entry per reveal.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] missing and re-check lists: owner, address, phone to call`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let roundId: string;
    let people: Array<{ id: string; idNumber: string }>;
    const get = async (cookie: string, url: string) => (await app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } })).json();
    const phone = (cookie: string, id: string, reason = '电话通知采样') =>
      app.inject({ method: 'POST', url: `/api/v1/people/${id}/phone`, headers: { cookie }, payload: { reason, via: 'missing' } });

    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      app = await t.app();
      people = await Promise.all([0, 1, 2].map((i) => newPerson(t, { areaCode: AREAS.buildingA, phone: `1370000000${i}`, address: `幸福小区${i + 1}栋` })));
      const rounds = new RoundsService(t.ctx);
      roundId = (await rounds.createRound(t.admin, { areas: [AREAS.streetA], poolSize: 5 })).id;
      await rounds.createSite(t.admin, { code: 'WS1', area: AREAS.streetA });
      await rounds.createLab(t.admin, { code: 'WL1', area: AREAS.district, dailyCapacity: 1000 });
      // Two of them sampled into a pool that turns positive before any grid worker is named.
      const sampled = await new SamplingService(t.ctx).recordSamples(
        t.admin,
        people
          .slice(0, 2)
          .map((p) => ({ roundId, tubeBarcode: 'WT-0001', idNumber: p.idNumber, siteCode: 'WS1', collectedAt: t.clock.nowIso(), collector: '采样员' })),
      );
      expect(sampled).toMatchObject({ accepted: 2, rejected: [] });
      t.clock.advance(60_000);
      const r = await new ResultsService(t.ctx).recordResults(t.admin, [
        { tubeBarcode: 'WT-0001', result: 'positive', testedAt: t.clock.nowIso(), labCode: 'WL1' },
      ]);
      expect(r).toMatchObject({ rejected: [], rechecksCreated: 2 });
      await new AreasService(t.ctx).addResponsible(t.admin, AREAS.gridA, { duty: 'grid_worker', name: '李网格' });
    });
    afterAll(() => t.close());

    it('the missing list names the grid worker and the address, phone masked', async () => {
      const { cookie } = await t.loginAs('grid_worker', [AREAS.gridA]);
      const page = await get(cookie, `/testing/rounds/${roundId}/missing?area=${AREAS.gridA}`);
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({
        id: people[2]!.id,
        owner: '李网格',
        address: '幸福小区3栋',
        phoneMasked: expect.stringMatching(/^137\*+\d{2,4}$/),
      });
      expect(JSON.stringify(page)).not.toContain('13700000002');
    });

    it('the re-check board names the grid worker now (none was named when the pool turned positive), address and masked phone', async () => {
      const { cookie } = await t.loginAs('grid_worker', [AREAS.gridA]);
      const list = await get(cookie, `/testing/rounds/${roundId}/rechecks`);
      expect(list.items).toHaveLength(2);
      for (const r of list.items)
        expect(r).toMatchObject({ owner: '李网格', address: expect.stringMatching(/^幸福小区[12]栋$/), phoneMasked: expect.any(String) });
      expect(JSON.stringify(list)).not.toMatch(/1370000000[01]/);
    });

    it('reveals the phone to staff of the area with pii:reveal, one audit entry per reveal; refuses others', async () => {
      const mine = await t.loginAs('grid_worker', [AREAS.gridA]);
      const other = await t.loginAs('grid_worker', [AREAS.streetB]);
      const sampler = await t.loginAs('sampler', [AREAS.streetA]);
      const p = people[2]!;
      const ok = await phone(mine.cookie, p.id);
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ phone: '13700000002' });
      expect((await phone(mine.cookie, p.id)).statusCode).toBe(200);
      const entries = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'person.pii_revealed').where('target_id', '=', p.id).execute();
      expect(entries).toHaveLength(2);
      expect(entries[0]).toMatchObject({ reason: '电话通知采样', area_code: AREAS.buildingA });
      expect(JSON.parse(String(entries[0]?.details))).toEqual({ via: 'missing', fields: ['phone'] });
      expect(JSON.stringify(entries)).not.toContain('13700000002');
      expect((await phone(other.cookie, p.id)).statusCode).toBe(404);
      expect((await phone(sampler.cookie, p.id)).statusCode).toBe(403);
      const noReason = await phone(mine.cookie, p.id, '');
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.details.fields).toHaveProperty('reason');
    });
  });
}
