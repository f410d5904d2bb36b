import { Command } from 'commander';
import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { AreaRepository } from '../areas/area.repository';
import type { CliKit } from '../module';
import { registerRegistryCommands } from '../registry.commands';
import { CoverageService } from '../testing/coverage.service';
import { RoundsService } from '../testing/rounds.service';
import { SamplingService } from '../testing/sampling.service';
import { GridAssignmentService } from './grid-assignment.service';

/** 未落格 (issue 13 item 3): listed per street/community, placed into grids in bulk with every count following. */
for (const dialect of testDialects()) {
  describe(`[${dialect}] 未落格: people above grid level, placed into grids`, () => {
    let t: TestContext;
    let streetNo = 200;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
    });
    afterAll(() => t.close());

    async function street() {
      const s = `320706${streetNo++}`;
      const c = { street: s, community: `${s}001`, other: `${s}002`, grid: `${s}001001`, otherGrid: `${s}002001` };
      const row = (code: string, parent: string, level: 'street' | 'community' | 'grid') => ({
        code,
        parent_code: parent,
        level,
        name: `${level}-${code.slice(-3)}`,
        geometry: null,
        centroid_lon: null,
        centroid_lat: null,
        population: 0,
        households: 0,
        created_at: t.clock.nowIso(),
      });
      await new AreaRepository(t.ctx.db, t.ctx.dialect).insertMany([
        row(c.street, AREAS.district, 'street'),
        row(c.community, c.street, 'community'),
        row(c.other, c.street, 'community'),
        row(c.grid, c.community, 'grid'),
        row(c.otherGrid, c.other, 'grid'),
      ]);
      return c;
    }
    const counters = async (code: string) => {
      const a = await t.ctx.db.selectFrom('areas').select(['population', 'households']).where('code', '=', code).executeTakeFirstOrThrow();
      return [Number(a.population), Number(a.households)];
    };
    const svc = () => new GridAssignmentService(t.ctx);

    it('lists a street’s people above grid level per street/community, masked, keyset, scoped', async () => {
      const s = await street();
      const atStreet = [await newPerson(t, { areaCode: s.street }), await newPerson(t, { areaCode: s.street })];
      const atCommunity = await newPerson(t, { areaCode: s.community });
      await newPerson(t, { areaCode: s.grid });
      expect(await svc().summary(t.admin, s.street)).toEqual([
        { code: s.street, name: 'street-' + s.street.slice(-3), level: 'street', people: 2 },
        { code: s.community, name: 'community-001', level: 'community', people: 1 },
      ]);
      const first = await svc().list(t.admin, s.street, null, 2);
      expect(first.items.map((p) => p.id)).toEqual(atStreet.map((p) => p.id).sort());
      expect(first.items[0]?.id_number_masked).toMatch(/\*{10}/);
      const cursor = JSON.parse(Buffer.from(first.nextCursor as string, 'base64url').toString('utf8')) as { k: string; id: string };
      const second = await svc().list(t.admin, s.street, cursor, 2);
      expect(second).toEqual({ items: [expect.objectContaining({ id: atCommunity.id })], nextCursor: null });
      const elsewhere = { ...t.admin, scope: [AREAS.streetB] };
      await expect(svc().list(elsewhere, s.street, null, 10)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const app = await t.app();
      const official = await t.loginAs('area_official', [s.street]);
      const res = await app.inject({ url: `/api/v1/people/unplaced?area=${s.street}&limit=10`, headers: { cookie: official.cookie } });
      expect(res.json().items).toHaveLength(3);
      const bad = await app.inject({ url: `/api/v1/people/unplaced?area=${s.street}&cursor=nonsense`, headers: { cookie: official.cookie } });
      expect(bad.statusCode).toBe(400);
    });

    it('places selected people into a grid: people, tags, population, households and an open round follow, audited by name', async () => {
      const s = await street();
      const hh = `HH${s.street}`;
      const family = [
        await newPerson(t, { areaCode: s.street, householdCode: hh, tags: ['cold_chain'] }),
        await newPerson(t, { areaCode: s.street, householdCode: hh }),
      ];
      const single = await newPerson(t, { areaCode: s.community, householdCode: `${hh}-2` });
      const roundId = (await new RoundsService(t.ctx).createRound(t.admin, { areas: [s.street], startsAt: '2026-05-01T00:00:00Z' })).id;
      const before = await new CoverageService(t.ctx).coverage(t.admin, roundId, s.street);
      expect(before).toMatchObject({ target: 3, outsideGrid: 3 });
      const [streetBefore, communityBefore, gridBefore] = [await counters(s.street), await counters(s.community), await counters(s.grid)];

      const r = await svc().assign(t.admin, { grid: s.grid, personIds: [...family, single].map((p) => p.id), reason: '入户核实' });
      expect(r).toEqual({ grid: s.grid, moved: 3 });
      const rows = await t.ctx.db.selectFrom('persons').select(['id', 'area_code', 'grid_code']).where('household_code', 'like', `${hh}%`).execute();
      expect(rows.every((p) => p.area_code === s.grid && p.grid_code === s.grid)).toBe(true);
      const tag = await t.ctx.db.selectFrom('person_tags').select('area_code').where('person_id', '=', family[0]!.id).executeTakeFirstOrThrow();
      expect(tag.area_code).toBe(s.grid);
      // The street keeps its people (now counted below it), the community and the grid gain them; households follow whole.
      expect(await counters(s.street)).toEqual(streetBefore);
      expect(await counters(s.community)).toEqual([communityBefore[0]! + 2, communityBefore[1]! + 1]);
      expect(await counters(s.grid)).toEqual([gridBefore[0]! + 3, gridBefore[1]! + 2]);
      expect(await svc().summary(t.admin, s.street)).toEqual([]);
      const audit = await t.ctx.db
        .selectFrom('audit_log')
        .select(['details'])
        .where('action', '=', 'person.grid_assigned')
        .where('target_id', '=', s.grid)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details as string)).toMatchObject({ people: [...family, single].map((p) => p.id), from: { [s.street]: 2, [s.community]: 1 } });

      // The open round's target moved with them: sampled now, they count in the grid, not over its target.
      const after = await new CoverageService(t.ctx).coverage(t.admin, roundId, s.street);
      expect(after).toMatchObject({ target: 3, outsideGrid: 0 });
      await new RoundsService(t.ctx).createSite(t.admin, { code: `S${s.street}`, area: s.street });
      const sampled = await new SamplingService(t.ctx).recordSamples(
        t.admin,
        [...family, single].map((p) => ({
          roundId,
          tubeBarcode: `TB${s.street}`,
          idNumber: p.idNumber,
          siteCode: `S${s.street}`,
          collectedAt: t.clock.nowIso(),
        })),
      );
      expect(sampled).toMatchObject({ accepted: 3, outsideTarget: 0 });
      expect(await new CoverageService(t.ctx).coverage(t.admin, roundId, s.street)).toMatchObject({ target: 3, sampled: 3, missing: 0 });
    });

    it('refuses, all or nothing: another street’s person, a grid outside scope, someone already in a grid, a grid outside their community', async () => {
      const s = await street();
      const other = await street();
      const mine = await newPerson(t, { areaCode: s.community });
      const inGrid = await newPerson(t, { areaCode: s.grid });
      const theirs = await newPerson(t, { areaCode: other.street });
      const official = { ...t.admin, scope: [s.street] };
      await expect(svc().assign(official, { grid: s.grid, personIds: [mine.id, theirs.id] })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        details: { personIds: [theirs.id] },
      });
      await expect(svc().assign(official, { grid: other.grid, personIds: [mine.id] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(svc().assign(official, { grid: s.grid, personIds: [mine.id, inGrid.id] })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: { [`personIds.${inGrid.id}`]: 'grid is already in a grid' } },
      });
      await expect(svc().assign(official, { grid: s.otherGrid, personIds: [mine.id] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      const still = await t.ctx.db.selectFrom('persons').select('area_code').where('id', '=', mine.id).executeTakeFirstOrThrow();
      expect(still.area_code).toBe(s.community);
    });

    it('CLI: people unplaced --summary and people assign-grid', async () => {
      const s = await street();
      const a = await newPerson(t, { areaCode: s.street });
      const printed: unknown[] = [];
      const kit: CliKit = { withContext: (fn) => fn(t.ctx), print: (_json, value) => void printed.push(value), actor: () => t.admin };
      const run = async (...args: string[]) => {
        const program = new Command('epigrid').exitOverride();
        registerRegistryCommands(program, kit);
        await program.parseAsync(['node', 'epigrid', ...args]);
        return printed.pop();
      };
      expect(await run('people', 'unplaced', '--area', s.street, '--summary', '--json')).toEqual([expect.objectContaining({ code: s.street, people: 1 })]);
      expect(await run('people', 'unplaced', '--area', s.street, '--json')).toEqual([expect.objectContaining({ id: a.id })]);
      expect(await run('people', 'assign-grid', '--grid', s.grid, '--people', a.id, '--json')).toEqual({ grid: s.grid, moved: 1 });
      expect(await run('people', 'unplaced', '--area', s.street, '--json')).toEqual([]);
    });
  });
}
