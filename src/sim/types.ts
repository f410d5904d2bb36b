export type SimLevel = 'province' | 'city' | 'district' | 'street' | 'community' | 'grid' | 'building';

export interface SimPolygon {
  type: 'Polygon';
  coordinates: number[][][];
}

export interface SimArea {
  code: string;
  parentCode: string | null;
  level: SimLevel;
  name: string;
  geometry: SimPolygon | null;
  centroid: [number, number] | null;
}

export type SimDuty = 'locality' | 'department' | 'unit' | 'grid_worker';

export interface SimResponsible {
  areaCode: string;
  duty: SimDuty;
  name: string;
  phone: string;
  title: string;
}

export interface SimGrid {
  code: string;
  /** Households this grid holds (the last grid may hold the remainder). */
  households: number;
  buildings: string[];
  streetName: string;
  communityName: string;
}

export interface CityPlan {
  seed: number;
  districtCode: string;
  districtName: string;
  people: number;
  areas: SimArea[];
  grids: SimGrid[];
  responsibles: SimResponsible[];
}

export interface SimPerson {
  idNumber: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  phone: string;
  areaCode: string;
  gridCode: string;
  householdCode: string;
  address: string;
  tags: string[];
  doses: Array<{ dose: number; date: string }>;
}
