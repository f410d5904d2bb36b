import type { FeatureCollection } from 'geojson';
import maplibregl, { type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import 'maplibre-gl/dist/maplibre-gl.css';
import { registerPmtiles, useBasemap } from './map/basemap';
import { bounds, labelPoints } from './map/geometry';
import { gridFigure, type MapLegendSpec } from './map/legend';
import { MapLegend } from './map/MapLegend';
import { mapStyle } from './map/map-style';
import { attachTooltips } from './map/tooltip';

export interface GridMapProps {
  /** Polygons with a numeric property to colour by. */
  data: FeatureCollection;
  valueProperty: string;
  /** [min, max] of the colour ramp; values outside are clamped. */
  range?: [number, number];
  /** Low → high colours (default red → green, e.g. coverage). */
  colors?: [string, string];
  /** What the colours and markers mean, in the user's language: every map says its own. */
  legend: MapLegendSpec;
  /** The property written on each polygon and shown in its tooltip (default `name`). */
  labelProperty?: string;
  height?: number;
  onClick?: (properties: Record<string, unknown>) => void;
  /** Points drawn over the polygons (sentinels, sites): Point features with a `color` property. */
  points?: FeatureCollection;
  /** The property written under each marker (default `name`). */
  pointLabelProperty?: string;
  /** A point's second tooltip line (its status, its kind). */
  pointDetail?: (properties: Record<string, unknown>) => string | null;
  onPointClick?: (properties: Record<string, unknown>) => void;
  /** Frame the points only (the polygons around may be far larger than where the points are). */
  fitPoints?: boolean;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
/** CJK labels are drawn from the browser's fonts (no glyph download for thousands of characters). */
const CJK_FONTS = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Zen Hei', sans-serif";

/**
 * Grid polygons coloured by a figure, their names, point markers, a legend and tooltips, over the
 * city's base map when the server has one (docs/maps.md) or a plain background when not. Every
 * byte comes from EpiGrid's own server.
 */
export default function GridMapView(props: GridMapProps) {
  const { data, valueProperty, range = [0, 1], colors = ['#d73027', '#1a9850'], height = 420, points, fitPoints = false } = props;
  const labelProperty = props.labelProperty ?? 'name';
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const basemap = useBasemap();
  const el = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<MapLibreMap | null>(null);
  // Handlers read the latest props: the map is built once, the page re-renders often.
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    if (!el.current || basemap === undefined) return;
    if (basemap) registerPmtiles();
    const hoverProperty = identity(data, labelProperty);
    const grid = { valueProperty, range, colors, labelProperty, pointLabelProperty: props.pointLabelProperty ?? 'name', hoverProperty };
    const m = new maplibregl.Map({
      container: el.current,
      style: mapStyle({ basemap, origin: window.location.origin, lang, grid, grids: data, labels: labelPoints(data), points: points ?? EMPTY }),
      center: [119.2, 34.6],
      zoom: 10,
      localIdeographFontFamily: CJK_FONTS,
      attributionControl: basemap ? { compact: true } : false,
      cooperativeGestures: false,
    });
    frame(m, fitPoints && points?.features.length ? EMPTY : data, points);
    const nameOf = (p: Record<string, unknown>, key: string) => (typeof p[key] === 'string' && p[key] ? p[key] : t('gridmap.unnamed'));
    attachTooltips(m, {
      hoverKey: hoverProperty,
      grid: (p) => ({ name: nameOf(p, labelProperty), figure: gridFigure(latest.current.legend, valueProperty, p) }),
      point: (p) => ({ name: nameOf(p, latest.current.pointLabelProperty ?? 'name'), figure: latest.current.pointDetail?.(p) ?? null }),
    });
    m.on('click', 'grid-fill', (e) => e.features?.[0] && latest.current.onClick?.(e.features[0].properties as Record<string, unknown>));
    m.on('click', 'points', (e) => e.features?.[0] && latest.current.onPointClick?.(e.features[0].properties as Record<string, unknown>));
    // Browser tests (and people waiting on a slow line) can tell when the first frame is complete.
    m.on('idle', () => box.current?.setAttribute('data-idle', 'true'));
    map.current = m;
    return () => {
      map.current = null;
      m.remove();
    };
    // built once the base map answer is in (and again for another language); data updates below
  }, [basemap, lang]);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const apply = () => {
      m.getSource<GeoJSONSource>('grids')?.setData(data);
      m.getSource<GeoJSONSource>('grid-labels')?.setData(labelPoints(data));
      m.getSource<GeoJSONSource>('points')?.setData(points ?? EMPTY);
      frame(m, fitPoints && points?.features.length ? EMPTY : data, points);
    };
    if (m.isStyleLoaded()) apply();
    else m.on('load', apply);
  }, [data, points, fitPoints]);

  return (
    <div
      ref={box}
      style={{ position: 'relative', height, width: '100%' }}
      data-testid="grid-map"
      data-basemap={basemap ? 'city' : basemap === null ? 'plain' : 'loading'}
    >
      <div ref={el} style={{ position: 'absolute', inset: 0, borderRadius: 4, overflow: 'hidden' }} />
      <MapLegend spec={props.legend} range={range} colors={colors} basemap={!!basemap} />
    </div>
  );
}

/** What tells the polygons apart: their area code (grids) or reference (incident layers), else their name. */
function identity(data: FeatureCollection, labelProperty: string): string {
  const first = data.features[0]?.properties ?? {};
  return ['code', 'ref'].find((k) => k in first) ?? labelProperty;
}

function frame(m: MapLibreMap, data: FeatureCollection, points?: FeatureCollection): void {
  const b = bounds(data, points ?? EMPTY);
  if (b) m.fitBounds(b, { padding: 40, animate: false, maxZoom: 15 });
}
