import type { FastifyInstance, FastifyRequest } from 'fastify';
import { validationError } from '../errors';

/**
 * One check over every JSON body, query string and path parameter, before the route's own
 * schema (issue 11, findings 3 and 10): text PostgreSQL cannot store (NUL, unpaired UTF-16
 * surrogates), integers beyond a 32-bit column, and unbounded sizes are refused with a 400 that
 * names the field — instead of a 500 from the database or a request that stalls the server.
 */
export const INPUT_LIMITS = {
  /** Items in any array of a request, unless the route's schema declares a larger maxItems. */
  maxArrayItems: 5_000,
  /** Characters in any string of a request, unless the route's schema declares a larger maxLength. */
  maxStringLength: 10_000,
  /** Nesting of objects and arrays. */
  maxDepth: 32,
  /** Integers must fit a PostgreSQL `integer` column. */
  maxInteger: 2_147_483_647,
} as const;

export interface RouteLimits {
  maxArrayItems: number;
  maxStringLength: number;
}

type Problem = [field: string, reason: string];

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be accepted, or null. */
export function badText(s: string, maxLength: number): string | null {
  if (s.includes('\u0000')) return 'must not contain a NUL character';
  if (LONE_SURROGATE.test(s)) return 'must not contain an unpaired surrogate (invalid Unicode)';
  if (s.length > maxLength) return `must be at most ${maxLength} characters`;
  return null;
}

/** The first problem in a parsed JSON value or query object, with its dotted field path. */
export function findProblem(value: unknown, limits: RouteLimits, path = '', depth = 0): Problem | null {
  const here = path || 'body';
  if (typeof value === 'string') {
    const why = badText(value, limits.maxStringLength);
    return why ? [here, why] : null;
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) > INPUT_LIMITS.maxInteger)
      return [here, `must be between ${-INPUT_LIMITS.maxInteger} and ${INPUT_LIMITS.maxInteger}`];
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= INPUT_LIMITS.maxDepth) return [here, `is nested more than ${INPUT_LIMITS.maxDepth} levels deep`];
  if (Array.isArray(value)) {
    if (value.length > limits.maxArrayItems) return [here, `must have at most ${limits.maxArrayItems} items`];
    for (let i = 0; i < value.length; i++) {
      const p = findProblem(value[i], limits, `${path}${path ? '.' : ''}${i}`, depth + 1);
      if (p) return p;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const key = badText(k, 200);
    if (key) return [`${path}${path ? '.' : ''}${k.replace(/\p{Cc}|\p{Cs}/gu, '?')}`, `field name ${key}`];
    const p = findProblem(v, limits, `${path}${path ? '.' : ''}${k}`, depth + 1);
    if (p) return p;
  }
  return null;
}

interface SchemaNode {
  maxItems?: number;
  maxLength?: number;
  [k: string]: unknown;
}

/** The largest maxItems / maxLength a route's JSON schema declares (to raise the defaults for it). */
function declaredMaxima(schema: unknown, acc = { items: 0, length: 0 }, depth = 0): { items: number; length: number } {
  if (!schema || typeof schema !== 'object' || depth > 20) return acc;
  const s = schema as SchemaNode;
  if (typeof s.maxItems === 'number') acc.items = Math.max(acc.items, s.maxItems);
  if (typeof s.maxLength === 'number') acc.length = Math.max(acc.length, s.maxLength);
  for (const v of Object.values(s)) if (v && typeof v === 'object') declaredMaxima(v, acc, depth + 1);
  return acc;
}

function check(section: string, value: unknown, limits: RouteLimits): void {
  const p = findProblem(value, limits);
  if (p) throw validationError({ [p[0]]: p[1] }, `Invalid ${section} — ${p[0]}: ${p[1]}`);
}

/**
 * Install the guard. Limits per route come from its OpenAPI schema once the app is ready
 * (a route whose schema says `max(20000)` may take 20,000 items; others take 5,000).
 */
export function installInputGuard(app: FastifyInstance, openapi: () => { paths?: Record<string, Record<string, unknown>> }): void {
  const perRoute = new Map<string, RouteLimits>();
  app.addHook('onReady', async () => {
    for (const [url, methods] of Object.entries(openapi().paths ?? {})) {
      for (const [method, op] of Object.entries(methods)) {
        const m = declaredMaxima(op);
        perRoute.set(`${method.toUpperCase()} ${url.replace(/\{(\w+)\}/g, ':$1')}`, {
          maxArrayItems: Math.max(INPUT_LIMITS.maxArrayItems, m.items),
          maxStringLength: Math.max(INPUT_LIMITS.maxStringLength, m.length),
        });
      }
    }
  });
  const limitsOf = (req: FastifyRequest): RouteLimits => perRoute.get(`${req.method} ${req.routeOptions.url ?? ''}`) ?? INPUT_LIMITS;
  app.addHook('preValidation', async (req) => {
    if (!req.routeOptions.url?.startsWith('/api/')) return;
    const limits = limitsOf(req);
    check('params', req.params, limits);
    check('query', req.query, limits);
    const type = req.headers['content-type'] ?? '';
    if (req.body !== undefined && !type.startsWith('multipart/')) check('body', req.body, limits);
  });
}
