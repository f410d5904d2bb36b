import type { z } from 'zod';
import * as c from '../../../contract/grid-reshape';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { GridReshapeService, type ReshapeOutcome } from './grid-reshape.service';

export const reshapeView = (r: ReshapeOutcome): z.infer<typeof c.reshapeOutcomeSchema> => ({
  batchId: r.batch_id,
  grids: r.grids,
  created: r.created,
  retired: r.retired,
  buildings: r.buildings,
  moved: r.moved,
  households: r.households,
  leftAtGrid: r.left_at_grid,
  unlocatedBuildings: r.unlocated_buildings,
  usersToRescope: r.users_to_rescope,
});

/** Grids merged, split and redrawn over HTTP; the same service as `epigrid areas merge-grids|split-grid|redraw-grid`. */
export const gridReshapeRoutes: ModuleRoutes = async (app, { ctx }) => {
  const tags = ['areas'];
  const service = new GridReshapeService(ctx);
  const answer = { 200: c.reshapeOutcomeSchema };
  app.post(
    '/areas/grids/merge',
    {
      config: { access: 'areas:write' },
      schema: {
        tags,
        summary:
          'Merge grids of one community into one (`into` keeps its code): their buildings are re-issued codes under it, people, households, counters and open rounds follow, the merged grids are retired; the caller must answer for the community; one transaction, audited',
        body: c.mergeGridsRequest,
        response: answer,
      },
    },
    async (req) => reshapeView(await service.merge(actorOf(req), req.body)),
  );
  app.post(
    '/areas/grids/split',
    {
      config: { access: 'areas:write' },
      schema: {
        tags,
        summary:
          'Split a grid into drawn parts (at least two, not overlapping; the part with the grid’s code, or the first, keeps it; others get the code given or the next free one): buildings follow the part holding their point, their people with them; people at the grid itself stay; one transaction, audited',
        body: c.splitGridRequest,
        response: answer,
      },
    },
    async (req) => reshapeView(await service.split(actorOf(req), req.body)),
  );
  app.post(
    '/areas/grids/redraw',
    {
      config: { access: 'areas:write' },
      schema: {
        tags,
        summary:
          'Redraw a grid: buildings of the community whose point now lies in it join it (and those now outside it go to the grid holding their point), their people with them; one transaction, audited',
        body: c.redrawGridRequest,
        response: answer,
      },
    },
    async (req) => reshapeView(await service.redrawGrid(actorOf(req), req.body)),
  );
};
