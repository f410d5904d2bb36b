import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { DomainError } from '../errors';
import { AuditService } from '../modules/audit/audit.service';
import { AuthService } from '../modules/auth/auth.service';
import { can, type Actor } from '../modules/auth/actor';
import type { Permission } from '../modules/auth/permissions';
import './route-config';

export const SESSION_COOKIE = 'epigrid_session';

/**
 * What a user whose password must be changed may still call: the change itself, logout, and
 * who-am-I (so the web knows to show the change-password screen). Everything else answers 403
 * PASSWORD_CHANGE_REQUIRED: a password set by someone else is not the user's yet.
 */
const allowedBeforePasswordChange = new Set(['POST /api/v1/auth/password', 'POST /api/v1/auth/logout', 'GET /api/v1/auth/me']);

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
    if (req.actor.mustChangePassword && !allowedBeforePasswordChange.has(`${req.method} ${req.routeOptions.url}`)) {
      throw new DomainError('PASSWORD_CHANGE_REQUIRED', 'Change your password first', {});
    }
    if (access === 'authenticated') return;
    const anyOf: readonly Permission[] = typeof access === 'string' ? [access] : access;
    if (anyOf.some((p) => can(req.actor as Actor, p))) return;
    const permission = anyOf.join(' | ');
    await audit.recordEvent({
      actor: req.actor,
      action: 'auth.permission_denied',
      targetType: 'route',
      targetId: `${req.method} ${req.routeOptions.url}`,
      details: { permission },
    });
    throw new DomainError('FORBIDDEN', `Permission ${permission} is required`, { permission });
  });
}
