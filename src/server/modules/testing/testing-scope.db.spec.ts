import type { FastifyInstance } from 'fastify';
import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import type { SiteRef } from '../auth/actor';
import { AuthService } from '../auth/auth.service';
import type { Role } from '../auth/permissions';
import { testingModule } from '../testing.module';
import { RoundsService } from './rounds.service';
import { SamplingService } from './sampling.service';
import { TransportService } from './transport.service';

/**
 * Issue 10, testing part: each test acts as a street-A user, site or lab against street-B data
 * (and the reverse where it must work: anyone may be sampled anywhere). Every test builds its own
 * rounds, sites, labs, tubes and boxes under its own codes, so it passes alone with `-t`.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] testing by scope and by site`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let n = 0;
    const uniq = (p: string) => `${p}${++n}${dialect === 'sqlite' ? 'S' : 'P'}`;
    const at = (min: number) => new Date(Date.parse('2026-05-06T01:00:00.000Z') + min * 60_000).toISOString();

    /** A logged-in user of `role` over `scope`, posted to `sites`; returns request headers. */
    async function user(role: Role, scope: string[], sites: SiteRef[] = []): Promise<Record<string, string>> {
      const username = uniq(role.replace(/_/g, ''));
      const password = 'Test-password-123';
      await new AuthService(t.ctx).createUser(t.admin, { username, displayName: username, role, scope, sites, password, mustChangePassword: false });
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      expect(res.statusCode).toBe(200);
      const raw = res.headers['set-cookie'];
      return { cookie: String(Array.isArray(raw) ? raw[0] : raw).split(';')[0] as string };
    }
    /** An API token of `role` over `scope`, posted to `sites`. */
    async function token(role: Role, scope: string[], sites: SiteRef[] = []): Promise<Record<string, string>> {
      const { token: tk } = await new AuthService(t.ctx).createToken(t.admin, { name: uniq('tok'), role, scope, sites });
      return { authorization: `Bearer ${tk}` };
    }
    const call = (headers: Record<string, string>, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
      app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

    /** A world of its own: a round (over `areas`), a site in each street, a lab per street, people in both. */
    async function world(areas: string[] = [AREAS.district]) {
      const rounds = new RoundsService(t.ctx);
      const roundId = (await rounds.createRound(t.admin, { areas, poolSize: 5, startsAt: '2026-05-06T00:00:00Z' })).id;
      const siteA = uniq('SA');
      const siteB = uniq('SB');
      const labA = uniq('LA');
      const labB = uniq('LB');
      await rounds.createSite(t.admin, { code: siteA, area: AREAS.streetA });
      await rounds.createSite(t.admin, { code: siteB, area: AREAS.streetB });
      await rounds.createLab(t.admin, { code: labA, area: AREAS.streetA, dailyCapacity: 1000 });
      await rounds.createLab(t.admin, { code: labB, area: AREAS.streetB, dailyCapacity: 1000 });
      const a = await Promise.all([0, 1, 2].map(() => newPerson(t, { areaCode: AREAS.buildingA })));
      const b = await Promise.all([0, 1, 2].map(() => newPerson(t, { areaCode: AREAS.buildingB })));
      return { roundId, siteA, siteB, labA, labB, a, b };
    }
    type World = Awaited<ReturnType<typeof world>>;
    /** Sample people into a tube at a site (as the system), box it and hand it over to a lab. */
    async function tubeSentTo(w: World, site: string, people: Array<{ idNumber: string }>, lab: string | null) {
      const barcode = uniq('TUBE');
      const r = await new SamplingService(t.ctx).recordSamples(
        t.admin,
        people.map((p, i) => ({ roundId: w.roundId, tubeBarcode: barcode, idNumber: p.idNumber, siteCode: site, collectedAt: at(i) })),
      );
      expect(r.rejected).toEqual([]);
      const box = uniq('BOX');
      if (lab) {
        await new TransportService(t.ctx).sealBox(t.admin, { code: box, roundId: w.roundId, siteCode: site, tubeBarcodes: [barcode] });
        await new TransportService(t.ctx).handOver(t.admin, box, lab);
      }
      return { barcode, box };
    }

    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      app = await t.app();
    });
    afterAll(() => t.close());

    it("rounds list: a street's own round is found however many other rounds are newer, keyset-paged, and another street's is not", async () => {
      const rounds = new RoundsService(t.ctx);
      const mine = (await rounds.createRound(t.admin, { areas: [AREAS.streetA], name: uniq('A-round') })).id;
      for (let i = 0; i < 205; i++) {
        t.clock.advance(1000);
        await rounds.createRound(t.admin, { areas: [AREAS.streetB], name: `B-${i}` });
      }
      const cityWide = (await rounds.createRound(t.admin, { areas: [AREAS.district], name: uniq('district') })).id;
      const official = await user('area_official', [AREAS.streetA]);
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await call(official, 'GET', `/testing/rounds?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode).toBe(200);
        const page = res.json<{ items: Array<{ id: string; scope: string[] }>; nextCursor: string | null }>();
        ids.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(ids).toContain(mine);
      expect(ids).toContain(cityWide);
      const all = await t.ctx.db.selectFrom('round_areas').select(['round_id', 'area_code']).where('round_id', 'in', ids).execute();
      expect(all.every((r) => r.area_code !== AREAS.streetB)).toBe(true);
    });

    it('a street-B round answers 404 to street A — the round, its timing, boxes, coverage, sites and re-checks alike', async () => {
      const w = await world([AREAS.streetB]);
      await tubeSentTo(w, w.siteB, w.b, w.labB);
      const official = await user('area_official', [AREAS.streetA]);
      for (const path of ['', '/timing', '/boxes', '/coverage', '/sites', '/rechecks', '/repeats', '/exemptions', `/missing?area=${AREAS.streetA}`]) {
        const res = await call(official, 'GET', `/testing/rounds/${w.roundId}${path}`);
        expect({ path, status: res.statusCode }).toEqual({ path, status: 404 });
      }
      const close = await call(official, 'POST', `/testing/rounds/${w.roundId}/close`);
      expect(close.statusCode).toBe(404);
    });

    it('of a city-wide round a street official sees their own part only: coverage, ?area= within scope, timing and boxes of their sites', async () => {
      const w = await world([AREAS.district]);
      await tubeSentTo(w, w.siteA, w.a, w.labA);
      await tubeSentTo(w, w.siteB, w.b, w.labB);
      const official = await user('area_official', [AREAS.streetA]);
      const cov = (await call(official, 'GET', `/testing/rounds/${w.roundId}/coverage`)).json<{ sampled: number; areas: Array<{ code: string }> }>();
      expect(cov.sampled).toBe(3);
      expect(cov.areas.every((x) => x.code.startsWith(AREAS.streetA))).toBe(true);
      expect((await call(official, 'GET', `/testing/rounds/${w.roundId}/coverage?area=${AREAS.streetB}`)).statusCode).toBe(404);
      expect((await call(official, 'GET', `/testing/rounds/${w.roundId}/coverage?area=${AREAS.district}`)).statusCode).toBe(404);
      expect((await call(official, 'GET', `/testing/rounds/${w.roundId}/coverage.geojson?area=${AREAS.streetB}`)).statusCode).toBe(404);
      const timing = (await call(official, 'GET', `/testing/rounds/${w.roundId}/timing`)).json<{ steps: { seal: { count: number } } }>();
      expect(timing.steps.seal.count).toBe(1);
      const boxes = (await call(official, 'GET', `/testing/rounds/${w.roundId}/boxes`)).json<{ items: Array<{ siteCode: string }> }>();
      expect(boxes.items.map((x) => x.siteCode)).toEqual([w.siteA]);
      const sites = (await call(official, 'GET', `/testing/rounds/${w.roundId}/sites`)).json<{ items: Array<{ code: string }> }>();
      expect(sites.items.map((x) => x.code)).not.toContain(w.siteB);
      // The missing list as CSV: script column names by default, Chinese headers for the web's 导出.
      const csv = await call(official, 'GET', `/testing/rounds/${w.roundId}/missing.csv?area=${AREAS.streetA}`);
      expect(csv.body.replace('\ufeff', '').split('\n')[0]).toBe('name,id_number_masked,phone_masked,area_code,address');
      const zh = await call(official, 'GET', `/testing/rounds/${w.roundId}/missing.csv?area=${AREAS.streetA}&lang=zh`);
      expect(zh.body.replace('\ufeff', '').split('\n')[0]).toBe('姓名,证件号（脱敏）,手机号（脱敏）,区域编码,住址');
      // …and cannot close the city's round (readable, not writable).
      expect((await call(official, 'POST', `/testing/rounds/${w.roundId}/close`)).statusCode).toBe(403);
    });

    it('anyone may be sampled at a site; the site sees, seals, boxes and hands over only its own tubes and boxes', async () => {
      const w = await world();
      const sampler = await user('sampler', [AREAS.streetA], [{ kind: 'sampling_site', code: w.siteA }]);
      // A street-B resident sampled at street A's site: fine.
      const mineTube = uniq('TUBE');
      const ok = await call(sampler, 'POST', '/testing/samples', {
        samples: [{ roundId: w.roundId, tubeBarcode: mineTube, idNumber: w.b[0]!.idNumber, siteCode: w.siteA, collectedAt: at(1) }],
      });
      expect(ok.json()).toMatchObject({ accepted: 1, rejected: [] });
      // Recording at street B's site is not this sampler's to do.
      const there = await call(sampler, 'POST', '/testing/samples', {
        samples: [{ roundId: w.roundId, tubeBarcode: uniq('TUBE'), idNumber: w.a[0]!.idNumber, siteCode: w.siteB, collectedAt: at(1) }],
      });
      expect(there.json()).toMatchObject({ accepted: 0, rejected: [{ column: 'site_code' }] });
      const theirs = await tubeSentTo(w, w.siteB, w.b.slice(1, 2), null);
      expect((await call(sampler, 'POST', `/testing/tubes/${theirs.barcode}/seal`)).statusCode).toBe(404);
      const boxB = await call(sampler, 'POST', '/testing/boxes', { roundId: w.roundId, siteCode: w.siteB, tubeBarcodes: [theirs.barcode] });
      expect(boxB.statusCode).toBe(404);
      const smuggle = await call(sampler, 'POST', '/testing/boxes', { roundId: w.roundId, siteCode: w.siteA, tubeBarcodes: [mineTube, theirs.barcode] });
      expect(smuggle.statusCode).toBe(400);
      const sealedB = await tubeSentTo(w, w.siteB, w.b.slice(2, 3), null);
      await new TransportService(t.ctx).sealBox(t.admin, { code: sealedB.box, roundId: w.roundId, siteCode: w.siteB, tubeBarcodes: [sealedB.barcode] });
      expect((await call(sampler, 'POST', `/testing/boxes/${sealedB.box}/handover`, { labCode: w.labA })).statusCode).toBe(404);
      // Its own work goes through, and the list of boxes shows its own only.
      expect((await call(sampler, 'POST', `/testing/tubes/${mineTube}/seal`)).statusCode).toBe(200);
      const box = await call(sampler, 'POST', '/testing/boxes', { roundId: w.roundId, siteCode: w.siteA, tubeBarcodes: [mineTube] });
      expect(box.statusCode).toBe(200);
      const code = box.json<{ code: string }>().code;
      expect((await call(sampler, 'POST', `/testing/boxes/${code}/handover`, { labCode: w.labA })).statusCode).toBe(204);
      const list = (await call(sampler, 'GET', `/testing/rounds/${w.roundId}/boxes`)).json<{ items: Array<{ code: string }> }>();
      expect(list.items.map((x) => x.code)).toEqual([code]);
      const audit = await t.ctx.db
        .selectFrom('audit_log')
        .select(['details'])
        .where('action', '=', 'testing.box_sealed')
        .where('target_id', '=', code)
        .executeTakeFirstOrThrow();
      expect(String(audit.details)).toContain(mineTube);
    });

    it('a lab token scoped to street A cannot result a street-B tube: no re-checks, nobody put under control', async () => {
      const w = await world();
      const tubeB = await tubeSentTo(w, w.siteB, w.b, w.labB);
      const labToken = await token('lab', [AREAS.streetA], [{ kind: 'lab', code: w.labA }]);
      const posted = await call(labToken, 'POST', '/testing/results', {
        results: [
          { tubeBarcode: tubeB.barcode, result: 'positive', testedAt: at(60), labCode: w.labA },
          { tubeBarcode: tubeB.barcode, result: 'positive', testedAt: at(60), labCode: w.labB },
        ],
      });
      expect(posted.json()).toMatchObject({ accepted: 0, rechecksCreated: 0, rejected: [{ column: 'tube_barcode' }, { column: 'lab_code' }] });
      expect(JSON.stringify(posted.json())).not.toContain(w.b[0]!.id);
      // The lab cannot receive the other lab's box either, nor see it in its intake queue.
      expect((await call(labToken, 'POST', `/testing/boxes/${tubeB.box}/receive`, { labCode: w.labA })).statusCode).toBe(404);
      expect((await call(labToken, 'GET', '/testing/boxes/incoming')).json<{ items: unknown[] }>().items).toEqual([]);
      const rechecks = await t.ctx.db.selectFrom('rechecks').select('id').where('round_id', '=', w.roundId).execute();
      expect(rechecks).toEqual([]);
      const people = await t.ctx.db
        .selectFrom('persons')
        .select('control_status')
        .where(
          'id',
          'in',
          w.b.map((p) => p.id),
        )
        .execute();
      expect(people.every((p) => p.control_status === 'none')).toBe(true);
    });

    it('a lab user without a lab posting results nothing; a posted lab receives and results only what was sent to it', async () => {
      const w = await world();
      const tubeA = await tubeSentTo(w, w.siteA, w.a, w.labA);
      const unposted = await user('lab', ['*']);
      const none = await call(unposted, 'POST', '/testing/results', {
        results: [{ tubeBarcode: tubeA.barcode, result: 'negative', testedAt: at(60), labCode: w.labA }],
      });
      // A city-scoped lab *user* is still not the lab: a lab role acts only through its posting.
      expect(none.json()).toMatchObject({ accepted: 0 });
      const lab = await user('lab', [], [{ kind: 'lab', code: w.labA }]);
      const incoming = (await call(lab, 'GET', '/testing/boxes/incoming')).json<{ items: Array<{ code: string }> }>();
      expect(incoming.items.map((x) => x.code)).toEqual([tubeA.box]);
      expect((await call(lab, 'POST', `/testing/boxes/${tubeA.box}/receive`, { labCode: w.labA })).json()).toMatchObject({ flagged: false });
      const ok = await call(lab, 'POST', '/testing/results', {
        results: [{ tubeBarcode: tubeA.barcode, result: 'negative', testedAt: at(60), labCode: w.labA }],
      });
      expect(ok.json()).toMatchObject({ accepted: 1, rejected: [] });
    });

    it("a positive pool at street A's site re-checks a street-B resident in street B, by hand-off; street A and the lab see counts only", async () => {
      const w = await world();
      const tube = await tubeSentTo(w, w.siteA, [w.a[0]!, w.a[1]!, w.b[0]!], w.labA);
      const lab = await token('lab', [], [{ kind: 'lab', code: w.labA }]);
      const res = await call(lab, 'POST', '/testing/results', {
        results: [{ tubeBarcode: tube.barcode, result: 'positive', testedAt: at(60), labCode: w.labA }],
      });
      expect(res.json()).toMatchObject({ accepted: 1, rechecksCreated: 3, positivePools: [tube.barcode] });
      expect(res.body).not.toContain(w.b[0]!.id);
      const areas = await t.ctx.db.selectFrom('rechecks').select(['person_id', 'area_code']).where('round_id', '=', w.roundId).execute();
      expect(areas.find((r) => r.person_id === w.b[0]!.id)?.area_code).toBe(AREAS.buildingB);
      const handoffs = await t.ctx.db.selectFrom('handoffs').selectAll().where('kind', '=', 'sampled_elsewhere').where('person_id', '=', w.b[0]!.id).execute();
      expect(handoffs).toHaveLength(1);
      expect(handoffs[0]).toMatchObject({ area_code: AREAS.buildingB, from_area_code: AREAS.streetA, subject_type: 'recheck' });
      const official = await user('area_official', [AREAS.streetA]);
      const listA = (await call(official, 'GET', `/testing/rounds/${w.roundId}/rechecks`)).json<{ items: Array<{ personId: string }> }>();
      expect(listA.items.map((x) => x.personId).sort()).toEqual([w.a[0]!.id, w.a[1]!.id].sort());
      const officialB = await user('area_official', [AREAS.streetB]);
      const listB = (await call(officialB, 'GET', `/testing/rounds/${w.roundId}/rechecks`)).json<{ items: Array<{ id: string; personId: string }> }>();
      expect(listB.items.map((x) => x.personId)).toEqual([w.b[0]!.id]);
      // Street A cannot act on street B's re-check.
      expect((await call(official, 'POST', `/testing/rechecks/${listB.items[0]!.id}/locate`, {})).statusCode).toBe(404);
      // The home page figure counts pools with open re-checks of my residents, not the city's.
      const offA = { ...t.admin, scope: [AREAS.streetA] };
      const before = (await testingModule.figures!(t.ctx, { ...t.admin, scope: ['320706999'] })).find((f) => f.key === 'positive_pools_open');
      expect(before?.value).toBe(0);
      const mineFig = (await testingModule.figures!(t.ctx, offA)).find((f) => f.key === 'positive_pools_open');
      expect(mineFig?.value).toBeGreaterThanOrEqual(1);
    });

    it('sites in scope only, labs and frequency rules need the city', async () => {
      const adminA = await user('admin', [AREAS.streetA]);
      expect((await call(adminA, 'POST', '/testing/sites', { code: uniq('SX'), area: AREAS.streetB })).statusCode).toBe(403);
      expect((await call(adminA, 'POST', '/testing/sites', { code: uniq('SX'), area: AREAS.streetA })).statusCode).toBe(200);
      expect((await call(adminA, 'POST', '/testing/labs', { code: uniq('LX'), area: AREAS.streetA, dailyCapacity: 10 })).statusCode).toBe(403);
      expect((await call(adminA, 'PUT', '/testing/frequency-rules/cold_chain', { intervalDays: 7 })).statusCode).toBe(403);
      const city = await user('admin', ['*']);
      expect((await call(city, 'POST', '/testing/labs', { code: uniq('LX'), area: AREAS.streetA, dailyCapacity: 10 })).statusCode).toBe(200);
      expect((await call(city, 'PUT', '/testing/frequency-rules/port', { intervalDays: 3 })).statusCode).toBe(204);
      const tooLong = await call(city, 'PUT', '/testing/frequency-rules/port', { intervalDays: 400 });
      expect(tooLong.statusCode).toBe(400);
      expect(tooLong.json()).toMatchObject({ error: { details: { reasons: { intervalDays: { code: 'max_value', limit: 365 } } } } });
      const rule = await t.ctx.db.selectFrom('testing_frequency_rules').select('interval_days').where('tag', '=', 'port').executeTakeFirstOrThrow();
      expect(rule.interval_days).toBe(3);
    });
  });
}
