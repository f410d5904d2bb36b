import type { Feature, FeatureCollection, Position } from 'geojson';
import { bounds, labelPoint, labelPoints } from './geometry';

const square: Position[] = [
  [0, 0],
  [2, 0],
  [2, 2],
  [0, 2],
  [0, 0],
];
// An L: its centroid (about 1.17, 1.17) lies in the notch, outside the shape.
const ell: Position[] = [
  [0, 0],
  [3, 0],
  [3, 1],
  [1, 1],
  [1, 3],
  [0, 3],
  [0, 0],
];
const inside = (ring: Position[], [x, y]: Position) => {
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > (y as number) !== yj > (y as number) && (x as number) < ((xj - xi) * ((y as number) - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
};
const poly = (ring: Position[], name: string): Feature => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { name } });

describe('map geometry', () => {
  it('labels a convex grid at its centroid', () => {
    expect(labelPoint(square)).toEqual([1, 1]);
  });

  it('keeps the label of an L-shaped grid on the grid', () => {
    const p = labelPoint(ell);
    expect(inside(ell, p)).toBe(true);
  });

  it('gives one label per polygon, in the largest part of a MultiPolygon, with its properties', () => {
    const small = square.map(([x, y]) => [(x as number) / 10 + 5, (y as number) / 10 + 5]);
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        poly(square, '一号网格'),
        {
          type: 'Feature',
          geometry: { type: 'MultiPolygon', coordinates: [[small], [square.map(([x, y]) => [(x as number) + 10, y as number])]] },
          properties: { name: '二号网格' },
        },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [1, 1] }, properties: { name: '哨点' } },
      ],
    };
    const out = labelPoints(fc);
    expect(out.features.map((f) => f.properties?.name)).toEqual(['一号网格', '二号网格']);
    expect(out.features[1]?.geometry).toEqual({ type: 'Point', coordinates: [11, 1] });
  });

  it('frames the polygons’ outer rings and the points, and nothing when empty', () => {
    const fc: FeatureCollection = { type: 'FeatureCollection', features: [poly(square, 'a')] };
    const pts: FeatureCollection = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [5, -1] }, properties: {} }],
    };
    expect(bounds(fc, pts)).toEqual([0, -1, 5, 2]);
    expect(bounds({ type: 'FeatureCollection', features: [] })).toBeNull();
  });
});
