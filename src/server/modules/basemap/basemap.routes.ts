import * as c from '../../../contract/basemap';
import type { ModuleRoutes } from '../../http/plugin';
import { DomainError } from '../../errors';
import { glyphFile, hasGlyphs, isFilled, sendFileRanges } from './basemap-files';

const tags = ['basemap'];
const TILES_URL = '/api/v1/basemap/tiles.pmtiles';
const GLYPHS_URL = '/api/v1/basemap/glyphs/{fontstack}/{range}.pbf';

/**
 * The city's base map from EpiGrid's own disk (no outside host is ever asked): whether there is
 * one, the PMTiles file read by Range requests, and the glyphs of its labels. Any logged-in user
 * may read it: streets and roads are no one's personal or operational data.
 */
export const basemapRoutes: ModuleRoutes = async (app, { ctx }) => {
  app.get(
    '/basemap',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Whether a base map (and glyphs for its labels) is installed, and where the web reads it', response: { 200: c.basemapInfo } },
    },
    async () => {
      const available = await isFilled(ctx.config.basemapFile);
      const glyphs = await hasGlyphs(ctx.config);
      return { available, tilesUrl: available ? TILES_URL : null, glyphs, glyphsUrl: glyphs ? GLYPHS_URL : null };
    },
  );

  app.get(
    '/basemap/tiles.pmtiles',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'The base map PMTiles file — answers application/octet-stream; send Range: bytes=a-b for 206 Partial Content' },
    },
    async (req, reply) => {
      if (!(await isFilled(ctx.config.basemapFile))) throw new DomainError('NOT_FOUND', 'No base map is installed (docs/maps.md)', { what: 'basemap' });
      return sendFileRanges(req, reply, ctx.config.basemapFile, 'application/vnd.pmtiles');
    },
  );

  app.get(
    '/basemap/glyphs/:fontstack/:range',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'A glyph PBF (256 code points of a font) for map labels — answers application/x-protobuf', params: c.glyphParams },
    },
    async (req, reply) => {
      const file = await glyphFile(ctx.config, req.params.fontstack, req.params.range);
      if (!file) throw new DomainError('NOT_FOUND', `No glyphs ${req.params.range} for ${req.params.fontstack}`, { what: 'glyphs' });
      return sendFileRanges(req, reply, file, 'application/x-protobuf');
    },
  );
};
