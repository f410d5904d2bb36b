import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { Access } from './access';
import { HandoffService, sendHandoffs } from './handoffs';
import { Scope } from './scope';

for (const dialect of testDialects()) {
  describe(`[${dialect}] access check and hand-offs`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
    });
    afterAll(() => t.close());

    it('answers 404 for a record outside scope and finds one inside', async () => {
      const a = await newPerson(t, { areaCode: AREAS.buildingA });
      const b = await newPerson(t, { areaCode: AREAS.buildingB });
      const access = new Access(t.ctx.db, Scope.areas([AREAS.streetA]));
      await expect(access.ensure('person', a.id)).resolves.toBeUndefined();
      await expect(access.ensure('person', b.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(access.ensure('person', 'no-such-id')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect([...(await access.readable('person', [a.id, b.id]))]).toEqual([a.id]);
    });

    it('sends a hand-off once to the receiving area, which alone sees and closes it', async () => {
      const b = await newPerson(t, { areaCode: AREAS.buildingB });
      const streetA = { ...t.admin, name: 'a-official', scope: [AREAS.streetA] };
      const streetB = { ...t.admin, name: 'b-official', scope: [AREAS.streetB] };
      const item = {
        areaCode: b.areaCode,
        kind: 'contact_elsewhere' as const,
        personId: b.id,
        subjectType: 'case',
        subjectId: 'case-1',
        message: '密接在贵辖区',
      };
      const sent = await t.ctx.db.transaction().execute((trx) => sendHandoffs(t.ctx, trx, streetA, AREAS.streetA, [item, item]));
      expect(sent).toBe(1);
      const again = await t.ctx.db.transaction().execute((trx) => sendHandoffs(t.ctx, trx, streetA, AREAS.streetA, [item]));
      expect(again).toBe(0);
      const svc = new HandoffService(t.ctx);
      expect((await svc.list(streetA, { limit: 10 })).items).toHaveLength(0);
      const inbox = await svc.list(streetB, { limit: 10 });
      expect(inbox.items).toHaveLength(1);
      const id = inbox.items[0]?.id as string;
      await expect(svc.act(streetA, id, 'done', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(svc.act(streetB, id, 'done')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((await svc.act(streetB, id, 'done', '已落地管控')).status).toBe('done');
      expect(await svc.countOpen(streetB)).toBe(0);
    });
  });
}
