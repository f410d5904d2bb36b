import { AuthService } from '../../modules/auth/auth.service';
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
const FAMILIES = ['quarantine', 'people', 'audit', 'auth', 'overview'];

/** Routes that answer a file, not JSON: their columns are the CSV contract (snake_case, documented). */
const FILE_ROUTES = new Set(['GET /people/export']);

/**
 * Routes of these families not yet on the contract, each with why. Keep this short: convert the
 * route (schema in src/contract, camelCase mapper, web types) and delete its line.
 */
const PENDING: Record<string, string> = {
  // 未落格 (issue 13) landed on main with snake_case answers; its web side is features/areas/unplaced.api.ts.
  'GET /people/unplaced': 'snake_case rows; web in features/areas',
  'GET /people/unplaced/summary': 'no response schema yet; web in features/areas',
  'POST /people/assign-grid': 'no response schema yet; web in features/areas',
};

/** GETs that need a query to answer at all (a search needs something to search for). */
const QUERIES: Record<string, string> = { 'GET /people': '?q=濮阳' };

/** The parts of the OpenAPI document read here. */
type OpenApi = { paths: Record<string, Record<string, { responses?: Record<string, { content?: unknown }> }>> };

const camel = /^[a-z][a-zA-Z0-9]*$/;

/** Fields whose value is a stored record, not a shape of the contract: an audit entry's details, as written (hash-chained). */
const OPAQUE = new Set(['details']);

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
    }, 240_000);
    afterAll(() => w?.t.close());

    const ours = () => w.routes.filter((r) => FAMILIES.includes(familyOf(r.url)) && !(routeKey(r) in PENDING));

    it('every route of these families declares the response it answers', () => {
      const doc = (w.app as unknown as { swagger: () => OpenApi }).swagger();
      const missing = ours()
        .filter((r) => !FILE_ROUTES.has(routeKey(r)))
        .filter((r) => {
          const op = doc.paths[r.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[r.method.toLowerCase()];
          return !Object.entries(op?.responses ?? {}).some(([status, res]) => status === '204' || (/^2\d\d$/.test(status) && res.content));
        })
        .map(routeKey);
      expect(missing).toEqual([]);
    });

    it('every GET answers camelCase JSON that fits its schema', async () => {
      const problems: string[] = [];
      const gets = ours().filter((r) => r.method === 'GET');
      expect(gets.length).toBeGreaterThan(0);
      for (const r of gets) {
        const res = await w.app.inject({ method: 'GET', url: fillPath(r, w.b) + (QUERIES[routeKey(r)] ?? ''), headers: admin });
        if (res.statusCode >= 500) problems.push(`${routeKey(r)}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        else if (res.statusCode < 300 && String(res.headers['content-type']).startsWith('application/json'))
          problems.push(...badKeys(res.json()).map((k) => `${routeKey(r)}: ${k}`));
      }
      expect(problems).toEqual([]);
    }, 120_000);
  });
}
