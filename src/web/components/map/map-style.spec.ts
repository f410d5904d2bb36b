import type { FeatureCollection } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';
import type { BasemapInfo } from '../../../contract/basemap';
import { BASEMAP_SOURCE, drawableBasemapLayers, mapStyle, PLAIN_BACKGROUND } from './map-style';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const grid = {
  valueProperty: 'coverage',
  range: [0, 1] as [number, number],
  colors: ['#d73027', '#1a9850'] as [string, string],
  labelProperty: 'name',
  pointLabelProperty: 'name',
  hoverProperty: 'code',
};
const input = (basemap: BasemapInfo | null, lang: 'zh' | 'en' = 'zh') => ({
  basemap,
  origin: 'https://epigrid.city.example',
  lang,
  grid,
  grids: EMPTY,
  labels: EMPTY,
  points: EMPTY,
});
const withTiles: BasemapInfo = { available: true, tilesUrl: '/api/v1/basemap/tiles.pmtiles', glyphs: false, glyphsUrl: null };
const ids = (layers: LayerSpecification[]) => layers.map((l) => l.id);

describe('map style', () => {
  it('draws a plain background and no base map source while the server has none', () => {
    const style = mapStyle(input(null));
    expect(style.layers[0]).toEqual({ id: 'bg', type: 'background', paint: { 'background-color': PLAIN_BACKGROUND } });
    expect(Object.keys(style.sources).sort()).toEqual(['grid-labels', 'grids', 'points']);
    expect(style.glyphs).toBeUndefined();
    expect(ids(style.layers)).toEqual(['bg', 'grid-fill', 'grid-line', 'grid-hover', 'grid-label', 'points', 'point-label']);
  });

  it('reads the extract from our own server through pmtiles://, with its attribution', () => {
    const style = mapStyle(input(withTiles));
    const src = style.sources[BASEMAP_SOURCE];
    expect(src).toMatchObject({ type: 'vector', url: 'pmtiles://https://epigrid.city.example/api/v1/basemap/tiles.pmtiles' });
    expect(JSON.stringify(src)).toContain('OpenStreetMap');
  });

  it('puts the base map under the grids, its labels above the grid fill, and our names and markers on top', () => {
    const order = ids(mapStyle(input(withTiles)).layers);
    const at = (id: string) => {
      expect(order).toContain(id);
      return order.indexOf(id);
    };
    expect(order[0]).toBe('background');
    expect(at('water')).toBeLessThan(at('grid-fill'));
    expect(at('roads_major')).toBeLessThan(at('grid-fill'));
    expect(at('roads_labels_major')).toBeGreaterThan(at('grid-line'));
    expect(at('places_locality')).toBeLessThan(at('grid-label'));
    expect(order.slice(-3)).toEqual(['grid-label', 'points', 'point-label']);
  });

  it('names places in the user’s language: Chinese first, English when chosen', () => {
    const field = (lang: 'zh' | 'en') => JSON.stringify(drawableBasemapLayers(lang).find((l) => l.id === 'places_locality'));
    expect(field('zh')).toContain('name:zh');
    expect(field('en')).toContain('name:en');
  });

  it('needs no sprite sheet (EpiGrid serves none): icon-only layers go, the others keep their names', () => {
    const layers = drawableBasemapLayers('zh');
    expect(layers.some((l) => l.type === 'symbol' && l.layout && 'icon-image' in l.layout)).toBe(false);
    expect(ids(layers)).not.toContain('roads_shields');
    expect(ids(layers)).toEqual(expect.arrayContaining(['pois', 'places_locality', 'roads_labels_minor']));
    expect(layers.find((l) => l.id === 'places_locality')).toMatchObject({ layout: { 'text-field': expect.anything() } });
  });

  it('asks glyphs of our server only when it has them; otherwise labels come from local fonts', () => {
    expect(mapStyle(input(withTiles)).glyphs).toBeUndefined();
    const glyphs = { ...withTiles, glyphs: true, glyphsUrl: '/api/v1/basemap/glyphs/{fontstack}/{range}.pbf' };
    expect(mapStyle(input(glyphs)).glyphs).toBe('https://epigrid.city.example/api/v1/basemap/glyphs/{fontstack}/{range}.pbf');
  });

  it('colours by the figure between the ramp ends, and in one colour when the range is flat', () => {
    const fill = (range: [number, number]) => mapStyle({ ...input(null), grid: { ...grid, range } }).layers.find((l) => l.id === 'grid-fill');
    expect(JSON.stringify(fill([0, 1]))).toContain('"interpolate"');
    expect(fill([1, 1])).toMatchObject({ paint: { 'fill-color': '#1a9850' } });
  });
});
