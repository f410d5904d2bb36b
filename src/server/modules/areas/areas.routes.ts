import { z } from 'zod';
import { responsibleDuties } from '../../../contract/owners';
import { areaCodeSchema } from '../../http/schemas';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { AreasService } from './areas.service';

const code = areaCodeSchema;
const page = { cursor: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) };
const levels = z.enum(['province', 'city', 'district', 'street', 'community', 'grid', 'building']);

export const areasRoutes: ModuleRoutes = async (app, { ctx }) => {
  const areas = new AreasService(ctx);
  const read = { access: 'areas:read' } as const;

  app.get(
    '/areas',
    { config: read, schema: { tags: ['areas'], summary: 'The areas where your tree starts (your scope), with counts and owners' } },
    async (req) => ({ items: await areas.roots(actorOf(req)) }),
  );

  app.get(
    '/areas/gaps',
    {
      config: read,
      schema: {
        tags: ['areas'],
        summary: 'Areas of a level with nobody answerable (断点、盲区); with duty, nobody of that duty',
        querystring: z.object({ level: levels.default('grid'), duty: z.enum(responsibleDuties).optional(), ...page }),
      },
    },
    async (req) => areas.gaps(actorOf(req), req.query.level, req.query.cursor ?? null, req.query.limit, req.query.duty),
  );

  app.get(
    '/areas/:code',
    { config: read, schema: { tags: ['areas'], summary: 'One area with counts and the people answerable for it', params: z.object({ code }) } },
    async (req) => areas.detail(actorOf(req), req.params.code),
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
      },
    },
    async (req) => areas.children(actorOf(req), req.params.code, req.query.cursor ?? null, req.query.limit),
  );

  app.get(
    '/areas/:code/grids.geojson',
    { config: read, schema: { tags: ['areas'], summary: 'Grid polygons under an area as GeoJSON with population', params: z.object({ code }) } },
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
        body: z.object({
          duty: z.string(),
          name: z.string().max(50),
          title: z.string().max(50).optional(),
          phone: z.string().optional(),
          userId: z.string().optional(),
        }),
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
        querystring: z.object({ reason: z.string().min(1) }),
      },
    },
    async (req, reply) => {
      await areas.removeResponsible(actorOf(req), req.params.id, req.query.reason);
      return reply.status(204).send();
    },
  );
};
