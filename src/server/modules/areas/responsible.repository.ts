import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Scope } from '../access/scope';
import type { AreaResponsibleRow } from './areas.table';

/** SQL for the people answerable for areas, filtered by the caller's scope. No rules here. */
export class ResponsibleRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
  ) {}

  /** Every responsible of these areas (those in scope). */
  async inAreas(codes: readonly string[]): Promise<AreaResponsibleRow[]> {
    const unique = [...new Set(codes)];
    const out: AreaResponsibleRow[] = [];
    for (let i = 0; i < unique.length; i += 500) {
      out.push(
        ...(await this.db
          .selectFrom('area_responsibles')
          .selectAll()
          .where('area_code', 'in', unique.slice(i, i + 500))
          .where((eb) => this.scope.where(eb, 'area_code'))
          .execute()),
      );
    }
    return out;
  }

  byId(id: string): Promise<AreaResponsibleRow | undefined> {
    return this.db
      .selectFrom('area_responsibles')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => this.scope.where(eb, 'area_code'))
      .executeTakeFirst();
  }

  async insertMany(rows: readonly AreaResponsibleRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500)
      await this.db
        .insertInto('area_responsibles')
        .values(rows.slice(i, i + 500))
        .execute();
  }

  async update(id: string, set: Partial<Pick<AreaResponsibleRow, 'title' | 'phone_enc' | 'phone_masked'>>): Promise<void> {
    await this.db
      .updateTable('area_responsibles')
      .set(set)
      .where('id', '=', id)
      .where((eb) => this.scope.where(eb, 'area_code'))
      .execute();
  }
}
