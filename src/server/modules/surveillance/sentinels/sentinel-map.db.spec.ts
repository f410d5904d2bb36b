import { AREAS, seedAreas } from '../../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../../test/harness';
import { addDays } from '../../../lib/local-time';
import { CountsService } from './counts.service';
import { SentinelsService } from './sentinels.service';
import { SignalsService } from '../signals/signals.service';

const TODAY = '2026-05-06'; // the harness clock, Shanghai
const YESTERDAY = addDays(TODAY, -1);

for (const dialect of testDialects()) {
  describe(`[${dialect}] the sentinel map (哨点地图)`, () => {
    let t: TestContext;
    beforeEach(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      // Street A and its community have centroids; street B's areas have none.
      await t.ctx.db.updateTable('areas').set({ centroid_lon: 119.2, centroid_lat: 34.6 }).where('code', '=', AREAS.streetA).execute();
      await t.ctx.db.updateTable('areas').set({ centroid_lon: 119.21, centroid_lat: 34.61 }).where('code', '=', AREAS.communityA).execute();
    });
    afterEach(() => t.close());

    it('takes optional coordinates on create, refusing a half, out-of-range or far-away point naming the field; nothing written', async () => {
      const svc = new SentinelsService(t.ctx);
      const base = { type: 'pharmacy', areaCode: AREAS.communityA };
      await expect(svc.create(t.admin, { ...base, code: 'P1', lng: 119.2 })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: { lat: expect.stringContaining('both or neither') } },
      });
      await expect(svc.create(t.admin, { ...base, code: 'P1', lng: 34.6, lat: 119.2 })).rejects.toMatchObject({
        details: { fields: { lat: expect.stringContaining('-90 to 90') } },
      });
      await expect(svc.create(t.admin, { ...base, code: 'P1', lng: 116.4, lat: 39.9 })).rejects.toMatchObject({
        details: { fields: { lng: expect.stringContaining("km from the area's centre") } },
      });
      await expect(svc.create(t.admin, { ...base, code: 'P1', lng: Number.NaN, lat: 34.6 })).rejects.toMatchObject({
        details: { fields: { lng: expect.any(String) } },
      });
      expect(await t.ctx.db.selectFrom('sentinels').select('id').execute()).toEqual([]);
      await svc.create(t.admin, { ...base, code: 'P1', lng: 119.25, lat: 34.62 });
      expect((await svc.list(t.admin)).find((s) => s.code === 'P1')).toMatchObject({ lng: 119.25, lat: 34.62 });
    });

    it('draws each sentinel at its point or its area centroid, coloured alarm / reported / not reported today, within scope', async () => {
      const svc = new SentinelsService(t.ctx);
      await svc.create(t.admin, { code: 'OWN', type: 'pharmacy', areaCode: AREAS.communityA, lng: 119.25, lat: 34.62 });
      await svc.create(t.admin, { code: 'CEN', type: 'pharmacy', areaCode: AREAS.streetA });
      await svc.create(t.admin, { code: 'ALARM', type: 'pharmacy', areaCode: AREAS.communityA });
      await svc.create(t.admin, { code: 'NOWHERE', type: 'pharmacy', areaCode: AREAS.communityB });
      const quiet = Array.from({ length: 20 }, (_, i) => ({
        sentinelCode: 'ALARM',
        date: addDays(YESTERDAY, -20 + i),
        indicator: 'fever_drugs',
        count: 2 + (i % 2),
      }));
      await new CountsService(t.ctx).batch(t.admin, [
        ...quiet,
        { sentinelCode: 'ALARM', date: YESTERDAY, indicator: 'fever_drugs', count: 15 },
        { sentinelCode: 'ALARM', date: TODAY, indicator: 'fever_drugs', count: 3 },
        { sentinelCode: 'OWN', date: TODAY, indicator: 'fever_drugs', count: 1 },
      ]);
      await new SignalsService(t.ctx).setBudget(t.admin, { minCount: 3, repeatWindowDays: 7, weeklyBudget: 100 });
      await new SignalsService(t.ctx).runFor(t.admin, YESTERDAY);
      const map = await svc.map(t.admin);
      expect(map.date).toBe(TODAY);
      expect(map.unplaced).toBe(1); // NOWHERE: no point, no centroid
      expect(map.items.map((i) => [i.code, i.placed, i.status, i.lng, i.lat])).toEqual([
        ['CEN', 'centroid', 'not_reported', 119.2, 34.6],
        ['ALARM', 'centroid', 'alarm', 119.21, 34.61],
        ['OWN', 'own', 'reported', 119.25, 34.62],
      ]);
      const { cookie } = await t.loginAs('area_official', [AREAS.streetB]);
      const res = await (await t.app()).inject({ method: 'GET', url: '/api/v1/surveillance/sentinel-map', headers: { cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ date: TODAY, items: [], unplaced: 1 });
      const bad = await (
        await t.app()
      ).inject({
        method: 'POST',
        url: '/api/v1/surveillance/sentinels',
        headers: { cookie },
        payload: { code: 'X1', type: 'pharmacy', areaCode: AREAS.communityB, lng: 500, lat: 34 },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('lng');
    });
  });
}
