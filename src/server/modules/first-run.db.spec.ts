import type { JobScheduler } from '../jobs/scheduler';
import { seedAreas } from '../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../test/harness';
import { registryModule } from './registry.module';

const count = async (t: TestContext, table: 'persons' | 'areas') =>
  Number(
    (
      await t.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

for (const dialect of testDialects()) {
  describe(`[${dialect}] first run (issue 13 item 6)`, () => {
    const start = (t: TestContext) => registryModule.onStart?.(t.ctx, {} as JobScheduler);

    it('an empty database gets the demo city', async () => {
      const t = await createTestContext(dialect, { demoPeople: 300 });
      try {
        await start(t);
        expect(await count(t, 'persons')).toBe(300);
      } finally {
        await t.close();
      }
    });

    it("a database holding a county's own areas (and no people yet) gets no demo on top of them", async () => {
      const t = await createTestContext(dialect, { demoPeople: 300 });
      try {
        await seedAreas(t);
        const areas = await count(t, 'areas');
        await start(t);
        expect(await count(t, 'persons')).toBe(0);
        expect(await count(t, 'areas')).toBe(areas);
      } finally {
        await t.close();
      }
    });
  });
}
