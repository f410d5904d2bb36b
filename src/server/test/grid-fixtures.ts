import { AreaRepository } from '../modules/areas/area.repository';
import type { AreaRow } from '../modules/areas/areas.table';
import { BuildingRepository } from '../modules/areas/building.repository';
import { AREAS } from './fixtures';
import type { TestContext } from './harness';

/** A square grid polygon with its south-west corner at (x, y), `side` degrees a side. */
export const square = (x: number, y: number, side = 0.01) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x, y],
      [x + side, y],
      [x + side, y + side],
      [x, y + side],
      [x, y],
    ] as Array<[number, number]>,
  ],
});

export interface TwoGridStreet {
  street: string;
  community: string;
  /** West grid (x … x+0.01) and east grid (x+0.01 … x+0.02), both from latitude 34.5 to 34.51. */
  g1: string;
  g2: string;
  /** b1 stands in g1; b2 is recorded in g1 but stands in g2; b3 stands in g2. All share latitude 34.505. */
  b1: string;
  b2: string;
  b3: string;
  x: number;
}

/**
 * A fresh street under the test district (code 320706NNN, NNN = `streetNo`) with one community,
 * two grids side by side and three buildings, placed at a longitude of its own so that streets
 * made by one test file never overlap on the map.
 */
export async function twoGridStreet(t: TestContext, streetNo: number): Promise<TwoGridStreet> {
  const s = `320706${streetNo}`;
  const x = 119 + (streetNo % 50) * 0.05;
  const c = { street: s, community: `${s}001`, g1: `${s}001001`, g2: `${s}001002`, b1: `${s}001001001`, b2: `${s}001001002`, b3: `${s}001002001`, x };
  const row = (code: string, parent: string, level: AreaRow['level'], geometry: string | null = null): AreaRow => ({
    code,
    parent_code: parent,
    level,
    name: `${level}-${code.slice(-3)}`,
    geometry,
    centroid_lon: null,
    centroid_lat: null,
    population: 0,
    households: 0,
    created_at: t.clock.nowIso(),
  });
  await new AreaRepository(t.ctx.db, t.ctx.dialect).insertMany([
    row(c.street, AREAS.district, 'street'),
    row(c.community, c.street, 'community'),
    row(c.g1, c.community, 'grid', JSON.stringify(square(x, 34.5))),
    row(c.g2, c.community, 'grid', JSON.stringify(square(x + 0.01, 34.5))),
    row(c.b1, c.g1, 'building'),
    row(c.b2, c.g1, 'building'),
    row(c.b3, c.g2, 'building'),
  ]);
  const now = t.clock.nowIso();
  const b = (code: string, grid: string, address: string, lng: number) => ({
    building_code: code,
    grid_code: grid,
    name: code,
    address,
    lng,
    lat: 34.505,
    created_at: now,
    updated_at: now,
  });
  await new BuildingRepository(t.ctx.db, t.ctx.dialect).insertMany([
    b(c.b1, c.g1, `幸福路${s}号1栋`, x + 0.005),
    b(c.b2, c.g1, `幸福路${s}号同名楼`, x + 0.015),
    b(c.b3, c.g2, `幸福路${s}号同名楼`, x + 0.016),
  ]);
  return c;
}
