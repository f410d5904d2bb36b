import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { AreasService } from '../areas/areas.service';
import { CoverageService } from './coverage.service';
import { RechecksService } from './rechecks.service';
import { ResultsService } from './results.service';
import { RoundsService } from './rounds.service';
import { SamplingService, type SampleInput } from './sampling.service';
import { TransportService } from './transport.service';

for (const dialect of testDialects()) {
  describe(`[${dialect}] mass testing 采送检报`, () => {
    let t: TestContext;
    let roundId: string;
    const a: Array<{ id: string; idNumber: string }> = [];
    const b: Array<{ id: string; idNumber: string }> = [];
    const at = (min: number) => new Date(Date.parse('2026-05-06T01:00:00.000Z') + min * 60_000).toISOString();
    const sample = (p: { idNumber: string }, tube: string, min = 0): SampleInput => ({
      roundId,
      tubeBarcode: tube,
      idNumber: p.idNumber,
      siteCode: 'S01',
      collectedAt: at(min),
      collector: '采样员1',
    });

    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      for (let i = 0; i < 25; i++) a.push(await newPerson(t, { areaCode: AREAS.buildingA, tags: i < 3 ? ['cold_chain'] : [] }));
      for (let i = 0; i < 5; i++) b.push(await newPerson(t, { areaCode: AREAS.buildingB }));
      await new AreasService(t.ctx).addResponsible(t.admin, AREAS.gridA, { duty: 'grid_worker', name: '王网格' });
      const rounds = new RoundsService(t.ctx);
      roundId = (await rounds.createRound(t.admin, { areas: [AREAS.district], poolSize: 10, startsAt: '2026-05-06T00:00:00Z' })).id;
      await rounds.createSite(t.admin, { code: 'S01', area: AREAS.streetA, teams: 2 });
      await rounds.createLab(t.admin, { code: 'LAB1', area: AREAS.district, dailyCapacity: 50_000 });
    });
    afterAll(() => t.close());

    it('round target is the registered population of its grids', async () => {
      const c = await new CoverageService(t.ctx).coverage(t.admin, roundId);
      expect(c).toMatchObject({ target: 30, sampled: 0, missing: 30 });
    });

    it('fills tubes to the pool size, never beyond, and is idempotent on retry', async () => {
      const svc = new SamplingService(t.ctx);
      const batch = a.slice(0, 11).map((p, i) => sample(p, 'T001', i));
      const r = await svc.recordSamples(t.admin, batch);
      expect(r.accepted).toBe(10);
      expect(r.tubesSealed).toEqual(['T001']);
      expect(r.rejected).toEqual([
        { row: 11, column: 'tube_barcode', reason: 'tube T001 is sealed (pool of 10)', reasonCode: 'tube_full', reasonFigures: { barcode: 'T001', pool: 10 } },
      ]);
      const again = await svc.recordSamples(t.admin, batch.slice(0, 10));
      expect(again).toMatchObject({ accepted: 0, duplicates: 10, rejected: [] });
    });

    it('rejects unknown people, sites, rounds and future times with the field and reason', async () => {
      const r = await new SamplingService(t.ctx).recordSamples(t.admin, [
        { ...sample(a[11]!, 'T002'), idNumber: '110105194912310029' },
        { ...sample(a[11]!, 'T002'), siteCode: 'NOPE' },
        { ...sample(a[11]!, 'T002'), roundId: 'no-round' },
        { ...sample(a[11]!, 'T002'), collectedAt: '2030-01-01T00:00:00Z' },
      ]);
      expect(r.accepted).toBe(0);
      expect(r.rejected.map((x) => x.column)).toEqual(['id_number', 'site_code', 'round_id', 'collected_at']);
    });

    it('a person sampled twice is shown, not counted twice', async () => {
      const svc = new SamplingService(t.ctx);
      const r = await svc.recordSamples(t.admin, [
        ...a.slice(10, 20).map((p, i) => sample(p, 'T002', 20 + i)),
        sample(a[0]!, 'T003', 40),
        ...b.map((p, i) => sample(p, 'T003', 41 + i)),
      ]);
      expect(r).toMatchObject({ accepted: 16, sampledTwice: 1 });
      const cov = new CoverageService(t.ctx);
      const c = await cov.coverage(t.admin, roundId, AREAS.district);
      expect(c).toMatchObject({ target: 30, sampled: 25, missing: 5 });
      expect(c.areas.map((x) => [x.code, x.sampled, x.target])).toEqual([
        [AREAS.streetB, 5, 5],
        [AREAS.streetA, 20, 25],
      ]);
      expect((await cov.repeats(t.admin, roundId)).map((x) => x.id)).toEqual([a[0]!.id]);
      const missing = await cov.missing(t.admin, roundId, AREAS.district, null, 100);
      expect(missing.items.map((m) => m.id).sort()).toEqual(
        a
          .slice(20)
          .map((p) => p.id)
          .sort(),
      );
      expect(missing.items[0]?.id_number_masked).toMatch(/\*{10}/);
    });

    it('exemptions lower the target with a reason', async () => {
      await new RoundsService(t.ctx).exempt(t.admin, roundId, a[24]!.id, 'bedridden', '卧床，上门采样');
      const c = await new CoverageService(t.ctx).coverage(t.admin, roundId, AREAS.district);
      expect(c).toMatchObject({ target: 29, missing: 4 });
      // The round's 免采 list names them masked, with the reason, note and who recorded it.
      const list = await new CoverageService(t.ctx).exemptions(t.admin, roundId);
      expect(list.map((x) => [x.id, x.reason, x.note, x.recorded_by])).toEqual([[a[24]!.id, 'bedridden', '卧床，上门采样', t.admin.name]]);
      expect(list[0]?.doc_masked).toMatch(/\*{10}/);
    });

    it('boxes: lab receipt flags a missing tube', async () => {
      const tr = new TransportService(t.ctx);
      await tr.sealBox(t.admin, { code: 'BOX1', roundId, siteCode: 'S01', tubeBarcodes: ['T001', 'T002', 'T003'] });
      await tr.handOver(t.admin, 'BOX1', 'LAB1');
      const r = await tr.receive(t.admin, 'BOX1', { labCode: 'LAB1', tubeBarcodes: ['T001', 'T002'] });
      expect(r).toMatchObject({ expected: 3, received: 2, missing: ['T003'], flagged: true });
    });

    it('a positive pool puts every member under temporary control with a re-check owned by the grid worker', async () => {
      const res = new ResultsService(t.ctx);
      t.clock.set('2026-05-06T06:00:00.000Z');
      const r = await res.recordResults(t.admin, [
        { tubeBarcode: 'T001', result: 'positive', ctN: 28.5, ctOrf1ab: 30.1, testedAt: at(240), labCode: 'LAB1' },
        { tubeBarcode: 'T002', result: 'negative', testedAt: at(241), labCode: 'LAB1' },
        { tubeBarcode: 'NOPE', result: 'negative', testedAt: at(241), labCode: 'LAB1' },
        { tubeBarcode: 'T003', result: 'maybe', testedAt: at(241), labCode: 'LAB1' },
      ]);
      expect(r).toMatchObject({ accepted: 2, positivePools: ['T001'], rechecksCreated: 10 });
      expect(r.rejected.map((x) => x.column)).toEqual(['tube_barcode', 'result']);
      const list = await new RechecksService(t.ctx).list(t.admin, roundId);
      expect(list).toHaveLength(10);
      expect(list.every((x) => x.status === 'to_locate' && x.owner === '王网格' && x.control_status === 'temporary_control')).toBe(true);
      expect(list[0]?.locate_deadline).toBe('2026-05-06T08:00:00.000Z');
      const c = await new CoverageService(t.ctx).coverage(t.admin, roundId, AREAS.district);
      // People, not tubes: T002's ten are final negatives; T001's ten await their re-check (none positive yet).
      expect(c).toMatchObject({ sampled: 25, resulted: 10, positive: 0, rechecksOpen: 10, tubes: 3, poolsPositive: 1 });
    });

    it('keeps a conflicting second result and flags it instead of overwriting', async () => {
      const r = await new ResultsService(t.ctx).recordResults(t.admin, [{ tubeBarcode: 'T002', result: 'positive', testedAt: at(250), labCode: 'LAB1' }]);
      expect(r.conflicts).toEqual([{ row: 1, tube: 'T002', kept: 'negative', received: 'positive' }]);
      const tube = await t.ctx.db.selectFrom('tubes').selectAll().where('barcode', '=', 'T002').executeTakeFirstOrThrow();
      expect(tube).toMatchObject({ result: 'negative', result_conflict: 1 });
      expect(await t.ctx.db.selectFrom('tube_results').select('result').where('tube_id', '=', tube.id).execute()).toHaveLength(2);
    });

    it('re-checks to closure: negatives release control, a positive single tube is a case candidate', async () => {
      const rc = new RechecksService(t.ctx);
      const list = await rc.list(t.admin, roundId);
      for (const [i, x] of list.entries()) {
        await rc.locate(t.admin, x.id);
        await rc.resample(t.admin, x.id, `R${String(i).padStart(3, '0')}`, 'S01');
      }
      t.clock.advance(60 * 60_000);
      await new ResultsService(t.ctx).recordResults(
        t.admin,
        list.map((x, i) => ({
          tubeBarcode: `R${String(i).padStart(3, '0')}`,
          result: i === 3 ? 'positive' : 'negative',
          testedAt: t.clock.nowIso(),
          labCode: 'LAB1',
        })),
      );
      const after = await rc.list(t.admin, roundId);
      expect(after.filter((x) => x.status === 'negative')).toHaveLength(9);
      const pos = after.find((x) => x.status === 'positive');
      expect(pos?.control_status).toBe('case_candidate');
      expect(after.filter((x) => x.status === 'negative').every((x) => x.control_status === 'none')).toBe(true);
      // Ten re-check tubes, one positive: one positive person, not eleven; re-check tubes are not new results or tubes.
      const c = await new CoverageService(t.ctx).coverage(t.admin, roundId, AREAS.district);
      expect(c).toMatchObject({ sampled: 25, resulted: 20, positive: 1, rechecksOpen: 0, tubes: 3, poolsPositive: 1 });
      const timing = await new CoverageService(t.ctx).chainTiming(t.admin, roundId);
      expect(timing.steps.total?.count).toBe(2);
    });

    it('overdue list by frequency rule, and scope hides other streets', async () => {
      // The three cold-chain workers were sampled this morning: not overdue under a 1-day rule…
      expect(await new CoverageService(t.ctx).overdue(t.admin, AREAS.district, 'cold_chain')).toHaveLength(0);
      t.clock.advance(3 * 86_400_000);
      // …three days later they are, by at least a day.
      const later = await new CoverageService(t.ctx).overdue(t.admin, AREAS.district, 'cold_chain');
      expect(later).toHaveLength(3);
      expect(later.every((x) => x.days_overdue >= 1)).toBe(true);
      const streetB = { ...t.admin, scope: [AREAS.streetB] };
      expect(await new RechecksService(t.ctx).list(streetB, roundId)).toHaveLength(0);
      await expect(new CoverageService(t.ctx).missing(streetB, roundId, AREAS.streetA, null, 10)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('residents read their own results with a one-time code', async () => {
      const app = await t.app();
      const person = a[12]!;
      const sent = await app.inject({ method: 'POST', url: '/api/v1/public/results/code', payload: { idNumber: person.idNumber } });
      expect(sent.json()).toEqual({ sent: true });
      const msg = await t.ctx.db.selectFrom('outbox').select('body').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
      const code = /(\d{8})/.exec(msg.body)?.[1] as string;
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/v1/public/results',
        payload: { idNumber: person.idNumber, code: code === '00000000' ? '11111111' : '00000000' },
      });
      expect(wrong.statusCode).toBe(401);
      const ok = await app.inject({ method: 'POST', url: '/api/v1/public/results', payload: { idNumber: person.idNumber, code } });
      expect(ok.json().results[0]).toMatchObject({ result: 'negative' });
      // The public page has no session: the answer names the zone its times are shown in.
      expect(ok.json().timeZone).toBe(t.ctx.config.timeZone);
      const reuse = await app.inject({ method: 'POST', url: '/api/v1/public/results', payload: { idNumber: person.idNumber, code } });
      expect(reuse.statusCode).toBe(401);
    });

    it('HTTP: batch sample API for devices, coverage route, permissions', async () => {
      const app = await t.app();
      const lab = await t.loginAs('lab', [AREAS.district]);
      const denied = await app.inject({
        method: 'POST',
        url: '/api/v1/testing/samples',
        headers: { cookie: lab.cookie },
        payload: { samples: [sample(a[21]!, 'T010')] },
      });
      expect(denied.statusCode).toBe(403);
      const sampler = await t.loginAs('sampler', [AREAS.district]);
      const ok = await app.inject({
        method: 'POST',
        url: '/api/v1/testing/samples',
        headers: { cookie: sampler.cookie },
        payload: { samples: [sample(a[21]!, 'T010', 300)] },
      });
      expect(ok.json()).toMatchObject({ accepted: 1 });
      const cov = await app.inject({ url: `/api/v1/testing/rounds/${roundId}/coverage?area=${AREAS.district}`, headers: { cookie: sampler.cookie } });
      expect(cov.json()).toMatchObject({ sampled: 26 });
    });
  });
}
