import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { ApiTokenRow, SessionRow, UserRow } from './auth.table';

/** SQL for users, sessions and API tokens. No rules here. */
export class UserRepository {
  constructor(private readonly db: Kysely<DB>) {}

  byUsername(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  byId(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(row: UserRow): Promise<void> {
    await this.db.insertInto('users').values(row).execute();
  }

  async update(id: string, patch: Partial<UserRow>): Promise<void> {
    await this.db.updateTable('users').set(patch).where('id', '=', id).execute();
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Keyset page ordered by username. */
  list(opts: { after?: string; limit: number; q?: string }): Promise<UserRow[]> {
    let q = this.db
      .selectFrom('users')
      .selectAll()
      .orderBy('username')
      .limit(opts.limit + 1);
    if (opts.after) q = q.where('username', '>', opts.after);
    if (opts.q) q = q.where((eb) => eb.or([eb('username', 'like', `%${opts.q}%`), eb('display_name', 'like', `%${opts.q}%`)]));
    return q.execute();
  }

  async insertSession(row: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  async sessionWithUser(tokenHash: string): Promise<{ session: SessionRow; user: UserRow } | undefined> {
    const session = await this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    if (!session) return undefined;
    const user = await this.byId(session.user_id);
    return user ? { session, user } : undefined;
  }

  async touchSession(tokenHash: string, at: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteSessionsOf(userId: string, exceptHash?: string): Promise<void> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptHash) q = q.where('token_hash', '!=', exceptHash);
    await q.execute();
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async countActiveSessions(now: string): Promise<number> {
    const r = await this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('expires_at', '>', now)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async insertToken(row: ApiTokenRow): Promise<void> {
    await this.db.insertInto('api_tokens').values(row).execute();
  }

  tokenByHash(hash: string): Promise<ApiTokenRow | undefined> {
    return this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  }

  listTokens(): Promise<ApiTokenRow[]> {
    return this.db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').execute();
  }

  async updateToken(id: string, patch: Partial<ApiTokenRow>): Promise<number> {
    const r = await this.db.updateTable('api_tokens').set(patch).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
