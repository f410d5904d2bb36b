import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db/database';
import { skipLockedSuffix } from '../db/dialect';
import type { DB } from '../db/schema';
import type { JobRow } from './job.table';

export class JobRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
  ) {}

  async upsertInterval(row: JobRow): Promise<void> {
    await this.db
      .insertInto('jobs')
      .values(row)
      .onConflict((oc) => oc.column('name').where('kind', '=', sql.lit('interval')).doUpdateSet({ interval_seconds: row.interval_seconds }))
      .execute();
  }

  async insert(row: JobRow): Promise<void> {
    await this.db.insertInto('jobs').values(row).execute();
  }

  /**
   * Claim one due job for this instance. On PostgreSQL SKIP LOCKED lets several instances
   * poll at once without taking the same job; on SQLite the IMMEDIATE transaction serialises.
   * A running job whose lease expired (its instance died) is claimable again.
   */
  async claimDue(now: string, instance: string, leaseUntil: string): Promise<JobRow | undefined> {
    const due = await sql<{ id: string }>`
      select id from jobs
      where (status = 'pending' and run_at <= ${now}) or (status = 'running' and locked_until < ${now})
      order by run_at limit 1 ${skipLockedSuffix(this.dialect)}`.execute(this.db);
    const id = due.rows[0]?.id;
    if (!id) return undefined;
    return this.db
      .updateTable('jobs')
      .set({ status: 'running', locked_by: instance, locked_until: leaseUntil, last_run_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async finish(id: string, patch: Partial<JobRow>): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ ...patch, locked_by: null, locked_until: null })
      .where('id', '=', id)
      .execute();
  }

  async countPending(): Promise<number> {
    const r = await this.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['pending', 'running'])
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  list(): Promise<JobRow[]> {
    return this.db.selectFrom('jobs').selectAll().orderBy('run_at').limit(200).execute();
  }
}
