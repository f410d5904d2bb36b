import { sql, type RawBuilder } from 'kysely';

/**
 * The grid worker answering for a person's grid (area_responsibles, duty grid_worker, on the
 * first 15 characters of the person's area code), as a correlated scalar subquery so that a list
 * gets every row's owner in its one query. Several grid workers of one grid: the first by name.
 */
export function gridWorkerOf(areaColumn: string): RawBuilder<string | null> {
  return sql<string | null>`(select min(gw.name) from area_responsibles gw
    where gw.duty = 'grid_worker' and gw.area_code = substr(${sql.ref(areaColumn)}, 1, 15))`;
}
