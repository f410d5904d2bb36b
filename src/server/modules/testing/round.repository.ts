import { sql, type Kysely } from 'kysely';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../lib/keyset-cursor';
import type { DB } from '../../db/schema';
import { testingGuards } from '../access/guards.testing';
import type { Scope } from '../access';
import type { TestingTables } from './testing.table';

export type RoundRow = TestingTables['test_rounds'];
export interface RoundView extends Omit<RoundRow, 'scope'> {
  scope: string[];
}

/**
 * Rounds as the caller's scope sees them: a round concerns the caller when one of its areas
 * touches their scope (`round_areas`, filtered in SQL), or it covers the sampling site they are
 * posted to, or its tubes were sent to their lab (the `round` guard).
 */
export class RoundRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
  ) {}

  /** Newest first, keyset on (created_at, id). */
  async list(opts: { cursor?: string; limit: number; status?: 'open' | 'closed' }): Promise<{ items: RoundView[]; nextCursor: string | null }> {
    const after = opts.cursor ? decodeTimeIdCursor(opts.cursor) : null;
    const s = this.scope;
    const rows = await sql<RoundRow>`select t.* from test_rounds t
      where ${testingGuards.round.read(s)}
      ${opts.status ? sql`and t.status = ${opts.status}` : sql``}
      ${after ? sql`and (t.created_at < ${after[0]} or (t.created_at = ${after[0]} and t.id < ${after[1]}))` : sql``}
      order by t.created_at desc, t.id desc limit ${opts.limit + 1}`.execute(this.db);
    const page = rows.rows.slice(0, opts.limit);
    const last = page[page.length - 1];
    return { items: page.map(view), nextCursor: rows.rows.length > opts.limit && last ? encodeTimeIdCursor(last.created_at, last.id) : null };
  }

  /** One round already checked by `Access.ensure('round', id)`. */
  async byId(id: string): Promise<RoundView> {
    return view(await this.db.selectFrom('test_rounds').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  }

  async insert(row: RoundRow, areas: readonly string[]): Promise<void> {
    await this.db.insertInto('test_rounds').values(row).execute();
    await this.db
      .insertInto('round_areas')
      .values([...new Set(areas)].map((area_code) => ({ round_id: row.id, area_code })))
      .execute();
  }

  /**
   * The round's areas the caller sees coverage for: the round's own areas for a city-wide caller,
   * else the caller's areas that lie within the round, plus round areas within the caller's scope.
   */
  async partFor(roundId: string): Promise<string[]> {
    const areas = (await this.db.selectFrom('round_areas').select('area_code').where('round_id', '=', roundId).execute()).map((r) => r.area_code);
    const s = this.scope;
    if (s.isCity) return areas;
    const mine = areas.filter((a) => s.covers(a));
    const inside = s.areas.filter((c) => areas.some((a) => c.startsWith(a)) && !mine.some((m) => c.startsWith(m)));
    return [...mine, ...inside];
  }
}

function view(r: RoundRow): RoundView {
  return { ...r, scope: JSON.parse(r.scope) as string[] };
}
