import type { AppContext } from '../../context';
import { DomainError, validationError, why } from '../../errors';
import { addMs, HOUR, MINUTE } from '../../lib/clock';
import { newId, newSecret } from '../../lib/ids';
import { hashPassword, passwordProblem, passwordWhy, verifyPassword } from '../../lib/password';
import { AuditService } from '../audit/audit.service';
import { parseSites, systemActor, type Actor } from './actor';
import type { UserRow } from './auth.table';
import { ATTEMPT_MEMORY_MS, lockAfter } from './login-throttle';
import { permissionsOf, type Role } from './permissions';
import { UserAdmin, sha256, type NewToken, type NewUser, type UserPatch } from './user-admin.service';
import { UserRepository } from './user.repository';
import { parseScope, toPublic, type PublicToken, type PublicUser } from './user-view';

export { sha256 };
export type { PublicUser, PublicToken };

export function actorFromUser(u: UserRow, requestId?: string): Actor {
  const role = u.role as Role;
  return {
    kind: 'user',
    id: u.id,
    name: u.username,
    role,
    permissions: permissionsOf(role),
    scope: parseScope(u.scope),
    sites: parseSites(u.sites),
    mustChangePassword: u.must_change_password === 1,
    requestId,
  };
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

  /**
   * Check the password. Failures are counted per (user name, client address), whether or not the
   * user exists, and lock that address out of that account with growing delays (login-throttle.ts).
   * During a lock every attempt gets the same 423 without the password being looked at, so guessing
   * cannot go on; the owner from another address is not locked out.
   */
  async login(username: string, password: string, meta: { ip?: string; userAgent?: string; requestId?: string }) {
    const now = this.ctx.clock.nowIso();
    const address = meta.ip ?? 'unknown';
    const user = await this.repo().byUsername(username);
    const who: Actor = user ? actorFromUser(user, meta.requestId) : { ...systemActor(username), kind: 'user', requestId: meta.requestId };
    const target = user ? { targetType: 'user', targetId: user.id } : {};
    const refuseIfLocked = async () => {
      const attempt = await this.repo().loginAttempt(username, address);
      if (attempt?.locked_until && attempt.locked_until > now) {
        await this.audit.recordEvent({ actor: who, action: 'auth.login_locked', ...target, details: { ip: meta.ip } });
        throw accountLocked(attempt.locked_until, this.ctx.config.timeZone);
      }
    };
    await refuseIfLocked();
    const ok = user ? await verifyPassword(user.password_hash, password) : await verifyPassword(DUMMY_HASH, password);
    // A parallel guess may have set the lock while this one was being checked: answer as locked.
    await refuseIfLocked();
    if (!user || user.disabled || !ok) {
      await this.ctx.db.transaction().execute(async (trx) => {
        const repo = this.repo(trx);
        const failures = await repo.countFailure(username, address, now);
        const lockMs = lockAfter(failures, this.ctx.config.loginMaxFailures, this.ctx.config.loginLockMinutes);
        const until = lockMs === null ? null : addMs(now, lockMs);
        if (until) {
          await repo.lockAttempts(username, address, until);
          if (user && (!user.locked_until || user.locked_until < until)) await repo.update(user.id, { locked_until: until });
        }
        await this.audit.append(
          {
            actor: who,
            action: until ? 'auth.account_locked' : 'auth.login_failed',
            ...target,
            details: { ip: meta.ip, failures, lockedUntil: until ?? undefined },
          },
          trx,
        );
      });
      throw invalidCredentials();
    }
    const token = newSecret();
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo(trx).clearAttempts(username, address);
      await this.repo(trx).update(user.id, { failed_logins: 0 });
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
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo(trx).deleteSession(sha256(token));
      await this.audit.append({ actor, action: 'auth.logout', targetType: 'user', targetId: actor.id ?? undefined }, trx);
    });
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
        scope: parseScope(t.scope),
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
    if (!(await verifyPassword(u.password_hash, current))) throw validationError({ currentPassword: why('wrong_password', 'is not your current password') });
    const problem = passwordProblem(next, u.username);
    if (problem) throw validationError({ newPassword: passwordWhy(problem) });
    const hash = await hashPassword(next);
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo(trx).update(u.id, { password_hash: hash, must_change_password: 0, updated_at: this.ctx.clock.nowIso() });
      await this.repo(trx).deleteSessionsOf(u.id, sessionToken ? sha256(sessionToken) : undefined);
      await this.audit.append({ actor, action: 'auth.password_changed', targetType: 'user', targetId: u.id }, trx);
    });
  }

  // User and token management lives in UserAdmin (user-admin.service.ts); these keep the callers' entry points.
  createUser(actor: Actor, input: NewUser): Promise<PublicUser> {
    return new UserAdmin(this.ctx).createUser(actor, input);
  }

  updateUser(actor: Actor, id: string, patch: UserPatch): Promise<PublicUser> {
    return new UserAdmin(this.ctx).updateUser(actor, id, patch);
  }

  listUsers(actor: Actor, opts: { cursor?: string; limit: number; q?: string }): Promise<{ items: PublicUser[]; nextCursor: string | null }> {
    return new UserAdmin(this.ctx).listUsers(actor, opts);
  }

  createToken(actor: Actor, input: NewToken): Promise<{ id: string; token: string }> {
    return new UserAdmin(this.ctx).createToken(actor, input);
  }

  listTokens(actor: Actor): Promise<PublicToken[]> {
    return new UserAdmin(this.ctx).listTokens(actor);
  }

  revokeToken(actor: Actor, id: string): Promise<void> {
    return new UserAdmin(this.ctx).revokeToken(actor, id);
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
      phone_enc: null,
      created_at: now,
      updated_at: now,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo(trx).insert(row);
      await this.repo(trx).setAreas('user', row.id, ['*']);
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

  /** Expired sessions, and failed-login counts long quiet with no lock running. */
  async purgeExpiredSessions(): Promise<number> {
    const now = this.ctx.clock.nowIso();
    await this.repo().purgeAttempts(addMs(now, -ATTEMPT_MEMORY_MS), now);
    return this.repo().deleteExpiredSessions(now);
  }
}

/** The zone goes with the answer: the login page has no session yet to learn the command centre's zone from. */
function accountLocked(until: string, timeZone: string): DomainError {
  return new DomainError('ACCOUNT_LOCKED', 'Too many failed logins from this address; try again later', { lockedUntil: until, timeZone });
}

function invalidCredentials(): DomainError {
  return new DomainError('INVALID_CREDENTIALS', 'Wrong user name or password');
}

// Verifying against a fixed hash when the user does not exist keeps the timing the same.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ';
