export { Scope, areaSql, siteSql, type CityRule } from './scope';
export { Access, type GuardedKind } from './access';
export { sendHandoffs, HandoffService, handoffKinds, type HandoffInput, type HandoffKind } from './handoffs';
export { accessRoutes } from './access.routes';
export type { AccessTables, HandoffRow } from './handoff.table';
