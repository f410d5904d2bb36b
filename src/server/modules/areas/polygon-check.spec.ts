import { checkGridGeometry, crossingAt, insideRing, pointProblem, segmentsMeet, type Ring } from './polygon-check';

const square = (x: number, y: number, d = 0.01): Ring => [
  [x, y],
  [x + d, y],
  [x + d, y + d],
  [x, y + d],
  [x, y],
];
const poly = (...rings: Ring[]) => ({ type: 'Polygon', coordinates: rings });
const reason = (g: unknown) => {
  const r = checkGridGeometry(g);
  return r.ok ? null : r.reason;
};

describe('grid polygon check', () => {
  it('accepts a closed square in 海州区 and gives its centroid and box', () => {
    const r = checkGridGeometry(poly(square(119.2, 34.6)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.centroid[0]).toBeCloseTo(119.205, 6);
    expect(r.value.centroid[1]).toBeCloseTo(34.605, 6);
    r.value.bbox.forEach((v, i) => expect(v).toBeCloseTo([119.2, 34.6, 119.21, 34.61][i] as number, 9));
  });

  it('refuses an open ring, naming it', () => {
    const open = square(119.2, 34.6).slice(0, 4);
    open.push([119.2, 34.6001]);
    expect(reason(poly(open))).toMatch(/outer ring is open/);
  });

  it('refuses a ring with fewer than four positions', () => {
    expect(
      reason(
        poly([
          [119.2, 34.6],
          [119.3, 34.6],
          [119.2, 34.6],
        ]),
      ),
    ).toMatch(/at least 4/);
  });

  it('refuses a bow-tie (self-intersecting) ring, naming the segments', () => {
    const bowTie: Ring = [
      [119.2, 34.6],
      [119.3, 34.7],
      [119.3, 34.6],
      [119.2, 34.7],
      [119.2, 34.6],
    ];
    expect(reason(poly(bowTie))).toMatch(/outer ring crosses itself \(segments 1 and 3\)/);
  });

  it('refuses a ring that touches itself at a vertex', () => {
    const touching: Ring = [
      [0, 0],
      [2, 0],
      [1, 1],
      [2, 2],
      [0, 2],
      [1, 1],
      [0, 0],
    ].map(([x, y]) => [119 + (x as number) / 100, 34 + (y as number) / 100]);
    expect(reason(poly(touching))).toMatch(/crosses itself/);
  });

  it('refuses positions outside WGS-84 and outside China, with latitude/longitude swapped named', () => {
    expect(reason(poly(square(200, 34)))).toMatch(/outside the WGS-84 range/);
    expect(reason(poly(square(34.6, 119.2)))).toMatch(/outside the WGS-84 range/);
    expect(reason(poly(square(2.35, 48.85)))).toMatch(/outside China/);
    expect(pointProblem(119.2, 34.6)).toBeNull();
    expect(pointProblem(Number.NaN, 34.6)).toMatch(/not a number/);
  });

  it('refuses what is not a polygon', () => {
    expect(reason({ type: 'Point', coordinates: [119.2, 34.6] })).toMatch(/Polygon or MultiPolygon/);
    expect(reason('POLYGON((1 2))')).toMatch(/not a GeoJSON geometry/);
    expect(reason(poly())).toMatch(/no rings/);
    expect(reason({ type: 'Polygon', coordinates: [[[119.2, 'x']]] })).toMatch(/position 1 is not a \[longitude, latitude\] pair/);
  });

  it('refuses a ring on one line (no area)', () => {
    expect(
      reason(
        poly([
          [119.2, 34.6],
          [119.3, 34.6],
          [119.4, 34.6],
          [119.2, 34.6],
        ]),
      ),
    ).toMatch(/no area/);
  });

  it('accepts a hole inside, refuses a hole crossing or outside the outer ring', () => {
    const outer = square(119.2, 34.6, 0.1);
    expect(reason(poly(outer, square(119.22, 34.62, 0.01)))).toBeNull();
    expect(reason(poly(outer, square(119.29, 34.62, 0.05)))).toMatch(/outer ring and hole 1 cross or touch/);
    expect(reason(poly(outer, square(119.5, 34.62, 0.01)))).toMatch(/hole 1 lies outside the outer ring/);
  });

  it('checks each polygon of a MultiPolygon and names the one at fault', () => {
    const ok = { type: 'MultiPolygon', coordinates: [[square(119.2, 34.6)], [square(119.3, 34.6)]] };
    expect(reason(ok)).toBeNull();
    const bad = { type: 'MultiPolygon', coordinates: [[square(119.2, 34.6)], [square(119.3, 34.6).slice(0, 4)]] };
    expect(reason(bad)).toMatch(/polygon 2 outer ring is open/);
  });

  it('tolerates a repeated consecutive position', () => {
    const r = square(119.2, 34.6);
    r.splice(2, 0, r[1] as [number, number]);
    expect(reason(poly(r))).toBeNull();
  });

  it('segment and ring helpers agree with hand-worked cases', () => {
    expect(segmentsMeet([0, 0], [2, 2], [0, 2], [2, 0])).toBe(true);
    expect(segmentsMeet([0, 0], [1, 0], [2, 0], [3, 0])).toBe(false);
    expect(segmentsMeet([0, 0], [2, 0], [1, 0], [3, 0])).toBe(true); // overlapping collinear
    expect(crossingAt([square(0, 0, 1)])).toBeNull();
    expect(insideRing([0.5, 0.5], square(0, 0, 1))).toBe(true);
    expect(insideRing([1.5, 0.5], square(0, 0, 1))).toBe(false);
  });

  it('checks a 2,000-position ring quickly (sweep, not all pairs)', () => {
    const n = 2000;
    const circle: Ring = Array.from(
      { length: n },
      (_, i) => [119.2 + 0.01 * Math.cos((2 * Math.PI * i) / n), 34.6 + 0.01 * Math.sin((2 * Math.PI * i) / n)] as [number, number],
    );
    circle.push(circle[0] as [number, number]);
    const t = performance.now();
    expect(reason(poly(circle))).toBeNull();
    expect(performance.now() - t).toBeLessThan(500);
  });
});
