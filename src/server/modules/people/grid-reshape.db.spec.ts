import { newPerson, seedAreas } from '../../test/fixtures';
import { square, twoGridStreet } from '../../test/grid-fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { AuthService } from '../auth/auth.service';
import type { CliKit } from '../module';
import { registerRegistryCommands } from '../registry.commands';
import { CoverageService } from '../testing/coverage.service';
import { RoundsService } from '../testing/rounds.service';
import { GridReshapeService } from './grid-reshape.service';

/** Issue 13 item 2: a grid merged, split or redrawn takes its people, households, buildings and counts along. */
for (const dialect of testDialects()) {
  describe(`[${dialect}] grids merged, split and redrawn`, () => {
    let t: TestContext;
    let streetNo = 400;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
    });
    afterAll(() => t.close());

    const street = () => twoGridStreet(t, streetNo++);
    const reshape = () => new GridReshapeService(t.ctx);
    const counters = async (code: string) => {
      const a = await t.ctx.db
        .selectFrom('areas')
        .select(['population', 'households', 'retired_at', 'successor_code'])
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
      return { people: Number(a.population), households: Number(a.households), retired: !!a.retired_at, successor: a.successor_code };
    };
    const areaOf = async (id: string) => await t.ctx.db.selectFrom('persons').select(['area_code', 'grid_code']).where('id', '=', id).executeTakeFirstOrThrow();

    it('merges a grid into its neighbour: buildings re-issued under it, people, counters, round, owners follow; the old grid is retired', async () => {
      const s = await street();
      const atGrid = await newPerson(t, { areaCode: s.g2 });
      const family = [
        await newPerson(t, { areaCode: s.b3, householdCode: `${s.b3}0101` }),
        await newPerson(t, { areaCode: s.b3, householdCode: `${s.b3}0101` }),
      ];
      const stays = await newPerson(t, { areaCode: s.b1 });
      const roundId = (await new RoundsService(t.ctx).createRound(t.admin, { areas: [s.street], startsAt: '2026-05-01T00:00:00Z' })).id;
      await t.ctx.db
        .insertInto('area_responsibles')
        .values({
          id: `r-${s.g2}`,
          area_code: s.g2,
          duty: 'grid_worker',
          name: '张网格',
          title: null,
          phone_enc: null,
          phone_masked: null,
          user_id: null,
          created_at: t.clock.nowIso(),
        })
        .execute();
      const worker = await new AuthService(t.ctx).createUser(t.admin, {
        username: `gw${s.g2}`,
        displayName: '网格员',
        role: 'grid_worker',
        scope: [s.g2],
        password: 'Passw0rd!Passw0rd',
        mustChangePassword: false,
      });
      const streetBefore = await counters(s.street);

      // A grid worker of g1 cannot take over g2 (their community is not theirs); the street's official can.
      await expect(reshape().merge({ ...t.admin, scope: [s.g1] }, { into: s.g1, from: [s.g2] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const r = await reshape().merge({ ...t.admin, scope: [s.street] }, { into: s.g1, from: [s.g2], reason: '网格调整' });

      const newB3 = `${s.g1}003`; // g1 already had 001 and 002
      expect(r).toMatchObject({
        grids: [s.g1],
        retired: [s.g2],
        buildings: [{ from: s.b3, to: newB3, grid: s.g1 }],
        moved: 3,
        households: 1,
        users_to_rescope: [worker.username],
      });
      expect(await areaOf(atGrid.id)).toEqual({ area_code: s.g1, grid_code: s.g1 });
      for (const p of family) expect(await areaOf(p.id)).toEqual({ area_code: newB3, grid_code: s.g1 });
      expect(await areaOf(stays.id)).toEqual({ area_code: s.b1, grid_code: s.g1 });
      expect(await counters(s.g1)).toMatchObject({ people: 4, households: 1, retired: false });
      expect(await counters(s.g2)).toMatchObject({ people: 0, households: 0, retired: true, successor: s.g1 });
      expect(await counters(s.b3)).toMatchObject({ people: 0, retired: true, successor: newB3 });
      expect(await counters(newB3)).toMatchObject({ people: 2, households: 1 });
      expect(await counters(s.street)).toEqual(streetBefore);
      expect(await t.ctx.db.selectFrom('buildings').select('grid_code').where('building_code', '=', newB3).executeTakeFirst()).toEqual({ grid_code: s.g1 });
      expect(await t.ctx.db.selectFrom('buildings').select('grid_code').where('building_code', '=', s.b3).executeTakeFirst()).toBeUndefined();
      expect((await t.ctx.db.selectFrom('area_responsibles').select('area_code').where('id', '=', `r-${s.g2}`).executeTakeFirstOrThrow()).area_code).toBe(s.g1);
      // The two squares share an edge: the merged grid is drawn as one polygon.
      const g1 = await t.ctx.db.selectFrom('areas').select('geometry').where('code', '=', s.g1).executeTakeFirstOrThrow();
      expect(JSON.parse(g1.geometry as string)).toMatchObject({ type: 'Polygon' });
      // The round still counts everyone once; g2's unsampled people count under g1 now.
      const cov = await new CoverageService(t.ctx).coverage(t.admin, roundId, s.street);
      expect(cov).toMatchObject({ target: 4, outsideGrid: 0 });
      const counter = await t.ctx.db
        .selectFrom('coverage_counters')
        .select(['grid_key', 'target'])
        .where('round_id', '=', roundId)
        .orderBy('grid_key')
        .execute();
      expect(counter.map((c) => [c.grid_key, Number(c.target)])).toEqual([
        [s.g1, 4],
        [s.g2, 0],
      ]);
      const audit = await t.ctx.db
        .selectFrom('audit_log')
        .select(['details', 'reason'])
        .where('action', '=', 'area.grids_merged')
        .where('target_id', '=', s.g1)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details as string)).toMatchObject({ batchId: r.batch_id, retired: [s.g2], moved: 3 });

      // Retired grids cannot be merged again or split.
      await expect(reshape().merge(t.admin, { into: s.g1, from: [s.g2] })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: { from: expect.stringContaining('retired') } },
      });
    });

    it('refuses a merge across communities or into itself, naming the field, and changes nothing', async () => {
      const a = await street();
      const b = await street();
      const p = await newPerson(t, { areaCode: b.g1 });
      await expect(reshape().merge(t.admin, { into: a.g1, from: [b.g1] })).rejects.toMatchObject({
        details: { fields: { from: expect.stringContaining('one community') } },
      });
      await expect(reshape().merge(t.admin, { into: a.g1, from: [a.g1] })).rejects.toMatchObject({ details: { fields: { from: expect.any(String) } } });
      await expect(reshape().merge(t.admin, { into: a.g1, from: [] })).rejects.toMatchObject({ details: { fields: { from: expect.any(String) } } });
      expect(await areaOf(p.id)).toEqual({ area_code: b.g1, grid_code: b.g1 });
      expect(await counters(b.g1)).toMatchObject({ people: 1, retired: false });
    });

    it('splits a grid: buildings follow the part holding their point, people at the grid itself stay, the new part gets the next code', async () => {
      const s = await street();
      const atGrid = await newPerson(t, { areaCode: s.g1 });
      const west = await newPerson(t, { areaCode: s.b1 }); // b1 at x+0.005: the west half keeps g1's code
      await t.ctx.db
        .updateTable('buildings')
        .set({ lng: s.x + 0.0075 })
        .where('building_code', '=', s.b1)
        .execute();
      const r = await reshape().split(
        { ...t.admin, scope: [s.community] },
        {
          grid: s.g1,
          parts: [
            { name: '西半', geometry: square(s.x, 34.5, 0.005) },
            {
              name: '东半',
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [s.x + 0.005, 34.5],
                    [s.x + 0.01, 34.5],
                    [s.x + 0.01, 34.51],
                    [s.x + 0.005, 34.51],
                    [s.x + 0.005, 34.5],
                  ],
                ],
              },
            },
          ],
        },
      );
      const east = `${s.community}003`;
      const movedB1 = `${east}001`;
      // b2, recorded in g1 but standing in g2, follows its point too: its grid was redrawn.
      expect(r).toMatchObject({
        grids: [s.g1, east],
        created: [east],
        buildings: [
          { from: s.b1, to: movedB1, grid: east },
          { from: s.b2, to: `${s.g2}002`, grid: s.g2 },
        ],
        moved: 1,
        left_at_grid: 1,
        unlocated_buildings: 0,
      });
      expect(await areaOf(west.id)).toEqual({ area_code: movedB1, grid_code: east });
      expect(await areaOf(atGrid.id)).toEqual({ area_code: s.g1, grid_code: s.g1 });
      expect(await counters(east)).toMatchObject({ people: 1 });
      expect(await counters(s.g1)).toMatchObject({ people: 1 });
      const names = await t.ctx.db.selectFrom('areas').select(['code', 'name']).where('code', 'in', [s.g1, east]).orderBy('code').execute();
      expect(names.map((n) => n.name)).toEqual(['西半', '东半']);
    });

    it('refuses a split whose parts overlap, are fewer than two, or are badly drawn — naming the part', async () => {
      const s = await street();
      await expect(reshape().split(t.admin, { grid: s.g1, parts: [{ name: 'A', geometry: square(s.x, 34.5) }] })).rejects.toMatchObject({
        details: { fields: { parts: expect.stringContaining('two') } },
      });
      await expect(
        reshape().split(t.admin, {
          grid: s.g1,
          parts: [
            { name: 'A', geometry: square(s.x, 34.5, 0.008) },
            { name: 'B', geometry: square(s.x + 0.004, 34.5, 0.006) },
          ],
        }),
      ).rejects.toMatchObject({ details: { fields: { parts: expect.stringContaining('overlap') } } });
      await expect(
        reshape().split(t.admin, {
          grid: s.g1,
          parts: [
            { name: 'A', geometry: square(s.x, 34.5, 0.005) },
            {
              name: 'B',
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [s.x, 34.5],
                    [s.x + 1, 34.5],
                  ],
                ],
              },
            },
          ],
        }),
      ).rejects.toMatchObject({ details: { fields: { 'parts[1].geometry': expect.any(String) } } });
      await expect(
        reshape().split(t.admin, {
          grid: s.g1,
          parts: [
            { name: 'A', geometry: square(s.x, 34.5, 0.005) },
            { name: 'grid-002', geometry: square(s.x + 0.005, 34.5, 0.005) },
          ],
        }),
      ).rejects.toMatchObject({ details: { fields: { 'parts[1].name': expect.stringContaining('already') } } });
      expect(await t.ctx.db.selectFrom('areas').select('code').where('parent_code', '=', s.community).execute()).toHaveLength(2);
    });

    it('redraws a grid: a neighbour’s building now inside it joins it with its people', async () => {
      const s = await street();
      const inB3 = await newPerson(t, { areaCode: s.b3 });
      const r = await reshape().redrawGrid(t.admin, { grid: s.g1, geometry: square(s.x, 34.5, 0.02) });
      expect(r).toMatchObject({ grids: [s.g1], moved: 1, buildings: [{ from: s.b3, grid: s.g1 }] });
      expect((await areaOf(inB3.id)).grid_code).toBe(s.g1);
      expect(await counters(s.g2)).toMatchObject({ people: 0, retired: false });
      await expect(reshape().redrawGrid(t.admin, { grid: s.g1, geometry: { type: 'Point', coordinates: [1, 2] } })).rejects.toMatchObject({
        details: { fields: { geometry: expect.any(String) } },
      });
    });

    it('HTTP: a street official merges; the wrong street gets 404; lists and the map leave the retired grid out; imports refuse its code', async () => {
      const s = await street();
      await newPerson(t, { areaCode: s.g2 });
      const app = await t.app();
      const other = await t.loginAs('area_official', ['320706001']);
      const no = await app.inject({
        method: 'POST',
        url: '/api/v1/areas/grids/merge',
        payload: { into: s.g1, from: [s.g2] },
        headers: { cookie: other.cookie },
      });
      expect(no.statusCode).toBe(404);
      const official = await t.loginAs('area_official', [s.street]);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/areas/grids/merge',
        payload: { into: s.g1, from: [s.g2] },
        headers: { cookie: official.cookie },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ grids: [s.g1], retired: [s.g2], moved: 1, leftAtGrid: 0, usersToRescope: [] });
      const children = await app.inject({ url: `/api/v1/areas/${s.community}/children`, headers: { cookie: official.cookie } });
      expect(children.json().items.map((a: { code: string }) => a.code)).toEqual([s.g1]);
      const map = await app.inject({ url: `/api/v1/areas/${s.community}/grids.geojson`, headers: { cookie: official.cookie } });
      expect(map.json().features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual([s.g1]);
      const bad = await app.inject({
        method: 'POST',
        url: '/api/v1/areas/grids/split',
        payload: { grid: s.g1, parts: [] },
        headers: { cookie: official.cookie },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details.fields).toMatchObject({ parts: expect.stringContaining('two') });
      const { importGrids } = await import('../areas/grid-import');
      const csv = `grid_code,name,community_code,polygon\n${s.g2},复活,${s.community},"${JSON.stringify(square(s.x + 0.01, 34.5)).replace(/"/g, '""')}"\n`;
      const summary = await importGrids(t.ctx, t.admin, Buffer.from(csv));
      expect(summary).toMatchObject({ written: false, errors: [{ column: 'grid_code', reason: expect.stringContaining('retired') }] });
    });

    it('CLI: areas split-grid CODE --file PARTS.geojson and areas merge-grids --into --from', async () => {
      const s = await street();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reshape-'));
      const file = path.join(dir, 'parts.geojson');
      const feature = (name: string, g: unknown, code?: string) => ({
        type: 'Feature',
        properties: { name, ...(code ? { grid_code: code } : {}) },
        geometry: g,
      });
      fs.writeFileSync(
        file,
        JSON.stringify({ type: 'FeatureCollection', features: [feature('北', square(s.x, 34.505, 0.005)), feature('南', square(s.x, 34.5, 0.005), s.g1)] }),
      );
      const printed: unknown[] = [];
      const kit: CliKit = { withContext: (fn) => fn(t.ctx), print: (_json, value) => void printed.push(value), actor: () => t.admin };
      const run = async (...args: string[]) => {
        const program = new Command('epigrid').exitOverride();
        registerRegistryCommands(program, kit);
        await program.parseAsync(['node', 'epigrid', ...args]);
        return printed.pop();
      };
      // The second part names the grid's code, so it keeps it; the first is new.
      expect(await run('areas', 'split-grid', s.g1, '--file', file, '--json')).toMatchObject({
        grids: [`${s.community}003`, s.g1],
        created: [`${s.community}003`],
      });
      expect(await run('areas', 'merge-grids', '--into', s.g1, '--from', `${s.community}003`, '--json')).toMatchObject({
        grids: [s.g1],
        retired: [`${s.community}003`],
      });
    });
  });
}
