import * as api from '../../../contract/tracing';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { arrivalListItemView, arrivalRuleView, arrivalView } from './arrival-view';
import { ArrivalsService } from './arrivals.service';
import { BacktraceService } from './backtrace.service';
import { NoticesService } from './notices.service';
import { importNotices } from './tracing-files';
import { access, fileOf, tags } from './tracing-http';

/** 协查 notices, arrivals and back-tracing: the field side of tracing. */
export const tracingFieldRoutes: ModuleRoutes = async (app, opts) => {
  const { ctx } = opts;
  const notices = new NoticesService(ctx);
  const arrivals = new ArrivalsService(ctx);
  const { read, write, assist } = access;

  // 协查 notices
  app.post(
    '/tracing/notices',
    {
      config: assist,
      schema: {
        tags,
        summary: 'Receive 协查 notices (JSON); matched and assigned, ambiguous ones left for a human',
        body: api.noticeBatchBody,
        response: { 200: api.noticeReceiptSchema },
      },
    },
    async (req) =>
      notices.receive(
        actorOf(req),
        req.body.notices.map((n, i) => ({ ...n, row: i + 1 })),
        req.body.area,
      ),
  );
  app.post(
    '/tracing/notices/import',
    {
      config: assist,
      schema: {
        tags,
        summary: 'Upload 协查 CSV/XLSX: name,id_number,phone,reason,issuer,deadline',
        querystring: api.areaQuery,
        response: { 200: api.noticeReceiptSchema },
      },
    },
    async (req) => importNotices(ctx, actorOf(req), await fileOf(req), req.query.area),
  );
  app.get(
    '/tracing/notices',
    {
      config: read,
      schema: {
        tags,
        summary: '协查 board: by deadline, with overdue flags',
        querystring: api.noticeListQuery,
        response: { 200: api.noticePageSchema },
      },
    },
    async (req) =>
      notices.list(actorOf(req), {
        status: req.query.status,
        overdue: req.query.overdue === 'true',
        area: req.query.area,
        after: req.query.cursor,
        limit: req.query.limit,
      }),
  );
  app.get(
    '/tracing/notices/overdue-by-area',
    {
      config: read,
      schema: { tags, summary: 'Open and overdue notices per child area', querystring: api.areaQuery, response: { 200: api.noticesByAreaSchema } },
    },
    async (req) => ({ items: await notices.overdueByArea(actorOf(req), req.query.area) }),
  );
  app.post(
    '/tracing/notices/:id/match',
    {
      config: assist,
      schema: {
        tags,
        summary: 'Match an ambiguous or unmatched notice to a person',
        params: api.idParams,
        body: api.noticeMatchBody,
        response: { 200: api.noticeSchema },
      },
    },
    async (req) => notices.resolve(actorOf(req), req.params.id, req.body.personId),
  );
  app.post(
    '/tracing/notices/:id/status',
    {
      config: assist,
      schema: {
        tags,
        summary: 'Move a notice: located (落地), controlled, not_found, not_ours (note required for the last two)',
        params: api.idParams,
        body: api.noticeStatusBody,
        response: { 200: api.noticeSchema },
      },
    },
    async (req) => notices.advance(actorOf(req), req.params.id, req.body.status, { note: req.body.note, measure: req.body.measure }),
  );

  // Arrivals (来返人员, 落地检)
  app.get(
    '/tracing/arrival-rules',
    { config: read, schema: { tags, summary: 'Measure and landing-test deadline per origin risk level', response: { 200: api.arrivalRulesSchema } } },
    async () => ({ items: (await arrivals.rules()).map(arrivalRuleView) }),
  );
  app.put(
    '/tracing/arrival-rules/:level',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change the rule for a risk level (a city-wide setting: city-scoped roles only)',
        params: api.levelParams,
        body: api.arrivalRuleBody,
        response: { 200: api.arrivalRulesSchema },
      },
    },
    async (req) => ({ items: (await arrivals.setRule(actorOf(req), req.params.level, req.body.measure, req.body.landingTestHours)).map(arrivalRuleView) }),
  );
  app.post(
    '/tracing/arrivals',
    {
      config: write,
      schema: {
        tags,
        summary: 'Record an arrival; measure and landing test from the origin risk level',
        body: api.newArrivalBody,
        response: { 201: api.arrivalSchema },
      },
    },
    async (req, reply) => reply.status(201).send(arrivalView(await arrivals.record(actorOf(req), req.body))),
  );
  app.get(
    '/tracing/arrivals',
    {
      config: read,
      schema: {
        tags,
        summary: 'Arrivals board',
        querystring: api.arrivalListQuery,
        response: { 200: api.arrivalListSchema },
      },
    },
    async (req) => ({
      items: (
        await arrivals.list(actorOf(req), {
          area: req.query.area,
          pendingTest: req.query.pendingTest === 'true',
          truckDrivers: req.query.truckDrivers === 'true',
          before: req.query.before,
          limit: req.query.limit,
        })
      ).map(arrivalListItemView),
    }),
  );
  app.post(
    '/tracing/arrivals/:id/landing-test',
    {
      config: write,
      schema: {
        tags,
        summary: 'Landing test (落地检) result; positive → case candidate',
        params: api.idParams,
        body: api.landingTestBody,
        response: { 200: api.landingTestSchema },
      },
    },
    async (req) => arrivals.landingTest(actorOf(req), req.params.id, req.body.result, req.body.testedAt),
  );

  // Back-tracing (倒查)
  app.get(
    '/tracing/backtrace',
    {
      config: read,
      schema: {
        tags,
        summary: 'Who of your residents was at your venue (others counted), or where a person of yours was, in a window; whom they met, where they went next',
        querystring: api.backtraceQuery,
        response: { 200: api.backtraceSchema },
      },
    },
    async (req) => new BacktraceService(ctx).run(actorOf(req), { ...req.query, after: req.query.cursor }),
  );
  app.post(
    '/tracing/backtrace/handoff',
    {
      config: write,
      schema: {
        tags,
        summary: "Hand a venue's visitors of a window who live in other areas to their home areas (venue_visitor hand-offs); answers the count",
        body: api.visitorsHandoffBody,
        response: { 200: api.visitorsHandoffSchema },
      },
    },
    async (req) => new BacktraceService(ctx).handOffVisitors(actorOf(req), req.body),
  );
};
