import { z } from 'zod';
import type { ModuleRoutes } from '../../http/plugin';
import { AuditService } from './audit.service';

export const auditRoutes: ModuleRoutes = async (app, { ctx }) => {
  const audit = new AuditService(ctx);
  app.get(
    '/audit',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit trail, newest first (keyset by seq)',
        querystring: z.object({
          cursor: z.string().regex(/^\d+$/).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          action: z.string().optional(),
          targetId: z.string().optional(),
        }),
      },
    },
    async (req) => {
      const page = await audit.list(req.query);
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
    { config: { access: 'audit:read' }, schema: { tags: ['audit'], summary: 'Verify the hash chain; names the first broken entry' } },
    async () => audit.verify(),
  );
};
