import { z } from 'zod';
import { noContent } from '../../../contract/auth';
import * as c from '../../../contract/testing';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { fileOf } from '../../http/multipart';
import { RechecksService } from './rechecks.service';
import { ResultsService } from './results.service';
import { SamplingService } from './sampling.service';
import { boxView, tubeView } from './flow-view';
import { importResults, importSamples } from './testing-files';
import { TransportService } from './transport.service';
import { WalkInService } from './walk-in.service';
import { ingestResultSchema, samplesBodySchema, walkInBodySchema, walkInResultSchema } from '../../../contract/sampling';

/** The tube's path: samples (采), boxes (送), results (检) and the re-check steps (报). */
export const testingFlowRoutes: ModuleRoutes = async (app, opts) => {
  const { ctx } = opts;
  const sampling = new SamplingService(ctx);
  const results = new ResultsService(ctx);
  const rechecks = new RechecksService(ctx);
  const transport = new TransportService(ctx);
  const walkIns = new WalkInService(ctx);
  const tags = ['testing'];
  app.post(
    '/testing/samples',
    {
      config: { access: 'testing:sample' },
      schema: {
        tags,
        summary:
          'Batch of samples from a device or the scan page: each names the person by idNumber or residentCode (居民码 payload); good rows kept, bad rows named; idempotent on retry (clientId, or same tube + person)',
        body: samplesBodySchema,
        response: { 200: ingestResultSchema },
      },
    },
    async (req) => sampling.recordSamples(actorOf(req), req.body.samples, 1, undefined, 'auto'),
  );
  app.post(
    '/testing/samples/walk-in',
    {
      config: { access: 'testing:sample' },
      schema: {
        tags,
        summary: '现场登记: register someone not in the registry and record their sample, in one transaction (their home area is told when outside the site)',
        body: walkInBodySchema,
        response: { 200: walkInResultSchema },
      },
    },
    async (req) => walkIns.register(actorOf(req), req.body),
  );
  app.post(
    '/testing/samples/import',
    {
      config: { access: 'testing:sample' },
      schema: {
        tags,
        summary:
          'Upload samples CSV (round_id,tube_barcode,id_number,site_code,collected_at,collector[,resident_code]); good rows kept, bad rows named by line',
        response: { 200: ingestResultSchema },
      },
    },
    async (req) => {
      return importSamples(ctx, actorOf(req), await fileOf(req));
    },
  );
  app.post(
    '/testing/tubes/:barcode/seal',
    {
      config: { access: 'testing:sample' },
      schema: { tags, summary: 'Close a tube before it is full', params: z.object({ barcode: z.string() }), response: { 200: c.tubeSchema } },
    },
    async (req) => tubeView(await sampling.sealTube(actorOf(req), req.params.barcode)),
  );

  app.post(
    '/testing/boxes',
    {
      config: { access: 'testing:transport' },
      schema: {
        tags,
        summary: 'Seal tubes into a transport box',
        body: c.boxCreateBody,
        response: { 200: c.boxSealedSchema },
      },
    },
    async (req) => {
      const code = req.body.code ?? transport.newBoxCode();
      return { code, ...(await transport.sealBox(actorOf(req), { ...req.body, code })) };
    },
  );
  app.post(
    '/testing/boxes/:code/handover',
    {
      config: { access: 'testing:transport' },
      schema: {
        tags,
        summary: 'Hand the box to transport, naming the lab it goes to',
        params: c.codeParams,
        body: c.handoverBody,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await transport.handOver(actorOf(req), req.params.code, req.body.labCode);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/testing/boxes/incoming',
    { config: { access: 'testing:result' }, schema: { tags, summary: 'Boxes sent to your lab and not yet received', response: { 200: c.boxListSchema } } },
    async (req) => ({ items: (await transport.incoming(actorOf(req))).map(boxView) }),
  );
  app.post(
    '/testing/boxes/:code/receive',
    {
      config: { access: 'testing:result' },
      schema: {
        tags,
        summary: 'Lab receipt: checks the tube count and flags differences',
        params: c.codeParams,
        body: c.receiveBody,
        response: { 200: c.receiptSchema },
      },
    },
    async (req) => transport.receive(actorOf(req), req.params.code, req.body),
  );

  app.post(
    '/testing/results',
    {
      config: { access: 'testing:result' },
      schema: {
        tags,
        summary: 'Lab results per tube; positive/suspected pools start 单管复核',
        body: c.resultsBody,
        response: { 200: c.resultsOutcomeSchema },
      },
    },
    async (req) => results.recordResults(actorOf(req), req.body.results),
  );
  app.post(
    '/testing/results/import',
    {
      config: { access: 'testing:result' },
      schema: { tags, summary: 'Upload results CSV (tube_barcode,result,ct_n,ct_orf1ab,tested_at,lab_code)', response: { 200: c.resultsOutcomeSchema } },
    },
    async (req) => {
      return importResults(ctx, actorOf(req), await fileOf(req));
    },
  );

  app.post(
    '/testing/rechecks/:id/locate',
    {
      config: { access: 'testing:recheck' },
      schema: { tags, summary: 'The person was found (落地)', params: c.idParams, body: c.locateBody, response: { 204: noContent } },
    },
    async (req, reply) => {
      await rechecks.locate(actorOf(req), req.params.id, req.body.note);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/testing/rechecks/:id/resample',
    {
      config: { access: 'testing:recheck' },
      schema: {
        tags,
        summary: 'Single-tube re-sample taken',
        params: c.idParams,
        body: c.resampleBody,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await rechecks.resample(actorOf(req), req.params.id, req.body.tubeBarcode, req.body.siteCode, req.body.labCode);
      return reply.status(204).send(null);
    },
  );
};
