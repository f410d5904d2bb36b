import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { loadDemoFacilities } from '../quarantine/demo-facilities';
import { loadDemoVenues } from '../tracing/demo-venues';
import { loadDemoCity } from './demo-loader';
import { demoCity, markDemoCity } from './demo-marker';

for (const dialect of testDialects()) {
  describe(`[${dialect}] demo city`, () => {
    let here: TestContext;
    let worker: TestContext;
    beforeAll(async () => {
      here = await createTestContext(dialect);
      worker = await createTestContext(dialect);
    });
    afterAll(async () => {
      await here.close();
      await worker.close();
    });

    const hashes = async (t: TestContext) => (await t.ctx.db.selectFrom('persons').select('doc_hash').orderBy('doc_hash').execute()).map((r) => r.doc_hash);
    const counters = async (t: TestContext) =>
      Number(
        (
          await t.ctx.db
            .selectFrom('areas')
            .select((eb) => eb.fn.sum<number>('population').as('n'))
            .where('level', '=', 'district')
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('is the same city whether rows are built here or on a worker thread; counters match the rows', async () => {
      const a = await loadDemoCity(here.ctx, here.admin, { people: 3000, seed: 9 });
      const b = await loadDemoCity(worker.ctx, worker.admin, { people: 3000, seed: 9, worker: true });
      expect(a.people).toBe(3000);
      expect(b.people).toBe(3000);
      expect(await hashes(worker)).toEqual(await hashes(here));
      expect(await counters(here)).toBe(3000);
      expect(await counters(worker)).toBe(3000);
      await expect(loadDemoCity(here.ctx, here.admin, { people: 10, seed: 9 })).rejects.toMatchObject({ code: 'REGISTRY_NOT_EMPTY' });
    });

    it('is marked as the demo, and gets venues with recent check-ins and a quarantine estate', async () => {
      expect(await demoCity(here.ctx)).toBeNull();
      await markDemoCity(here.ctx, { people: 3000, seed: 9 });
      const city = await demoCity(here.ctx);
      expect(city).toMatchObject({ people: 3000, seed: 9 });
      const v = await loadDemoVenues(here.ctx, city ?? { people: 0, seed: 0 });
      expect(v.venues).toBe(50);
      expect(v.checkins).toBeGreaterThan(3000);
      expect(await loadDemoFacilities(here.ctx, here.admin)).toBe(4);
      const rooms = await here.ctx.db
        .selectFrom('rooms')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(rooms.n)).toBe(180 + 200 + 400 + 100);
    });
  });
}
