import { z } from 'zod';
import * as c from '../../../contract/auth';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { SESSION_COOKIE } from '../../http/auth-hook';
import { AuthService } from './auth.service';
import { rolesWithPermissions } from './permissions';

/** Sessions, roles, users and tokens: schemas live in src/contract/auth.ts; rows are mapped by user-view.ts. */
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
        body: c.loginBody,
        response: { 200: c.sessionAnswer },
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
      return { user, timeZone: ctx.config.timeZone };
    },
  );

  app.post(
    '/auth/logout',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'End the session', response: { 204: c.noContent } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await auth.logout(token, actorOf(req));
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'The logged-in user and the time zone times are shown in', response: { 200: c.sessionAnswer } },
    },
    async (req) => ({ user: await auth.me(actorOf(req)), timeZone: ctx.config.timeZone }),
  );

  app.post(
    '/auth/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Change own password (ends other sessions)',
        body: c.passwordBody,
        response: { 204: c.noContent },
      },
    },
    async (req, reply) => {
      await auth.changePassword(actorOf(req), req.body.currentPassword, req.body.newPassword, req.cookies[SESSION_COOKIE]);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/roles',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'Roles and their permissions', response: { 200: c.roleList } } },
    async () => ({
      items: rolesWithPermissions(),
    }),
  );

  app.get(
    '/users',
    {
      config: { access: 'users:manage' },
      schema: {
        tags: ['users'],
        summary: 'List the users the caller may manage (keyset by user name)',
        querystring: c.userListQuery,
        response: { 200: c.userPage },
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
        body: c.userCreateBody,
        response: { 200: c.userAnswer },
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
        body: c.userPatchBody,
        response: { 200: c.userAnswer },
      },
    },
    async (req) => ({ user: await auth.updateUser(actorOf(req), req.params.id, req.body) }),
  );

  app.get(
    '/tokens',
    {
      config: { access: 'tokens:manage' },
      schema: {
        tags: ['users'],
        summary: 'API tokens for machine clients (labs, sampling devices) that the caller may manage',
        response: { 200: c.tokenList },
      },
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
        body: c.tokenCreateBody,
        response: { 200: c.tokenCreated },
      },
    },
    async (req) => auth.createToken(actorOf(req), req.body),
  );

  app.delete(
    '/tokens/:id',
    {
      config: { access: 'tokens:manage' },
      schema: { tags: ['users'], summary: 'Revoke an API token', params: z.object({ id: z.string() }), response: { 204: c.noContent } },
    },
    async (req, reply) => {
      await auth.revokeToken(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};
