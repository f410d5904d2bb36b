import type { ZoneKind } from '../../../contract/zones';

export const ZONE_ZH: Record<ZoneKind, string> = { sealed: '封控区', controlled: '管控区', precaution: '防范区' };
/** How strict a zone is (the map's colour ramp): 3 封控区, 2 管控区, 1 防范区; 0 is the incident's area. */
export const ZONE_TONE: Record<ZoneKind, number> = { sealed: 3, controlled: 2, precaution: 1 };

/** A bound that keeps one zone's polygon a drawing, not a data set. */
export const MAX_VERTICES = 10_000;

type Problems = Record<string, string>;

/**
 * A drawn zone polygon: GeoJSON Polygon or MultiPolygon in WGS-84 [lng, lat], every ring closed
 * with at least 4 positions and every position in range. Returns the problems by field
 * (`polygon.coordinates[0][1]: …`), empty when it is fine.
 */
export function polygonProblems(g: { type: string; coordinates?: unknown }): Problems {
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return { 'polygon.type': `must be Polygon or MultiPolygon, not ${g.type}` };
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (!Array.isArray(polygons) || polygons.length === 0) return { 'polygon.coordinates': 'must be a non-empty array of rings' };
  let vertices = 0;
  for (const [pi, rings] of polygons.entries()) {
    const at = g.type === 'Polygon' ? 'polygon.coordinates' : `polygon.coordinates[${pi}]`;
    if (!Array.isArray(rings) || rings.length === 0) return { [at]: 'must be a non-empty array of rings' };
    for (const [ri, ring] of rings.entries()) {
      const field = `${at}[${ri}]`;
      if (!Array.isArray(ring) || ring.length < 4) return { [field]: 'a ring needs at least 4 positions (the first repeated last)' };
      for (const [k, p] of ring.entries()) {
        const bad = positionProblem(p);
        if (bad) return { [`${field}[${k}]`]: bad };
      }
      const [a, b] = [ring[0] as number[], ring[ring.length - 1] as number[]];
      if (a[0] !== b[0] || a[1] !== b[1]) return { [field]: 'the ring is not closed: its last position must repeat its first' };
      vertices += ring.length;
    }
  }
  if (vertices > MAX_VERTICES) return { 'polygon.coordinates': `${vertices} positions: at most ${MAX_VERTICES}` };
  return {};
}

function positionProblem(p: unknown): string | null {
  if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') return 'must be [lng, lat] numbers';
  const [lng, lat] = p as [number, number];
  if (!Number.isFinite(lng) || lng < -180 || lng > 180) return `lng ${lng} is outside -180…180`;
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) return `lat ${lat} is outside -90…90`;
  return null;
}

/**
 * The rest of a zone's shape: something to draw (area codes or a polygon), each area inside the
 * incident's area and none twice, an end after the start.
 */
export function zoneProblems(
  z: { areaCodes: readonly string[]; hasPolygon: boolean; startsAt: string; endsAt: string | null },
  incidentArea: string,
): Problems {
  if (z.areaCodes.length === 0 && !z.hasPolygon) return { areaCodes: 'give area codes or a drawn polygon (or both)' };
  const seen = new Set<string>();
  for (const [i, code] of z.areaCodes.entries()) {
    if (!code.startsWith(incidentArea)) return { [`areaCodes[${i}]`]: `${code} is outside the incident's area ${incidentArea}` };
    if (seen.has(code)) return { [`areaCodes[${i}]`]: `${code} is listed twice` };
    seen.add(code);
  }
  if (z.endsAt && Date.parse(z.endsAt) <= Date.parse(z.startsAt)) return { endsAt: 'must be after startsAt' };
  return {};
}

/** Is a zone in force at `now`? */
export function zoneActive(z: { starts_at: string; ends_at: string | null }, now: string): boolean {
  return z.starts_at <= now && (z.ends_at === null || z.ends_at > now);
}
