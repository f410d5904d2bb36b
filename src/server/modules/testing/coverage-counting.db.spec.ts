import { Command } from 'commander';
import { recountAllRounds } from '../../db/migrations/202612010202_counted_people';
import { newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { AreaRepository } from '../areas/area.repository';
import type { CliKit } from '../module';
import { PeopleService } from '../people/people.service';
import { CapacityService } from '../quarantine/capacity.service';
import { CoverageService } from './coverage.service';
import { RechecksService } from './rechecks.service';
import { ResultsService } from './results.service';
import { RoundsService } from './rounds.service';
import { SamplingService } from './sampling.service';
import { registerTestingCommands } from './testing.commands';

/**
 * Coverage counts people, and everyone (issue 12 "Wrong figures", issue 13 item 4): each rule on
 * its own street (its own areas, people, site and round), so each test stands alone.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] coverage counts people, everyone counted`, () => {
    let t: TestContext;
    let streetNo = 100;
    let seq = 0;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      await new RoundsService(t.ctx).createLab(t.admin, { code: 'CLAB', area: '320706', dailyCapacity: 10_000 });
    });
    afterAll(() => t.close());

    /** A new street with one community, two grids and a building in grid 1, and a sampling site at the street. */
    async function street() {
      const s = `320706${streetNo++}`;
      const codes = { street: s, community: `${s}001`, grid1: `${s}001001`, grid2: `${s}001002`, building: `${s}001001001`, site: `SITE${s}` };
      const row = (code: string, parent: string, level: 'street' | 'community' | 'grid' | 'building') => ({
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
        row(codes.street, '320706', 'street'),
        row(codes.community, codes.street, 'community'),
        row(codes.grid1, codes.community, 'grid'),
        row(codes.grid2, codes.community, 'grid'),
        row(codes.building, codes.grid1, 'building'),
      ]);
      await new RoundsService(t.ctx).createSite(t.admin, { code: codes.site, area: codes.street, teams: 1 });
      return codes;
    }
    const people = async (n: number, areaCode: string, tags: string[] = []) => {
      const out = [];
      for (let i = 0; i < n; i++) out.push(await newPerson(t, { areaCode, tags }));
      return out;
    };
    const round = async (areas: string[]) =>
      (await new RoundsService(t.ctx).createRound(t.admin, { areas, poolSize: 10, startsAt: '2026-05-01T00:00:00Z', deadline: '2026-06-30T00:00:00Z' })).id;
    const sample = (roundId: string, site: string, who: Array<{ idNumber: string }>, tube: string) =>
      new SamplingService(t.ctx).recordSamples(
        t.admin,
        who.map((p) => ({ roundId, tubeBarcode: tube, idNumber: p.idNumber, siteCode: site, collectedAt: t.clock.nowIso() })),
      );
    const result = (rows: Array<[string, 'negative' | 'positive']>) =>
      new ResultsService(t.ctx).recordResults(
        t.admin,
        rows.map(([tubeBarcode, r]) => ({ tubeBarcode, result: r, testedAt: t.clock.nowIso(), labCode: 'CLAB' })),
      );
    /** Re-sample every open re-check of the round in a single tube each; the people in `positive` come back positive. */
    async function recheckAll(roundId: string, site: string, positive: Array<{ id: string }>) {
      const rc = new RechecksService(t.ctx);
      const open = (await rc.list(t.admin, roundId)).filter((x) => x.status === 'to_locate');
      const tubes: Array<[string, 'negative' | 'positive']> = [];
      for (const x of open) {
        const tube = `RC-${String(++seq).padStart(5, '0')}`;
        await rc.resample(t.admin, x.id, tube, site);
        tubes.push([tube, positive.some((p) => p.id === x.person_id) ? 'positive' : 'negative']);
      }
      return result(tubes);
    }
    const coverage = (roundId: string, area?: string) => new CoverageService(t.ctx).coverage(t.admin, roundId, area);
    const tube = () => `CT-${String(++seq).padStart(5, '0')}`;

    async function epigrid(...args: string[]): Promise<unknown> {
      const printed: unknown[] = [];
      const kit: CliKit = { withContext: (fn) => fn(t.ctx), print: (_json, value) => void printed.push(value), actor: () => t.admin };
      const program = new Command('epigrid').exitOverride();
      registerTestingCommands(program, kit);
      await program.parseAsync(['node', 'epigrid', ...args]);
      return printed[0];
    }

    it('a positive pool of 10 and its 10 re-checks (1 positive): 10 people resulted, 1 positive — service, CLI and HTTP alike', async () => {
      const s = await street();
      const ten = await people(10, s.building);
      const five = await people(5, s.grid2);
      const id = await round([s.street]);
      const [pool, other] = [tube(), tube()];
      await sample(id, s.site, ten, pool);
      await sample(id, s.site, five, other);
      await result([
        [pool, 'positive'],
        [other, 'negative'],
      ]);
      expect(await coverage(id)).toMatchObject({ target: 15, sampled: 15, resulted: 5, positive: 0, rechecksOpen: 10, tubes: 2, poolsPositive: 1 });
      await recheckAll(id, s.site, [ten[3]!]);
      const c = await coverage(id);
      expect(c).toMatchObject({
        target: 15,
        sampled: 15,
        resulted: 15,
        positive: 1,
        missing: 0,
        rechecksOpen: 0,
        tubes: 2,
        poolsPositive: 1,
        outsideTarget: 0,
      });
      expect(c.resulted).toBeLessThanOrEqual(c.sampled);

      const json = (await epigrid('report', 'coverage', '--round', id, '--json')) as Record<string, unknown>;
      expect(json).toMatchObject({ target: 15, sampled: 15, resulted: 15, positive: 1, missing: 0, tubes: 2, pools_positive: 1, rechecks_open: 0 });
      expect((json.areas as Array<Record<string, unknown>>)[0]).toMatchObject({ code: s.community, sampled: 15, outside_grid: 0 });

      const app = await t.app();
      const official = await t.loginAs('area_official', [s.street]);
      const http = await app.inject({ url: `/api/v1/testing/rounds/${id}/coverage`, headers: { cookie: official.cookie } });
      expect(http.statusCode).toBe(200);
      expect(http.json()).toMatchObject({ sampled: 15, resulted: 15, positive: 1, tubes: 2, poolsPositive: 1, rechecksOpen: 0 });
    });

    it('a person sampled twice is one person resulted once; a later positive pool makes them await their re-check again', async () => {
      const s = await street();
      const [p, q] = await people(2, s.grid1);
      const id = await round([s.street]);
      const [t1, t2, t3] = [tube(), tube(), tube()];
      await sample(id, s.site, [p!, q!], t1);
      await sample(id, s.site, [p!], t2);
      await result([
        [t1, 'negative'],
        [t2, 'negative'],
      ]);
      expect(await coverage(id)).toMatchObject({ target: 2, sampled: 2, resulted: 2, positive: 0 });
      await sample(id, s.site, [q!], t3);
      await result([[t3, 'positive']]);
      expect(await coverage(id)).toMatchObject({ sampled: 2, resulted: 1, positive: 0, rechecksOpen: 1, poolsPositive: 1, tubes: 3 });
      await recheckAll(id, s.site, []);
      expect(await coverage(id)).toMatchObject({ sampled: 2, resulted: 2, positive: 0, rechecksOpen: 0, tubes: 3 });
    });

    it('people registered at street and community level are in the target, in their own bucket, and in every count', async () => {
      const s = await street();
      const inGrid = await people(4, s.building);
      const atStreet = await people(6, s.street, ['cold_chain']);
      const atCommunity = await people(3, s.community);
      const id = await round([s.street]);
      const c = await coverage(id, s.street);
      expect(c).toMatchObject({ target: 13, sampled: 0, missing: 13, outsideGrid: 9 });
      expect(c.areas.map((a) => [a.code, a.ownPeople, a.target, a.outsideGrid])).toEqual([
        [s.street, true, 6, 6],
        [s.community, false, 7, 3],
      ]);
      const down = await coverage(id, s.community);
      expect(down.areas.map((a) => [a.code, a.ownPeople, a.target])).toEqual([
        [s.community, true, 3],
        [s.grid1, false, 4],
        [s.grid2, false, 0],
      ]);

      await sample(id, s.site, [...atStreet.slice(0, 3), ...inGrid.slice(0, 2)], tube());
      const after = await coverage(id, s.street);
      expect(after).toMatchObject({ target: 13, sampled: 5, missing: 8, outsideTarget: 0 });
      expect(after.areas.find((a) => a.ownPeople)).toMatchObject({ sampled: 3, missing: 3 });
      const json = (await epigrid('report', 'coverage', '--round', id, '--area', s.street, '--json')) as { areas: Array<Record<string, unknown>> };
      expect(json.areas.map((a) => [a.code, a.outside_grid, a.sampled])).toEqual([
        [s.street, 6, 3],
        [s.community, 3, 2],
      ]);

      // The named missing list names the 8 — those registered above grid level too.
      const missing = await new CoverageService(t.ctx).missing(t.admin, id, s.street, null, 100);
      expect(missing.items.map((m) => m.id).sort()).toEqual([...atStreet.slice(3), ...atCommunity, ...inGrid.slice(2)].map((p) => p.id).sort());
      // Population per area, overdue testing and quarantine demand count them as well.
      const population = async (code: string) =>
        Number((await t.ctx.db.selectFrom('areas').select('population').where('code', '=', code).executeTakeFirstOrThrow()).population);
      expect([await population(s.street), await population(s.community), await population(s.grid1)]).toEqual([13, 7, 4]);
      t.clock.advance(3 * 86_400_000);
      const overdue = await new CoverageService(t.ctx).overdue(t.admin, s.street, 'cold_chain');
      expect(overdue.map((o) => o.person_id).sort()).toEqual(atStreet.map((p) => p.id).sort());
      expect((await new CapacityService(t.ctx).board(t.admin, s.street)).population).toBe(13);
      await new PeopleService(t.ctx).changeControlStatus(t.admin, {
        personIds: [atStreet[5]!.id],
        to: 'close_contact',
        reason: '测试：街道登记的密接',
        evidence: { type: 'test', id: 'x' },
      });
      const demand = await new CapacityService(t.ctx).projection(t.admin, { area: s.street, days: 1 });
      expect(demand.days[0]).toMatchObject({ pending: 1 });
    });

    it('sampled never exceeds target: people outside it are flagged with their reason, and their positives stay visible', async () => {
      const s = await street();
      const elsewhere = await street();
      const members = await people(2, s.grid1);
      const exempted = (await people(1, s.grid2))[0]!;
      const visitor = (await people(1, elsewhere.grid1))[0]!;
      const mover = (await people(1, elsewhere.grid1))[0]!;
      const id = await round([s.street]);
      expect(await coverage(id)).toMatchObject({ target: 3 });
      await new RoundsService(t.ctx).exempt(t.admin, id, exempted.id, 'away');
      expect(await coverage(id)).toMatchObject({ target: 2 });
      // Moved in after the round was created: grid 1's target (2) is reached without them.
      await new PeopleService(t.ctx).movePerson(t.admin, mover.id, { toArea: s.grid1, reason: '迁入' });
      t.clock.advance(60_000);
      const walkIn = await newPerson(t, { areaCode: s.grid2 });
      const pool = tube();
      const r = await sample(id, s.site, [...members, exempted, visitor, mover, walkIn], pool);
      expect(r).toMatchObject({ accepted: 6, outsideTarget: 4 });
      const reasons = await t.ctx.db.selectFrom('round_people').select(['person_id', 'outside_reason', 'grid_key']).where('round_id', '=', id).execute();
      const why = new Map(reasons.map((x) => [x.person_id, x.outside_reason]));
      expect([why.get(members[0]!.id), why.get(members[1]!.id)]).toEqual([null, null]);
      expect([why.get(exempted.id), why.get(visitor.id), why.get(mover.id), why.get(walkIn.id)]).toEqual([
        'exempt',
        'outside_round',
        'over_target',
        'registered_later',
      ]);
      // The visitor is counted where they were sampled (the site's street), not in another street's figures.
      expect(reasons.find((x) => x.person_id === visitor.id)?.grid_key).toBe(s.street);
      const c = await coverage(id);
      expect(c).toMatchObject({ target: 2, sampled: 2, missing: 0, outsideTarget: 4 });
      for (const a of c.areas) expect(a.sampled).toBeLessThanOrEqual(a.target);
      await expect(new RoundsService(t.ctx).exempt(t.admin, id, members[0]!.id, 'away')).rejects.toMatchObject({ code: 'ALREADY_SAMPLED' });

      await result([[pool, 'positive']]);
      await recheckAll(id, s.site, [visitor]);
      expect(await coverage(id)).toMatchObject({ sampled: 2, resulted: 2, positive: 0, outsideTarget: 4, outsidePositive: 1, rechecksOpen: 0 });
    });

    it("the migration's recount of an existing round gives the figures the counters keep", async () => {
      const s = await street();
      const a = await people(6, s.grid1);
      const up = await people(2, s.street);
      const other = await street();
      const visitor = (await people(1, other.grid1))[0]!;
      const id = await round([s.street]);
      const [t1, t2] = [tube(), tube()];
      await sample(id, s.site, [...a.slice(0, 4), up[0]!, visitor], t1);
      await sample(id, s.site, [a[4]!, a[0]!], t2);
      await result([
        [t1, 'positive'],
        [t2, 'negative'],
      ]);
      await recheckAll(id, s.site, [a[1]!]);
      const kept = await coverage(id, s.street);
      expect(kept).toMatchObject({ target: 8, sampled: 6, resulted: 6, positive: 1, outsideTarget: 1, tubes: 2, poolsPositive: 1 });
      // Back to what the old counters held (tubes counted as people, every member of a positive pool positive) …
      await t.ctx.db.updateTable('round_people').set({ outcome: 'pending', outside_reason: null }).execute();
      await t.ctx.db.updateTable('coverage_counters').set({ resulted: 99, positive: 42, rechecks_open: 0, outside_target: 0 }).execute();
      await t.ctx.db.deleteFrom('round_site_counters').execute();
      // … and the migration's recount puts every round right again.
      await recountAllRounds(t.ctx.db);
      expect(await coverage(id, s.street)).toEqual(kept);
    });
  });
}
