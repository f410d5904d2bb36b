import fs from 'node:fs';
import { DomainError } from '../../errors';

/** The environment variable naming a CJK font file (TTF, OTF or TTC) for printed documents. */
export const PDF_FONT_ENV = 'EPIGRID_PDF_FONT';

/**
 * Fonts tried when EPIGRID_PDF_FONT is unset, in order. No npm package in the tree ships a CJK
 * font, so the system's is used: CI and the install guide add Debian's fonts-wqy-zenhei. A TTC
 * holds several faces; `face` names the one to embed (its PostScript name).
 */
export const DEFAULT_PDF_FONTS: ReadonlyArray<{ path: string; face?: string }> = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
];

export interface PdfFont {
  path: string;
  /** The face inside a collection (.ttc); undefined for a single-face file. */
  face?: string;
}

/**
 * The one place that decides which font printed documents use: `configured` (EPIGRID_PDF_FONT,
 * optionally `path#Face` for a collection) or the first default that exists. Fails with the font
 * and the variable to set, rather than printing Chinese as empty boxes.
 */
export function resolvePdfFont(configured: string | undefined, exists: (p: string) => boolean = fs.existsSync): PdfFont {
  if (configured) {
    const [file = '', face] = configured.split('#');
    if (!exists(file)) throw new DomainError('PDF_FONT_MISSING', `${PDF_FONT_ENV}=${file}: no such font file`, { env: PDF_FONT_ENV, font: file });
    if (!face && file.toLowerCase().endsWith('.ttc'))
      throw new DomainError('PDF_FONT_MISSING', `${PDF_FONT_ENV}=${file} is a collection: name the face, e.g. ${file}#WenQuanYiZenHei`, {
        env: PDF_FONT_ENV,
        font: file,
      });
    return face ? { path: file, face } : { path: file };
  }
  const found = DEFAULT_PDF_FONTS.find((f) => exists(f.path));
  if (!found)
    throw new DomainError(
      'PDF_FONT_MISSING',
      `No CJK font for printing: install fonts-wqy-zenhei (${DEFAULT_PDF_FONTS[0]?.path}) or set ${PDF_FONT_ENV} to a TTF/OTF/TTC file`,
      { env: PDF_FONT_ENV, font: DEFAULT_PDF_FONTS[0]?.path },
    );
  return found;
}
