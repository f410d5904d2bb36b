import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError, notFound, validationError, why } from '../../errors';
import { newId, newSecret } from '../../lib/ids';
import { hashPassword, passwordProblem, passwordWhy } from '../../lib/password';
import { Scope } from '../access';
import { AuditService } from '../audit/audit.service';
import { parseSites, type Actor, type SiteRef } from './actor';
import type { UserRow } from './auth.table';
import { auditAreaOf, grantableRoles, roleWithin, sameCodes, uncoveredAreas } from './grants';
import { isRole, type Role } from './permissions';
import { UserRepository, type ManagerView } from './user.repository';
import { parseScope, toPublic, toPublicToken, type PublicToken, type PublicUser } from './user-view';
import { createHash } from 'node:crypto';

const SCOPE_CODE = /^(\*|\d{2,18})$/;
const USERNAME = /^[a-zA-Z0-9_.-]{3,40}$/;

export interface NewUser {
  username: string;
  displayName: string;
  role: string;
  scope: string[];
  sites?: SiteRef[];
  password: string;
  mustChangePassword?: boolean;
}

export interface UserPatch {
  displayName?: string;
  role?: string;
  scope?: string[];
  sites?: SiteRef[];
  disabled?: boolean;
  password?: string;
}

export interface NewToken {
  name: string;
  role: string;
  scope: string[];
  sites?: SiteRef[];
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('base64url');
}

const siteKey = (s: SiteRef) => `${s.kind}:${s.code}`;

function dedupeSites(sites: readonly SiteRef[] | undefined): SiteRef[] {
  const seen = new Map<string, SiteRef>();
  for (const s of sites ?? []) seen.set(siteKey(s), { kind: s.kind, code: s.code });
  return [...seen.values()];
}

function checkSyntax(input: { role?: string; scope?: readonly string[] }): void {
  if (input.role !== undefined && !isRole(input.role))
    throw validationError({ role: why('unknown_role', `unknown role ${input.role}`, { role: String(input.role) }) });
  const bad = (input.scope ?? []).filter((c) => !SCOPE_CODE.test(c));
  if (bad.length) throw validationError({ scope: why('area_code', `not area codes: ${bad.join(', ')}`) });
}

function forbidden(message: string, details: Record<string, unknown>): DomainError {
  return new DomainError('FORBIDDEN', message, details);
}

/**
 * Users and machine tokens, managed without escalation: a manager grants only a role whose
 * permissions they hold and areas (and sites) inside their own scope, and sees and changes only
 * users and tokens whose whole grant lies inside theirs; nobody changes their own grant. Tokens
 * follow exactly the same rules as users. Every refusal (403, or 404 for a user outside scope)
 * is audited; every change is audited in its own transaction.
 */
export class UserAdmin {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  private view(actor: Actor): ManagerView {
    return { scope: Scope.of(actor), roles: grantableRoles(actor.permissions) };
  }

  /** Run a change in one transaction; a refusal rolls it back and is then audited on its own. */
  private async guarded<T>(
    actor: Actor,
    subject: { type: 'user' | 'token'; id?: string; attempt: string; details?: Record<string, unknown> },
    work: (trx: Kysely<DB>) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.ctx.db.transaction().execute(work);
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'FORBIDDEN' || err.code === 'NOT_FOUND')) {
        await this.audit.recordEvent({
          actor,
          action: `${subject.type}.refused`,
          targetType: subject.type === 'user' ? 'user' : 'api_token',
          targetId: subject.id,
          details: { attempt: subject.attempt, code: err.code, reason: err.message, ...subject.details },
        });
      }
      throw err;
    }
  }

  /** The grant must be the granter's to give: role within their permissions, areas and sites within their scope. */
  private async checkGrant(repo: UserRepository, actor: Actor, grant: { role?: Role; scope?: readonly string[]; sites?: readonly SiteRef[] }): Promise<void> {
    const scope = Scope.of(actor);
    if (grant.role !== undefined && !roleWithin(actor.permissions, grant.role)) {
      throw forbidden(`Role ${grant.role} has permissions you do not hold`, { field: 'role' });
    }
    if (grant.scope !== undefined) {
      const outside = uncoveredAreas(scope, grant.scope);
      if (outside.length) throw forbidden(`Area ${outside.join(', ')} is outside your scope`, { field: 'scope', areas: outside.join(', ') });
    }
    if (grant.sites !== undefined && grant.sites.length > 0) {
      const areas = await repo.siteAreas(grant.sites);
      const missing = grant.sites.map((s, i) => (areas.has(siteKey(s)) ? -1 : i)).filter((i) => i >= 0);
      if (missing.length)
        throw validationError({
          sites: why('unknown_site', `no such site (item ${missing.map((i) => i + 1).join(', ')})`, { sites: missing.map((i) => i + 1).join(', ') }),
        });
      const outside = grant.sites.map((s, i) => (scope.covers(areas.get(siteKey(s))) ? -1 : i)).filter((i) => i >= 0);
      if (outside.length) throw forbidden('A site lies outside your scope', { field: 'sites', items: outside.map((i) => i + 1) });
    }
  }

  /** Every area a grant reaches: its scope codes and the areas of its sites (those that exist). */
  private async reach(repo: UserRepository, scope: readonly string[], sites: readonly SiteRef[]): Promise<string[]> {
    const areas = sites.length ? await repo.siteAreas(sites) : new Map<string, string>();
    return [...new Set([...scope, ...areas.values()])];
  }

  async createUser(actor: Actor, input: NewUser): Promise<PublicUser> {
    checkSyntax(input);
    if (!USERNAME.test(input.username)) throw validationError({ username: why('format', '3–40 letters, digits, _ . -') });
    const problem = passwordProblem(input.password, input.username);
    if (problem) throw validationError({ password: passwordWhy(problem) });
    const role = input.role as Role;
    const sites = dedupeSites(input.sites);
    const hash = await hashPassword(input.password);
    const details = { username: input.username, role, scope: input.scope, sites };
    return this.guarded(actor, { type: 'user', attempt: 'create', details }, async (trx) => {
      const repo = new UserRepository(trx);
      await this.checkGrant(repo, actor, { role, scope: input.scope, sites });
      if (await repo.byUsername(input.username)) throw new DomainError('ALREADY_EXISTS', `User ${input.username} already exists`, { username: input.username });
      const now = this.ctx.clock.nowIso();
      const row: UserRow = {
        id: newId(),
        username: input.username,
        display_name: input.displayName,
        password_hash: hash,
        role,
        scope: JSON.stringify(input.scope),
        sites: JSON.stringify(sites),
        disabled: 0,
        must_change_password: input.mustChangePassword === false ? 0 : 1,
        failed_logins: 0,
        locked_until: null,
        phone_masked: null,
        phone_enc: null,
        created_at: now,
        updated_at: now,
      };
      await repo.insert(row);
      await repo.setAreas('user', row.id, await this.reach(repo, input.scope, sites));
      await this.audit.append({ actor, action: 'user.created', targetType: 'user', targetId: row.id, areaCode: auditAreaOf(input.scope), details }, trx);
      return toPublic(row);
    });
  }

  async updateUser(actor: Actor, id: string, patch: UserPatch): Promise<PublicUser> {
    checkSyntax(patch);
    const sitesIn = patch.sites === undefined ? undefined : dedupeSites(patch.sites);
    const changed = Object.keys(patch).filter((k) => k !== 'password' && (patch as Record<string, unknown>)[k] !== undefined);
    if (patch.password !== undefined) changed.push('password(reset)');
    // Hash before the transaction (argon2 takes tens of milliseconds; SQLite has one connection).
    let hash: string | undefined;
    if (patch.password !== undefined) {
      const target = await new UserRepository(this.ctx.db).manageableUser(id, this.view(actor));
      if (target) {
        const problem = passwordProblem(patch.password, target.username);
        if (problem) throw validationError({ password: passwordWhy(problem) });
        hash = await hashPassword(patch.password);
      }
    }
    const attempt = {
      type: 'user' as const,
      id,
      attempt: patch.disabled ? 'disable' : patch.password !== undefined ? 'reset_password' : 'update',
      details: { changed },
    };
    return this.guarded(actor, attempt, async (trx) => {
      const repo = new UserRepository(trx);
      const u = await repo.manageableUser(id, this.view(actor));
      if (!u) throw notFound('User', id);
      if (patch.password !== undefined && hash === undefined) throw new DomainError('CONFLICT', 'The user changed meanwhile; try again');
      const oldScope = parseScope(u.scope);
      const oldSites = parseSites(u.sites);
      const roleChanged = patch.role !== undefined && patch.role !== u.role;
      const scopeChanged = patch.scope !== undefined && !sameCodes(patch.scope, oldScope);
      const sitesChanged = sitesIn !== undefined && !sameCodes(sitesIn.map(siteKey), oldSites.map(siteKey));
      if (actor.kind === 'user' && actor.id === id && (roleChanged || scopeChanged || sitesChanged || patch.disabled || patch.password !== undefined)) {
        throw forbidden('You cannot change your own role, scope or sites, disable yourself or reset your own password here', { field: 'id' });
      }
      await this.checkGrant(repo, actor, {
        role: roleChanged ? (patch.role as Role) : undefined,
        scope: scopeChanged ? patch.scope : undefined,
        sites: sitesChanged ? sitesIn : undefined,
      });

      const set: Partial<UserRow> = { updated_at: this.ctx.clock.nowIso() };
      if (patch.displayName !== undefined) set.display_name = patch.displayName;
      if (roleChanged) set.role = patch.role;
      if (scopeChanged) set.scope = JSON.stringify(patch.scope);
      if (sitesChanged) set.sites = JSON.stringify(sitesIn);
      if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
      if (hash !== undefined) {
        set.password_hash = hash;
        set.must_change_password = 1;
        set.locked_until = null;
        set.failed_logins = 0;
        await repo.clearAttempts(u.username);
      }
      await repo.update(id, set);
      if (scopeChanged || sitesChanged) await repo.setAreas('user', id, await this.reach(repo, patch.scope ?? oldScope, sitesIn ?? oldSites));
      if (patch.disabled || hash !== undefined || roleChanged || scopeChanged || sitesChanged) await repo.deleteSessionsOf(id);
      await this.audit.append(
        {
          actor,
          action: 'user.updated',
          targetType: 'user',
          targetId: id,
          areaCode: auditAreaOf(patch.scope ?? oldScope),
          details: { changed, role: patch.role, scope: patch.scope, sites: sitesIn, disabled: patch.disabled },
        },
        trx,
      );
      return toPublic((await repo.byId(id)) as UserRow);
    });
  }

  async listUsers(actor: Actor, opts: { cursor?: string; limit: number; q?: string }): Promise<{ items: PublicUser[]; nextCursor: string | null }> {
    const rows = await new UserRepository(this.ctx.db).list(this.view(actor), { after: opts.cursor, limit: opts.limit, q: opts.q });
    const items = rows.slice(0, opts.limit).map(toPublic);
    return { items, nextCursor: rows.length > opts.limit ? (items[items.length - 1]?.username ?? null) : null };
  }

  async createToken(actor: Actor, input: NewToken): Promise<{ id: string; token: string }> {
    checkSyntax(input);
    const role = input.role as Role;
    const sites = dedupeSites(input.sites);
    const details = { name: input.name, role, scope: input.scope, sites };
    return this.guarded(actor, { type: 'token', attempt: 'create', details }, async (trx) => {
      const repo = new UserRepository(trx);
      await this.checkGrant(repo, actor, { role, scope: input.scope, sites });
      const id = newId();
      const token = `egt_${newSecret()}`;
      await repo.insertToken({
        id,
        name: input.name,
        token_hash: sha256(token),
        role,
        scope: JSON.stringify(input.scope),
        sites: JSON.stringify(sites),
        created_by: actor.id ?? actor.name,
        created_at: this.ctx.clock.nowIso(),
        revoked_at: null,
        last_used_at: null,
      });
      await repo.setAreas('token', id, await this.reach(repo, input.scope, sites));
      await this.audit.append({ actor, action: 'token.created', targetType: 'api_token', targetId: id, areaCode: auditAreaOf(input.scope), details }, trx);
      return { id, token };
    });
  }

  async listTokens(actor: Actor): Promise<PublicToken[]> {
    return (await new UserRepository(this.ctx.db).listTokens(this.view(actor))).map(toPublicToken);
  }

  async revokeToken(actor: Actor, id: string): Promise<void> {
    await this.guarded(actor, { type: 'token', id, attempt: 'revoke' }, async (trx) => {
      const repo = new UserRepository(trx);
      const t = await repo.manageableToken(id, this.view(actor));
      if (!t) throw notFound('API token', id);
      await repo.updateToken(id, { revoked_at: t.revoked_at ?? this.ctx.clock.nowIso() });
      await this.audit.append({ actor, action: 'token.revoked', targetType: 'api_token', targetId: id, areaCode: auditAreaOf(parseScope(t.scope)) }, trx);
    });
  }
}
