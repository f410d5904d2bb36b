import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../db/database';
import { insertChunks, rowsPerInsert } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { selfAndAncestors } from './area-codes';
import type { AreaRow } from './areas.table';

export class AreaRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
  ) {}

  byCode(code: string): Promise<AreaRow | undefined> {
    return this.db.selectFrom('areas').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async existing(codes: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    const unique = [...new Set(codes)];
    for (let i = 0; i < unique.length; i += 5000) {
      const rows = await this.db
        .selectFrom('areas')
        .select('code')
        .where('code', 'in', unique.slice(i, i + 5000))
        .execute();
      for (const r of rows) out.add(r.code);
    }
    return out;
  }

  /** Insert areas, ignoring codes already present (loading the same tree twice is harmless). */
  async insertMany(rows: readonly AreaRow[]): Promise<void> {
    for (const chunk of insertChunks(this.dialect, rows)) {
      await this.db
        .insertInto('areas')
        .values(chunk)
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    }
  }

  /**
   * Keep population and household counters right incrementally: a delta on a building
   * is added to the building and every area above it; one UPDATE per distinct area when
   * there are few, one UPDATE … FROM (VALUES …) per chunk when a bulk move touches thousands.
   */
  async bumpCounters(deltas: ReadonlyMap<string, { people: number; households: number }>): Promise<void> {
    const total = new Map<string, { people: number; households: number }>();
    for (const [code, d] of deltas) {
      for (const a of selfAndAncestors(code)) {
        const t = total.get(a) ?? { people: 0, households: 0 };
        t.people += d.people;
        t.households += d.households;
        total.set(a, t);
      }
    }
    const changed = [...total].filter(([, d]) => d.people !== 0 || d.households !== 0);
    if (changed.length > 50) {
      for (let i = 0; i < changed.length; i += rowsPerInsert(this.dialect, 3)) {
        const values = sql.join(
          changed
            .slice(i, i + rowsPerInsert(this.dialect, 3))
            .map(([code, d]) => sql`(${code}, cast(${d.people} as integer), cast(${d.households} as integer))`),
        );
        await sql`with v (code, people, households) as (values ${values})
          update areas set population = areas.population + v.people, households = areas.households + v.households
          from v where areas.code = v.code`.execute(this.db);
      }
      return;
    }
    for (const [code, d] of changed) {
      await this.db
        .updateTable('areas')
        .set({ population: sql`population + ${d.people}`, households: sql`households + ${d.households}` })
        .where('code', '=', code)
        .execute();
    }
  }
}
