import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { CasesService } from './cases.service';
import { ChainsService } from './chains.service';
import { CheckinsService } from './checkins.service';
import { ContactsService } from './contacts.service';
import { tracingFieldRoutes } from './tracing-field.routes';
import { importCheckins, importVenues } from './tracing-files';
import { access, code, fileOf, idParam, limit, tags } from './tracing-http';
import { VenuesService } from './venues.service';

const cls = z.enum(['close', 'secondary', 'companion']);

export const tracingRoutes: ModuleRoutes = async (app, opts) => {
  const { ctx } = opts;
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
        querystring: z.object({ area: code.optional(), q: z.string().optional(), cursor: z.string().optional(), limit }),
      },
    },
    async (req) => new VenuesService(ctx).list(actorOf(req), { area: req.query.area, q: req.query.q, after: req.query.cursor, limit: req.query.limit }),
  );
  app.post(
    '/tracing/venues/import',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Upload venues CSV/XLSX: venue_code,name,type,area_code[,is_key]; rows outside your scope (area or existing venue) and bad rows reported, good rows kept',
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
        body: z.object({
          checkins: z
            .array(z.object({ idNumber: z.string(), venueCode: z.string(), scannedAt: z.string() }))
            .min(1)
            .max(50_000),
        }),
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
    { config: write, schema: { tags, summary: 'Upload check-ins CSV: id_number,venue_code,scanned_at (venues in your scope)' } },
    async (req) => importCheckins(ctx, actorOf(req), await fileOf(req)),
  );
  app.get(
    '/tracing/checkins/unmatched',
    { config: read, schema: { tags, summary: 'Scans at your venues naming an unknown person (city scope: also unknown venues), masked, newest first' } },
    async (req) => ({ items: await new CheckinsService(ctx).unmatched(actorOf(req)) }),
  );

  // Cases (病例) and trajectories (轨迹)
  app.post(
    '/tracing/cases',
    {
      config: write,
      schema: {
        tags,
        summary: 'Report a case; starts its 24-hour clock; its own check-ins in the look-back window join its trajectory',
        body: z.object({
          idNumber: z.string().optional(),
          personId: z.string().optional(),
          type: z.enum(['confirmed', 'asymptomatic']).optional(),
          foundBy: z.enum(['screening', 'fever_clinic', 'contact_management', 'arrival_test', 'self_report']).optional(),
          insideControl: z.boolean().optional(),
          onsetDate: z.string().optional(),
          samplingDate: z.string().optional(),
          reportedAt: z.string().optional(),
          sourceCaseId: z.string().optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await cases.create(actorOf(req), req.body)),
  );
  app.get(
    '/tracing/cases',
    {
      config: read,
      schema: {
        tags,
        summary: 'Cases, newest first, with clock and contact counts',
        querystring: z.object({ area: code.optional(), before: z.string().optional(), limit }),
      },
    },
    async (req) => ({ items: await cases.list(actorOf(req), { area: req.query.area, before: req.query.before, limit: req.query.limit }) }),
  );
  app.get(
    '/tracing/cases/:id',
    { config: read, schema: { tags, summary: 'One case (id or code) with person, clock and trajectory', params: idParam } },
    async (req) => cases.get(actorOf(req), req.params.id),
  );
  app.post(
    '/tracing/cases/:id/spans',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a trajectory span (venue, address or transport)',
        params: idParam,
        body: z.object({
          kind: z.enum(['venue', 'address', 'transport', 'other']).optional(),
          venueCode: z.string().optional(),
          areaCode: code.optional(),
          place: z.string().max(200).optional(),
          startsAt: z.string(),
          endsAt: z.string(),
          peopleMet: z.string().max(500).optional(),
          transport: z.string().max(200).optional(),
          isPublic: z.boolean().optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await cases.addSpan(actorOf(req), req.params.id, req.body)),
  );
  app.delete(
    '/tracing/cases/:id/spans/:spanId',
    { config: write, schema: { tags, summary: 'Remove a trajectory span', params: z.object({ id: z.string(), spanId: z.string() }) } },
    async (req, reply) => {
      await cases.removeSpan(actorOf(req), req.params.id, req.params.spanId);
      return reply.status(204).send();
    },
  );
  app.post(
    '/tracing/cases/:id/complete',
    { config: write, schema: { tags, summary: 'Mark the investigation complete (stops the 24-hour clock)', params: idParam } },
    async (req) => cases.completeInvestigation(actorOf(req), req.params.id),
  );
  app.get(
    '/tracing/cases/:id/public-notice',
    { config: read, schema: { tags, summary: 'Masked public trajectory notice (no name, no ID)', params: idParam } },
    async (req) => cases.publicNotice(actorOf(req), req.params.id),
  );

  app.get(
    '/tracing/case-candidates',
    { config: read, schema: { tags, summary: 'People marked 疑似病例 (e.g. a positive single tube) not yet reported as cases' } },
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
        params: idParam,
      },
    },
    async (req) => contacts.traceCase(actorOf(req), req.params.id),
  );
  app.get(
    '/tracing/cases/:id/contacts-elsewhere',
    {
      config: read,
      schema: {
        tags,
        summary: "The case's contacts living in other areas: the case's epidemiologist only (scope covers the case's area); each read audited",
        params: idParam,
      },
    },
    async (req) => contacts.elsewhere(actorOf(req), req.params.id),
  );
  app.post(
    '/tracing/cases/:id/contacts',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a contact by hand (a candidate to confirm)',
        params: idParam,
        body: z.object({
          idNumber: z.string().optional(),
          personId: z.string().optional(),
          class: cls.optional(),
          note: z.string().max(300).optional(),
          metAt: z.string().optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await contacts.addManual(actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/tracing/contacts',
    {
      config: read,
      schema: {
        tags,
        summary: 'Contacts: of one case (ranked) or all in scope (keyset)',
        querystring: z.object({
          caseId: z.string().optional(),
          status: z.enum(['candidate', 'confirmed', 'dismissed']).optional(),
          class: cls.optional(),
          area: code.optional(),
          cursor: z.string().optional(),
          limit,
        }),
      },
    },
    async (req) =>
      contacts.list(actorOf(req), {
        caseId: req.query.caseId,
        status: req.query.status,
        cls: req.query.class,
        area: req.query.area,
        after: req.query.cursor,
        limit: req.query.limit,
      }),
  );
  app.post(
    '/tracing/contacts/:id/decision',
    {
      config: write,
      schema: {
        tags,
        summary: 'Confirm (as close/secondary/companion) or dismiss with reason; control status follows',
        params: idParam,
        body: z.object({ decision: z.enum(['confirm', 'dismiss']), class: cls.optional(), reason: z.string().max(300).optional() }),
      },
    },
    async (req) => contacts.decide(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/tracing/contacts/:id/secondary',
    {
      config: write,
      schema: { tags, summary: 'Find 次密接 candidates of a confirmed close contact (household + co-presence since exposure)', params: idParam },
    },
    async (req) => contacts.findSecondary(actorOf(req), req.params.id),
  );

  // Chains (传播链)
  app.get('/tracing/clusters', { config: read, schema: { tags, summary: 'Clusters with their first case' } }, async (req) => ({
    items: await new ChainsService(ctx).clusters(actorOf(req)),
  }));
  app.get(
    '/tracing/chains',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Transmission graph {nodes, edges} of your people (contacts elsewhere as a count per case), of one cluster (a clusterId from /clusters) or all in scope',
        querystring: z.object({ cluster: z.string().optional() }),
      },
    },
    async (req) => new ChainsService(ctx).graph(actorOf(req), req.query.cluster),
  );
  app.get(
    '/tracing/chains.csv',
    { config: read, schema: { tags, summary: 'Transmission graph edges as CSV', querystring: z.object({ cluster: z.string().optional() }) } },
    async (req, reply) => {
      const g = await new ChainsService(ctx).graph(actorOf(req), req.query.cluster);
      const label = new Map(g.nodes.map((n) => [n.id, n.label]));
      const csv = stringify(
        g.edges.map((e) => [label.get(e.source) ?? e.source, label.get(e.target) ?? e.target, e.kind]),
        { header: true, columns: ['from', 'to', 'link'] },
      );
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="chains.csv"').send(`\ufeff${csv}`);
    },
  );

  await tracingFieldRoutes(app, opts);
};
