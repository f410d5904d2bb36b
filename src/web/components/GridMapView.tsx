import type { FeatureCollection } from 'geojson';
import maplibregl, { type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import 'maplibre-gl/dist/maplibre-gl.css';

export interface GridMapProps {
  /** Polygons with a numeric property to colour by. */
  data: FeatureCollection;
  valueProperty: string;
  /** [min, max] of the colour ramp; values outside are clamped. */
  range?: [number, number];
  /** Low → high colours (default red → green, e.g. coverage). */
  colors?: [string, string];
  height?: number;
  onClick?: (properties: Record<string, unknown>) => void;
  /** Points drawn over the polygons (sentinels, sites): Point features with a `color` property. */
  points?: FeatureCollection;
  onPointClick?: (properties: Record<string, unknown>) => void;
  /** Frame the points only (the polygons around may be far larger than where the points are). */
  fitPoints?: boolean;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Grid polygons coloured by a figure, with no tile server: a plain background and GeoJSON layers. */
export default function GridMapView({
  data,
  valueProperty,
  range = [0, 1],
  colors = ['#d73027', '#1a9850'],
  height = 420,
  onClick,
  points,
  onPointClick,
  fitPoints = false,
}: GridMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<MapLibreMap | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const m = new maplibregl.Map({
      container: el.current,
      style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#eef2f5' } }] },
      center: [119.2, 34.6],
      zoom: 10,
      attributionControl: false,
    });
    m.on('load', () => {
      m.addSource('grids', { type: 'geojson', data });
      m.addLayer({
        id: 'fill',
        type: 'fill',
        source: 'grids',
        paint: {
          'fill-color': ['interpolate', ['linear'], ['coalesce', ['get', valueProperty], range[0]], range[0], colors[0], range[1], colors[1]],
          'fill-opacity': 0.7,
        },
      });
      m.addLayer({ id: 'line', type: 'line', source: 'grids', paint: { 'line-color': '#555', 'line-width': 0.5 } });
      m.addSource('points', { type: 'geojson', data: points ?? EMPTY });
      m.addLayer({
        id: 'points',
        type: 'circle',
        source: 'points',
        paint: { 'circle-radius': 7, 'circle-color': ['coalesce', ['get', 'color'], '#1677ff'], 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 },
      });
      fit(m, fitPoints && points?.features.length ? EMPTY : data, points);
    });
    if (onClick) m.on('click', 'fill', (e) => e.features?.[0] && onClick(e.features[0].properties as Record<string, unknown>));
    if (onPointClick) m.on('click', 'points', (e) => e.features?.[0] && onPointClick(e.features[0].properties as Record<string, unknown>));
    map.current = m;
    return () => m.remove();
    // the map is created once; data updates below
  }, []);

  useEffect(() => {
    const src = map.current?.getSource<GeoJSONSource>('grids');
    if (src && map.current) {
      src.setData(data);
      map.current.getSource<GeoJSONSource>('points')?.setData(points ?? EMPTY);
      fit(map.current, fitPoints && points?.features.length ? EMPTY : data, points);
    }
  }, [data, points, fitPoints]);

  return <div ref={el} style={{ height, width: '100%', borderRadius: 4 }} data-testid="grid-map" />;
}

function fit(m: MapLibreMap, data: FeatureCollection, points?: FeatureCollection): void {
  const b = new maplibregl.LngLatBounds();
  // Outer rings only: holes lie inside them. Merged grids that do not touch are MultiPolygons.
  for (const f of data.features) {
    const g = f.geometry;
    const outers = g.type === 'Polygon' ? [g.coordinates[0]] : g.type === 'MultiPolygon' ? g.coordinates.map((p) => p[0]) : [];
    for (const ring of outers) for (const [lon, lat] of ring ?? []) b.extend([lon as number, lat as number]);
  }
  for (const f of points?.features ?? []) if (f.geometry.type === 'Point') b.extend([f.geometry.coordinates[0] as number, f.geometry.coordinates[1] as number]);
  if (!b.isEmpty()) m.fitBounds(b, { padding: 40, animate: false, maxZoom: 15 });
}
