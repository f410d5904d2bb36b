import * as api from '../../../contract/tracing';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { ContactActionsService } from './contact-actions.service';
import { access, tags } from './tracing-http';

/** Work on selected contacts (issue 12): bulk decision, 安排隔离, 转运 — by contact id, never an ID number. */
export const tracingContactRoutes: ModuleRoutes = async (app, opts) => {
  const actions = new ContactActionsService(opts.ctx);
  const arrange = { access: 'quarantine:arrange' } as const;
  app.post(
    '/tracing/contacts/decisions',
    {
      config: access.write,
      schema: {
        tags,
        summary: 'Confirm or dismiss many contacts at once; all-or-nothing (a contact not yours answers 404 and nothing changes)',
        body: api.contactBulkDecisionBody,
        response: { 200: api.contactBulkDecisionSchema },
      },
    },
    async (req) => actions.decideMany(actorOf(req), req.body.ids, req.body),
  );
  app.post(
    '/tracing/contacts/place',
    {
      config: arrange,
      schema: {
        tags,
        summary: '安排隔离: place confirmed contacts by the people they name; keeps its good rows (problems per contact)',
        body: api.contactPlaceBody,
        response: { 200: api.contactPlaceOutcomeSchema },
      },
    },
    async (req) => {
      const r = await actions.place(actorOf(req), req.body);
      return {
        placed: r.placed.map((p) => ({ placementId: p.placement_id, personId: p.person_id, facilityId: p.facility_id, room: p.room, siteEnd: p.site_end })),
        problems: r.problems,
      };
    },
  );
  app.post(
    '/tracing/contacts/transfer',
    {
      config: arrange,
      schema: {
        tags,
        summary: '转运: request the transfer of confirmed contacts to a site; all-or-nothing, like every transfer request',
        body: api.contactTransferBody,
        response: { 201: api.contactTransferOutcomeSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await actions.transfer(actorOf(req), req.body)),
  );
};
