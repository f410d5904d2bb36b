import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { permissionsOf, type Role } from '../auth/permissions';
import type { Actor, SiteRef } from '../auth/actor';
import { AuthService } from '../auth/auth.service';
import { PeopleService } from '../people';
import { CapacityService } from './capacity.service';
import { FacilitiesService } from './facilities.service';
import { HealthService } from './health.service';
import { PlacementQueries } from './placement-queries';
import { PlacementsService } from './placements.service';
import { StayService } from './stay.service';
import { TransfersService } from './transfers.service';
import { WasteRunsService } from './waste-runs.service';

/**
 * Site-based access (issue 10): a quarantine site's staff act on everyone placed there, whoever's
 * residents they are; the resident's home area sees the placement read-only; anyone else sees
 * nothing. Each test builds its own site and residents.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] quarantine by site`, () => {
    let t: TestContext;
    let n = 0;
    const actor = (role: Role, scope: string[], sites: SiteRef[] = []): Actor => ({
      kind: 'user',
      id: `u-${++n}`,
      name: `${role}-${n}`,
      role,
      permissions: permissionsOf(role),
      scope,
      sites,
    });

    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
    });
    afterAll(() => t.close());

    /** A site in street A with `rooms` rooms and one street-B resident placed there by the district. */
    async function siteWithStreetBResident(rooms = 3) {
      const site = await new FacilitiesService(t.ctx).create(t.admin, { name: `郁州隔离点${++n}`, type: 'quarantine', areaCode: AREAS.streetA, rooms });
      const resident = await newPerson(t, { areaCode: AREAS.buildingB });
      const [placed] = (await new PlacementsService(t.ctx).placeMany(t.admin, [resident.id], 'close-contact', { facilityId: site.id })).placed;
      return { site, resident, placementId: placed!.placement_id };
    }

    it("the site's posted manager records a street-B resident's fever and gets the task; the home street's manager is read-only and gets no task", async () => {
      const { site, placementId } = await siteWithStreetBResident();
      const posted = actor('quarantine_manager', [AREAS.gridA], [{ kind: 'facility', code: site.id }]);
      const home = actor('quarantine_manager', [AREAS.streetB]);
      const health = new HealthService(t.ctx);
      await expect(health.record(home, placementId, { temperature: 38.1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await health.record(posted, placementId, { temperature: 38.1 })).toMatchObject({ fever: true, tasks: ['fever'] });
      expect((await health.tasks(posted, { facilityId: site.id })).map((x) => x.kind)).toEqual(['fever']);
      expect((await health.tasks(home, {})).filter((x) => x.placement_id === placementId)).toEqual([]);
      expect(await health.checks(home, placementId)).toHaveLength(1);
      const homeList = await new PlacementQueries(t.ctx).list(home, { status: 'live', limit: 100 });
      expect(homeList.items.find((p) => p.id === placementId)).toMatchObject({ writable: false, facility: site.name });
      const siteList = await new PlacementQueries(t.ctx).list(posted, { facilityId: site.id, status: 'live', limit: 100 });
      expect(siteList.items.map((p) => [p.id, p.writable])).toEqual([[placementId, true]]);
      const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'actor_name']).where('target_id', '=', placementId).execute();
      expect(audit).toContainEqual({ action: 'placement.health_checked', actor_name: posted.name });
    });

    it("a manager of the site's street acts by area; another street sees nothing (404)", async () => {
      const { placementId } = await siteWithStreetBResident();
      const streetA = actor('quarantine_manager', [AREAS.streetA]);
      const elsewhere = actor('quarantine_manager', ['320706002']);
      const health = new HealthService(t.ctx);
      expect(await health.record(streetA, placementId, { temperature: 36.6 })).toMatchObject({ fever: false });
      await expect(health.record(elsewhere, placementId, { temperature: 36.6 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(health.checks(elsewhere, placementId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await new PlacementQueries(t.ctx).list(elsewhere, { limit: 100 })).items).toEqual([]);
    });

    it('in-stay tests, room moves, release, tasks and waste runs are the site staff’s; the home street gets 403 for each', async () => {
      const { site, resident, placementId } = await siteWithStreetBResident(3);
      const posted = actor('quarantine_manager', [AREAS.gridA], [{ kind: 'facility', code: site.id }]);
      const home = actor('quarantine_manager', [AREAS.streetB]);
      const pl = new StayService(t.ctx);
      const rooms = await new FacilitiesService(t.ctx).rooms(posted, site.id);
      const free = rooms.find((r) => r.occupants === 0)!;
      await expect(pl.recordTest(home, placementId, { day: 1, result: 'negative' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await pl.recordTest(posted, placementId, { day: 1, result: 'negative' });
      await expect(pl.moveRoom(home, placementId, free.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await pl.moveRoom(posted, placementId, free.id)).toMatchObject({ room: free.code });
      const after = await new FacilitiesService(t.ctx).rooms(posted, site.id);
      expect(after.filter((r) => r.occupants > 0).map((r) => r.code)).toEqual([free.code]);
      expect(after.filter((r) => r.status === 'cleaning')).toHaveLength(1);
      await new HealthService(t.ctx).record(posted, placementId, { temperature: 37.8 });
      const [task] = await new HealthService(t.ctx).tasks(posted, { facilityId: site.id });
      await expect(new HealthService(t.ctx).closeTask(home, task!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await new HealthService(t.ctx).closeTask(posted, task!.id)).toMatchObject({ status: 'done' });
      const waste = new WasteRunsService(t.ctx);
      await expect(waste.wasteRun(home, site.id, { weightKg: 12, handler: '张' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await waste.wasteRun(posted, site.id, { weightKg: 12, handler: '张' })).toMatchObject({ weight_kg: 12 });
      await expect(pl.release(home, placementId, { override: true, reason: '转院' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await pl.release(posted, placementId, { override: true, reason: '转院' })).toMatchObject({ override: true });
      expect((await new PeopleService(t.ctx).getPerson(t.admin, resident.id)).controlStatus).toBe('home_monitoring');
    });

    it('?area= outside the scope answers 404 for capacity, projection and placements; inside it narrows', async () => {
      const streetA = actor('quarantine_manager', [AREAS.streetA]);
      const cap = new CapacityService(t.ctx);
      await expect(cap.board(streetA, AREAS.streetB)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(cap.board(streetA, AREAS.district)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(cap.projection(streetA, { area: AREAS.streetB })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(new PlacementQueries(t.ctx).list(streetA, { area: AREAS.streetB, limit: 10 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const board = await cap.board(streetA, AREAS.communityA);
      expect(board.facilities).toEqual([]); // the sites lie on the street, not in the community
      expect((await cap.board(streetA)).facilities.every((f) => f.area_code.startsWith(AREAS.streetA))).toBe(true);
    });

    it('quarantine rules and the transfer mode hold for the whole city: a street-scoped manager gets 403 and nothing changes', async () => {
      const streetA = actor('quarantine_manager', [AREAS.streetA]);
      const rule = { setting: 'home' as const, siteDays: 5, homeDays: 0, testDays: [1, 5], homeTestDays: [] };
      await expect(new PlacementsService(t.ctx).setRule(streetA, 'secondary-contact', rule)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(new TransfersService(t.ctx).setMode(streetA, 'emergency')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await new TransfersService(t.ctx).mode()).toBe('normal');
      const app = await t.app();
      const mgr = await t.loginAs('quarantine_manager', [AREAS.streetA]);
      const res = await app.inject({ method: 'PUT', url: '/api/v1/transfers/mode', headers: { cookie: mgr.cookie }, payload: { mode: 'emergency' } });
      expect(res.statusCode).toBe(403);
    });

    it('a transfer moves a placement from site to hospital in one transaction: old placement closed as transferred, room freed, new bed taken, audited', async () => {
      const { site, resident, placementId } = await siteWithStreetBResident(2);
      const hospital = await new FacilitiesService(t.ctx).create(t.admin, { name: `定点医院${n}`, type: 'designated', areaCode: AREAS.streetA, rooms: 2 });
      const posted = actor(
        'quarantine_manager',
        [AREAS.gridA],
        [
          { kind: 'facility', code: site.id },
          { kind: 'facility', code: hospital.id },
        ],
      );
      const home = actor('quarantine_manager', [AREAS.streetB]);
      await new StayService(t.ctx).recordTest(posted, placementId, { day: 1, result: 'positive' });
      const tr = new TransfersService(t.ctx);
      // The hospital is anyone's destination, but moving a live placement is the site's work: the home street reads it only.
      await expect(tr.request(home, { personIds: [resident.id], toFacilityId: hospital.id, reason: 'case' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const [req] = await tr.request(posted, { personIds: [resident.id], toFacilityId: hospital.id, reason: 'case' });
      const car = await tr.addVehicle(t.admin, { plate: `苏G·H${n}`, capacity: 4, driver: '李', areaCode: AREAS.streetA });
      await tr.advance(posted, [req!.id], 'approved');
      await tr.assignVehicle(t.admin, [req!.id], car.id);
      await tr.advance(posted, [req!.id], 'picked_up');
      expect((await tr.list(home, { live: true, limit: 10 })).map((x) => [x.id, x.from_facility])).toEqual([[req!.id, site.name]]);
      await tr.advance(posted, [req!.id], 'arrived');
      const old = await t.ctx.db.selectFrom('placements').selectAll().where('id', '=', placementId).executeTakeFirstOrThrow();
      expect(old).toMatchObject({ status: 'released', ended_reason: 'transferred' });
      const now = await t.ctx.db
        .selectFrom('placements')
        .selectAll()
        .where('person_id', '=', resident.id)
        .where('status', '=', 'live')
        .executeTakeFirstOrThrow();
      expect(now.facility_id).toBe(hospital.id);
      const counts = await new FacilitiesService(t.ctx).list(t.admin);
      expect(counts.find((f) => f.id === site.id)).toMatchObject({ rooms_occupied: 0, people: 0 });
      expect(counts.find((f) => f.id === hospital.id)).toMatchObject({ rooms_occupied: 1, people: 1 });
      expect((await new PeopleService(t.ctx).getPerson(t.admin, resident.id)).controlStatus).toBe('hospitalised');
      const arrived = await t.ctx.db
        .selectFrom('audit_log')
        .select(['details'])
        .where('action', '=', 'transfer.arrived')
        .where('target_id', '=', req!.id)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(arrived.details ?? '{}')).toMatchObject({ fromPlacementId: placementId, placementId: now.id });
      // The home street hears where its resident went.
      const inbox = await t.ctx.db.selectFrom('handoffs').selectAll().where('subject_id', '=', req!.id).execute();
      expect(inbox.map((h) => [h.kind, h.area_code])).toEqual([['placement_elsewhere', AREAS.buildingB]]);
    });

    it('an arrival that cannot be placed rolls the whole step back: still in the old room, transfer still picked up', async () => {
      const { site, resident, placementId } = await siteWithStreetBResident(2);
      const hospital = await new FacilitiesService(t.ctx).create(t.admin, { name: `满员医院${n}`, type: 'designated', areaCode: AREAS.streetA, rooms: 1 });
      const tr = new TransfersService(t.ctx);
      const [req] = await tr.request(t.admin, { personIds: [resident.id], toFacilityId: hospital.id, reason: 'case' });
      const car = await tr.addVehicle(t.admin, { plate: `苏G·R${n}`, capacity: 4, driver: '李', areaCode: AREAS.streetA });
      await tr.advance(t.admin, [req!.id], 'approved');
      await tr.assignVehicle(t.admin, [req!.id], car.id);
      await tr.advance(t.admin, [req!.id], 'picked_up');
      // Meanwhile the last bed goes out of service.
      const [bed] = await new FacilitiesService(t.ctx).rooms(t.admin, hospital.id);
      await new FacilitiesService(t.ctx).setRoomStatus(t.admin, bed!.id, 'out_of_service');
      await expect(tr.advance(t.admin, [req!.id], 'arrived')).rejects.toMatchObject({ code: 'PLACEMENT_FAILED' });
      expect(await t.ctx.db.selectFrom('placements').select(['status']).where('id', '=', placementId).executeTakeFirstOrThrow()).toEqual({ status: 'live' });
      expect((await tr.list(t.admin, { live: true, limit: 100 })).find((x) => x.id === req!.id)).toMatchObject({ status: 'picked_up', placement_id: null });
      expect((await new FacilitiesService(t.ctx).list(t.admin)).find((f) => f.id === site.id)).toMatchObject({ rooms_occupied: 1 });
    });

    it('HTTP: a quarantine manager posted to the site records a temperature for a street-B resident; the street-B official reads it and cannot write', async () => {
      const { site, placementId } = await siteWithStreetBResident();
      const app = await t.app();
      const login = async (role: Role, scope: string[], sites: SiteRef[]) => {
        const username = `site${++n}`;
        await new AuthService(t.ctx).createUser(t.admin, {
          username,
          displayName: username,
          role,
          scope,
          sites,
          password: 'Test-password-123',
          mustChangePassword: false,
        });
        const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'Test-password-123' } });
        return { cookie: String(([] as string[]).concat(res.headers['set-cookie'] ?? [])[0]).split(';')[0]! };
      };
      const mgr = await login('quarantine_manager', [AREAS.gridA], [{ kind: 'facility', code: site.id }]);
      const ok = await app.inject({ method: 'POST', url: `/api/v1/quarantine/placements/${placementId}/checks`, headers: mgr, payload: { temperature: 38.4 } });
      expect(ok.statusCode).toBe(201);
      const official = await login('quarantine_manager', [AREAS.streetB], []);
      const denied = await app.inject({
        method: 'POST',
        url: `/api/v1/quarantine/placements/${placementId}/checks`,
        headers: official,
        payload: { temperature: 36.5 },
      });
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error.code).toBe('FORBIDDEN');
      const read = await app.inject({ method: 'GET', url: `/api/v1/quarantine/placements/${placementId}/checks`, headers: official });
      expect(read.json().items.map((c: { temperature: number }) => c.temperature)).toEqual([38.4]);
      const leak = await app.inject({ method: 'GET', url: `/api/v1/quarantine/projection?area=${AREAS.streetA}`, headers: official });
      expect(leak.statusCode).toBe(404);
    });
  });
}
