import type { Scope } from '../access';
import { permissionsOf, roles, type Permission, type Role } from './permissions';

/**
 * The rules that keep user and token management from escalating (issue 10). A manager grants
 * only what they hold themselves: a role whose permissions are all theirs, areas all inside
 * their scope; and they see and manage only users and tokens whose grant lies entirely inside
 * theirs. Pure: the SQL form of the same rule is in user.repository.ts (`manageableSql`).
 */

/** Does `held` include every permission of `role`? */
export function roleWithin(held: ReadonlySet<Permission>, role: Role): boolean {
  for (const p of permissionsOf(role)) if (!held.has(p)) return false;
  return true;
}

/** The roles a holder of `held` may grant, and so may manage. */
export function grantableRoles(held: ReadonlySet<Permission>): Role[] {
  return roles.filter((r) => roleWithin(held, r));
}

/** The codes among `codes` that `scope` does not cover ('*' is covered only by a city scope). */
export function uncoveredAreas(scope: Scope, codes: readonly string[]): string[] {
  return codes.filter((c) => !scope.covers(c));
}

/** Two grants name the same areas (order and duplicates aside)? */
export function sameCodes(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((c) => y.has(c));
}

/** The one area an audit entry about a grant belongs to: its only scope code, else none (city-level). */
export function auditAreaOf(scope: readonly string[]): string | undefined {
  return scope.length === 1 && scope[0] !== '*' ? scope[0] : undefined;
}
