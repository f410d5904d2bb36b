import fs from 'node:fs';
import path from 'node:path';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';
import { buildDemoBasemap } from './demo-basemap';

const fixture = path.resolve(import.meta.dirname, '../../../../e2e/fixtures/basemap-demo.pmtiles');

/** The archive as the browser reads it: byte ranges of one buffer. */
class BufferSource implements Source {
  constructor(private readonly bytes: Buffer) {}
  getKey = () => 'fixture';
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const part = this.bytes.subarray(offset, offset + length);
    return { data: part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength) as ArrayBuffer };
  }
}

describe('demo base map fixture', () => {
  it('is what the script builds, byte for byte, and small', () => {
    const built = buildDemoBasemap();
    expect(built.equals(fs.readFileSync(fixture))).toBe(true);
    expect(built.length).toBeLessThan(200 * 1024);
  });

  it('reads back with the pmtiles library the web uses: header, metadata and a street tile of the demo city', async () => {
    const archive = new PMTiles(new BufferSource(fs.readFileSync(fixture)));
    const h = await archive.getHeader();
    expect([h.specVersion, h.minZoom, h.maxZoom, h.tileType]).toEqual([3, 9, 14, 1]);
    expect(h.minLon).toBeCloseTo(119.0);
    expect(h.maxLat).toBeCloseTo(34.72);
    const meta = (await archive.getMetadata()) as { vector_layers: Array<{ id: string }> };
    expect(meta.vector_layers.map((l) => l.id)).toEqual(['earth', 'water', 'landuse', 'roads', 'places']);
    // z14 tile over lon 119.2, lat 34.6 (朝阳路 runs along lat 34.6)
    const tile = await archive.getZxy(14, 13616, 6511);
    expect(tile).toBeDefined();
    const mvt = Buffer.from(tile!.data).toString('utf8'); // the reader has undone the tile's gzip
    expect(mvt).toContain('roads');
    expect(mvt).toContain('朝阳路');
    expect(await archive.getZxy(14, 0, 0)).toBeUndefined();
  });
});
