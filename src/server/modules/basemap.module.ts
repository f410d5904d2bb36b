import type { EpiModule } from './module';
import { basemapRoutes } from './basemap/basemap.routes';

/** The city's base map under the grids (docs/maps.md): a PMTiles extract and label glyphs served from the data directory. */
export const basemapModule: EpiModule = { name: 'basemap', routes: basemapRoutes };
