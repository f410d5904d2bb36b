import { z } from 'zod';
import * as c from '../../../contract/areas';
import { noContent } from '../../../contract/auth';
import { responsibleDuties } from '../../../contract/owners';
import { areaCodeSchema } from '../../http/schemas';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { areaDetailView, areaGapView, areaSummaryView } from './area-view';
import { AreasService } from './areas.service';

const code = areaCodeSchema;
const page = { cursor: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) };
const levels = z.enum(c.areaLevels);

export const areasRoutes: ModuleRoutes = async (app, { ctx }) => {
  const areas = new AreasService(ctx);
  const read = { access: 'areas:read' } as const;

  app.get(
    '/areas',
    {
      config: read,
      schema: { tags: ['areas'], summary: 'The areas where your tree starts (your scope), with counts and owners', response: { 200: c.areaRootsSchema } },
    },
    async (req) => ({ items: (await areas.roots(actorOf(req))).map(areaSummaryView) }),
  );

  app.get(
    '/areas/gaps',
    {
      config: read,
      schema: {
        tags: ['areas'],
        summary: 'Areas of a level with nobody answerable (断点、盲区); with duty, nobody of that duty',
        querystring: z.object({ level: levels.default('grid'), duty: z.enum(responsibleDuties).optional(), ...page }),
        response: { 200: c.areaGapPageSchema },
      },
    },
    async (req) => {
      const p = await areas.gaps(actorOf(req), req.query.level, req.query.cursor ?? null, req.query.limit, req.query.duty);
      return { items: p.items.map(areaGapView), nextCursor: p.nextCursor };
    },
  );

  app.get(
    '/areas/:code',
    {
      config: read,
      schema: {
        tags: ['areas'],
        summary: 'One area with counts and the people answerable for it',
        params: z.object({ code }),
        response: { 200: c.areaDetailSchema },
      },
    },
    async (req) => areaDetailView(await areas.detail(actorOf(req), req.params.code)),
  );

  app.get(
    '/areas/:code/children',
    {
      config: read,
      schema: {
        tags: ['areas'],
        summary: 'Child areas with population, households and number of responsibles (keyset by code)',
        params: z.object({ code }),
        querystring: z.object(page),
        response: { 200: c.areaPageSchema },
      },
    },
    async (req) => {
      const p = await areas.children(actorOf(req), req.params.code, req.query.cursor ?? null, req.query.limit);
      return { items: p.items.map(areaSummaryView), nextCursor: p.nextCursor };
    },
  );

  app.get(
    '/areas/:code/grids.geojson',
    {
      config: read,
      schema: {
        tags: ['areas'],
        summary: 'Grid polygons under an area as GeoJSON with population',
        params: z.object({ code }),
        response: { 200: c.gridCollectionSchema },
      },
    },
    async (req) => areas.gridGeoJson(actorOf(req), req.params.code),
  );

  app.post(
    '/areas/:code/responsibles',
    {
      config: { access: 'areas:write' },
      schema: {
        tags: ['areas'],
        summary: 'Name a person answerable for an area (四方责任)',
        params: z.object({ code }),
        body: c.responsibleCreateBody,
        response: { 200: c.responsibleSchema },
      },
    },
    async (req) => areas.addResponsible(actorOf(req), req.params.code, req.body),
  );

  app.delete(
    '/areas/responsibles/:id',
    {
      config: { access: 'areas:write' },
      schema: {
        tags: ['areas'],
        summary: 'Remove a responsible (reason required)',
        params: z.object({ id: z.string() }),
        querystring: z.object({ reason: z.string().min(1).max(500) }),
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await areas.removeResponsible(actorOf(req), req.params.id, req.query.reason);
      return reply.status(204).send(null);
    },
  );
};
