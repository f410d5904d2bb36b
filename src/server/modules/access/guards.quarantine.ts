import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { GuardSpec } from './guard';
import { areaSql, siteSql, type Scope } from './scope';

/**
 * SQL: the caller runs facility `column` — posted to it (actor.sites facility), or its area lies
 * in their scope. An uncorrelated `in (select …)` so the planner reads the few facilities once
 * instead of probing them per row; the whole city short-circuits to true.
 */
export function runsFacilitySql(s: Scope, column: string): RawBuilder<SqlBool> {
  if (s.isCity) return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`(${siteSql(s, 'facility', column)} or ${sql.ref(column)} in (select f.id from facilities f where ${areaSql(s, 'f.area_code')}))`;
}

/** SQL: a placement the caller may read — their resident (home area), or placed at a site they run. */
export function placementReadSql(s: Scope, alias: string): RawBuilder<SqlBool> {
  if (s.isCity) return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`(${areaSql(s, `${alias}.area_code`)} or ${runsFacilitySql(s, `${alias}.facility_id`)})`;
}

/** SQL: a transfer the caller may read and drive — the resident's home area, or the site it leaves or reaches. */
export function transferSql(s: Scope, alias: string): RawBuilder<SqlBool> {
  if (s.isCity) return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`(${areaSql(s, `${alias}.area_code`)} or ${runsFacilitySql(s, `${alias}.to_facility_id`)} or ${sql.ref(`${alias}.from_placement_id`)} in (select fp.id from placements fp where ${runsFacilitySql(s, 'fp.facility_id')}))`;
}

/**
 * Quarantine works by site: a site's staff act on whoever is placed there, whoever's residents
 * they are (health checks, in-stay tests, room moves, release, tasks, waste runs); the resident's
 * home area sees the placement read-only (403 on a write). Rooms, tasks and the site itself belong
 * to whoever runs the site.
 */
export const quarantineGuards = {
  facility: { table: 'facilities', key: 'id', read: (s) => runsFacilitySql(s, 't.id') },
  room: { table: 'rooms', key: 'id', read: (s) => runsFacilitySql(s, 't.facility_id') },
  placement: {
    table: 'placements',
    key: 'id',
    read: (s) => placementReadSql(s, 't'),
    write: (s) => runsFacilitySql(s, 't.facility_id'),
  },
  site_task: { table: 'site_tasks', key: 'id', read: (s) => runsFacilitySql(s, 't.facility_id') },
  transfer: { table: 'transfers', key: 'id', read: (s) => transferSql(s, 't') },
  vehicle: { table: 'vehicles', key: 'id', read: (s) => areaSql(s, 't.area_code') },
} satisfies Record<string, GuardSpec>;
