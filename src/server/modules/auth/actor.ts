import { siteKinds, type SiteKind, type SiteRef } from '../../../contract/access';
import { permissionsOf, type Permission, type Role } from './permissions';

export { siteKinds, type SiteKind, type SiteRef } from '../../../contract/access';

/** Who is acting: a logged-in user, a machine token, or the system itself (jobs, CLI). */
export interface Actor {
  kind: 'user' | 'token' | 'system';
  id: string | null;
  name: string;
  role: Role;
  permissions: ReadonlySet<Permission>;
  /** Area codes this actor may see; a code covers everything below it; '*' is everything. */
  scope: readonly string[];
  /** Work sites this actor is posted to (empty for most). */
  sites: readonly SiteRef[];
  /** A user whose password was set by someone else may do nothing but change it (auth-hook.ts). */
  mustChangePassword?: boolean;
  requestId?: string;
}

export function systemActor(name = 'system'): Actor {
  return { kind: 'system', id: null, name, role: 'admin', permissions: permissionsOf('admin'), scope: ['*'], sites: [] };
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

/** Does the actor's scope cover area `code`? Prefer `Scope.of(actor).covers(code)` in new code. */
export function coversArea(actor: Actor, code: string): boolean {
  return actor.scope.some((s) => s === '*' || code.startsWith(s));
}

/** Parse a stored sites list (JSON text of `kind:code` strings or objects); unknown entries are dropped. */
export function parseSites(text: string | null | undefined): SiteRef[] {
  if (!text) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const out: SiteRef[] = [];
  for (const item of raw) {
    if (item && typeof item === 'object' && 'kind' in item && 'code' in item) {
      const { kind, code } = item as { kind: unknown; code: unknown };
      if ((siteKinds as readonly unknown[]).includes(kind) && typeof code === 'string') out.push({ kind: kind as SiteKind, code });
    }
  }
  return out;
}
