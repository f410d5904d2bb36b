#!/usr/bin/env node
/* global console -- a Node script: it reports the sizes it wrote */
// After `vite build`: write a brotli (.br) and a gzip (.gz) copy beside every text asset of
// dist/web, so the server sends them as they are (@fastify/static `preCompressed`) with no
// compression work per request. The web app is ~3 MB of JavaScript; brotli makes it ~0.8 MB.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/web');
const TEXT = /\.(js|css|html|svg|json|txt|webmanifest)$/;
const MIN_BYTES = 1024; // smaller files gain nothing (@fastify/static skips them too)

function* files(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (TEXT.test(e.name)) yield p;
  }
}

let raw = 0;
let br = 0;
for (const file of files(root)) {
  const data = fs.readFileSync(file);
  if (data.length < MIN_BYTES) continue;
  const b = zlib.brotliCompressSync(data, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 10, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  fs.writeFileSync(`${file}.br`, b);
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
  raw += data.length;
  br += b.length;
}
console.log(`web assets: ${(raw / 1e6).toFixed(2)} MB, brotli ${(br / 1e6).toFixed(2)} MB`);
