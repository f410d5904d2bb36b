import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Dialect } from '../../db/database';
import { AuthService } from '../../modules/auth/auth.service';
import { createTestContext, type TestContext } from '../harness';
import { createActors, type ProbeActor } from './actors';
import { allIds, changedTables, figureDiffs, figures, markersIn, snapshot, streetBMarkers, type Marker } from './evidence';
import { figureRules, handOffWrites } from './exempt';
import type { Finding } from './report';
import { requestsFor, type ProbeRequest } from './requests';
import { buildProbedApp, familyOf, routeKey, type ProbeRoute } from './routes';
import { SeedApi, multipartBody } from './seed-api';
import { PROBE_TIME, seedStreetA, seedStreetB, type StreetB } from './seed';

/** One seeded database with its app, routes and street-A actors. */
export interface World {
  t: TestContext;
  app: FastifyInstance;
  routes: ProbeRoute[];
  actors: ProbeActor[];
}

export interface FullWorld extends World {
  b: StreetB;
  markers: Marker[];
}

async function world(dialect: Dialect) {
  const t = await createTestContext(dialect);
  const { app, routes } = await buildProbedApp(t.ctx);
  const seeder = await new AuthService(t.ctx).createToken(t.admin, { name: 'probe-seeder', role: 'admin', scope: ['*'] });
  const api = new SeedApi(app, seeder.token);
  const a = await seedStreetA(t, api);
  const actors = await createActors(t, a);
  return { t, app, routes, actors, api, a };
}

/** The database with street A and street B. */
export async function fullWorld(dialect: Dialect): Promise<FullWorld> {
  const w = await world(dialect);
  const before = await allIds(w.t.ctx);
  const b = await seedStreetB(w.t, w.api, w.a);
  const newIds = new Map([...(await allIds(w.t.ctx))].filter(([id]) => !before.has(id)));
  w.t.clock.set(PROBE_TIME);
  return { t: w.t, app: w.app, routes: w.routes, actors: w.actors, b, markers: streetBMarkers(b, newIds) };
}

/** The same street A and the same actors, without any street-B data: what street A's figures must equal. */
export async function baselineWorld(dialect: Dialect): Promise<World> {
  const w = await world(dialect);
  w.t.clock.set(PROBE_TIME);
  return { t: w.t, app: w.app, routes: w.routes, actors: w.actors };
}

export const isWrite = (r: ProbeRoute) => r.method !== 'GET';
const ok = (status: number) => status >= 200 && status < 300;

function send(app: FastifyInstance, actor: ProbeActor, req: ProbeRequest): Promise<LightMyRequestResponse> {
  const headers = { ...actor.headers };
  if (req.file) {
    const m = multipartBody(req.file);
    return app.inject({ method: req.route.method as 'POST', url: req.url, headers: { ...headers, ...m.headers }, payload: m.payload });
  }
  return app.inject({ method: req.route.method as 'POST', url: req.url, headers, payload: req.payload as Record<string, unknown> | undefined });
}

/** Refused by the route's permission before any handler ran (the auth hook's 403, or no actor). */
function refusedAtTheDoor(res: LightMyRequestResponse): boolean {
  if (res.statusCode === 401) return true;
  if (res.statusCode !== 403) return false;
  try {
    return Boolean(res.json<{ error?: { details?: { permission?: string } } }>().error?.details?.permission);
  } catch {
    return false;
  }
}

/** What the request itself carried: a refusal may repeat it, but nothing more of street B. */
function sentText(req: ProbeRequest): string {
  let url = req.url;
  try {
    url = decodeURIComponent(req.url);
  } catch {
    // keep the raw URL
  }
  return `${url} ${JSON.stringify(req.payload ?? '')} ${req.file?.content ?? ''}`;
}

/** A refusal that names street-B data the request did not carry (e.g. "already registered" with the masked ID). */
function oracle(req: ProbeRequest, res: LightMyRequestResponse, markers: readonly Marker[]): string[] {
  if (res.statusCode < 400 || res.statusCode >= 500) return [];
  const sent = sentText(req);
  return markersIn(
    res.body,
    markers.filter((m) => !sent.includes(m.value)),
  );
}

/** Requests that answered 5xx or never found their file template: not leaks, but worth a look. */
export interface Notes {
  errors: string[];
  requests: number;
  /** State fingerprints taken (one per write that passed the permission check) and their time. */
  snapshots?: { count: number; ms: number };
  /** What street A's admin got from each request (status and error code): shows whether a body got past validation. */
  adminAnswers?: Record<string, string>;
}

function noteAdmin(notes: Notes, req: ProbeRequest, actor: ProbeActor, res: LightMyRequestResponse): void {
  if (actor.name !== 'admin') return;
  let code = '';
  try {
    code = res.json<{ error?: { code?: string; message?: string } }>().error?.message ?? '';
  } catch {
    code = '';
  }
  (notes.adminAnswers ??= {})[`${routeKey(req.route)} [${req.variant}]`] = `${res.statusCode} ${code}`.trim().slice(0, 160);
}

function findingOf(req: ProbeRequest, actor: ProbeActor, kind: Finding['kind'], status: number, what: string): Finding {
  return { family: familyOf(req.route.url), route: routeKey(req.route), actor: actor.name, kind, status, what, variant: req.variant };
}

/** Every read route of the families, as every actor: markers in 2xx answers, figures against the baseline. */
export async function probeReads(w: FullWorld, base: World, routes: readonly ProbeRoute[], notes: Notes): Promise<Finding[]> {
  const out: Finding[] = [];
  const baseActor = new Map(base.actors.map((a) => [a.name, a]));
  const before = await snapshot(w.t.ctx);
  for (const route of routes) {
    for (const req of requestsFor(route, w.b)) {
      for (const actor of w.actors) {
        // Every read goes to both databases, so what the probe itself leaves behind (audited
        // denials) is the same in both and only street B's data can make figures differ.
        const [res, b] = await Promise.all([send(w.app, actor, req), send(base.app, baseActor.get(actor.name)!, req)]);
        notes.requests++;
        noteAdmin(notes, req, actor, res);
        if (res.statusCode >= 500) notes.errors.push(`${routeKey(route)} as ${actor.name}: ${res.statusCode} ${res.body.slice(0, 120)}`);
        const told = oracle(req, res, w.markers);
        if (told.length) out.push(findingOf(req, actor, 'oracle', res.statusCode, told.join('; ')));
        if (!ok(res.statusCode)) continue;
        const found = markersIn(res.body, w.markers);
        if (found.length) out.push(findingOf(req, actor, 'marker', res.statusCode, found.join('; ')));
        if (!ok(b.statusCode)) {
          out.push(findingOf(req, actor, 'exists', res.statusCode, `answers ${res.statusCode}; without street B's data ${b.statusCode}`));
          continue;
        }
        const type = String(res.headers['content-type'] ?? '');
        const diffs = figureDiffs(figures(res.body, type), figures(b.body, type)).filter(
          (d) => !figureRules.some((r) => r.route.test(routeKey(route)) && r.path.test(d.split(':')[0]!)),
        );
        if (diffs.length) out.push(findingOf(req, actor, 'count', res.statusCode, diffs.slice(0, 4).join('; ')));
      }
    }
  }
  const changed = changedTables(before, await snapshot(w.t.ctx));
  if (changed.length)
    out.push({
      family: familyOf(routes[0]?.url ?? ''),
      route: '(reads)',
      actor: '*',
      kind: 'state',
      status: 200,
      what: `reads changed ${changed.join(', ')}`,
      variant: '',
    });
  return out;
}

/** Every write route of the families, as every actor: any change of state is a finding, and so are markers. */
export async function probeWrites(w: FullWorld, routes: readonly ProbeRoute[], notes: Notes): Promise<Finding[]> {
  const out: Finding[] = [];
  let last = await snapshot(w.t.ctx);
  for (const route of routes) {
    for (const req of requestsFor(route, w.b)) {
      for (const actor of w.actors) {
        const res = await send(w.app, actor, req);
        notes.requests++;
        noteAdmin(notes, req, actor, res);
        if (res.statusCode >= 500) notes.errors.push(`${routeKey(route)} as ${actor.name}: ${res.statusCode} ${res.body.slice(0, 120)}`);
        if (refusedAtTheDoor(res)) continue;
        const told = oracle(req, res, w.markers);
        if (told.length) out.push(findingOf(req, actor, 'oracle', res.statusCode, told.join('; ')));
        const started = performance.now();
        const now = await snapshot(w.t.ctx);
        notes.snapshots = { count: (notes.snapshots?.count ?? 0) + 1, ms: (notes.snapshots?.ms ?? 0) + performance.now() - started };
        const allowed = new Set(handOffWrites.filter((r) => r.route.test(routeKey(route))).flatMap((r) => r.tables));
        const changed = changedTables(last, now).filter((t) => !allowed.has(t));
        last = now;
        if (changed.length) out.push(findingOf(req, actor, ok(res.statusCode) ? 'write' : 'state', res.statusCode, `changed ${changed.join(', ')}`));
        if (!ok(res.statusCode)) continue;
        const found = markersIn(res.body, w.markers);
        if (found.length) out.push(findingOf(req, actor, 'marker', res.statusCode, found.join('; ')));
      }
    }
  }
  return out;
}
