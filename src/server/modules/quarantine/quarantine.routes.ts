import * as c from '../../../contract/quarantine';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { CapacityService } from './capacity.service';
import { capacityView, facilityView, facilityWithCountsView, roomView, wasteRunView } from './facility-view';
import { FacilitiesService } from './facilities.service';
import { HealthService } from './health.service';
import { PlacementQueries } from './placement-queries';
import { placedView, placeOutcomeView, placementTestView, placementView, ruleView } from './placement-view';
import { PlacementsService } from './placements.service';
import { healthCheckView, siteTaskView } from './site-work-view';
import { StayService } from './stay.service';
import { WasteRunsService } from './waste-runs.service';
import { transferRoutes } from './transfers.routes';

const idParam = c.idParam;
const tags = ['quarantine'];

/** `/quarantine/*`: request and response schemas live in src/contract/quarantine.ts; rows are mapped by the *-view.ts files. */
export const quarantineRoutes: ModuleRoutes = async (app, opts) => {
  const { ctx } = opts;
  const facilities = new FacilitiesService(ctx);
  const placements = new PlacementsService(ctx);
  const stays = new StayService(ctx);
  const health = new HealthService(ctx);
  const waste = new WasteRunsService(ctx);
  const capacity = new CapacityService(ctx);
  const read = { access: 'quarantine:read' } as const;
  const write = { access: 'quarantine:write' } as const;
  // Placing a list by person id is also the epidemiologist's hand-off (安排隔离 from re-check members, a missing list): scope still limits it to the caller's residents.
  const arrangeList = { access: ['quarantine:write', 'quarantine:arrange'] } as const;

  app.post(
    '/quarantine/facilities',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a facility; rooms = beds for hospitals (方舱 in 20-bed units)',
        body: c.facilityCreateBody,
        response: { 201: c.facility },
      },
    },
    async (req, reply) => reply.status(201).send(facilityView(await facilities.create(actorOf(req), req.body))),
  );
  app.get(
    '/quarantine/facilities',
    {
      config: read,
      schema: { tags, summary: 'Facilities with counts derived from rooms/beds', querystring: c.facilityListQuery, response: { 200: c.facilityList } },
    },
    async (req) => ({ items: (await facilities.list(actorOf(req), req.query)).map(facilityWithCountsView) }),
  );
  app.patch(
    '/quarantine/facilities/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Mode (平急转换), activation hours, zoning (三区两通道), staff on site',
        params: idParam,
        body: c.facilityUpdateBody,
        response: { 200: c.facility },
      },
    },
    async (req) => facilityView(await facilities.update(actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/quarantine/facilities/:id/rooms',
    {
      config: write,
      schema: {
        tags,
        summary: 'Bulk rooms from a template (floors "3-12" × rooms "01-30") or a count',
        params: idParam,
        body: c.roomsAddBody,
        response: { 200: c.roomsAdded },
      },
    },
    async (req) => facilities.addRooms(actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/quarantine/facilities/:id/rooms',
    { config: read, schema: { tags, summary: 'Room/bed grid with status and occupants (masked)', params: idParam, response: { 200: c.roomList } } },
    async (req) => ({ items: (await facilities.rooms(actorOf(req), req.params.id)).map(roomView) }),
  );
  app.patch(
    '/quarantine/rooms/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Room status: free, cleaning or out_of_service (occupancy follows placements)',
        params: idParam,
        body: c.roomStatusBody,
        response: { 200: c.roomStatusChanged },
      },
    },
    async (req) => facilities.setRoomStatus(actorOf(req), req.params.id, req.body.status),
  );
  app.get(
    '/quarantine/facilities/:id/waste',
    { config: read, schema: { tags, summary: 'Medical-waste runs of a site', params: idParam, response: { 200: c.wasteRunList } } },
    async (req) => ({ items: (await waste.wasteRuns(actorOf(req), req.params.id)).map(wasteRunView) }),
  );
  app.post(
    '/quarantine/facilities/:id/waste',
    {
      config: write,
      schema: { tags, summary: 'Record a medical-waste run (医疗废物转运)', params: idParam, body: c.wasteRunBody, response: { 201: c.wasteRun } },
    },
    async (req, reply) => reply.status(201).send(wasteRunView(await waste.wasteRun(actorOf(req), req.params.id, req.body))),
  );

  app.get(
    '/quarantine/rules',
    { config: read, schema: { tags, summary: 'Placement rules per reason (days on site/home, test days)', response: { 200: c.ruleList } } },
    async () => ({ items: (await placements.rules()).map(ruleView) }),
  );
  app.put(
    '/quarantine/rules/:reason',
    {
      config: write,
      schema: { tags, summary: 'Edit a placement rule for this outbreak', params: c.ruleParams, body: c.ruleBody, response: { 200: c.ruleList } },
    },
    async (req) => ({ items: (await placements.setRule(actorOf(req), req.params.reason, req.body)).map(ruleView) }),
  );

  app.post(
    '/quarantine/placements',
    {
      config: write,
      schema: {
        tags,
        summary: 'Place one person (free room chosen when none given); clear error when none is free',
        body: c.placeBody,
        response: { 201: c.placed },
      },
    },
    async (req, reply) => reply.status(201).send(placedView(await placements.placeOne(actorOf(req), req.body))),
  );
  app.post(
    '/quarantine/placements/bulk',
    {
      config: arrangeList,
      schema: {
        tags,
        summary:
          'Place a list by person id (up to 20,000): families together, nearest facility; keeps its good rows — problems (ALREADY_PLACED, NO_ROOM_FREE, NEEDS_GUARDIAN) reported per person',
        body: c.placeManyBody,
        response: { 200: c.placeOutcome },
      },
    },
    async (req) =>
      placeOutcomeView(
        await placements.placeMany(actorOf(req), req.body.personIds, req.body.reason, {
          facilityId: req.body.facilityId,
          dependants: req.body.dependants,
          carers: req.body.carers,
        }),
      ),
  );
  app.get(
    '/quarantine/placements',
    {
      config: read,
      schema: {
        tags,
        summary: 'Placements with days served and next test (keyset)',
        querystring: c.placementListQuery,
        response: { 200: c.placementPage },
      },
    },
    async (req) => {
      const page = await new PlacementQueries(ctx).list(actorOf(req), { ...req.query, after: req.query.cursor });
      return { items: page.items.map(placementView), nextCursor: page.nextCursor };
    },
  );
  app.get(
    '/quarantine/placements/:id/tests',
    { config: read, schema: { tags, summary: 'Planned tests and results', params: idParam, response: { 200: c.placementTestList } } },
    async (req) => ({ items: (await stays.tests(actorOf(req), req.params.id)).map(placementTestView) }),
  );
  app.post(
    '/quarantine/placements/:id/move',
    {
      config: write,
      schema: {
        tags,
        summary: "Move someone to another room of the same site (the site's staff)",
        params: idParam,
        body: c.moveBody,
        response: { 200: c.moved },
      },
    },
    async (req) => stays.moveRoom(actorOf(req), req.params.id, req.body.roomId),
  );
  app.post(
    '/quarantine/placements/:id/tests',
    {
      config: { access: 'quarantine:healthcheck' },
      schema: { tags, summary: 'Record a scheduled test result', params: idParam, body: c.testBody, response: { 200: c.placementTestList } },
    },
    async (req) => ({ items: (await stays.recordTest(actorOf(req), req.params.id, req.body)).map(placementTestView) }),
  );
  app.post(
    '/quarantine/placements/:id/release',
    {
      config: write,
      schema: {
        tags,
        summary: 'Release when the rule is met, or by audited override with reason',
        params: idParam,
        body: c.releaseBody,
        response: { 200: c.released },
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
        body: c.checkBody,
        response: { 201: c.checkRecorded },
      },
    },
    async (req, reply) => reply.status(201).send(await health.record(actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/quarantine/placements/:id/checks',
    { config: read, schema: { tags, summary: 'Health checks of a placement', params: idParam, response: { 200: c.healthCheckList } } },
    async (req) => ({ items: (await health.checks(actorOf(req), req.params.id)).map(healthCheckView) }),
  );
  app.get(
    '/quarantine/facilities/:id/checks/today',
    {
      config: read,
      schema: { tags, summary: 'Who at the site was health-checked today (local date)', params: idParam, response: { 200: c.checkedToday } },
    },
    async (req) => health.checkedToday(actorOf(req), req.params.id),
  );
  app.get(
    '/quarantine/tasks',
    {
      config: read,
      schema: {
        tags,
        summary: "Medical staff's tasks (fever, missed check, 心理疏导, needs)",
        querystring: c.taskListQuery,
        response: { 200: c.siteTaskList },
      },
    },
    async (req) => ({ items: (await health.tasks(actorOf(req), req.query)).map(siteTaskView) }),
  );
  app.post(
    '/quarantine/tasks/:id/done',
    { config: { access: 'quarantine:healthcheck' }, schema: { tags, summary: 'Close a task', params: idParam, response: { 200: c.taskClosed } } },
    async (req) => health.closeTask(actorOf(req), req.params.id),
  );

  app.get(
    '/quarantine/capacity',
    {
      config: read,
      schema: {
        tags,
        summary: 'Capacity board: per facility and type, activatable in 24/48/72 h, rooms per 10,000',
        querystring: c.capacityQuery,
        response: { 200: c.capacityBoard },
      },
    },
    async (req) => capacityView(await capacity.board(actorOf(req), req.query.area)),
  );
  app.get(
    '/quarantine/projection',
    {
      config: read,
      schema: {
        tags,
        summary: 'Room demand for the next days: on site, waiting, growth scenario',
        querystring: c.projectionQuery,
        response: { 200: c.projection },
      },
    },
    async (req) => capacity.projection(actorOf(req), req.query),
  );

  await transferRoutes(app, opts);
};
