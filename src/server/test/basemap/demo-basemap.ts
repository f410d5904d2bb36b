import { gzipSync } from 'node:zlib';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import vtpbf from 'vt-pbf';
import { writePmtiles, type Tile } from './pmtiles-writer';

/**
 * A small, made-up base map of the demo city (src/sim/layout.ts DISTRICT_BOX, near lon 119.2,
 * lat 34.6) in the Protomaps basemap schema (layers earth, water, landuse, roads, places with
 * `kind` and `name`/`name:zh`/`name:en`), so @protomaps/basemaps styles it like a real extract.
 * e2e/fixtures/basemap-demo.pmtiles is its output: `npx tsx e2e/fixtures/make-basemap.ts`.
 */
const MIN_ZOOM = 9;
const MAX_ZOOM = 14;
const BOUNDS: [number, number, number, number] = [119.0, 34.45, 119.4, 34.72];

type Props = Record<string, string | number>;
const f = (geometry: Geometry, properties: Props): Feature => ({ type: 'Feature', geometry, properties });
const line = (coords: Array<[number, number]>, p: Props) => f({ type: 'LineString', coordinates: coords }, p);
const box = (w: number, s: number, e: number, n: number, p: Props) =>
  f(
    {
      type: 'Polygon',
      coordinates: [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    },
    p,
  );
const named = (zh: string, en: string) => ({ name: zh, 'name:zh': zh, 'name:en': en });

function roads(): Feature[] {
  const major: Feature[] = [
    line(
      [
        [119.0, 34.6],
        [119.4, 34.6],
      ],
      { kind: 'major_road', min_zoom: 9, ...named('朝阳路', 'Chaoyang Road') },
    ),
    line(
      [
        [119.0, 34.56],
        [119.4, 34.562],
      ],
      { kind: 'major_road', min_zoom: 9, ...named('解放路', 'Jiefang Road') },
    ),
    line(
      [
        [119.0, 34.64],
        [119.4, 34.638],
      ],
      { kind: 'major_road', min_zoom: 9, ...named('海连路', 'Hailian Road') },
    ),
    line(
      [
        [119.15, 34.45],
        [119.152, 34.72],
      ],
      { kind: 'major_road', min_zoom: 9, ...named('通灌路', 'Tongguan Road') },
    ),
    line(
      [
        [119.25, 34.45],
        [119.25, 34.72],
      ],
      { kind: 'major_road', min_zoom: 9, ...named('新浦路', 'Xinpu Road') },
    ),
    line(
      [
        [119.0, 34.5],
        [119.2, 34.51],
        [119.4, 34.53],
      ],
      { kind: 'highway', min_zoom: 9, ...named('连霍高速', 'Lianhuo Expressway') },
    ),
  ];
  const minor: Feature[] = [];
  for (let i = 1; i < 15; i++) {
    const lon = 119.05 + i * 0.02;
    const lat = 34.5 + i * 0.012;
    minor.push(
      line(
        [
          [lon, 34.5],
          [lon, 34.68],
        ],
        { kind: 'minor_road', min_zoom: 12, ...named(`经${i}路`, `Jing ${i} Rd`) },
      ),
    );
    minor.push(
      line(
        [
          [119.05, lat],
          [119.35, lat],
        ],
        { kind: 'minor_road', min_zoom: 12, ...named(`纬${i}路`, `Wei ${i} Rd`) },
      ),
    );
  }
  return [...major, ...minor];
}

function layers(): Record<string, FeatureCollection> {
  const fc = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });
  return {
    earth: fc([box(BOUNDS[0], BOUNDS[1], BOUNDS[2], BOUNDS[3], { kind: 'earth' })]),
    water: fc([
      box(119.29, 34.615, 119.32, 34.63, { kind: 'lake', ...named('东湖', 'East Lake') }),
      line(
        [
          [119.0, 34.66],
          [119.1, 34.67],
          [119.2, 34.665],
          [119.4, 34.69],
        ],
        { kind: 'river', ...named('蔷薇河', 'Qiangwei River') },
      ),
    ]),
    landuse: fc([box(119.17, 34.58, 119.19, 34.59, { kind: 'park', ...named('苍梧绿园', 'Cangwu Park') })]),
    roads: fc(roads()),
    places: fc([
      f({ type: 'Point', coordinates: [119.2, 34.59] }, { kind: 'locality', min_zoom: 9, population_rank: 10, ...named('海州区', 'Haizhou') }),
      f({ type: 'Point', coordinates: [119.12, 34.62] }, { kind: 'neighbourhood', min_zoom: 12, ...named('朐阳街道', 'Quyang') }),
      f({ type: 'Point', coordinates: [119.28, 34.55] }, { kind: 'neighbourhood', min_zoom: 12, ...named('洪门街道', 'Hongmen') }),
    ]),
  };
}

const lonToX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const latToY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

/** Every tile of zooms 9–14 over the box, each a gzip-compressed MVT of all layers. */
export function buildDemoBasemap(): Buffer {
  const indexes = Object.entries(layers()).map(
    ([name, data]) => [name, new GeoJSONVT(data, { maxZoom: MAX_ZOOM, indexMaxZoom: MAX_ZOOM, buffer: 64 })] as const,
  );
  const tiles: Tile[] = [];
  for (let z = MIN_ZOOM; z <= MAX_ZOOM; z++) {
    for (let x = lonToX(BOUNDS[0], z); x <= lonToX(BOUNDS[2], z); x++) {
      for (let y = latToY(BOUNDS[3], z); y <= latToY(BOUNDS[1], z); y++) {
        const parts = Object.fromEntries(indexes.flatMap(([name, index]) => (index.getTile(z, x, y) ? [[name, index.getTile(z, x, y)!]] : [])));
        if (Object.keys(parts).length) tiles.push({ z, x, y, data: gzipSync(vtpbf.fromGeojsonVt(parts, { version: 2 })) });
      }
    }
  }
  return writePmtiles(tiles, {
    bounds: BOUNDS,
    center: [119.2, 34.59, 12],
    minZoom: MIN_ZOOM,
    maxZoom: MAX_ZOOM,
    metadata: {
      name: 'EpiGrid demo city (test fixture)',
      attribution: 'EpiGrid test fixture (made-up streets)',
      vector_layers: Object.keys(layers()).map((id) => ({ id, fields: {}, minzoom: MIN_ZOOM, maxzoom: MAX_ZOOM })),
    },
  });
}
