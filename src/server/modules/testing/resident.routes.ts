import { z } from 'zod';
import { codeRequestBody, codeSentSchema, ownResultsSchema } from '../../../contract/testing';
import type { ModuleRoutes } from '../../http/plugin';
import { CODE_DIGITS } from './resident.limits';
import { ResidentResultsService } from './resident.service';

/**
 * Public: residents look up their own results with ID number + one-time code. Limited per
 * address here (the address the trusted proxy set, never a client-written header) and per
 * person in the service (resident.limits.ts), which is what stops guessing.
 */
export const residentRoutes: ModuleRoutes = async (app, { ctx }) => {
  const svc = new ResidentResultsService(ctx);
  const limit = { max: 5, timeWindow: '1 minute' };
  app.post(
    '/public/results/code',
    {
      config: { access: 'public', rateLimit: limit },
      schema: {
        tags: ['public'],
        summary: 'Send a one-time code to the registered phone',
        body: codeRequestBody,
        response: { 200: codeSentSchema },
      },
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
        body: codeRequestBody.extend({ code: z.string().regex(new RegExp(`^\\d{${CODE_DIGITS}}$`), `must be ${CODE_DIGITS} digits`) }),
        response: { 200: ownResultsSchema },
      },
    },
    async (req) => svc.results(req.body.idNumber, req.body.code),
  );
};
