import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../lib/id-number';
import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { HandoffService } from '../access';
import type { Actor } from '../auth/actor';
import { permissionsOf, type Role } from '../auth/permissions';
import { ArrivalsService } from './arrivals.service';
import { BacktraceService } from './backtrace.service';
import { CasesService } from './cases.service';
import { ChainsService } from './chains.service';
import { CheckinsService } from './checkins.service';
import { ContactsService } from './contacts.service';
import { NoticesService } from './notices.service';
import { VenuesService } from './venues.service';

const T = Date.parse('2026-05-05T02:00:00.000Z');
const at = (min: number) => new Date(T + min * 60_000).toISOString();
const as = (role: Role, scope: string[], name: string): Actor => ({ kind: 'user', id: null, name, role, permissions: permissionsOf(role), scope, sites: [] });
const epiA = as('epidemiologist', [AREAS.streetA], 'epi-a');
const epiB = as('epidemiologist', [AREAS.streetB], 'epi-b');
const officialA = as('area_official', [AREAS.streetA], 'official-a');
const B_NAME = '乙街居民';

/**
 * Street A's users against street B's residents, on every engine: what a trace, a back-trace, the
 * chains, the unmatched scans and a 协查 receipt tell street A about street B (nothing but counts),
 * what street B receives (hand-offs naming its people), and which writes are refused.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] tracing across streets`, () => {
    let t: TestContext;
    let n = 0;

    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
    });
    afterAll(() => t.close());

    /** A street-A case at a street-A venue, met there by a street-A resident and a street-B resident (whose household also lives in B). */
    async function scenario() {
      const k = ++n;
      const venueA = `VA-${k}`;
      const venueB = `VB-${k}`;
      await new VenuesService(t.ctx).upsert(t.admin, [
        { row: 2, venueCode: venueA, name: '郁州菜市场', type: 'market', areaCode: AREAS.communityA },
        { row: 3, venueCode: venueB, name: '朐阳超市', type: 'supermarket', areaCode: AREAS.communityB },
      ]);
      const a0 = await newPerson(t);
      const a1 = await newPerson(t, { householdCode: `HA-${k}` });
      const b1 = await newPerson(t, { areaCode: AREAS.buildingB, name: B_NAME, householdCode: `HB-${k}` });
      const b2 = await newPerson(t, { areaCode: AREAS.buildingB, name: B_NAME, householdCode: `HA-${k}` }); // a1's household member living in B
      const scans = [
        { row: 2, idNumber: a0.idNumber, venueCode: venueA, scannedAt: at(0) },
        { row: 3, idNumber: a1.idNumber, venueCode: venueA, scannedAt: at(5) },
        { row: 4, idNumber: b1.idNumber, venueCode: venueA, scannedAt: at(10) },
      ];
      expect((await new CheckinsService(t.ctx).ingest(t.admin, scans)).accepted).toBe(3);
      const kase = await new CasesService(t.ctx).create(epiA, { idNumber: a0.idNumber, onsetDate: '2026-05-06' });
      return { venueA, venueB, a0, a1, b1, b2, kase };
    }
    const inbox = async (actor: Actor) => (await new HandoffService(t.ctx).list(actor, { limit: 100 })).items;

    it('trace as street A: own candidates by name, street B’s as a count; B gets a hand-off and the contact to work', async () => {
      const s = await scenario();
      const r = await new ContactsService(t.ctx).traceCase(epiA, s.kase.id);
      expect(r.items.map((i) => i.person_id)).toEqual([s.a1.id]);
      expect(r.handedOff).toBe(1);
      expect(JSON.stringify(r)).not.toContain(s.b1.id);
      const list = await new ContactsService(t.ctx).list(epiA, { caseId: s.kase.id, limit: 100 });
      expect(list.items.map((i) => i.person_id)).toEqual([s.a1.id]);
      expect(list.elsewhere).toBe(1);
      expect(JSON.stringify(list)).not.toContain(B_NAME.slice(0, 1) + '*');
      expect((await inbox(epiB)).filter((h) => h.subject_id === s.kase.id)).toMatchObject([
        { kind: 'contact_elsewhere', person_id: s.b1.id, area_code: AREAS.buildingB },
      ]);
      expect((await inbox(epiA)).filter((h) => h.subject_id === s.kase.id)).toEqual([]);
      // Street B works its resident's contact; street A cannot touch it.
      const theirs = (await new ContactsService(t.ctx).list(epiB, { limit: 100 })).items.find((c) => c.case_id === s.kase.id);
      expect(theirs).toMatchObject({ person_id: s.b1.id, area_code: AREAS.buildingB, status: 'candidate' });
      await expect(new ContactsService(t.ctx).decide(epiA, theirs?.id ?? '', { decision: 'confirm' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(new ContactsService(t.ctx).decide(epiB, theirs?.id ?? '', { decision: 'confirm' })).resolves.toMatchObject({ status: 'confirmed' });
      // The same trace again sends nothing twice.
      await new ContactsService(t.ctx).traceCase(epiA, s.kase.id);
      expect((await inbox(epiB)).filter((h) => h.subject_id === s.kase.id)).toHaveLength(1);
    });

    it('over HTTP: the trace answers a count, street B cannot open the case, street A cannot trace it as B', async () => {
      const s = await scenario();
      const app = await t.app();
      const a = await t.loginAs('epidemiologist', [AREAS.streetA]);
      const b = await t.loginAs('epidemiologist', [AREAS.streetB]);
      const res = await app.inject({ method: 'POST', url: `/api/v1/tracing/cases/${s.kase.id}/trace`, headers: { cookie: a.cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ handedOff: 1 });
      expect(res.body).not.toContain(s.b1.id);
      expect(res.body).not.toContain(s.b1.idNumberMasked);
      for (const url of [`/api/v1/tracing/cases/${s.kase.id}`, `/api/v1/tracing/cases/${s.kase.code}`])
        expect((await app.inject({ method: 'GET', url, headers: { cookie: b.cookie } })).statusCode).toBe(404);
      expect((await app.inject({ method: 'POST', url: `/api/v1/tracing/cases/${s.kase.id}/trace`, headers: { cookie: b.cookie } })).statusCode).toBe(404);
    });

    it('the case’s epidemiologist may read its contacts elsewhere, audited; an official of A may not, nor B', async () => {
      const s = await scenario();
      await new ContactsService(t.ctx).traceCase(epiA, s.kase.id);
      await expect(new ContactsService(t.ctx).elsewhere(officialA, s.kase.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(new ContactsService(t.ctx).elsewhere(epiB, s.kase.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const r = await new ContactsService(t.ctx).elsewhere(epiA, s.kase.id);
      expect(r.items.map((i) => [i.person_id, i.area_code])).toEqual([[s.b1.id, AREAS.buildingB]]);
      const audit = await t.ctx.db
        .selectFrom('audit_log')
        .select(['actor_name', 'details'])
        .where('action', '=', 'contact.cross_area_read')
        .where('target_id', '=', s.kase.id)
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]?.actor_name).toBe('epi-a');
      expect(audit[0]?.details).toContain(r.items[0]?.id ?? 'none');
    });

    it('次密接 of a street-A contact: the household member living in B is handed off, not listed', async () => {
      const s = await scenario();
      const contacts = new ContactsService(t.ctx);
      const [a1] = (await contacts.traceCase(epiA, s.kase.id)).items;
      await contacts.decide(epiA, a1?.id ?? '', { decision: 'confirm' });
      const r = await contacts.findSecondary(epiA, a1?.id ?? '');
      expect(r).toMatchObject({ household: 1, handedOff: 1, candidates: [] });
      expect(JSON.stringify(r)).not.toContain(s.b2.id);
      expect((await inbox(epiB)).filter((h) => h.subject_id === s.kase.id).map((h) => h.person_id)).toContain(s.b2.id);
    });

    it('venue back-trace: street A sees its residents with control status, B’s only as a count until handed off; B’s venue is 404', async () => {
      const s = await scenario();
      const bt = new BacktraceService(t.ctx);
      const r = await bt.atVenue(epiA, { venueCode: s.venueA, from: at(-60), to: at(60), limit: 50 });
      expect(r.items.map((i) => i.personId).sort()).toEqual([s.a0.id, s.a1.id].sort());
      expect(r.elsewhere).toBe(1);
      expect(JSON.stringify(r)).not.toContain(s.b1.id);
      await expect(bt.atVenue(epiA, { venueCode: s.venueB, from: at(-60), to: at(60), limit: 50 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(bt.handOffVisitors(epiB, { venueCode: s.venueA, from: at(-60), to: at(60) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await bt.handOffVisitors(epiA, { venueCode: s.venueA, from: at(-60), to: at(60) })).toEqual({ handedOff: 1, sent: 1 });
      expect((await inbox(epiB)).filter((h) => h.kind === 'venue_visitor' && h.subject_id.startsWith(`${s.venueA} `)).map((h) => h.person_id)).toEqual([
        s.b1.id,
      ]);
    });

    it('chains and chains.csv: street A’s own people, B’s confirmed contact as 已移交 1', async () => {
      const s = await scenario();
      const contacts = new ContactsService(t.ctx);
      const r = await contacts.traceCase(epiA, s.kase.id);
      await contacts.decide(epiA, r.items[0]?.id ?? '', { decision: 'confirm' });
      const theirs = (await contacts.list(epiB, { limit: 100 })).items.find((c) => c.case_id === s.kase.id);
      await contacts.decide(epiB, theirs?.id ?? '', { decision: 'confirm' });
      const g = await new ChainsService(t.ctx).graph(epiA, s.kase.id);
      expect(g.nodes.map((x) => x.id)).not.toContain(s.b1.id);
      expect(g.nodes.find((x) => x.kind === 'elsewhere')).toMatchObject({ count: 1 });
      expect((await new ChainsService(t.ctx).graph(epiB)).nodes.map((x) => x.id)).not.toContain(s.a0.id);
      const a = await t.loginAs('epidemiologist', [AREAS.streetA]);
      const csv = await (await t.app()).inject({ method: 'GET', url: `/api/v1/tracing/chains.csv?cluster=${s.kase.id}`, headers: { cookie: a.cookie } });
      expect(csv.statusCode).toBe(200);
      expect(csv.body).not.toContain(s.b1.id);
      expect(csv.body).toContain('已移交 1 人');
      expect(csv.body.split('\n')[0]).toContain('from,to,link');
      expect(csv.body).toMatch(/,close\r?\n|,elsewhere\r?\n/);
      // For a Chinese reader the links are words too, not codes.
      const zh = await (await t.app()).inject({ method: 'GET', url: `/api/v1/tracing/chains.csv?cluster=${s.kase.id}&lang=zh`, headers: { cookie: a.cookie } });
      expect(zh.body.split('\n')[0]).toContain('来源,去向,关系');
      expect(zh.body).toContain(',已移交外区');
      expect(zh.body).not.toMatch(/,(close|elsewhere|infected)\r?\n/);
      const b = await t.loginAs('epidemiologist', [AREAS.streetB]);
      expect(
        (await (await t.app()).inject({ method: 'GET', url: `/api/v1/tracing/chains?cluster=${s.kase.id}`, headers: { cookie: b.cookie } })).statusCode,
      ).toBe(404);
    });

    it('unmatched scans: each street sees those at its own venues only', async () => {
      const s = await scenario();
      const stranger = makeIdNumber('110101', '19900307', 900 + n);
      await new CheckinsService(t.ctx).ingest(t.admin, [
        { row: 2, idNumber: stranger, venueCode: s.venueB, scannedAt: at(1) },
        { row: 3, idNumber: stranger, venueCode: s.venueA, scannedAt: at(2) },
      ]);
      const app = await t.app();
      const a = await t.loginAs('epidemiologist', [AREAS.streetA]);
      const res = await app.inject({ method: 'GET', url: '/api/v1/tracing/checkins/unmatched', headers: { cookie: a.cookie } });
      expect(res.statusCode).toBe(200);
      const venues = res.json().items.map((i: { venueCode: string }) => i.venueCode);
      expect(venues).toContain(s.venueA);
      expect(venues).not.toContain(s.venueB);
      expect(res.body).not.toContain(stranger);
      expect((await new CheckinsService(t.ctx).unmatched(epiB)).map((i) => i.venue_code)).toContain(s.venueB);
    });

    it('协查 to street A naming a street-B resident: the receipt reads as no match, B gets the person by hand-off', async () => {
      const s = await scenario();
      const svc = new NoticesService(t.ctx);
      const deadline = new Date(t.clock.now().getTime() + 4 * 3600_000).toISOString();
      const nobody = makeIdNumber('110101', '19900307', 950 + n);
      const row = (idNumber: string) => ({ row: 2, name: '某某', idNumber, reason: '同乘航班', issuer: '上海市协查组', deadline });
      const elsewhere = await svc.receive(officialA, [row(s.b1.idNumber)], AREAS.streetA);
      const unknown = await svc.receive(officialA, [row(nobody)], AREAS.streetA);
      const strip = (x: { batchId: string }) => ({ ...x, batchId: '' });
      expect(strip(elsewhere)).toEqual(strip(unknown));
      expect(elsewhere).toMatchObject({ accepted: 1, assigned: 0, needsReview: 1 });
      const board = (await svc.list(officialA, { limit: 100 })).items.filter((x) => x.batchId === elsewhere.batchId);
      expect(board).toMatchObject([{ status: 'received', personId: null, candidates: [], areaCode: AREAS.streetA }]);
      expect((await inbox(epiB)).filter((h) => h.kind === 'assist_match' && h.subject_id === board[0]?.id).map((h) => h.person_id)).toEqual([s.b1.id]);
      await expect(svc.receive(officialA, [row(s.a1.idNumber)], AREAS.streetB)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const mine = await svc.receive(officialA, [row(s.a1.idNumber)], AREAS.streetA);
      expect(mine).toMatchObject({ assigned: 1 });
      await expect(svc.advance(as('area_official', [AREAS.streetB], 'official-b'), board[0]?.id ?? '', 'not_found', { note: 'x' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('writes outside scope are refused: venue import rows, check-ins at B’s venue, arrival rules, B’s arrival', async () => {
      const s = await scenario();
      const v = await new VenuesService(t.ctx).upsert(epiA, [
        { row: 2, venueCode: s.venueB, name: '改名', type: 'market', areaCode: AREAS.communityA },
        { row: 3, venueCode: `VN-${n}`, name: '新场所', type: 'market', areaCode: AREAS.communityB },
        { row: 4, venueCode: `VM-${n}`, name: '我的场所', type: 'market', areaCode: AREAS.communityA },
      ]);
      expect(v.accepted).toBe(1);
      expect(v.rejected.map((r) => `${r.row}:${r.column}`)).toEqual(['2:venue_code', '3:area_code']);
      const still = await t.ctx.db.selectFrom('venues').select(['area_code', 'name']).where('code', '=', s.venueB).executeTakeFirstOrThrow();
      expect(still).toEqual({ area_code: AREAS.communityB, name: '朐阳超市' });
      const audit = await t.ctx.db.selectFrom('audit_log').select('details').where('action', '=', 'venue.imported').where('actor_name', '=', 'epi-a').execute();
      expect(audit.at(-1)?.details).toContain(`VM-${n}`);
      const c = await new CheckinsService(t.ctx).ingest(epiA, [
        { row: 2, idNumber: s.b1.idNumber, venueCode: s.venueB, scannedAt: at(20) },
        { row: 3, idNumber: s.b1.idNumber, venueCode: 'NO-SUCH-VENUE', scannedAt: at(20) },
        { row: 4, idNumber: s.a1.idNumber, venueCode: s.venueA, scannedAt: at(30) },
      ]);
      expect(c).toMatchObject({ accepted: 1, unknownVenues: 0 });
      expect(c.rejected).toEqual([
        { row: 2, column: 'venue_code', reason: 'is not a venue in your scope', reasonCode: 'unknown_venue' },
        { row: 3, column: 'venue_code', reason: 'is not a venue in your scope', reasonCode: 'unknown_venue' },
      ]);
      const arrivals = new ArrivalsService(t.ctx);
      await expect(arrivals.setRule(epiA, 'high', 'home_quarantine', 12)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect((await arrivals.rules()).find((r) => r.risk_level === 'high')).toMatchObject({ measure: 'centralised_quarantine' });
      // The city's refusal of a deadline beyond a week names the limit for the web's words.
      await expect(arrivals.setRule(t.admin, 'high', 'home_quarantine', 200)).rejects.toMatchObject({
        details: { fields: { landingTestHours: 'must be 0–168' }, reasons: { landingTestHours: { code: 'max_value', limit: 168 } } },
      });
      const arrival = await arrivals.record(t.admin, { idNumber: s.b2.idNumber, origin: '上海市', riskLevel: 'low', arrivedAt: at(0), checkpoint: '连云港站' });
      await expect(arrivals.landingTest(epiA, arrival.id, 'positive')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await arrivals.list(epiA, { limit: 100 })).map((x) => x.id)).not.toContain(arrival.id);
    });
  });
}
