export type AreaLevel = 'province' | 'city' | 'district' | 'street' | 'community' | 'grid' | 'building';

export interface AreaRow {
  code: string;
  parent_code: string | null;
  level: AreaLevel;
  name: string;
  geometry: string | null;
  centroid_lon: number | null;
  centroid_lat: number | null;
  population: number;
  households: number;
  created_at: string;
}

export interface AreaTables {
  areas: AreaRow;
}
