import { z } from 'zod';
import * as c from '../../../contract/unplaced';
import { validationError, why } from '../../errors';
import { areaCodeSchema, pageLimitSchema } from '../../http/schemas';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { BulkGridAssignment, type BulkOutcome } from './grid-assignment-bulk';
import { GridAssignmentService, MAX_ASSIGN } from './grid-assignment.service';

const bulkAnswer = z.object({
  mode: z.enum(['building', 'point']),
  batchId: z.string(),
  moved: z.number().int(),
  byHouseholdCode: z.number().int(),
  byAddress: z.number().int(),
  households: z.number().int(),
  remaining: z.number().int(),
  ambiguous: z.number().int(),
});

const bulkView = (r: BulkOutcome): z.infer<typeof bulkAnswer> => ({
  mode: r.mode,
  batchId: r.batch_id,
  moved: r.moved,
  byHouseholdCode: r.by_household_code,
  byAddress: r.by_address,
  households: r.households,
  remaining: r.remaining,
  ambiguous: r.ambiguous,
});

/** A keyset cursor from the list, or 400 (never a 500 on a hand-made one). */
function cursorOf(s?: string): { k: string; id: string } | null {
  if (!s) return null;
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as { k?: unknown; id?: unknown };
    if (typeof c.k === 'string' && typeof c.id === 'string') return { k: c.k, id: c.id };
  } catch {
    // fall through
  }
  throw validationError({ cursor: why('invalid', 'is not a cursor from this list') });
}

/** 未落格: people registered above grid level, listed per street/community and placed into grids. */
export const gridAssignmentRoutes: ModuleRoutes = async (app, { ctx }) => {
  const svc = new GridAssignmentService(ctx);
  const tags = ['people'];

  app.get(
    '/people/unplaced/summary',
    {
      config: { access: 'people:read' },
      schema: {
        tags,
        summary: '未落格: per street/community under an area, how many of its people are not in a grid',
        querystring: z.object({ area: areaCodeSchema }),
        response: { 200: c.unplacedSummary },
      },
    },
    async (req) => ({ items: (await svc.summary(actorOf(req), req.query.area)).map((r) => ({ ...r, people: Number(r.people) })) }),
  );

  app.get(
    '/people/unplaced',
    {
      config: { access: 'people:read' },
      schema: {
        tags,
        summary: '未落格: people under an area registered above grid level (masked, scoped, keyset by area and id)',
        querystring: z.object({ area: areaCodeSchema, cursor: z.string().max(200).optional(), limit: pageLimitSchema }),
        response: { 200: c.unplacedPage },
      },
    },
    async (req) => {
      const page = await svc.list(actorOf(req), req.query.area, cursorOf(req.query.cursor), req.query.limit);
      return {
        items: page.items.map((p) => ({
          id: p.id,
          name: p.name,
          idNumberMasked: p.id_number_masked,
          phoneMasked: p.phone_masked,
          areaCode: p.area_code,
          address: p.address,
          householdCode: p.household_code,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.post(
    '/people/assign-grid',
    {
      config: { access: 'people:write' },
      schema: {
        tags,
        summary: `Place selected people (registered at the grid's street or community) into a grid; all or nothing, at most ${MAX_ASSIGN}`,
        body: z.object({
          grid: areaCodeSchema,
          personIds: z.array(z.string().min(1).max(40)).min(1).max(MAX_ASSIGN),
          reason: z.string().max(200).optional(),
        }),
        response: { 200: c.gridAssigned },
      },
    },
    async (req) => svc.assign(actorOf(req), req.body),
  );

  const bulk = new BulkGridAssignment(ctx);
  const bulkBody = z.object({ area: areaCodeSchema, reason: z.string().max(200).optional() });
  app.post(
    '/people/assign-grid/by-building',
    {
      config: { access: 'people:write' },
      schema: {
        tags,
        summary:
          '未落格 by building: everyone under the area registered above grid level whose household code begins with a building code, or whose address is that of exactly one building in their street/community, is registered at that building; one transaction, audited (people named, or a count and the batch id above 5000)',
        body: bulkBody,
        response: { 200: bulkAnswer },
      },
    },
    async (req) => bulkView(await bulk.run(actorOf(req), { mode: 'building', ...req.body })),
  );
  app.post(
    '/people/assign-grid/by-point',
    {
      config: { access: 'people:write' },
      schema: {
        tags,
        summary:
          '未落格 by point: everyone under the area registered above grid level and matched to a building (household code or address) goes to the grid whose polygon contains the building’s point; one transaction, audited',
        body: bulkBody,
        response: { 200: bulkAnswer },
      },
    },
    async (req) => bulkView(await bulk.run(actorOf(req), { mode: 'point', ...req.body })),
  );
};
