import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { GuardSpec } from './guard';
import { areaSql, siteSql, type Scope } from './scope';

/**
 * SQL: area `column` touches the scope — it lies within it, or it encloses one of the scope's
 * codes (`Scope.touches`): a city-wide round concerns a street official, who then sees their own
 * street's part of it. The enclosing codes are the prefixes of the caller's codes, so the test is
 * a range plus an equality list on an index, never a scan.
 */
export function touchesSql(s: Scope, column: string): RawBuilder<SqlBool> {
  if (s.isCity) return sql<SqlBool>`1 = 1`;
  const enclosing = [...new Set(s.areas.flatMap((code) => Array.from({ length: Math.max(0, code.length - 2) }, (_, i) => code.slice(0, i + 2))))].filter(
    (p) => !s.covers(p),
  );
  const covered = areaSql(s, column);
  if (enclosing.length === 0) return covered;
  return sql<SqlBool>`(${covered} or ${sql.ref(column)} in (${sql.join(enclosing)}))`;
}

/** SQL: the sampling site whose code is in `column` lies within the scope's areas. */
function siteInArea(s: Scope, column: string): RawBuilder<SqlBool> {
  if (s.isCity) return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`exists (select 1 from sampling_sites ss where ss.code = ${sql.ref(column)} and ${areaSql(s, 'ss.area_code')})`;
}

/** The caller holds what sits at site `column`: posted to that sampling site, or an official over its area. */
function holdsAtSite(s: Scope, column: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${siteSql(s, 'sampling_site', column)} or ${siteInArea(s, column)})`;
}

/**
 * SQL over tubes aliased `t`: the caller's part of a round's tubes — tubes of the sites they hold
 * (posted, or sites in their area) and tubes sent to their lab. A street official's chain timing
 * is about the sites they can speed up.
 */
export function tubesAtMySites(s: Scope): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${holdsAtSite(s, 't.site_code')} or ${siteSql(s, 'lab', 't.lab_code')})`;
}

/**
 * Testing works by site: anyone may be sampled at a site, but a sampling site sees and seals only
 * its own tubes and boxes, a lab sees only what was sent to it (`lab_code`, set when a box is handed
 * over to it), and officials see what was sampled at sites in their area or from their residents.
 */
export const testingGuards = {
  round: {
    table: 'test_rounds',
    key: 'id',
    // Concerns me: one of its areas touches my scope, it covers a sampling site I am posted to,
    // or tubes of it were sent to my lab.
    read: (s) =>
      sql<SqlBool>`(exists (select 1 from round_areas ra where ra.round_id = t.id and ${touchesSql(s, 'ra.area_code')})
        or exists (select 1 from round_areas ra join sampling_sites ss on ${siteSql(s, 'sampling_site', 'ss.code')}
          where ra.round_id = t.id and (substr(ss.area_code, 1, length(ra.area_code)) = ra.area_code or substr(ra.area_code, 1, length(ss.area_code)) = ss.area_code))
        or exists (select 1 from tubes tl where ${siteSql(s, 'lab', 'tl.lab_code')} and tl.round_id = t.id))`,
    // Closing or changing a round needs every one of its areas in scope (a street cannot close the city's round).
    write: (s) =>
      s.isCity
        ? sql<SqlBool>`1 = 1`
        : s.areas.length === 0
          ? sql<SqlBool>`1 = 0`
          : sql<SqlBool>`not exists (select 1 from round_areas ra where ra.round_id = t.id and not ${areaSql(s, 'ra.area_code')})`,
  },
  sampling_site: {
    table: 'sampling_sites',
    key: 'code',
    read: (s) => sql<SqlBool>`(${areaSql(s, 't.area_code')} or ${siteSql(s, 'sampling_site', 't.code')})`,
  },
  // A lab serves the areas around it: callers see the labs whose area touches their scope (a
  // district's lab is seen by each of its streets, another street's lab is not) and the lab they
  // are posted to; only its own staff or a city-scoped role changes it.
  lab: {
    table: 'labs',
    key: 'code',
    read: (s) => sql<SqlBool>`(${touchesSql(s, 't.area_code')} or ${siteSql(s, 'lab', 't.code')})`,
    write: (s) => (s.isCity ? sql<SqlBool>`1 = 1` : siteSql(s, 'lab', 't.code')),
  },
  // By barcode: that is what sites and labs scan and what the routes take.
  tube: {
    table: 'tubes',
    key: 'barcode',
    read: (s) =>
      sql<SqlBool>`(${holdsAtSite(s, 't.site_code')} or ${siteSql(s, 'lab', 't.lab_code')} or exists (select 1 from samples sm where sm.tube_id = t.id and ${areaSql(s, 'sm.area_code')}))`,
    // Sealed or boxed only by the site that holds it (or an official over the site's area);
    // a resident's home area sees the tube read-only.
    write: (s) => holdsAtSite(s, 't.site_code'),
  },
  box: {
    table: 'boxes',
    key: 'code',
    read: (s) => sql<SqlBool>`(${holdsAtSite(s, 't.site_code')} or ${siteSql(s, 'lab', 't.lab_code')})`,
    write: (s) => holdsAtSite(s, 't.site_code'),
  },
  recheck: { table: 'rechecks', key: 'id', read: (s) => areaSql(s, 't.area_code') },
} satisfies Record<string, GuardSpec>;
