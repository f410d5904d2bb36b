import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { GuardSpec } from './guard';
import { areaSql, siteSql, type Scope } from './scope';

/** The caller runs facility `column`: posted to it, or its area lies in their scope. */
function runsFacility(s: Scope, column: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${siteSql(s, 'facility', column)} or exists (select 1 from facilities f where f.id = ${sql.ref(column)} and ${areaSql(s, 'f.area_code')}))`;
}

/**
 * Quarantine works by site: a site's staff act on whoever is placed there; the resident's home
 * area sees the placement read-only.
 */
export const quarantineGuards = {
  facility: { table: 'facilities', key: 'id', read: (s) => runsFacility(s, 't.id') },
  room: { table: 'rooms', key: 'id', read: (s) => runsFacility(s, 't.facility_id') },
  placement: {
    table: 'placements',
    key: 'id',
    read: (s) => sql<SqlBool>`(${areaSql(s, 't.area_code')} or ${runsFacility(s, 't.facility_id')})`,
    write: (s) => runsFacility(s, 't.facility_id'),
  },
  transfer: {
    table: 'transfers',
    key: 'id',
    read: (s) => sql<SqlBool>`(${areaSql(s, 't.area_code')} or ${runsFacility(s, 't.to_facility_id')})`,
  },
  vehicle: { table: 'vehicles', key: 'id', read: (s) => areaSql(s, 't.area_code') },
} satisfies Record<string, GuardSpec>;
