import { createHash } from 'node:crypto';
import type { AppContext } from '../../context';
import { DomainError, notFound, validationError } from '../../errors';
import { addMs, HOUR, MINUTE } from '../../lib/clock';
import { newId, newSecret } from '../../lib/ids';
import { hashPassword, passwordProblem, verifyPassword } from '../../lib/password';
import { AuditService } from '../audit/audit.service';
import { parseSites, systemActor, type Actor, type SiteRef } from './actor';
import type { UserRow } from './auth.table';
import { isRole, permissionsOf, type Role } from './permissions';
import { UserRepository } from './user.repository';

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scope: string[];
  permissions: string[];
  disabled: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('base64url');
}

function toPublic(u: UserRow): PublicUser {
  const role = u.role as Role;
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role,
    scope: JSON.parse(u.scope) as string[],
    permissions: [...permissionsOf(role)],
    disabled: u.disabled === 1,
    mustChangePassword: u.must_change_password === 1,
    lockedUntil: u.locked_until,
    createdAt: u.created_at,
  };
}

export function actorFromUser(u: UserRow, requestId?: string): Actor {
  const role = u.role as Role;
  return {
    kind: 'user',
    id: u.id,
    name: u.username,
    role,
    permissions: permissionsOf(role),
    scope: JSON.parse(u.scope) as string[],
    sites: parseSites(u.sites),
    requestId,
  };
}

const SCOPE_CODE = /^(\*|\d{2,18})$/;

function checkScope(scope: readonly string[]): void {
  const bad = scope.filter((c) => !SCOPE_CODE.test(c));
  if (bad.length) throw validationError({ scope: `not area codes: ${bad.join(', ')}` });
}

/** Logins, sessions, users and machine tokens. */
export class AuthService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  private repo(db = this.ctx.db): UserRepository {
    return new UserRepository(db);
  }

  /** Check the password; count failures and lock after too many. Same 401 whether or not the user exists. */
  async login(username: string, password: string, meta: { ip?: string; userAgent?: string; requestId?: string }) {
    const now = this.ctx.clock.nowIso();
    const user = await this.repo().byUsername(username);
    const ok = user ? await verifyPassword(user.password_hash, password) : await verifyPassword(DUMMY_HASH, password);
    const who: Actor = user ? actorFromUser(user, meta.requestId) : { ...systemActor(username), kind: 'user', requestId: meta.requestId };
    if (!user || user.disabled) {
      await this.audit.append({ actor: who, action: 'auth.login_failed', details: { ip: meta.ip } });
      throw invalidCredentials();
    }
    if (user.locked_until && user.locked_until > now) {
      await this.audit.append({ actor: who, action: 'auth.login_locked', targetType: 'user', targetId: user.id });
      if (ok) throw new DomainError('ACCOUNT_LOCKED', 'Account is locked after repeated failed logins', { lockedUntil: user.locked_until });
      throw invalidCredentials();
    }
    if (!ok) {
      const failures = user.failed_logins + 1;
      const lock = failures >= this.ctx.config.loginMaxFailures;
      await this.ctx.db.transaction().execute(async (trx) => {
        await this.repo(trx).update(user.id, {
          failed_logins: lock ? 0 : failures,
          locked_until: lock ? addMs(now, this.ctx.config.loginLockMinutes * MINUTE) : user.locked_until,
        });
        await this.audit.append(
          { actor: who, action: lock ? 'auth.account_locked' : 'auth.login_failed', targetType: 'user', targetId: user.id, details: { ip: meta.ip, failures } },
          trx,
        );
      });
      throw invalidCredentials();
    }
    const token = newSecret();
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo(trx).update(user.id, { failed_logins: 0, locked_until: null });
      await this.repo(trx).insertSession({
        token_hash: sha256(token),
        user_id: user.id,
        created_at: now,
        expires_at: addMs(now, this.ctx.config.sessionTtlHours * HOUR),
        last_seen_at: now,
        ip: meta.ip ?? null,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
      });
      await this.audit.append({ actor: who, action: 'auth.login', targetType: 'user', targetId: user.id, details: { ip: meta.ip } }, trx);
    });
    return { token, user: toPublic(user) };
  }

  async logout(token: string, actor: Actor): Promise<void> {
    await this.repo().deleteSession(sha256(token));
    await this.audit.append({ actor, action: 'auth.logout', targetType: 'user', targetId: actor.id ?? undefined });
  }

  /** Resolve a session cookie or bearer token to an actor, or null. */
  async authenticate(cred: { session?: string; bearer?: string }, requestId?: string): Promise<Actor | null> {
    const now = this.ctx.clock.nowIso();
    if (cred.session) {
      const found = await this.repo().sessionWithUser(sha256(cred.session));
      if (!found || found.session.expires_at <= now || found.user.disabled) return null;
      // Touch at most once a minute: a busy page should not write on every request.
      if (Date.parse(now) - Date.parse(found.session.last_seen_at) > MINUTE) await this.repo().touchSession(found.session.token_hash, now);
      return actorFromUser(found.user, requestId);
    }
    if (cred.bearer) {
      const t = await this.repo().tokenByHash(sha256(cred.bearer));
      if (!t || t.revoked_at) return null;
      if (!t.last_used_at || Date.parse(now) - Date.parse(t.last_used_at) > MINUTE) await this.repo().updateToken(t.id, { last_used_at: now });
      const role = t.role as Role;
      return {
        kind: 'token',
        id: t.id,
        name: `token:${t.name}`,
        role,
        permissions: permissionsOf(role),
        scope: JSON.parse(t.scope) as string[],
        sites: parseSites(t.sites),
        requestId,
      };
    }
    return null;
  }

  async me(actor: Actor): Promise<PublicUser> {
    const u = actor.id ? await this.repo().byId(actor.id) : undefined;
    if (!u) throw new DomainError('UNAUTHENTICATED', 'Not logged in as a user');
    return toPublic(u);
  }

  async changePassword(actor: Actor, current: string, next: string, sessionToken?: string): Promise<void> {
    const u = actor.id ? await this.repo().byId(actor.id) : undefined;
    if (!u) throw new DomainError('UNAUTHENTICATED', 'Not logged in as a user');
    if (!(await verifyPassword(u.password_hash, current))) throw validationError({ currentPassword: 'is not your current password' });
    const problem = passwordProblem(next, u.username);
    if (problem) throw validationError({ newPassword: problem });
    const hash = await hashPassword(next);
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo(trx).update(u.id, { password_hash: hash, must_change_password: 0, updated_at: this.ctx.clock.nowIso() });
      await this.repo(trx).deleteSessionsOf(u.id, sessionToken ? sha256(sessionToken) : undefined);
      await this.audit.append({ actor, action: 'auth.password_changed', targetType: 'user', targetId: u.id }, trx);
    });
  }

  async createUser(
    actor: Actor,
    input: { username: string; displayName: string; role: string; scope: string[]; sites?: SiteRef[]; password: string; mustChangePassword?: boolean },
  ): Promise<PublicUser> {
    if (!isRole(input.role)) throw validationError({ role: `unknown role ${input.role}` });
    if (!/^[a-zA-Z0-9_.-]{3,40}$/.test(input.username)) throw validationError({ username: '3–40 letters, digits, _ . -' });
    checkScope(input.scope);
    const problem = passwordProblem(input.password, input.username);
    if (problem) throw validationError({ password: problem });
    if (await this.repo().byUsername(input.username))
      throw new DomainError('ALREADY_EXISTS', `User ${input.username} already exists`, { username: input.username });
    const now = this.ctx.clock.nowIso();
    const row: UserRow = {
      id: newId(),
      username: input.username,
      display_name: input.displayName,
      password_hash: await hashPassword(input.password),
      role: input.role,
      scope: JSON.stringify(input.scope),
      sites: JSON.stringify(input.sites ?? []),
      disabled: 0,
      must_change_password: input.mustChangePassword === false ? 0 : 1,
      failed_logins: 0,
      locked_until: null,
      phone_masked: null,
      created_at: now,
      updated_at: now,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo(trx).insert(row);
      await this.audit.append(
        { actor, action: 'user.created', targetType: 'user', targetId: row.id, details: { username: row.username, role: row.role, scope: input.scope } },
        trx,
      );
    });
    return toPublic(row);
  }

  async updateUser(
    actor: Actor,
    id: string,
    patch: { displayName?: string; role?: string; scope?: string[]; disabled?: boolean; password?: string },
  ): Promise<PublicUser> {
    const u = await this.repo().byId(id);
    if (!u) throw notFound('User', id);
    if (patch.role !== undefined && !isRole(patch.role)) throw validationError({ role: `unknown role ${patch.role}` });
    if (patch.scope) checkScope(patch.scope);
    if (actor.id === id && (patch.disabled || (patch.role && patch.role !== u.role))) {
      throw new DomainError('FORBIDDEN', 'You cannot disable yourself or change your own role');
    }
    const set: Partial<UserRow> = { updated_at: this.ctx.clock.nowIso() };
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.scope !== undefined) set.scope = JSON.stringify(patch.scope);
    if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
    if (patch.password !== undefined) {
      const problem = passwordProblem(patch.password, u.username);
      if (problem) throw validationError({ password: problem });
      set.password_hash = await hashPassword(patch.password);
      set.must_change_password = 1;
      set.locked_until = null;
      set.failed_logins = 0;
    }
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo(trx).update(id, set);
      if (patch.disabled || patch.password !== undefined || patch.role !== undefined || patch.scope !== undefined) await this.repo(trx).deleteSessionsOf(id);
      const changed = Object.keys(patch).filter((k) => k !== 'password');
      if (patch.password !== undefined) changed.push('password(reset)');
      await this.audit.append(
        {
          actor,
          action: 'user.updated',
          targetType: 'user',
          targetId: id,
          details: { changed, role: patch.role, scope: patch.scope, disabled: patch.disabled },
        },
        trx,
      );
    });
    return toPublic((await this.repo().byId(id)) as UserRow);
  }

  async listUsers(opts: { cursor?: string; limit: number; q?: string }): Promise<{ items: PublicUser[]; nextCursor: string | null }> {
    const rows = await this.repo().list({ after: opts.cursor, limit: opts.limit, q: opts.q });
    const items = rows.slice(0, opts.limit).map(toPublic);
    return { items, nextCursor: rows.length > opts.limit ? (items[items.length - 1]?.username ?? null) : null };
  }

  async createToken(actor: Actor, input: { name: string; role: string; scope: string[]; sites?: SiteRef[] }): Promise<{ id: string; token: string }> {
    if (!isRole(input.role)) throw validationError({ role: `unknown role ${input.role}` });
    checkScope(input.scope);
    const id = newId();
    const token = `egt_${newSecret()}`;
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo(trx).insertToken({
        id,
        name: input.name,
        token_hash: sha256(token),
        role: input.role,
        scope: JSON.stringify(input.scope),
        sites: JSON.stringify(input.sites ?? []),
        created_by: actor.id ?? actor.name,
        created_at: this.ctx.clock.nowIso(),
        revoked_at: null,
        last_used_at: null,
      });
      await this.audit.append(
        { actor, action: 'token.created', targetType: 'api_token', targetId: id, details: { name: input.name, role: input.role, scope: input.scope } },
        trx,
      );
    });
    return { id, token };
  }

  async listTokens() {
    const rows = await this.repo().listTokens();
    return rows.map((t) => ({
      id: t.id,
      name: t.name,
      role: t.role,
      scope: JSON.parse(t.scope) as string[],
      createdBy: t.created_by,
      createdAt: t.created_at,
      revokedAt: t.revoked_at,
      lastUsedAt: t.last_used_at,
    }));
  }

  async revokeToken(actor: Actor, id: string): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      const n = await this.repo(trx).updateToken(id, { revoked_at: this.ctx.clock.nowIso() });
      if (n === 0) throw notFound('API token', id);
      await this.audit.append({ actor, action: 'token.revoked', targetType: 'api_token', targetId: id }, trx);
    });
  }

  /** First start on an empty database: an admin from EPIGRID_ADMIN_PASSWORD or a generated password, printed once. */
  async ensureAdmin(): Promise<{ created: boolean; generatedPassword?: string }> {
    if ((await this.repo().count()) > 0) return { created: false };
    const given = this.ctx.config.adminPassword;
    const password = given ?? `Eg-${newSecret(12)}9`;
    const now = this.ctx.clock.nowIso();
    const row: UserRow = {
      id: newId(),
      username: 'admin',
      display_name: '系统管理员',
      password_hash: await hashPassword(password),
      role: 'admin',
      scope: JSON.stringify(['*']),
      sites: '[]',
      disabled: 0,
      must_change_password: given ? 0 : 1,
      failed_logins: 0,
      locked_until: null,
      phone_masked: null,
      created_at: now,
      updated_at: now,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo(trx).insert(row);
      await this.audit.append(
        { actor: systemActor(), action: 'user.created', targetType: 'user', targetId: row.id, details: { username: 'admin', bootstrap: true } },
        trx,
      );
    });
    return given ? { created: true } : { created: true, generatedPassword: password };
  }

  async countUsers(): Promise<number> {
    return this.repo().count();
  }

  async countActiveSessions(): Promise<number> {
    return this.repo().countActiveSessions(this.ctx.clock.nowIso());
  }

  async purgeExpiredSessions(): Promise<number> {
    return this.repo().deleteExpiredSessions(this.ctx.clock.nowIso());
  }
}

function invalidCredentials(): DomainError {
  return new DomainError('INVALID_CREDENTIALS', 'Wrong user name or password');
}

// Verifying against a fixed hash when the user does not exist keeps the timing the same.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ';
