import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { importSummarySchema, loadTreeRequest, loadTreeResultSchema } from '../../../contract/areas';
import { DomainError } from '../../errors';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { importBuildings } from './building-import';
import { importGrids } from './grid-import';
import { readAll } from './onboarding-import';
import { loadOfficialTree } from './official-tree.service';

/**
 * A county's own tree, grids and buildings over HTTP (issue 13); the same services as
 * `epigrid areas load` and `epigrid import grids|buildings`.
 */
export const onboardingRoutes: ModuleRoutes = async (app, { ctx }) => {
  /** The whole upload, or 413 before anything is read into the database (the imports are all-or-nothing). */
  async function upload(req: FastifyRequest): Promise<Buffer> {
    const file = await req.file();
    if (!file) throw new DomainError('VALIDATION_FAILED', 'Send the file as multipart field "file"', { fields: { file: 'is required' } });
    const buf = await readAll(file.file);
    if (file.file.truncated)
      throw new DomainError('PAYLOAD_TOO_LARGE', `The file is larger than the upload limit (${ctx.config.uploadLimitBytes} bytes); nothing was imported`);
    return buf;
  }

  app.post(
    '/areas/load',
    {
      config: { access: 'areas:write' },
      schema: {
        tags: ['areas'],
        summary:
          'Load the official tree (province, city, districts, streets/towns, communities/villages) of districts or of a whole city from the kept division list; city-scoped roles only; a second call changes nothing',
        body: loadTreeRequest,
        response: { 200: loadTreeResultSchema },
      },
    },
    async (req) => {
      const b = req.body;
      return loadOfficialTree(ctx, actorOf(req), b.city ? { city: b.city } : { districts: b.districts ?? [] });
    },
  );

  app.post(
    '/areas/grids/import',
    {
      config: { access: 'areas:write' },
      schema: {
        tags: ['areas'],
        summary:
          'Import grids (multipart field "file"): GeoJSON FeatureCollection or CSV/XLSX grid_code,name,community_code,polygon. All-or-nothing: rejected rows are listed (row, column, reason) and nothing is written; re-import is "unchanged"; a new polygon redraws a grid',
        response: { 200: importSummarySchema },
      },
    },
    async (req) => importGrids(ctx, actorOf(req), await upload(req)),
  );

  app.post(
    '/areas/buildings/import',
    {
      config: { access: 'areas:write' },
      schema: {
        tags: ['areas'],
        summary:
          'Import buildings (multipart field "file"): CSV/XLSX building_code,name,grid_code,address,lng,lat. All-or-nothing: rejected rows are listed (row, column, reason) and nothing is written; re-import is "unchanged"',
        response: { 200: importSummarySchema },
      },
    },
    async (req) => importBuildings(ctx, actorOf(req), Readable.from([await upload(req)])),
  );
};
