import { get, qs } from '../../api/client';

export interface AreaSummary {
  code: string;
  parent_code: string | null;
  level: string;
  name: string;
  population: number;
  households: number;
  responsibles: number;
}

export interface Responsible {
  id: string;
  duty: string;
  name: string;
  title: string | null;
  phoneMasked: string | null;
}

export const areaApi = {
  roots: () => get<{ items: AreaSummary[] }>('/areas'),
  children: (code: string, cursor?: string | null) =>
    get<{ items: AreaSummary[]; nextCursor: string | null }>(`/areas/${code}/children${qs({ cursor, limit: 1000 })}`),
  detail: (code: string) => get<AreaSummary & { responsibles: Responsible[] }>(`/areas/${code}`),
  gaps: (level: string, cursor: string | null, duty?: string) =>
    get<{ items: AreaSummary[]; nextCursor: string | null }>(`/areas/gaps${qs({ level, duty, cursor, limit: 100 })}`),
  grids: (code: string) => get<GeoJSON.FeatureCollection>(`/areas/${code}/grids.geojson`),
};
