import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { AreaRepository } from './areas/area.repository';
import type { AreaLevel } from './areas/areas.table';
import { createTestContext, testDialects, type TestContext } from '../test/harness';
import type { CliKit } from './module';
import { registerOwnerCommands } from './owners.commands';
import { registerRegistryCommands } from './registry.commands';

const examples = path.resolve(import.meta.dirname, '../../../docs/examples');

/** The areas the README's path has by the time users and owners are imported (districts loaded, grids imported). */
const AREAS: Array<[string, AreaLevel, string]> = [
  ['32', 'province', '江苏省'],
  ['3207', 'city', '连云港市'],
  ['320706', 'district', '海州区'],
  ['320706001', 'street', '朐阳街道'],
  ['320706001001', 'community', '西门社区居委会'],
  ['320706001001001', 'grid', '西门社区第1网格'],
  ['320706001001002', 'grid', '西门社区第2网格'],
];

/** The nearest enclosing code among AREAS (official codes skip levels, so not a fixed length). */
const parentOf = (code: string) =>
  AREAS.map(([c]) => c)
    .filter((c) => c.length < code.length && code.startsWith(c))
    .sort((a, b) => b.length - a.length)[0] ?? null;

for (const dialect of testDialects()) {
  describe(`[${dialect}] the sample files of README "Your own district, step by step"`, () => {
    let t: TestContext;
    let dir: string;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epigrid-examples-'));
      const now = t.clock.nowIso();
      await new AreaRepository(t.ctx.db, t.ctx.dialect).insertMany(
        AREAS.map(([code, level, name]) => ({
          code,
          level,
          name,
          parent_code: parentOf(code),
          geometry: null,
          centroid_lon: null,
          centroid_lat: null,
          population: 0,
          households: 0,
          created_at: now,
        })),
      );
    });
    afterAll(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await t.close();
    });

    async function epigrid(...args: string[]): Promise<unknown> {
      const printed: unknown[] = [];
      const kit: CliKit = { withContext: (fn) => fn(t.ctx), print: (_json, value) => void printed.push(value), actor: () => t.admin };
      const program = new Command('epigrid').exitOverride();
      registerOwnerCommands(program, kit);
      registerRegistryCommands(program, kit);
      await program.parseAsync(['node', 'epigrid', ...args]);
      return printed[0];
    }

    it('users, responsibles and people import without a rejected row, and again unchanged', async () => {
      const users = path.join(examples, 'users.csv');
      const owners = path.join(examples, 'responsibles.csv');
      const people = path.join(examples, 'people.csv');
      expect(await epigrid('import', 'users', users, '--passwords', path.join(dir, 'p1.csv'), '--json')).toEqual({
        accepted: 6,
        rejected: 0,
        unchanged: 0,
        updated: 0,
      });
      expect(await epigrid('import', 'responsibles', owners, '--json')).toEqual({ accepted: 8, rejected: 0, unchanged: 0, updated: 0 });
      expect(await epigrid('import', 'people', people, '--json')).toEqual({ accepted: 4, rejected: 0, unchanged: 0, updated: 0 });
      expect(await epigrid('import', 'users', users, '--passwords', path.join(dir, 'p2.csv'), '--json')).toEqual({
        accepted: 0,
        rejected: 0,
        unchanged: 6,
        updated: 0,
      });
      expect(await epigrid('import', 'responsibles', owners, '--json')).toEqual({ accepted: 0, rejected: 0, unchanged: 8, updated: 0 });
    });
  });
}
