import type { Feature, Geometry } from 'geojson';
import type { IncidentMap, MapProperties } from '../../../contract/zones';
import type { AppContext } from '../../context';
import { parseJson } from '../../db/dialect';
import { Access, Scope } from '../access';
import { selfAndAncestors } from '../areas';
import type { Actor } from '../auth/actor';
import { ZONE_TONE, zoneActive } from './zone-rules';
import { ZonesService } from './zones.service';

/** Grids drawn when the incident's own area has no polygon (a street without a drawn outline). */
const MAX_GRIDS = 500;
const CASE_COLOR = '#cf1322';
const PLACEMENT_COLOR = '#1677ff';

type MapFeature = Feature<Geometry | null, MapProperties>;

/**
 * An incident on the map, as one GeoJSON FeatureCollection: its area (or its drawn grids), each zone
 * (the drawn polygon, else its areas' polygons), and points for the linked cases and placements the
 * caller may read — each at the centroid of the nearest area that has one (the case's area, the
 * facility's area), never at an address. Four reads whatever the number of links.
 */
export async function incidentMap(ctx: AppContext, actor: Actor, id: string): Promise<IncidentMap> {
  const scope = Scope.of(actor);
  await new Access(ctx.db, scope).ensure('incident', id, 'read');
  const incident = await ctx.db.selectFrom('incidents').select(['area_code', 'name']).where('id', '=', id).executeTakeFirstOrThrow();
  const zones = await new ZonesService(ctx).list(actor, id);
  const now = ctx.clock.nowIso();
  const links = ctx.db.selectFrom('incident_links').select('ref_id').where('incident_id', '=', id);
  const cases = await ctx.db
    .selectFrom('cases')
    .select(['id', 'code', 'area_code'])
    .where('id', 'in', links.where('kind', '=', 'case'))
    .where((eb) => scope.where(eb, 'area_code'))
    .execute();
  const placements = await ctx.db
    .selectFrom('placements as p')
    .innerJoin('facilities as f', 'f.id', 'p.facility_id')
    .select(['p.id', 'f.name', 'f.area_code'])
    .where('p.id', 'in', links.where('kind', '=', 'placement'))
    .where((eb) => scope.where(eb, 'p.area_code'))
    .execute();
  const zoneAreas = zones.filter((z) => !z.polygon).flatMap((z) => parseJson<string[]>(z.area_codes, []));
  const pointAreas = [...cases, ...placements].flatMap((r) => selfAndAncestors(r.area_code));
  const wanted = [...new Set([incident.area_code, ...zoneAreas, ...pointAreas])];
  const areas = new Map(
    (
      await ctx.db
        .selectFrom('areas')
        .select(['code', 'name', 'geometry', 'centroid_lon', 'centroid_lat'])
        .where('code', 'in', wanted.length ? wanted : [''])
        .execute()
    ).map((a) => [a.code, a]),
  );
  const polygon = (code: string) => parseJson<Geometry | null>(areas.get(code)?.geometry, null);
  const centroid = (code: string): Geometry | null => {
    for (const c of selfAndAncestors(code).reverse()) {
      const a = areas.get(c);
      if (a?.centroid_lon != null && a.centroid_lat != null) return { type: 'Point', coordinates: [a.centroid_lon, a.centroid_lat] };
    }
    return null;
  };
  const feature = (geometry: Geometry | null, p: Partial<MapProperties> & Pick<MapProperties, 'layer' | 'ref' | 'label'>): MapFeature => ({
    type: 'Feature',
    geometry,
    properties: { kind: null, tone: 0, color: null, active: true, ...p },
  });
  const out: MapFeature[] = [];
  const own = polygon(incident.area_code);
  if (own) out.push(feature(own, { layer: 'area', ref: incident.area_code, label: areas.get(incident.area_code)?.name ?? incident.area_code }));
  else out.push(...(await drawnGrids(ctx, incident.area_code)).map((g) => feature(g.geometry, { layer: 'area', ref: g.code, label: g.name })));
  for (const z of zones) {
    const props = { layer: 'zone' as const, ref: z.id, label: z.name, kind: z.kind, tone: ZONE_TONE[z.kind], active: zoneActive(z, now) };
    if (z.polygon) out.push(feature(parseJson<Geometry | null>(z.polygon, null), props));
    else for (const code of parseJson<string[]>(z.area_codes, [])) out.push(feature(polygon(code), props));
  }
  for (const c of cases) out.push(feature(centroid(c.area_code), { layer: 'case', ref: c.id, label: c.code, color: CASE_COLOR }));
  for (const p of placements) out.push(feature(centroid(p.area_code), { layer: 'placement', ref: p.id, label: p.name, color: PLACEMENT_COLOR }));
  return { type: 'FeatureCollection', features: out as IncidentMap['features'] };
}

async function drawnGrids(ctx: AppContext, area: string): Promise<Array<{ code: string; name: string; geometry: Geometry }>> {
  const rows = await ctx.db
    .selectFrom('areas')
    .select(['code', 'name', 'geometry'])
    .where('code', '>', area)
    .where('code', '<', `${area}~`)
    .where('level', '=', 'grid')
    .where('geometry', 'is not', null)
    .orderBy('code')
    .limit(MAX_GRIDS)
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, geometry: JSON.parse(r.geometry as string) as Geometry }));
}
