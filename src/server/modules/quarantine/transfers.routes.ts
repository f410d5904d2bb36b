import { idParam } from '../../../contract/quarantine';
import * as c from '../../../contract/transfers';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { listDestinations } from './destinations';
import { TransferPhoneService } from './transfer-phone.service';
import { transferView, vehicleView } from './transfer-view';
import { TransfersService } from './transfers.service';

const tags = ['quarantine'];

/** Transfers (人员转运): mode, requests, vehicle runs, steps, vehicles. Schemas in src/contract/transfers.ts. */
export const transferRoutes: ModuleRoutes = async (app, opts) => {
  const transfers = new TransfersService(opts.ctx);
  const write = { access: 'quarantine:write' } as const;
  const tRead = { access: 'transfer:read' } as const;
  const tWrite = { access: 'transfer:write' } as const;
  // Requesting a transfer of one's own residents is also the epidemiologist's hand-off (安排转运).
  const tRequest = { access: ['transfer:write', 'quarantine:arrange'] } as const;
  app.get(
    '/transfers/mode',
    { config: tRead, schema: { tags, summary: 'Transfer approval mode: emergency approves automatically', response: { 200: c.transferMode } } },
    async () => ({ mode: await transfers.mode() }),
  );
  app.put(
    '/transfers/mode',
    { config: write, schema: { tags, summary: 'Switch transfer approval mode', body: c.transferMode, response: { 200: c.transferMode } } },
    async (req) => transfers.setMode(actorOf(req), req.body.mode),
  );
  app.post(
    '/transfers',
    {
      config: tRequest,
      schema: {
        tags,
        summary:
          'Request transfers by person id (a household together); all-or-nothing: refused when the destination is full, a person already has one under way, or a minor/dependant travels without an adult of the household or a named carer (NEEDS_GUARDIAN)',
        body: c.transferRequestBody,
        response: { 201: c.transferRequested },
      },
    },
    async (req, reply) => reply.status(201).send({ items: await transfers.request(actorOf(req), req.body) }),
  );
  app.get(
    '/transfers/destinations',
    {
      config: tRequest,
      schema: {
        tags,
        summary:
          "Where the caller may send people: the sites they run and the city's treatment places (定点/亚定点医院, 方舱), active, with rooms free and arrivals on the way",
        response: { 200: c.destinationList },
      },
    },
    async (req) => ({
      items: (await listDestinations(opts.ctx, actorOf(req))).map((d) => ({
        id: d.id,
        name: d.name,
        type: d.type,
        areaCode: d.area_code,
        own: d.own,
        roomsFree: d.rooms_free,
        incoming: d.incoming,
      })),
    }),
  );
  app.get(
    '/transfers',
    {
      config: tRead,
      schema: { tags, summary: 'Transfer board, or one facility’s incoming arrivals', querystring: c.transferListQuery, response: { 200: c.transferList } },
    },
    async (req) => ({
      items: (await transfers.list(actorOf(req), { facilityId: req.query.facilityId, live: req.query.live === 'true', limit: req.query.limit })).map(
        transferView,
      ),
    }),
  );
  app.post(
    '/transfers/advance',
    {
      config: tWrite,
      schema: { tags, summary: 'Approve, pick up or arrive (arrival places each person)', body: c.advanceBody, response: { 200: c.advanced } },
    },
    async (req) => transfers.advance(actorOf(req), req.body.ids, req.body.to),
  );
  app.post(
    '/transfers/assign',
    {
      config: tWrite,
      schema: {
        tags,
        summary: 'One vehicle run for approved transfers, within its seats; sets the pickup order (nearest-neighbour by building, else by street/community)',
        body: c.assignBody,
        response: { 200: c.assigned },
      },
    },
    async (req) => transfers.assignVehicle(actorOf(req), req.body.ids, req.body.vehicleId),
  );
  app.post(
    '/transfers/:id/cancel',
    { config: tWrite, schema: { tags, summary: 'Cancel with reason', params: idParam, body: c.cancelBody, response: { 200: c.cancelled } } },
    async (req) => transfers.cancel(actorOf(req), req.params.id, req.body.reason),
  );
  app.post(
    '/transfers/:id/phone',
    {
      config: tWrite,
      schema: {
        tags,
        summary: 'The phone of the person to pick up, in clear, while the transfer is under way (audited as a reveal, hourly limit)',
        params: idParam,
        body: c.phoneRevealBody,
        response: { 200: c.phoneRevealed },
      },
    },
    async (req) => new TransferPhoneService(opts.ctx).reveal(actorOf(req), req.params.id, req.body.reason),
  );
  app.get('/transfers/vehicles', { config: tRead, schema: { tags, summary: 'Vehicles', response: { 200: c.vehicleList } } }, async (req) => ({
    items: (await transfers.vehicles(actorOf(req))).map(vehicleView),
  }));
  app.post(
    '/transfers/vehicles',
    { config: tWrite, schema: { tags, summary: 'Add a vehicle (seats, driver)', body: c.vehicleBody, response: { 201: c.vehicle } } },
    async (req, reply) => reply.status(201).send(vehicleView(await transfers.addVehicle(actorOf(req), req.body))),
  );
};
