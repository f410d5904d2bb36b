/**
 * The geometry of redrawing, splitting and merging grids (issue 13 item 2). Pure; no I/O.
 * Union and overlap come from polygon-clipping (Martinez–Rueda sweep, the library behind
 * turf's union); which grid a building's point lies in, from GridLocator.
 */
import polygonClipping, { type MultiPolygon as PcMulti, type Polygon as PcPolygon } from 'polygon-clipping';
import { GridLocator } from './grid-locator';
import { nextFreeCode } from './onboarding-import';
import { checkGridGeometry, signedArea, type GridGeometry, type Ring } from './polygon-check';

const polygonsOf = (g: GridGeometry): Ring[][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

function asGeometry(m: PcMulti): GridGeometry {
  const polygons = m as Ring[][];
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] as Ring[] } : { type: 'MultiPolygon', coordinates: polygons };
}

/** Area in square degrees: outer rings less their holes. */
export function geometryArea(g: GridGeometry): number {
  return polygonsOf(g).reduce((sum, [outer, ...holes]) => sum + Math.abs(signedArea(outer ?? [])) - holes.reduce((h, r) => h + Math.abs(signedArea(r)), 0), 0);
}

/** The merged grid's outline: one polygon where the grids share an edge, a multipolygon where they do not touch. */
export function unionOf(geometries: readonly GridGeometry[]): GridGeometry {
  const [first, ...rest] = geometries.map((g) => polygonsOf(g) as PcPolygon[]);
  if (!first) throw new Error('unionOf needs at least one geometry');
  return asGeometry(polygonClipping.union(first, ...rest));
}

/**
 * Where parts of a split overlap: the first pair whose common area is more than a sliver
 * (1/10,000 of the smaller part — adjacent parts drawn by hand share edges that do not line
 * up to the last digit), or null.
 */
export function overlappingParts(parts: readonly GridGeometry[]): { first: number; second: number; share: number } | null {
  for (let i = 0; i < parts.length; i++)
    for (let j = i + 1; j < parts.length; j++) {
      const a = parts[i] as GridGeometry;
      const b = parts[j] as GridGeometry;
      const common = polygonClipping.intersection(polygonsOf(a), polygonsOf(b));
      if (common.length === 0) continue;
      const share = geometryArea(asGeometry(common)) / Math.min(geometryArea(a), geometryArea(b));
      if (share > 1e-4) return { first: i, second: j, share };
    }
  return null;
}

export interface PlacedBuilding {
  code: string;
  grid: string;
  lng: number | null;
  lat: number | null;
}

export interface BuildingMove {
  building: string;
  from: string;
  to: string;
}

/**
 * Which buildings change grid after the grids in `changed` were drawn anew: a building with a
 * point moves to the grid (of `grids`, as drawn now) whose polygon contains it, when that is not
 * its grid and either its grid or the new one was redrawn. Buildings of grids nobody touched stay
 * where they were recorded, even if their point disagrees (that is `assign-grid --by-point`'s
 * business, not a redraw's); a building whose point lies in no grid stays.
 */
export function buildingMoves(
  grids: ReadonlyArray<{ code: string; geometry: GridGeometry }>,
  buildings: readonly PlacedBuilding[],
  changed: ReadonlySet<string>,
): BuildingMove[] {
  const locator = new GridLocator(grids);
  const out: BuildingMove[] = [];
  for (const b of buildings) {
    if (b.lng === null || b.lat === null) continue;
    const to = locator.locate(b.lng, b.lat);
    if (to && to !== b.grid && (changed.has(b.grid) || changed.has(to))) out.push({ building: b.code, from: b.grid, to });
  }
  return out;
}

export interface SplitPartInput {
  gridCode?: string;
  name: string;
  geometry: unknown;
}

export interface CheckedPart {
  code: string;
  name: string;
  geometry: GridGeometry;
  centroid: [number, number];
}

/**
 * The parts a grid is split into, checked: at least two, each named and drawn (a valid polygon),
 * names unique in the community, no two overlapping. The part carrying the grid's own code keeps
 * it (the first part when none does); a part with another code must be a new 15-digit code under
 * the same community, never one used before; a part without a code gets the next free one.
 * Errors name the field (`parts[2].geometry`) and the reason.
 */
export function checkSplitParts(
  input: readonly SplitPartInput[],
  grid: { code: string; parent_code: string | null },
  siblings: ReadonlyArray<{ code: string; name: string; retired_at?: string | null }>,
): { parts: CheckedPart[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (input.length < 2) errors.parts = `a split needs at least two parts (got ${input.length})`;
  const community = grid.parent_code ?? '';
  const taken = new Set(siblings.map((s) => s.code));
  const otherNames = new Set(siblings.filter((s) => s.code !== grid.code && !s.retired_at).map((s) => s.name));
  const keeper = Math.max(
    0,
    input.findIndex((p) => p.gridCode === grid.code),
  );
  const seenNames = new Set<string>();
  const seenCodes = new Set<string>();
  const drafts = input.map((p, i) => {
    const at = `parts[${i}]`;
    const name = p.name?.trim() ?? '';
    if (!name) errors[`${at}.name`] = 'is required';
    else if (otherNames.has(name) || seenNames.has(name)) errors[`${at}.name`] = `another grid of community ${community} is already called ${name}`;
    seenNames.add(name);
    const shape = checkGridGeometry(p.geometry);
    if (!shape.ok) errors[`${at}.geometry`] = shape.reason;
    let code = i === keeper ? grid.code : p.gridCode;
    if (i !== keeper && code !== undefined && code !== '') {
      if (!/^\d{15}$/.test(code) || !code.startsWith(community)) errors[`${at}.gridCode`] = `must be a 15-digit code under community ${community}`;
      else if (taken.has(code) || seenCodes.has(code)) errors[`${at}.gridCode`] = `grid code ${code} is already used`;
      seenCodes.add(code);
    } else if (i !== keeper) code = undefined;
    return { code, name, shape: shape.ok ? shape.value : null };
  });
  for (const c of seenCodes) taken.add(c);
  const parts: CheckedPart[] = [];
  for (const [i, d] of drafts.entries()) {
    if (!d.shape) continue;
    const code = d.code ?? nextFreeCode(community, taken);
    if (!code) {
      errors[`parts[${i}].gridCode`] = `community ${community} already has 999 grids; no code is free`;
      continue;
    }
    parts.push({ code, name: d.name, geometry: d.shape.geometry, centroid: d.shape.centroid });
  }
  if (Object.keys(errors).length === 0) {
    const overlap = overlappingParts(parts.map((p) => p.geometry));
    if (overlap)
      errors.parts = `parts ${overlap.first + 1} and ${overlap.second + 1} overlap (${(overlap.share * 100).toFixed(1)} % of the smaller); draw them side by side`;
  }
  return { parts, errors };
}
