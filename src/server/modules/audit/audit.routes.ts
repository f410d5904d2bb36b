import * as c from '../../../contract/audit';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { Scope } from '../access';
import { auditEntryView } from './audit-view';
import { AuditService } from './audit.service';

/** `/audit*`: schemas live in src/contract/audit.ts; rows are mapped by audit-view.ts. */

export const auditRoutes: ModuleRoutes = async (app, { ctx }) => {
  const audit = new AuditService(ctx);
  app.get(
    '/audit',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: "Audit trail within the caller's scope, newest first (keyset by seq); entries naming no area are city-level",
        querystring: c.auditListQuery,
        response: { 200: c.auditPage },
      },
    },
    async (req) => {
      const page = await audit.list(Scope.of(actorOf(req)), req.query);
      return { items: page.items.map(auditEntryView), nextCursor: page.nextCursor };
    },
  );
  app.get(
    '/audit/verify',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Verify the hash chain (city scope only): every break, and the signed checkpoints it was held against',
        response: { 200: c.auditVerify },
      },
    },
    async (req) => {
      // The chain spans every area's entries: its state is a city-level fact.
      const actor = actorOf(req);
      try {
        Scope.of(actor).ensureCityWide('The audit chain');
      } catch (err) {
        await audit.recordEvent({ actor, action: 'audit.verify_refused', targetType: 'route', targetId: 'GET /api/v1/audit/verify' });
        throw err;
      }
      return audit.verify();
    },
  );
};
