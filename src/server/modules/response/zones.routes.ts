import * as r from '../../../contract/response';
import * as c from '../../../contract/zones';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { incidentMap } from './incident-map';
import { zoneView } from './task-view';
import { ZonesService } from './zones.service';

const tags = ['response'];
const read = { access: 'response:read' } as const;
const write = { access: 'response:write' } as const;

/** Control zones of an incident (管控区域) and the incident map. Schemas in src/contract/zones.ts. */
export const zonesRoutes: ModuleRoutes = async (app, opts) => {
  const { ctx } = opts;
  const zones = new ZonesService(ctx);
  const now = () => ctx.clock.nowIso();
  app.get(
    '/incidents/:id/zones',
    {
      config: read,
      schema: { tags, summary: 'The control zones of an incident (封控区 / 管控区 / 防范区)', params: r.idParam, response: { 200: c.zoneList } },
    },
    async (req) => ({ items: (await zones.list(actorOf(req), req.params.id)).map((z) => zoneView(z, now())) }),
  );
  app.post(
    '/incidents/:id/zones',
    {
      config: write,
      schema: {
        tags,
        summary: 'Draw a control zone: area codes and/or a polygon, kind, start and end',
        params: r.idParam,
        body: c.zoneBody,
        response: { 201: c.zone },
      },
    },
    async (req, reply) => reply.status(201).send(zoneView(await zones.create(actorOf(req), req.params.id, req.body), now())),
  );
  app.post(
    '/zones/:id/end',
    { config: write, schema: { tags, summary: 'Lift a control zone (解封) with a note', params: r.idParam, body: c.zoneEndBody, response: { 200: c.zone } } },
    async (req) => zoneView(await zones.end(actorOf(req), req.params.id, req.body), now()),
  );
  app.get(
    '/incidents/:id/map.geojson',
    {
      config: read,
      schema: {
        tags,
        summary: 'The incident on the map: its area, zones, linked cases and placements (GeoJSON)',
        params: r.idParam,
        response: { 200: c.incidentMap },
      },
    },
    async (req) => incidentMap(ctx, actorOf(req), req.params.id),
  );
};
