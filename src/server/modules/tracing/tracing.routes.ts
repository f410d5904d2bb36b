import { stringify } from 'csv-stringify/sync';
import { noContent } from '../../../contract/auth';
import * as api from '../../../contract/tracing';
import type { ModuleRoutes } from '../../http/plugin';
import { localDate } from '../../lib/local-time';
import { actorOf } from '../../http/route-config';
import { caseDetailView, caseListItemView, caseView, spanView } from './case-view';
import { CasesService } from './cases.service';
import { ChainsService } from './chains.service';
import { CheckinsService } from './checkins.service';
import { candidateView, contactListItemView, contactView } from './contact-view';
import { ContactsService } from './contacts.service';
import { tracingFieldRoutes } from './tracing-field.routes';
import { tracingContactRoutes } from './tracing-contacts.routes';
import { importCheckins, importVenues } from './tracing-files';
import { access, fileOf, tags } from './tracing-http';
import { unmatchedScanView, venueView } from './venue-view';
import { VenuesService } from './venues.service';
import { chainLinkWords } from '../../../contract/value-words';

export const tracingRoutes: ModuleRoutes = async (app, opts) => {
  const { ctx } = opts;
  const today = () => localDate(ctx.clock.nowIso(), ctx.config.timeZone);
  const cases = new CasesService(ctx);
  const contacts = new ContactsService(ctx);
  const { read, write } = access;

  // Venues and check-ins (场所码, 扫码)
  app.get(
    '/tracing/venues',
    {
      config: read,
      schema: {
        tags,
        summary: 'Venues in your scope (keyset by code)',
        querystring: api.venueListQuery,
        response: { 200: api.venuePageSchema },
      },
    },
    async (req) => {
      const page = await new VenuesService(ctx).list(actorOf(req), { area: req.query.area, q: req.query.q, after: req.query.cursor, limit: req.query.limit });
      return { items: page.items.map(venueView), nextCursor: page.nextCursor };
    },
  );
  app.post(
    '/tracing/venues/import',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Upload venues CSV/XLSX: venue_code,name,type,area_code[,is_key]; rows outside your scope (area or existing venue) and bad rows reported, good rows kept',
        response: { 200: api.venueImportSchema },
      },
    },
    async (req) => importVenues(ctx, actorOf(req), await fileOf(req)),
  );
  app.post(
    '/tracing/checkins',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Batch of check-in scans at venues in your scope (city scope: any; unknown venues kept apart); unknown people kept apart; same scan twice stored once',
        body: api.checkinBatchBody,
        response: { 200: api.checkinOutcomeSchema },
      },
    },
    async (req) =>
      new CheckinsService(ctx).ingest(
        actorOf(req),
        req.body.checkins.map((c, i) => ({ ...c, row: i + 1 })),
      ),
  );
  app.post(
    '/tracing/checkins/import',
    {
      config: write,
      schema: { tags, summary: 'Upload check-ins CSV: id_number,venue_code,scanned_at (venues in your scope)', response: { 200: api.checkinOutcomeSchema } },
    },
    async (req) => importCheckins(ctx, actorOf(req), await fileOf(req)),
  );
  app.get(
    '/tracing/checkins/unmatched',
    {
      config: read,
      schema: {
        tags,
        summary: 'Scans at your venues naming an unknown person (city scope: also unknown venues), masked, newest first',
        response: { 200: api.unmatchedScansSchema },
      },
    },
    async (req) => ({ items: (await new CheckinsService(ctx).unmatched(actorOf(req))).map(unmatchedScanView) }),
  );

  // Cases (病例) and trajectories (轨迹)
  app.post(
    '/tracing/cases',
    {
      config: write,
      schema: {
        tags,
        summary: 'Report a case; starts its 24-hour clock; its own check-ins in the look-back window join its trajectory',
        body: api.newCaseBody,
        response: { 201: api.caseSchema },
      },
    },
    async (req, reply) => reply.status(201).send(caseView(await cases.create(actorOf(req), req.body))),
  );
  app.get(
    '/tracing/cases',
    {
      config: read,
      schema: {
        tags,
        summary: 'Cases, newest first, with clock and contact counts',
        querystring: api.caseListQuery,
        response: { 200: api.caseListSchema },
      },
    },
    async (req) => ({
      items: (await cases.list(actorOf(req), { area: req.query.area, before: req.query.before, limit: req.query.limit })).map(caseListItemView),
    }),
  );
  app.get(
    '/tracing/cases/:id',
    {
      config: read,
      schema: { tags, summary: 'One case (id or code) with person, clock and trajectory', params: api.idParams, response: { 200: api.caseDetailSchema } },
    },
    async (req) => caseDetailView(await cases.get(actorOf(req), req.params.id)),
  );
  app.post(
    '/tracing/cases/:id/spans',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a trajectory span (venue, address or transport)',
        params: api.idParams,
        body: api.newSpanBody,
        response: { 201: api.spanSchema },
      },
    },
    async (req, reply) => reply.status(201).send(spanView(await cases.addSpan(actorOf(req), req.params.id, req.body))),
  );
  app.delete(
    '/tracing/cases/:id/spans/:spanId',
    { config: write, schema: { tags, summary: 'Remove a trajectory span', params: api.spanParams, response: { 204: noContent } } },
    async (req, reply) => {
      await cases.removeSpan(actorOf(req), req.params.id, req.params.spanId);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/tracing/cases/:id/complete',
    {
      config: write,
      schema: { tags, summary: 'Mark the investigation complete (stops the 24-hour clock)', params: api.idParams, response: { 200: api.caseClockSchema } },
    },
    async (req) => cases.completeInvestigation(actorOf(req), req.params.id),
  );
  app.get(
    '/tracing/cases/:id/public-notice',
    {
      config: read,
      schema: { tags, summary: 'Masked public trajectory notice (no name, no ID)', params: api.idParams, response: { 200: api.publicNoticeSchema } },
    },
    async (req) => cases.publicNotice(actorOf(req), req.params.id),
  );

  app.get(
    '/tracing/case-candidates',
    {
      config: read,
      schema: { tags, summary: 'People marked 疑似病例 (e.g. a positive single tube) not yet reported as cases', response: { 200: api.caseCandidatesSchema } },
    },
    async (req) => ({ items: await cases.candidates(actorOf(req)) }),
  );

  // Contacts (密接 / 次密接 / 时空伴随)
  app.post(
    '/tracing/cases/:id/trace',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Find close-contact candidates from co-presence (span ± margin), ranked: yours by name, those living elsewhere handed off to their areas (count)',
        params: api.idParams,
        response: { 200: api.traceOutcomeSchema },
      },
    },
    async (req) => {
      const r = await contacts.traceCase(actorOf(req), req.params.id);
      return { items: r.items.map(candidateView), handedOff: r.handedOff };
    },
  );
  app.get(
    '/tracing/cases/:id/contacts-elsewhere',
    {
      config: read,
      schema: {
        tags,
        summary: "The case's contacts living in other areas: the case's epidemiologist only (scope covers the case's area); each read audited",
        params: api.idParams,
        response: { 200: api.contactsElsewhereSchema },
      },
    },
    async (req) => ({ items: (await contacts.elsewhere(actorOf(req), req.params.id)).items.map((c) => contactListItemView(c, today())) }),
  );
  app.post(
    '/tracing/cases/:id/contacts',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a contact by hand (a candidate to confirm)',
        params: api.idParams,
        body: api.newContactBody,
        response: { 201: api.contactSchema },
      },
    },
    async (req, reply) => reply.status(201).send(contactView(await contacts.addManual(actorOf(req), req.params.id, req.body))),
  );
  app.get(
    '/tracing/contacts',
    {
      config: read,
      schema: {
        tags,
        summary: 'Contacts: of one case (ranked) or all in scope (keyset)',
        querystring: api.contactListQuery,
        response: { 200: api.contactPageSchema },
      },
    },
    async (req) => {
      const page = await contacts.list(actorOf(req), {
        caseId: req.query.caseId,
        status: req.query.status,
        cls: req.query.class,
        area: req.query.area,
        after: req.query.cursor,
        limit: req.query.limit,
      });
      return { ...page, items: page.items.map((c) => contactListItemView(c, today())) };
    },
  );
  app.post(
    '/tracing/contacts/:id/decision',
    {
      config: write,
      schema: {
        tags,
        summary: 'Confirm (as close/secondary/companion) or dismiss with reason; control status follows',
        params: api.idParams,
        body: api.contactDecisionBody,
        response: { 200: api.contactDecisionSchema },
      },
    },
    async (req) => contacts.decide(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/tracing/contacts/:id/secondary',
    {
      config: write,
      schema: {
        tags,
        summary: 'Find 次密接 candidates of a confirmed close contact (household + co-presence since exposure)',
        params: api.idParams,
        response: { 200: api.secondaryOutcomeSchema },
      },
    },
    async (req) => {
      const r = await contacts.findSecondary(actorOf(req), req.params.id);
      return { ...r, candidates: r.candidates.map(candidateView) };
    },
  );

  // Chains (传播链)
  app.get(
    '/tracing/clusters',
    { config: read, schema: { tags, summary: 'Clusters with their first case', response: { 200: api.clustersSchema } } },
    async (req) => ({
      items: await new ChainsService(ctx).clusters(actorOf(req)),
    }),
  );
  app.get(
    '/tracing/chains',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Transmission graph {nodes, edges} of your people (contacts elsewhere as a count per case), of one cluster (a clusterId from /clusters) or all in scope',
        querystring: api.chainQuery,
        response: { 200: api.chainGraphSchema },
      },
    },
    async (req) => new ChainsService(ctx).graph(actorOf(req), req.query.cluster),
  );
  app.get(
    '/tracing/chains.csv',
    {
      config: read,
      schema: { tags, summary: 'Transmission graph edges as CSV; lang=zh gives Chinese column headers and link words', querystring: api.chainCsvQuery },
    },
    async (req, reply) => {
      const g = await new ChainsService(ctx).graph(actorOf(req), req.query.cluster);
      const label = new Map(g.nodes.map((n) => [n.id, n.label]));
      const zh = req.query.lang === 'zh';
      const csv = stringify(
        g.edges.map((e) => [label.get(e.source) ?? e.source, label.get(e.target) ?? e.target, zh ? chainLinkWords[e.kind].zh : e.kind]),
        { header: true, columns: [...(zh ? api.chainCsvColumnsZh : api.chainCsvColumns)] },
      );
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="chains.csv"').send(`\ufeff${csv}`);
    },
  );

  await tracingFieldRoutes(app, opts);
  await tracingContactRoutes(app, opts);
};
