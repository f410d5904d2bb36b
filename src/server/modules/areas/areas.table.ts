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

export type ResponsibleDuty = 'locality' | 'department' | 'unit' | 'grid_worker';

export interface AreaResponsibleRow {
  id: string;
  area_code: string;
  duty: ResponsibleDuty;
  name: string;
  title: string | null;
  phone_enc: string | null;
  phone_masked: string | null;
  user_id: string | null;
  created_at: string;
}

export interface AreaTables {
  areas: AreaRow;
  area_responsibles: AreaResponsibleRow;
}
