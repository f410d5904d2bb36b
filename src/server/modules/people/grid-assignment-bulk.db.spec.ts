import { Command } from 'commander';
import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { twoGridStreet } from '../../test/grid-fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { AreaRepository } from '../areas/area.repository';
import { BuildingRepository } from '../areas/building.repository';
import type { CliKit } from '../module';
import { registerRegistryCommands } from '../registry.commands';
import { CoverageService } from '../testing/coverage.service';
import { RoundsService } from '../testing/rounds.service';
import { BulkGridAssignment } from './grid-assignment-bulk';

/** 未落格 in bulk (issue 13 item 3): by building (household code or address) and by the building's point. */
for (const dialect of testDialects()) {
  describe(`[${dialect}] 未落格 by building and by point`, () => {
    let t: TestContext;
    let streetNo = 300;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
    });
    afterAll(() => t.close());

    // b2 is recorded in g1 but stands in g2 (its point is east of g1): only --by-point notices.
    const street = () => twoGridStreet(t, streetNo++);
    const counters = async (code: string) => {
      const a = await t.ctx.db.selectFrom('areas').select(['population', 'households']).where('code', '=', code).executeTakeFirstOrThrow();
      return [Number(a.population), Number(a.households)];
    };
    const areaOf = async (id: string) => await t.ctx.db.selectFrom('persons').select(['area_code', 'grid_code']).where('id', '=', id).executeTakeFirstOrThrow();

    it('places by household code, then by an address naming one building; ambiguous addresses and others stay; counts, round and audit follow', async () => {
      const s = await street();
      const hh = `${s.b1}0101`;
      const family = [await newPerson(t, { areaCode: s.street, householdCode: hh }), await newPerson(t, { areaCode: s.community, householdCode: hh })];
      const byAddress = await newPerson(t, { areaCode: s.community, address: `幸福路${s.street}号1栋`, householdCode: `HX${s.street}` });
      const ambiguous = await newPerson(t, { areaCode: s.community, address: `幸福路${s.street}号同名楼` });
      const nowhere = await newPerson(t, { areaCode: s.street, address: '不知道' });
      const other = await street();
      const theirs = await newPerson(t, { areaCode: other.street, householdCode: `${other.b1}0101` });
      const roundId = (await new RoundsService(t.ctx).createRound(t.admin, { areas: [s.street], startsAt: '2026-05-01T00:00:00Z' })).id;
      expect(await new CoverageService(t.ctx).coverage(t.admin, roundId, s.street)).toMatchObject({ target: 5, outsideGrid: 5 });
      const [streetBefore, communityBefore] = [await counters(s.street), await counters(s.community)];

      const official = { ...t.admin, scope: [s.street] };
      const r = await new BulkGridAssignment(t.ctx).run(official, { mode: 'building', area: s.street, reason: '楼栋落格' });
      expect(r).toMatchObject({ mode: 'building', moved: 3, by_household_code: 2, by_address: 1, households: 1, remaining: 2, ambiguous: 1 });
      for (const p of [...family, byAddress]) expect(await areaOf(p.id)).toEqual({ area_code: s.b1, grid_code: s.g1 });
      expect((await areaOf(ambiguous.id)).area_code).toBe(s.community);
      expect((await areaOf(nowhere.id)).area_code).toBe(s.street);
      expect((await areaOf(theirs.id)).area_code).toBe(other.street); // another street: not touched
      // The street keeps everyone; the community gains the one from the street; building and grid gain three and
      // one whole household (the family's members were registered at two levels, so their household stays counted).
      expect(await counters(s.street)).toEqual(streetBefore);
      expect(await counters(s.community)).toEqual([communityBefore[0]! + 1, communityBefore[1]!]);
      expect(await counters(s.b1)).toEqual([3, 1]);
      expect(await counters(s.g1)).toEqual([3, 1]);
      // The open round's target followed: still 5 in all, two outside any grid now.
      expect(await new CoverageService(t.ctx).coverage(t.admin, roundId, s.street)).toMatchObject({ target: 5, outsideGrid: 2 });
      const audit = await t.ctx.db
        .selectFrom('audit_log')
        .select(['details', 'actor_id'])
        .where('action', '=', 'person.grid_assigned')
        .where('target_id', '=', s.street)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details as string)).toMatchObject({
        by: 'building',
        batchId: r.batch_id,
        moved: 3,
        people: [...family, byAddress].map((p) => p.id).sort(),
        from: { [s.street]: 1, [s.community]: 2 },
      });
      const moves = await t.ctx.db.selectFrom('grid_moves').select('person_id').where('batch_id', '=', r.batch_id).execute();
      expect(moves).toHaveLength(3);
      // A second run finds nothing more to place and writes no entry.
      expect(await new BulkGridAssignment(t.ctx).run(official, { mode: 'building', area: s.street })).toMatchObject({ moved: 0, remaining: 2 });
    });

    it('by point: the grid whose polygon holds the building’s point, at the building when that is its own grid', async () => {
      const s = await street();
      const atB1 = await newPerson(t, { areaCode: s.community, householdCode: `${s.b1}0201` });
      const atB2 = await newPerson(t, { areaCode: s.community, householdCode: `${s.b2}0201` }); // recorded in g1, stands in g2
      const r = await new BulkGridAssignment(t.ctx).run(t.admin, { mode: 'point', area: s.community });
      expect(r).toMatchObject({ mode: 'point', moved: 2, remaining: 0 });
      expect(await areaOf(atB1.id)).toEqual({ area_code: s.b1, grid_code: s.g1 });
      expect(await areaOf(atB2.id)).toEqual({ area_code: s.g2, grid_code: s.g2 });
      expect(await counters(s.g2)).toEqual([1, 1]);
      expect(await counters(s.g1)).toEqual([1, 1]);
      expect(await counters(s.community)).toEqual([2, 2]); // both households moved within the community: still counted there
    });

    it('keeps every counter right when a batch touches many areas (the counters are moved by chunked UPDATE … FROM)', async () => {
      const s = await street();
      const now = t.clock.nowIso();
      const codes = Array.from({ length: 70 }, (_, i) => `${s.g1}${String(100 + i)}`);
      await new AreaRepository(t.ctx.db, t.ctx.dialect).insertMany(
        codes.map((code) => ({
          code,
          parent_code: s.g1,
          level: 'building' as const,
          name: code,
          geometry: null,
          centroid_lon: null,
          centroid_lat: null,
          population: 0,
          households: 0,
          created_at: now,
        })),
      );
      await new BuildingRepository(t.ctx.db, t.ctx.dialect).insertMany(
        codes.map((code) => ({ building_code: code, grid_code: s.g1, name: code, address: null, lng: null, lat: null, created_at: now, updated_at: now })),
      );
      for (const [i, code] of codes.entries()) await newPerson(t, { areaCode: i % 2 ? s.street : s.community, householdCode: `${code}0001` });
      const streetBefore = await counters(s.street);
      expect(await new BulkGridAssignment(t.ctx).run(t.admin, { mode: 'building', area: s.street })).toMatchObject({ moved: 70, households: 70 });
      for (const code of codes) expect(await counters(code)).toEqual([1, 1]);
      expect(await counters(s.g1)).toEqual([70, 70]);
      expect(await counters(s.community)).toEqual([70, 70]); // 35 households registered there, 35 came up from the street
      expect(await counters(s.street)).toEqual(streetBefore); // everyone stayed inside the street
    });

    it('over HTTP as the street’s official; another street’s official gets 404 and moves no one', async () => {
      const s = await street();
      const p = await newPerson(t, { areaCode: s.street, householdCode: `${s.b3}0001` });
      const app = await t.app();
      const elsewhere = await t.loginAs('area_official', [AREAS.streetB]);
      const no = await app.inject({
        method: 'POST',
        url: '/api/v1/people/assign-grid/by-building',
        payload: { area: s.street },
        headers: { cookie: elsewhere.cookie },
      });
      expect(no.statusCode).toBe(404);
      expect((await areaOf(p.id)).area_code).toBe(s.street);
      const official = await t.loginAs('area_official', [s.street]);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/people/assign-grid/by-building',
        payload: { area: s.street },
        headers: { cookie: official.cookie },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ mode: 'building', moved: 1, byHouseholdCode: 1, byAddress: 0, remaining: 0 });
      expect((await areaOf(p.id)).area_code).toBe(s.b3);
      const bad = await app.inject({
        method: 'POST',
        url: '/api/v1/people/assign-grid/by-point',
        payload: { area: 'x' },
        headers: { cookie: official.cookie },
      });
      expect(bad.statusCode).toBe(400);
    });

    it('CLI: people assign-grid --by-building --area and --by-point', async () => {
      const s = await street();
      const a = await newPerson(t, { areaCode: s.street, householdCode: `${s.b1}0301` });
      const b = await newPerson(t, { areaCode: s.street, householdCode: `${s.b2}0301` });
      const printed: unknown[] = [];
      const kit: CliKit = { withContext: (fn) => fn(t.ctx), print: (_json, value) => void printed.push(value), actor: () => t.admin };
      const run = async (...args: string[]) => {
        const program = new Command('epigrid').exitOverride();
        registerRegistryCommands(program, kit);
        await program.parseAsync(['node', 'epigrid', ...args]);
        return printed.pop();
      };
      expect(await run('people', 'assign-grid', '--by-point', '--area', s.street, '--json')).toMatchObject({ moved: 2, remaining: 0 });
      expect((await areaOf(a.id)).area_code).toBe(s.b1);
      expect((await areaOf(b.id)).area_code).toBe(s.g2);
      expect(await run('people', 'assign-grid', '--by-building', '--area', s.street, '--json')).toMatchObject({ moved: 0 });
    });
  });
}
