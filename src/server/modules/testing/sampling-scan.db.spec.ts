import type { FastifyInstance } from 'fastify';
import type { IngestResultWire, WalkInResult } from '../../../contract/sampling';
import { AREAS, newIdNumber, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { SESSION_COOKIE } from '../../http/auth-hook';
import type { SiteRef } from '../auth/actor';
import { AuthService } from '../auth/auth.service';
import { issueResidentCode, verifyResidentCode } from './resident-code';
import { RoundsService } from './rounds.service';

/**
 * Issue 12, the sampling page's server side: a 居民码 payload names the person as an ID number
 * does, a payload EpiGrid did not issue is a row error naming `resident_code`, a walk-in is
 * registered with their sample in one transaction, a second sample in the round is kept with a
 * warning, and a re-sent batch (the page's offline queue replaying) creates nothing twice. Each
 * test makes its own round, site and people, posted sampler included, so it passes alone.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] sampling by scan: resident codes, walk-ins, warnings, idempotent replay`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let n = 0;
    const uniq = (p: string) => `${p}${++n}${dialect === 'sqlite' ? 'S' : 'P'}`;
    const at = (min: number) => new Date(Date.parse('2026-05-06T01:00:00.000Z') + min * 60_000).toISOString();

    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      app = await t.app();
    });
    afterAll(() => t.close());

    /** A sampler posted to a new site of street A (no area of their own), a round over the district, `people` residents of street A. */
    async function world(people = 3, poolSize = 10) {
      const rounds = new RoundsService(t.ctx);
      const roundId = (await rounds.createRound(t.admin, { areas: [AREAS.district], poolSize, startsAt: '2026-05-06T00:00:00Z' })).id;
      const site = uniq('SITE');
      await rounds.createSite(t.admin, { code: site, area: AREAS.streetA });
      const sites: SiteRef[] = [{ kind: 'sampling_site', code: site }];
      const username = uniq('sampler');
      const auth = new AuthService(t.ctx);
      await auth.createUser(t.admin, {
        username,
        displayName: username,
        role: 'sampler',
        scope: [],
        sites,
        password: 'Test-password-123',
        mustChangePassword: false,
      });
      const { token } = await auth.login(username, 'Test-password-123', { ip: '127.0.0.1', userAgent: 'test' });
      const residents = await Promise.all(Array.from({ length: people }, () => newPerson(t, { areaCode: AREAS.buildingA })));
      const headers = { cookie: `${SESSION_COOKIE}=${token}` };
      const post = (url: string, payload: object) => app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload });
      const samples = async (rows: object[]) => {
        const res = await post('/testing/samples', { samples: rows });
        expect(res.statusCode).toBe(200);
        return res.json<IngestResultWire>();
      };
      const row = (tube: string, who: { idNumber?: string; residentCode?: string }, min = 0, clientId?: string) => ({
        roundId,
        siteCode: site,
        tubeBarcode: tube,
        collectedAt: at(min),
        ...who,
        ...(clientId ? { clientId } : {}),
      });
      return { roundId, site, residents, post, samples, row };
    }
    const count = async (table: 'samples' | 'persons' | 'round_people', where: { col: string; val: string }) =>
      Number(
        (
          await t.ctx.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test's dynamic column
            .where(where.col as any, '=', where.val)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('a 居民码 payload is accepted wherever an ID number is: bare, inside a URL, and in a CSV upload', async () => {
      const w = await world(3);
      const [p0, p1, p2] = w.residents as [(typeof w.residents)[0], (typeof w.residents)[0], (typeof w.residents)[0]];
      const code = issueResidentCode(t.ctx.pii, p0.id);
      expect(code).toMatch(/^EGRC1\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{22}$/);
      expect(code).not.toContain(p0.idNumber);
      expect(verifyResidentCode(t.ctx.pii, code)).toBe(p0.id);
      const tube = uniq('TUBE');
      const r = await w.samples([
        w.row(tube, { residentCode: code }),
        w.row(tube, { residentCode: `https://epigrid.example/rc/${issueResidentCode(t.ctx.pii, p1.id)}` }, 1),
      ]);
      expect(r).toMatchObject({ accepted: 2, rejected: [] });
      const stored = await t.ctx.db.selectFrom('samples').select('person_id').where('site_code', '=', w.site).execute();
      expect(stored.map((s) => s.person_id).sort()).toEqual([p0.id, p1.id].sort());

      const csv = `round_id,tube_barcode,site_code,collected_at,resident_code\n${w.roundId},${tube},${w.site},${at(2)},${issueResidentCode(t.ctx.pii, p2.id)}\n`;
      const boundary = '----egscan';
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/testing/samples/import',
        headers: { cookie: (await t.loginAs('admin')).cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ accepted: 1, rejected: [] });
    });

    it('a payload EpiGrid cannot verify is a row error naming resident_code; the batch keeps its good rows', async () => {
      const w = await world(2);
      const [p0, p1] = w.residents as [(typeof w.residents)[0], (typeof w.residents)[0]];
      const good = issueResidentCode(t.ctx.pii, p0.id);
      const forged = `${good.slice(0, -3)}${good.endsWith('AAA') ? 'BBB' : 'AAA'}`;
      const otherKey = `EGRC1.${p1.id}.${'x'.repeat(22)}`;
      const tube = uniq('TUBE');
      const r = await w.samples([
        w.row(tube, { residentCode: forged }),
        w.row(tube, { residentCode: otherKey }),
        w.row(tube, { residentCode: 'https://health.example/other-province?code=123' }),
        w.row(tube, {}),
        w.row(tube, { idNumber: p1.idNumber }),
      ]);
      expect(r.accepted).toBe(1);
      expect(r.rejected.map((x) => [x.row, x.column])).toEqual([
        [1, 'resident_code'],
        [2, 'resident_code'],
        [3, 'resident_code'],
        [4, 'id_number'],
      ]);
      expect(r.rejected[0]?.reason).toMatch(/cannot be verified/);
      expect(await count('samples', { col: 'person_id', val: p0.id })).toBe(0);
    });

    it('someone already sampled in the round is kept with a warning, not refused, and counted once', async () => {
      const w = await world(2);
      const [p0, p1] = w.residents as [(typeof w.residents)[0], (typeof w.residents)[0]];
      const first = await w.samples([w.row(uniq('TUBE'), { idNumber: p0.idNumber })]);
      expect(first).toMatchObject({ accepted: 1, warnings: [] });
      const again = await w.samples([w.row(uniq('TUBE'), { idNumber: p1.idNumber }, 1), w.row(uniq('TUBE'), { idNumber: p0.idNumber }, 2)]);
      expect(again).toMatchObject({ accepted: 2, sampledTwice: 1, rejected: [] });
      expect(again.warnings).toEqual([
        { row: 2, column: 'id_number', code: 'already_sampled', reason: expect.stringMatching(/already sampled/), reasonCode: 'already_sampled' },
      ]);
      expect(await count('round_people', { col: 'person_id', val: p0.id })).toBe(1);
    });

    it('a re-sent batch (offline queue replay, same clientIds) changes nothing: no sample, tube count, counter or person twice', async () => {
      const w = await world(11, 10);
      const tubeA = uniq('TUBE');
      const tubeB = uniq('TUBE');
      // 11 people: ten fill tube A, the eleventh goes to tube B; one unknown number is refused.
      const rows = w.residents.map((p, i) => w.row(i < 10 ? tubeA : tubeB, { idNumber: p.idNumber }, i, `scan-${uniq('c')}-${i}`));
      rows.push(w.row(tubeB, { idNumber: newIdNumber() }, 12, `scan-${uniq('c')}-x`));
      const snapshot = async () => ({
        samples: await count('samples', { col: 'site_code', val: w.site }),
        tubes: await t.ctx.db.selectFrom('tubes').select(['barcode', 'sample_count', 'status']).where('site_code', '=', w.site).orderBy('barcode').execute(),
        people: await count('round_people', { col: 'round_id', val: w.roundId }),
        counters: await t.ctx.db.selectFrom('coverage_counters').selectAll().where('round_id', '=', w.roundId).orderBy('grid_key').execute(),
        sites: await t.ctx.db.selectFrom('round_site_counters').selectAll().where('round_id', '=', w.roundId).execute(),
      });
      const first = await w.samples(rows);
      expect(first).toMatchObject({ accepted: 11, replayed: 0, tubesSealed: [tubeA] });
      expect(first.rejected.map((r) => [r.row, r.column])).toEqual([[12, 'id_number']]);
      const before = await snapshot();
      expect(before.tubes).toEqual([
        { barcode: tubeA, sample_count: 10, status: 'sealed' },
        { barcode: tubeB, sample_count: 1, status: 'open' },
      ]);
      const replay = await w.samples(rows);
      expect(replay).toMatchObject({ accepted: 0, replayed: 11, duplicates: 0, sampledTwice: 0, warnings: [], tubesSealed: [] });
      expect(replay.rejected.map((r) => [r.row, r.column])).toEqual([[12, 'id_number']]);
      expect(await snapshot()).toEqual(before);
      // The same id at the same site twice in one batch is one scan.
      const p = await newPerson(t, { areaCode: AREAS.buildingA });
      const twice = w.row(tubeB, { idNumber: p.idNumber }, 13, `scan-${uniq('c')}-t`);
      expect(await w.samples([twice, twice])).toMatchObject({ accepted: 1, replayed: 1 });
    });

    it('walk-in: someone not in the registry is registered at the site with their sample in one transaction, audited; their home area elsewhere is told', async () => {
      const w = await world(0);
      const idNumber = newIdNumber();
      const tube = uniq('TUBE');
      const clientId = `walk-${uniq('c')}`;
      const body = {
        roundId: w.roundId,
        siteCode: w.site,
        tubeBarcode: tube,
        collectedAt: at(5),
        clientId,
        person: { idNumber, name: '现场登记', phone: '13912345678', areaCode: AREAS.buildingB, address: '朐阳小区1号楼101' },
      };
      // Not yet registered: the batch refuses the number, naming the field.
      const refused = await w.samples([w.row(tube, { idNumber })]);
      expect(refused.rejected).toEqual([
        { row: 1, column: 'id_number', code: 'not_registered', reason: expect.stringMatching(/registry/), reasonCode: 'unknown_person' },
      ]);

      const res = await w.post('/testing/samples/walk-in', body);
      expect(res.statusCode).toBe(200);
      const r = res.json<WalkInResult>();
      expect(r).toMatchObject({ registered: true, handedOff: true, sample: { accepted: 1 } });
      expect(r.idNumberMasked).not.toBe(idNumber);
      const person = await t.ctx.db.selectFrom('persons').select(['id', 'area_code', 'name']).where('name', '=', '现场登记').executeTakeFirstOrThrow();
      expect(person.area_code).toBe(AREAS.buildingB);
      expect(verifyResidentCode(t.ctx.pii, r.residentCode ?? '')).toBe(person.id);
      expect(await count('samples', { col: 'person_id', val: person.id })).toBe(1);
      const handoffs = await t.ctx.db.selectFrom('handoffs').selectAll().where('person_id', '=', person.id).execute();
      expect(handoffs).toEqual([expect.objectContaining({ area_code: AREAS.buildingB, kind: 'sampled_elsewhere', from_area_code: AREAS.streetA })]);
      expect(handoffs[0]?.message).not.toContain(idNumber);
      const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'target_id']).where('target_id', '=', person.id).execute();
      expect(audit.map((a) => a.action)).toContain('testing.walk_in_registered');

      // Sent again (the queue replaying): nobody registered twice, no second sample.
      const replay = await w.post('/testing/samples/walk-in', body);
      expect(replay.statusCode).toBe(200);
      expect(replay.json()).toMatchObject({ registered: false, residentCode: null, sample: { accepted: 0, replayed: 1 } });
      expect(await count('persons', { col: 'name', val: '现场登记' })).toBe(1);
      expect(await count('samples', { col: 'person_id', val: person.id })).toBe(1);

      // Their code works at the next scan.
      const next = await w.samples([w.row(uniq('TUBE'), { residentCode: r.residentCode ?? '' }, 6)]);
      expect(next).toMatchObject({ accepted: 1, warnings: [{ code: 'already_sampled' }] });
    });

    it('walk-in: a refused sample registers nobody; a caller not at the site is refused before anything is looked up; someone registered is not registered again', async () => {
      const w = await world(1, 1);
      const tube = uniq('TUBE');
      expect((await w.samples([w.row(tube, { idNumber: w.residents[0]!.idNumber })])).tubesSealed).toEqual([tube]);
      const person = (idNumber: string, name: string) => ({ idNumber, name, areaCode: AREAS.buildingA });
      const full = await w.post('/testing/samples/walk-in', {
        roundId: w.roundId,
        siteCode: w.site,
        tubeBarcode: tube,
        collectedAt: at(1),
        person: person(newIdNumber(), '满管登记'),
      });
      expect(full.statusCode).toBe(400);
      expect(full.json().error.details.fields).toEqual({ tubeBarcode: expect.stringMatching(/sealed/) });
      expect(await count('persons', { col: 'name', val: '满管登记' })).toBe(0);

      const elsewhere = await t.loginAs('sampler', [AREAS.streetB]);
      const notHere = await app.inject({
        method: 'POST',
        url: '/api/v1/testing/samples/walk-in',
        headers: { cookie: elsewhere.cookie },
        payload: { roundId: w.roundId, siteCode: w.site, tubeBarcode: uniq('TUBE'), collectedAt: at(1), person: person(newIdNumber(), '越权登记') },
      });
      expect(notHere.statusCode).toBe(403);
      expect(await count('persons', { col: 'name', val: '越权登记' })).toBe(0);

      const known = await newPerson(t, { areaCode: AREAS.buildingB });
      const again = await w.post('/testing/samples/walk-in', {
        roundId: w.roundId,
        siteCode: w.site,
        tubeBarcode: uniq('TUBE'),
        collectedAt: at(2),
        person: person(known.idNumber, '重名登记'),
      });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ registered: false, residentCode: null, handedOff: false, sample: { accepted: 1 } });
      expect(await count('persons', { col: 'name', val: '重名登记' })).toBe(0);
      expect(await count('samples', { col: 'person_id', val: known.id })).toBe(1);
    });
  });
}
