import type { FastifyInstance, FastifyPluginAsync, RouteOptions } from 'fastify';
import { z } from 'zod';
import { buildApp } from '../../app';
import type { AppContext } from '../../context';
import { modules as allModules } from '../../modules';
import type { EpiModule } from '../../modules/module';

/** A JSON Schema as zod renders it (only the parts the sample generator reads). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: Array<string | number | boolean | null>;
  const?: string | number | boolean | null;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  default?: unknown;
}

/** One registered API route as the probe sees it. */
export interface ProbeRoute {
  method: string;
  /** Full URL pattern, e.g. /api/v1/testing/rounds/:id */
  url: string;
  access: string;
  params?: JsonSchema;
  query?: JsonSchema;
  body?: JsonSchema;
}

export const API = '/api/v1';

/**
 * A module whose plugin skips Fastify's encapsulation (what fastify-plugin does), so the onRoute
 * hook it adds lands on the /api/v1 context itself and sees every route registered after it:
 * every module's and the overview's, today's and any added later, with no edit here or in app.ts.
 */
function routeRecorder(sink: RouteOptions[]): EpiModule {
  const plugin: FastifyPluginAsync = async (api) => {
    api.addHook('onRoute', (route) => {
      sink.push(route);
    });
  };
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return { name: 'probe-route-recorder', routes: plugin };
}

function toJsonSchema(s: unknown): JsonSchema | undefined {
  if (!s) return undefined;
  if (s instanceof z.ZodType) return z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return s;
}

/** Build the real app (all modules) and list every route it registered under /api/v1. */
export async function buildProbedApp(ctx: AppContext): Promise<{ app: FastifyInstance; routes: ProbeRoute[] }> {
  const seen: RouteOptions[] = [];
  const app = await buildApp(ctx, { logger: false, modules: [routeRecorder(seen), ...allModules] });
  await app.ready();
  const routes: ProbeRoute[] = [];
  for (const r of seen) {
    const methods = (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD');
    const url = r.url ?? '';
    if (!url.startsWith(API)) continue;
    const schema = (r.schema ?? {}) as { params?: unknown; querystring?: unknown; body?: unknown };
    for (const method of methods)
      routes.push({
        method,
        url,
        access: [r.config?.access ?? ''].flat().join(' | '),
        params: toJsonSchema(schema.params),
        query: toJsonSchema(schema.querystring),
        body: toJsonSchema(schema.body),
      });
  }
  return { app, routes: routes.sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method)) };
}

/** `METHOD /path` without the /api/v1 prefix: how routes are named in the tables and reports. */
export function routeKey(r: { method: string; url: string }): string {
  return `${r.method} ${r.url.startsWith(API) ? r.url.slice(API.length) : r.url}`;
}

/** The same list read from the OpenAPI document, to prove the recorder missed nothing. */
export function openApiRouteKeys(app: FastifyInstance): string[] {
  const doc = (app as unknown as { swagger: () => { paths?: Record<string, Record<string, unknown>> } }).swagger();
  const keys: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    if (!path.startsWith(API)) continue;
    for (const method of Object.keys(ops)) {
      if (method === 'head') continue;
      keys.push(routeKey({ method: method.toUpperCase(), url: path.replace(/\{([^}]+)\}/g, ':$1') }));
    }
  }
  return keys.sort();
}

/** The module family of a route: the first path segment after /api/v1, with aliases. */
export function familyOf(url: string): string {
  const seg = url.slice(API.length).split('/')[1] ?? '';
  return familyAlias[seg] ?? seg;
}

const familyAlias: Record<string, string> = {
  transfers: 'quarantine',
  public: 'testing',
  users: 'auth',
  tokens: 'auth',
  roles: 'auth',
};
