import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import type { Actor } from '../auth/actor';
import { permissionsOf } from '../auth/permissions';
import { FacilitiesService } from './facilities.service';
import { PlacementsService } from './placements.service';
import { TransfersService } from './transfers.service';

/**
 * Where a transfer may go: the sites one runs, and the city's treatment places (定点医院, 方舱) for
 * anyone who sends people — a site manager posted only to a hotel sends a positive resident on to
 * the district's designated hospital; another street's hotel stays unseen (404).
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] transfer destinations`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
    });
    afterAll(() => t.close());

    it("a hotel's posted manager sees and sends to the city's designated hospital, never another street's hotel", async () => {
      const fac = new FacilitiesService(t.ctx);
      const hotel = await fac.create(t.admin, { name: '郁州隔离酒店', type: 'quarantine', areaCode: AREAS.streetA, rooms: 2 });
      const hospital = await fac.create(t.admin, { name: '市定点医院', type: 'designated', areaCode: AREAS.district, rooms: 3 });
      const standby = await fac.create(t.admin, {
        name: '备用方舱',
        type: 'fangcang',
        areaCode: AREAS.district,
        rooms: 3,
        mode: 'standby',
        activationHours: 24,
      });
      const otherHotel = await fac.create(t.admin, { name: '濮阳隔离酒店', type: 'quarantine', areaCode: AREAS.streetB, rooms: 2 });
      const resident = await newPerson(t, { areaCode: AREAS.buildingB });
      await new PlacementsService(t.ctx).placeMany(t.admin, [resident.id], 'close-contact', { facilityId: hotel.id });
      const manager: Actor = {
        kind: 'user',
        id: 'u-hotel',
        name: 'hotel-manager',
        role: 'quarantine_manager',
        permissions: permissionsOf('quarantine_manager'),
        scope: [],
        sites: [{ kind: 'facility', code: hotel.id }],
      };

      const app = await t.app();
      const admin = await t.loginAs('quarantine_manager', [AREAS.streetA]);
      const res = await app.inject({ method: 'GET', url: '/api/v1/transfers/destinations', headers: { cookie: admin.cookie } });
      expect(res.statusCode).toBe(200);
      const seen = res.json<{ items: Array<{ id: string; own: boolean; roomsFree: number; incoming: number }> }>().items;
      expect(seen.map((d) => [d.id, d.own, d.roomsFree])).toEqual([
        [hospital.id, false, 3],
        [hotel.id, true, 1],
      ]);
      expect(seen.map((d) => d.id)).not.toContain(standby.id);
      expect(seen.map((d) => d.id)).not.toContain(otherHotel.id);

      const tr = new TransfersService(t.ctx);
      await expect(tr.request(manager, { personIds: [resident.id], toFacilityId: otherHotel.id, reason: 'close-contact' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(tr.request(manager, { personIds: [resident.id], toFacilityId: standby.id, reason: 'case' })).rejects.toMatchObject({
        code: 'FACILITY_NOT_ACTIVE',
      });
      const [sent] = await tr.request(manager, { personIds: [resident.id], toFacilityId: hospital.id, reason: 'case' });
      expect(sent).toMatchObject({ status: expect.any(String) });
      const after = await app.inject({ method: 'GET', url: '/api/v1/transfers/destinations', headers: { cookie: admin.cookie } });
      expect(after.json<{ items: Array<{ id: string; incoming: number }> }>().items.find((d) => d.id === hospital.id)).toMatchObject({ incoming: 1 });
      const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'actor_name']).where('target_id', '=', sent!.id).execute();
      expect(audit.map((a) => a.actor_name)).toContain('hotel-manager');
    });
  });
}
