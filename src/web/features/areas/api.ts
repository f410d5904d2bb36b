import type { AreaDetail, AreaGap, AreaPage, AreaSummary, GridProperties, Responsible } from '../../../contract/areas';
import { get, qs } from '../../api/client';

export type { AreaDetail, AreaGap, AreaSummary, Responsible };

/** A grid layer as the map reads it: the standard's GeoJSON with our (camelCase) properties. */
export type GridLayer = GeoJSON.FeatureCollection<GeoJSON.Geometry, GridProperties>;

export const areaApi = {
  roots: () => get<{ items: AreaSummary[] }>('/areas'),
  children: (code: string, cursor?: string | null) => get<AreaPage>(`/areas/${code}/children${qs({ cursor, limit: 1000 })}`),
  detail: (code: string) => get<AreaDetail>(`/areas/${code}`),
  gaps: (level: string, cursor: string | null, duty?: string) =>
    get<{ items: AreaGap[]; nextCursor: string | null }>(`/areas/gaps${qs({ level, duty, cursor, limit: 100 })}`),
  grids: (code: string) => get<GridLayer>(`/areas/${code}/grids.geojson`),
};
