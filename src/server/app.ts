import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { AppContext } from './context';
import { loggerOptions } from './context';
import { installAdmission } from './http/admission';
import { installAuth } from './http/auth-hook';
import { installCsrfCheck } from './http/csrf';
import { installErrorHandlers } from './http/error-handler';
import { installInputGuard } from './http/input-guard';
import { installReportCap } from './http/report-cap';
import { fastifyTrustProxy } from './http/trust-proxy';
import { modules as allModules } from './modules';
import type { EpiModule } from './modules/module';
import { overviewRoutes } from './modules/overview/overview.routes';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

/**
 * Hashed build assets (`assets/name-HASH.js`) never change under their name: a phone keeps them a
 * year and asks nothing on the next visit. Everything else (index.html, which names the current
 * hashes) is revalidated on every visit, so a new release is picked up at once.
 */
export function cacheControlOf(file: string): string {
  return /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.\w+(\.(br|gz))?$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export interface BuildOptions {
  modules?: readonly EpiModule[];
  /** Log requests (off in tests). */
  logger?: boolean;
  /** Where the request log goes (default stdout); the log-scan test captures it. */
  logStream?: { write(line: string): void };
}

/** The HTTP server: API under /api/v1, OpenAPI at /api/openapi.json, docs at /api/docs, web app at /. */
export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const modules = opts.modules ?? allModules;
  const app = Fastify({
    logger: opts.logger === false ? false : { ...loggerOptions(ctx.config.logLevel), ...(opts.logStream ? { stream: opts.logStream } : {}) },
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: fastifyTrustProxy(ctx.config.trustProxy),
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: 'x-request-id',
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  installAdmission(app, { maxInFlight: ctx.config.maxInFlight, maxTurnWaitMs: ctx.config.shedAfterMs, retryAfterSeconds: 1 });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        workerSrc: ["'self'", 'blob:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
      },
    },
  });
  if (ctx.config.corsOrigins.length) {
    const cors = (await import('./http/cors')).cors;
    cors(app, ctx.config.corsOrigins);
  }
  await app.register(cookie);
  installCsrfCheck(app, ctx.config.corsOrigins);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: ctx.config.uploadLimitBytes, files: 1 } });
  await app.register(swagger, {
    openapi: { info: { title: 'EpiGrid API', version: '1', description: '疫情防控管理信息系统 — city epidemic prevention and control command system' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  installAuth(app, ctx);
  installInputGuard(app, () => app.swagger() as { paths?: Record<string, Record<string, unknown>> });
  installReportCap(app);

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      for (const m of modules) if (m.routes) await api.register(m.routes, { ctx });
      await api.register(overviewRoutes(modules), { ctx });
    },
    { prefix: '/api/v1' },
  );

  if (fs.existsSync(webRoot)) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      // Brotli/gzip copies written at build time (scripts/compress-web.mjs): no compression per request.
      preCompressed: true,
      cacheControl: false, // ours below, not send's max-age=0
      setHeaders: (res, file) => void res.setHeader('cache-control', cacheControlOf(file)),
    });
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/plain').send('EpiGrid API is running. Build the web app with `npm run build`.'),
    );
  }
  return app;
}
