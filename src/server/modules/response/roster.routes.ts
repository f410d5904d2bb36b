import * as c from '../../../contract/roster';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { RosterWritesService } from './roster-writes.service';
import { RosterService, type OnDuty } from './roster.service';

const tags = ['response'];
const read = { access: 'response:read' } as const;
const write = { access: 'response:write' } as const;

type Check = Awaited<ReturnType<RosterService['check']>>;
type ShiftRow = Awaited<ReturnType<RosterService['shifts']>>[number];
type RotationRow = Awaited<ReturnType<RosterService['rotations']>>[number];

const person = (p: { user_id: string; name: string }) => ({ userId: p.user_id, name: p.name });
const checkView = (r: Check) => ({
  from: r.from,
  to: r.to,
  days: r.days,
  uncoveredMinutes: r.uncovered_minutes,
  gaps: r.gaps.map((g) => ({
    group: g.group,
    groupCode: g.group_code,
    groupName: g.group_name,
    areaCode: g.area_code,
    from: g.from,
    to: g.to,
    minutes: g.minutes,
  })),
  groups: r.groups.map((g) => ({
    group: g.group,
    code: g.code,
    name: g.name,
    areaCode: g.area_code,
    rotations: g.rotations,
    uncoveredMinutes: g.uncovered_minutes,
  })),
});
const dutyView = (d: OnDuty) => ({
  group: d.group,
  groupCode: d.group_code,
  groupName: d.group_name,
  areaCode: d.area_code,
  userId: d.user_id,
  name: d.name,
  since: d.since,
  until: d.until,
  source: d.source,
  note: d.note,
});
const shiftView = (s: ShiftRow) => ({
  group: s.group,
  userId: s.user_id,
  name: s.name,
  from: s.from,
  to: s.to,
  rotationId: s.rotation_id,
  overrideId: s.override_id,
  kind: s.kind,
  replaces: s.replaces,
  replacesName: s.replaces_name,
});
const rotationView = (r: RotationRow) => ({
  id: r.id,
  group: r.group,
  name: r.name,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  shift: r.shift,
  weekdays: r.weekdays,
  members: r.members.map(person),
  changes: r.changes.map((x) => ({ effectiveFrom: x.effective_from, shift: x.shift, weekdays: x.weekdays, members: x.members?.map(person) ?? null })),
});

/** Duty roster (值班值守) under /roster: the coverage check, who is on duty, shifts, rotations, and their writes. Schemas in src/contract/roster.ts. */
export const rosterRoutes: ModuleRoutes = async (app, opts) => {
  const reads = new RosterService(opts.ctx);
  const writes = new RosterWritesService(opts.ctx);
  const q = (x: { group?: string; area?: string }) => ({ groupId: x.group, area: x.area });

  app.get(
    '/roster/check',
    {
      config: read,
      schema: {
        tags,
        summary: 'Coverage over the next N days: minutes nobody is on duty, and the gaps',
        querystring: c.rosterCheckQuery,
        response: { 200: c.rosterCheck },
      },
    },
    async (req) => checkView(await reads.check(actorOf(req), { days: req.query.days, ...q(req.query) })),
  );
  app.get(
    '/roster/now',
    { config: read, schema: { tags, summary: 'Who is on duty now in each work group', querystring: c.rosterGroupQuery, response: { 200: c.onDutyList } } },
    async (req) => ({ items: (await reads.now(actorOf(req), q(req.query))).map(dutyView) }),
  );
  app.get(
    '/roster/shifts',
    {
      config: read,
      schema: { tags, summary: 'Shifts of a window (covers and swaps marked)', querystring: c.rosterShiftsQuery, response: { 200: c.rosterShiftList } },
    },
    async (req) => ({ items: (await reads.shifts(actorOf(req), { from: req.query.from, days: req.query.days, ...q(req.query) })).map(shiftView) }),
  );
  app.get(
    '/roster/rotations',
    {
      config: read,
      schema: { tags, summary: 'Rotations with members and scheduled changes', querystring: c.rosterGroupQuery, response: { 200: c.rotationList } },
    },
    async (req) => ({ items: (await reads.rotations(actorOf(req), q(req.query))).map(rotationView) }),
  );
  app.post(
    '/roster/rotations',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a rotation to a work group (refused if anyone would hold two shifts at once)',
        body: c.rotationBody,
        response: { 201: c.created },
      },
    },
    async (req, reply) => reply.status(201).send({ id: (await writes.createRotation(actorOf(req), req.body)).id }),
  );
  app.post(
    '/roster/rotations/:id/changes',
    {
      config: write,
      schema: {
        tags,
        summary: 'Schedule a change of members, length or weekdays from an instant',
        params: c.created,
        body: c.changeBody,
        response: { 201: c.created },
      },
    },
    async (req, reply) => reply.status(201).send(await writes.scheduleChange(actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/roster/covers',
    {
      config: write,
      schema: { tags, summary: 'A person covers a time range (for one person, or the whole group)', body: c.coverBody, response: { 201: c.created } },
    },
    async (req, reply) => reply.status(201).send({ id: (await writes.addCover(actorOf(req), req.body)).id }),
  );
  app.post(
    '/roster/swaps',
    { config: write, schema: { tags, summary: 'Two people exchange the shifts they hold at two instants', body: c.swapBody, response: { 201: c.swapped } } },
    async (req, reply) => {
      const r = await writes.swap(actorOf(req), req.body);
      return reply.status(201).send({ swapId: r.swap_id, overrides: r.overrides.map((o) => o.id) });
    },
  );
};
