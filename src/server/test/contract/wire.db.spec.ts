import { AuthService } from '../../modules/auth/auth.service';
import { AREAS } from '../fixtures';
import { testDialects } from '../engines';
import { fullWorld, type FullWorld } from '../probe/probe';
import { fillPath } from '../probe/requests';
import { familyOf, routeKey } from '../probe/routes';

/**
 * The wire contract (src/contract, DESIGN.md "one casing on the wire") for the families that
 * declare it: every route has a response schema, and every GET answers, on the probe's seeded
 * city seen by a city-wide admin, with JSON whose keys are all camelCase (a schema that no longer
 * fits its rows would answer 500 here). Families join this list when their contract lands.
 */
const FAMILIES = [
  'quarantine',
  'people',
  'audit',
  'auth',
  'overview',
  'tracing',
  'handoffs',
  'areas',
  'testing',
  'surveillance',
  'alerts',
  'triggers',
  'incidents',
  'plans',
  'tasks',
  'response',
  'work-groups',
  'roster',
  'documents',
  'basemap',
];

/** Routes that answer a file, not JSON: their columns are the CSV contract (snake_case, documented). */
const FILE_ROUTES = new Set([
  'GET /people/export',
  'GET /tracing/chains.csv',
  'GET /testing/rounds/:id/missing.csv',
  // printed documents answer application/pdf (modules/documents)
  'GET /documents/transfer-runs/:runId/sheet.pdf',
  'GET /documents/boxes/:code/manifest.pdf',
  'GET /documents/placements/:id/notice.pdf',
  'GET /documents/placements/:id/release.pdf',
  'GET /documents/rounds/:id/missing.pdf',
  // the base map's PMTiles file and label glyphs (modules/basemap), answered in byte ranges
  'GET /basemap/tiles.pmtiles',
  'GET /basemap/glyphs/:fontstack/:range',
]);

/**
 * Routes of these families not yet on the contract, each with why. Keep this short: convert the
 * route (schema in src/contract, camelCase mapper, web types) and delete its line.
 */
const PENDING: Record<string, string> = {};

/** GETs that need a query to answer at all (a search needs something to search for). */
const QUERIES: Record<string, string> = {
  'GET /people': '?q=濮阳',
  'GET /people/export': '?q=濮阳',
  // grids all have a named owner in the seeded city; its communities have none
  'GET /areas/gaps': '?level=community',
  'GET /tracing/backtrace': `?venueCode=V-QY01&from=2026-05-06T00:00:00Z&to=2026-05-06T06:00:00Z`,
  'GET /tracing/notices/overdue-by-area': `?area=${AREAS.district}`,
  'GET /testing/overdue': `?area=${AREAS.district}`,
  'GET /testing/pool-size': '?prevalence=0.01',
  'GET /testing/rounds/:id/coverage.geojson': `?area=${AREAS.streetB}`,
  'GET /testing/rounds/:id/missing': `?area=${AREAS.district}`,
  'GET /testing/rounds/:id/missing.csv': `?area=${AREAS.district}`,
  'GET /documents/rounds/:id/missing.pdf': `?area=${AREAS.streetB}`,
  'GET /people/unplaced': `?area=${AREAS.district}`,
  'GET /people/unplaced/summary': `?area=${AREAS.district}`,
  'GET /surveillance/chart': `?area=${AREAS.district}&indicator=fever_drugs`,
};

/**
 * GETs that refuse the city-wide admin token by rule, each with why. Every other GET of these
 * families must answer 2xx here: a refusal (a 400 for a missing query, a 429) would check nothing.
 */
const REFUSED: Record<string, string> = {
  'GET /auth/me': 'a session, not a token: 401',
  'GET /tracing/cases/:id/contacts-elsewhere': "only the case's epidemiologist (403)",
  'GET /documents/placements/:id/release.pdf':
    "the seeded placement is live: a release certificate is only for a released one (NOT_RELEASED, 422; modules/documents' db spec prints one)",
  'GET /basemap/tiles.pmtiles': "the probe's city has no base map installed: 404 (modules/basemap's db spec serves one)",
  'GET /basemap/glyphs/:fontstack/:range': "the probe's city has no label glyphs installed: 404 (modules/basemap's db spec serves one)",
};

/** The parts of the OpenAPI document read here. */
type OpenApi = { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>> };

const camel = /^[a-z][a-zA-Z0-9]*$/;

/** Fields whose value is a stored record, not a shape of the contract: an audit entry's details, as written (hash-chained). */
const OPAQUE = new Set(['details']);

/** The parts of a JSON Schema walked for property names. */
type Schema = {
  properties?: Record<string, Schema>;
  items?: Schema | Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: Schema | boolean;
};

/** Every property a response schema declares that is not camelCase: an empty list answered still shows its keys here. */
function badSchemaKeys(s: Schema | undefined, path = ''): string[] {
  if (!s || typeof s !== 'object') return [];
  const own = Object.entries(s.properties ?? {}).flatMap(([k, x]) => [
    ...(camel.test(k) ? [] : [`${path}.${k}`]),
    ...(OPAQUE.has(k) ? [] : badSchemaKeys(x, `${path}.${k}`)),
  ]);
  const items = Array.isArray(s.items) ? s.items : s.items ? [s.items] : [];
  const nested = [...items, ...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])].flatMap((x) => badSchemaKeys(x, `${path}[]`));
  const extra = typeof s.additionalProperties === 'object' ? badSchemaKeys(s.additionalProperties, `${path}.*`) : [];
  return [...own, ...nested, ...extra];
}

/** Every key of a JSON value that is not camelCase, as a path. */
function badKeys(v: unknown, path = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => badKeys(x, `${path}[${i}]`));
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => [...(camel.test(k) ? [] : [`${path}.${k}`]), ...(OPAQUE.has(k) ? [] : badKeys(x, `${path}.${k}`))]);
}

for (const dialect of testDialects()) {
  describe(`[${dialect}] wire contract`, () => {
    let w: FullWorld;
    let admin: Record<string, string>;
    beforeAll(async () => {
      w = await fullWorld(dialect);
      const { token } = await new AuthService(w.t.ctx).createToken(w.t.admin, { name: 'wire-admin', role: 'admin', scope: ['*'] });
      admin = { authorization: `Bearer ${token}` };
      // The seeded grids have no polygons; give them one so the GeoJSON answers carry features.
      const square = JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [119.1, 34.5],
            [119.2, 34.5],
            [119.2, 34.6],
            [119.1, 34.5],
          ],
        ],
      });
      await w.t.ctx.db.updateTable('areas').set({ geometry: square }).where('level', '=', 'grid').execute();
    }, 240_000);
    afterAll(() => w?.t.close());

    const ours = () => w.routes.filter((r) => FAMILIES.includes(familyOf(r.url)) && !(routeKey(r) in PENDING));
    const operation = (r: { method: string; url: string }) =>
      (w.app as unknown as { swagger: () => OpenApi }).swagger().paths[r.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[r.method.toLowerCase()];

    it('every route of these families declares the response it answers', () => {
      const missing = ours()
        .filter((r) => !FILE_ROUTES.has(routeKey(r)))
        .filter((r) => !Object.entries(operation(r)?.responses ?? {}).some(([status, res]) => status === '204' || (/^2\d\d$/.test(status) && res.content)))
        .map(routeKey);
      expect(missing).toEqual([]);
    });

    it('every response schema of these families names camelCase keys', () => {
      const bad = ours().flatMap((r) =>
        Object.entries(operation(r)?.responses ?? {})
          .filter(([status]) => /^2\d\d$/.test(status))
          .flatMap(([status, res]) => badSchemaKeys(res.content?.['application/json']?.schema).map((k) => `${routeKey(r)} ${status}: ${k}`)),
      );
      expect(bad).toEqual([]);
    });

    it('every GET answers camelCase JSON that fits its schema', async () => {
      const problems: string[] = [];
      const gets = ours().filter((r) => r.method === 'GET');
      expect(gets.length).toBeGreaterThan(0);
      for (const r of gets) {
        const res = await w.app.inject({ method: 'GET', url: fillPath(r, w.b) + (QUERIES[routeKey(r)] ?? ''), headers: admin });
        const refused = routeKey(r) in REFUSED;
        if (refused !== res.statusCode >= 300) problems.push(`${routeKey(r)}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        else if (res.statusCode < 300 && String(res.headers['content-type']).startsWith('application/json'))
          problems.push(...badKeys(res.json()).map((k) => `${routeKey(r)}: ${k}`));
      }
      expect(problems).toEqual([]);
    }, 120_000);
  });
}
