export { AreaRepository } from './area.repository';
export { LEVEL_LENGTH, levelOfCode, selfAndAncestors, gridOf } from './area-codes';
export type { AreaRow, AreaLevel, AreaResponsibleRow, BuildingRow, ResponsibleDuty } from './areas.table';
