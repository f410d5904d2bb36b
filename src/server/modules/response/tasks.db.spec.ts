import { AREAS, newPerson } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { AreaRepository } from '../areas/area.repository';
import { FacilitiesService } from '../quarantine/facilities.service';
import { PlacementsService } from '../quarantine/placements.service';
import { RoundsService } from '../testing/rounds.service';
import { SamplingService } from '../testing/sampling.service';
import { CasesService } from '../tracing/cases.service';
import { ContactsService } from '../tracing/contacts.service';
import { ActivationService } from './activation.service';
import { autoCloseTasks } from './auto-close';
import { IncidentsService } from './incidents.service';
import { staffStreetA } from './response-kit';
import { sweepNotices } from './sweep';
import { drainOutbox } from './webhook';

for (const dialect of testDialects()) {
  describe(`[${dialect}] response: closing tasks, escalation, notices`, () => {
    let t: TestContext;
    let staff: Awaited<ReturnType<typeof staffStreetA>>;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      staff = await staffStreetA(t);
    });
    afterAll(() => t.close());
    beforeEach(() => t.clock.set('2026-05-06T02:00:00.000Z'));

    async function activated(name: string, t0 = '2026-05-06T01:00:00Z') {
      const inc = await new IncidentsService(t.ctx).create(t.admin, { name, areaCode: AREAS.streetA, t0 });
      const { tasks } = await new ActivationService(t.ctx).activate(t.admin, 'six-rapid', inc.id);
      return { incident: inc, task: (key: string) => tasks.find((x) => x.template_key === key)! };
    }

    it('an owner closes their own task with a note; another user gets 403 saying why; the command centre may close any', async () => {
      const { task } = await activated('done');
      const app = await t.app();
      const done = (id: string, cookie: string) =>
        app.inject({ method: 'POST', url: `/api/v1/tasks/${id}/done`, headers: { cookie }, payload: { note: '已完成采样' } });
      const testing = task('testing');
      // the street's official sees the task but does not own it
      const refused = await done(testing.id, staff.official.cookie);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toContain('only the owner or the command centre');
      expect(refused.json().error.details).toMatchObject({ field: 'id', reason: 'not_owner' });
      const mine = await app.inject({ method: 'GET', url: '/api/v1/tasks/mine', headers: { cookie: staff.gridWorker.cookie } });
      expect(mine.json().items.map((x: { id: string }) => x.id)).toContain(testing.id);
      const ok = await done(testing.id, staff.gridWorker.cookie);
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ status: 'done', doneNote: '已完成采样', closedBy: null });
      // another grid worker of the same grid, whose scope does not reach the street's task: 404
      expect((await done(task('lockdown').id, staff.otherWorker.cookie)).statusCode).toBe(404);
      expect((await done(testing.id, staff.gridWorker.cookie)).statusCode).toBe(422);
      const byCentre = await done(task('disinfection').id, staff.commander.cookie);
      expect(byCentre.statusCode).toBe(200);
      const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'actor_id']).where('target_id', '=', testing.id).execute();
      expect(audit).toEqual([{ action: 'response.task_done', actor_id: staff.gridWorker.userId }]);
    });

    it('closes 人员转运 itself once every close contact of the incident’s cases is placed, naming the placement', async () => {
      const { incident, task } = await activated('contacts');
      const sick = await newPerson(t);
      const a = await newPerson(t);
      const b = await newPerson(t);
      const c = await new CasesService(t.ctx).create(t.admin, { personId: sick.id, reportedAt: '2026-05-06T01:00:00Z', samplingDate: '2026-05-05' });
      await new IncidentsService(t.ctx).link(t.admin, incident.id, 'case', c.id);
      const contacts = new ContactsService(t.ctx);
      for (const p of [a, b]) {
        const k = await contacts.addManual(t.admin, c.id, { personId: p.id, class: 'close' });
        await contacts.decide(t.admin, k.id, { decision: 'confirm' });
      }
      const site = await new FacilitiesService(t.ctx).create(t.admin, { name: '隔离点', type: 'quarantine', areaCode: AREAS.streetA, rooms: 4 });
      t.clock.set('2026-05-06T05:00:00Z');
      await new PlacementsService(t.ctx).placeOne(t.admin, { personId: a.id, reason: 'close-contact', facilityId: site.id });
      expect(await autoCloseTasks(t.ctx)).toBe(0); // one of two placed
      t.clock.set('2026-05-06T06:00:00Z');
      const last = await new PlacementsService(t.ctx).placeOne(t.admin, { personId: b.id, reason: 'close-contact', facilityId: site.id });
      expect(await autoCloseTasks(t.ctx)).toBe(1);
      const closed = await t.ctx.db.selectFrom('response_tasks').selectAll().where('id', '=', task('transfer').id).executeTakeFirstOrThrow();
      expect(closed).toMatchObject({
        status: 'done',
        done_at: '2026-05-06T06:00:00.000Z',
        closed_by_ref: `placement:${last.placement_id}`,
        done_by: 'response.auto-close',
      });
    });

    it('closes 核酸检测 itself when a linked round reaches 99 % coverage in the incident’s area, naming the round', async () => {
      // a street of its own, so the round's target is exactly the people made here
      const street = '320706101';
      const row = (code: string, parent: string, level: 'street' | 'community' | 'grid' | 'building') => ({
        code,
        parent_code: parent,
        level,
        name: `${level}-${code.slice(-3)}`,
        geometry: null,
        centroid_lon: null,
        centroid_lat: null,
        population: 0,
        households: 0,
        created_at: t.clock.nowIso(),
      });
      await new AreaRepository(t.ctx.db, t.ctx.dialect).insertMany([
        row(street, AREAS.district, 'street'),
        row(`${street}001`, street, 'community'),
        row(`${street}001001`, `${street}001`, 'grid'),
        row(`${street}001001001`, `${street}001001`, 'building'),
      ]);
      const people: Array<Awaited<ReturnType<typeof newPerson>>> = [];
      for (let i = 0; i < 3; i++) people.push(await newPerson(t, { areaCode: `${street}001001001` }));
      const inc = await new IncidentsService(t.ctx).create(t.admin, { name: 'round', areaCode: street, t0: '2026-05-06T01:00:00Z' });
      const { tasks } = await new ActivationService(t.ctx).activate(t.admin, 'six-rapid', inc.id);
      const testing = tasks.find((x) => x.template_key === 'testing')!;
      const rounds = new RoundsService(t.ctx);
      const round = await rounds.createRound(t.admin, { areas: [street], poolSize: 10, startsAt: '2026-05-06T00:00:00Z', deadline: '2026-05-08T00:00:00Z' });
      expect(round.target).toBe(3);
      await rounds.createSite(t.admin, { code: 'SITE-R', area: street, teams: 1 });
      await new IncidentsService(t.ctx).link(t.admin, inc.id, 'round', round.id);
      const sample = (who: typeof people, tube: string) =>
        new SamplingService(t.ctx).recordSamples(
          t.admin,
          who.map((p) => ({ roundId: round.id, tubeBarcode: tube, idNumber: p.idNumber, siteCode: 'SITE-R', collectedAt: t.clock.nowIso() })),
        );
      await sample(people.slice(0, 2), 'T-R1');
      expect(await autoCloseTasks(t.ctx)).toBe(0); // 2 of 3 = 67 %
      await sample(people.slice(2), 'T-R2');
      expect(await autoCloseTasks(t.ctx)).toBe(1);
      const closed = await t.ctx.db.selectFrom('response_tasks').selectAll().where('id', '=', testing.id).executeTakeFirstOrThrow();
      expect(closed).toMatchObject({ status: 'done', closed_by_ref: `round:${round.id}`, done_note: expect.stringContaining('100.0%') });
    });

    it('sends due-soon, then overdue within 60 s of the deadline, then escalates owner → group lead → command centre; a step resolving to nobody is skipped', async () => {
      const { task } = await activated('clock', '2026-05-06T02:00:00Z');
      const trajectory = task('trajectory'); // due 06:00, owner the tracing lead
      const disinfection = task('disinfection'); // due 04:00, held by the command centre (no unit duty)
      const notices = async (taskId: string) =>
        (
          await t.ctx.db.selectFrom('response_inbox').select(['user_id', 'kind']).where('task_id', '=', taskId).orderBy('created_at').orderBy('id').execute()
        ).map((n) => `${n.kind}:${n.user_id}`);
      const lead = staff.tracingLead.userId;
      const centre = staff.commander.userId;
      t.clock.set('2026-05-06T05:29:00Z');
      await sweepNotices(t.ctx);
      expect(await notices(trajectory.id)).toEqual([`start:${lead}`]);
      t.clock.set('2026-05-06T05:30:00Z');
      await sweepNotices(t.ctx);
      expect(await notices(trajectory.id)).toEqual([`start:${lead}`, `due:${lead}`]);
      t.clock.set('2026-05-06T06:00:15Z'); // the next 15 s sweep after the deadline
      await sweepNotices(t.ctx);
      expect((await notices(trajectory.id)).slice(2)).toEqual([`overdue:${lead}`]);
      t.clock.set('2026-05-06T06:15:00Z');
      await sweepNotices(t.ctx);
      t.clock.set('2026-05-06T06:30:00Z'); // group lead = the owner here
      await sweepNotices(t.ctx);
      t.clock.set('2026-05-06T07:00:00Z');
      await sweepNotices(t.ctx);
      expect((await notices(trajectory.id)).slice(3)).toEqual([`escalation:${lead}`, `escalation:${lead}`, `escalation:${centre}`]);
      const row = await t.ctx.db
        .selectFrom('response_tasks')
        .select(['escalations', 'alert_stage', 'next_alert_at'])
        .where('id', '=', trajectory.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ escalations: 3, next_alert_at: '2026-05-06T08:00:00.000Z' });
      // 环境消杀's group (supervision) has no lead: that step is skipped, not counted
      const d = await t.ctx.db.selectFrom('response_tasks').select('escalations').where('id', '=', disinfection.id).executeTakeFirstOrThrow();
      // due 04:00: owner (→ the centre, which holds the task) at +15 min, the lead skipped at +30, the centre at +60, +120, +180
      expect(Number(d.escalations)).toBe(4);
      expect((await notices(disinfection.id)).filter((n) => n.startsWith('escalation'))).toEqual(Array(4).fill(`escalation:${centre}`));
      // a task done stops its notices
      await t.ctx.db.updateTable('response_tasks').set({ status: 'done', next_alert_at: null }).where('id', '=', trajectory.id).execute();
      t.clock.set('2026-05-06T09:00:00Z');
      await sweepNotices(t.ctx);
      expect(await notices(trajectory.id)).toHaveLength(6);
    });

    it('a catch-up after a long outage sends every missed notice exactly once, even with two sweeps at once', async () => {
      const { incident, task } = await activated('catch-up');
      t.clock.set('2026-05-07T12:00:00Z'); // past every deadline and every escalation step
      const [a, b] = await Promise.all([sweepNotices(t.ctx), sweepNotices(t.ctx)]);
      const rows = await t.ctx.db
        .selectFrom('response_inbox')
        .select(['id', 'task_id', 'kind', 'user_id'])
        .where('incident_id', '=', incident.id)
        .where('kind', '!=', 'start')
        .orderBy('id')
        .execute();
      expect(a.notices + b.notices).toBeGreaterThanOrEqual(rows.length);
      const trajectory = rows.filter((r) => r.task_id === task('trajectory').id).map((r) => `${r.kind}:${r.user_id}`);
      const [lead, centre] = [staff.tracingLead.userId, staff.commander.userId];
      // no due-soon (its deadline has passed), the overdue notice, then owner, group lead and the centre three times
      expect(trajectory.sort()).toEqual([...Array(2).fill(`escalation:${lead}`), ...Array(3).fill(`escalation:${centre}`), `overdue:${lead}`].sort());
      const outbox = await t.ctx.db
        .selectFrom('response_outbox')
        .select(['inbox_id', 'payload'])
        .where(
          'inbox_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      expect(outbox).toHaveLength(rows.length);
      const payload = JSON.parse(outbox[0]!.payload) as Record<string, string>;
      expect(payload).toMatchObject({ notice: outbox[0]!.inbox_id, incident: incident.id });
      expect(Object.keys(payload).sort()).toEqual(['dueAt', 'incident', 'kind', 'notice', 'recipient', 'task']);
      const title = await t.ctx.db.selectFrom('response_inbox').select('title').where('id', '=', rows[0]!.id).executeTakeFirstOrThrow();
      expect(title.title).toMatch(/^【(已超时|超时升级)】catch-up · /);
      expect((await sweepNotices(t.ctx)).notices).toBe(0); // nothing left to send
      const row = await t.ctx.db
        .selectFrom('response_tasks')
        .select(['escalations', 'next_alert_at'])
        .where('id', '=', task('trajectory').id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ escalations: 5, next_alert_at: null });
      const audit = await t.ctx.db.selectFrom('audit_log').select('details').where('action', '=', 'response.notices_sent').execute();
      expect(audit.length).toBeGreaterThan(0);
    });

    it('the outbox carries ids only and the webhook sender retries failures with back-off', async () => {
      const { task } = await activated('outbox');
      const rows = await t.ctx.db
        .selectFrom('response_outbox as o')
        .innerJoin('response_inbox as i', 'i.id', 'o.inbox_id')
        .select(['o.payload', 'o.status'])
        .where('i.task_id', '=', task('lockdown').id)
        .execute();
      expect(rows).toHaveLength(1);
      const payload = JSON.parse(rows[0]!.payload) as Record<string, unknown>;
      expect(Object.keys(payload).sort()).toEqual(['dueAt', 'incident', 'kind', 'notice', 'recipient', 'task']);
      expect(rows[0]!.payload).not.toContain('郁街长');
      const calls: string[] = [];
      let fail = true;
      const post = async (url: string, body: string) => {
        calls.push(`${url} ${(JSON.parse(body) as { kind: string }).kind}`);
        return fail ? { ok: false, status: 503 } : { ok: true, status: 200 };
      };
      const first = await drainOutbox(t.ctx, { url: 'http://gateway.test/notify', post, limit: 1000 });
      expect(first.sent).toBe(0);
      expect(first.failed).toBeGreaterThan(0);
      expect((await drainOutbox(t.ctx, { url: 'http://gateway.test/notify', post, limit: 1000 })).failed).toBe(0); // waiting for back-off
      fail = false;
      t.clock.set('2026-05-06T02:01:01Z');
      const second = await drainOutbox(t.ctx, { url: 'http://gateway.test/notify', post, limit: 1000 });
      expect(second.sent).toBe(first.failed);
      const mine = await t.ctx.db
        .selectFrom('response_outbox as o')
        .innerJoin('response_inbox as i', 'i.id', 'o.inbox_id')
        .select(['o.status', 'o.attempts'])
        .where('i.task_id', '=', task('lockdown').id)
        .execute();
      expect(mine).toEqual([{ status: 'sent', attempts: 2 }]);
    });

    it('opens an incident from a case: T0 from its report, area and link from the record', async () => {
      const sick = await newPerson(t, { areaCode: AREAS.buildingA });
      const c = await new CasesService(t.ctx).create(t.admin, { personId: sick.id, reportedAt: '2026-05-06T00:30:00Z', samplingDate: '2026-05-05' });
      const inc = await new IncidentsService(t.ctx).create(t.admin, { name: '病例', fromCase: c.id });
      expect(inc).toMatchObject({ opened_from: 'case', source_id: c.id, t0: '2026-05-06T00:30:00.000Z', area_code: c.area_code });
      const links = await t.ctx.db.selectFrom('incident_links').select(['kind', 'ref_id']).where('incident_id', '=', inc.id).execute();
      expect(links).toEqual([{ kind: 'case', ref_id: c.id }]);
    });
  });
}
