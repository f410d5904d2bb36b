import { noContent } from '../../../contract/auth';
import * as c from '../../../contract/testing';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { RoundUndoService } from './round-undo.service';

/** Taking back a round's decisions: reopening it after closing, undoing a 免采 record. */
export const roundUndoRoutes: ModuleRoutes = async (app, opts) => {
  const undo = new RoundUndoService(opts.ctx);
  const tags = ['testing'];
  app.post(
    '/testing/rounds/:id/reopen',
    {
      config: { access: 'testing:manage' },
      schema: {
        tags,
        summary: 'Reopen a closed round, with reason: within 24 h of closing and only while no later round covers its areas',
        params: c.idParams,
        body: c.undoReasonBody,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await undo.reopenRound(actorOf(req), req.params.id, req.body.reason);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/testing/rounds/:id/exemptions/:personId/undo',
    {
      config: { access: 'testing:manage' },
      schema: {
        tags,
        summary: 'Take back a 免采 record, with reason (round open): the person is missing again and the target rises back',
        params: c.exemptionPersonParams,
        body: c.undoReasonBody,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await undo.undoExemption(actorOf(req), req.params.id, req.params.personId, req.body.reason);
      return reply.status(204).send(null);
    },
  );
};
