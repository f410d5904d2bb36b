import { permissionsOf, type Permission, type Role } from './permissions';

/** Who is acting: a logged-in user, a machine token, or the system itself (jobs, CLI). */
export interface Actor {
  kind: 'user' | 'token' | 'system';
  id: string | null;
  name: string;
  role: Role;
  permissions: ReadonlySet<Permission>;
  /** Area codes this actor may see; a code covers everything below it; '*' is everything. */
  scope: readonly string[];
  requestId?: string;
}

export function systemActor(name = 'system'): Actor {
  return { kind: 'system', id: null, name, role: 'admin', permissions: permissionsOf('admin'), scope: ['*'] };
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

/** Does the actor's scope cover area `code`? */
export function coversArea(actor: Actor, code: string): boolean {
  return actor.scope.some((s) => s === '*' || code.startsWith(s));
}
