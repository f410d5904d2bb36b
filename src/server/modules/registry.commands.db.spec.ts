import { Command } from 'commander';
import { AREAS, newPerson, seedAreas } from '../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../test/harness';
import type { CliKit } from './module';
import { registerRegistryCommands } from './registry.commands';

for (const dialect of testDialects()) {
  describe(`[${dialect}] registry CLI: people move, handoffs list|ack|done`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
    });
    afterAll(() => t.close());

    /** Run one `epigrid …` command in-process on the test database; returns what it printed as JSON. */
    async function epigrid(...args: string[]): Promise<unknown> {
      const printed: unknown[] = [];
      const kit: CliKit = { withContext: (fn) => fn(t.ctx), print: (_json, value) => void printed.push(value), actor: () => t.admin };
      const program = new Command('epigrid').exitOverride();
      registerRegistryCommands(program, kit);
      await program.parseAsync(['node', 'epigrid', ...args]);
      return printed[0];
    }

    it('moves a person, then the old area lists, acknowledges and closes the hand-off', async () => {
      const p = await newPerson(t, { areaCode: AREAS.buildingB });
      const moved = (await epigrid('people', 'move', p.id, '--to', AREAS.buildingA, '--reason', '搬家', '--json')) as { areaCode: string };
      expect(moved.areaCode).toBe(AREAS.buildingA);
      const listed = (await epigrid('handoffs', 'list', '--area', AREAS.streetB, '--json')) as Array<{
        id: string;
        kind: string;
        person_id: string;
        status: string;
      }>;
      const h = listed.find((x) => x.person_id === p.id);
      expect(h).toMatchObject({ kind: 'person_moved', status: 'open' });
      expect(await epigrid('handoffs', 'list', '--area', AREAS.streetA, '--json')).toEqual([]);
      expect(await epigrid('handoffs', 'ack', h?.id as string, '--json')).toMatchObject({ status: 'acknowledged' });
      expect(await epigrid('handoffs', 'list', '--area', AREAS.streetB, '--status', 'pending', '--json')).toMatchObject([{ id: h?.id }]);
      expect(await epigrid('handoffs', 'done', h?.id as string, '--note', '已核实迁出', '--json')).toMatchObject({ status: 'done', note: '已核实迁出' });
      expect(await epigrid('handoffs', 'list', '--area', AREAS.streetB, '--status', 'pending', '--json')).toEqual([]);
      await expect(epigrid('people', 'move', p.id, '--to', AREAS.buildingA, '--reason', '再搬')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });
}
