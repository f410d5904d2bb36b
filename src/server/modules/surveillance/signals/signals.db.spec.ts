import { AREAS, seedAreas } from '../../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../../test/harness';
import { addDays } from '../../../lib/local-time';
import type { Actor } from '../../auth/actor';
import { permissionsOf } from '../../auth/permissions';
import { CountsService } from '../sentinels/counts.service';
import { SentinelsService } from '../sentinels/sentinels.service';
import { SignalsService } from './signals.service';

const officialA: Actor = {
  kind: 'user',
  id: 'oa',
  name: 'oa',
  role: 'area_official',
  permissions: permissionsOf('area_official'),
  scope: [AREAS.streetA],
  sites: [],
};
const officialB: Actor = { ...officialA, id: 'ob', name: 'ob', scope: [AREAS.streetB] };
const DAY = '2026-05-05'; // yesterday at the harness clock (2026-05-06 10:00 Shanghai)

for (const dialect of testDialects()) {
  describe(`[${dialect}] signals (issue 14 item 4)`, () => {
    let t: TestContext;
    beforeEach(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
    });
    afterEach(() => t.close());

    /** A pharmacy with 20 quiet days (2–3 a day) before DAY and `spike` on DAY. */
    async function pharmacy(code: string, spike: number, area: string = AREAS.communityA) {
      await new SentinelsService(t.ctx).create(t.admin, { code, type: 'pharmacy', areaCode: area });
      const items = Array.from({ length: 20 }, (_, i) => ({ sentinelCode: code, date: addDays(DAY, -20 + i), indicator: 'fever_drugs', count: 2 + (i % 2) }));
      items.push({ sentinelCode: code, date: DAY, indicator: 'fever_drugs', count: spike });
      const r = await new CountsService(t.ctx).batch(t.admin, items);
      expect(r.rejected).toBe(0);
    }

    it('an alarm becomes a signal with observed, expected, threshold, method and the count rows behind it, for the sentinel and its roll-ups', async () => {
      await pharmacy('PH-S1', 15);
      const run = await new SignalsService(t.ctx).runFor(t.admin);
      expect(run).toMatchObject({ date: DAY, alarms: 3 });
      const rows = await t.ctx.db.selectFrom('surveillance_signals').selectAll().orderBy('area_code').execute();
      const sentinelSignal = rows.find((r) => r.sentinel_id !== null)!;
      expect(sentinelSignal).toMatchObject({ area_code: AREAS.communityA, indicator: 'fever_drugs', period_date: DAY, observed: 15, method: 'ears:C2' });
      expect(sentinelSignal.expected).toBeCloseTo(2.571, 2); // mean of the 7 baseline days ending 3 days before
      expect(sentinelSignal.threshold!).toBeGreaterThan(3);
      expect(sentinelSignal.threshold!).toBeLessThan(15);
      const evidence = JSON.parse(sentinelSignal.evidence) as { rows: unknown[]; baseline: unknown[] };
      expect(evidence.rows).toEqual([{ sentinel_code: 'PH-S1', date: DAY, indicator: 'fever_drugs', count: 15 }]);
      expect(evidence.baseline).toHaveLength(9);
      expect(rows.filter((r) => r.sentinel_id === null).map((r) => r.area_code)).toEqual([AREAS.district, AREAS.streetA]);
      // The weekly budget (2 per district) lets two through; the third is kept, suppressed, with its reason.
      expect(rows.map((r) => r.suppressed).sort()).toEqual([null, null, 'weekly_budget'].sort());
      // Idempotent: a second run records nothing new.
      expect(await new SignalsService(t.ctx).runFor(t.admin, DAY)).toMatchObject({ raised: 0, suppressed: 0 });
      expect(await t.ctx.db.selectFrom('surveillance_signals').select('id').execute()).toHaveLength(3);
    });

    it('signals are read within scope; the run itself needs a city-scoped caller', async () => {
      await pharmacy('PH-S2', 15);
      await new SignalsService(t.ctx).runFor(t.admin);
      const mine = await new SignalsService(t.ctx).list(officialA, { suppressed: 'all' });
      expect(mine.map((s) => s.areaCode).every((a) => a.startsWith(AREAS.streetA))).toBe(true);
      expect(mine.length).toBeGreaterThan(0);
      expect(await new SignalsService(t.ctx).list(officialB, { suppressed: 'all' })).toEqual([]);
      await expect(new SignalsService(t.ctx).runFor(officialA)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(new SignalsService(t.ctx).list(officialB, { area: AREAS.streetA })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('the budget: below the minimum count no signal is raised; the same rule does not repeat unless new cases arrive', async () => {
      await new SignalsService(t.ctx).setBudget(t.admin, { minCount: 5, repeatWindowDays: 7, weeklyBudget: 100 });
      await new SentinelsService(t.ctx).create(t.admin, { code: 'PH-LOW', type: 'pharmacy', areaCode: AREAS.communityA });
      const quiet = Array.from({ length: 20 }, (_, i) => ({ sentinelCode: 'PH-LOW', date: addDays(DAY, -21 + i), indicator: 'fever_drugs', count: 0 }));
      await new CountsService(t.ctx).batch(t.admin, [...quiet, { sentinelCode: 'PH-LOW', date: addDays(DAY, -1), indicator: 'fever_drugs', count: 4 }]);
      const svc = new SignalsService(t.ctx);
      await svc.runFor(t.admin, addDays(DAY, -1));
      const first = await t.ctx.db.selectFrom('surveillance_signals').select(['sentinel_id', 'suppressed']).where('sentinel_id', 'is not', null).execute();
      expect(first.map((r) => r.suppressed)).toEqual(['min_count']);
      // Next day 9 (raised), the day after 8: a repeat without new cases; then 12: new cases, raised again.
      await new CountsService(t.ctx).batch(t.admin, [{ sentinelCode: 'PH-LOW', date: DAY, indicator: 'fever_drugs', count: 9 }]);
      await svc.runFor(t.admin, DAY);
      t.clock.set('2026-05-08T02:00:00.000Z');
      await new CountsService(t.ctx).batch(t.admin, [
        { sentinelCode: 'PH-LOW', date: addDays(DAY, 1), indicator: 'fever_drugs', count: 8 },
        { sentinelCode: 'PH-LOW', date: addDays(DAY, 2), indicator: 'fever_drugs', count: 12 },
      ]);
      await svc.runFor(t.admin, addDays(DAY, 1));
      await svc.runFor(t.admin, addDays(DAY, 2));
      const byDay = await t.ctx.db
        .selectFrom('surveillance_signals')
        .select(['period_date', 'suppressed'])
        .where('sentinel_id', 'is not', null)
        .orderBy('period_date')
        .execute();
      expect(byDay).toEqual([
        { period_date: addDays(DAY, -1), suppressed: 'min_count' },
        { period_date: DAY, suppressed: null },
        { period_date: addDays(DAY, 1), suppressed: 'repeat' },
        { period_date: addDays(DAY, 2), suppressed: null },
      ]);
      const rates = await svc.rates(officialA);
      expect(rates).toMatchObject({ minCount: 5, weeklyBudget: 100 });
      expect(rates.areas[0]!.areaCode).toBe(AREAS.district);
    });

    it('the detector is configured as data per sentinel type and indicator with R’s control names; a bad name is refused', async () => {
      const svc = new SignalsService(t.ctx);
      await expect(svc.setDetector(t.admin, 'pharmacy', 'fever_drugs', { detector: 'ears', method: 'C9' })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      await expect(svc.setDetector(t.admin, 'pharmacy', 'fever_drugs', { detector: 'ears', alpah: 0.01 })).rejects.toMatchObject({
        details: { fields: { alpah: expect.stringContaining('not a control name') } },
      });
      await expect(svc.setDetector(officialA, 'pharmacy', '*', { detector: 'ears', method: 'C1' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await svc.setDetector(t.admin, 'pharmacy', '*', { detector: 'ears', method: 'C1', baseline: 7 });
      await pharmacy('PH-C1', 15);
      await svc.runFor(t.admin);
      const s = await t.ctx.db.selectFrom('surveillance_signals').select('method').where('sentinel_id', 'is not', null).executeTakeFirstOrThrow();
      expect(s.method).toBe('ears:C1');
      const chart = await svc.chart(officialA, { sentinel: 'PH-C1', indicator: 'fever_drugs', to: DAY, days: 14 });
      expect(chart.method).toBe('ears:C1');
      expect(chart.points).toHaveLength(14);
      expect(chart.points.at(-1)).toMatchObject({ date: DAY, observed: 15, alarm: true });
      expect(chart.signals.map((x) => x.periodDate)).toEqual([DAY]);
      await expect(svc.chart(officialB, { sentinel: 'PH-C1', indicator: 'fever_drugs', days: 14 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('a new sentinel is read from its first report: no alarm on its first days, in the chart or the nightly run', async () => {
      // EARS C2 needs 9 days before the monitored one; PH-NEW has reported for 12 days, the first 3 of them only in the chart's baseline.
      await new SentinelsService(t.ctx).create(t.admin, { code: 'PH-NEW', type: 'pharmacy', areaCode: AREAS.communityA });
      const first = addDays(DAY, -11);
      const items = Array.from({ length: 12 }, (_, i) => ({ sentinelCode: 'PH-NEW', date: addDays(first, i), indicator: 'fever_drugs', count: 3 + (i % 3) }));
      expect((await new CountsService(t.ctx).batch(t.admin, items)).rejected).toBe(0);
      const svc = new SignalsService(t.ctx);
      const chart = await svc.chart(officialA, { sentinel: 'PH-NEW', indicator: 'fever_drugs', to: DAY, days: 30 });
      expect(chart.points[0]).toMatchObject({ date: first, observed: 3, threshold: null, alarm: false });
      expect(chart.points).toHaveLength(12);
      expect(chart.points.slice(0, 9).every((p) => p.threshold === null)).toBe(true);
      expect(chart.points.slice(9).every((p) => p.threshold !== null)).toBe(true);
      expect(chart.points.filter((p) => p.alarm)).toEqual([]);
      // Nightly: its first days are not tested (before, zeros before the first report raised alarms on them).
      for (let d = 0; d < 12; d++) await svc.runFor(t.admin, addDays(first, d));
      const signals = await t.ctx.db.selectFrom('surveillance_signals').select(['period_date', 'area_code']).execute();
      expect(signals).toEqual([]);
      // With 9 days of reports behind it, a spike is an alarm.
      await new CountsService(t.ctx).batch(t.admin, [{ sentinelCode: 'PH-NEW', date: addDays(DAY, 1), indicator: 'fever_drugs', count: 40 }]);
      await svc.runFor(t.admin, addDays(DAY, 1));
      expect(
        (await t.ctx.db.selectFrom('surveillance_signals').select('observed').where('sentinel_id', 'is not', null).execute()).map((r) => r.observed),
      ).toEqual([40]);
    });
  });
}
