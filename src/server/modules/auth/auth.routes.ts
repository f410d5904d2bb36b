import { z } from 'zod';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { SESSION_COOKIE } from '../../http/auth-hook';
import { AuthService } from './auth.service';
import { siteKinds } from './actor';
import { rolesWithPermissions } from './permissions';

/** A work-site posting: a quarantine site by facility id, a sampling site or lab by code. */
const siteSchema = z.object({ kind: z.enum(siteKinds), code: z.string().min(1).max(64) });
const sites = z.array(siteSchema).max(50);

const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  scope: z.array(z.string()),
  sites: z.array(siteSchema),
  permissions: z.array(z.string()),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
});

export const authRoutes: ModuleRoutes = async (app, { ctx }) => {
  const auth = new AuthService(ctx);
  const secure = (proto: string) => (ctx.config.cookieSecure === 'auto' ? proto === 'https' : ctx.config.cookieSecure === 'true');

  app.post(
    '/auth/login',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Log in with user name and password; sets the session cookie',
        body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
        response: { 200: z.object({ user: userSchema }) },
      },
    },
    async (req, reply) => {
      const { token, user } = await auth.login(req.body.username, req.body.password, { ip: req.ip, userAgent: req.headers['user-agent'], requestId: req.id });
      void reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: secure(req.protocol),
        maxAge: ctx.config.sessionTtlHours * 3600,
      });
      return { user };
    },
  );

  app.post('/auth/logout', { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'End the session' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await auth.logout(token, actorOf(req));
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get(
    '/auth/me',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'The logged-in user', response: { 200: z.object({ user: userSchema }) } } },
    async (req) => ({ user: await auth.me(actorOf(req)) }),
  );

  app.post(
    '/auth/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Change own password (ends other sessions)',
        body: z.object({ currentPassword: z.string().min(1), newPassword: z.string().min(1).max(200) }),
      },
    },
    async (req, reply) => {
      await auth.changePassword(actorOf(req), req.body.currentPassword, req.body.newPassword, req.cookies[SESSION_COOKIE]);
      return reply.status(204).send();
    },
  );

  app.get('/roles', { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'Roles and their permissions' } }, async () => ({
    items: rolesWithPermissions(),
  }));

  const scope = z.array(z.string().regex(/^(\*|\d{2,18})$/, 'must be an area code or *')).max(200);

  app.get(
    '/users',
    {
      config: { access: 'users:manage' },
      schema: {
        tags: ['users'],
        summary: 'List the users the caller may manage (keyset by user name)',
        querystring: z.object({ cursor: z.string().optional(), limit: z.coerce.number().int().min(1).max(200).default(50), q: z.string().max(50).optional() }),
      },
    },
    async (req) => auth.listUsers(actorOf(req), req.query),
  );

  app.post(
    '/users',
    {
      config: { access: 'users:manage' },
      schema: {
        tags: ['users'],
        summary: 'Create a user',
        body: z.object({
          username: z.string().max(40),
          displayName: z.string().min(1).max(100),
          role: z.string(),
          scope,
          sites: sites.optional(),
          password: z.string().max(200),
          mustChangePassword: z.boolean().optional(),
        }),
        response: { 200: z.object({ user: userSchema }) },
      },
    },
    async (req) => ({ user: await auth.createUser(actorOf(req), req.body) }),
  );

  app.patch(
    '/users/:id',
    {
      config: { access: 'users:manage' },
      schema: {
        tags: ['users'],
        summary: 'Change, disable or reset a user',
        params: z.object({ id: z.string() }),
        body: z.object({
          displayName: z.string().min(1).max(100).optional(),
          role: z.string().optional(),
          scope: scope.optional(),
          sites: sites.optional(),
          disabled: z.boolean().optional(),
          password: z.string().max(200).optional(),
        }),
        response: { 200: z.object({ user: userSchema }) },
      },
    },
    async (req) => ({ user: await auth.updateUser(actorOf(req), req.params.id, req.body) }),
  );

  app.get(
    '/tokens',
    {
      config: { access: 'tokens:manage' },
      schema: { tags: ['users'], summary: 'API tokens for machine clients (labs, sampling devices) that the caller may manage' },
    },
    async (req) => ({ items: await auth.listTokens(actorOf(req)) }),
  );

  app.post(
    '/tokens',
    {
      config: { access: 'tokens:manage' },
      schema: {
        tags: ['users'],
        summary: 'Create an API token; the token is shown only in this response',
        body: z.object({ name: z.string().min(1).max(100), role: z.string(), scope, sites: sites.optional() }),
      },
    },
    async (req) => auth.createToken(actorOf(req), req.body),
  );

  app.delete(
    '/tokens/:id',
    { config: { access: 'tokens:manage' }, schema: { tags: ['users'], summary: 'Revoke an API token', params: z.object({ id: z.string() }) } },
    async (req, reply) => {
      await auth.revokeToken(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
