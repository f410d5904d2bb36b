import { systemActor } from '../modules/auth/actor';
import { createTestContext, testDialects, type TestContext } from '../test/harness';
import { dispatchEvents, MAX_ATTEMPTS, pendingFailures, publishEvent, type DomainEvent, type EventConsumer } from './index';

const actor = systemActor('test');

function recorder(name: string, type: string, seen: DomainEvent[], fail = () => false): EventConsumer {
  return {
    name,
    type,
    handle: async (_ctx, e) => {
      if (fail()) throw new Error('plan store unavailable');
      seen.push(e);
    },
  };
}

for (const dialect of testDialects()) {
  describe(`[${dialect}] domain events`, () => {
    let t: TestContext;
    beforeEach(async () => {
      t = await createTestContext(dialect);
    });
    afterEach(() => t.close());

    it('exists only when the change that published it committed', async () => {
      await t.ctx.db
        .transaction()
        .execute(async (trx) => {
          await publishEvent(trx, t.ctx, actor, { type: 'alert.escalated', areaCode: '320706', subjectId: 'a1' });
          throw new Error('the escalation failed');
        })
        .catch(() => undefined);
      await t.ctx.db
        .transaction()
        .execute((trx) => publishEvent(trx, t.ctx, actor, { type: 'alert.escalated', areaCode: '320706', subjectId: 'a2', payload: { grade: 'red' } }));
      const seen: DomainEvent[] = [];
      expect(await dispatchEvents(t.ctx, [recorder('c', 'alert.escalated', seen)])).toBe(1);
      expect(seen.map((e) => [e.subjectId, e.payload.grade, e.areaCode])).toEqual([['a2', 'red', '320706']]);
    });

    it('delivers each event once per consumer, in order, and only events of its type', async () => {
      for (const s of ['a1', 'a2', 'a3']) await publishEvent(t.ctx.db, t.ctx, actor, { type: 'alert.escalated', areaCode: '320706', subjectId: s });
      await publishEvent(t.ctx.db, t.ctx, actor, { type: 'other.thing', areaCode: '320706', subjectId: 'x' });
      const one: DomainEvent[] = [];
      const two: DomainEvent[] = [];
      const consumers = [recorder('one', 'alert.escalated', one), recorder('two', 'alert.escalated', two)];
      expect(await dispatchEvents(t.ctx, consumers)).toBe(6);
      expect(await dispatchEvents(t.ctx, consumers)).toBe(0);
      expect(one.map((e) => e.subjectId)).toEqual(['a1', 'a2', 'a3']);
      expect(two.map((e) => e.subjectId)).toEqual(['a1', 'a2', 'a3']);
    });

    it('retries a failing handler on later sweeps, then lists it as failed', async () => {
      await publishEvent(t.ctx.db, t.ctx, actor, { type: 'alert.escalated', areaCode: '320706', subjectId: 'a1' });
      const seen: DomainEvent[] = [];
      let calls = 0;
      const flaky = recorder('flaky', 'alert.escalated', seen, () => ++calls <= 2);
      expect(await dispatchEvents(t.ctx, [flaky])).toBe(0);
      expect(await dispatchEvents(t.ctx, [flaky])).toBe(0);
      expect(await dispatchEvents(t.ctx, [flaky])).toBe(1); // third attempt succeeds
      expect(seen).toHaveLength(1);
      expect(await pendingFailures(t.ctx)).toEqual([]);

      const broken = recorder('broken', 'alert.escalated', [], () => true);
      for (let i = 0; i < MAX_ATTEMPTS + 2; i++) await dispatchEvents(t.ctx, [broken]);
      const failed = await pendingFailures(t.ctx);
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ consumer: 'broken', attempts: MAX_ATTEMPTS, error: 'plan store unavailable' });
    });
  });
}
