import { z } from 'zod';
import { areaCodeSchema, pageLimitSchema } from '../../http/schemas';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { TransfersService } from './transfers.service';

const code = areaCodeSchema;
const idParam = z.object({ id: z.string() });
const reason = z.enum(['close-contact', 'secondary-contact', 'arrival', 'case', 'positive-pool']);
const limit = pageLimitSchema;
const tags = ['quarantine'];

/** Transfers (人员转运): mode, requests, vehicle runs, steps, vehicles. */
export const transferRoutes: ModuleRoutes = async (app, opts) => {
  const transfers = new TransfersService(opts.ctx);
  const write = { access: 'quarantine:write' } as const;
  const tRead = { access: 'transfer:read' } as const;
  const tWrite = { access: 'transfer:write' } as const;
  app.get('/transfers/mode', { config: tRead, schema: { tags, summary: 'Transfer approval mode: emergency approves automatically' } }, async () => ({
    mode: await transfers.mode(),
  }));
  app.put(
    '/transfers/mode',
    { config: write, schema: { tags, summary: 'Switch transfer approval mode', body: z.object({ mode: z.enum(['normal', 'emergency']) }) } },
    async (req) => transfers.setMode(actorOf(req), req.body.mode),
  );
  app.post(
    '/transfers',
    {
      config: tWrite,
      schema: {
        tags,
        summary: 'Request transfers (a household together); refused when the destination is full',
        body: z.object({
          personIds: z.array(z.string()).optional(),
          idNumbers: z.array(z.string()).optional(),
          toFacilityId: z.string(),
          reason,
          deadlineHours: z.number().positive().max(72).optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send({ items: await transfers.request(actorOf(req), req.body) }),
  );
  app.get(
    '/transfers',
    {
      config: tRead,
      schema: {
        tags,
        summary: 'Transfer board, or one facility’s incoming arrivals',
        querystring: z.object({ facilityId: z.string().optional(), live: z.enum(['true', 'false']).optional(), limit }),
      },
    },
    async (req) => ({
      items: await transfers.list(actorOf(req), { facilityId: req.query.facilityId, live: req.query.live === 'true', limit: req.query.limit }),
    }),
  );
  app.post(
    '/transfers/advance',
    {
      config: tWrite,
      schema: {
        tags,
        summary: 'Approve, pick up or arrive (arrival places each person)',
        body: z.object({ ids: z.array(z.string()).min(1).max(60), to: z.enum(['approved', 'picked_up', 'arrived']) }),
      },
    },
    async (req) => transfers.advance(actorOf(req), req.body.ids, req.body.to),
  );
  app.post(
    '/transfers/assign',
    {
      config: tWrite,
      schema: {
        tags,
        summary: 'One vehicle run for approved transfers, within its seats',
        body: z.object({ ids: z.array(z.string()).min(1).max(60), vehicleId: z.string() }),
      },
    },
    async (req) => transfers.assignVehicle(actorOf(req), req.body.ids, req.body.vehicleId),
  );
  app.post(
    '/transfers/:id/cancel',
    { config: tWrite, schema: { tags, summary: 'Cancel with reason', params: idParam, body: z.object({ reason: z.string() }) } },
    async (req) => transfers.cancel(actorOf(req), req.params.id, req.body.reason),
  );
  app.get('/transfers/vehicles', { config: tRead, schema: { tags, summary: 'Vehicles' } }, async (req) => ({ items: await transfers.vehicles(actorOf(req)) }));
  app.post(
    '/transfers/vehicles',
    {
      config: tWrite,
      schema: {
        tags,
        summary: 'Add a vehicle (seats, driver)',
        body: z.object({ plate: z.string(), capacity: z.number().int(), driver: z.string(), areaCode: code }),
      },
    },
    async (req, reply) => reply.status(201).send(await transfers.addVehicle(actorOf(req), req.body)),
  );
};
