import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../lib/id-number';
import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { AreasService } from '../areas/areas.service';
import { PeopleService } from '../people/people.service';
import { ArrivalsService } from './arrivals.service';
import { BacktraceService } from './backtrace.service';
import { CasesService } from './cases.service';
import { ChainsService } from './chains.service';
import { CheckinsService } from './checkins.service';
import { ContactsService } from './contacts.service';
import { NoticesService } from './notices.service';
import { VenuesService } from './venues.service';

type P = Awaited<ReturnType<typeof newPerson>>;
const T = Date.parse('2026-05-05T02:00:00.000Z');
const OUTSIDER = makeIdNumber('110101', '19900307', 777);
const at = (min: number) => new Date(T + min * 60_000).toISOString();
/** Every object key in a JSON answer, nested: the wire is camelCase (src/contract/tracing.ts), so none has an underscore. */
const keysOf = (v: unknown): string[] =>
  Array.isArray(v) ? v.flatMap(keysOf) : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [k, ...keysOf(x)]) : [];

for (const dialect of testDialects()) {
  describe(`[${dialect}] tracing 流调溯源`, () => {
    let t: TestContext;
    const p: P[] = [];
    let caseId = '';
    const status = async (id: string) => (await new PeopleService(t.ctx).getPerson(t.admin, id)).controlStatus;
    const scan = (person: P, venue: string, min: number, row = 1) => ({ row, idNumber: person.idNumber, venueCode: venue, scannedAt: at(min) });

    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      for (let i = 0; i < 10; i++) p.push(await newPerson(t, { householdCode: i === 6 || i === 7 ? 'H-0001' : undefined }));
      p.push(await newPerson(t, { areaCode: AREAS.buildingB }));
      await new AreasService(t.ctx).addResponsible(t.admin, AREAS.gridA, { duty: 'grid_worker', name: '王网格' });
      const v = await new VenuesService(t.ctx).upsert(t.admin, [
        { row: 2, venueCode: 'V-MKT', name: '郁州菜市场', type: 'market', areaCode: AREAS.communityA },
        { row: 3, venueCode: 'V-SUP', name: '苏果超市', type: 'supermarket', areaCode: AREAS.communityA },
        { row: 4, venueCode: 'bad code!', name: 'x', type: 'market', areaCode: AREAS.communityA },
        { row: 5, venueCode: 'V-X', name: 'x', type: 'spaceport', areaCode: AREAS.communityA },
        { row: 6, venueCode: 'V-Y', name: 'y', type: 'school', areaCode: '999999' },
      ]);
      expect(v.accepted).toBe(2);
      expect(v.rejected.map((r) => `${r.row}:${r.column}`)).toEqual(['4:venue_code', '5:type', '6:area_code']);
    });
    afterAll(() => t.close());

    it('ingests scans once, keeps unknown people and venues apart, rejects bad rows by column', async () => {
      const svc = new CheckinsService(t.ctx);
      const r = await svc.ingest(t.admin, [
        scan(p[0]!, 'V-MKT', 0, 2), // the case's own scan at T
        scan(p[1]!, 'V-MKT', 30, 3), // exactly 30 min after: in
        scan(p[2]!, 'V-MKT', 31, 4), // 31 min after: out
        scan(p[3]!, 'V-MKT', -30, 5), // 30 min before: in
        scan(p[4]!, 'V-MKT', -31, 6), // 31 min before: out
        scan(p[5]!, 'V-SUP', 0, 7), // other venue: out
        scan(p[1]!, 'V-MKT', 30, 8), // same scan again: stored once
        scan(p[6]!, 'V-MKT', 5, 9),
        { row: 10, idNumber: OUTSIDER, venueCode: 'V-MKT', scannedAt: at(1) },
        { row: 11, idNumber: p[8]!.idNumber, venueCode: 'V-NOPE', scannedAt: at(1) },
        { row: 12, idNumber: p[8]!.idNumber, venueCode: 'V-MKT', scannedAt: 'yesterday' },
        // later: the close contact p[6] shops where p[9] is, and p[7] shares p[6]'s household
        scan(p[6]!, 'V-SUP', 120, 13),
        scan(p[9]!, 'V-SUP', 125, 14),
      ]);
      expect(r).toMatchObject({ accepted: 9, duplicates: 1, unknownPeople: 1, unknownVenues: 1 });
      expect(r.rejected).toEqual([{ row: 12, column: 'scanned_at', reason: 'must be an ISO-8601 time', reasonCode: 'instant' }]);
      const kept = await svc.unmatched(t.admin);
      expect(kept.map((k) => k.reason).sort()).toEqual(['unknown_person', 'unknown_venue']);
      expect(kept.every((k) => k.doc_masked.includes('*'))).toBe(true);
    });

    it('a case needs a registered person; its clock runs 24 h; its own scans join the trajectory', async () => {
      const cases = new CasesService(t.ctx);
      await expect(cases.create(t.admin, { onsetDate: '2026-05-06' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(cases.create(t.admin, { idNumber: OUTSIDER, onsetDate: '2026-05-06' })).rejects.toMatchObject({ code: 'PERSON_NOT_FOUND' });
      await expect(cases.create(t.admin, { idNumber: p[0]!.idNumber, onsetDate: '6 May' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      const c = await cases.create(t.admin, { idNumber: p[0]!.idNumber, onsetDate: '2026-05-06' });
      caseId = c.id;
      expect(c.lookback_start).toBe('2026-05-01T16:00:00.000Z'); // 4 days before onset, local midnight (UTC+8)
      expect(c.code).toMatch(/^C20260506-001$/);
      expect(await status(p[0]!.id)).toBe('case');
      const full = await cases.get(t.admin, c.id);
      expect(full.trajectory.map((s) => [s.venue_code, s.source])).toEqual([['V-MKT', 'checkin']]);
      expect(full.clock).toMatchObject({ due: '2026-05-07T02:00:00.000Z', done: false, overdue: false });
      t.clock.advance(25 * 3600_000);
      expect(cases.clock(await cases.row(t.admin, c.id)).overdue).toBe(true);
      await expect(cases.create(t.admin, { idNumber: p[0]!.idNumber, onsetDate: '2026-05-06' })).rejects.toMatchObject({ code: 'DUPLICATE_CASE' });
      await expect(cases.addSpan(t.admin, c.id, { place: '家', startsAt: at(60), endsAt: at(10) })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: { endsAt: 'ends before it starts' } },
      });
      await expect(cases.addSpan(t.admin, c.id, { venueCode: 'V-NOPE', startsAt: at(0), endsAt: at(10) })).rejects.toMatchObject({
        details: { fields: { venueCode: 'unknown venue V-NOPE' } },
      });
      const notice = await cases.publicNotice(t.admin, c.id);
      expect(JSON.stringify(notice)).not.toContain(p[0]!.idNumber);
      expect(JSON.stringify(notice)).not.toContain('测试居民');
    });

    it('candidates: a scan within 30 min of the case scan counts, 31 min does not; ranked by closeness', async () => {
      const found = (await new ContactsService(t.ctx).traceCase(t.admin, caseId)).items;
      const ids = found.map((f) => f.person_id);
      expect(new Set(ids)).toEqual(new Set([p[1]!.id, p[3]!.id, p[6]!.id]));
      expect(ids[0]).toBe(p[6]!.id); // 5 min away beats 30 min away
      const c1 = found.find((f) => f.person_id === p[1]!.id)!;
      expect(c1).toMatchObject({ venue_code: 'V-MKT', overlap_start: at(30), overlap_end: at(30), gap_minutes: 30, status: 'candidate' });
      expect(c1.id_number_masked).not.toBe(p[1]!.idNumber);
      // running it again keeps decisions and adds nothing twice
      expect((await new ContactsService(t.ctx).traceCase(t.admin, caseId)).items.length).toBe(3);
    });

    it('an interview span widens the search; confirm and dismiss change control status through the audited service', async () => {
      const contacts = new ContactsService(t.ctx);
      await new CasesService(t.ctx).addSpan(t.admin, caseId, { venueCode: 'V-SUP', startsAt: at(-20), endsAt: at(10) });
      const found = (await contacts.traceCase(t.admin, caseId)).items;
      expect(found.find((f) => f.person_id === p[5]!.id)).toMatchObject({ venue_code: 'V-SUP', gap_minutes: 0 });
      const list = (await contacts.list(t.admin, { caseId, limit: 100 })).items;
      const of = (person: P) => list.find((x) => x.person_id === person.id)!;
      await expect(contacts.decide(t.admin, of(p[3]!).id, { decision: 'dismiss' })).rejects.toMatchObject({
        details: { fields: { reason: 'is required to dismiss a contact' } },
      });
      await contacts.decide(t.admin, of(p[3]!).id, { decision: 'dismiss', reason: '同一时间在外地，有行程卡证明' });
      await contacts.decide(t.admin, of(p[6]!).id, { decision: 'confirm' });
      await contacts.decide(t.admin, of(p[5]!).id, { decision: 'confirm', class: 'companion' });
      expect(await status(p[3]!.id)).toBe('none');
      expect(await status(p[6]!.id)).toBe('close_contact');
      expect(await status(p[5]!.id)).toBe('spacetime_companion');
      const history = await new PeopleService(t.ctx).controlHistory(t.admin, p[6]!.id);
      expect(history[0]).toMatchObject({ to_status: 'close_contact', evidence_type: 'contact' });
    });

    it('secondary contacts: household and co-presence after exposure; confirmed as 次密接', async () => {
      const contacts = new ContactsService(t.ctx);
      const close = (await contacts.list(t.admin, { caseId, status: 'confirmed', cls: 'close', limit: 10 })).items[0]!;
      await expect(
        contacts.findSecondary(t.admin, (await contacts.list(t.admin, { caseId, status: 'dismissed', limit: 10 })).items[0]!.id),
      ).rejects.toMatchObject({ code: 'NOT_A_CLOSE_CONTACT' });
      const r = await contacts.findSecondary(t.admin, close.id);
      expect(new Set(r.candidates.map((c) => c.person_id))).toEqual(new Set([p[2]!.id, p[7]!.id, p[9]!.id])); // p[1] is already the case's own contact
      for (const c of r.candidates) await contacts.decide(t.admin, c.id, { decision: 'confirm', class: 'secondary' });
      expect(await status(p[7]!.id)).toBe('secondary_contact');
      expect(await status(p[9]!.id)).toBe('secondary_contact');
    });

    it('a contact who becomes a case joins the chain: cluster, source case and graph edges', async () => {
      const c2 = await new CasesService(t.ctx).create(t.admin, { idNumber: p[6]!.idNumber, type: 'asymptomatic', samplingDate: '2026-05-07' });
      expect(c2).toMatchObject({ source_case_id: caseId, cluster_id: caseId, found_by: 'contact_management', inside_control: 1 });
      const chains = new ChainsService(t.ctx);
      expect((await chains.clusters(t.admin))[0]).toMatchObject({ clusterId: caseId, cases: 2 });
      const g = await chains.graph(t.admin, caseId);
      expect(g.edges).toContainEqual({ source: p[0]!.id, target: p[6]!.id, kind: 'infected' });
      expect(g.edges).toContainEqual({ source: p[6]!.id, target: p[7]!.id, kind: 'secondary' });
      expect(g.nodes.find((n) => n.id === p[6]!.id)?.kind).toBe('case');
    });

    it('协查: matched by ID and assigned to the grid worker; two matches by phone ask a human; steps timed; overdue listed', async () => {
      const svc = new NoticesService(t.ctx);
      const twin = await newPerson(t, { phone: '13900000001' });
      await newPerson(t, { phone: '13900000001', areaCode: AREAS.buildingB });
      const deadline = new Date(t.clock.now().getTime() + 2 * 3600_000).toISOString();
      const r = await svc.receive(
        t.admin,
        [
          { row: 2, name: '张三', idNumber: p[8]!.idNumber, reason: '与外地病例同乘航班', issuer: '上海市协查组', deadline },
          { row: 3, name: '李四', phone: '13900000001', reason: '时空伴随', issuer: '南京市', deadline },
          { row: 4, name: '王五', phone: '12345', reason: 'x', issuer: 'y', deadline },
          { row: 5, name: '', idNumber: p[8]!.idNumber, reason: 'x', issuer: 'y', deadline },
        ],
        AREAS.district,
      );
      expect(r).toMatchObject({ accepted: 2, assigned: 1, needsReview: 1 });
      expect(r.rejected.map((x) => `${x.row}:${x.column}`)).toEqual(['4:phone', '5:name']);
      const items = (await svc.list(t.admin, { limit: 10 })).items;
      const byId = items.find((n) => n.personId === p[8]!.id)!;
      expect(byId).toMatchObject({ status: 'assigned', owner: '王网格', areaCode: AREAS.buildingA });
      const ambiguous = items.find((n) => n.status === 'received')!;
      expect(ambiguous.candidates).toHaveLength(2);
      await expect(svc.advance(t.admin, ambiguous.id, 'located')).rejects.toMatchObject({ code: 'NOTICE_STATE' });
      await svc.resolve(t.admin, ambiguous.id, twin.id);
      await expect(svc.advance(t.admin, ambiguous.id, 'not_found')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await svc.advance(t.admin, ambiguous.id, 'not_ours', { note: '已迁居外省' });
      await svc.advance(t.admin, byId.id, 'located');
      t.clock.advance(3 * 3600_000);
      expect((await svc.list(t.admin, { overdue: true, limit: 10 })).items.map((n) => n.id)).toEqual([byId.id]);
      expect(await svc.overdueByArea(t.admin, AREAS.district)).toEqual([{ code: AREAS.streetA, open: 1, overdue: 1 }]);
      const done = await svc.advance(t.admin, byId.id, 'controlled', { measure: 'home_quarantine' });
      expect(done).toMatchObject({ status: 'controlled', overdue: true });
      expect(await status(p[8]!.id)).toBe('home_quarantine');
    });

    it('arrivals: measure and landing-test deadline from the risk level; unregistered people registered; positive test → case candidate', async () => {
      const svc = new ArrivalsService(t.ctx);
      await expect(
        svc.record(t.admin, { idNumber: OUTSIDER, origin: '上海市', riskLevel: 'high', arrivedAt: t.clock.nowIso(), checkpoint: '连云港站' }),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      const a = await svc.record(t.admin, {
        idNumber: OUTSIDER,
        name: '货车司机甲',
        areaCode: AREAS.buildingB,
        origin: '上海市',
        riskLevel: 'high',
        arrivedAt: t.clock.nowIso(),
        checkpoint: 'G15 高速卡口',
        truckDriver: true,
      });
      expect(a).toMatchObject({
        measure: 'centralised_quarantine',
        is_truck_driver: 1,
        landing_test_due: new Date(t.clock.now().getTime() + 2 * 3600_000).toISOString(),
      });
      expect(await status(a.person_id)).toBe('arrival_control');
      t.clock.advance(3 * 3600_000);
      expect((await svc.list(t.admin, { pendingTest: true, limit: 10 }))[0]).toMatchObject({ id: a.id, test_overdue: true });
      await svc.landingTest(t.admin, a.id, 'positive');
      expect(await status(a.person_id)).toBe('case_candidate');
      await expect(svc.landingTest(t.admin, a.id, 'negative')).rejects.toMatchObject({ code: 'LANDING_TEST_RECORDED' });
    });

    it('back-trace: who was at a venue, where they went next, keyset pages; a person’s places with others met', async () => {
      const bt = new BacktraceService(t.ctx);
      const page1 = await bt.atVenue(t.admin, { venueCode: 'V-MKT', from: at(-60), to: at(60), limit: 2 });
      expect(page1.items).toHaveLength(2);
      const page2 = await bt.atVenue(t.admin, { venueCode: 'V-MKT', from: at(-60), to: at(60), limit: 10, after: page1.nextCursor ?? '' });
      const all = [...page1.items, ...page2.items];
      expect(all).toHaveLength(6);
      expect(all.find((i) => i.personId === p[6]!.id)).toMatchObject({ nextVenue: 'V-SUP', nextAt: at(120) });
      const mine = await bt.ofPerson(t.admin, { idNumber: p[6]!.idNumber, from: at(-60), to: at(200), limit: 10 });
      expect(mine.items.map((i) => [i.venueCode, i.othersWithinMargin])).toEqual([
        ['V-MKT', 3],
        ['V-SUP', 1],
      ]);
    });

    it('scope: a street official sees only their street; scans older than retention are purged', async () => {
      const b = await t.loginAs('area_official', [AREAS.streetB]);
      const app = await t.app();
      const res = await app.inject({ method: 'GET', url: '/api/v1/tracing/cases', headers: { cookie: b.cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toEqual([]);
      const denied = await app.inject({
        method: 'POST',
        url: '/api/v1/tracing/cases',
        headers: { cookie: b.cookie },
        payload: { idNumber: p[1]!.idNumber, onsetDate: '2026-05-06' },
      });
      expect(denied.statusCode).toBe(403);
      t.clock.advance(22 * 86_400_000);
      const removed = await new CheckinsService(t.ctx).purgeExpired();
      expect(removed).toBe(9);
      const traj = await new CasesService(t.ctx).get(t.admin, caseId);
      expect(traj.trajectory.some((s) => s.source === 'checkin')).toBe(true); // kept in the trajectory
    });

    it('HTTP: case create → trace → decision, errors name the field', async () => {
      const epi = await t.loginAs('epidemiologist', [AREAS.district]);
      const app = await t.app();
      const bad = await app.inject({ method: 'POST', url: '/api/v1/tracing/cases', headers: { cookie: epi.cookie }, payload: { onsetDate: '2026-05-06' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details.fields.idNumber).toMatch(/person/);
      const ok = await app.inject({
        method: 'POST',
        url: '/api/v1/tracing/cases',
        headers: { cookie: epi.cookie },
        payload: { idNumber: p[1]!.idNumber, onsetDate: '2026-05-06' },
      });
      expect(ok.statusCode).toBe(201);
      const traced = await app.inject({ method: 'POST', url: `/api/v1/tracing/cases/${ok.json().id}/trace`, headers: { cookie: epi.cookie } });
      expect(traced.statusCode).toBe(200);
      const span = await app.inject({
        method: 'POST',
        url: `/api/v1/tracing/cases/${ok.json().id}/spans`,
        headers: { cookie: epi.cookie },
        payload: { place: '家', startsAt: at(10), endsAt: at(0) },
      });
      expect(span.statusCode).toBe(400);
      expect(span.json().error.details.fields.endsAt).toBe('ends before it starts');
    });

    it('HTTP answers use the contract: camelCase keys, booleans decoded, no column beyond the schema', async () => {
      const epi = await t.loginAs('epidemiologist', [AREAS.streetA]);
      const app = await t.app();
      const call = async (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => {
        const res = await app.inject({ method, url: `/api/v1/tracing${url}`, headers: { cookie: epi.cookie }, payload });
        expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
        return res.json();
      };
      const [kase, met] = [await newPerson(t), await newPerson(t)];
      const nobody = makeIdNumber('110101', '19900307', 779); // registered by no test
      const now = t.clock.now().getTime();
      const when = (min: number) => new Date(now - 86_400_000 + min * 60_000).toISOString();
      const scans = await call('POST', '/checkins', {
        checkins: [
          { idNumber: kase.idNumber, venueCode: 'V-MKT', scannedAt: when(0) },
          { idNumber: met.idNumber, venueCode: 'V-MKT', scannedAt: when(10) },
          { idNumber: nobody, venueCode: 'V-MKT', scannedAt: when(11) },
        ],
      });
      expect(scans).toEqual({ accepted: 2, duplicates: 0, unknownPeople: 1, unknownVenues: 0, rejected: [] });
      const created = await call('POST', '/cases', { idNumber: kase.idNumber, onsetDate: new Date(now).toISOString().slice(0, 10), foundBy: 'fever_clinic' });
      expect(created).toMatchObject({ personId: kase.id, areaCode: kase.areaCode, foundBy: 'fever_clinic', insideControl: false, clusterId: created.id });
      const span = await call('POST', `/cases/${created.id}/spans`, { place: '家', startsAt: when(60), endsAt: when(120), isPublic: false });
      expect(span).toMatchObject({ caseId: created.id, kind: 'address', source: 'interview', isPublic: false, venueCode: null });
      const traced = await call('POST', `/cases/${created.id}/trace`);
      expect(traced.items).toMatchObject([{ personId: met.id, venueCode: 'V-MKT', gapMinutes: 10, status: 'candidate', class: 'close' }]);
      const manual = await call('POST', `/cases/${created.id}/contacts`, { personId: p[9]!.id, note: '同事' });
      expect(manual).toMatchObject({ caseId: created.id, personId: p[9]!.id, source: 'manual', note: '同事' });
      const answers = {
        scans,
        created,
        span,
        traced,
        manual,
        list: await call('GET', '/cases?limit=5'),
        detail: await call('GET', `/cases/${created.id}`),
        contacts: await call('GET', `/contacts?caseId=${created.id}`),
        decided: await call('POST', `/contacts/${traced.items[0].id}/decision`, { decision: 'confirm' }),
        venues: await call('GET', '/venues?limit=5'),
        unmatched: await call('GET', '/checkins/unmatched'),
        rules: await call('GET', '/arrival-rules'),
        arrival: await call('POST', '/arrivals', {
          idNumber: p[8]!.idNumber,
          origin: '上海市',
          riskLevel: 'low',
          arrivedAt: when(0),
          checkpoint: '连云港站',
          truckDriver: true,
        }),
        arrivals: await call('GET', '/arrivals?limit=5'),
        clusters: await call('GET', '/clusters'),
        chains: await call('GET', `/chains?cluster=${created.id}`),
      };
      expect(keysOf(answers).filter((k) => k.includes('_'))).toEqual([]);
      expect(answers.list.items.find((c: { id: string }) => c.id === created.id)).toMatchObject({
        idNumberMasked: kase.idNumberMasked,
        insideControl: false,
        sourceElsewhere: false,
        contacts: { candidates: 2, confirmed: 0, elsewhere: 0 },
        clock: { done: false },
      });
      expect(answers.detail).toMatchObject({ lookbackStart: created.lookbackStart, person: { id: kase.id, idNumberMasked: kase.idNumberMasked } });
      expect(answers.detail.trajectory.map((x: { source: string }) => x.source).sort()).toEqual(['checkin', 'interview']);
      expect(answers.contacts).toMatchObject({ nextCursor: null, elsewhere: 0 });
      expect(answers.contacts.items.find((c: { personId: string }) => c.personId === met.id)).toMatchObject({
        caseCode: created.code,
        controlStatus: 'none',
        overlapStart: when(10),
      });
      expect(answers.venues.items[0]).toMatchObject({ code: 'V-MKT', areaCode: AREAS.communityA, isKey: true });
      expect(answers.unmatched.items[0]).toMatchObject({ venueCode: 'V-MKT', scannedAt: when(11), reason: 'unknown_person' });
      expect(answers.unmatched.items[0].idNumberMasked).not.toBe(nobody);
      expect(answers.rules.items).toContainEqual({ riskLevel: 'high', measure: 'centralised_quarantine', landingTestHours: 2 });
      expect(answers.arrival).toMatchObject({ personId: p[8]!.id, riskLevel: 'low', isTruckDriver: true, measure: 'home_monitoring', landingTestAt: null });
      expect(answers.arrivals.items.find((a: { id: string }) => a.id === answers.arrival.id)).toMatchObject({
        idNumberMasked: p[8]!.idNumberMasked,
        isTruckDriver: true,
        testOverdue: false,
      });
      // Identifiers only masked: no ID number in clear anywhere in the answers.
      for (const id of [kase.idNumber, met.idNumber, nobody, p[8]!.idNumber]) expect(JSON.stringify(answers)).not.toContain(id);
    });
  });
}
