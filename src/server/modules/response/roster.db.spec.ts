import { AREAS } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { ActivationService } from './activation.service';
import { epigrid, staffStreetA } from './response-kit';
import { sendHandoverNotices } from './roster-handover';
import { WorkGroupsService } from './work-groups.service';

type Check = { uncovered_minutes: number; gaps: Array<{ group: string; from: string; to: string; minutes: number }> };
type Duty = { group: string; user_id: string | null; source: string; since: string | null; until: string | null; note: string | null };

for (const dialect of testDialects()) {
  describe(`[${dialect}] response: duty roster (值班值守)`, () => {
    let t: TestContext;
    let staff: Awaited<ReturnType<typeof staffStreetA>>;
    const g: Record<string, string> = {};
    beforeAll(async () => {
      t = await createTestContext(dialect);
      staff = await staffStreetA(t);
      for (const r of await t.ctx.db.selectFrom('work_groups').select(['id', 'code']).execute()) g[r.code] = r.id;
      const groups = new WorkGroupsService(t.ctx);
      for (const u of [staff.otherWorker, staff.gridWorker]) await groups.addMember(t.admin, g.tracing!, u.userId);
      await groups.addMember(t.admin, g.testing!, staff.otherWorker.userId);
      t.clock.set('2026-05-06T02:00:00.000Z'); // Wednesday 10:00 in Shanghai
    });
    afterAll(() => t.close());

    const check = async (group: string) => (await epigrid(t, 'roster', 'check', '--days', '14', '--group', group, '--json')) as Check;
    const now = async (group: string) => ((await epigrid(t, 'roster', 'now', '--group', group, '--json')) as Duty[])[0];

    it('before any rotation the group is one 14-day gap, and on_duty falls back to the lead, saying so', async () => {
      expect(await check(g.tracing!)).toMatchObject({ uncovered_minutes: 14 * 1440, gaps: [{ group: g.tracing, minutes: 14 * 1440 }] });
      expect(await now(g.tracing!)).toMatchObject({ user_id: staff.tracingLead.userId, source: 'lead', note: expect.stringContaining('nobody is rostered') });
    });

    it('CLI: an 8 h rotation of three covers 14 days with 0 minutes uncovered', async () => {
      const members = [staff.otherWorker.userId, staff.gridWorker.userId, staff.tracingLead.userId].join(',');
      const rot = (await epigrid(
        t,
        'roster',
        'rotation',
        '--group',
        g.tracing!,
        '--start',
        '2026-05-04T00:00:00Z',
        '--shift',
        '8h',
        '--members',
        members,
        '--json',
      )) as {
        id: string;
      };
      expect(rot.id).toEqual(expect.any(String));
      const c = await check(g.tracing!);
      expect(c).toMatchObject({ uncovered_minutes: 0, gaps: [] });
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['uncovered_minutes', 'gaps']));
      // Wed 08:00–16:00 local is the 7th shift since Monday 08:00: 6 mod 3 = 0 → the first member
      expect(await now(g.tracing!)).toMatchObject({
        user_id: staff.otherWorker.userId,
        source: 'rotation',
        since: '2026-05-06T00:00:00.000Z',
        until: '2026-05-06T08:00:00.000Z',
      });
      const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', rot.id).execute();
      expect(audit.map((a) => a.action)).toEqual(['response.roster_rotation_created']);
    });

    it('a hole is reported: a weekdays-only day rotation leaves each weekend uncovered', async () => {
      await epigrid(
        t,
        'roster',
        'rotation',
        '--group',
        g.quarantine!,
        '--start',
        '2026-05-04T00:00:00Z',
        '--shift',
        '1d',
        '--weekdays',
        '1-5',
        '--members',
        staff.quarantineLead.userId,
      );
      const c = await check(g.quarantine!);
      expect(c.uncovered_minutes).toBe(2 * 2 * 1440);
      expect(c.gaps.map((x) => [x.group, x.from, x.to])).toEqual([
        [g.quarantine, '2026-05-09T00:00:00.000Z', '2026-05-11T00:00:00.000Z'], // Sat 08:00 → Mon 08:00 local
        [g.quarantine, '2026-05-16T00:00:00.000Z', '2026-05-18T00:00:00.000Z'],
      ]);
      // a scheduled change from next Monday runs it every day: only the first weekend stays a gap
      const [rot] = (await epigrid(t, 'roster', 'rotations', '--group', g.quarantine!, '--json')) as Array<{ id: string }>;
      await expect(epigrid(t, 'roster', 'change', rot!.id, '--from', '2026-05-01T00:00:00Z', '--weekdays', '1-7')).rejects.toMatchObject({
        details: { fields: { effectiveFrom: expect.stringContaining('now or later') } },
      });
      await epigrid(t, 'roster', 'change', rot!.id, '--from', '2026-05-11T00:00:00Z', '--weekdays', '1-7');
      expect((await check(g.quarantine!)).gaps.map((x) => x.from)).toEqual(['2026-05-09T00:00:00.000Z']);
    });

    it('refuses one person on two overlapping shifts across groups, naming the person and times; nothing written', async () => {
      const before = await t.ctx.db.selectFrom('roster_rotations').select('id').execute();
      await expect(
        epigrid(t, 'roster', 'rotation', '--group', g.testing!, '--start', '2026-05-04T00:00:00Z', '--shift', '12h', '--members', staff.gridWorker.userId),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: { members: expect.stringMatching(/would be on two overlapping shifts: .*(流调溯源组|核酸检测组).* \d{4}-\d\d-\d\d \d\d:\d\d–/) } },
      });
      expect(await t.ctx.db.selectFrom('roster_rotations').select('id').execute()).toHaveLength(before.length);
      // a non-member and a bad length are named too
      await expect(
        epigrid(t, 'roster', 'rotation', '--group', g.testing!, '--start', '2026-05-04T00:00:00Z', '--shift', '3x', '--members', staff.commander.userId),
      ).rejects.toMatchObject({ details: { fields: { shift: expect.any(String), members: expect.stringContaining('not the lead or an active member') } } });
    });

    it('on_duty owner rules resolve to the person rostered now', async () => {
      const inc = (await epigrid(t, 'incident', 'create', '--name', 'duty', '--area', AREAS.streetA, '--t0', '2026-05-06T01:00:00Z', '--json')) as {
        id: string;
      };
      const { tasks } = await new ActivationService(t.ctx).activate(t.admin, 'six-rapid', inc.id);
      expect(tasks.find((x) => x.template_key === 'contacts')).toMatchObject({ owner_user_id: staff.otherWorker.userId, owner_note: null });
    });

    it('a cover and a swap change who is on duty; coverage stays whole', async () => {
      const [other, grid, lead] = [staff.otherWorker.userId, staff.gridWorker.userId, staff.tracingLead.userId];
      await epigrid(
        t,
        'roster',
        'cover',
        '--group',
        g.tracing!,
        '--user',
        lead,
        '--for',
        other,
        '--from',
        '2026-05-06T01:00:00Z',
        '--to',
        '2026-05-06T03:00:00Z',
      );
      expect(await now(g.tracing!)).toMatchObject({ user_id: lead, source: 'override' });
      await epigrid(t, 'roster', 'swap', '--group', g.tracing!, '--a', other, '--a-at', '2026-05-06T05:00:00Z', '--b', grid, '--b-at', '2026-05-06T09:00:00Z');
      const shifts = (await epigrid(t, 'roster', 'shifts', '--from', '2026-05-06T00:00:00Z', '--days', '1', '--group', g.tracing!, '--json')) as Array<{
        user_id: string;
        from: string;
        to: string;
        kind: string;
      }>;
      expect(shifts.slice(0, 5).map((s) => [s.user_id, s.from.slice(11, 16), s.to.slice(11, 16), s.kind])).toEqual([
        [grid, '00:00', '01:00', 'swap'],
        [lead, '01:00', '03:00', 'cover'],
        [grid, '03:00', '08:00', 'swap'],
        [other, '08:00', '16:00', 'swap'],
        [lead, '16:00', '00:00', 'rotation'],
      ]);
      expect((await check(g.tracing!)).uncovered_minutes).toBe(0);
      // the cover may not put the lead on a shift they already hold
      await expect(
        epigrid(t, 'roster', 'cover', '--group', g.tracing!, '--user', lead, '--from', '2026-05-06T15:00:00Z', '--to', '2026-05-06T17:00:00Z'),
      ).resolves.toBeDefined(); // holding the whole group 15–17 replaces everyone there: no clash
      await expect(
        epigrid(t, 'roster', 'cover', '--group', g.testing!, '--user', other, '--from', '2026-05-06T09:00:00Z', '--to', '2026-05-06T10:00:00Z'),
      ).rejects.toMatchObject({ details: { fields: { userId: expect.stringContaining('two overlapping shifts') } } });
    });

    it('sends the hand-over notice 30 min before a shift to the incoming person, once', async () => {
      t.clock.set('2026-05-06T23:35:00.000Z'); // 25 min before Thursday 08:00 local
      const first = await sendHandoverNotices(t.ctx);
      // tracing hands over (lead → first member); quarantine's only member carries on from Wednesday: no hand-over
      expect(first.notices).toBe(1);
      expect(await sendHandoverNotices(t.ctx)).toEqual({ notices: 0 });
      const inbox = await t.ctx.db.selectFrom('response_inbox').selectAll().where('kind', '=', 'handover').execute();
      expect(inbox).toHaveLength(1);
      expect(inbox.every((n) => n.task_id === null && n.title.startsWith('【值班交接】'))).toBe(true);
      expect(inbox.map((n) => n.user_id)).toEqual([staff.otherWorker.userId]);
      expect(inbox[0]?.title).toContain('接替');
      const out = await t.ctx.db
        .selectFrom('response_outbox')
        .select('payload')
        .where(
          'inbox_id',
          'in',
          inbox.map((n) => n.id),
        )
        .execute();
      expect(JSON.parse(out[0]!.payload)).toMatchObject({ kind: 'handover', shiftStart: '2026-05-07T00:00:00.000Z' });
      t.clock.set('2026-05-06T02:00:00.000Z');
    });

    it('HTTP: check and now in camelCase; outside the area 404; bad input names the field', async () => {
      const app = await t.app();
      const commander = await t.loginAs('commander', [AREAS.district]);
      const get = (url: string, cookie = commander.cookie) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } });
      const c = await get(`/roster/check?days=14&group=${g.tracing}`);
      expect(c.statusCode).toBe(200);
      expect(c.json()).toMatchObject({ uncoveredMinutes: 0, gaps: [] });
      expect((await get(`/roster/now?group=${g.tracing}`)).json().items[0]).toMatchObject({
        groupCode: 'tracing',
        source: 'override',
        userId: staff.tracingLead.userId,
      });
      expect((await get(`/roster/rotations?group=${g.tracing}`)).json().items[0]).toMatchObject({ shift: '8h', weekdays: [1, 2, 3, 4, 5, 6, 7] });
      const outsider = await t.loginAs('commander', [AREAS.streetB]);
      expect((await get(`/roster/check?group=${g.tracing}`, outsider.cookie)).statusCode).toBe(404);
      const bad = await app.inject({
        method: 'POST',
        url: '/api/v1/roster/rotations',
        headers: { cookie: commander.cookie },
        payload: { groupId: g.supervision, startsAt: '2026-05-06T00:00:00Z', shift: 'soon', members: ['x'] },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('shift');
    });
  });
}
