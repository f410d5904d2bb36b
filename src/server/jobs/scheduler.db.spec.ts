import { MINUTE } from '../lib/clock';
import { createTestContext, testDialects, type TestContext } from '../test/harness';
import { backoffMs, JobScheduler } from './scheduler';

for (const dialect of testDialects()) {
  describe(`[${dialect}] job scheduler`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect);
    });
    afterAll(() => t.close());

    it('runs an interval job once per interval', async () => {
      const s = new JobScheduler(t.ctx);
      let runs = 0;
      s.register({ name: 'tick', intervalSeconds: 60, handler: async () => void runs++ });
      await s.install();
      await s.install(); // a second instance starting does not duplicate it
      expect(await s.runDue()).toBe(1);
      expect(await s.runDue()).toBe(0);
      t.clock.advance(61_000);
      expect(await s.runDue()).toBe(1);
      expect(runs).toBe(2);
    });

    it('retries a failing one-off job with back-off, then gives up', async () => {
      const s = new JobScheduler(t.ctx);
      let calls = 0;
      s.register({
        name: 'flaky',
        handler: async () => {
          calls++;
          throw new Error('lab system down');
        },
      });
      await s.enqueue('flaky', { x: 1 }, undefined, 2);
      await s.runDue();
      expect(calls).toBe(1);
      await s.runDue();
      expect(calls).toBe(1); // not yet: backing off
      t.clock.advance(backoffMs(1) + 1000);
      await s.runDue();
      expect(calls).toBe(2);
      t.clock.advance(60 * MINUTE);
      await s.runDue();
      expect(calls).toBe(2);
      const row = await t.ctx.db.selectFrom('jobs').selectAll().where('name', '=', 'flaky').executeTakeFirstOrThrow();
      expect(row.status).toBe('failed');
      expect(row.last_error).toContain('lab system down');
    });

    it('two schedulers polling together run each job exactly once', async () => {
      const a = new JobScheduler(t.ctx);
      const b = new JobScheduler(t.ctx);
      const seen: number[] = [];
      const handler = async (_c: unknown, payload: unknown) => {
        seen.push((payload as { n: number }).n);
        await new Promise((r) => setTimeout(r, 2));
      };
      a.register({ name: 'once', handler });
      b.register({ name: 'once', handler });
      for (let n = 0; n < 30; n++) await a.enqueue('once', { n });
      await Promise.all([a.runDue(100), b.runDue(100)]);
      expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, n) => n));
    });
  });
}
