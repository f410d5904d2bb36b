import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { DomainError } from '../../errors';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { CoverageService } from './coverage.service';
import { capacityPlan, suggestPoolSize } from './pooling';
import { RechecksService } from './rechecks.service';
import { ResultsService } from './results.service';
import { RoundsService } from './rounds.service';
import { SamplingService } from './sampling.service';
import { importResults, importSamples } from './testing-files';
import { TransportService } from './transport.service';
import { residentRoutes } from './resident.routes';

const code = z.string().regex(/^\d{2,18}$/, 'must be an area code');
const roundParams = z.object({ id: z.string() });
const cursorOf = (s?: string) => (s ? (JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as { k: string; id: string }) : null);

export const testingRoutes: ModuleRoutes = async (app, opts) => {
  const { ctx } = opts;
  const rounds = new RoundsService(ctx);
  const sampling = new SamplingService(ctx);
  const results = new ResultsService(ctx);
  const rechecks = new RechecksService(ctx);
  const transport = new TransportService(ctx);
  const coverage = new CoverageService(ctx);
  const read = { access: 'testing:read' } as const;
  const tags = ['testing'];

  app.post(
    '/testing/rounds',
    {
      config: { access: 'testing:manage' },
      schema: {
        tags,
        summary: 'Create a testing round (筛查轮次) over areas',
        body: z.object({
          areas: z.array(code).min(1),
          name: z.string().max(100).optional(),
          purpose: z.enum(['area_wide', 'key_groups', 'routine']).optional(),
          poolSize: z.number().int().optional(),
          startsAt: z.string().optional(),
          deadline: z.string().optional(),
          locateMinutes: z.number().int().positive().optional(),
          resultMinutes: z.number().int().positive().optional(),
        }),
      },
    },
    async (req) => rounds.createRound(actorOf(req), req.body),
  );
  app.get('/testing/rounds', { config: read, schema: { tags, summary: 'Rounds visible in your scope' } }, async (req) => ({
    items: await rounds.listRounds(actorOf(req)),
  }));
  app.get('/testing/rounds/:id', { config: read, schema: { tags, summary: 'One round', params: roundParams } }, async (req) =>
    rounds.getRound(actorOf(req), req.params.id),
  );
  app.post(
    '/testing/rounds/:id/close',
    { config: { access: 'testing:manage' }, schema: { tags, summary: 'Close a round', params: roundParams } },
    async (req, reply) => {
      await rounds.closeRound(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/testing/rounds/:id/exemptions',
    {
      config: { access: 'testing:manage' },
      schema: {
        tags,
        summary: 'Exempt a person from the round (bedridden/away/infant/other), with reason',
        params: roundParams,
        body: z.object({ personId: z.string(), reason: z.enum(['bedridden', 'away', 'infant', 'other']), note: z.string().max(200).optional() }),
      },
    },
    async (req, reply) => {
      await rounds.exempt(actorOf(req), req.params.id, req.body.personId, req.body.reason, req.body.note);
      return reply.status(204).send();
    },
  );
  app.get(
    '/testing/rounds/:id/coverage',
    {
      config: read,
      schema: {
        tags,
        summary: 'Coverage (target/sampled/resulted/positive/missing) for an area and its children',
        params: roundParams,
        querystring: z.object({ area: code.optional() }),
      },
    },
    async (req) => coverage.coverage(actorOf(req), req.params.id, req.query.area),
  );
  app.get(
    '/testing/rounds/:id/coverage.geojson',
    {
      config: read,
      schema: { tags, summary: 'Grids under an area with coverage ratio, for the map', params: roundParams, querystring: z.object({ area: code }) },
    },
    async (req) => {
      const actor = actorOf(req);
      const { AreasService } = await import('../areas/areas.service');
      const geo = await new AreasService(ctx).gridGeoJson(actor, req.query.area);
      const counters = await ctx.db
        .selectFrom('coverage_counters')
        .selectAll()
        .where('round_id', '=', req.params.id)
        .where('grid_key', '>=', req.query.area)
        .where('grid_key', '<', `${req.query.area}~`)
        .execute();
      const byGrid = new Map(counters.map((c) => [c.grid_key, c]));
      for (const f of geo.features) {
        const c = byGrid.get(String(f.properties.code));
        Object.assign(f.properties, { target: c?.target ?? 0, sampled: c?.sampled ?? 0, coverage: c && c.target > 0 ? Math.min(1, c.sampled / c.target) : 0 });
      }
      return geo;
    },
  );
  app.get(
    '/testing/rounds/:id/missing',
    {
      config: read,
      schema: {
        tags,
        summary: 'Named list of people not yet sampled (masked, keyset)',
        params: roundParams,
        querystring: z.object({ area: code, cursor: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      },
    },
    async (req) => coverage.missing(actorOf(req), req.params.id, req.query.area, cursorOf(req.query.cursor), req.query.limit),
  );
  app.get(
    '/testing/rounds/:id/missing.csv',
    { config: read, schema: { tags, summary: 'Missing list as CSV (masked)', params: roundParams, querystring: z.object({ area: code }) } },
    async (req, reply) => {
      const actor = actorOf(req);
      const lines: string[] = [stringify([['name', 'id_number_masked', 'phone_masked', 'area_code', 'address']])];
      let cursor: { k: string; id: string } | null = null;
      do {
        const page = await coverage.missing(actor, req.params.id, req.query.area, cursor, 1000);
        lines.push(stringify(page.items.map((p) => [p.name, p.id_number_masked, p.phone_masked ?? '', p.area_code, p.address ?? ''])));
        cursor = cursorOf(page.nextCursor ?? undefined);
      } while (cursor);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="missing.csv"')
        .send(`\ufeff${lines.join('')}`);
    },
  );
  app.get(
    '/testing/rounds/:id/repeats',
    { config: read, schema: { tags, summary: 'People sampled more than once in the round', params: roundParams } },
    async (req) => ({ items: await coverage.repeats(actorOf(req), req.params.id) }),
  );
  app.get(
    '/testing/rounds/:id/rechecks',
    {
      config: read,
      schema: {
        tags,
        summary: '单管复核 list with status, owner and deadlines',
        params: roundParams,
        querystring: z.object({ overdue: z.enum(['true', 'false']).optional() }),
      },
    },
    async (req) => ({ items: await rechecks.list(actorOf(req), req.params.id, { overdueOnly: req.query.overdue === 'true' }) }),
  );
  app.get(
    '/testing/rounds/:id/timing',
    { config: read, schema: { tags, summary: 'Chain timing: median and p95 minutes per step and per lab, slowest tubes', params: roundParams } },
    async (req) => coverage.chainTiming(req.params.id),
  );
  app.get(
    '/testing/rounds/:id/sites',
    { config: read, schema: { tags, summary: 'Sites with live rate and expected finish', params: roundParams } },
    async (req) => ({ items: await coverage.sites(actorOf(req), req.params.id) }),
  );
  app.get('/testing/rounds/:id/boxes', { config: read, schema: { tags, summary: 'Transport boxes of the round', params: roundParams } }, async (req) => ({
    items: await transport.listBoxes(req.params.id),
  }));
  app.get(
    '/testing/rounds/:id/plan',
    {
      config: read,
      schema: {
        tags,
        summary: 'Capacity plan: finish hour and bottleneck',
        params: roundParams,
        querystring: z.object({ prevalence: z.coerce.number().min(0).max(1).optional(), hoursPerDay: z.coerce.number().min(1).max(24).optional() }),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const round = await rounds.getRound(actor, req.params.id);
      const cov = await coverage.coverage(actor, req.params.id);
      const sites = await rounds.listSites(actor);
      const labs = await rounds.listLabs();
      return {
        round: round.id,
        poolSize: round.pool_size,
        remaining: cov.missing,
        ...capacityPlan({
          people: cov.missing,
          sites: sites.map((s) => ({ teams: s.teams, ratePerTeamHour: s.rate_per_team_hour })),
          labsDailyCapacity: labs.reduce((s, l) => s + l.daily_capacity, 0),
          poolSize: round.pool_size,
          prevalence: req.query.prevalence,
          hoursPerDay: req.query.hoursPerDay,
        }),
        suggestion: suggestPoolSize(req.query.prevalence ?? 0.001),
      };
    },
  );
  app.get(
    '/testing/pool-size',
    {
      config: read,
      schema: { tags, summary: 'Dorfman pool-size suggestion for a prevalence', querystring: z.object({ prevalence: z.coerce.number().min(0).max(1) }) },
    },
    async (req) => suggestPoolSize(req.query.prevalence),
  );

  app.post(
    '/testing/sites',
    {
      config: { access: 'testing:manage' },
      schema: {
        tags,
        summary: 'Create a sampling site (采样点)',
        body: z.object({
          code: z.string(),
          name: z.string().optional(),
          area: code,
          teams: z.number().int().optional(),
          rate: z.number().int().optional(),
          opens: z.string().optional(),
          closes: z.string().optional(),
        }),
      },
    },
    async (req) => rounds.createSite(actorOf(req), req.body),
  );
  app.get('/testing/sites', { config: read, schema: { tags, summary: 'Sampling sites in your scope' } }, async (req) => ({
    items: await rounds.listSites(actorOf(req)),
  }));
  app.post(
    '/testing/labs',
    {
      config: { access: 'testing:manage' },
      schema: {
        tags,
        summary: 'Create a lab with its daily capacity (tubes/day)',
        body: z.object({ code: z.string(), name: z.string().optional(), area: code, dailyCapacity: z.number().int().positive() }),
      },
    },
    async (req) => rounds.createLab(actorOf(req), req.body),
  );
  app.get('/testing/labs', { config: read, schema: { tags, summary: 'Labs' } }, async () => ({ items: await rounds.listLabs() }));

  const sampleSchema = z.object({
    roundId: z.string(),
    tubeBarcode: z.string(),
    idNumber: z.string(),
    siteCode: z.string(),
    collectedAt: z.string(),
    collector: z.string().optional(),
  });
  app.post(
    '/testing/samples',
    {
      config: { access: 'testing:sample' },
      schema: {
        tags,
        summary: 'Batch of samples from a device or the scan page; idempotent on retry (same tube + person)',
        body: z.object({ samples: z.array(sampleSchema).min(1).max(20_000) }),
      },
    },
    async (req) => sampling.recordSamples(actorOf(req), req.body.samples),
  );
  app.post(
    '/testing/samples/import',
    {
      config: { access: 'testing:sample' },
      schema: { tags, summary: 'Upload samples CSV (round_id,tube_barcode,id_number,site_code,collected_at,collector)' },
    },
    async (req) => {
      const file = await req.file();
      if (!file) throw new DomainError('VALIDATION_FAILED', 'Send the file as multipart field "file"', { fields: { file: 'is required' } });
      return importSamples(ctx, actorOf(req), file.file);
    },
  );
  app.post(
    '/testing/tubes/:barcode/seal',
    { config: { access: 'testing:sample' }, schema: { tags, summary: 'Close a tube before it is full', params: z.object({ barcode: z.string() }) } },
    async (req) => sampling.sealTube(actorOf(req), req.params.barcode),
  );

  app.post(
    '/testing/boxes',
    {
      config: { access: 'testing:transport' },
      schema: {
        tags,
        summary: 'Seal tubes into a transport box',
        body: z.object({ code: z.string().optional(), roundId: z.string(), siteCode: z.string(), tubeBarcodes: z.array(z.string()).min(1) }),
      },
    },
    async (req) => {
      const code = req.body.code ?? transport.newBoxCode();
      return { code, ...(await transport.sealBox(actorOf(req), { ...req.body, code })) };
    },
  );
  app.post(
    '/testing/boxes/:code/handover',
    { config: { access: 'testing:transport' }, schema: { tags, summary: 'Hand the box to transport', params: z.object({ code: z.string() }) } },
    async (req, reply) => {
      await transport.handOver(actorOf(req), req.params.code);
      return reply.status(204).send();
    },
  );
  app.post(
    '/testing/boxes/:code/receive',
    {
      config: { access: 'testing:result' },
      schema: {
        tags,
        summary: 'Lab receipt: checks the tube count and flags differences',
        params: z.object({ code: z.string() }),
        body: z.object({ labCode: z.string(), tubeBarcodes: z.array(z.string()).optional(), count: z.number().int().min(0).optional() }),
      },
    },
    async (req) => transport.receive(actorOf(req), req.params.code, req.body),
  );

  const resultSchema = z.object({
    tubeBarcode: z.string(),
    result: z.string(),
    ctN: z.number().nullable().optional(),
    ctOrf1ab: z.number().nullable().optional(),
    testedAt: z.string(),
    labCode: z.string(),
  });
  app.post(
    '/testing/results',
    {
      config: { access: 'testing:result' },
      schema: {
        tags,
        summary: 'Lab results per tube; positive/suspected pools start 单管复核',
        body: z.object({ results: z.array(resultSchema).min(1).max(20_000) }),
      },
    },
    async (req) => results.recordResults(actorOf(req), req.body.results),
  );
  app.post(
    '/testing/results/import',
    { config: { access: 'testing:result' }, schema: { tags, summary: 'Upload results CSV (tube_barcode,result,ct_n,ct_orf1ab,tested_at,lab_code)' } },
    async (req) => {
      const file = await req.file();
      if (!file) throw new DomainError('VALIDATION_FAILED', 'Send the file as multipart field "file"', { fields: { file: 'is required' } });
      return importResults(ctx, actorOf(req), file.file);
    },
  );

  app.post(
    '/testing/rechecks/:id/locate',
    {
      config: { access: 'testing:recheck' },
      schema: { tags, summary: 'The person was found (落地)', params: z.object({ id: z.string() }), body: z.object({ note: z.string().max(200).optional() }) },
    },
    async (req, reply) => {
      await rechecks.locate(actorOf(req), req.params.id, req.body.note);
      return reply.status(204).send();
    },
  );
  app.post(
    '/testing/rechecks/:id/resample',
    {
      config: { access: 'testing:recheck' },
      schema: {
        tags,
        summary: 'Single-tube re-sample taken',
        params: z.object({ id: z.string() }),
        body: z.object({ tubeBarcode: z.string(), siteCode: z.string() }),
      },
    },
    async (req, reply) => {
      await rechecks.resample(actorOf(req), req.params.id, req.body.tubeBarcode, req.body.siteCode);
      return reply.status(204).send();
    },
  );
  app.get(
    '/testing/overdue',
    {
      config: read,
      schema: {
        tags,
        summary: 'High-risk job holders overdue for testing (frequency rules per tag)',
        querystring: z.object({ area: code, tag: z.string().optional() }),
      },
    },
    async (req) => ({ items: await coverage.overdue(actorOf(req), req.query.area, req.query.tag) }),
  );
  app.get('/testing/frequency-rules', { config: read, schema: { tags, summary: 'Testing interval per tag' } }, async () => ({
    items: await ctx.db.selectFrom('testing_frequency_rules').selectAll().orderBy('interval_days').execute(),
  }));

  await app.register(residentRoutes, opts);
};
