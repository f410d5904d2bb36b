import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { addDays, localDate } from '../../lib/local-time';
import { PeopleService } from '../people/people.service';
import { CapacityService } from './capacity.service';
import { FacilitiesService } from './facilities.service';
import { HealthService } from './health.service';
import { PlacementQueries } from './placement-queries';
import { PlacementsService } from './placements.service';
import { StayService } from './stay.service';
import { TransfersService } from './transfers.service';

type P = Awaited<ReturnType<typeof newPerson>>;

for (const dialect of testDialects()) {
  describe(`[${dialect}] quarantine, transfer and treatment`, () => {
    let t: TestContext;
    let siteA = '';
    const fam: P[] = [];
    const solo: P[] = [];
    const status = async (id: string) => (await new PeopleService(t.ctx).getPerson(t.admin, id)).controlStatus;

    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      for (let i = 0; i < 3; i++) fam.push(await newPerson(t, { householdCode: 'H-FAM' }));
      for (let i = 0; i < 8; i++) solo.push(await newPerson(t, { areaCode: i < 4 ? AREAS.buildingA : AREAS.buildingB }));
    });
    afterAll(() => t.close());

    it('creates facilities with rooms/beds, bulk rooms from a template, counts derived from the rows', async () => {
      const svc = new FacilitiesService(t.ctx);
      siteA = (await svc.create(t.admin, { name: '郁州隔离点', type: 'quarantine', areaCode: AREAS.streetA, rooms: 4 })).id;
      const fc = await svc.create(t.admin, { name: '方舱医院', type: 'fangcang', areaCode: AREAS.district, rooms: 45 });
      expect((await svc.rooms(t.admin, fc.id)).slice(19, 21).map((r) => r.code)).toEqual(['U01-20', 'U02-01']);
      await expect(svc.create(t.admin, { name: 'x', type: 'spa' as never, areaCode: AREAS.streetA })).rejects.toMatchObject({
        details: { fields: { type: expect.stringContaining('quarantine') } },
      });
      const standby = await svc.create(t.admin, { name: '备用酒店', type: 'quarantine', areaCode: AREAS.streetB, mode: 'standby', activationHours: 24 });
      expect(await svc.addRooms(t.admin, standby.id, { floors: '3-4', rooms: '01-05' })).toEqual({ added: 10, skipped: 0 });
      expect((await svc.rooms(t.admin, standby.id)).map((r) => r.code).slice(0, 2)).toEqual(['3-01', '3-02']);
      await expect(svc.addRooms(t.admin, standby.id, { floors: '12-3', rooms: '01-30' })).rejects.toMatchObject({
        details: { fields: { floors: 'range ends before it starts' } },
      });
      const list = await svc.list(t.admin);
      expect(list.find((f) => f.id === siteA)).toMatchObject({ rooms_total: 4, rooms_free: 4, rooms_occupied: 0 });
    });

    it('places a close contact by the rule: 7 days on site + 3 at home, tests on days 1,2,3,5,7 and home day 3', async () => {
      const svc = new PlacementsService(t.ctx);
      const p = await svc.placeOne(t.admin, { idNumber: solo[0]!.idNumber, reason: 'close-contact' });
      expect(p).toMatchObject({
        facility_id: siteA,
        room: '001',
        start: '2026-05-06T02:00:00.000Z',
        site_end: '2026-05-13T02:00:00.000Z',
        monitoring_end: '2026-05-16T02:00:00.000Z',
      });
      const tests = await new StayService(t.ctx).tests(t.admin, p.placement_id);
      expect(tests.map((x) => `${x.phase}${x.day}@${x.due_date}`)).toEqual([
        'site1@2026-05-06',
        'site2@2026-05-07',
        'site3@2026-05-08',
        'site5@2026-05-10',
        'site7@2026-05-12',
        'home3@2026-05-15',
      ]);
      expect(await status(solo[0]!.id)).toBe('centralised_quarantine');
      await expect(svc.placeOne(t.admin, { idNumber: solo[0]!.idNumber, reason: 'close-contact' })).rejects.toMatchObject({ code: 'ALREADY_PLACED' });
    });

    it('a family shares one room; a stranger never joins an occupied room; out-of-service rooms are not used; full → clear error', async () => {
      const svc = new PlacementsService(t.ctx);
      const r = await svc.placeMany(
        t.admin,
        fam.map((f) => f.id),
        'close-contact',
        { facilityId: siteA },
      );
      expect(new Set(r.placed.map((x) => x.room))).toEqual(new Set(['002']));
      const rooms = await new FacilitiesService(t.ctx).rooms(t.admin, siteA);
      const room1 = rooms.find((x) => x.code === '001')!;
      const room4 = rooms.find((x) => x.code === '004')!;
      await expect(svc.placeOne(t.admin, { idNumber: solo[1]!.idNumber, reason: 'close-contact', roomId: room1.id })).rejects.toMatchObject({
        code: 'ROOM_NOT_FREE',
      });
      await new FacilitiesService(t.ctx).setRoomStatus(t.admin, room4.id, 'out_of_service');
      await expect(svc.placeOne(t.admin, { idNumber: solo[1]!.idNumber, reason: 'close-contact', roomId: room4.id })).rejects.toMatchObject({
        code: 'ROOM_NOT_FREE',
      });
      expect((await svc.placeOne(t.admin, { idNumber: solo[1]!.idNumber, reason: 'close-contact', facilityId: siteA })).room).toBe('003');
      await expect(svc.placeOne(t.admin, { idNumber: solo[2]!.idNumber, reason: 'close-contact', facilityId: siteA })).rejects.toMatchObject({
        code: 'NO_ROOM_FREE',
        message: expect.stringContaining('No free room'),
      });
      const standby = (await new FacilitiesService(t.ctx).list(t.admin)).find((f) => f.mode === 'standby')!;
      await expect(svc.placeOne(t.admin, { idNumber: solo[2]!.idNumber, reason: 'close-contact', facilityId: standby.id })).rejects.toMatchObject({
        code: 'FACILITY_NOT_ACTIVE',
      });
      const secondary = await svc.placeOne(t.admin, { idNumber: solo[3]!.idNumber, reason: 'secondary-contact' });
      expect(secondary.room).toBeNull();
      expect(await status(solo[3]!.id)).toBe('home_quarantine');
    });

    it('health checks: impossible temperatures refused; fever and 心理疏导 raise tasks; missed checks found set-based', async () => {
      const h = new HealthService(t.ctx);
      const placement = (await new PlacementQueries(t.ctx).list(t.admin, { facilityId: siteA, status: 'live', limit: 10 })).items[0]!;
      await expect(h.record(t.admin, placement.id, { temperature: 48 })).rejects.toMatchObject({
        details: { fields: { temperature: expect.stringContaining('34.0') } },
      });
      expect(await h.record(t.admin, placement.id, { temperature: 37.3, symptoms: ['咳嗽'], mentalSupport: true })).toMatchObject({
        fever: true,
        tasks: ['fever', 'mental_support'],
      });
      expect(await h.record(t.admin, placement.id, { temperature: 36.5 })).toMatchObject({ fever: false, tasks: [] });
      t.clock.advance(2 * 24 * 3600_000);
      expect(await h.raiseMissedChecks()).toBe(5); // checks are due from the day after placement; nobody was checked yesterday
      expect(await h.raiseMissedChecks()).toBe(0);
      const tasks = await h.tasks(t.admin, { facilityId: siteA });
      expect(tasks.map((x) => x.kind).sort()).toEqual([
        'fever',
        'mental_support',
        'missed_check',
        'missed_check',
        'missed_check',
        'missed_check',
        'missed_check',
      ]);
    });

    it('release only when days are served and site tests negative, or by audited override with reason', async () => {
      const svc = new StayService(t.ctx);
      const p = (await new PlacementQueries(t.ctx).list(t.admin, { facilityId: siteA, status: 'live', limit: 10 })).items.find(
        (x) => x.person_id === solo[0]!.id,
      )!;
      await expect(svc.release(t.admin, p.id)).rejects.toMatchObject({
        code: 'RELEASE_NOT_ALLOWED',
        message: expect.stringContaining('days not served'),
      });
      await expect(svc.release(t.admin, p.id, { override: true })).rejects.toMatchObject({
        details: { fields: { reason: expect.any(String) } },
      });
      t.clock.advance(7 * 24 * 3600_000);
      await expect(svc.release(t.admin, p.id)).rejects.toMatchObject({
        message: expect.stringContaining('site test day 1 has no negative result'),
      });
      for (const d of [1, 2, 3, 5, 7]) await svc.recordTest(t.admin, p.id, { day: d, result: 'negative' });
      await expect(svc.recordTest(t.admin, p.id, { day: 4, result: 'negative' })).rejects.toMatchObject({
        details: { fields: { day: expect.any(String) } },
      });
      expect(await svc.release(t.admin, p.id)).toMatchObject({ override: false });
      expect(await status(solo[0]!.id)).toBe('home_monitoring');
      const room = (await new FacilitiesService(t.ctx).rooms(t.admin, siteA)).find((r) => r.code === '001')!;
      expect(room).toMatchObject({ status: 'cleaning', occupants: 0 });
      const early = (await new PlacementQueries(t.ctx).list(t.admin, { facilityId: siteA, status: 'live', limit: 10 })).items.find(
        (x) => x.person_id === solo[1]!.id,
      )!;
      t.clock.advance(-7 * 24 * 3600_000);
      const released = await new StayService(t.ctx).release(t.admin, early.id, { override: true, reason: '转定点医院' });
      expect(released).toMatchObject({ override: true });
      // Home monitoring runs from the early release (3 days), its day-3 test two local days after it.
      const after = (await new PlacementQueries(t.ctx).list(t.admin, { facilityId: siteA, status: 'released', limit: 10 })).items.find(
        (x) => x.id === early.id,
      )!;
      expect(after.monitoring_end).toBe(new Date(Date.parse(released.releasedAt) + 3 * 24 * 3600_000).toISOString());
      const homeTests = (await new StayService(t.ctx).tests(t.admin, early.id)).filter((x) => x.phase === 'home');
      expect(homeTests.map((x) => x.due_date)).toEqual([addDays(localDate(released.releasedAt, t.ctx.config.timeZone), 2)]);
      expect(after.site_end > released.releasedAt).toBe(true);
      t.clock.advance(7 * 24 * 3600_000);
    });

    it('transfers: state machine, a household in one run, arrival places them, full facility refused', async () => {
      const tr = new TransfersService(t.ctx);
      const fac = new FacilitiesService(t.ctx);
      const hotel = await fac.create(t.admin, { name: '朐阳隔离酒店', type: 'quarantine', areaCode: AREAS.streetB, rooms: 2 });
      const car = await tr.addVehicle(t.admin, { plate: '苏G·12345', capacity: 2, driver: '转运司机', areaCode: AREAS.district });
      const [a, b] = [solo[4]!, solo[5]!];
      const req = await tr.request(t.admin, { personIds: [a.id, b.id], toFacilityId: hotel.id, reason: 'close-contact' });
      expect(req.map((x) => x.status)).toEqual(['requested', 'requested']);
      await expect(tr.request(t.admin, { personIds: [a.id], toFacilityId: hotel.id, reason: 'close-contact' })).rejects.toMatchObject({
        code: 'FACILITY_FULL',
      });
      await expect(
        tr.assignVehicle(
          t.admin,
          req.map((x) => x.id),
          car.id,
        ),
      ).rejects.toMatchObject({ code: 'TRANSFER_STATE' });
      await tr.advance(
        t.admin,
        req.map((x) => x.id),
        'approved',
      );
      await tr.assignVehicle(
        t.admin,
        req.map((x) => x.id),
        car.id,
      );
      await expect(
        tr.advance(
          t.admin,
          req.map((x) => x.id),
          'arrived',
        ),
      ).rejects.toMatchObject({ code: 'TRANSFER_STATE' });
      await tr.advance(
        t.admin,
        req.map((x) => x.id),
        'picked_up',
      );
      const incoming = await tr.list(t.admin, { facilityId: hotel.id, live: true, limit: 10 });
      expect(incoming.map((x) => x.plate)).toEqual(['苏G·12345', '苏G·12345']);
      await tr.advance(
        t.admin,
        req.map((x) => x.id),
        'arrived',
      );
      expect((await fac.list(t.admin)).find((f) => f.id === hotel.id)).toMatchObject({ rooms_occupied: 2, rooms_free: 0 });
      expect(await status(a.id)).toBe('centralised_quarantine');
      await tr.setMode(t.admin, 'emergency');
      const fc = (await fac.list(t.admin, { type: 'fangcang' }))[0]!;
      const auto = await tr.request(t.admin, { personIds: [solo[6]!.id], toFacilityId: fc.id, reason: 'case' });
      expect(auto[0]!.status).toBe('approved');
      await expect(tr.request(t.admin, { personIds: [solo[6]!.id], toFacilityId: fc.id, reason: 'case' })).rejects.toMatchObject({ code: 'TRANSFER_EXISTS' });
      await expect(tr.cancel(t.admin, auto[0]!.id, '')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await tr.cancel(t.admin, auto[0]!.id, '病情变化，改送定点医院')).toMatchObject({ status: 'cancelled' });
    });

    it('capacity report and projection; counts never drift from room records after random operations', async () => {
      const cap = new CapacityService(t.ctx);
      const fac = new FacilitiesService(t.ctx);
      const pl = new PlacementsService(t.ctx);
      let seed = 7;
      const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
      const extra: P[] = [];
      for (let i = 0; i < 12; i++) extra.push(await newPerson(t, { householdCode: i % 3 === 0 ? `H-R${i % 2}` : undefined }));
      for (let step = 0; step < 30; step++) {
        const op = rnd(3);
        const live = (await new PlacementQueries(t.ctx).list(t.admin, { status: 'live', limit: 100 })).items.filter((x) => x.room);
        if (op === 0) await pl.placeMany(t.admin, [extra[rnd(extra.length)]!.id], 'close-contact');
        else if (op === 1 && live.length) await new StayService(t.ctx).release(t.admin, live[rnd(live.length)]!.id, { override: true, reason: 'test' });
        else {
          const rooms = (await fac.rooms(t.admin, siteA)).filter((r) => r.occupants === 0);
          if (rooms.length) await fac.setRoomStatus(t.admin, rooms[rnd(rooms.length)]!.id, (['free', 'cleaning', 'out_of_service'] as const)[rnd(3)]!);
        }
      }
      const board = await cap.board(t.admin);
      for (const f of board.facilities) {
        const rooms = await t.ctx.db.selectFrom('rooms').select(['status', 'occupants', 'id']).where('facility_id', '=', f.id).execute();
        const live = await t.ctx.db
          .selectFrom('placements')
          .select('room_id')
          .where('facility_id', '=', f.id)
          .where('status', '=', 'live')
          .where('room_id', 'is not', null)
          .execute();
        expect(f.rooms_total).toBe(rooms.length);
        expect(f.rooms_occupied).toBe(rooms.filter((r) => r.status === 'occupied').length);
        expect(f.rooms_free).toBe(rooms.filter((r) => r.status === 'free').length);
        for (const r of rooms) expect(r.occupants).toBe(live.filter((l) => l.room_id === r.id).length);
        expect(rooms.every((r) => r.occupants > 0 === (r.status === 'occupied'))).toBe(true);
      }
      expect(board.rooms_per_10k).toBeGreaterThan(0);
      const q = board.by_type.find((x) => x.type === 'quarantine')!;
      expect(q.activatable_24h).toBe(10); // the standby hotel
      const proj = await cap.projection(t.admin, { days: 14, dailyCases: 1, doublingDays: 3, contactsPerCase: 5 });
      expect(proj.days).toHaveLength(14);
      expect(proj.days[3]!.capacity).toBeGreaterThan(proj.days[0]!.capacity);
      expect(proj.days[13]!.projected).toBeGreaterThan(proj.days[1]!.projected);
    });

    it('rules are data: edited per outbreak, validated', async () => {
      const pl = new PlacementsService(t.ctx);
      await expect(
        pl.setRule(t.admin, 'secondary-contact', { setting: 'home', siteDays: 5, homeDays: 0, testDays: [1, 6], homeTestDays: [] }),
      ).rejects.toMatchObject({ details: { fields: { testDays: 'must be days 1–5' }, reasons: { testDays: { code: 'max_value', limit: 5 } } } });
      const rules = await pl.setRule(t.admin, 'secondary-contact', { setting: 'home', siteDays: 5, homeDays: 0, testDays: [1, 5], homeTestDays: [] });
      expect(rules.find((r) => r.reason === 'secondary-contact')).toMatchObject({ site_days: 5, test_days: '[1,5]' });
    });

    it('HTTP: place through the API names the field on errors; a grid worker cannot place', async () => {
      const app = await t.app();
      const mgr = await t.loginAs('quarantine_manager', [AREAS.district]);
      const bad = await app.inject({
        method: 'POST',
        url: '/api/v1/quarantine/placements',
        headers: { cookie: mgr.cookie },
        payload: { idNumber: solo[7]!.idNumber, reason: 'holiday' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details.fields.reason).toBeDefined();
      const ok = await app.inject({
        method: 'POST',
        url: '/api/v1/quarantine/placements',
        headers: { cookie: mgr.cookie },
        payload: { idNumber: solo[7]!.idNumber, reason: 'case' },
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ room: expect.stringMatching(/^U\d\d-\d\d$/) });
      const gw = await t.loginAs('grid_worker', [AREAS.gridA]);
      const denied = await app.inject({
        method: 'POST',
        url: '/api/v1/quarantine/placements',
        headers: { cookie: gw.cookie },
        payload: { idNumber: solo[7]!.idNumber, reason: 'case' },
      });
      expect(denied.statusCode).toBe(403);
    });
  });
}
