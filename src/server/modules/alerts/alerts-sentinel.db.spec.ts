import { AREAS, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { addDays } from '../../lib/local-time';
import type { Actor } from '../auth/actor';
import { permissionsOf } from '../auth/permissions';
import { CountsService } from '../surveillance/sentinels/counts.service';
import { SentinelsService } from '../surveillance/sentinels/sentinels.service';
import { SignalsService } from '../surveillance/signals/signals.service';
import { pooledResult, testingWorld, type TestingWorld } from './alerts.fixtures';
import { AlertsService } from './alerts.service';
import { RulesService } from './rules.service';
import { AlertSweep } from './sweep.service';

const DAY = '2026-05-05'; // yesterday at the harness clock: the day the nightly run looks at
const officialB: Actor = {
  kind: 'user',
  id: 'ob',
  name: 'ob',
  role: 'area_official',
  permissions: permissionsOf('area_official'),
  scope: [AREAS.streetB],
  sites: [],
};

async function only(t: TestContext, ...codes: string[]) {
  if (codes.length === 0) return void (await t.ctx.db.updateTable('alert_rules').set({ enabled: 0 }).execute());
  await t.ctx.db
    .updateTable('alert_rules')
    .set((eb) => ({ enabled: eb.case().when('code', 'in', codes).then(1).else(0).end() }))
    .execute();
}

for (const dialect of testDialects()) {
  describe(`[${dialect}] the sentinel_signal channel (多点触发 over 哨点信号)`, () => {
    let t: TestContext;
    let w: TestingWorld;
    const sweep = () => new AlertSweep(t.ctx).run();
    beforeEach(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      w = await testingWorld(t);
    });
    afterEach(() => t.close());

    /** A pharmacy in community A with 20 quiet days and 15 fever-drug buyers on DAY; the night's detection run. */
    async function pharmacySpike(code = 'PH-S1') {
      await new SentinelsService(t.ctx).create(t.admin, { code, type: 'pharmacy', areaCode: AREAS.communityA });
      const items = Array.from({ length: 20 }, (_, i) => ({ sentinelCode: code, date: addDays(DAY, -20 + i), indicator: 'fever_drugs', count: 2 + (i % 2) }));
      await new CountsService(t.ctx).batch(t.admin, [...items, { sentinelCode: code, date: DAY, indicator: 'fever_drugs', count: 15 }]);
      return new SignalsService(t.ctx).runFor(t.admin, DAY);
    }

    it('the default street multi-point rule counts a sentinel signal with a positive pool; the alert shows both with the signal summarised', async () => {
      await only(t, 'multi-point-street');
      await new SignalsService(t.ctx).setBudget(t.admin, { minCount: 3, repeatWindowDays: 7, weeklyBudget: 100 });
      expect(await pharmacySpike()).toMatchObject({ alarms: 3, raised: 3 });
      // The sentinel's signal (community A), street A's and the district's roll-ups: seen, one channel only.
      expect(await sweep()).toMatchObject({ seen: 3, raised: 0 });
      const barcode = await pooledResult(t, w, { street: 'A' });
      expect(await sweep()).toMatchObject({ seen: 1, raised: 1 });
      const [a] = await t.ctx.db.selectFrom('alerts').selectAll().execute();
      expect(a).toMatchObject({ rule_code: 'multi-point-street', area_code: AREAS.streetA, grade: 'orange', records: 3 });
      expect(JSON.parse(a!.channels)).toEqual(['positive_pool', 'sentinel_signal']);
      // The district roll-up is coarser than a street: it does not count for the street rule.
      const detail = await new AlertsService(t.ctx).show(t.admin, a!.id);
      const signals = detail.evidence.filter((e) => e.channel === 'sentinel_signal');
      expect(signals.map((e) => e.areaCode).sort()).toEqual([AREAS.streetA, AREAS.communityA].sort());
      expect(signals.every((e) => e.occurredAt === `${DAY}T00:00:00.000Z`)).toBe(true);
      expect(signals.map((e) => e.summary)).toContainEqual(expect.stringMatching(new RegExp(`^PH-S1 · fever_drugs · ${DAY} · 15 > [0-9.]+ · ears:C2$`)));
      expect(signals.map((e) => e.summary)).toContainEqual(expect.stringMatching(new RegExp(`^${AREAS.streetA} · fever_drugs · ${DAY} · `)));
      expect(detail.evidence.find((e) => e.channel === 'positive_pool')).toMatchObject({ recordId: barcode, summary: null });
    });

    it('a suppressed signal (over the alert budget) is never a channel record', async () => {
      await only(t, 'multi-point-district');
      // The default weekly budget (2 per district) raises two of the three alarms and suppresses one.
      expect(await pharmacySpike()).toMatchObject({ alarms: 3, raised: 2, suppressed: 1 });
      expect(await sweep()).toMatchObject({ seen: 2 });
      const suppressed = await t.ctx.db.selectFrom('surveillance_signals').select('id').where('suppressed', 'is not', null).executeTakeFirstOrThrow();
      const seen = await t.ctx.db.selectFrom('alert_channel_records').select(['channel', 'record_id']).execute();
      expect(seen.every((r) => r.channel === 'sentinel_signal')).toBe(true);
      expect(seen.map((r) => r.record_id)).not.toContain(suppressed.id);
    });

    it('a rule of sentinel signals alone: ≥ 2 in a street within the window; out of scope the alert is not found', async () => {
      await only(t);
      await new RulesService(t.ctx).create(t.admin, {
        code: 'sentinel-street',
        name: '哨点信号聚集',
        channels: ['sentinel_signal'],
        minChannels: 1,
        minRecords: 2,
        windowHours: 48,
        level: 'street',
        grade: 'yellow',
      });
      await new SignalsService(t.ctx).setBudget(t.admin, { minCount: 3, repeatWindowDays: 7, weeklyBudget: 100 });
      await pharmacySpike();
      expect(await sweep()).toMatchObject({ seen: 3, raised: 1 });
      const [a] = await t.ctx.db.selectFrom('alerts').selectAll().execute();
      expect(a).toMatchObject({ rule_code: 'sentinel-street', area_code: AREAS.streetA, records: 2 });
      await expect(new AlertsService(t.ctx).show(officialB, a!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
}
