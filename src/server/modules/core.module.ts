import { accessRoutes } from './access/access.routes';
import { AuditService } from './audit/audit.service';
import { auditRoutes } from './audit/audit.routes';
import { AuthService } from './auth/auth.service';
import { authRoutes } from './auth/auth.routes';
import { usersImportRoutes } from './auth/users-import.routes';
import { importReportRoutes } from './import-report.routes';
import { can } from './auth/actor';
import { Scope } from './access/scope';
import { JobRepository } from '../jobs/job.repository';
import { dispatchEvents } from '../events';
import type { EpiModule } from './module';
import { registerOwnerCommands } from './owners.commands';

/** Users, sessions, tokens, audit and jobs: the foundation every capability stands on. */
export const coreModule: EpiModule = {
  name: 'core',
  commands: registerOwnerCommands,
  routes: async (app, opts) => {
    await app.register(authRoutes, opts);
    await app.register(usersImportRoutes, opts);
    await app.register(auditRoutes, opts);
    await app.register(accessRoutes, opts);
    await app.register(importReportRoutes, opts);
  },
  figures: async (ctx, actor) => {
    // System figures (all users, sessions, the whole audit trail, the job queue) are the city
    // operator's: a street-scoped admin would learn other streets' activity from them.
    if (!can(actor, 'users:manage') || !Scope.of(actor).isCity) return [];
    const auth = new AuthService(ctx);
    return [
      { key: 'users', value: await auth.countUsers() },
      { key: 'sessions_active', value: await auth.countActiveSessions() },
      { key: 'audit_entries', value: await new AuditService(ctx).count() },
      // The alert for the city's admins: security events of the last 24 hours (listed on the audit page, action security.*).
      {
        key: 'security_events_24h',
        value: await new AuditService(ctx).countSecurityEvents(new Date(Date.parse(ctx.clock.nowIso()) - 86_400_000).toISOString()),
      },
      { key: 'jobs_pending', value: await new JobRepository(ctx.db, ctx.dialect).countPending() },
    ];
  },
  jobs: [
    {
      // Every 5 s: an escalated alert activates its plan well within the minute the response issue allows.
      name: 'events.dispatch',
      intervalSeconds: 5,
      handler: async (ctx) => {
        const { modules } = await import('./index'); // lazy: index imports this module
        await dispatchEvents(
          ctx,
          modules.flatMap((m) => m.events ?? []),
        );
      },
    },
    {
      name: 'auth.purge_expired_sessions',
      intervalSeconds: 3600,
      handler: async (ctx) => {
        await new AuthService(ctx).purgeExpiredSessions();
      },
    },
  ],
};
