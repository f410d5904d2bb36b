import fs from 'node:fs';
import os from 'node:os';
import { AREAS, newPerson } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { CasesService } from '../tracing/cases.service';
import { IncidentsService } from './incidents.service';
import { epigrid, staffStreetA } from './response-kit';
import { ZonesService } from './zones.service';

const square = [
  [119.1, 34.5],
  [119.2, 34.5],
  [119.2, 34.6],
  [119.1, 34.5],
];

for (const dialect of testDialects()) {
  describe(`[${dialect}] response: control zones and the incident map`, () => {
    let t: TestContext;
    let staff: Awaited<ReturnType<typeof staffStreetA>>;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      staff = await staffStreetA(t);
      t.clock.set('2026-05-06T02:00:00.000Z');
      // the grid and building of street A with a polygon and a centroid, for the map
      await t.ctx.db
        .updateTable('areas')
        .set({ geometry: JSON.stringify({ type: 'Polygon', coordinates: [square] }), centroid_lon: 119.15, centroid_lat: 34.55 })
        .where('code', '=', AREAS.gridA)
        .execute();
    });
    afterAll(() => t.close());

    const open = (name: string) => new IncidentsService(t.ctx).create(t.admin, { name, areaCode: AREAS.streetA, t0: '2026-05-06T01:00:00Z' });

    it('CLI: zone add by areas and by polygon, list, end; each on the timeline and audited', async () => {
      const inc = await open('zones');
      const sealed = (await epigrid(t, 'zone', 'add', '--incident', inc.id, '--kind', 'sealed', '--areas', AREAS.buildingA, '--json')) as {
        id: string;
        name: string;
        active: boolean;
      };
      expect(sealed).toMatchObject({ name: 'zones 封控区', active: true });
      const file = `${os.tmpdir()}/epigrid-zone-${dialect}.geojson`;
      fs.writeFileSync(file, JSON.stringify({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [square] }, properties: {} }));
      await epigrid(t, 'zone', 'add', '--incident', inc.id, '--kind', 'precaution', '--polygon', file, '--to', '2026-05-20T00:00:00Z', '--json');
      const list = (await epigrid(t, 'zone', 'list', '--incident', inc.id, '--json')) as Array<{
        kind: string;
        areaCodes: string[];
        polygon: unknown;
        endsAt: string | null;
      }>;
      expect(list.map((z) => [z.kind, z.areaCodes, !!z.polygon, z.endsAt])).toEqual([
        ['sealed', [AREAS.buildingA], false, null],
        ['precaution', [], true, '2026-05-20T00:00:00.000Z'],
      ]);
      t.clock.set('2026-05-06T03:00:00.000Z');
      expect(await epigrid(t, 'zone', 'end', sealed.id, '--note', '连续14天无新增', '--json')).toMatchObject({
        active: false,
        endsAt: '2026-05-06T03:00:00.000Z',
      });
      await expect(epigrid(t, 'zone', 'end', sealed.id, '--note', 'again')).rejects.toMatchObject({ code: 'ZONE_ENDED' });
      const detail = await new IncidentsService(t.ctx).get(t.admin, inc.id);
      expect(detail.timeline.map((e) => e.kind)).toEqual(['opened', 'zone', 'zone', 'zone_ended']);
      expect(detail.links.filter((l) => l.kind === 'zone')).toHaveLength(2);
      const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', sealed.id).orderBy('seq').execute();
      expect(audit.map((a) => a.action)).toEqual(['response.zone_created', 'response.zone_ended']);
      t.clock.set('2026-05-06T02:00:00.000Z');
    });

    it('refuses bad zones naming the field, writing nothing', async () => {
      const inc = await open('bad zones');
      const app = await t.app();
      const post = (payload: Record<string, unknown>) =>
        app.inject({ method: 'POST', url: `/api/v1/incidents/${inc.id}/zones`, headers: { cookie: staff.commander.cookie }, payload });
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ kind: 'sealed' }, 'areaCodes'],
        [{ kind: 'sealed', areaCodes: [AREAS.buildingB] }, 'areaCodes[0]'],
        [{ kind: 'sealed', areaCodes: [`${AREAS.streetA}999`] }, 'areaCodes[0]'],
        [{ kind: 'sealed', polygon: { type: 'Polygon', coordinates: [square.slice(0, 3)] } }, 'polygon.coordinates[0]'],
        [{ kind: 'sealed', areaCodes: [AREAS.gridA], startsAt: '2026-05-06T00:00:00Z', endsAt: '2026-05-05T00:00:00Z' }, 'endsAt'],
      ];
      for (const [body, field] of cases) {
        const res = await post(body);
        expect(res.statusCode, `${JSON.stringify(body)} ${res.body}`).toBe(400);
        expect(Object.keys(res.json().error.details.fields), JSON.stringify(body)).toContain(field);
      }
      expect(await t.ctx.db.selectFrom('response_zones').select('id').where('incident_id', '=', inc.id).execute()).toEqual([]);
      await new IncidentsService(t.ctx).close(t.admin, inc.id, '结束');
      expect((await post({ kind: 'sealed', areaCodes: [AREAS.gridA] })).json().error.code).toBe('INCIDENT_CLOSED');
    });

    it('the map: area, zones and the linked case as a point; zones and map outside the scope answer 404', async () => {
      const inc = await open('map');
      const sick = await newPerson(t, { areaCode: AREAS.buildingA });
      const c = await new CasesService(t.ctx).create(t.admin, { personId: sick.id, reportedAt: '2026-05-06T00:30:00Z', samplingDate: '2026-05-05' });
      await new IncidentsService(t.ctx).link(t.admin, inc.id, 'case', c.id);
      await epigrid(t, 'zone', 'add', '--incident', inc.id, '--kind', 'controlled', '--areas', AREAS.gridA);
      const app = await t.app();
      const map = await app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.id}/map.geojson`, headers: { cookie: staff.official.cookie } });
      expect(map.statusCode).toBe(200);
      const features = map.json().features as Array<{ geometry: { type: string; coordinates: unknown } | null; properties: Record<string, unknown> }>;
      // street A has no polygon of its own: its drawn grids stand for it
      expect(features.map((f) => [f.properties.layer, f.properties.tone, f.geometry?.type])).toEqual([
        ['area', 0, 'Polygon'],
        ['zone', 2, 'Polygon'],
        ['case', 0, 'Point'],
      ]);
      expect(features[2]).toMatchObject({ geometry: { coordinates: [119.15, 34.55] }, properties: { label: c.code, color: '#cf1322' } });
      expect(map.body).not.toContain(sick.name);
      const other = await t.loginAs('commander', [AREAS.streetB]);
      for (const url of [`/api/v1/incidents/${inc.id}/map.geojson`, `/api/v1/incidents/${inc.id}/zones`])
        expect((await app.inject({ method: 'GET', url, headers: { cookie: other.cookie } })).statusCode).toBe(404);
      const zone = (await new ZonesService(t.ctx).list(t.admin, inc.id))[0]!;
      const end = await app.inject({ method: 'POST', url: `/api/v1/zones/${zone.id}/end`, headers: { cookie: other.cookie }, payload: { note: 'x' } });
      expect(end.statusCode).toBe(404);
    });
  });
}
