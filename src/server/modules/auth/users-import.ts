import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { userImportColumns, userImportOptionalColumns, type ImportRowError, type OwnerImportResult } from '../../../contract/owners';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError, why } from '../../errors';
import { rowProblem } from '../../lib/import-report';
import { newId } from '../../lib/ids';
import { maskPhone } from '../../lib/masking';
import { hashPassword } from '../../lib/password';
import { Scope } from '../access';
import { AreaRepository } from '../areas/area.repository';
import { AuditService, type AuditEntry } from '../audit/audit.service';
import { readTable } from '../people';
import { parseSites, type Actor, type SiteRef } from './actor';
import type { UserRow } from './auth.table';
import { auditAreaOf, grantableRoles, roleWithin, sameCodes, uncoveredAreas } from './grants';
import { UserRepository, type ManagerView } from './user.repository';
import { parseScope } from './user-view';
import { newInitialPassword, outsideReason, parseUserRow, type UserImportRow } from './users-import-rows';

/** A users file is a district's staff, not its population: a bound that keeps it in memory. */
export const MAX_USER_ROWS = 20_000;
const HASH_PARALLEL = 4;

export interface UsersImportOutcome extends OwnerImportResult {
  /** The initial password of each account created, in file order. Only the caller ever sees them. */
  passwords: Array<{ username: string; password: string }>;
}

const siteKey = (s: SiteRef) => `${s.kind}:${s.code}`;
/** 1-based positions of the codes in `outside`. */
const positionsOf = (codes: readonly string[], outside: ReadonlySet<string>) => codes.flatMap((c, i) => (outside.has(c) ? [i + 1] : []));

/** A row that passed every check, and what it does. */
type Planned =
  | { kind: 'create'; row: UserImportRow; password: string; hash?: string }
  | { kind: 'update'; row: UserImportRow; old: UserRow; changed: string[]; grantChanged: boolean }
  | { kind: 'unchanged'; row: UserImportRow };

/**
 * `epigrid import users` and `POST /users/import` (issue 13 item 5). Keeps the good rows: every
 * bad row is reported (row, column, reason) and nothing of it is written; the good rows commit
 * together in one transaction with their audit entries. The rules of issue 10 apply per row:
 * a role or area wider than the importer's is refused at its field. A user that exists already
 * is compared: identical → unchanged (no new password), changed name, role, scope, sites or
 * phone → updated and audited. New accounts get a one-time password each, returned only to the
 * caller, never logged or audited; they must change it at first login.
 */
export async function importUsers(ctx: AppContext, actor: Actor, input: Readable | string): Promise<UsersImportOutcome> {
  const errors: ImportRowError[] = [];
  const { rows, count } = await checkedRows(input, actor, errors);
  const repo = new UserRepository(ctx.db);
  const plan = await planRows(ctx, repo, actor, rows, errors);

  // argon2id takes tens of milliseconds each: hash before the transaction (SQLite has one connection), a few at a time.
  const creates = plan.filter((p): p is Extract<Planned, { kind: 'create' }> => p.kind === 'create');
  for (let i = 0; i < creates.length; i += HASH_PARALLEL) {
    await Promise.all(
      creates.slice(i, i + HASH_PARALLEL).map(async (p) => {
        p.hash = await hashPassword(p.password);
      }),
    );
  }

  const written = await ctx.db.transaction().execute((trx) => writePlan(ctx, trx, actor, plan, errors, count));
  const rejectedRows = new Set(errors.map((e) => e.row)).size;
  const result: UsersImportOutcome = {
    accepted: written.created.length,
    rejected: rejectedRows,
    unchanged: plan.filter((p) => p.kind === 'unchanged').length,
    updated: written.updated,
    errors: errors.sort((a, b) => a.row - b.row),
    passwords: written.created.map((p) => ({ username: p.row.username, password: p.password })),
  };
  // Counts only: never a password, a phone or a user name list.
  ctx.log.info({ accepted: result.accepted, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected }, 'users imported');
  return result;
}

/** Read the file and apply the checks that need no database: syntax, duplicates, the importer's own grant. */
async function checkedRows(input: Readable | string, actor: Actor, errors: ImportRowError[]): Promise<{ rows: UserImportRow[]; count: number }> {
  const scope = Scope.of(actor);
  const firstRow = new Map<string, number>();
  const out: UserImportRow[] = [];
  let count = 0;
  for await (const rec of readTable(input, [...userImportColumns, ...userImportOptionalColumns], userImportColumns)) {
    if (++count > MAX_USER_ROWS) throw new DomainError('BAD_FILE', `A users file holds at most ${MAX_USER_ROWS} rows; split it`, { maxRows: MAX_USER_ROWS });
    const parsed = parseUserRow(rec.row, rec.values);
    if ('errors' in parsed) {
      errors.push(...parsed.errors);
      continue;
    }
    const r = parsed.ok;
    const first = firstRow.get(r.username);
    if (first !== undefined) {
      errors.push(rowProblem(r.row, 'username', why('duplicate_row', `duplicate of row ${first} in this file`, { first })));
      continue;
    }
    firstRow.set(r.username, r.row);
    const grant: ImportRowError[] = [];
    if (!roleWithin(actor.permissions, r.role))
      grant.push(rowProblem(r.row, 'role', why('role_too_wide', `role ${r.role} has permissions you do not hold`, { role: r.role })));
    const outside = positionsOf(r.scope, new Set(uncoveredAreas(scope, r.scope)));
    if (outside.length) grant.push(rowProblem(r.row, 'scope', why('not_in_scope', outsideReason('area', outside, r.scope.length))));
    if (grant.length) errors.push(...grant);
    else out.push(r);
  }
  if (count === 0) throw new DomainError('EMPTY_FILE', 'The file has a header but no rows');
  return { rows: out, count };
}

/** The checks against the database (areas and sites exist and are the importer's; who exists already) and what each row does. */
async function planRows(ctx: AppContext, repo: UserRepository, actor: Actor, rows: UserImportRow[], errors: ImportRowError[]): Promise<Planned[]> {
  const scope = Scope.of(actor);
  const view: ManagerView = { scope, roles: grantableRoles(actor.permissions) };
  const known = await new AreaRepository(ctx.db, ctx.dialect).existing(rows.flatMap((r) => r.scope.filter((c) => c !== '*')));
  const sites = rows.flatMap((r) => r.sites ?? []);
  const siteArea = sites.length ? await repo.siteAreas(sites) : new Map<string, string>();
  const existing = new Map((await repo.byUsernames(rows.map((r) => r.username))).map((u) => [u.username, u]));
  const manageable = await repo.manageableIds(
    [...existing.values()].map((u) => u.id),
    view,
  );

  const plan: Planned[] = [];
  for (const r of rows) {
    const bad: ImportRowError[] = [];
    const unknown = r.scope.filter((c) => c !== '*' && !known.has(c));
    if (unknown.length) bad.push(rowProblem(r.row, 'scope', why('unknown_area', `unknown area ${unknown.join(', ')}`, { codes: unknown.join(', ') })));
    const missing = (r.sites ?? []).filter((s) => !siteArea.has(siteKey(s)));
    if (missing.length)
      bad.push(rowProblem(r.row, 'sites', why('unknown_site', `no such site ${missing.map(siteKey).join(', ')}`, { sites: missing.map(siteKey).join(', ') })));
    const rowSites = r.sites ?? [];
    const away = rowSites.flatMap((s, i) => (siteArea.has(siteKey(s)) && !scope.covers(siteArea.get(siteKey(s))) ? [i + 1] : []));
    if (away.length) bad.push(rowProblem(r.row, 'sites', why('not_in_scope', outsideReason('site', away, rowSites.length))));
    const old = existing.get(r.username);
    if (old && !manageable.has(old.id))
      bad.push(
        rowProblem(r.row, 'username', why('user_not_manageable', `user ${r.username} already exists and is not one you may manage`, { username: r.username })),
      );
    if (bad.length) {
      errors.push(...bad);
      continue;
    }
    if (!old) {
      plan.push({ kind: 'create', row: r, password: newInitialPassword(r.username) });
      continue;
    }
    const oldSites = parseSites(old.sites);
    const oldPhone = old.phone_enc ? ctx.pii.decrypt(old.phone_enc) : null;
    const changed: string[] = [];
    if (old.display_name !== r.displayName) changed.push('display_name');
    if (old.role !== r.role) changed.push('role');
    if (!sameCodes(parseScope(old.scope), r.scope)) changed.push('scope');
    if (r.sites !== undefined && !sameCodes(oldSites.map(siteKey), r.sites.map(siteKey))) changed.push('sites');
    if (r.phone !== null && r.phone !== oldPhone) changed.push('phone'); // an empty cell leaves a known phone as it is
    const grantChanged = changed.some((c) => c === 'role' || c === 'scope' || c === 'sites');
    if (grantChanged && actor.kind === 'user' && actor.id === old.id) {
      errors.push(rowProblem(r.row, 'username', why('own_account', 'you cannot change your own role, scope or sites')));
      continue;
    }
    plan.push(changed.length ? { kind: 'update', row: r, old, changed, grantChanged } : { kind: 'unchanged', row: r });
  }
  return plan;
}

/** Every good row in one transaction with its audit entry; a name taken meanwhile becomes that row's error. */
async function writePlan(
  ctx: AppContext,
  trx: Kysely<DB>,
  actor: Actor,
  plan: Planned[],
  errors: ImportRowError[],
  rows: number,
): Promise<{ created: Array<Extract<Planned, { kind: 'create' }>>; updated: number }> {
  const repo = new UserRepository(trx);
  const now = ctx.clock.nowIso();
  const creates = plan.filter((p): p is Extract<Planned, { kind: 'create' }> => p.kind === 'create');
  const taken = new Set((await repo.byUsernames(creates.map((p) => p.row.username))).map((u) => u.username));
  const created = creates.filter(
    (p) =>
      !taken.has(p.row.username) ||
      (errors.push(rowProblem(p.row.row, 'username', why('created_meanwhile', 'was created meanwhile; run the import again'))), false),
  );
  const siteAreas = await repo.siteAreas(plan.flatMap((p) => p.row.sites ?? []));
  const reach = (scope: readonly string[], sites: readonly SiteRef[]) => [
    ...scope,
    ...sites.map((s) => siteAreas.get(siteKey(s))).filter((a): a is string => !!a),
  ];
  const audit: AuditEntry[] = [];

  const users = created.map((p) => {
    const r = p.row;
    const sites = r.sites ?? [];
    const user: UserRow = {
      id: newId(),
      username: r.username,
      display_name: r.displayName,
      password_hash: p.hash as string,
      role: r.role,
      scope: JSON.stringify(r.scope),
      sites: JSON.stringify(sites),
      disabled: 0,
      must_change_password: 1, // the forced-change gate (auth-hook.ts) holds them until they choose their own
      failed_logins: 0,
      locked_until: null,
      phone_masked: r.phone ? maskPhone(r.phone) : null,
      phone_enc: r.phone ? ctx.pii.encrypt(r.phone) : null,
      created_at: now,
      updated_at: now,
    };
    audit.push({
      actor,
      action: 'user.created',
      targetType: 'user',
      targetId: user.id,
      areaCode: auditAreaOf(r.scope),
      details: { username: r.username, role: r.role, scope: r.scope, sites, via: 'import' },
    });
    return { user, areas: reach(r.scope, sites) };
  });
  await repo.insertMany(users);

  let updated = 0;
  for (const p of plan) {
    if (p.kind !== 'update') continue;
    const { row: r, old } = p;
    const set: Partial<UserRow> = { updated_at: now, display_name: r.displayName, role: r.role, scope: JSON.stringify(r.scope) };
    if (r.sites !== undefined) set.sites = JSON.stringify(r.sites);
    if (p.changed.includes('phone') && r.phone) Object.assign(set, { phone_enc: ctx.pii.encrypt(r.phone), phone_masked: maskPhone(r.phone) });
    await repo.update(old.id, set);
    if (p.grantChanged) {
      await repo.setAreas('user', old.id, reach(r.scope, r.sites ?? parseSites(old.sites)));
      await repo.deleteSessionsOf(old.id); // a narrowed grant takes effect now, not at the next login
    }
    audit.push({
      actor,
      action: 'user.updated',
      targetType: 'user',
      targetId: old.id,
      areaCode: auditAreaOf(r.scope),
      details: { changed: p.changed, role: r.role, scope: r.scope, sites: r.sites, via: 'import' },
    });
    updated++;
  }
  audit.push({
    actor,
    action: 'users.imported',
    targetType: 'import_batch',
    details: {
      rows,
      created: users.map((u) => u.user.id),
      updated,
      unchanged: plan.filter((p) => p.kind === 'unchanged').length,
      rejected: new Set(errors.map((e) => e.row)).size,
    },
  });
  await new AuditService(ctx).appendMany(audit, trx);
  return { created, updated };
}
