import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema';
import { areaSql, type Scope } from '../access';
import type { SiteKind, SiteRef } from './actor';
import type { ApiTokenRow, LoginAttemptRow, SessionRow, UserRow } from './auth.table';
import type { Role } from './permissions';

/** Who may be seen and managed: a role among `roles` and every area of the grant inside `scope`. */
export interface ManagerView {
  scope: Scope;
  roles: readonly Role[];
}

/**
 * SQL: the user (or token) in `table` may be managed by `view` — its role is one the manager may
 * grant, and none of its `principal_areas` lies outside the manager's scope. A grant reaching no
 * area at all (empty scope, no site) is manageable by any holder of its role.
 */
function manageableSql(kind: 'user' | 'token', table: 'users' | 'api_tokens', view: ManagerView): RawBuilder<SqlBool> {
  if (view.roles.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`(${sql.ref(`${table}.role`)} in (${sql.join([...view.roles])}) and not exists (
    select 1 from principal_areas pa
    where pa.principal_kind = ${kind} and pa.principal_id = ${sql.ref(`${table}.id`)} and not (${areaSql(view.scope, 'pa.area_code')})))`;
}

const siteTables: Record<SiteKind, { table: 'facilities' | 'sampling_sites' | 'labs' | 'sentinels'; key: 'id' | 'code' }> = {
  facility: { table: 'facilities', key: 'id' },
  sampling_site: { table: 'sampling_sites', key: 'code' },
  lab: { table: 'labs', key: 'code' },
  sentinel: { table: 'sentinels', key: 'code' },
};

/** SQL for users, sessions and API tokens. No rules here. */
export class UserRepository {
  constructor(private readonly db: Kysely<DB>) {}

  byUsername(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  byId(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The users of these names (chunked: a district's file may name thousands). */
  async byUsernames(names: readonly string[]): Promise<UserRow[]> {
    const out: UserRow[] = [];
    const unique = [...new Set(names)];
    for (let i = 0; i < unique.length; i += 500) {
      out.push(
        ...(await this.db
          .selectFrom('users')
          .selectAll()
          .where('username', 'in', unique.slice(i, i + 500))
          .execute()),
      );
    }
    return out;
  }

  /** Which of these user ids `view` may manage. */
  async manageableIds(ids: readonly string[], view: ManagerView): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('users')
        .select('id')
        .where('id', 'in', ids.slice(i, i + 500))
        .where(() => manageableSql('user', 'users', view))
        .execute();
      for (const r of rows) out.add(r.id);
    }
    return out;
  }

  /** Many new users and the areas their grants reach, in the caller's transaction. */
  async insertMany(rows: ReadonlyArray<{ user: UserRow; areas: readonly string[] }>): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      const chunk = rows.slice(i, i + 200);
      await this.db
        .insertInto('users')
        .values(chunk.map((r) => r.user))
        .execute();
      const areas = chunk.flatMap((r) => [...new Set(r.areas)].map((area_code) => ({ principal_kind: 'user' as const, principal_id: r.user.id, area_code })));
      for (let j = 0; j < areas.length; j += 500)
        await this.db
          .insertInto('principal_areas')
          .values(areas.slice(j, j + 500))
          .execute();
    }
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

  /** The user, if `view` may manage it (else undefined, as if it did not exist). */
  manageableUser(id: string, view: ManagerView): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .where(() => manageableSql('user', 'users', view))
      .executeTakeFirst();
  }

  /** Keyset page ordered by username, of the users `view` may manage. */
  list(view: ManagerView, opts: { after?: string; limit: number; q?: string }): Promise<UserRow[]> {
    let q = this.db
      .selectFrom('users')
      .selectAll()
      .where(() => manageableSql('user', 'users', view))
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

  /** The tokens `view` may manage, newest first. */
  listTokens(view: ManagerView): Promise<ApiTokenRow[]> {
    return this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where(() => manageableSql('token', 'api_tokens', view))
      .orderBy('created_at', 'desc')
      .limit(1000)
      .execute();
  }

  manageableToken(id: string, view: ManagerView): Promise<ApiTokenRow | undefined> {
    return this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', id)
      .where(() => manageableSql('token', 'api_tokens', view))
      .executeTakeFirst();
  }

  /** Replace the areas a grant reaches (its scope codes and its sites' areas). */
  async setAreas(kind: 'user' | 'token', id: string, codes: readonly string[]): Promise<void> {
    await this.db.deleteFrom('principal_areas').where('principal_kind', '=', kind).where('principal_id', '=', id).execute();
    const unique = [...new Set(codes)];
    if (unique.length) {
      await this.db
        .insertInto('principal_areas')
        .values(unique.map((area_code) => ({ principal_kind: kind, principal_id: id, area_code })))
        .execute();
    }
  }

  /** The area of each site that exists, keyed `kind:code`; missing sites are absent. */
  async siteAreas(sites: readonly SiteRef[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const kind of Object.keys(siteTables) as SiteKind[]) {
      const codes = [...new Set(sites.filter((s) => s.kind === kind).map((s) => s.code))];
      if (codes.length === 0) continue;
      const { table, key } = siteTables[kind];
      const rows = await sql<{ k: string; area_code: string }>`select ${sql.ref(key)} as k, area_code from ${sql.table(table)}
        where ${sql.ref(key)} in (${sql.join(codes)})`.execute(this.db);
      for (const r of rows.rows) out.set(`${kind}:${r.k}`, r.area_code);
    }
    return out;
  }

  loginAttempt(username: string, address: string): Promise<LoginAttemptRow | undefined> {
    return this.db.selectFrom('login_attempts').selectAll().where('username', '=', username).where('address', '=', address).executeTakeFirst();
  }

  /** Count one more failure atomically (parallel guesses each count) and return the new count. */
  async countFailure(username: string, address: string, at: string): Promise<number> {
    await this.db
      .insertInto('login_attempts')
      .values({ username, address, failures: 1, locked_until: null, last_failed_at: at })
      .onConflict((oc) => oc.columns(['username', 'address']).doUpdateSet({ failures: sql<number>`login_attempts.failures + 1`, last_failed_at: at }))
      .execute();
    const row = await this.loginAttempt(username, address);
    return row?.failures ?? 1;
  }

  async lockAttempts(username: string, address: string, until: string): Promise<void> {
    await this.db.updateTable('login_attempts').set({ locked_until: until }).where('username', '=', username).where('address', '=', address).execute();
  }

  /** Forget the failures of one address (after it logged in) or of every address (after a reset). */
  async clearAttempts(username: string, address?: string): Promise<void> {
    let q = this.db.deleteFrom('login_attempts').where('username', '=', username);
    if (address !== undefined) q = q.where('address', '=', address);
    await q.execute();
  }

  async purgeAttempts(before: string, now: string): Promise<number> {
    const r = await this.db
      .deleteFrom('login_attempts')
      .where('last_failed_at', '<', before)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async updateToken(id: string, patch: Partial<ApiTokenRow>): Promise<number> {
    const r = await this.db.updateTable('api_tokens').set(patch).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
