import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../db/database';
import type { DB } from '../../db/schema';
import type { Scope } from '../access/scope';
import type { AreaLevel, AreaResponsibleRow, AreaRow, ResponsibleDuty } from './areas.table';

export type AreaSummary = Pick<AreaRow, 'code' | 'parent_code' | 'level' | 'name' | 'population' | 'households' | 'centroid_lon' | 'centroid_lat'> & {
  responsibles: number;
};

/**
 * The area tree as one scope sees it: children with counts and owners, gaps, grid polygons,
 * responsibles. Every query filters by the scope in SQL; an area outside it is not there.
 */
export class AreaQueryRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
    private readonly scope: Scope,
  ) {}

  private summary() {
    return this.db
      .selectFrom('areas as a')
      .where((eb) => this.scope.where(eb, 'a.code'))
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
    let q = this.summary().where('a.parent_code', '=', parent).where('a.retired_at', 'is', null).orderBy('a.code').limit(limit);
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

  /** Where the scope's tree starts: its own areas, or the top of the tree for the whole city. */
  async roots(): Promise<AreaSummary[]> {
    if (!this.scope.isCity) return this.byCodes(this.scope.areas);
    return (await this.summary().where('a.parent_code', 'is', null).orderBy('a.code').execute()).map(fix);
  }

  /** Areas of a level in scope with nobody answerable (断点、盲区) — for `duty`, nobody of that duty: anti-join, keyset by code. */
  async gaps(level: AreaLevel, after: string | null, limit: number, duty?: ResponsibleDuty) {
    let q = this.db
      .selectFrom('areas as a')
      .select(['a.code', 'a.name', 'a.level', 'a.parent_code', 'a.population'])
      .where('a.level', '=', level)
      .where('a.retired_at', 'is', null)
      .where((eb) => this.scope.where(eb, 'a.code'))
      .where((eb) => {
        let owners = eb.selectFrom('area_responsibles as r').select('r.id').whereRef('r.area_code', '=', 'a.code');
        if (duty) owners = owners.where('r.duty', '=', duty);
        return eb.not(eb.exists(owners));
      })
      .orderBy('a.code')
      .limit(limit);
    if (after) q = q.where('a.code', '>', after);
    return q.execute();
  }

  async gapCount(): Promise<number> {
    const r = await this.db
      .selectFrom('areas as a')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('a.level', 'in', ['street', 'community', 'grid'])
      .where('a.retired_at', 'is', null)
      .where((eb) => this.scope.where(eb, 'a.code'))
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
      .where('retired_at', 'is', null)
      .where((eb) => this.scope.within(code).where(eb, 'code'))
      .orderBy('code')
      .execute();
  }

  responsibles(areaCode: string): Promise<AreaResponsibleRow[]> {
    return this.db
      .selectFrom('area_responsibles')
      .selectAll()
      .where('area_code', '=', areaCode)
      .where((eb) => this.scope.where(eb, 'area_code'))
      .orderBy('duty')
      .execute();
  }

  async insertResponsibles(rows: readonly AreaResponsibleRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 2000)
      await this.db
        .insertInto('area_responsibles')
        .values(rows.slice(i, i + 2000))
        .execute();
  }

  async deleteResponsible(id: string): Promise<AreaResponsibleRow | undefined> {
    const row = await this.db
      .selectFrom('area_responsibles')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => this.scope.where(eb, 'area_code'))
      .executeTakeFirst();
    if (row) await this.db.deleteFrom('area_responsibles').where('id', '=', id).execute();
    return row;
  }

  /** Totals within scope from the kept counters: the scope's own area rows, no people scan. */
  async totals(): Promise<{ people: number; households: number; areas: number; grids: number }> {
    const top = this.scope.isCity
      ? await this.db.selectFrom('areas').select(['population', 'households']).where('parent_code', 'is', null).execute()
      : await this.db
          .selectFrom('areas')
          .select(['population', 'households'])
          .where('code', 'in', this.scope.areas.length ? [...this.scope.areas] : [''])
          .execute();
    const counts = await this.db
      .selectFrom('areas')
      .select((eb) => [eb.fn.countAll<number>().as('areas'), eb.fn.sum<number>(sql`case when level = 'grid' then 1 else 0 end`).as('grids')])
      .where((eb) => this.scope.where(eb, 'code'))
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
