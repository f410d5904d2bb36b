import { z } from 'zod';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { Scope } from '../access';
import { AuditService } from './audit.service';

export const auditRoutes: ModuleRoutes = async (app, { ctx }) => {
  const audit = new AuditService(ctx);
  app.get(
    '/audit',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: "Audit trail within the caller's scope, newest first (keyset by seq); entries naming no area are city-level",
        querystring: z.object({
          cursor: z.string().regex(/^\d+$/).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          action: z.string().optional(),
          targetId: z.string().optional(),
        }),
      },
    },
    async (req) => {
      const page = await audit.list(Scope.of(actorOf(req)), req.query);
      return {
        items: page.items.map((r) => ({
          seq: r.seq,
          at: r.at,
          actorName: r.actor_name,
          action: r.action,
          target: r.target_type ? `${r.target_type}:${r.target_id ?? ''}` : null,
          areaCode: r.area_code,
          reason: r.reason,
          requestId: r.request_id,
          details: r.details,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );
  app.get(
    '/audit/verify',
    { config: { access: 'audit:read' }, schema: { tags: ['audit'], summary: 'Verify the hash chain (city scope only); names the first broken entry' } },
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
