import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../harness';
import { exemptRoutes } from './exempt';
import { pendingFixes } from './pendingFixes';
import { baselineWorld, fullWorld, isWrite, probeReads, probeWrites, type FullWorld, type Notes, type World } from './probe';
import { judge, merge, table, writeReport } from './report';
import { guessedParams, hasFileTemplate } from './requests';
import { familyOf, openApiRouteKeys, routeKey, type ProbeRoute } from './routes';

/** One it-block per module family and direction, so `-t testing` probes one family. */
const FAMILIES = ['testing', 'tracing', 'quarantine', 'people', 'areas', 'auth', 'audit', 'handoffs', 'overview', 'documents'] as const;
const OTHER = 'other';

for (const dialect of testDialects()) {
  describe(`[${dialect}] route probe: every route, as every role of street A, with street B's ids, codes and areas`, () => {
    let w: FullWorld;
    let base: World;
    beforeAll(async () => {
      [w, base] = await Promise.all([fullWorld(dialect), baselineWorld(dialect)]);
    }, 240_000);
    afterAll(async () => {
      await w?.t.close();
      await base?.t.close();
    });

    const probed = (r: ProbeRoute) => !(routeKey(r) in exemptRoutes);
    const inFamily = (family: string) => (r: ProbeRoute) =>
      family === OTHER ? !(FAMILIES as readonly string[]).includes(familyOf(r.url)) : familyOf(r.url) === family;

    it('lists every route (the OpenAPI document agrees) and exempts only by a written rule', () => {
      const keys = w.routes.map(routeKey);
      expect(keys.length).toBeGreaterThan(100);
      expect(new Set(keys).size).toBe(keys.length);
      expect(openApiRouteKeys(w.app).filter((k) => !keys.includes(k))).toEqual([]);
      const stale = Object.keys(exemptRoutes).filter((k) => !keys.includes(k));
      expect(stale, 'exemptions naming no registered route').toEqual([]);
      for (const [route, rule] of Object.entries(exemptRoutes)) expect(rule.length, `rule of ${route}`).toBeGreaterThan(20);
      const noTemplate = w.routes.filter((r) => isWrite(r) && !r.body && /import/.test(r.url) && !hasFileTemplate(r)).map(routeKey);
      expect(noTemplate, 'import routes without a street-B file template in requests.ts').toEqual([]);
      const stalePending = pendingFixes.filter((p) => !keys.includes(p.route));
      expect(stalePending, 'pending entries naming no registered route').toEqual([]);
    });

    for (const direction of ['reads', 'writes'] as const) {
      for (const family of [...FAMILIES, OTHER]) {
        it(`/api/v1/${family} ${direction}`, async () => {
          const routes = w.routes
            .filter(probed)
            .filter(inFamily(family))
            .filter((r) => (direction === 'writes') === isWrite(r));
          const notes: Notes = { errors: [], requests: 0 };
          const raw = direction === 'reads' ? await probeReads(w, base, routes, notes) : await probeWrites(w, routes, notes);
          const families = family === OTHER ? [...new Set(routes.map((r) => familyOf(r.url)))] : [family];
          const verdict = judge(merge(raw), pendingFixes, dialect, families, direction);
          writeReport(dialect, `${family} ${direction}`, verdict, {
            requests: notes.requests,
            errors: notes.errors,
            guessedParams: [...guessedParams],
            adminAnswers: notes.adminAnswers,
          });
          const lines = [
            `[${dialect}] ${family} ${direction}: ${routes.length} routes, ${notes.requests} requests${notes.snapshots ? ` (${notes.snapshots.count} state fingerprints, ${Math.round(notes.snapshots.ms)} ms)` : ''}, ${verdict.failures.length} failing, ${verdict.pending.length} pending, ${verdict.fixed.length} fixed`,
          ];
          if (verdict.pending.length) lines.push(`pending (pendingFixes.ts):\n${table(verdict.pending)}`);
          if (notes.errors.length) lines.push(`5xx answers:\n  ${notes.errors.slice(0, 20).join('\n  ')}`);
          if (guessedParams.size) lines.push(`path parameters guessed (add a resolver row in requests.ts):\n  ${[...guessedParams].join('\n  ')}`);
          console.log(lines.join('\n'));
          if (verdict.failures.length) console.log(`[${dialect}] ${family} ${direction}: street-B data reached street A:\n${table(verdict.failures)}`);
          expect(verdict.failures.length, `street-B data reached street A (table above):\n${table(verdict.failures)}`).toBe(0);
          expect(
            verdict.fixed.map((p) => `${p.route} as ${p.actor} (${p.kind})`),
            'pending entries that no longer leak — remove them from pendingFixes.ts',
          ).toEqual([]);
        }, 240_000);
      }
    }
  });
}
