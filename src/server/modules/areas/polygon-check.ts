/**
 * Checking a grid's drawn polygon before it is stored (issue 13): GeoJSON Polygon or
 * MultiPolygon, every ring closed, no ring crossing itself or another ring, WGS-84
 * longitude/latitude inside China's bounding box. Pure; no I/O.
 *
 * Written here because no geometry library is installed (node_modules has no @turf/*);
 * `@turf/kinks` + `@turf/boolean-valid` would replace `crossingAt` and the ring checks.
 */

export type Position = [number, number];
export type Ring = Position[];
export type GridGeometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

export interface CheckedGeometry {
  geometry: GridGeometry;
  /** Area-weighted centroid of the outer rings, [lng, lat]. */
  centroid: Position;
  /** [minLng, minLat, maxLng, maxLat]. */
  bbox: [number, number, number, number];
}

export type GeometryCheck = { ok: true; value: CheckedGeometry } | { ok: false; reason: string };

/** China's bounding box (mainland, islands and the South China Sea), WGS-84 degrees. */
export const CHINA_BOX = { minLng: 73.4, maxLng: 135.1, minLat: 3.8, maxLat: 53.6 } as const;

export function inChina(lng: number, lat: number): boolean {
  return lng >= CHINA_BOX.minLng && lng <= CHINA_BOX.maxLng && lat >= CHINA_BOX.minLat && lat <= CHINA_BOX.maxLat;
}

/** Why a point is not a WGS-84 position in China, or null when it is. */
export function pointProblem(lng: number, lat: number): string | null {
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return 'is not a number';
  if (Math.abs(lng) > 180 || Math.abs(lat) > 90) return `${lng},${lat} is outside the WGS-84 range (longitude ±180, latitude ±90; longitude first)`;
  if (!inChina(lng, lat)) return `${lng},${lat} lies outside China`;
  return null;
}

const MAX_POSITIONS = 20_000;

class Refusal extends Error {}
const refuse = (reason: string): never => {
  throw new Refusal(reason);
};

function position(p: unknown, where: string): Position {
  if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') refuse(`${where} is not a [longitude, latitude] pair`);
  const [lng, lat] = p as [number, number];
  const problem = pointProblem(lng, lat);
  if (problem) refuse(`${where}: ${problem}`);
  return [lng, lat];
}

function ring(raw: unknown, where: string): Ring {
  if (!Array.isArray(raw)) return refuse(`${where} is not a list of positions`);
  const pts = raw.map((p, i) => position(p, `${where} position ${i + 1}`));
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (pts.length < 4) refuse(`${where} has ${pts.length} positions; a closed ring needs at least 4 (first = last)`);
  if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) refuse(`${where} is open: its last position must repeat its first`);
  // Repeated consecutive points are harmless in files drawn by hand; drop them before the checks.
  const clean = pts.filter((p, i) => i === 0 || p[0] !== pts[i - 1]?.[0] || p[1] !== pts[i - 1]?.[1]);
  if (clean.length < 4) refuse(`${where} has no area (its positions lie on one line)`);
  return clean;
}

/** Shoelace area in square degrees (sign: orientation). */
export function signedArea(r: Ring): number {
  let s = 0;
  for (let i = 0; i + 1 < r.length; i++) {
    const a = r[i] as Position;
    const b = r[i + 1] as Position;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

function orient(a: Position, b: Position, c: Position): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(a: Position, b: Position, p: Position): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

/** Whether segments ab and cd share any point (crossing, touching or overlapping). */
export function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
}

interface Segment {
  ring: number;
  index: number;
  ringSize: number;
  a: Position;
  b: Position;
  minX: number;
  maxX: number;
}

/**
 * The first place where the rings of one polygon cross or touch (a ring's neighbouring
 * segments share their end point and do not count), or null. A sweep over x: segments sorted
 * by their left end, each compared only with those whose x-range overlaps its own.
 */
export function crossingAt(rings: readonly Ring[]): { ring: number; segment: number; other: number; otherSegment: number } | null {
  const segs: Segment[] = [];
  rings.forEach((r, ri) => {
    for (let i = 0; i + 1 < r.length; i++) {
      const a = r[i] as Position;
      const b = r[i + 1] as Position;
      segs.push({ ring: ri, index: i, ringSize: r.length - 1, a, b, minX: Math.min(a[0], b[0]), maxX: Math.max(a[0], b[0]) });
    }
  });
  segs.sort((s, t) => s.minX - t.minX);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i] as Segment;
    for (let j = i + 1; j < segs.length; j++) {
      const t = segs[j] as Segment;
      if (t.minX > s.maxX) break;
      if (s.ring === t.ring) {
        const gap = Math.abs(s.index - t.index);
        if (gap === 1 || gap === s.ringSize - 1) continue; // neighbours share an end point
      }
      if (segmentsMeet(s.a, s.b, t.a, t.b)) {
        const [x, y] = s.ring < t.ring || (s.ring === t.ring && s.index < t.index) ? [s, t] : [t, s];
        return { ring: x.ring, segment: x.index + 1, other: y.ring, otherSegment: y.index + 1 };
      }
    }
  }
  return null;
}

/** Ray casting: is `p` inside ring `r` (boundary not included)? */
export function insideRing(p: Position, r: Ring): boolean {
  let inside = false;
  for (let i = 0, j = r.length - 2; i < r.length - 1; j = i++) {
    const a = r[i] as Position;
    const b = r[j] as Position;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

function polygon(raw: unknown, label: string): Ring[] {
  if (!Array.isArray(raw) || raw.length === 0) return refuse(`${label} has no rings`);
  const rings = raw.map((r, i) => ring(r, i === 0 ? `${label}outer ring` : `${label}hole ${i}`));
  const hit = crossingAt(rings);
  if (hit) {
    const name = (k: number) => (k === 0 ? 'outer ring' : `hole ${k}`);
    refuse(
      hit.ring === hit.other
        ? `${label}${name(hit.ring)} crosses itself (segments ${hit.segment} and ${hit.otherSegment})`
        : `${label}${name(hit.ring)} and ${name(hit.other)} cross or touch`,
    );
  }
  rings.forEach((r, i) => {
    if (signedArea(r) === 0) refuse(`${label}${i === 0 ? 'outer ring' : `hole ${i}`} has no area (its positions lie on one line)`);
  });
  const outer = rings[0] as Ring;
  rings.slice(1).forEach((h, i) => {
    if (!insideRing(h[0] as Position, outer)) refuse(`${label}hole ${i + 1} lies outside the outer ring`);
  });
  return rings;
}

function ringCentroid(r: Ring): { area: number; x: number; y: number } {
  // Relative to the first position: products of ~119 × ~34 degrees would cancel away the precision.
  const [ox, oy] = r[0] as Position;
  let a = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i + 1 < r.length; i++) {
    const p = r[i] as Position;
    const q = r[i + 1] as Position;
    const [px, py, qx, qy] = [p[0] - ox, p[1] - oy, q[0] - ox, q[1] - oy];
    const f = px * qy - qx * py;
    a += f;
    x += (px + qx) * f;
    y += (py + qy) * f;
  }
  return { area: a / 2, x: ox + x / (3 * a), y: oy + y / (3 * a) };
}

/** Positions in nested arrays `depth` levels above the positions (2: a Polygon's rings). */
function positionCount(coords: unknown, depth: number): number {
  if (!Array.isArray(coords)) return 0;
  if (depth === 1) return coords.length;
  let n = 0;
  for (const c of coords) n += positionCount(c, depth - 1);
  return n;
}

/** Check a GeoJSON geometry given for a grid; the reason names the ring and position at fault. */
export function checkGridGeometry(input: unknown): GeometryCheck {
  try {
    if (typeof input !== 'object' || input === null) return refuse('is not a GeoJSON geometry');
    const g = input as { type?: unknown; coordinates?: unknown };
    if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return refuse(`must be a GeoJSON Polygon or MultiPolygon (got ${String(g.type)})`);
    if (positionCount(g.coordinates, g.type === 'Polygon' ? 2 : 3) > MAX_POSITIONS) refuse(`has more than ${MAX_POSITIONS} positions`);
    const polygons: Ring[][] =
      g.type === 'Polygon'
        ? [polygon(g.coordinates, '')]
        : Array.isArray(g.coordinates) && g.coordinates.length > 0
          ? g.coordinates.map((p, i) => polygon(p, `polygon ${i + 1} `))
          : refuse('MultiPolygon has no polygons');
    const geometry: GridGeometry =
      g.type === 'Polygon' ? { type: 'Polygon', coordinates: polygons[0] as Ring[] } : { type: 'MultiPolygon', coordinates: polygons };
    const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    let area = 0;
    let cx = 0;
    let cy = 0;
    for (const rings of polygons) {
      for (const p of rings[0] as Ring) {
        bbox[0] = Math.min(bbox[0], p[0]);
        bbox[1] = Math.min(bbox[1], p[1]);
        bbox[2] = Math.max(bbox[2], p[0]);
        bbox[3] = Math.max(bbox[3], p[1]);
      }
      const c = ringCentroid(rings[0] as Ring);
      const w = Math.abs(c.area);
      area += w;
      cx += c.x * w;
      cy += c.y * w;
    }
    return { ok: true, value: { geometry, centroid: [cx / area, cy / area], bbox } };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, reason: e.message };
    throw e;
  }
}
