import { sql, type SqlBool } from 'kysely';
import type { GuardSpec } from './guard';
import { areaSql, siteSql } from './scope';

/**
 * Testing works by site too: a sampling site sees its own tubes and boxes, a lab only what was
 * sent to it; officials see what was sampled from their area.
 */
export const testingGuards = {
  sampling_site: {
    table: 'sampling_sites',
    key: 'code',
    read: (s) => sql<SqlBool>`(${areaSql(s, 't.area_code')} or ${siteSql(s, 'sampling_site', 't.code')})`,
  },
  lab: { table: 'labs', key: 'code', read: (s) => sql<SqlBool>`(${areaSql(s, 't.area_code')} or ${siteSql(s, 'lab', 't.code')})` },
  tube: {
    table: 'tubes',
    key: 'id',
    read: (s) =>
      sql<SqlBool>`(${siteSql(s, 'sampling_site', 't.site_code')} or ${siteSql(s, 'lab', 't.lab_code')} or exists (select 1 from samples sm where sm.tube_id = t.id and ${areaSql(s, 'sm.area_code')}))`,
  },
  box: {
    table: 'boxes',
    key: 'code',
    read: (s) =>
      sql<SqlBool>`(${siteSql(s, 'sampling_site', 't.site_code')} or ${siteSql(s, 'lab', 't.lab_code')} or exists (select 1 from sampling_sites ss where ss.code = t.site_code and ${areaSql(s, 'ss.area_code')}))`,
  },
  recheck: { table: 'rechecks', key: 'id', read: (s) => areaSql(s, 't.area_code') },
} satisfies Record<string, GuardSpec>;
