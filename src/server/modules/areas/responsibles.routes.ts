import { z } from 'zod';
import { ownerImportResultSchema } from '../../../contract/owners';
import { fileOf } from '../../http/multipart';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { importResponsibles } from './responsibles-import';
import { revealResponsiblePhone } from './responsibles.service';

/** Owners of areas in bulk (issue 13 item 5) and an owner's phone in clear (audited). */
export const responsiblesRoutes: ModuleRoutes = async (app, { ctx }) => {
  app.post(
    '/areas/responsibles/import',
    {
      config: { access: 'areas:write' },
      schema: {
        tags: ['areas'],
        summary:
          'Import the people answerable for areas from CSV/XLSX (multipart field "file"; columns area_code,duty,name,title,phone). Good rows are kept, bad rows reported; a second run of the same file changes nothing',
        response: { 200: ownerImportResultSchema },
      },
    },
    async (req) => importResponsibles(ctx, actorOf(req), await fileOf(req, ctx.config.uploadLimitBytes)),
  );

  app.post(
    '/areas/responsibles/:id/reveal',
    {
      config: { access: 'pii:reveal' },
      schema: {
        tags: ['areas'],
        summary: "A responsible's phone in clear (reason required; audited)",
        params: z.object({ id: z.string().max(64) }),
        body: z.object({ reason: z.string().max(200) }),
        response: { 200: z.object({ phone: z.string().nullable() }) },
      },
    },
    async (req) => revealResponsiblePhone(ctx, actorOf(req), req.params.id, req.body.reason),
  );
};
