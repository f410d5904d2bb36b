import type { AreaDetail, AreaGap, AreaSummary, Responsible } from '../../../contract/areas';
import type { AreaSummary as AreaSummaryRow } from './area-query.repository';
import type { AreaRow } from './areas.table';

/** Area rows on the wire (camelCase, src/contract/areas.ts); the CLI prints the rows themselves. */
export function areaSummaryView(a: AreaSummaryRow): AreaSummary {
  return {
    code: a.code,
    parentCode: a.parent_code,
    level: a.level,
    name: a.name,
    population: a.population,
    households: a.households,
    centroidLon: a.centroid_lon,
    centroidLat: a.centroid_lat,
    responsibles: a.responsibles,
  };
}

export function areaGapView(g: Pick<AreaRow, 'code' | 'name' | 'level' | 'parent_code' | 'population'>): AreaGap {
  return { code: g.code, name: g.name, level: g.level, parentCode: g.parent_code, population: g.population };
}

/** One area with the people answerable for it (the service already masks their phones). */
export function areaDetailView(d: Omit<AreaSummaryRow, 'responsibles'> & { responsibles: Responsible[] }): AreaDetail {
  return { ...areaSummaryView({ ...d, responsibles: d.responsibles.length }), responsibles: d.responsibles };
}
