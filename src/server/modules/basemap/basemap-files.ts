import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import send from '@fastify/send';
import type { Config } from '../../config';
import { DomainError } from '../../errors';

/** A regular, non-empty file (an empty placeholder counts as no base map). */
export async function isFilled(file: string): Promise<boolean> {
  const st = await fs.stat(file).catch(() => null);
  return !!st && st.isFile() && st.size > 0;
}

/** Glyphs count as present when the folder holds at least one font folder. */
export async function hasGlyphs(config: Config): Promise<boolean> {
  const entries = await fs.readdir(config.basemapGlyphsDir, { withFileTypes: true }).catch(() => []);
  return entries.some((e) => e.isDirectory());
}

/**
 * The glyph file for a font stack MapLibre asks for ("Noto Sans Regular,Noto Sans CJK"): the first
 * font of the stack that has the range, so a stack naming a font the city did not copy still draws.
 */
export async function glyphFile(config: Config, fontstack: string, range: string): Promise<string | null> {
  for (const font of fontstack.split(',').map((f) => f.trim())) {
    if (!font || font.startsWith('.')) continue;
    const file = path.join(config.basemapGlyphsDir, font, range);
    if (path.dirname(path.dirname(file)) !== config.basemapGlyphsDir) continue; // no way out of the folder
    if (await isFilled(file)) return file;
  }
  return null;
}

/**
 * Answer a file with HTTP Range support (206 with Content-Range, 416 past its end, ETag and
 * If-Range) by streaming only the asked bytes from disk: a city's extract is hundreds of MB and the
 * map reads a few KB of it per tile. @fastify/send (the file sender behind @fastify/static) does it.
 */
export async function sendFileRanges(req: FastifyRequest, reply: FastifyReply, file: string, contentType: string): Promise<FastifyReply> {
  const res = await send(req.raw, encodeURIComponent(path.basename(file)), {
    root: path.dirname(file),
    acceptRanges: true,
    etag: true,
    lastModified: true,
    cacheControl: false,
    dotfiles: 'allow', // the name is ours (configured), never the caller's
  });
  if (res.type !== 'file') {
    res.stream.destroy();
    if (res.statusCode !== 416) throw new DomainError('NOT_FOUND', 'No such file', { what: path.basename(file) });
    // Content-Range: bytes */SIZE tells the reader how long the file is.
    return reply
      .status(416)
      .header('content-range', res.headers['Content-Range'] ?? '')
      .send({
        error: { code: 'RANGE_NOT_SATISFIABLE', message: 'Range lies past the end of the file', details: { contentRange: res.headers['Content-Range'] } },
      });
  }
  return reply
    .status(res.statusCode)
    .headers({ ...res.headers, 'content-type': contentType, 'cache-control': 'private, no-cache' })
    .send(res.stream);
}
