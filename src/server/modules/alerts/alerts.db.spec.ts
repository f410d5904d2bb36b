import { vi } from 'vitest';
import { AREAS, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { HOUR } from '../../lib/clock';
import { AuditService } from '../audit/audit.service';
import { caseFound, inStayPositive, landingTest, pooledResult, testingWorld, type TestingWorld } from './alerts.fixtures';
import { AlertsService } from './alerts.service';
import { RulesService } from './rules.service';
import { AlertSweep } from './sweep.service';

/** Only the named default rules enabled, so each test sees the rule it is about. */
async function only(t: TestContext, ...codes: string[]) {
  await t.ctx.db
    .updateTable('alert_rules')
    .set((eb) => ({ enabled: eb.case().when('code', 'in', codes).then(1).else(0).end() }))
    .execute();
}

const alertsOf = (t: TestContext) => t.ctx.db.selectFrom('alerts').selectAll().orderBy('raised_at').orderBy('code').execute();

for (const dialect of testDialects()) {
  describe(`[${dialect}] multi-point triggers 多点触发`, () => {
    let t: TestContext;
    let w: TestingWorld;
    const sweep = () => new AlertSweep(t.ctx).run();
    beforeEach(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      w = await testingWorld(t);
    });
    afterEach(() => t.close());

    it('a case found outside control (社会面) raises a red street alert; one found under control does not', async () => {
      await only(t, 'social-case');
      await caseFound(t, AREAS.buildingA, true);
      expect(await sweep()).toMatchObject({ seen: 0, raised: 0 });
      const id = await caseFound(t, AREAS.buildingA);
      expect(await sweep()).toMatchObject({ seen: 1, raised: 1 });
      const [a] = await alertsOf(t);
      expect(a).toMatchObject({ rule_code: 'social-case', grade: 'red', area_code: AREAS.streetA, status: 'new', records: 1 });
      const recs = await t.ctx.db.selectFrom('alert_records').selectAll().execute();
      expect(recs.map((r) => [r.channel, r.record_id])).toEqual([['case_outside_control', id]]);
      // seen once: the next sweep finds nothing new
      expect(await sweep()).toMatchObject({ seen: 0, raised: 0 });
    });

    it('needs two distinct channels in one street within the window (street multi-point)', async () => {
      await only(t, 'multi-point-street');
      await pooledResult(t, w, { street: 'A' });
      await pooledResult(t, w, { street: 'A' });
      expect(await sweep()).toMatchObject({ seen: 2, raised: 0 }); // one channel only
      await landingTest(t, AREAS.buildingB); // another street
      expect(await sweep()).toMatchObject({ raised: 0 });
      t.clock.advance(80 * HOUR); // beyond the 72 h window
      await landingTest(t, AREAS.buildingA);
      expect(await sweep()).toMatchObject({ raised: 0 });
      await pooledResult(t, w, { street: 'A' }); // within 72 h of the landing test
      expect(await sweep()).toMatchObject({ raised: 1 });
      const [a] = await alertsOf(t);
      expect(a).toMatchObject({ grade: 'orange', area_code: AREAS.streetA, records: 2 });
      expect(JSON.parse(a!.channels)).toEqual(['arrival_positive', 'positive_pool']);
    });

    it('rolls records of several streets up to their district (district multi-point)', async () => {
      await only(t, 'multi-point-district');
      await pooledResult(t, w, { street: 'A' });
      await landingTest(t, AREAS.buildingB);
      expect(await sweep()).toMatchObject({ raised: 0 });
      await inStayPositive(t, AREAS.buildingB);
      expect(await sweep()).toMatchObject({ raised: 1 });
      const [a] = await alertsOf(t);
      expect(a).toMatchObject({ grade: 'red', area_code: AREAS.district, records: 3 });
      expect(JSON.parse(a!.channels)).toEqual(['arrival_positive', 'instay_positive', 'positive_pool']);
    });

    it('meets a record threshold: the third positive pool in a street within 24 h, not the second', async () => {
      await only(t, 'pool-cluster-street');
      await pooledResult(t, w, { street: 'A' });
      await pooledResult(t, w, { street: 'A', result: 'negative' });
      await pooledResult(t, w, { street: 'A', result: 'suspected' });
      expect(await sweep()).toMatchObject({ seen: 2, raised: 0 });
      await pooledResult(t, w, { street: 'A' });
      expect(await sweep()).toMatchObject({ raised: 1 });
      expect((await alertsOf(t))[0]).toMatchObject({ grade: 'yellow', records: 3 });
    });

    it('raises one alert per (rule, area) episode; later records in its window join it', async () => {
      await only(t, 'pool-cluster-street');
      for (let i = 0; i < 4; i++) await pooledResult(t, w, { street: 'A' });
      expect(await sweep()).toMatchObject({ seen: 4, raised: 1, joined: 0 });
      t.clock.advance(2 * HOUR);
      await pooledResult(t, w, { street: 'A' });
      expect(await sweep()).toMatchObject({ raised: 0, joined: 1 });
      const all = await alertsOf(t);
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ records: 5 });
      // another street is another episode
      for (let i = 0; i < 3; i++) await pooledResult(t, w, { street: 'B' });
      expect(await sweep()).toMatchObject({ raised: 1 });
      expect((await alertsOf(t)).map((a) => a.area_code).sort()).toEqual([AREAS.streetB, AREAS.streetA].sort());
    });

    it('a record joins the open alert even where its own window no longer holds enough records to meet the rule', async () => {
      await only(t, 'pool-cluster-street');
      for (let i = 0; i < 3; i++) {
        await pooledResult(t, w, { street: 'A' });
        t.clock.advance(HOUR);
      }
      expect(await sweep()).toMatchObject({ raised: 1 });
      // 25.5 h after the first pool: within 24 h of the alert's last record, but only one pool of the three is within 24 h of it.
      t.clock.advance(22.5 * HOUR);
      await pooledResult(t, w, { street: 'A' });
      expect(await sweep()).toMatchObject({ raised: 0, joined: 1 });
      expect((await alertsOf(t))[0]).toMatchObject({ records: 4 });
    });

    it('an area rule needs that area in scope; a city-wide rule a city-scoped role', async () => {
      const rules = new RulesService(t.ctx);
      const { userId } = await t.loginAs('area_official', [AREAS.streetA]);
      const official = { ...t.admin, kind: 'user' as const, id: userId, name: 'official', role: 'area_official' as const, scope: [AREAS.streetA] };
      const base = { name: '本街道单点', channels: ['positive_single' as const], minChannels: 1, windowHours: 24, grade: 'blue' as const };
      await expect(rules.create(official, { ...base, code: 'city-x', level: 'street' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(rules.create(official, { ...base, code: 'b-x', areaCode: AREAS.streetB })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const mine = await rules.create(official, { ...base, code: 'a-x', areaCode: AREAS.streetA });
      expect(mine).toMatchObject({ areaCode: AREAS.streetA, level: null, minRecords: 1, editable: true });
      const seen = await rules.list(official);
      expect(seen.find((r) => r.code === 'social-case')).toMatchObject({ editable: false });
      await expect(rules.update(official, seen.find((r) => r.code === 'social-case')!.id, { enabled: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(rules.create(t.admin, { ...base, code: 'bad', minChannels: 2, level: 'street' })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: { minChannels: expect.any(String) } },
      });
    });
  });

  describe(`[${dialect}] alert triage 预警处置`, () => {
    let t: TestContext;
    let w: TestingWorld;
    beforeEach(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      w = await testingWorld(t);
      await only(t, 'social-case');
    });
    afterEach(() => {
      vi.restoreAllMocks();
      return t.close();
    });

    async function raised(building: string = AREAS.buildingA): Promise<string> {
      await caseFound(t, building);
      await new AlertSweep(t.ctx).run();
      const rows = await t.ctx.db.selectFrom('alerts').select(['id', 'area_code']).orderBy('raised_at', 'desc').execute();
      return rows.find((r) => building.startsWith(r.area_code))!.id;
    }
    const events = () => t.ctx.db.selectFrom('domain_events').selectAll().where('type', '=', 'alert.escalated').execute();

    it('moves new → verifying → escalated by named people with notes; invalid steps answer 409 naming the status', async () => {
      void w;
      const id = await raised();
      const app = await t.app();
      const { cookie } = await t.loginAs('area_official', [AREAS.streetA], 'wang');
      const post = (action: string, note = '电话核实病例信息') =>
        app.inject({ method: 'POST', url: `/api/v1/alerts/${id}/${action}`, headers: { cookie, 'content-type': 'application/json' }, payload: { note } });
      const early = await post('escalate');
      expect(early.statusCode).toBe(409);
      expect(early.json().error).toMatchObject({ code: 'ALERT_STATUS_CONFLICT', details: { status: 'new' } });
      expect((await post('verify', '   ')).statusCode).toBe(400);
      const v = await post('verify');
      expect(v.statusCode).toBe(200);
      expect(v.json()).toMatchObject({ status: 'verifying', verifiedAt: null, actions: ['discard', 'monitor', 'escalate'] });
      t.clock.advance(HOUR);
      const e = await post('escalate', '社会面病例属实，启动响应');
      expect(e.json()).toMatchObject({ status: 'escalated', actions: [] });
      expect(e.json().verifiedAt).toBe(t.clock.nowIso());
      expect(e.json().steps.map((s: { toStatus: string; actorName: string; note: string }) => [s.toStatus, s.actorName, s.note])).toEqual([
        ['verifying', 'wang', '电话核实病例信息'],
        ['escalated', 'wang', '社会面病例属实，启动响应'],
      ]);
      const again = await post('discard');
      expect(again.statusCode).toBe(409);
      expect(again.json().error.message).toContain('escalated');
      const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'target_id']).where('target_id', '=', id).orderBy('seq').execute();
      expect(audit.map((x) => x.action)).toEqual(['alert.raised', 'alert.verify', 'alert.escalate']);
    });

    it('escalation publishes exactly one alert.escalated event, and only when the step commits', async () => {
      const id = await raised();
      const svc = new AlertsService(t.ctx);
      await svc.step(t.admin, id, 'verify', '核实中');
      vi.spyOn(AuditService.prototype, 'append').mockRejectedValueOnce(new Error('audit store unavailable'));
      await expect(svc.step(t.admin, id, 'escalate', '升级')).rejects.toThrow('audit store unavailable');
      expect(await events()).toHaveLength(0);
      expect((await svc.show(t.admin, id)).status).toBe('verifying');
      const [a, b] = await Promise.allSettled([svc.step(t.admin, id, 'escalate', '升级'), svc.step(t.admin, id, 'escalate', '再次升级')]);
      expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
      const ev = await events();
      expect(ev).toHaveLength(1);
      const alert = await t.ctx.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(ev[0]).toMatchObject({ subject_id: id, area_code: AREAS.streetA });
      expect(JSON.parse(ev[0]!.payload)).toEqual({ grade: 'red', rule: 'social-case' });
      expect(alert.status).toBe('escalated');
    });

    it('is due 24 h after raising (per rule), overdue shown, and counts % verified within 48 h', async () => {
      const rules = await new RulesService(t.ctx).list(t.admin);
      await new RulesService(t.ctx).update(t.admin, rules.find((r) => r.code === 'social-case')!.id, { dueHours: 12 });
      const svc = new AlertsService(t.ctx);
      const raisedAt = t.clock.nowIso();
      const first = await raised();
      expect((await svc.show(t.admin, first)).dueAt).toBe(new Date(Date.parse(raisedAt) + 12 * HOUR).toISOString());
      const second = await raised(AREAS.buildingB);
      t.clock.advance(13 * HOUR);
      let list = await svc.list(t.admin, { limit: 50 });
      expect(list.items.every((a) => a.overdue)).toBe(true);
      expect((await svc.list(t.admin, { overdue: true, limit: 50 })).items).toHaveLength(2);
      await svc.step(t.admin, first, 'verify', '核实');
      await svc.step(t.admin, first, 'discard', '排除：外地报告重复');
      t.clock.advance(40 * HOUR); // 53 h after raising; the second never verified
      await svc.step(t.admin, second, 'verify', '核实');
      await svc.step(t.admin, second, 'monitor', '持续观察');
      list = await svc.list(t.admin, { limit: 50 });
      expect(list.stats).toMatchObject({ raised: 2, eligible48h: 2, verifiedWithin48h: 1, pctVerifiedWithin48h: 50, open: 0, overdue: 0 });
    });

    it("an area's staff see and triage their areas' alerts only", async () => {
      const inA = await raised(AREAS.buildingA);
      const inB = await raised(AREAS.buildingB);
      const app = await t.app();
      const { cookie } = await t.loginAs('area_official', [AREAS.streetA]);
      const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
      const list = await get('/api/v1/alerts');
      expect(list.json().items.map((a: { id: string }) => a.id)).toEqual([inA]);
      expect(list.json().stats.raised).toBe(1);
      expect((await get(`/api/v1/alerts/${inB}`)).statusCode).toBe(404);
      expect((await get(`/api/v1/alerts?area=${AREAS.streetB}`)).statusCode).toBe(404);
      const shown = await get(`/api/v1/alerts/${inA}`);
      expect(shown.json().evidence).toHaveLength(1);
      expect(shown.json().hidden).toEqual([]);
      const steal = await app.inject({
        method: 'POST',
        url: `/api/v1/alerts/${inB}/verify`,
        headers: { cookie, 'content-type': 'application/json' },
        payload: { note: 'x' },
      });
      expect(steal.statusCode).toBe(404);
      const b = await t.ctx.db.selectFrom('alerts').select('status').where('id', '=', inB).executeTakeFirstOrThrow();
      expect(b.status).toBe('new');
    });
  });
}
