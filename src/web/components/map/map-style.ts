import { layers as basemapLayers, namedFlavor } from '@protomaps/basemaps';
import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { BasemapInfo } from '../../../contract/basemap';

/** The background of a map without a base map: what EpiGrid drew before one was installed. */
export const PLAIN_BACKGROUND = '#eef2f5';
export const BASEMAP_SOURCE = 'protomaps';
/** Fonts our own labels ask for: the Protomaps glyph set's name, drawn from local fonts without one. */
export const LABEL_FONT = ['Noto Sans Regular'];
/** The Protomaps extract is OpenStreetMap data (ODbL): its attribution must be shown. */
export const BASEMAP_ATTRIBUTION = '© OpenStreetMap · Protomaps';

export interface GridStyle {
  valueProperty: string;
  range: [number, number];
  colors: [string, string];
  /** The property drawn on each polygon and point as its name. */
  labelProperty: string;
  pointLabelProperty: string;
  /** The property that tells one polygon from another (its code): the hovered one is outlined. */
  hoverProperty: string;
}

export interface MapStyleInput {
  /** The server's answer; null while there is no base map (or the answer failed). */
  basemap: BasemapInfo | null;
  /** Absolute origin the tile and glyph URLs are resolved against (the page's own server). */
  origin: string;
  lang: 'zh' | 'en';
  grid: GridStyle;
  grids: FeatureCollection;
  labels: FeatureCollection;
  points: FeatureCollection;
}

/**
 * The whole map style: the city's base map (Protomaps light, labels in the user's language) when
 * the server has one, else a plain background; then our grids, their names and the point markers.
 * Grid fills sit under the base map's labels so street names stay readable through them.
 */
export function mapStyle(input: MapStyleInput): StyleSpecification {
  const { basemap, origin, lang, grid } = input;
  const withBase = !!basemap?.available && !!basemap.tilesUrl;
  const base = withBase
    ? drawableBasemapLayers(lang)
    : [{ id: 'bg', type: 'background', paint: { 'background-color': PLAIN_BACKGROUND } } as LayerSpecification];
  const isText = (l: LayerSpecification) => l.type === 'symbol';
  const style: StyleSpecification = {
    version: 8,
    sources: {
      grids: { type: 'geojson', data: input.grids },
      'grid-labels': { type: 'geojson', data: input.labels },
      points: { type: 'geojson', data: input.points },
      ...(withBase ? { [BASEMAP_SOURCE]: { type: 'vector', url: `pmtiles://${origin}${basemap.tilesUrl ?? ''}`, attribution: BASEMAP_ATTRIBUTION } } : {}),
    },
    layers: [...base.filter((l) => !isText(l)), ...gridLayers(grid, withBase), ...base.filter(isText), ...labelLayers(grid)],
  };
  // Without glyph PBFs MapLibre draws every label from the browser's fonts: nothing is fetched.
  if (withBase && basemap.glyphs && basemap.glyphsUrl) style.glyphs = `${origin}${basemap.glyphsUrl}`;
  return style;
}

/** Layers that are their icon (road shields, one-way arrows): nothing is left of them without the sprite. */
const ICON_ONLY = new Set(['roads_shields', 'roads_oneway']);

/**
 * Protomaps' light layers without its sprite sheet (EpiGrid serves none): icon-only layers go, and
 * the others (town dots, POIs) keep their names and lose their icons, so no label waits for an image.
 */
export function drawableBasemapLayers(lang: 'zh' | 'en'): LayerSpecification[] {
  return basemapLayers(BASEMAP_SOURCE, namedFlavor('light'), { lang })
    .filter((l) => !ICON_ONLY.has(l.id))
    .map((l) => {
      if (l.type !== 'symbol' || !l.layout || !('icon-image' in l.layout)) return l;
      const layout = Object.fromEntries(Object.entries(l.layout).filter(([k]) => !k.startsWith('icon-')));
      return { ...l, layout };
    });
}

function fillColor(grid: GridStyle): string | ExpressionSpecification {
  const [lo, hi] = grid.range;
  // interpolate needs rising stops: a flat range draws every polygon in the high colour.
  if (hi <= lo) return grid.colors[1];
  return ['interpolate', ['linear'], ['to-number', ['coalesce', ['get', grid.valueProperty], lo]], lo, grid.colors[0], hi, grid.colors[1]];
}

function gridLayers(grid: GridStyle, withBase: boolean): LayerSpecification[] {
  return [
    { id: 'grid-fill', type: 'fill', source: 'grids', paint: { 'fill-color': fillColor(grid), 'fill-opacity': withBase ? 0.55 : 0.75 } },
    {
      id: 'grid-line',
      type: 'line',
      source: 'grids',
      paint: { 'line-color': '#434343', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.5, 15, 1.5] },
    },
    // The hovered polygon's outline; the tooltip sets its filter to that polygon's code.
    { id: 'grid-hover', type: 'line', source: 'grids', filter: ['==', ['get', grid.hoverProperty], ''], paint: { 'line-color': '#1d39c4', 'line-width': 2.5 } },
  ];
}

const HALO = { 'text-color': '#262626', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 } as const;

function labelLayers(grid: GridStyle): LayerSpecification[] {
  return [
    {
      id: 'grid-label',
      type: 'symbol',
      source: 'grid-labels',
      layout: {
        'text-field': ['to-string', ['get', grid.labelProperty]],
        'text-font': LABEL_FONT,
        'text-size': ['interpolate', ['linear'], ['zoom'], 11, 11, 16, 14],
        'text-max-width': 8,
        'text-padding': 2,
      },
      paint: HALO,
    },
    {
      id: 'points',
      type: 'circle',
      source: 'points',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 5, 15, 8],
        'circle-color': ['coalesce', ['get', 'color'], '#1677ff'],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'point-label',
      type: 'symbol',
      source: 'points',
      layout: {
        'text-field': ['to-string', ['coalesce', ['get', grid.pointLabelProperty], '']],
        'text-font': LABEL_FONT,
        'text-size': 11,
        'text-offset': [0, 1.1],
        'text-anchor': 'top',
        'text-optional': true,
      },
      paint: { ...HALO, 'text-color': '#10239e' },
    },
  ];
}
