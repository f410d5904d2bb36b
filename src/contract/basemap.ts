import { z } from 'zod';

/**
 * The city's base map (docs/maps.md): a PMTiles extract EpiGrid serves from its own disk, and
 * optionally the glyph PBFs its labels are drawn with. The web draws plain grids when there is none.
 */
export const basemapInfo = z.object({
  /** A PMTiles file is in place: the web reads it through `tilesUrl` with HTTP Range requests. */
  available: z.boolean(),
  tilesUrl: z.string().nullable(),
  /** Glyph PBFs are in place (`glyphsUrl` is MapLibre's `glyphs` template); without them labels are drawn from local fonts. */
  glyphs: z.boolean(),
  glyphsUrl: z.string().nullable(),
});
export type BasemapInfo = z.infer<typeof basemapInfo>;

/** `/basemap/glyphs/Noto Sans Regular/0-255.pbf`: a font stack (names MapLibre sends, comma-separated) and a range of 256 code points. */
export const glyphParams = z.object({
  fontstack: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9 ,_-]+$/, 'must be font names (letters, digits, spaces, commas, - and _)'),
  range: z.string().regex(/^\d{1,5}-\d{1,5}\.pbf$/, 'must be a glyph range such as 0-255.pbf'),
});
