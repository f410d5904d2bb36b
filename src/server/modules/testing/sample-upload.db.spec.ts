import { Readable } from 'node:stream';
import { setTimeout as pause } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { AREAS, newIdNumber, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { importPeople } from '../people/people-import';
import { RoundsService } from './rounds.service';

/**
 * Issue 11, finding 4: an upload of samples or results is parsed on a worker thread and written
 * in batches with a turn of the event loop between them. These tests hold the behaviour (row
 * numbers across batches, errors from the worker, other requests answered during the upload);
 * the latency figures are measured by `npm run bench -- load`.
 */
const upload = (app: FastifyInstance, cookie: string, url: string, file: Buffer) => {
  const boundary = '----egsamples';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="samples.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({ method: 'POST', url, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
};

for (const dialect of testDialects()) {
  describe(`[${dialect}] sample uploads off the main thread`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let cookie: string;
    let n = 0;
    const uniq = (p: string) => `${p}${++n}${dialect === 'sqlite' ? 'S' : 'P'}`;

    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      app = await t.app();
      cookie = (await t.loginAs('admin')).cookie;
    });
    afterAll(() => t.close());

    /** `count` new people of street A, a round over them and a site; returns their ID numbers. */
    async function world(count: number) {
      const ids = Array.from({ length: count }, () => newIdNumber());
      const csv = ['id_number,name,area_code', ...ids.map((id, i) => `${id},上传${i},${AREAS.buildingA}`)].join('\n');
      const imported = await importPeople(t.ctx, t.admin, Readable.from([Buffer.from(csv)]));
      expect(imported.accepted).toBe(count);
      const rounds = new RoundsService(t.ctx);
      const roundId = (await rounds.createRound(t.admin, { areas: [AREAS.streetA], poolSize: 10, startsAt: '2026-05-06T00:00:00Z' })).id;
      const site = uniq('UPSITE');
      await rounds.createSite(t.admin, { code: site, area: AREAS.streetA });
      return { ids, roundId, site };
    }

    it('a 2,500-row upload is written batch by batch: every good row kept, bad rows named by their line, other requests answered meanwhile', async () => {
      const w = await world(2_500);
      const tube = (i: number) => `${uniq('T')}-${Math.floor(i / 10)}`;
      const tubes = Array.from({ length: 250 }, (_, k) => tube(k * 10));
      const at = (i: number) => new Date(t.clock.now().getTime() - (3_000 - i) * 1_000).toISOString();
      const lines = w.ids.map((id, i) => `${w.roundId},${tubes[Math.floor(i / 10)]},${id},${w.site},${at(i)},`);
      lines.splice(1, 0, `${w.roundId},BAD-1,${w.ids[0]},${w.site},2026-13-45T99:00:00Z,`); // line 3: bad time
      lines.splice(2400, 0, `${w.roundId},BAD-2,123,${w.site},${at(0)},`); // line 2,402: bad ID number, third batch
      const file = Buffer.from(['round_id,tube_barcode,id_number,site_code,collected_at,collector', ...lines].join('\n'));

      let finished = false;
      const pending = upload(app, cookie, '/api/v1/testing/samples/import', file).finally(() => (finished = true));
      let answeredDuring = 0;
      // A monitor polling health every 10 ms while the upload runs (bounded: 20,000 polls).
      for (let polls = 0; !finished && polls < 20_000; polls++) {
        await pause(10);
        const health = await app.inject('/healthz');
        expect(health.statusCode).toBe(200);
        if (!finished) answeredDuring++;
      }
      const res = await pending;
      expect(res.statusCode).toBe(200);
      const body = res.json<{ accepted: number; rejected: Array<{ row: number }> }>();
      expect(body.accepted).toBe(2_500);
      expect(body.rejected.map((r) => r.row).sort((a, b) => a - b)).toEqual([3, 2_402]);
      expect(answeredDuring).toBeGreaterThan(0);
      const stored = await t.ctx.db
        .selectFrom('samples')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('round_id', '=', w.roundId)
        .executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(2_500);
    });

    it('a file the worker cannot read answers 4xx with the reason, never 5xx, and writes nothing', async () => {
      const w = await world(3);
      const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
      const bad = await upload(app, cookie, '/api/v1/testing/samples/import', junk);
      expect(bad.statusCode).toBeGreaterThanOrEqual(400);
      expect(bad.statusCode).toBeLessThan(500);
      const header = await upload(app, cookie, '/api/v1/testing/results/import', Buffer.from('tube,outcome\nX,positive\n'));
      expect(header.statusCode).toBe(422);
      expect(header.json().error.message).toMatch(/tube_barcode|column/);
      const stored = await t.ctx.db
        .selectFrom('samples')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('round_id', '=', w.roundId)
        .executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(0);
    });
  });
}
