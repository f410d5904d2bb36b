import { z } from 'zod';
import type { ModuleRoutes } from '../../http/plugin';
import { ResidentResultsService } from './resident.service';

/** Public, rate-limited: residents look up their own results with ID number + one-time code. */
export const residentRoutes: ModuleRoutes = async (app, { ctx }) => {
  const svc = new ResidentResultsService(ctx);
  const limit = { max: 5, timeWindow: '1 minute' };
  app.post(
    '/public/results/code',
    {
      config: { access: 'public', rateLimit: limit },
      schema: { tags: ['public'], summary: 'Send a one-time code to the registered phone', body: z.object({ idNumber: z.string().min(5).max(30) }) },
    },
    async (req) => svc.requestCode(req.body.idNumber),
  );
  app.post(
    '/public/results',
    {
      config: { access: 'public', rateLimit: limit },
      schema: {
        tags: ['public'],
        summary: 'Own results with ID number and one-time code',
        body: z.object({ idNumber: z.string().min(5).max(30), code: z.string().regex(/^\d{6}$/) }),
      },
    },
    async (req) => svc.results(req.body.idNumber, req.body.code),
  );
};
