/**
 * A sentinel's place on the map: its own coordinates (WGS-84 degrees) when given, else its area's
 * centroid. Pure rules, no I/O.
 */

/** A point given for a sentinel this far from its area's centroid is more likely a typo (or lng/lat swapped) than a place in the area. */
export const MAX_KM_FROM_AREA = 100;

export interface LngLat {
  lng: number;
  lat: number;
}

/** Great-circle distance in km (haversine; plenty for a sanity check). */
export function distanceKm(a: LngLat, b: LngLat): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/**
 * The field errors of a sentinel's coordinates (empty = fine): both or neither, finite, in range,
 * and — when the area has a centroid — within MAX_KM_FROM_AREA of it.
 */
export function positionErrors(p: { lng?: number | null; lat?: number | null }, areaCentroid: LngLat | null): Record<string, string> {
  const has = (v: number | null | undefined): v is number => v !== undefined && v !== null;
  if (!has(p.lng) && !has(p.lat)) return {};
  if (!has(p.lng)) return { lng: 'give lng with lat (both or neither)' };
  if (!has(p.lat)) return { lat: 'give lat with lng (both or neither)' };
  const errors: Record<string, string> = {};
  if (!Number.isFinite(p.lng) || p.lng < -180 || p.lng > 180) errors.lng = 'must be a longitude in degrees, -180 to 180';
  if (!Number.isFinite(p.lat) || p.lat < -90 || p.lat > 90) errors.lat = 'must be a latitude in degrees, -90 to 90';
  if (Object.keys(errors).length || !areaCentroid) return errors;
  const km = distanceKm({ lng: p.lng, lat: p.lat }, areaCentroid);
  if (km > MAX_KM_FROM_AREA)
    return { lng: `the point is ${Math.round(km)} km from the area's centre (at most ${MAX_KM_FROM_AREA}); check the values and that lng comes before lat` };
  return {};
}

/** Where the map draws a sentinel: its own point, else its area's centroid, else nowhere. */
export function placeOf(
  s: { lng: number | null; lat: number | null },
  area: { lng: number | null; lat: number | null },
): (LngLat & { placed: 'own' | 'centroid' }) | null {
  if (s.lng !== null && s.lat !== null) return { lng: s.lng, lat: s.lat, placed: 'own' };
  if (area.lng !== null && area.lat !== null) return { lng: area.lng, lat: area.lat, placed: 'centroid' };
  return null;
}
