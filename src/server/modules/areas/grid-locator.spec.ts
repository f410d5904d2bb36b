import { GridLocator, geometryContains } from './grid-locator';
import type { GridGeometry, Ring } from './polygon-check';

const square = (x: number, y: number, s: number): Ring => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];
const poly = (...rings: Ring[]): GridGeometry => ({ type: 'Polygon', coordinates: rings });

describe('point in a grid', () => {
  it('is inside the outer ring and outside its holes', () => {
    const g = poly(square(119, 34, 0.01), square(119.004, 34.004, 0.002));
    expect(geometryContains(g, [119.002, 34.002])).toBe(true);
    expect(geometryContains(g, [119.005, 34.005])).toBe(false); // in the hole
    expect(geometryContains(g, [119.02, 34.002])).toBe(false);
  });

  it('handles a multipolygon and a concave ring', () => {
    const multi: GridGeometry = { type: 'MultiPolygon', coordinates: [[square(119, 34, 0.01)], [square(119.05, 34, 0.01)]] };
    expect(geometryContains(multi, [119.055, 34.005])).toBe(true);
    expect(geometryContains(multi, [119.03, 34.005])).toBe(false);
    // An L: the notch at the top right is outside.
    const l = poly([
      [119, 34],
      [119.02, 34],
      [119.02, 34.01],
      [119.01, 34.01],
      [119.01, 34.02],
      [119, 34.02],
      [119, 34],
    ]);
    expect(geometryContains(l, [119.005, 34.015])).toBe(true);
    expect(geometryContains(l, [119.015, 34.015])).toBe(false);
  });

  it('locates among many grids through the box prefilter, across cell edges, and answers null outside all', () => {
    const grids = Array.from({ length: 400 }, (_, i) => ({
      code: `320706001001${String(i).padStart(3, '0')}`,
      geometry: poly(square(119 + (i % 20) * 0.013, 34 + Math.floor(i / 20) * 0.013, 0.013)),
    }));
    const locator = new GridLocator(grids);
    expect(locator.locate(119 + 7 * 0.013 + 0.006, 34 + 3 * 0.013 + 0.006)).toBe(grids[3 * 20 + 7]?.code);
    expect(locator.locate(119 + 19 * 0.013 + 0.012, 34 + 19 * 0.013 + 0.012)).toBe(grids[399]?.code);
    expect(locator.locate(118.5, 34.1)).toBeNull();
    // Every grid's centre is found in that grid (the lattice step 0.01 does not divide 0.013).
    for (const [i, g] of grids.entries()) expect(locator.locate(119 + (i % 20) * 0.013 + 0.0065, 34 + Math.floor(i / 20) * 0.013 + 0.0065)).toBe(g.code);
  });

  it('answers the smallest code where drawn polygons overlap, whatever the load order', () => {
    const a = { code: '320706001001002', geometry: poly(square(119, 34, 0.01)) };
    const b = { code: '320706001001001', geometry: poly(square(119.005, 34, 0.01)) };
    expect(new GridLocator([a, b]).locate(119.007, 34.005)).toBe(b.code);
    expect(new GridLocator([b, a]).locate(119.007, 34.005)).toBe(b.code);
  });
});
