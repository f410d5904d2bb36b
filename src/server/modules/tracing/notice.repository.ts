import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/database';
import { insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import type { Scope } from '../access';
import type { NoticeRow, NoticeStatus } from './tracing.table';

export const OPEN_NOTICE: readonly NoticeStatus[] = ['received', 'assigned', 'located'];

/** 协查 notices as one scope may see them: a notice belongs to the area working it (the matched person's, else the receiving area). */
export class NoticeRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
    private readonly dialect: Dialect,
  ) {}

  byId(id: string): Promise<NoticeRow | undefined> {
    return this.db
      .selectFrom('assist_notices')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => this.scope.where(eb, 'area_code'))
      .executeTakeFirst();
  }

  async insertMany(rows: readonly NoticeRow[]): Promise<void> {
    for (const chunk of insertChunks(this.dialect, rows)) await this.db.insertInto('assist_notices').values(chunk).execute();
  }

  async update(id: string, set: Partial<Omit<NoticeRow, 'id'>>): Promise<void> {
    await this.db
      .updateTable('assist_notices')
      .set(set)
      .where('id', '=', id)
      .where((eb) => this.scope.where(eb, 'area_code'))
      .execute();
  }

  list(opts: { status?: NoticeStatus; overdueAt?: string; after?: string; limit: number }): Promise<NoticeRow[]> {
    let q = this.db
      .selectFrom('assist_notices')
      .selectAll()
      .where((eb) => this.scope.where(eb, 'area_code'))
      .orderBy('deadline')
      .orderBy('id')
      .limit(opts.limit);
    if (opts.status) q = q.where('status', '=', opts.status);
    if (opts.overdueAt) q = q.where('status', 'in', OPEN_NOTICE).where('deadline', '<', opts.overdueAt);
    if (opts.after) {
      const [d, i] = opts.after.split('|');
      q = q.where((eb) => eb.or([eb('deadline', '>', d ?? ''), eb.and([eb('deadline', '=', d ?? ''), eb('id', '>', i ?? '')])]));
    }
    return q.execute();
  }

  /** Open and overdue notices in scope per child area, its code `len` characters long. */
  async openByChild(len: number, now: string) {
    const rows = await this.db
      .selectFrom('assist_notices')
      .select([
        (eb) => eb.fn('substr', ['area_code', eb.val(1), eb.val(len)]).as('code'),
        (eb) => eb.fn.countAll<number>().as('open'),
        (eb) => eb.fn.sum<number>(eb.case().when('deadline', '<', now).then(1).else(0).end()).as('overdue'),
      ])
      .where('status', 'in', OPEN_NOTICE)
      .where((eb) => this.scope.where(eb, 'area_code'))
      .groupBy('code')
      .execute();
    return rows.map((r) => ({ code: String(r.code), open: Number(r.open), overdue: Number(r.overdue) }));
  }
}
