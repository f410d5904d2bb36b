import { stringify } from 'csv-stringify/sync';
import { noContent } from '../../../contract/auth';
import * as c from '../../../contract/testing';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { Scope } from '../access';
import { CoverageService } from './coverage.service';
import { boxView, recheckView } from './flow-view';
import { capacityPlan, suggestPoolSize } from './pooling';
import { RechecksService } from './rechecks.service';
import { exemptionView, labView, missingView, overdueView, planView, repeatView, roundView, siteView, sitePaceView, timingView } from './round-view';
import { RoundsService } from './rounds.service';
import { TransportService } from './transport.service';
import { residentRoutes } from './resident.routes';
import { testingFlowRoutes } from './testing-flow.routes';
import { roundUndoRoutes } from './round-undo.routes';

const roundParams = c.idParams;
const cursorOf = (s?: string) => (s ? (JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as { k: string; id: string }) : null);

export const testingRoutes: ModuleRoutes = async (app, opts) => {
  const { ctx } = opts;
  const rounds = new RoundsService(ctx);
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
        body: c.roundCreateBody,
        response: { 200: c.roundCreatedSchema },
      },
    },
    async (req) => rounds.createRound(actorOf(req), req.body),
  );
  app.get(
    '/testing/rounds',
    {
      config: read,
      schema: {
        tags,
        summary: 'Rounds that concern your scope, newest first (keyset)',
        querystring: c.roundListQuery,
        response: { 200: c.roundPageSchema },
      },
    },
    async (req) => {
      const page = await rounds.listRounds(actorOf(req), req.query);
      return { items: page.items.map(roundView), nextCursor: page.nextCursor };
    },
  );
  app.get('/testing/rounds/:id', { config: read, schema: { tags, summary: 'One round', params: roundParams, response: { 200: c.roundSchema } } }, async (req) =>
    roundView(await rounds.getRound(actorOf(req), req.params.id)),
  );
  app.post(
    '/testing/rounds/:id/close',
    { config: { access: 'testing:manage' }, schema: { tags, summary: 'Close a round', params: roundParams, response: { 204: noContent } } },
    async (req, reply) => {
      await rounds.closeRound(actorOf(req), req.params.id);
      return reply.status(204).send(null);
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
        body: c.exemptionBody,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await rounds.exempt(actorOf(req), req.params.id, req.body.personId, req.body.reason, req.body.note);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/testing/rounds/:id/exemptions',
    {
      config: read,
      schema: {
        tags,
        summary: "The round's 免采 records of your residents, newest first (masked)",
        params: roundParams,
        response: { 200: c.exemptionListSchema },
      },
    },
    async (req) => ({ items: (await coverage.exemptions(actorOf(req), req.params.id)).map(exemptionView) }),
  );
  app.get(
    '/testing/rounds/:id/coverage',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Coverage in people (target/sampled/resulted/positive/missing, re-checks open, outside target, outside grid) with tubes and positive pools, for an area and its children',
        params: roundParams,
        querystring: c.coverageQuery,
        response: { 200: c.coverageSchema },
      },
    },
    async (req) => coverage.coverage(actorOf(req), req.params.id, req.query.area),
  );
  app.get(
    '/testing/rounds/:id/coverage.geojson',
    {
      config: read,
      schema: {
        tags,
        summary: 'Grids under an area with coverage ratio, for the map',
        params: roundParams,
        querystring: c.areaQuery,
        response: { 200: c.coverageCollectionSchema },
      },
    },
    async (req) => coverage.coverageMap(actorOf(req), req.params.id, req.query.area),
  );
  app.get(
    '/testing/rounds/:id/missing',
    {
      config: read,
      schema: {
        tags,
        summary: 'Named list of people not yet sampled (masked, keyset)',
        params: roundParams,
        querystring: c.missingQuery,
        response: { 200: c.missingPageSchema },
      },
    },
    async (req) => {
      const page = await coverage.missing(actorOf(req), req.params.id, req.query.area, cursorOf(req.query.cursor), req.query.limit);
      return { items: page.items.map(missingView), nextCursor: page.nextCursor };
    },
  );
  app.get(
    '/testing/rounds/:id/missing.csv',
    {
      config: read,
      schema: { tags, summary: 'Missing list as CSV (masked); lang=zh gives Chinese column headers', params: roundParams, querystring: c.missingCsvQuery },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const lines: string[] = [stringify([[...(req.query.lang === 'zh' ? c.missingCsvColumnsZh : c.missingCsvColumns)]])];
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
    { config: read, schema: { tags, summary: 'People sampled more than once in the round', params: roundParams, response: { 200: c.repeatListSchema } } },
    async (req) => ({ items: (await coverage.repeats(actorOf(req), req.params.id)).map(repeatView) }),
  );
  app.get(
    '/testing/rounds/:id/rechecks',
    {
      config: read,
      schema: {
        tags,
        summary: '单管复核 list with status, owner and deadlines',
        params: roundParams,
        querystring: c.rechecksQuery,
        response: { 200: c.recheckListSchema },
      },
    },
    async (req) => ({ items: (await rechecks.list(actorOf(req), req.params.id, { overdueOnly: req.query.overdue === 'true' })).map(recheckView) }),
  );
  app.get(
    '/testing/rounds/:id/timing',
    {
      config: read,
      schema: {
        tags,
        summary: 'Chain timing: median and p95 minutes per step and per lab, slowest tubes',
        params: roundParams,
        response: { 200: c.timingSchema },
      },
    },
    async (req) => timingView(await coverage.chainTiming(actorOf(req), req.params.id)),
  );
  app.get(
    '/testing/rounds/:id/sites',
    { config: read, schema: { tags, summary: 'Sites with live rate and expected finish', params: roundParams, response: { 200: c.sitePaceListSchema } } },
    async (req) => ({ items: (await coverage.sites(actorOf(req), req.params.id)).map(sitePaceView) }),
  );
  app.get(
    '/testing/rounds/:id/boxes',
    {
      config: read,
      schema: {
        tags,
        summary: "Transport boxes of the round: your sites' boxes, or those sent to your lab",
        params: roundParams,
        response: { 200: c.boxListSchema },
      },
    },
    async (req) => ({ items: (await transport.listBoxes(actorOf(req), req.params.id)).map(boxView) }),
  );
  app.get(
    '/testing/rounds/:id/plan',
    {
      config: read,
      schema: {
        tags,
        summary: 'Capacity plan: finish hour and bottleneck',
        params: roundParams,
        querystring: c.planQuery,
        response: { 200: c.capacityPlanSchema },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const round = await rounds.getRound(actor, req.params.id);
      const cov = await coverage.coverage(actor, req.params.id);
      const sites = await rounds.listSites(actor);
      const labs = await rounds.listLabs(actor);
      const plan = capacityPlan({
        people: cov.missing,
        sites: sites.map((s) => ({ teams: s.teams, ratePerTeamHour: s.rate_per_team_hour })),
        labsDailyCapacity: labs.reduce((s, l) => s + l.daily_capacity, 0),
        poolSize: round.pool_size,
        prevalence: req.query.prevalence,
        hoursPerDay: req.query.hoursPerDay,
      });
      return planView({ round: round.id, poolSize: round.pool_size, remaining: cov.missing }, plan, suggestPoolSize(req.query.prevalence ?? 0.001));
    },
  );
  app.get(
    '/testing/pool-size',
    {
      config: read,
      schema: {
        tags,
        summary: 'Dorfman pool-size suggestion for a prevalence',
        querystring: c.poolSizeQuery,
        response: { 200: c.poolSuggestionSchema },
      },
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
        body: c.siteCreateBody,
        response: { 200: c.createdSchema },
      },
    },
    async (req) => rounds.createSite(actorOf(req), req.body),
  );
  app.get(
    '/testing/sites',
    { config: read, schema: { tags, summary: 'Sampling sites in your scope', response: { 200: c.samplingSiteListSchema } } },
    async (req) => ({ items: (await rounds.listSites(actorOf(req))).map(siteView) }),
  );
  app.post(
    '/testing/labs',
    {
      config: { access: 'testing:manage' },
      schema: {
        tags,
        summary: 'Create a lab with its daily capacity (tubes/day)',
        body: c.labCreateBody,
        response: { 200: c.createdSchema },
      },
    },
    async (req) => rounds.createLab(actorOf(req), req.body),
  );
  app.get(
    '/testing/postings',
    { config: read, schema: { tags, summary: 'The sampling sites and labs you are posted to', response: { 200: c.postingsSchema } } },
    async (req) => {
      const scope = Scope.of(actorOf(req));
      return { samplingSites: [...scope.siteCodes('sampling_site')], labs: [...scope.siteCodes('lab')] };
    },
  );
  app.get(
    '/testing/labs',
    { config: read, schema: { tags, summary: 'Labs serving your areas, and your own lab', response: { 200: c.labListSchema } } },
    async (req) => ({ items: (await rounds.listLabs(actorOf(req))).map(labView) }),
  );

  app.get(
    '/testing/overdue',
    {
      config: read,
      schema: {
        tags,
        summary: 'High-risk job holders overdue for testing (frequency rules per tag)',
        querystring: c.overdueQuery,
        response: { 200: c.overdueListSchema },
      },
    },
    async (req) => ({ items: (await coverage.overdue(actorOf(req), req.query.area, req.query.tag)).map(overdueView) }),
  );
  app.get(
    '/testing/frequency-rules',
    { config: read, schema: { tags, summary: 'Testing interval per tag', response: { 200: c.frequencyRuleListSchema } } },
    async () => ({
      items: (await ctx.db.selectFrom('testing_frequency_rules').selectAll().orderBy('interval_days').execute()).map((r) => ({
        tag: r.tag,
        intervalDays: r.interval_days,
      })),
    }),
  );
  app.put(
    '/testing/frequency-rules/:tag',
    {
      config: { access: 'testing:manage' },
      schema: {
        tags,
        summary: 'Set (or, with null, remove) the testing interval for a tag — a city-wide rule: city-scoped roles only',
        params: c.tagParams,
        body: c.frequencyRuleBody,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await rounds.setFrequencyRule(actorOf(req), req.params.tag, req.body.intervalDays);
      return reply.status(204).send(null);
    },
  );

  await testingFlowRoutes(app, opts);
  await roundUndoRoutes(app, opts);
  await app.register(residentRoutes, opts);
};
