/**
 * Permissions are checked on every API route (see app.ts: a route without one fails start-up).
 * Roles are fixed sets of permissions; a user's area scope is separate and filters data in SQL.
 */
import { rolePermissions, roles, type Permission, type Role } from '../../../contract/access';

export { permissions, roles, type Permission, type Role } from '../../../contract/access';

export function permissionsOf(role: Role): ReadonlySet<Permission> {
  return new Set(rolePermissions[role]);
}

export function isRole(s: string): s is Role {
  return (roles as readonly string[]).includes(s);
}

export function rolesWithPermissions(): Array<{ role: Role; permissions: Permission[] }> {
  return roles.map((role) => ({ role, permissions: [...rolePermissions[role]] }));
}
