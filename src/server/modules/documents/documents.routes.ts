import type { FastifyReply } from 'fastify';
import * as c from '../../../contract/documents';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { DocumentsService, type PrintedFile } from './documents.service';

const tags = ['documents'];
const pdfNote = ' — answers application/pdf (masked; audited as document.printed)';

function sendPdf(reply: FastifyReply, f: PrintedFile) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${f.filename}"`)
    .header('cache-control', 'no-store')
    .send(f.pdf);
}

/** Printable documents (打印): one GET per document, each a PDF read through the caller's scope. */
export const documentsRoutes: ModuleRoutes = async (app, opts) => {
  const docs = new DocumentsService(opts.ctx);
  app.get(
    '/documents/transfer-runs/:runId/sheet.pdf',
    {
      config: { access: 'transfer:read' },
      schema: { tags, summary: `转运单: a vehicle run's stops in pickup order${pdfNote}`, params: c.runParams },
    },
    async (req, reply) => sendPdf(reply, await docs.transferSheet(actorOf(req), req.params.runId)),
  );
  app.get(
    '/documents/boxes/:code/manifest.pdf',
    {
      config: { access: 'testing:read' },
      schema: { tags, summary: `转运箱清单: the tubes of a transport box, for the lab's count check${pdfNote}`, params: c.boxParams },
    },
    async (req, reply) => sendPdf(reply, await docs.boxManifest(actorOf(req), req.params.code)),
  );
  app.get(
    '/documents/placements/:id/notice.pdf',
    {
      config: { access: 'quarantine:read' },
      schema: { tags, summary: `隔离告知书: the notice to quarantine of a placement${pdfNote}`, params: c.placementParams },
    },
    async (req, reply) => sendPdf(reply, await docs.quarantineNotice(actorOf(req), req.params.id)),
  );
  app.get(
    '/documents/placements/:id/release.pdf',
    {
      config: { access: 'quarantine:read' },
      schema: { tags, summary: `解除隔离证明: the release certificate of a released placement${pdfNote}`, params: c.placementParams },
    },
    async (req, reply) => sendPdf(reply, await docs.releaseCertificate(actorOf(req), req.params.id)),
  );
  app.get(
    '/documents/rounds/:id/missing.pdf',
    {
      config: { access: 'testing:read' },
      schema: {
        tags,
        summary: `未采名单: a round's missing list for an area, grid by grid with the grid worker${pdfNote}`,
        params: c.roundParams,
        querystring: c.missingPrintQuery,
      },
    },
    async (req, reply) => sendPdf(reply, await docs.missingList(actorOf(req), req.params.id, req.query.area)),
  );
};
