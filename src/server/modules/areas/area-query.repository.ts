import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../db/database';
import { inAreas } from '../../db/dialect';
import type { DB } from '../../db/schema';
import type { AreaLevel, AreaResponsibleRow, AreaRow } from './areas.table';

export type AreaSummary = Pick<AreaRow, 'code' | 'parent_code' | 'level' | 'name' | 'population' | 'households' | 'centroid_lon' | 'centroid_lat'> & {
  responsibles: number;
};

/** Read side of the area tree: children with counts and owners, gaps, grid polygons. */
export class AreaQueryRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
  ) {}

  private summary() {
    return this.db
      .selectFrom('areas as a')
      .select(['a.code', 'a.parent_code', 'a.level', 'a.name', 'a.population', 'a.households', 'a.centroid_lon', 'a.centroid_lat'])
      .select((eb) =>
        eb
          .selectFrom('area_responsibles as r')
          .whereRef('r.area_code', '=', 'a.code')
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('responsibles'),
      );
  }

  async children(parent: string, after: string | null, limit: number): Promise<AreaSummary[]> {
    let q = this.summary().where('a.parent_code', '=', parent).orderBy('a.code').limit(limit);
    if (after) q = q.where('a.code', '>', after);
    return (await q.execute()).map(fix);
  }

  async byCodes(codes: readonly string[]): Promise<AreaSummary[]> {
    if (codes.length === 0) return [];
    return (
      await this.summary()
        .where('a.code', 'in', [...codes])
        .orderBy('a.code')
        .execute()
    ).map(fix);
  }

  /** Top-level areas present in the database (for an unrestricted user). */
  async roots(): Promise<AreaSummary[]> {
    return (await this.summary().where('a.parent_code', 'is', null).orderBy('a.code').execute()).map(fix);
  }

  /** Areas of a level in scope with nobody answerable (断点、盲区): anti-join, keyset by code. */
  async gaps(scope: readonly string[], level: AreaLevel, after: string | null, limit: number) {
    let q = this.db
      .selectFrom('areas as a')
      .select(['a.code', 'a.name', 'a.level', 'a.parent_code', 'a.population'])
      .where('a.level', '=', level)
      .where((eb) => inAreas(eb, 'a.code', scope))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('area_responsibles as r').select('r.id').whereRef('r.area_code', '=', 'a.code'))))
      .orderBy('a.code')
      .limit(limit);
    if (after) q = q.where('a.code', '>', after);
    return q.execute();
  }

  async gapCount(scope: readonly string[]): Promise<number> {
    const r = await this.db
      .selectFrom('areas as a')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('a.level', 'in', ['street', 'community', 'grid'])
      .where((eb) => inAreas(eb, 'a.code', scope))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('area_responsibles as r').select('r.id').whereRef('r.area_code', '=', 'a.code'))))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Grid polygons under `code` with their population, for the map. */
  gridsUnder(code: string) {
    return this.db
      .selectFrom('areas')
      .select(['code', 'name', 'geometry', 'population', 'households'])
      .where('level', '=', 'grid')
      .where((eb) => inAreas(eb, 'code', [code]))
      .orderBy('code')
      .execute();
  }

  responsibles(areaCode: string): Promise<AreaResponsibleRow[]> {
    return this.db.selectFrom('area_responsibles').selectAll().where('area_code', '=', areaCode).orderBy('duty').execute();
  }

  async insertResponsibles(rows: readonly AreaResponsibleRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 2000)
      await this.db
        .insertInto('area_responsibles')
        .values(rows.slice(i, i + 2000))
        .execute();
  }

  async deleteResponsible(id: string): Promise<AreaResponsibleRow | undefined> {
    const row = await this.db.selectFrom('area_responsibles').selectAll().where('id', '=', id).executeTakeFirst();
    if (row) await this.db.deleteFrom('area_responsibles').where('id', '=', id).execute();
    return row;
  }

  /** Totals within scope from the kept counters: the scope's own area rows, no people scan. */
  async totals(scope: readonly string[]): Promise<{ people: number; households: number; areas: number; grids: number }> {
    const top = scope.includes('*')
      ? await this.db.selectFrom('areas').select(['population', 'households']).where('parent_code', 'is', null).execute()
      : await this.db
          .selectFrom('areas')
          .select(['population', 'households'])
          .where('code', 'in', [...scope])
          .execute();
    const counts = await this.db
      .selectFrom('areas')
      .select((eb) => [eb.fn.countAll<number>().as('areas'), eb.fn.sum<number>(sql`case when level = 'grid' then 1 else 0 end`).as('grids')])
      .where((eb) => inAreas(eb, 'code', scope))
      .executeTakeFirstOrThrow();
    return {
      people: top.reduce((s, r) => s + Number(r.population), 0),
      households: top.reduce((s, r) => s + Number(r.households), 0),
      areas: Number(counts.areas),
      grids: Number(counts.grids ?? 0),
    };
  }
}

function fix(r: Omit<AreaSummary, 'responsibles'> & { responsibles: number | null }): AreaSummary {
  return { ...r, responsibles: Number(r.responsibles ?? 0), population: Number(r.population), households: Number(r.households) };
}
