import type { Token, User } from '../../../contract/auth';
import { parseSites } from './actor';
import type { ApiTokenRow, UserRow } from './auth.table';
import { permissionsOf, type Role } from './permissions';

/** A user and an API token as the API shows them (src/contract/auth.ts): never a hash. */
export type PublicUser = User;
export type PublicToken = Token;

export function parseScope(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
}

export function toPublic(u: UserRow): PublicUser {
  const role = u.role as Role;
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role,
    scope: parseScope(u.scope),
    sites: parseSites(u.sites),
    permissions: [...permissionsOf(role)],
    disabled: u.disabled === 1,
    mustChangePassword: u.must_change_password === 1,
    lockedUntil: u.locked_until,
    createdAt: u.created_at,
  };
}

export function toPublicToken(t: ApiTokenRow): PublicToken {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    scope: parseScope(t.scope),
    sites: parseSites(t.sites),
    createdBy: t.created_by,
    createdAt: t.created_at,
    revokedAt: t.revoked_at,
    lastUsedAt: t.last_used_at,
  };
}
