import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';

for (const dialect of testDialects()) {
  describe(`[${dialect}] areas, responsibility and scope over HTTP`, () => {
    let t: TestContext;
    let admin: string;
    let streetA: string;
    let inB: { id: string; idNumber: string };
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      admin = (await t.loginAs('admin')).cookie;
      streetA = (await t.loginAs('area_official', [AREAS.streetA])).cookie;
      await newPerson(t, { name: '甲街道居民', areaCode: AREAS.buildingA });
      inB = await newPerson(t, { name: '乙街道居民', areaCode: AREAS.buildingB, phone: '13912340000' });
    });
    afterAll(() => t.close());
    const get = async (url: string, cookie: string) => (await t.app()).inject({ url, headers: { cookie } });

    it('shows the tree with population counts', async () => {
      const roots = (await get('/api/v1/areas', admin)).json();
      expect(roots.items[0]).toMatchObject({ code: '32', population: 2 });
      const kids = (await get(`/api/v1/areas/${AREAS.district}/children`, admin)).json();
      expect(kids.items.map((a: { code: string }) => a.code)).toEqual([AREAS.streetB, AREAS.streetA]);
      expect(kids.items.every((a: { population: number }) => a.population === 1)).toBe(true);
    });

    it('names responsibles and lists gaps (断点盲区) by level', async () => {
      const gaps1 = (await get('/api/v1/areas/gaps?level=grid', admin)).json();
      expect(gaps1.items.map((g: { code: string }) => g.code)).toEqual([AREAS.gridB, AREAS.gridA]);
      const add = await (
        await t.app()
      ).inject({
        method: 'POST',
        url: `/api/v1/areas/${AREAS.gridA}/responsibles`,
        headers: { cookie: admin },
        payload: { duty: 'grid_worker', name: '王网格', phone: '13700001111' },
      });
      expect(add.json()).toMatchObject({ duty: 'grid_worker', phoneMasked: '137****1111' });
      const bad = await (
        await t.app()
      ).inject({
        method: 'POST',
        url: `/api/v1/areas/${AREAS.gridA}/responsibles`,
        headers: { cookie: admin },
        payload: { duty: 'boss', name: '', phone: '123' },
      });
      expect(Object.keys(bad.json().error.details.fields).sort()).toEqual(['duty', 'name', 'phone']);
      const gaps2 = (await get('/api/v1/areas/gaps?level=grid', admin)).json();
      expect(gaps2.items.map((g: { code: string }) => g.code)).toEqual([AREAS.gridB]);
      const geo = (await get(`/api/v1/areas/${AREAS.district}/grids.geojson`, admin)).json();
      expect(geo.type).toBe('FeatureCollection');
    });

    it('a user scoped to one street cannot see another street by any route', async () => {
      expect((await get('/api/v1/areas', streetA)).json().items.map((a: { code: string }) => a.code)).toEqual([AREAS.streetA]);
      expect((await get(`/api/v1/areas/${AREAS.streetB}`, streetA)).statusCode).toBe(404);
      expect((await get(`/api/v1/areas/${AREAS.streetB}/children`, streetA)).statusCode).toBe(404);
      expect((await get(`/api/v1/areas/${AREAS.streetB}/grids.geojson`, streetA)).statusCode).toBe(404);
      expect((await get('/api/v1/areas/gaps?level=grid', streetA)).json().items.map((g: { code: string }) => g.code)).not.toContain(AREAS.gridB);
      expect((await get(`/api/v1/people?q=${encodeURIComponent('乙街道')}`, streetA)).json().items).toHaveLength(0);
      expect((await get(`/api/v1/people?q=${inB.idNumber}`, streetA)).json().items).toHaveLength(0);
      expect((await get('/api/v1/people?q=13912340000', streetA)).json().items).toHaveLength(0);
      expect((await get(`/api/v1/people?area=${AREAS.streetB}`, streetA)).statusCode).toBe(404);
      expect((await get(`/api/v1/people/${inB.id}`, streetA)).statusCode).toBe(404);
      expect(
        (await (await t.app()).inject({ method: 'POST', url: `/api/v1/people/${inB.id}/reveal`, headers: { cookie: streetA }, payload: { reason: '核实' } }))
          .statusCode,
      ).toBe(404);
      const exp = await get(`/api/v1/people/export?q=${encodeURIComponent('乙')}`, streetA);
      expect(exp.body).not.toContain('乙街道居民');
      const overview = (await get('/api/v1/overview', streetA)).json();
      expect(overview.figures.find((f: { key: string }) => f.key === 'people').value).toBe(1);
      const create = await (
        await t.app()
      ).inject({
        method: 'POST',
        url: '/api/v1/people',
        headers: { cookie: streetA },
        payload: { idNumber: '11010519491231002X', name: '越界', areaCode: AREAS.buildingB },
      });
      expect(create.statusCode).toBe(403);
    });

    it('imports over HTTP (multipart) and exports masked CSV', async () => {
      const boundary = '----eg';
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\nid_number,name,sex,birth_date,phone,area_code,address,household,tags\r\n11010519491231002X,导入者,,,13600000000,${AREAS.buildingA},,,\r\n--${boundary}--\r\n`;
      const r = await (
        await t.app()
      ).inject({
        method: 'POST',
        url: '/api/v1/people/import',
        headers: { cookie: admin, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
      expect(r.json()).toMatchObject({ accepted: 1, rejected: 0 });
      const exp = await get(`/api/v1/people/export?area=${AREAS.streetA}`, admin);
      expect(exp.headers['content-type']).toContain('text/csv');
      expect(exp.body).toContain('导入者');
      expect(exp.body).toContain('1101**********002X');
      expect(exp.body).not.toContain('11010519491231002X');
      expect(exp.body).not.toContain('13600000000');
    });
  });
}
