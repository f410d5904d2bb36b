import { z } from 'zod';
import { actorOf } from '../../http/route-config';
import type { ModuleRoutes } from '../../http/plugin';
import { areaCodeSchema } from '../../http/schemas';
import type { HandoffRow } from './handoff.table';
import { HandoffService, type HandoffListItem } from './handoffs';

const handoffView = (h: HandoffRow | HandoffListItem) => ({
  id: h.id,
  areaCode: h.area_code,
  kind: h.kind,
  personId: h.person_id,
  subjectType: h.subject_type,
  subjectId: h.subject_id,
  fromAreaCode: h.from_area_code,
  message: h.message,
  status: h.status,
  createdBy: h.created_by,
  createdAt: h.created_at,
  actedBy: h.acted_by,
  actedAt: h.acted_at,
  note: h.note,
  // Present only in the inbox list, and only for a person still within the reader's scope.
  person: 'person' in h ? h.person : undefined,
});

/** The hand-off inbox: what other areas' work handed to mine. */
export const accessRoutes: ModuleRoutes = async (app, { ctx }) => {
  const handoffs = new HandoffService(ctx);
  app.get(
    '/handoffs',
    {
      config: { access: 'people:read' },
      schema: {
        tags: ['handoffs'],
        summary: 'Hand-offs addressed to my areas (移交), newest first (keyset)',
        querystring: z.object({
          area: areaCodeSchema.optional(),
          status: z.enum(['pending', 'open', 'acknowledged', 'done']).optional(),
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
      },
    },
    async (req) => {
      const page = await handoffs.list(actorOf(req), req.query);
      // The zone instants are shown in (EPIGRID_TZ), so the inbox shows the command centre's time.
      return { items: page.items.map(handoffView), nextCursor: page.nextCursor, timeZone: ctx.config.timeZone };
    },
  );
  app.post(
    '/handoffs/:id/:action',
    {
      config: { access: 'people:write' },
      schema: {
        tags: ['handoffs'],
        summary: 'Acknowledge a hand-off, or mark it done with a note',
        params: z.object({ id: z.string().max(64), action: z.enum(['acknowledge', 'done']) }),
        body: z.object({ note: z.string().max(2000).optional() }).optional(),
      },
    },
    async (req) => {
      const to = req.params.action === 'acknowledge' ? 'acknowledged' : 'done';
      return handoffView(await handoffs.act(actorOf(req), req.params.id, to, req.body?.note));
    },
  );
};
