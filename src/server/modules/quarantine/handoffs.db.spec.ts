import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../lib/id-number';
import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import type { Actor } from '../auth/actor';
import { permissionsOf, type Role } from '../auth/permissions';
import { HandoffService } from '../access';
import { PeopleService } from '../people';
import { CasesService } from '../tracing/cases.service';
import { ContactActionsService } from '../tracing/contact-actions.service';
import { ContactsService } from '../tracing/contacts.service';
import { FacilitiesService } from './facilities.service';
import { PlacementsService } from './placements.service';
import { StayService } from './stay.service';
import { TransferPhoneService } from './transfer-phone.service';
import { TransfersService } from './transfers.service';

/**
 * Issue 12 — hand-offs, transfers between sites and the domain rules seen wrong, on every engine.
 * Each test builds its own people and sites.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] hand-offs, transfers and rules (issue 12)`, () => {
    let t: TestContext;
    let n = 0;
    const actor = (role: Role, scope: string[]): Actor => ({
      kind: 'user',
      id: `u-${++n}`,
      name: `${role}-${n}`,
      role,
      permissions: permissionsOf(role),
      scope,
      sites: [],
    });
    const yearsAgo = (years: number) => {
      const d = new Date(t.ctx.clock.nowIso());
      d.setUTCFullYear(d.getUTCFullYear() - years);
      return d.toISOString().slice(0, 10).replaceAll('-', '');
    };
    const person = (o: { years?: number; household?: string; areaCode?: string } = {}) =>
      newPerson(t, {
        ...(o.years !== undefined ? { idNumber: makeIdNumber('320706', yearsAgo(o.years), 500 + (++n % 400)) } : {}),
        householdCode: o.household,
        areaCode: o.areaCode ?? AREAS.buildingA,
      });
    const site = async (rooms: number, type: 'quarantine' | 'designated' = 'quarantine', maxOccupants?: number) => {
      const svc = new FacilitiesService(t.ctx);
      const f = await svc.create(t.admin, { name: `点${++n}`, type, areaCode: AREAS.streetA, rooms: maxOccupants ? 0 : rooms });
      if (maxOccupants) await svc.addRooms(t.admin, f.id, { count: rooms, maxOccupants });
      return f;
    };
    const status = async (id: string) => (await new PeopleService(t.ctx).getPerson(t.admin, id)).controlStatus;
    const change = (id: string, to: Parameters<PeopleService['changeControlStatus']>[1]['to'], type = 'tube') =>
      new PeopleService(t.ctx).changeControlStatus(t.admin, { personIds: [id], to, reason: 'test', evidence: { type, id: 'x' } });

    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
    });
    afterAll(() => t.close());

    describe('管控内 / 社会面 per path of finding', () => {
      it('found in quarantine (in-stay test positive): 管控内, and the candidate is labelled an in-stay test', async () => {
        const p = await person();
        const f = await site(2);
        const [placed] = (await new PlacementsService(t.ctx).placeMany(t.admin, [p.id], 'close-contact', { facilityId: f.id })).placed;
        await new StayService(t.ctx).recordTest(t.admin, placed!.placement_id, { day: 1, result: 'positive' });
        const candidates = await new CasesService(t.ctx).candidates(t.admin);
        expect(candidates.find((c) => c.personId === p.id)).toMatchObject({ source: 'stay_test', foundBy: 'contact_management' });
        const c = await new CasesService(t.ctx).create(t.admin, { personId: p.id, samplingDate: '2026-05-01' });
        expect(c.inside_control).toBe(1);
      });
      it('found at home control (home quarantine, then a positive re-check): 管控内', async () => {
        const p = await person();
        await change(p.id, 'home_quarantine', 'placement');
        await change(p.id, 'case_candidate');
        expect((await new CasesService(t.ctx).create(t.admin, { personId: p.id, samplingDate: '2026-05-01' })).inside_control).toBe(1);
      });
      it('found by community screening (temporary control only because of its pool): 社会面, labelled 单管复核', async () => {
        const p = await person();
        await change(p.id, 'temporary_control');
        await change(p.id, 'case_candidate');
        expect((await new CasesService(t.ctx).candidates(t.admin)).find((c) => c.personId === p.id)).toMatchObject({ source: 'recheck', foundBy: 'screening' });
        expect((await new CasesService(t.ctx).create(t.admin, { personId: p.id, samplingDate: '2026-05-01' })).inside_control).toBe(0);
      });
      it('found at a fever clinic with no control before: 社会面', async () => {
        const p = await person();
        const c = await new CasesService(t.ctx).create(t.admin, { personId: p.id, foundBy: 'fever_clinic', onsetDate: '2026-05-01' });
        expect(c).toMatchObject({ inside_control: 0, found_by: 'fever_clinic' });
      });
    });

    it('a positive in-stay test hands off to the site’s area and the resident’s home area, not as a re-check', async () => {
      const p = await person({ areaCode: AREAS.buildingB });
      const f = await site(2);
      const [placed] = (await new PlacementsService(t.ctx).placeMany(t.admin, [p.id], 'close-contact', { facilityId: f.id })).placed;
      await new StayService(t.ctx).recordTest(t.admin, placed!.placement_id, { day: 1, result: 'positive' });
      const inbox = await t.ctx.db.selectFrom('handoffs').select(['kind', 'area_code', 'message']).where('person_id', '=', p.id).orderBy('area_code').execute();
      expect(inbox.map((h) => [h.kind, h.area_code])).toEqual([
        ['stay_positive', AREAS.buildingB],
        ['stay_positive', AREAS.streetA],
      ]);
      expect(inbox[0]?.message).toContain('检测阳性');
      expect(inbox[0]?.message).not.toContain('单管复核');
      // The site's own manager, posted to it with no area, finds it in their inbox (the person masked) and can close it;
      // a manager posted elsewhere does not see it.
      const posted: Actor = { ...actor('quarantine_manager', []), sites: [{ kind: 'facility', code: f.id }] };
      const mine = await new HandoffService(t.ctx).list(posted, { status: 'pending', limit: 10 });
      expect(mine.items.map((h) => [h.kind, h.subject_id, h.person?.id])).toEqual([['stay_positive', f.id, p.id]]);
      expect(mine.items[0]?.person?.idNumberMasked).toContain('*');
      expect(await new HandoffService(t.ctx).countOpen(posted)).toBe(1);
      const other: Actor = { ...actor('quarantine_manager', []), sites: [{ kind: 'facility', code: (await site(1)).id }] };
      expect((await new HandoffService(t.ctx).list(other, { limit: 10 })).items).toEqual([]);
      await expect(new HandoffService(t.ctx).act(other, mine.items[0]!.id, 'acknowledged')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await new HandoffService(t.ctx).act(posted, mine.items[0]!.id, 'done', '已转运至定点医院')).toMatchObject({ status: 'done' });
    });

    it('an epidemiologist traces a case (its household suggested), confirms the contacts in bulk and places them by selection', async () => {
      const epi = actor('epidemiologist', [AREAS.streetA]);
      const h = `H-${++n}`;
      const kase = await person({ household: h });
      const [spouse, child] = [await person({ household: h }), await person({ household: h, years: 4 })];
      const c = await new CasesService(t.ctx).create(t.admin, { personId: kase.id, onsetDate: '2026-05-01' });
      const traced = await new ContactsService(t.ctx).traceCase(epi, c.id);
      expect(traced.items.map((i) => i.person_id).sort()).toEqual([spouse.id, child.id].sort());
      const ids = traced.items.map((i) => i.id);
      const other = await person({ areaCode: AREAS.buildingB });
      const notMine = (await new ContactsService(t.ctx).addManual(t.admin, c.id, { personId: other.id })).id;
      // All-or-nothing: one contact of street B refuses the batch and nothing changes.
      await expect(new ContactActionsService(t.ctx).decideMany(epi, [...ids, notMine], { decision: 'confirm', class: 'close' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(await status(spouse.id)).toBe('none');
      const decided = await new ContactActionsService(t.ctx).decideMany(epi, ids, { decision: 'confirm', class: 'close' });
      expect(decided.items.map((d) => d.status)).toEqual(['confirmed', 'confirmed']);
      expect(await status(child.id)).toBe('close_contact');
      const f = await site(3, 'quarantine', 3);
      const out = await new ContactActionsService(t.ctx).place(epi, { contactIds: ids, facilityId: f.id });
      expect(out.problems).toEqual([]);
      expect(new Set(out.placed.map((p) => p.room)).size).toBe(1); // mother and child together
      expect(await status(child.id)).toBe('centralised_quarantine');
    });

    describe('minors and dependants go with a guardian or carer', () => {
      it('a 4-year-old alone is refused with a reason; placed with a named carer', async () => {
        const child = await person({ years: 4 });
        const f = await site(2);
        const svc = new PlacementsService(t.ctx);
        const alone = await svc.placeMany(t.admin, [child.id], 'close-contact', { facilityId: f.id });
        expect(alone.placed).toEqual([]);
        expect(alone.problems).toEqual([{ personId: child.id, code: 'NEEDS_GUARDIAN', reason: expect.stringContaining('4岁') }]);
        await expect(svc.placeOne(t.admin, { personId: child.id, reason: 'close-contact', facilityId: f.id })).rejects.toMatchObject({
          code: 'NEEDS_GUARDIAN',
        });
        const withCarer = await svc.placeOne(t.admin, { personId: child.id, reason: 'close-contact', facilityId: f.id, carer: '外婆 李某' });
        expect((await t.ctx.db.selectFrom('placements').select('carer').where('id', '=', withCarer.placement_id).executeTakeFirstOrThrow()).carer).toBe(
          '外婆 李某',
        );
      });
      it('a flagged dependant is refused alone; a child whose household has no room together is refused, the adult placed (keeps good rows)', async () => {
        const elder = await person({ years: 85 });
        const f = await site(3); // single rooms
        const svc = new PlacementsService(t.ctx);
        expect((await svc.placeMany(t.admin, [elder.id], 'close-contact', { facilityId: f.id, dependants: [elder.id] })).problems[0]?.code).toBe(
          'NEEDS_GUARDIAN',
        );
        const h = `H-${++n}`;
        const [mum, kid] = [await person({ household: h }), await person({ household: h, years: 6 })];
        const one = await site(2, 'quarantine', 1);
        const r = await svc.placeMany(t.admin, [mum.id, kid.id], 'close-contact', { facilityId: one.id });
        expect(r.placed.map((p) => p.person_id)).toEqual([mum.id]);
        expect(r.problems.map((p) => [p.personId, p.code])).toEqual([[kid.id, 'NEEDS_GUARDIAN']]);
      });
      it('a transfer request for a lone minor is refused before anyone sets out', async () => {
        const kid = await person({ years: 9 });
        const f = await site(2);
        await expect(new TransfersService(t.ctx).request(t.admin, { personIds: [kid.id], toFacilityId: f.id, reason: 'close-contact' })).rejects.toMatchObject({
          code: 'NEEDS_GUARDIAN',
        });
      });
    });

    it('a transfer from a site to a hospital: never two live placements, the room freed, the database refuses a second live one', async () => {
      const p = await person();
      const from = await site(2);
      const hospital = await site(2, 'designated');
      const [placed] = (await new PlacementsService(t.ctx).placeMany(t.admin, [p.id], 'close-contact', { facilityId: from.id })).placed;
      const tr = new TransfersService(t.ctx);
      const [req] = await tr.request(t.admin, { personIds: [p.id], toFacilityId: hospital.id, reason: 'case' });
      const car = await tr.addVehicle(t.admin, { plate: `苏G·T${++n}`, capacity: 4, driver: '李', areaCode: AREAS.streetA });
      await tr.advance(t.admin, [req!.id], 'approved');
      await tr.assignVehicle(t.admin, [req!.id], car.id);
      await tr.advance(t.admin, [req!.id], 'picked_up');
      const liveCount = async () =>
        (await t.ctx.db.selectFrom('placements').select('id').where('person_id', '=', p.id).where('status', '=', 'live').execute()).length;
      expect(await liveCount()).toBe(1);
      await tr.advance(t.admin, [req!.id], 'arrived');
      expect(await liveCount()).toBe(1);
      const rooms = await new FacilitiesService(t.ctx).rooms(t.admin, from.id);
      expect(rooms.every((r) => r.occupants === 0)).toBe(true);
      const now = await t.ctx.db.selectFrom('placements').selectAll().where('person_id', '=', p.id).where('status', '=', 'live').executeTakeFirstOrThrow();
      expect(now.facility_id).toBe(hospital.id);
      const old = await t.ctx.db.selectFrom('placements').selectAll().where('id', '=', placed!.placement_id).executeTakeFirstOrThrow();
      await expect(
        t.ctx.db
          .insertInto('placements')
          .values({ ...old, id: `dup-${n}`, status: 'live' })
          .execute(),
      ).rejects.toThrow();
    });

    it('a vehicle run gets a pickup order by the buildings’ points; the board shows address and masked phone; the phone in clear is an audited reveal', async () => {
      const f = await site(6);
      const people = [await person(), await person({ areaCode: AREAS.buildingB }), await person()];
      const coords: Record<string, [number, number]> = { [AREAS.buildingA]: [119.2, 34.6], [AREAS.buildingB]: [119.6, 34.6] };
      for (const [code, [lng, lat]] of Object.entries(coords))
        await t.ctx.db.updateTable('buildings').set({ lng, lat }).where('building_code', '=', code).execute();
      const tr = new TransfersService(t.ctx);
      const reqs = await tr.request(t.admin, { personIds: people.map((p) => p.id), toFacilityId: f.id, reason: 'close-contact' });
      await tr.advance(
        t.admin,
        reqs.map((r) => r.id),
        'approved',
      );
      const car = await tr.addVehicle(t.admin, { plate: `苏G·P${++n}`, capacity: 6, driver: '王', areaCode: AREAS.streetA });
      const run = await tr.assignVehicle(
        t.admin,
        reqs.map((r) => r.id),
        car.id,
      );
      const board = (await tr.list(t.admin, { live: true, limit: 100 }))
        .filter((b) => b.run_id === run.runId)
        .sort((a, b) => (a.pickup_seq ?? 0) - (b.pickup_seq ?? 0));
      expect(board.map((b) => b.pickup_seq)).toEqual([1, 2, 3]);
      expect(board.map((b) => b.id)).toEqual(run.order);
      // Street B's stop is an end of the line: first or last, never between the two in building A.
      const b = board.findIndex((x) => x.person_id === people[1]!.id);
      expect([0, 2]).toContain(b);
      expect(board[0]?.phone_masked).toMatch(/\*/);
      const team = actor('transfer_team', [AREAS.streetA]);
      await expect(new TransferPhoneService(t.ctx).reveal(actor('transfer_team', ['320706002']), board[0]!.id, '电话联系')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      const { phone } = await new TransferPhoneService(t.ctx).reveal(team, board[0]!.id, '出发前电话联系');
      expect(phone).toMatch(/^1\d{10}$/);
      const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'target_id']).where('actor_name', '=', team.name).execute();
      expect(audit).toEqual([{ action: 'person.pii_revealed', target_id: board[0]!.person_id }]);
    });

    it('HTTP: an epidemiologist places a list by person id (quarantine:arrange), only their own residents; a sampler is refused naming both permissions', async () => {
      const mine = await person();
      const theirs = await person({ areaCode: AREAS.buildingB });
      const f = await site(2);
      const app = await t.app();
      const epi = await t.loginAs('epidemiologist', [AREAS.streetA]);
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/quarantine/placements/bulk',
        payload: { personIds: [mine.id, theirs.id], reason: 'close-contact', facilityId: f.id },
        headers: { cookie: epi.cookie },
      });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ placed: [{ personId: mine.id }], notFound: 1 });
      const sampler = await t.loginAs('sampler', [AREAS.streetA]);
      const no = await app.inject({
        method: 'POST',
        url: '/api/v1/quarantine/placements/bulk',
        payload: { personIds: [mine.id], reason: 'close-contact' },
        headers: { cookie: sampler.cookie },
      });
      expect(no.statusCode).toBe(403);
      expect(no.json().error.details).toEqual({ permission: 'quarantine:write | quarantine:arrange' });
    });
  });
}
