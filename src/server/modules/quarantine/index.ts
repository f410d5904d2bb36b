// The quarantine capability's surface for other modules (DESIGN.md: cross-module calls go through index.ts).
export { PlacementsService, type CareInput, type PlaceOutcome } from './placements.service';
export { TransfersService, type TransferRequestInput } from './transfers.service';
export type { PlacementReason } from './quarantine.table';
export { MINOR_AGE, needsCare } from './minor-rule';
