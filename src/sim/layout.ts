import type { SimPolygon } from './types';

/** A rectangle [west, south, east, north] in degrees. */
export type Box = [number, number, number, number];

/** 海州区's rough extent; streets are laid out in a lattice inside it. */
export const DISTRICT_BOX: Box = [119.05, 34.5, 119.35, 34.68];

/** Split a box into n non-overlapping cells (a near-square lattice), row by row. */
export function splitBox(box: Box, n: number): Box[] {
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const [w, s, e, north] = box;
  const dx = (e - w) / cols;
  const dy = (north - s) / rows;
  const out: Box[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % cols;
    const r = Math.floor(i / cols);
    out.push([w + c * dx, north - (r + 1) * dy, w + (c + 1) * dx, north - r * dy]);
  }
  return out;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function boxPolygon([w, s, e, n]: Box): SimPolygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [round(w), round(s)],
        [round(e), round(s)],
        [round(e), round(n)],
        [round(w), round(n)],
        [round(w), round(s)],
      ],
    ],
  };
}

export function boxCentroid([w, s, e, n]: Box): [number, number] {
  return [round((w + e) / 2), round((s + n) / 2)];
}
