import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';

/** A file whose every byte tells its offset (mod 251), so a wrong range shows in the bytes answered. */
const SIZE = 5000;
const bytes = Buffer.from(Array.from({ length: SIZE }, (_, i) => i % 251));

for (const dialect of testDialects()) {
  describe(`[${dialect}] base map routes`, () => {
    let t: TestContext;
    let dir: string;
    let cookie: string;
    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epigrid-basemap-'));
      t = await createTestContext(dialect, { basemapFile: path.join(dir, 'basemap.pmtiles'), basemapGlyphsDir: path.join(dir, 'glyphs') });
      cookie = (await t.loginAs('commander')).cookie;
    });
    afterAll(async () => {
      await t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const get = async (url: string, headers: Record<string, string> = {}) =>
      (await t.app()).inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie, ...headers } });

    it('answers "no base map" and 404 for the file while none is installed; an empty file counts as none', async () => {
      expect((await get('/basemap')).json()).toEqual({ available: false, tilesUrl: null, glyphs: false, glyphsUrl: null });
      expect((await get('/basemap/tiles.pmtiles', { range: 'bytes=0-126' })).statusCode).toBe(404);
      fs.writeFileSync(path.join(dir, 'basemap.pmtiles'), '');
      expect((await get('/basemap')).json()).toMatchObject({ available: false });
      expect((await get('/basemap/tiles.pmtiles')).statusCode).toBe(404);
    });

    it('needs a login for the answer, the file and the glyphs', async () => {
      fs.writeFileSync(path.join(dir, 'basemap.pmtiles'), bytes);
      const app = await t.app();
      for (const url of ['/basemap', '/basemap/tiles.pmtiles', '/basemap/glyphs/Noto%20Sans%20Regular/0-255.pbf']) {
        const res = await app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { range: 'bytes=0-9' } });
        expect(res.statusCode, url).toBe(401);
      }
    });

    it('streams the asked bytes with 206 and Content-Range, the whole file without Range, 416 past the end', async () => {
      fs.writeFileSync(path.join(dir, 'basemap.pmtiles'), bytes);
      expect((await get('/basemap')).json()).toEqual({ available: true, tilesUrl: '/api/v1/basemap/tiles.pmtiles', glyphs: false, glyphsUrl: null });

      const part = await get('/basemap/tiles.pmtiles', { range: 'bytes=1000-1499' });
      expect(part.statusCode).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes 1000-1499/${SIZE}`);
      expect(part.headers['content-length']).toBe('500');
      expect(part.headers['accept-ranges']).toBe('bytes');
      expect(part.rawPayload.equals(bytes.subarray(1000, 1500))).toBe(true);

      const tail = await get('/basemap/tiles.pmtiles', { range: 'bytes=4990-9999' });
      expect(tail.statusCode).toBe(206);
      expect(tail.rawPayload.equals(bytes.subarray(4990))).toBe(true);

      const whole = await get('/basemap/tiles.pmtiles');
      expect(whole.statusCode).toBe(200);
      expect(whole.headers['content-type']).toBe('application/vnd.pmtiles');
      expect(whole.rawPayload.equals(bytes)).toBe(true);

      const past = await get('/basemap/tiles.pmtiles', { range: `bytes=${SIZE}-${SIZE + 100}` });
      expect(past.statusCode).toBe(416);
      expect(past.headers['content-range']).toBe(`bytes */${SIZE}`);
    });

    it('answers a changed file whole when If-Range names the old version', async () => {
      fs.writeFileSync(path.join(dir, 'basemap.pmtiles'), bytes);
      const etag = String((await get('/basemap/tiles.pmtiles', { range: 'bytes=0-9' })).headers.etag);
      fs.writeFileSync(path.join(dir, 'basemap.pmtiles'), Buffer.concat([bytes, bytes]));
      const res = await get('/basemap/tiles.pmtiles', { range: 'bytes=0-9', 'if-range': etag });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.length).toBe(2 * SIZE);
    });

    it('serves glyph ranges from the glyph folder, the first font of a stack that has them, and nothing outside it', async () => {
      fs.mkdirSync(path.join(dir, 'glyphs', 'Noto Sans Regular'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'glyphs', 'Noto Sans Regular', '0-255.pbf'), Buffer.from([1, 2, 3]));
      fs.writeFileSync(path.join(dir, 'secret.pbf'), Buffer.from([9]));
      expect((await get('/basemap')).json()).toMatchObject({ glyphs: true, glyphsUrl: '/api/v1/basemap/glyphs/{fontstack}/{range}.pbf' });

      const ok = await get('/basemap/glyphs/Missing%20Font,Noto%20Sans%20Regular/0-255.pbf');
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['content-type']).toBe('application/x-protobuf');
      expect([...ok.rawPayload]).toEqual([1, 2, 3]);
      expect((await get('/basemap/glyphs/Noto%20Sans%20Regular/256-511.pbf')).statusCode).toBe(404);

      const out = await get('/basemap/glyphs/..%2F/secret.pbf');
      expect(out.statusCode).toBe(400);
      expect(out.json().error.message).toMatch(/fontstack|range/);
    });
  });
}
