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
  /** When a merge or split retired it (its people moved to `successor_code`); null while live. */
  // Optional so rows built before retirement existed (inserts, fixtures) need not name them.
  retired_at?: string | null;
  successor_code?: string | null;
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

/**
 * What a building (an area of level `building`) has beyond an area: address and point.
 * `building_code` is its area code (grid's 15 + 3 characters) and the column scope filters on.
 */
export interface BuildingRow {
  building_code: string;
  grid_code: string;
  name: string;
  address: string | null;
  /** WGS-84 longitude / latitude of the building (null when the file gave none). */
  lng: number | null;
  lat: number | null;
  created_at: string;
  updated_at: string;
}

/** One person moved by a bulk placement, split or merge (the batch's audit entry names `batch_id`). */
export interface GridMoveRow {
  batch_id: string;
  person_id: string;
  from_area: string;
  /** The old coverage bucket: the grid, or the above-grid area the person was registered at. */
  from_bucket: string;
  to_area: string;
  to_grid: string;
  household_code: string | null;
  person_created_at: string;
}

export interface AreaTables {
  areas: AreaRow;
  area_responsibles: AreaResponsibleRow;
  buildings: BuildingRow;
  grid_moves: GridMoveRow;
}
