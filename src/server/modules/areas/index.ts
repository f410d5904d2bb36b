export { AreaRepository } from './area.repository';
export { LEVEL_LENGTH, levelOfCode, selfAndAncestors, gridOf } from './area-codes';
export type { AreaRow, AreaLevel, AreaResponsibleRow, ResponsibleDuty } from './areas.table';
