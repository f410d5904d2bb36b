import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { publishEvent, dispatchEvents } from '../../events';
import { AREAS } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { responseModule } from '../response.module';
import { ActivationService } from './activation.service';
import { IncidentsService } from './incidents.service';
import { SIX_RAPID } from './plan-rules';
import { PlansService } from './plans.service';
import { epigrid, staffStreetA } from './response-kit';

type CliTask = { id: string; action: string; status: string; owner: string; due_at: string; done_at: string | null; escalations: number };

for (const dialect of testDialects()) {
  describe(`[${dialect}] response: incidents, plans, activation`, () => {
    let t: TestContext;
    let staff: Awaited<ReturnType<typeof staffStreetA>>;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      staff = await staffStreetA(t);
    });
    afterAll(() => t.close());

    const open = async (name: string, t0 = '2026-05-06T01:00:00Z') =>
      ((await epigrid(t, 'incident', 'create', '--name', name, '--area', AREAS.streetA, '--t0', t0, '--json')) as { id: string }).id;

    it('CLI: incident create → plan activate six-rapid → task list → task done → report timeliness', async () => {
      const id = await open('0506');
      const a = (await epigrid(t, 'plan', 'activate', '--plan', 'six-rapid', '--incident', id, '--json')) as {
        tasks: Array<{ id: string; action: string; owner: string; due_at: string }>;
      };
      expect(a.tasks.map((x) => [x.action, x.due_at])).toEqual([
        ['环境消杀', '2026-05-06T03:00:00.000Z'],
        ['轨迹流调', '2026-05-06T05:00:00.000Z'],
        ['社区封控', '2026-05-06T06:00:00.000Z'],
        ['密接排查', '2026-05-07T01:00:00.000Z'],
        ['核酸检测', '2026-05-07T01:00:00.000Z'],
        ['人员转运', '2026-05-07T01:00:00.000Z'],
      ]);
      const list = (await epigrid(t, 'task', 'list', '--incident', id, '--json')) as CliTask[];
      expect(list).toHaveLength(6);
      expect(Object.keys(list[0] as object).sort()).toEqual(['action', 'done_at', 'due_at', 'escalations', 'id', 'owner', 'status']);
      const lockdown = list.find((x) => x.action === '社区封控') as CliTask;
      t.clock.set('2026-05-06T04:30:00Z');
      expect(await epigrid(t, 'task', 'done', lockdown.id, '--note', '封控圈已划定', '--json')).toMatchObject({
        status: 'done',
        done_at: '2026-05-06T04:30:00.000Z',
      });
      const r = (await epigrid(t, 'report', 'timeliness', '--incident', id, '--json')) as {
        t0: string;
        marks: Array<{ name: string; target_h: number; done_at: string | null; met: boolean | null }>;
      };
      expect(r.t0).toBe('2026-05-06T01:00:00.000Z');
      expect(r.marks.find((m) => m.name === '5h')).toEqual({ name: '5h', target_h: 5, done_at: '2026-05-06T04:30:00.000Z', met: true });
      expect(r.marks.find((m) => m.name === '2h')).toEqual({ name: '2h', target_h: 2, done_at: null, met: false }); // 3.5 h past T0, 消杀 not done
      expect(r.marks.find((m) => m.name === '24h')).toMatchObject({ done_at: null, met: null }); // still within 24 h
      expect(r.marks.find((m) => m.name === 'first action')).toMatchObject({ target_h: 2, met: false });
      expect(r.marks.find((m) => m.name === '7-1-7 notify')).toMatchObject({ target_h: 24, met: true });
      t.clock.set('2026-05-06T02:00:00.000Z');
    });

    it('resolves each owner to a person (duty, grid worker, group lead), says so on a fallback, and leaves nobody to the command centre with the reason', async () => {
      const id = await open('owners');
      const { tasks } = await new ActivationService(t.ctx).activate(t.admin, 'six-rapid', id);
      const by = new Map(tasks.map((x) => [x.template_key, x]));
      expect(by.get('lockdown')).toMatchObject({ owner_user_id: staff.official.userId, owner_name: '郁街长', owner_note: null, area_code: AREAS.streetA });
      expect(by.get('testing')).toMatchObject({ owner_user_id: staff.gridWorker.userId, owner_name: '网格员甲' });
      expect(by.get('trajectory')).toMatchObject({ owner_user_id: staff.tracingLead.userId });
      expect(by.get('transfer')).toMatchObject({ owner_user_id: staff.quarantineLead.userId });
      // on duty: nobody rostered → the group's lead, and the task says so
      expect(by.get('contacts')).toMatchObject({ owner_user_id: staff.tracingLead.userId, owner_note: expect.stringContaining('nobody is rostered') });
      // 环境消杀: the unit duty has nobody for street A → the command centre, with why
      expect(by.get('disinfection')).toMatchObject({
        owner_user_id: null,
        owner_name: '指挥部',
        owner_note: expect.stringContaining('no responsible with duty unit'),
      });
      // start notices: each owner in their inbox; the ownerless task to the district's commander
      const inbox = await t.ctx.db.selectFrom('response_inbox').select(['user_id', 'task_id', 'kind']).where('incident_id', '=', id).execute();
      expect(inbox.filter((n) => n.kind === 'start')).toHaveLength(6);
      expect(inbox.find((n) => n.task_id === by.get('disinfection')?.id)?.user_id).toBe(staff.commander.userId);
    });

    it('re-activation creates no duplicates, and activation on a closed incident is refused, naming why', async () => {
      const id = await open('again');
      const first = await new ActivationService(t.ctx).activate(t.admin, 'six-rapid', id);
      const again = await new ActivationService(t.ctx).activate(t.admin, 'six-rapid', id);
      expect([first.created, again.created]).toEqual([6, 0]);
      expect(again.tasks.map((x) => x.id).sort()).toEqual(first.tasks.map((x) => x.id).sort());
      const audits = await t.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', id)
        .where('action', '=', 'response.plan_activated')
        .execute();
      expect(audits).toHaveLength(1);
      await new IncidentsService(t.ctx).close(t.admin, id, '疫情结束');
      const closed = await open('closed');
      await new IncidentsService(t.ctx).close(t.admin, closed, '误报');
      await expect(new ActivationService(t.ctx).activate(t.admin, 'six-rapid', closed)).rejects.toMatchObject({
        code: 'INCIDENT_CLOSED',
        details: { field: 'incident', reason: 'closed' },
      });
      expect(await t.ctx.db.selectFrom('response_tasks').select('id').where('incident_id', '=', closed).execute()).toEqual([]);
    });

    it('plan import: a cycle, a deadline before T0, an unknown duty each name the field; nothing stored; export round-trips', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
      const file = (name: string, plan: unknown) => {
        const f = path.join(dir, name);
        fs.writeFileSync(f, JSON.stringify(plan));
        return f;
      };
      const base = {
        code: 'cold-chain',
        name: '冷链阳性处置',
        trigger: { kind: 'alert', grades: ['red'], rules: [] },
        tasks: [
          { key: 'seal', action: '封存货品', owner: { rule: 'duty', duty: 'locality' }, dueHours: 2, dependsOn: [] },
          { key: 'trace', action: '追溯流向', group: 'tracing', owner: { rule: 'group_lead' }, dueHours: 12, dependsOn: ['seal'] },
        ],
      };
      const cycle = { ...base, tasks: [{ ...base.tasks[0], dependsOn: ['trace'] }, base.tasks[1]] };
      await expect(epigrid(t, 'plan', 'import', file('cycle.json', cycle), '--json')).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: { 'tasks[0].dependsOn': 'dependency cycle: seal → trace → seal' } },
      });
      const early = { ...base, tasks: [base.tasks[0], { ...base.tasks[1], dueHours: -1 }] };
      await expect(epigrid(t, 'plan', 'import', file('early.json', early), '--json')).rejects.toMatchObject({
        details: { fields: { 'tasks[1].dueHours': expect.stringContaining('deadline before T0') } },
      });
      const duty = { ...base, tasks: [{ ...base.tasks[0], owner: { rule: 'duty', duty: 'mayor' } }, base.tasks[1]] };
      await expect(epigrid(t, 'plan', 'import', file('duty.json', duty), '--json')).rejects.toMatchObject({
        details: { fields: { 'tasks[0].owner.duty': expect.stringContaining('unknown duty "mayor"') } },
      });
      expect(await t.ctx.db.selectFrom('response_plans').select('code').where('code', '=', 'cold-chain').execute()).toEqual([]);
      const ok = (await epigrid(t, 'plan', 'import', file('ok.json', base), '--json')) as { id: string; code: string; tasks: number };
      expect(ok).toMatchObject({ code: 'cold-chain', tasks: 2 });
      const exported = (await new PlansService(t.ctx).get('cold-chain')).definition;
      expect(exported.tasks.map((x) => [x.key, x.dueHours, x.dependsOn])).toEqual([
        ['seal', 2, []],
        ['trace', 12, ['seal']],
      ]);
      const v2 = (await epigrid(t, 'plan', 'import', file('ok2.json', exported), '--json')) as { id: string };
      expect(v2.id).toBe(ok.id);
      expect((await new PlansService(t.ctx).get('cold-chain')).row.version).toBe(2);
    });

    it('the shipped six-rapid plan is editable (deadlines) and city-wide only', async () => {
      const plans = new PlansService(t.ctx);
      expect((await plans.get('six-rapid')).definition.tasks.map((x) => x.action)).toEqual(SIX_RAPID.tasks.map((x) => x.action));
      const edited = await plans.setDeadlines(t.admin, 'six-rapid', [{ key: 'disinfection', dueHours: 3 }]);
      expect(edited.definition.tasks.find((x) => x.key === 'disinfection')?.dueHours).toBe(3);
      await expect(plans.setDeadlines(t.admin, 'six-rapid', [{ key: 'nope', dueHours: 3 }])).rejects.toMatchObject({
        details: { fields: { 'deadlines[0].key': expect.any(String) } },
      });
      await plans.setDeadlines(t.admin, 'six-rapid', [{ key: 'disinfection', dueHours: 2 }]);
      const app = await t.app();
      const res = await app.inject({
        method: 'PUT',
        url: '/api/v1/plans/six-rapid/deadlines',
        headers: { cookie: staff.commander.cookie },
        payload: { deadlines: [{ key: 'disinfection', dueHours: 9 }] },
      });
      expect(res.statusCode).toBe(403); // a district commander may not change a city-wide plan
    });

    it('an escalated alert opens an incident (or reuses the open one) and activates the plans bound to its grade', async () => {
      await new PlansService(t.ctx).import(t.admin, {
        code: 'blue-watch',
        name: '蓝色预警观察',
        trigger: { kind: 'alert', grades: ['blue'], rules: [] },
        tasks: [{ key: 'watch', action: '加强监测', owner: { rule: 'duty', duty: 'locality' }, dueHours: 48 }],
      });
      const sys = t.admin;
      await publishEvent(t.ctx.db, t.ctx, sys, {
        type: 'alert.escalated',
        areaCode: AREAS.streetA,
        subjectId: 'alert-1',
        payload: { grade: 'red', rule: 'multi-point' },
      });
      expect(await dispatchEvents(t.ctx, responseModule.events ?? [])).toBe(1);
      const incidents = await t.ctx.db.selectFrom('incidents').selectAll().where('source_id', '=', 'alert-1').execute();
      expect(incidents).toHaveLength(1);
      expect(incidents[0]).toMatchObject({ opened_from: 'alert', grade: 'red', area_code: AREAS.streetA, name: '0506' });
      const tasks = await t.ctx.db.selectFrom('response_tasks').select(['plan_code']).where('incident_id', '=', incidents[0]!.id).execute();
      expect(new Set(tasks.map((x) => x.plan_code))).toEqual(new Set(['six-rapid', 'cold-chain'])); // cold-chain is bound to red; blue-watch is not
      // the same alert escalated again (or the event replayed): same incident, no new tasks
      await publishEvent(t.ctx.db, t.ctx, sys, {
        type: 'alert.escalated',
        areaCode: AREAS.streetA,
        subjectId: 'alert-1',
        payload: { grade: 'red', rule: 'multi-point' },
      });
      await dispatchEvents(t.ctx, responseModule.events ?? []);
      expect(await t.ctx.db.selectFrom('incidents').select('id').where('source_id', '=', 'alert-1').execute()).toHaveLength(1);
      expect(await t.ctx.db.selectFrom('response_tasks').select('id').where('incident_id', '=', incidents[0]!.id).execute()).toHaveLength(tasks.length);
      const timeline = await t.ctx.db.selectFrom('incident_timeline').select('kind').where('incident_id', '=', incidents[0]!.id).execute();
      expect(timeline.map((x) => x.kind)).toEqual(['opened', 'plan_activated', 'plan_activated']);
    });
  });
}
