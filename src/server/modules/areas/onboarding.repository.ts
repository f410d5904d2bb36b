import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../db/database';
import { rowsPerInsert } from '../../db/dialect';
import type { DB } from '../../db/schema';
import type { Scope } from '../access/scope';
import type { AreaLevel, BuildingRow } from './areas.table';

export interface AreaPatch {
  code: string;
  name: string;
  geometry: string | null;
  centroid_lon: number | null;
  centroid_lat: number | null;
}

const IN_LIST = 5000;

function* slices<T>(items: readonly T[], size = IN_LIST): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Grids and buildings as an import sees them, within the importer's scope (others are not there). */
export class OnboardingRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
    private readonly scope: Scope,
  ) {}

  /** Which of `codes` are areas of `level` in scope. */
  async present(level: AreaLevel, codes: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of slices([...new Set(codes)])) {
      const rows = await this.db
        .selectFrom('areas')
        .select('code')
        .where('level', '=', level)
        .where('code', 'in', part)
        .where('retired_at', 'is', null)
        .where((eb) => this.scope.where(eb, 'code'))
        .execute();
      for (const r of rows) out.add(r.code);
    }
    return out;
  }

  /** The grids of these communities (name and polygon), in scope. */
  /** Every live grid with a polygon in scope (placing buildings by point). */
  async drawnGrids(): Promise<Array<{ code: string; geometry: string }>> {
    const rows = await this.db
      .selectFrom('areas')
      .select(['code', 'geometry'])
      .where('level', '=', 'grid')
      .where('retired_at', 'is', null)
      .where('geometry', 'is not', null)
      .where((eb) => this.scope.where(eb, 'code'))
      .execute();
    return rows.map((r) => ({ code: r.code, geometry: r.geometry as string }));
  }

  async gridsOf(communities: readonly string[]) {
    const out: Array<{
      code: string;
      parent_code: string | null;
      name: string;
      geometry: string | null;
      retired_at?: string | null;
      successor_code?: string | null;
    }> = [];
    for (const part of slices(communities))
      out.push(
        ...(await this.db
          .selectFrom('areas')
          .select(['code', 'parent_code', 'name', 'geometry', 'retired_at', 'successor_code'])
          .where('level', '=', 'grid')
          .where('parent_code', 'in', part)
          .where((eb) => this.scope.where(eb, 'code'))
          .execute()),
      );
    return out;
  }

  /** The buildings of these grids, in scope. */
  async buildingsOf(grids: readonly string[]): Promise<BuildingRow[]> {
    const out: BuildingRow[] = [];
    for (const part of slices(grids))
      out.push(
        ...(await this.db
          .selectFrom('buildings')
          .selectAll()
          .where('grid_code', 'in', part)
          .where((eb) => this.scope.where(eb, 'building_code'))
          .execute()),
      );
    return out;
  }

  /** Rename / redraw areas: one UPDATE … FROM (VALUES …) per chunk, not one per row. */
  async patchAreas(rows: readonly AreaPatch[]): Promise<void> {
    for (const chunk of slices(rows, rowsPerInsert(this.dialect, 5))) {
      const values = sql.join(
        chunk.map((r) => sql`(${r.code}, ${r.name}, ${r.geometry}, cast(${r.centroid_lon} as double precision), cast(${r.centroid_lat} as double precision))`),
      );
      await sql`
        with v (code, name, geometry, lon, lat) as (values ${values})
        update areas set name = v.name, geometry = v.geometry, centroid_lon = v.lon, centroid_lat = v.lat
        from v where areas.code = v.code`.execute(this.db);
    }
  }

  /** Update buildings' own rows, one statement per chunk. */
  async patchBuildings(rows: ReadonlyArray<Pick<BuildingRow, 'building_code' | 'name' | 'address' | 'lng' | 'lat' | 'updated_at'>>): Promise<void> {
    for (const chunk of slices(rows, rowsPerInsert(this.dialect, 6))) {
      const values = sql.join(
        chunk.map(
          (r) => sql`(${r.building_code}, ${r.name}, ${r.address}, cast(${r.lng} as double precision), cast(${r.lat} as double precision), ${r.updated_at})`,
        ),
      );
      await sql`
        with v (code, name, address, lng, lat, updated_at) as (values ${values})
        update buildings set name = v.name, address = v.address, lng = v.lng, lat = v.lat, updated_at = v.updated_at
        from v where buildings.building_code = v.code`.execute(this.db);
    }
  }
}
