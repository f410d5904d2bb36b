import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { DomainError } from '../errors';
import { AuditService } from '../modules/audit/audit.service';
import { AuthService } from '../modules/auth/auth.service';
import { can } from '../modules/auth/actor';
import './route-config';

export const SESSION_COOKIE = 'epigrid_session';

function bearerOf(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

/**
 * Every request is authenticated (cookie or bearer token) before its handler, and every
 * route's access rule is checked here; a denial is audited.
 */
export function installAuth(app: FastifyInstance, ctx: AppContext): void {
  const auth = new AuthService(ctx);
  const audit = new AuditService(ctx);
  app.decorateRequest('actor', null);

  app.addHook('onRoute', (route) => {
    const url = route.url ?? '';
    if (url.startsWith('/api/v1') && !route.config?.access) {
      throw new Error(`Route ${String(route.method)} ${url} declares no access rule (config.access)`);
    }
  });

  app.addHook('preHandler', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access) return;
    const session = req.cookies?.[SESSION_COOKIE];
    const bearer = bearerOf(req);
    if (session || bearer) req.actor = await auth.authenticate({ session, bearer }, req.id);
    if (access === 'public') return;
    if (!req.actor) throw new DomainError('UNAUTHENTICATED', 'Log in first (session cookie or Bearer token)');
    if (access === 'authenticated' || can(req.actor, access)) return;
    await audit.append({
      actor: req.actor,
      action: 'auth.permission_denied',
      targetType: 'route',
      targetId: `${req.method} ${req.routeOptions.url}`,
      details: { permission: access },
    });
    throw new DomainError('FORBIDDEN', `Permission ${access} is required`, { permission: access });
  });
}
