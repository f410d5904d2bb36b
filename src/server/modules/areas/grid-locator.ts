/**
 * Which grid a point lies in (issue 13: placing people by their building's point, splitting a
 * grid). Pure; no I/O. No geometry library is installed (see polygon-check.ts), so this is a
 * ray-casting test behind a bounding-box prefilter: grids are put in the cells of a coarse
 * lng/lat lattice their box overlaps, and a point is tested only against its cell's grids.
 */
import { insideRing, type GridGeometry, type Position, type Ring } from './polygon-check';

/** Whether `p` lies inside the geometry: inside an outer ring and in none of its holes. */
export function geometryContains(g: GridGeometry, p: Position): boolean {
  const polygons: Ring[][] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polygons.some(([outer, ...holes]) => !!outer && insideRing(p, outer) && !holes.some((h) => insideRing(p, h)));
}

export function geometryBox(g: GridGeometry): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons: Ring[][] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const rings of polygons)
    for (const [x, y] of rings[0] ?? []) {
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    }
  return box;
}

interface Entry {
  code: string;
  geometry: GridGeometry;
  box: [number, number, number, number];
}

export class GridLocator {
  private readonly cells = new Map<string, Entry[]>();

  /** `cell`: lattice step in degrees (0.01° ≈ 1 km, about a grid's size in a city). */
  constructor(
    grids: ReadonlyArray<{ code: string; geometry: GridGeometry }>,
    private readonly cell = 0.01,
  ) {
    // Sorted by code so that, where drawn polygons overlap, the answer does not depend on load order.
    for (const g of [...grids].sort((a, b) => (a.code < b.code ? -1 : 1))) {
      const e: Entry = { ...g, box: geometryBox(g.geometry) };
      for (let x = this.key(e.box[0]); x <= this.key(e.box[2]); x++)
        for (let y = this.key(e.box[1]); y <= this.key(e.box[3]); y++) {
          const k = `${x}:${y}`;
          (this.cells.get(k) ?? this.cells.set(k, []).get(k))?.push(e);
        }
    }
  }

  private key(v: number): number {
    return Math.floor(v / this.cell);
  }

  /** The grid containing the point (the smallest code when drawn polygons overlap), or null. */
  locate(lng: number, lat: number): string | null {
    for (const e of this.cells.get(`${this.key(lng)}:${this.key(lat)}`) ?? []) {
      if (lng < e.box[0] || lng > e.box[2] || lat < e.box[1] || lat > e.box[3]) continue;
      if (geometryContains(e.geometry, [lng, lat])) return e.code;
    }
    return null;
  }
}
