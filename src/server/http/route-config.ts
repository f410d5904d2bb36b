import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors';
import type { Actor } from '../modules/auth/actor';
import type { Permission } from '../modules/auth/permissions';

/** Each API route states who may call it; app.ts refuses to start if one does not. */
/** One permission, or any of several (a route two kinds of work reach, e.g. placing a list: quarantine:write or quarantine:arrange). */
export type RouteAccess = Permission | readonly Permission[] | 'public' | 'authenticated';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The authenticated actor of a request (routes with an access rule always have one). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new DomainError('UNAUTHENTICATED', 'Log in first');
  return req.actor;
}

/** Standard keyset page query: `?cursor=&limit=` with a sane cap. */
export function pageLimit(limit: number | undefined, max = 500, fallback = 50): number {
  return Math.min(Math.max(limit ?? fallback, 1), max);
}
