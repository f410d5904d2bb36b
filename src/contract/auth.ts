/**
 * The session, user and token contract (`/auth/*`, `/roles`, `/users`, `/tokens`). Declared by
 * the server's routes (answers serialised through these schemas: never a password hash or token
 * hash), imported as types by the web; keys are camelCase. Roles and permissions are in access.ts.
 */
import { z } from 'zod';
import { permissions, roles, siteKinds } from './access';

/** A work-site posting: a quarantine site by facility id, a sampling site or lab by code. */
export const siteRef = z.object({ kind: z.enum(siteKinds), code: z.string().min(1).max(64) });
const sites = z.array(siteRef).max(50);
/** Area codes a user or token may see; `*` is the whole city. */
const scope = z.array(z.string().regex(/^(\*|\d{2,18})$/, 'must be an area code or *')).max(200);

/** An answer with no body (logout, password change, token revoked). */
export const noContent = z.null().describe('No content');

export const loginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
export const passwordBody = z.object({ currentPassword: z.string().min(1), newPassword: z.string().min(1).max(200) });

/** A user as the API shows it (never the hash). */
export const user = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  scope: z.array(z.string()),
  sites: z.array(siteRef),
  permissions: z.array(z.enum(permissions)),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  /** The latest lock of any client address out of this account (someone kept guessing). */
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof user>;
export const userAnswer = z.object({ user });
/**
 * Login and `/auth/me`: the user and the command centre's settings every page needs — the time
 * zone instants are shown in (EPIGRID_TZ), whatever the browser's own zone.
 */
export const sessionAnswer = z.object({ user, timeZone: z.string() });
export type SessionAnswer = z.infer<typeof sessionAnswer>;

export const roleList = z.object({ items: z.array(z.object({ role: z.enum(roles), permissions: z.array(z.enum(permissions)) })) });
export type RoleList = z.infer<typeof roleList>;

export const userListQuery = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  q: z.string().max(50).optional(),
});
export const userPage = z.object({ items: z.array(user), nextCursor: z.string().nullable() });
export type UserPage = z.infer<typeof userPage>;

export const userCreateBody = z.object({
  username: z.string().max(40),
  displayName: z.string().min(1).max(100),
  role: z.string(),
  scope,
  sites: sites.optional(),
  password: z.string().max(200),
  mustChangePassword: z.boolean().optional(),
});
export type UserCreate = z.input<typeof userCreateBody>;
export const userPatchBody = z.object({
  displayName: z.string().min(1).max(100).optional(),
  role: z.string().optional(),
  scope: scope.optional(),
  sites: sites.optional(),
  disabled: z.boolean().optional(),
  password: z.string().max(200).optional(),
});
export type UserPatch = z.input<typeof userPatchBody>;

export const token = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  scope: z.array(z.string()),
  sites: z.array(siteRef),
  createdBy: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type Token = z.infer<typeof token>;
export const tokenList = z.object({ items: z.array(token) });
export const tokenCreateBody = z.object({ name: z.string().min(1).max(100), role: z.string(), scope, sites: sites.optional() });
export type TokenCreate = z.input<typeof tokenCreateBody>;
/** The new token in clear: shown only in this answer. */
export const tokenCreated = z.object({ id: z.string(), token: z.string() });
export type TokenCreated = z.infer<typeof tokenCreated>;
