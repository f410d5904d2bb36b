import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../db/database';
import { insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { areaSql, type Scope } from '../access';
import type { TracingTables } from './tracing.table';

export type VenueRow = TracingTables['venues'];

/** Venues (场所码) as one scope may see them: a venue belongs to the area it stands in. */
export class VenueRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
    private readonly dialect: Dialect,
  ) {}

  list(opts: { q?: string; after?: string; limit: number }): Promise<VenueRow[]> {
    let q = this.db
      .selectFrom('venues')
      .selectAll()
      .where((eb) => this.scope.where(eb, 'area_code'))
      .orderBy('code')
      .limit(opts.limit);
    if (opts.q) q = q.where((eb) => eb.or([eb('code', '=', opts.q ?? ''), eb('name', 'like', `%${opts.q ?? ''}%`)]));
    if (opts.after) q = q.where('code', '>', opts.after);
    return q.execute();
  }

  byCode(code: string): Promise<VenueRow | undefined> {
    return this.db
      .selectFrom('venues')
      .selectAll()
      .where('code', '=', code)
      .where((eb) => this.scope.where(eb, 'area_code'))
      .executeTakeFirst();
  }

  /**
   * For an import: which of these codes exist, with their area and whether this scope holds them.
   * A venue code is a place's public code, not personal data; an import must know that a code is
   * taken by another area to refuse re-homing it.
   */
  async existing(codes: readonly string[]): Promise<Map<string, { area_code: string; mine: boolean }>> {
    const out = new Map<string, { area_code: string; mine: boolean }>();
    const want = [...new Set(codes)];
    for (let i = 0; i < want.length; i += 1000) {
      const rows = await this.db
        .selectFrom('venues')
        .select(['code', 'area_code', sql<number>`case when ${areaSql(this.scope, 'area_code')} then 1 else 0 end`.as('mine')])
        .where('code', 'in', want.slice(i, i + 1000))
        .execute();
      for (const r of rows) out.set(r.code, { area_code: r.area_code, mine: Number(r.mine) === 1 });
    }
    return out;
  }

  /** Of these codes, the venues in scope. */
  async inScope(codes: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    const want = [...new Set(codes)];
    for (let i = 0; i < want.length; i += 1000) {
      const rows = await this.db
        .selectFrom('venues')
        .select('code')
        .where('code', 'in', want.slice(i, i + 1000))
        .where((eb) => this.scope.where(eb, 'area_code'))
        .execute();
      for (const r of rows) out.add(r.code);
    }
    return out;
  }

  /** Upsert by code (the service has refused rows for venues outside scope). */
  async upsert(rows: readonly VenueRow[]): Promise<void> {
    for (const chunk of insertChunks(this.dialect, rows)) {
      await this.db
        .insertInto('venues')
        .values(chunk)
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            type: eb.ref('excluded.type'),
            area_code: eb.ref('excluded.area_code'),
            is_key: eb.ref('excluded.is_key'),
          })),
        )
        .execute();
    }
  }
}
