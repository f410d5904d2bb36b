import * as api from '../../../contract/alerts';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { AlertsService } from './alerts.service';
import { RulesService } from './rules.service';

const tags = ['alerts'];
const read = { access: 'alerts:read' } as const;
const triage = { access: 'alerts:triage' } as const;
const rulesWrite = { access: 'triggers:write' } as const;

/** /api/v1/alerts (inbox, triage) and /api/v1/triggers (multi-point trigger rules). */
export const alertsRoutes: ModuleRoutes = async (app, opts) => {
  const alerts = new AlertsService(opts.ctx);
  const rules = new RulesService(opts.ctx);

  app.get(
    '/alerts',
    {
      config: read,
      schema: {
        tags,
        summary: 'Alert inbox in your areas, newest first, with the triage figures',
        querystring: api.alertListQuery,
        response: { 200: api.alertListSchema },
      },
    },
    async (req) => alerts.list(actorOf(req), { ...req.query, overdue: req.query.overdue === 'true' }),
  );
  app.get(
    '/alerts/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One alert: evidence you may read (counts otherwise), triage steps, next actions',
        params: api.alertIdParams,
        response: { 200: api.alertDetailSchema },
      },
    },
    async (req) => alerts.show(actorOf(req), req.params.id),
  );
  for (const action of Object.keys(api.triageActions) as api.TriageAction[])
    app.post(
      `/alerts/:id/${action}`,
      {
        config: triage,
        schema: {
          tags,
          summary: `Triage: ${action} (note required; 409 naming the current status when not allowed from it)`,
          params: api.alertIdParams,
          body: api.triageBody,
          response: { 200: api.alertDetailSchema },
        },
      },
      async (req) => alerts.step(actorOf(req), req.params.id, action, req.body.note),
    );

  app.get(
    '/triggers',
    { config: read, schema: { tags, summary: 'Trigger rules: city-wide ones and those of your areas', response: { 200: api.ruleListSchema } } },
    async (req) => ({
      items: await rules.list(actorOf(req)),
    }),
  );
  app.post(
    '/triggers',
    {
      config: rulesWrite,
      schema: { tags, summary: 'Create a trigger rule (without an area: city-scoped role only)', body: api.ruleCreateBody, response: { 200: api.ruleSchema } },
    },
    async (req) => rules.create(actorOf(req), req.body),
  );
  app.patch(
    '/triggers/:id',
    {
      config: rulesWrite,
      schema: {
        tags,
        summary: 'Change a trigger rule (enable/disable, thresholds, window, grade)',
        params: api.ruleIdParams,
        body: api.ruleUpdateBody,
        response: { 200: api.ruleSchema },
      },
    },
    async (req) => rules.update(actorOf(req), req.params.id, req.body),
  );
};
