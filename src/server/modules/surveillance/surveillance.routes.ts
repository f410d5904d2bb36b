import { z } from 'zod';
import {
  budgetRateSchema,
  chartQuery,
  chartSchema,
  countBatchSchema,
  countResultSchema,
  detectorConfigSchema,
  lineReportInputSchema,
  lineReportResultSchema,
  lineReportSchema,
  notReportedSchema,
  phoneReportSchema,
  revealSchema,
  runResultSchema,
  sentinelCreateSchema,
  sentinelMapSchema,
  sentinelSchema,
  sentinelTypeSchema,
  signalListQuery,
  signalSchema,
} from '../../../contract/surveillance';
import { noContent } from '../../../contract/auth';
import { areaCodeSchema, dateSchema } from '../../http/schemas';
import { fileOf } from '../../http/multipart';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { CountsService } from './sentinels/counts.service';
import { LineListService } from './sentinels/line-list.service';
import { SentinelsService } from './sentinels/sentinels.service';
import { SignalsService } from './signals/signals.service';

/** 监测预警: sentinels, their counts and line lists, not-reported lists, signals and their settings. */
export const surveillanceRoutes: ModuleRoutes = async (app, { ctx }) => {
  const sentinels = new SentinelsService(ctx);
  const counts = new CountsService(ctx);
  const lines = new LineListService(ctx);
  const signals = new SignalsService(ctx);
  const tags = ['surveillance'];
  const areaQuery = z.object({ area: areaCodeSchema.optional() });

  app.get(
    '/surveillance/sentinel-types',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Sentinel types and the indicators each reports', response: { 200: z.object({ items: z.array(sentinelTypeSchema) }) } },
    },
    async () => ({ items: await sentinels.types() }),
  );

  app.get(
    '/surveillance/sentinels',
    {
      config: { access: 'surveillance:read' },
      schema: {
        tags,
        summary: 'Sentinels in scope (owner phone masked)',
        querystring: areaQuery,
        response: { 200: z.object({ items: z.array(sentinelSchema) }) },
      },
    },
    async (req) => ({ items: await sentinels.list(actorOf(req), req.query.area) }),
  );

  app.post(
    '/surveillance/sentinels',
    {
      config: { access: 'surveillance:write' },
      schema: {
        tags,
        summary: 'Register a sentinel in an area in scope (audited)',
        body: sentinelCreateSchema,
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (req) => sentinels.create(actorOf(req), req.body),
  );

  app.get(
    '/surveillance/sentinel-map',
    {
      config: { access: 'surveillance:read' },
      schema: {
        tags,
        summary: "Sentinels in scope as points (own coordinates, else the area's centroid), each today's alarm / reported / not reported",
        querystring: areaQuery,
        response: { 200: sentinelMapSchema },
      },
    },
    async (req) => sentinels.map(actorOf(req), req.query.area),
  );

  app.post(
    '/surveillance/sentinels/:id/reveal',
    {
      config: { access: 'pii:reveal' },
      schema: {
        tags,
        summary: "A sentinel owner's phone in clear (reason required; audited)",
        params: z.object({ id: z.string().max(64) }),
        body: revealSchema,
        response: { 200: z.object({ phone: z.string().nullable() }) },
      },
    },
    async (req) => sentinels.revealOwnerPhone(actorOf(req), req.params.id, req.body.reason),
  );

  app.get(
    '/surveillance/my-sentinels',
    {
      config: { access: 'surveillance:report' },
      schema: {
        tags,
        summary: 'The sentinels the caller reports for (the phone page)',
        response: { 200: z.object({ today: z.string(), items: z.array(sentinelSchema) }) },
      },
    },
    async (req) => ({ today: sentinels.today(), items: await sentinels.mine(actorOf(req)) }),
  );

  app.post(
    '/surveillance/counts',
    {
      config: { access: 'surveillance:report' },
      schema: {
        tags,
        summary:
          'Daily counts in a batch (sentinelCode, date YYYY-MM-DD local, indicator, count): good rows kept, bad rows listed; a new count for a held key is a correction kept in history',
        body: countBatchSchema,
        response: { 200: countResultSchema },
      },
    },
    async (req) => counts.batch(actorOf(req), req.body.counts),
  );

  app.post(
    '/surveillance/counts/import',
    {
      config: { access: 'surveillance:report' },
      schema: {
        tags,
        summary: 'Import daily counts from CSV/XLSX (multipart field "file"; columns sentinel_code,date,indicator,count): good rows kept, bad rows reported',
        response: { 200: countResultSchema },
      },
    },
    async (req) => counts.importFile(actorOf(req), await fileOf(req, ctx.config.uploadLimitBytes)),
  );

  app.post(
    '/surveillance/phone-report',
    {
      config: { access: 'surveillance:report' },
      schema: {
        tags,
        summary: "The phone page: today's counts of one sentinel (indicator → count)",
        body: phoneReportSchema,
        response: { 200: countResultSchema },
      },
    },
    async (req) => counts.phone(actorOf(req), req.body.sentinelCode, req.body.counts),
  );

  app.get(
    '/surveillance/not-reported',
    {
      config: { access: 'surveillance:read' },
      schema: {
        tags,
        summary: '未报告: sentinels in scope with no count for the date (default today), with their owner (phone masked)',
        querystring: z.object({ area: areaCodeSchema.optional(), date: dateSchema.optional() }),
        response: { 200: notReportedSchema },
      },
    },
    async (req) => sentinels.notReported(actorOf(req), req.query.area, req.query.date),
  );

  app.post(
    '/surveillance/line-reports',
    {
      config: { access: 'surveillance:report' },
      schema: {
        tags,
        summary:
          "A sentinel's line list: people by ID number (matched by keyed hash, never stored in clear), each given the type's testing deadline; residents elsewhere are handed off",
        body: lineReportInputSchema,
        response: { 200: lineReportResultSchema },
      },
    },
    async (req) => lines.report(actorOf(req), req.body.sentinelCode, req.body.people),
  );

  app.get(
    '/surveillance/line-reports',
    {
      config: { access: 'surveillance:read' },
      schema: {
        tags,
        summary: 'Line reports the caller may read (masked); overdue=true for those past the deadline with no sample since the report',
        querystring: z.object({ area: areaCodeSchema.optional(), overdue: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(lineReportSchema) }) },
      },
    },
    async (req) => ({ items: await lines.list(actorOf(req), { area: req.query.area, overdue: req.query.overdue === 'true' }) }),
  );

  app.get(
    '/surveillance/signals',
    {
      config: { access: 'surveillance:read' },
      schema: {
        tags,
        summary: 'Signals in scope (raised by default; suppressed=all|suppressed for the budget’s decisions)',
        querystring: signalListQuery,
        response: { 200: z.object({ items: z.array(signalSchema) }) },
      },
    },
    async (req) => ({ items: await signals.list(actorOf(req), req.query) }),
  );

  app.get(
    '/surveillance/budget',
    {
      config: { access: 'surveillance:read' },
      schema: {
        tags,
        summary: 'The alert budget beside the actual rate per district (last 7 days)',
        querystring: areaQuery,
        response: { 200: budgetRateSchema },
      },
    },
    async (req) => signals.rates(actorOf(req), req.query.area),
  );

  app.put(
    '/surveillance/budget',
    {
      config: { access: 'surveillance:write' },
      schema: {
        tags,
        summary: 'Set the alert budget (city-wide; a city-scoped role)',
        body: z.object({
          minCount: z.number().int().min(0).max(1000),
          repeatWindowDays: z.number().int().min(0).max(90),
          weeklyBudget: z.number().min(0).max(1000),
        }),
        response: { 200: z.object({ minCount: z.number(), repeatWindowDays: z.number(), weeklyBudget: z.number() }) },
      },
    },
    async (req) => signals.setBudget(actorOf(req), req.body),
  );

  app.put(
    '/surveillance/detectors',
    {
      config: { access: 'surveillance:write' },
      schema: {
        tags,
        summary: "Set the detector of a sentinel type's indicator, R's control names (city-wide; a city-scoped role)",
        body: detectorConfigSchema,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await signals.setDetector(actorOf(req), req.body.sentinelType, req.body.indicator, req.body.control);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/surveillance/run',
    {
      config: { access: 'surveillance:write' },
      schema: {
        tags,
        summary: 'Run the detectors now for a local date (default yesterday); the whole city (a city-scoped role); idempotent',
        body: z.object({ date: dateSchema.optional() }),
        response: { 200: runResultSchema },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return signals.runFor(actor, req.body.date);
    },
  );

  app.get(
    '/surveillance/chart',
    {
      config: { access: 'surveillance:read' },
      schema: {
        tags,
        summary: 'Observed vs threshold of a sentinel’s indicator or an area’s roll-up, with its signals',
        querystring: chartQuery,
        response: { 200: chartSchema },
      },
    },
    async (req) => signals.chart(actorOf(req), req.query),
  );
};
