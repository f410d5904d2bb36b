import { handoffActionBody, handoffActionParams, handoffListQuery, handoffPageSchema, handoffSchema } from '../../../contract/handoffs';
import { actorOf } from '../../http/route-config';
import type { ModuleRoutes } from '../../http/plugin';
import { handoffView } from './handoff-view';
import { HandoffService } from './handoffs';

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
        querystring: handoffListQuery,
        response: { 200: handoffPageSchema },
      },
    },
    async (req) => {
      const page = await handoffs.list(actorOf(req), req.query);
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
        params: handoffActionParams,
        body: handoffActionBody,
        response: { 200: handoffSchema },
      },
    },
    async (req) => {
      const to = req.params.action === 'acknowledge' ? 'acknowledged' : 'done';
      return handoffView(await handoffs.act(actorOf(req), req.params.id, to, req.body?.note));
    },
  );
};
