import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema';
import type { Dialect } from '../../../db/database';
import { insertChunks } from '../../../db/dialect';
import type { Scope } from '../../access/scope';
import { areaSql, siteSql } from '../../access/scope';
import type { SentinelCountHistoryRow, SentinelCountRow, SentinelRow, SentinelTypeRow } from '../surveillance.table';

/** SQL for sentinels and their counts, filtered by the caller's scope (their areas, or the sentinels they are posted to). */
export class SentinelRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
  ) {}

  /** Sentinels readable by the scope: in its areas, or one it is posted to (site kind `sentinel`). */
  private readable() {
    return sql<boolean>`(${areaSql(this.scope, 'sentinels.area_code')} or ${siteSql(this.scope, 'sentinel', 'sentinels.code')})`;
  }

  types(): Promise<SentinelTypeRow[]> {
    return this.db.selectFrom('sentinel_types').selectAll().orderBy('code').execute();
  }

  type(code: string): Promise<SentinelTypeRow | undefined> {
    return this.db.selectFrom('sentinel_types').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async byCodes(codes: readonly string[]): Promise<Map<string, SentinelRow>> {
    const out = new Map<string, SentinelRow>();
    const unique = [...new Set(codes)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.db
        .selectFrom('sentinels')
        .selectAll()
        .where('code', 'in', unique.slice(i, i + 500))
        .where(this.readable())
        .execute();
      for (const r of rows) out.set(r.code, r);
    }
    return out;
  }

  byId(id: string): Promise<SentinelRow | undefined> {
    return this.db.selectFrom('sentinels').selectAll().where('id', '=', id).where(this.readable()).executeTakeFirst();
  }

  list(limit = 1000): Promise<SentinelRow[]> {
    return this.db
      .selectFrom('sentinels')
      .selectAll()
      .where(this.readable())
      .where('active', '=', 1)
      .orderBy('area_code')
      .orderBy('code')
      .limit(limit)
      .execute();
  }

  async insert(row: SentinelRow): Promise<void> {
    await this.db.insertInto('sentinels').values(row).execute();
  }

  /** Current counts for these (sentinel, indicator, date) keys. */
  async currentCounts(keys: ReadonlyArray<{ sentinel_id: string; indicator: string; date: string }>): Promise<Map<string, SentinelCountRow>> {
    const out = new Map<string, SentinelCountRow>();
    const dates = [...new Set(keys.map((k) => k.date))];
    const ids = [...new Set(keys.map((k) => k.sentinel_id))];
    for (let i = 0; i < ids.length; i += 300) {
      const rows = await this.db
        .selectFrom('sentinel_counts')
        .selectAll()
        .where('sentinel_id', 'in', ids.slice(i, i + 300))
        .where('date', 'in', dates.slice(0, 400))
        .execute();
      for (const r of rows) out.set(`${r.sentinel_id}|${r.indicator}|${r.date}`, r);
    }
    // Batches spanning more than 400 dates are read a second way (rare: a back-fill of a year).
    if (dates.length > 400)
      for (const k of keys) {
        const key = `${k.sentinel_id}|${k.indicator}|${k.date}`;
        if (out.has(key)) continue;
        const r = await this.db
          .selectFrom('sentinel_counts')
          .selectAll()
          .where('sentinel_id', '=', k.sentinel_id)
          .where('indicator', '=', k.indicator)
          .where('date', '=', k.date)
          .executeTakeFirst();
        if (r) out.set(key, r);
      }
    return out;
  }

  async insertCounts(dialect: Dialect, rows: readonly SentinelCountRow[]): Promise<void> {
    for (const chunk of insertChunks(dialect, rows)) await this.db.insertInto('sentinel_counts').values(chunk).execute();
  }

  async updateCount(r: SentinelCountRow): Promise<void> {
    await this.db
      .updateTable('sentinel_counts')
      .set({ count: r.count, revision: r.revision, reported_by: r.reported_by, reported_at: r.reported_at })
      .where('sentinel_id', '=', r.sentinel_id)
      .where('indicator', '=', r.indicator)
      .where('date', '=', r.date)
      .execute();
  }

  async insertHistory(dialect: Dialect, rows: readonly SentinelCountHistoryRow[]): Promise<void> {
    for (const chunk of insertChunks(dialect, rows)) await this.db.insertInto('sentinel_count_history').values(chunk).execute();
  }

  history(sentinelId: string, indicator: string, date: string): Promise<SentinelCountHistoryRow[]> {
    return this.db
      .selectFrom('sentinel_count_history')
      .selectAll()
      .where('sentinel_id', '=', sentinelId)
      .where('indicator', '=', indicator)
      .where('date', '=', date)
      .orderBy('changed_at')
      .orderBy('id')
      .execute();
  }

  /**
   * Active sentinels in scope with their coordinates, their area's centroid, whether they have a
   * count on `today` and a raised signal on or after `alarmFrom` (EXISTS on the count and signal
   * indexes, one query).
   */
  mapRows(today: string, alarmFrom: string, limit = 5000) {
    return this.db
      .selectFrom('sentinels')
      .leftJoin('areas', 'areas.code', 'sentinels.area_code')
      .select([
        'sentinels.id',
        'sentinels.code',
        'sentinels.name',
        'sentinels.type',
        'sentinels.area_code',
        'sentinels.lng',
        'sentinels.lat',
        'areas.centroid_lon as area_lng',
        'areas.centroid_lat as area_lat',
      ])
      .select((eb) => [
        eb
          .case()
          .when(
            eb.exists(eb.selectFrom('sentinel_counts as c').select('c.sentinel_id').whereRef('c.sentinel_id', '=', 'sentinels.id').where('c.date', '=', today)),
          )
          .then(1)
          .else(0)
          .end()
          .as('reported'),
        eb
          .case()
          .when(
            eb.exists(
              eb
                .selectFrom('surveillance_signals as g')
                .select('g.id')
                .whereRef('g.sentinel_id', '=', 'sentinels.id')
                .where('g.period_date', '>=', alarmFrom)
                .where('g.suppressed', 'is', null),
            ),
          )
          .then(1)
          .else(0)
          .end()
          .as('alarm'),
      ])
      .where(this.readable())
      .where('sentinels.active', '=', 1)
      .orderBy('sentinels.area_code')
      .orderBy('sentinels.code')
      .limit(limit)
      .execute();
  }

  /** Active sentinels in scope with no count on `date`, with the date of their last count. */
  notReported(date: string, limit = 2000): Promise<Array<SentinelRow & { last_reported: string | null }>> {
    return this.db
      .selectFrom('sentinels')
      .selectAll('sentinels')
      .select((eb) =>
        eb
          .selectFrom('sentinel_counts as c')
          .whereRef('c.sentinel_id', '=', 'sentinels.id')
          .select((e) => e.fn.max('c.date').as('d'))
          .as('last_reported'),
      )
      .where(this.readable())
      .where('active', '=', 1)
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom('sentinel_counts as c').select('c.sentinel_id').whereRef('c.sentinel_id', '=', 'sentinels.id').where('c.date', '=', date)),
        ),
      )
      .orderBy('area_code')
      .orderBy('code')
      .limit(limit)
      .execute();
  }

  /**
   * Counts of one sentinel's indicator (the caller has passed `Access.ensure('sentinel', id)`), or
   * an area's sum of an indicator within the scope, over [from, to].
   */
  async series(
    target: { sentinelId: string } | { area: string },
    indicator: string,
    from: string,
    to: string,
  ): Promise<Array<{ date: string; count: number }>> {
    let q = this.db
      .selectFrom('sentinel_counts')
      .select(['date', (eb) => eb.fn.sum<number | string>('count').as('count')])
      .where('indicator', '=', indicator)
      .where('date', '>=', from)
      .where('date', '<=', to);
    if ('sentinelId' in target) q = q.where('sentinel_id', '=', target.sentinelId);
    else q = q.where((eb) => this.scope.within(target.area).where(eb, 'area_code'));
    const rows = await q.groupBy('date').orderBy('date').execute();
    return rows.map((r) => ({ date: r.date, count: Number(r.count) }));
  }

  /** The first day the sentinel (or any sentinel of the area) reported the indicator, up to `to`; null if none. */
  async firstReported(target: { sentinelId: string } | { area: string }, indicator: string, to: string): Promise<string | null> {
    let q = this.db
      .selectFrom('sentinel_counts')
      .select((eb) => eb.fn.min<string>('date').as('first'))
      .where('indicator', '=', indicator)
      .where('date', '<=', to);
    if ('sentinelId' in target) q = q.where('sentinel_id', '=', target.sentinelId);
    else q = q.where((eb) => this.scope.within(target.area).where(eb, 'area_code'));
    return (await q.executeTakeFirst())?.first ?? null;
  }
}
