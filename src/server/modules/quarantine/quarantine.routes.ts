import { z } from 'zod';
import { areaCodeSchema, dateSchema, instantSchema, pageLimitSchema } from '../../http/schemas';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { CapacityService } from './capacity.service';
import { FacilitiesService } from './facilities.service';
import { HealthService } from './health.service';
import { PlacementQueries } from './placement-queries';
import { PlacementsService } from './placements.service';
import { StayService } from './stay.service';
import { TransfersService } from './transfers.service';
import { transferRoutes } from './transfers.routes';

const code = areaCodeSchema;
const idParam = z.object({ id: z.string() });
const type = z.enum(['quarantine', 'designated', 'sub-designated', 'fangcang', 'home']);
const mode = z.enum(['normal', 'standby', 'active']);
const reason = z.enum(['close-contact', 'secondary-contact', 'arrival', 'case', 'positive-pool']);
const limit = pageLimitSchema;
const tags = ['quarantine'];

export const quarantineRoutes: ModuleRoutes = async (app, opts) => {
  const { ctx } = opts;
  const facilities = new FacilitiesService(ctx);
  const placements = new PlacementsService(ctx);
  const stays = new StayService(ctx);
  const health = new HealthService(ctx);
  const transfers = new TransfersService(ctx);
  const capacity = new CapacityService(ctx);
  const read = { access: 'quarantine:read' } as const;
  const write = { access: 'quarantine:write' } as const;

  app.post(
    '/quarantine/facilities',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a facility; rooms = beds for hospitals (方舱 in 20-bed units)',
        body: z.object({
          name: z.string(),
          type,
          areaCode: code,
          rooms: z.number().int().optional(),
          address: z.string().optional(),
          contact: z.string().optional(),
          mode: mode.optional(),
          activationHours: z.number().int().min(0).max(720).optional(),
          familyRoomSize: z.number().int().min(1).max(8).optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await facilities.create(actorOf(req), req.body)),
  );
  app.get(
    '/quarantine/facilities',
    {
      config: read,
      schema: { tags, summary: 'Facilities with counts derived from rooms/beds', querystring: z.object({ area: code.optional(), type: type.optional() }) },
    },
    async (req) => ({ items: await facilities.list(actorOf(req), req.query) }),
  );
  app.patch(
    '/quarantine/facilities/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Mode (平急转换), activation hours, zoning (三区两通道), staff on site',
        params: idParam,
        body: z
          .object({
            mode: mode.optional(),
            activationHours: z.number().int().min(0).max(720).optional(),
            staffOnSite: z.number().int().min(0).optional(),
            contact: z.string().optional(),
            address: z.string().optional(),
            zoning: z
              .object({
                clean: z.boolean(),
                buffer: z.boolean(),
                contaminated: z.boolean(),
                staffPassage: z.boolean(),
                patientPassage: z.boolean(),
                inspectedOn: dateSchema.nullable(),
                note: z.string().optional(),
              })
              .optional(),
          })
          .refine((b) => Object.keys(b).length > 0, 'give at least one field to change'),
      },
    },
    async (req) => facilities.update(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/quarantine/facilities/:id/rooms',
    {
      config: write,
      schema: {
        tags,
        summary: 'Bulk rooms from a template (floors "3-12" × rooms "01-30") or a count',
        params: idParam,
        body: z.object({
          floors: z.string().optional(),
          rooms: z.string().optional(),
          count: z.number().int().min(1).max(20_000).optional(),
          maxOccupants: z.number().int().min(1).max(8).optional(),
        }),
      },
    },
    async (req) => facilities.addRooms(actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/quarantine/facilities/:id/rooms',
    { config: read, schema: { tags, summary: 'Room/bed grid with status and occupants (masked)', params: idParam } },
    async (req) => ({ items: await facilities.rooms(actorOf(req), req.params.id) }),
  );
  app.patch(
    '/quarantine/rooms/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Room status: free, cleaning or out_of_service (occupancy follows placements)',
        params: idParam,
        body: z.object({ status: z.enum(['free', 'cleaning', 'out_of_service']) }),
      },
    },
    async (req) => facilities.setRoomStatus(actorOf(req), req.params.id, req.body.status),
  );
  app.get('/quarantine/facilities/:id/waste', { config: read, schema: { tags, summary: 'Medical-waste runs of a site', params: idParam } }, async (req) => ({
    items: await transfers.wasteRuns(actorOf(req), req.params.id),
  }));
  app.post(
    '/quarantine/facilities/:id/waste',
    {
      config: write,
      schema: {
        tags,
        summary: 'Record a medical-waste run (医疗废物转运)',
        params: idParam,
        body: z.object({ weightKg: z.number(), handler: z.string(), note: z.string().optional(), at: instantSchema.optional() }),
      },
    },
    async (req, reply) => reply.status(201).send(await transfers.wasteRun(actorOf(req), req.params.id, req.body)),
  );

  app.get('/quarantine/rules', { config: read, schema: { tags, summary: 'Placement rules per reason (days on site/home, test days)' } }, async () => ({
    items: await placements.rules(),
  }));
  app.put(
    '/quarantine/rules/:reason',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit a placement rule for this outbreak',
        params: z.object({ reason }),
        body: z.object({
          setting: z.enum(['centralised', 'home', 'hospital']),
          siteDays: z.number().int(),
          homeDays: z.number().int(),
          testDays: z.array(z.number().int()),
          homeTestDays: z.array(z.number().int()),
        }),
      },
    },
    async (req) => ({ items: await placements.setRule(actorOf(req), req.params.reason, req.body) }),
  );

  app.post(
    '/quarantine/placements',
    {
      config: write,
      schema: {
        tags,
        summary: 'Place one person (free room chosen when none given); clear error when none is free',
        body: z.object({
          idNumber: z.string().optional(),
          personId: z.string().optional(),
          reason,
          facilityId: z.string().optional(),
          roomId: z.string().optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await placements.placeOne(actorOf(req), req.body)),
  );
  app.post(
    '/quarantine/placements/bulk',
    {
      config: write,
      schema: {
        tags,
        summary: 'Place a list (up to 20,000): families together, nearest facility; problems reported per person',
        body: z.object({ personIds: z.array(z.string()).min(1).max(20_000), reason, facilityId: z.string().optional() }),
      },
    },
    async (req) => placements.placeMany(actorOf(req), req.body.personIds, req.body.reason, { facilityId: req.body.facilityId }),
  );
  app.get(
    '/quarantine/placements',
    {
      config: read,
      schema: {
        tags,
        summary: 'Placements with days served and next test (keyset)',
        querystring: z.object({
          facilityId: z.string().optional(),
          status: z.enum(['live', 'released']).optional(),
          area: code.optional(),
          cursor: z.string().optional(),
          limit,
        }),
      },
    },
    async (req) => new PlacementQueries(ctx).list(actorOf(req), { ...req.query, after: req.query.cursor }),
  );
  app.get('/quarantine/placements/:id/tests', { config: read, schema: { tags, summary: 'Planned tests and results', params: idParam } }, async (req) => ({
    items: await stays.tests(actorOf(req), req.params.id),
  }));
  app.post(
    '/quarantine/placements/:id/move',
    {
      config: write,
      schema: {
        tags,
        summary: "Move someone to another room of the same site (the site's staff)",
        params: idParam,
        body: z.object({ roomId: z.string().max(64) }),
      },
    },
    async (req) => stays.moveRoom(actorOf(req), req.params.id, req.body.roomId),
  );
  app.post(
    '/quarantine/placements/:id/tests',
    {
      config: { access: 'quarantine:healthcheck' },
      schema: {
        tags,
        summary: 'Record a scheduled test result',
        params: idParam,
        body: z.object({
          phase: z.enum(['site', 'home']).optional(),
          day: z.number().int(),
          result: z.enum(['negative', 'positive']),
          testedAt: instantSchema.optional(),
        }),
      },
    },
    async (req) => ({ items: await stays.recordTest(actorOf(req), req.params.id, req.body) }),
  );
  app.post(
    '/quarantine/placements/:id/release',
    {
      config: write,
      schema: {
        tags,
        summary: 'Release when the rule is met, or by audited override with reason',
        params: idParam,
        body: z.object({ override: z.boolean().optional(), reason: z.string().max(300).optional() }),
      },
    },
    async (req) => stays.release(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/quarantine/placements/:id/checks',
    {
      config: { access: 'quarantine:healthcheck' },
      schema: {
        tags,
        summary: 'Daily health check; fever ≥ 37.3 °C, 心理疏导 or needs raise a task',
        params: idParam,
        body: z.object({
          temperature: z.number(),
          symptoms: z.array(z.string()).optional(),
          mentalSupport: z.boolean().optional(),
          needs: z.string().max(300).optional(),
          date: z.string().optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await health.record(actorOf(req), req.params.id, req.body)),
  );
  app.get('/quarantine/placements/:id/checks', { config: read, schema: { tags, summary: 'Health checks of a placement', params: idParam } }, async (req) => ({
    items: await health.checks(actorOf(req), req.params.id),
  }));
  app.get(
    '/quarantine/tasks',
    {
      config: read,
      schema: {
        tags,
        summary: "Medical staff's tasks (fever, missed check, 心理疏导, needs)",
        querystring: z.object({ facilityId: z.string().optional(), status: z.enum(['open', 'done']).optional() }),
      },
    },
    async (req) => ({ items: await health.tasks(actorOf(req), req.query) }),
  );
  app.post(
    '/quarantine/tasks/:id/done',
    { config: { access: 'quarantine:healthcheck' }, schema: { tags, summary: 'Close a task', params: idParam } },
    async (req) => health.closeTask(actorOf(req), req.params.id),
  );

  app.get(
    '/quarantine/capacity',
    {
      config: read,
      schema: {
        tags,
        summary: 'Capacity board: per facility and type, activatable in 24/48/72 h, rooms per 10,000',
        querystring: z.object({ area: code.optional() }),
      },
    },
    async (req) => capacity.board(actorOf(req), req.query.area),
  );
  app.get(
    '/quarantine/projection',
    {
      config: read,
      schema: {
        tags,
        summary: 'Room demand for the next days: on site, waiting, growth scenario',
        querystring: z.object({
          area: code.optional(),
          days: z.coerce.number().int().min(1).max(60).optional(),
          doublingDays: z.coerce.number().positive().optional(),
          contactsPerCase: z.coerce.number().min(0).optional(),
          dailyCases: z.coerce.number().min(0).optional(),
        }),
      },
    },
    async (req) => capacity.projection(actorOf(req), req.query),
  );

  await transferRoutes(app, opts);
};
