import * as c from '../../../contract/response';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { ActivationService } from './activation.service';
import { IncidentsService } from './incidents.service';
import { InboxService } from './inbox.service';
import { PlansService, type StoredPlan } from './plans.service';
import { rosterRoutes } from './roster.routes';
import { incidentDetailView, incidentView, taskView } from './task-view';
import { TasksService } from './tasks.service';
import { TimelinessService } from './timeliness.service';
import { WorkGroupsService } from './work-groups.service';
import { zonesRoutes } from './zones.routes';

const tags = ['response'];
const read = { access: 'response:read' } as const;
const write = { access: 'response:write' } as const;
const own = { access: 'response:task' } as const;

const planSummary = (p: StoredPlan) => ({
  id: p.row.id,
  code: p.row.code,
  name: p.row.name,
  trigger: p.definition.trigger,
  tasks: p.definition.tasks.length,
  version: p.row.version,
  updatedAt: p.row.updated_at,
});
const planFull = (p: StoredPlan) => ({ id: p.row.id, version: p.row.version, updatedAt: p.row.updated_at, definition: p.definition });

/** Response command (应急处置): incidents, plans, activation, tasks, inbox, timeliness, work groups. Schemas in src/contract/response.ts. */
export const responseRoutes: ModuleRoutes = async (app, opts) => {
  const { ctx } = opts;
  const incidents = new IncidentsService(ctx);
  const plans = new PlansService(ctx);
  const tasks = new TasksService(ctx);
  const now = () => ctx.clock.nowIso();

  app.get(
    '/incidents',
    { config: read, schema: { tags, summary: 'Incidents in your areas', querystring: c.incidentListQuery, response: { 200: c.incidentList } } },
    async (req) => ({
      items: (await incidents.list(actorOf(req), req.query)).map(incidentView),
    }),
  );
  app.post(
    '/incidents',
    {
      config: write,
      schema: {
        tags,
        summary: 'Open an incident (by hand, or from a positive single tube or a case)',
        body: c.incidentCreateBody,
        response: { 201: c.incident },
      },
    },
    async (req, reply) => reply.status(201).send(incidentView({ ...(await incidents.create(actorOf(req), req.body)), tasks_open: 0, tasks_overdue: 0 })),
  );
  app.get(
    '/incidents/timeliness/monthly',
    { config: read, schema: { tags, summary: 'Share of incidents meeting each target, per month', querystring: c.monthlyQuery, response: { 200: c.monthly } } },
    async (req) => ({ items: await new TimelinessService(ctx).monthly(actorOf(req), req.query) }),
  );
  app.get(
    '/incidents/:id',
    { config: read, schema: { tags, summary: 'An incident with its links and timeline', params: c.idParam, response: { 200: c.incidentDetail } } },
    async (req) => incidentDetailView(await incidents.get(actorOf(req), req.params.id)),
  );
  app.post(
    '/incidents/:id/links',
    { config: write, schema: { tags, summary: 'Link a case, round, placement or zone', params: c.idParam, body: c.linkBody, response: { 200: c.linked } } },
    async (req) => incidents.link(actorOf(req), req.params.id, req.body.kind, req.body.refId),
  );
  app.post(
    '/incidents/:id/close',
    { config: write, schema: { tags, summary: 'Close an incident with a note', params: c.idParam, body: c.closeBody, response: { 200: c.incident } } },
    async (req) => incidentView({ ...(await incidents.close(actorOf(req), req.params.id, req.body.note)), tasks_open: 0, tasks_overdue: 0 }),
  );
  app.post(
    '/incidents/:id/activate',
    {
      config: write,
      schema: {
        tags,
        summary: 'Activate a plan: owned, dated tasks in one transaction; re-activation adds none twice',
        params: c.idParam,
        body: c.activateBody,
        response: { 200: c.activated },
      },
    },
    async (req) => {
      const a = await new ActivationService(ctx).activate(actorOf(req), req.body.planCode, req.params.id);
      return { created: a.created, tasks: a.tasks.map((t) => taskView(t, now())) };
    },
  );
  app.get(
    '/incidents/:id/tasks',
    { config: read, schema: { tags, summary: 'The task board of an incident', params: c.idParam, response: { 200: c.taskList } } },
    async (req) => ({
      items: (await tasks.forIncident(actorOf(req), req.params.id)).map((t) => taskView(t, now())),
    }),
  );
  app.get(
    '/incidents/:id/timeliness',
    {
      config: read,
      schema: { tags, summary: 'The incident against its clock (2/4/5/24 h, each task, 7-1-7)', params: c.idParam, response: { 200: c.timeliness } },
    },
    async (req) => {
      const r = await new TimelinessService(ctx).forIncident(actorOf(req), req.params.id);
      return {
        incidentId: r.incident_id,
        t0: r.t0,
        marks: r.marks.map((m) => ({ name: m.name, targetH: m.target_h, doneAt: m.done_at, hours: m.hours, met: m.met })),
      };
    },
  );

  app.get('/plans', { config: read, schema: { tags, summary: 'Response plans', response: { 200: c.planList } } }, async () => ({
    items: (await plans.list()).map(planSummary),
  }));
  app.post(
    '/plans/import',
    {
      config: write,
      schema: {
        tags,
        summary: 'Import a plan as JSON (a known code: next version); all-or-nothing, city-wide',
        body: c.planImportBody,
        response: { 200: c.planImported },
      },
    },
    async (req) => {
      const p = await plans.import(actorOf(req), req.body);
      return { id: p.row.id, code: p.row.code, tasks: p.definition.tasks.length, version: p.row.version };
    },
  );
  app.get(
    '/plans/:code',
    { config: read, schema: { tags, summary: 'A plan, as its JSON (export)', params: c.codeParam, response: { 200: c.planFull } } },
    async (req) => planFull(await plans.get(req.params.code)),
  );
  app.put(
    '/plans/:code/deadlines',
    {
      config: write,
      schema: {
        tags,
        summary: "Edit some templates' deadlines (T0 + hours); city-wide",
        params: c.codeParam,
        body: c.deadlinesBody,
        response: { 200: c.planFull },
      },
    },
    async (req) => planFull(await plans.setDeadlines(actorOf(req), req.params.code, req.body.deadlines)),
  );

  app.get('/tasks/mine', { config: own, schema: { tags, summary: 'My tasks', querystring: c.myTasksQuery, response: { 200: c.taskList } } }, async (req) => ({
    items: (await tasks.mine(actorOf(req), req.query)).map((t) => taskView(t, now())),
  }));
  app.post(
    '/tasks/:id/done',
    {
      config: own,
      schema: { tags, summary: 'Close a task with a note (its owner, or the command centre)', params: c.idParam, body: c.doneBody, response: { 200: c.task } },
    },
    async (req) => taskView(await tasks.done(actorOf(req), req.params.id, req.body.note), now()),
  );

  app.get(
    '/response/inbox',
    { config: own, schema: { tags, summary: 'My notices (start, due, overdue, escalation)', querystring: c.inboxQuery, response: { 200: c.inbox } } },
    async (req) => new InboxService(ctx).list(actorOf(req), { unread: req.query.unread === 'true', limit: req.query.limit }),
  );
  app.post(
    '/response/inbox/:id/read',
    { config: own, schema: { tags, summary: 'Mark one of my notices read', params: c.idParam, response: { 200: c.inboxRead } } },
    async (req) => new InboxService(ctx).markRead(actorOf(req), req.params.id),
  );

  app.get(
    '/work-groups',
    { config: read, schema: { tags, summary: 'Work groups with lead and members', querystring: c.workGroupQuery, response: { 200: c.workGroupList } } },
    async (req) => ({
      items: (await new WorkGroupsService(ctx).list(actorOf(req), req.query.area)).map((g) => ({
        id: g.id,
        code: g.code,
        name: g.name,
        areaCode: g.area_code,
        leadUserId: g.lead_user_id,
        lead: g.lead,
        members: g.members.map((m) => ({ userId: m.user_id, name: m.name })),
      })),
    }),
  );
  app.post(
    '/work-groups',
    { config: write, schema: { tags, summary: 'Create or update an area’s work group', body: c.workGroupBody, response: { 200: c.workGroupSaved } } },
    async (req) => {
      const g = await new WorkGroupsService(ctx).upsert(actorOf(req), req.body);
      return { id: g.id };
    },
  );
  app.post(
    '/work-groups/:id/members',
    { config: write, schema: { tags, summary: 'Add a member', params: c.idParam, body: c.memberBody, response: { 200: c.memberAdded } } },
    async (req) => new WorkGroupsService(ctx).addMember(actorOf(req), req.params.id, req.body.userId),
  );
  await rosterRoutes(app, opts);
  await zonesRoutes(app, opts);
};
