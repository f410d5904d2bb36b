import type { Feature, FeatureCollection, Position } from 'geojson';

type Ring = Position[];

/** Outer rings only: holes lie inside them. Merged grids that do not touch are MultiPolygons. */
export function outerRings(f: Feature): Ring[] {
  const g = f.geometry;
  if (!g) return [];
  if (g.type === 'Polygon') return g.coordinates[0] ? [g.coordinates[0]] : [];
  if (g.type === 'MultiPolygon') return g.coordinates.map((p) => p[0]).filter((r): r is Ring => !!r);
  return [];
}

/** [west, south, east, north] of the polygons' outer rings and the points; null when there is nothing. */
export function bounds(...collections: FeatureCollection[]): [number, number, number, number] | null {
  let b: [number, number, number, number] | null = null;
  const add = (lon: number, lat: number) => {
    b = b ? [Math.min(b[0], lon), Math.min(b[1], lat), Math.max(b[2], lon), Math.max(b[3], lat)] : [lon, lat, lon, lat];
  };
  for (const fc of collections)
    for (const f of fc.features) {
      if (f.geometry?.type === 'Point') add(...xy(f.geometry.coordinates));
      for (const ring of outerRings(f)) for (const p of ring) add(...xy(p));
    }
  return b;
}

type XY = [number, number];
const xy = (p: Position): XY => [p[0] ?? 0, p[1] ?? 0];

/** The ring's edges as (from, to) pairs, closing it whether or not its last point repeats the first. */
function edges(ring: Ring): Array<[XY, XY]> {
  const pts = ring.map(xy);
  return pts.map((to, i) => [pts[(i + pts.length - 1) % pts.length] as XY, to]);
}

function ringArea(ring: Ring): number {
  return edges(ring).reduce((a, [[x1, y1], [x2, y2]]) => a + (x1 - x2) * (y1 + y2), 0) / 2;
}

/** The area-weighted centroid of a ring (its vertex mean when the ring has no area). */
function centroid(ring: Ring): XY {
  let x = 0;
  let y = 0;
  let a = 0;
  for (const [[x1, y1], [x2, y2]] of edges(ring)) {
    const cross = x1 * y2 - x2 * y1;
    a += cross;
    x += (x1 + x2) * cross;
    y += (y1 + y2) * cross;
  }
  if (a === 0) {
    const pts = ring.map(xy);
    return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
  }
  return [x / (3 * a), y / (3 * a)];
}

/**
 * A point inside the ring to write its name at: on the horizontal line through the centroid, the
 * middle of the widest stretch inside the ring. For a convex grid that is the centroid itself; for
 * an L- or U-shaped one (where the centroid can fall outside) it stays on the polygon.
 */
export function labelPoint(ring: Ring): XY {
  const c = centroid(ring);
  const xs: number[] = [];
  for (const [[x1, y1], [x2, y2]] of edges(ring)) if (y1 > c[1] !== y2 > c[1]) xs.push(x1 + ((c[1] - y1) * (x2 - x1)) / (y2 - y1));
  xs.sort((p, q) => p - q);
  let best: XY = c;
  let width = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const [from, to] = [xs[i] ?? 0, xs[i + 1] ?? 0];
    if (c[0] >= from && c[0] <= to) return c; // the centroid is inside: keep it
    if (to - from > width) [width, best] = [to - from, [(from + to) / 2, c[1]]];
  }
  return best;
}

/** One label point per polygon (in its largest part), carrying the polygon's properties. */
export function labelPoints(fc: FeatureCollection): FeatureCollection {
  const features: Feature[] = [];
  for (const f of fc.features) {
    const rings = outerRings(f);
    if (rings.length === 0) continue;
    const largest = rings.reduce((a, r) => (Math.abs(ringArea(r)) > Math.abs(ringArea(a)) ? r : a));
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: labelPoint(largest) }, properties: f.properties ?? {} });
  }
  return { type: 'FeatureCollection', features };
}
