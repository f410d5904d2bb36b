import { gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

/**
 * A minimal PMTiles v3 writer (spec: github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md) for
 * the small test extract: one root directory, no leaf directories, gzip inside. npm has readers
 * only (`pmtiles`); cities make real extracts with go-pmtiles (docs/maps.md).
 */
export interface Tile {
  z: number;
  x: number;
  y: number;
  /** The tile's bytes as stored: here a gzip-compressed Mapbox Vector Tile. */
  data: Uint8Array;
}

export interface ArchiveInfo {
  bounds: [number, number, number, number];
  center: [number, number, number];
  minZoom: number;
  maxZoom: number;
  metadata: Record<string, unknown>;
}

const HEADER_BYTES = 127;
const GZIP = 2;
const MVT = 1;

function varints(values: number[]): number[] {
  const out: number[] = [];
  for (let v of values) {
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  }
  return out;
}

/** The directory: count, then delta-coded tile ids, run lengths, lengths and offsets (0 = right after the previous), as varints. */
function directory(entries: Array<{ tileId: number; offset: number; length: number }>): Buffer {
  const ids = entries.map((e, i) => e.tileId - (i ? entries[i - 1]!.tileId : 0));
  const offsets = entries.map((e, i) => (i && e.offset === entries[i - 1]!.offset + entries[i - 1]!.length ? 0 : e.offset + 1));
  const bytes = varints([entries.length, ...ids, ...entries.map(() => 1), ...entries.map((e) => e.length), ...offsets]);
  return gzipSync(Buffer.from(bytes));
}

function header(f: Record<string, number>, info: ArchiveInfo): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  h.write('PMTiles', 0, 'ascii');
  h.writeUInt8(3, 7);
  const u64 = [
    'rootOffset',
    'rootLength',
    'metaOffset',
    'metaLength',
    'leafOffset',
    'leafLength',
    'dataOffset',
    'dataLength',
    'addressed',
    'entries',
    'contents',
  ];
  u64.forEach((k, i) => h.writeBigUInt64LE(BigInt(f[k]!), 8 + 8 * i));
  h.writeUInt8(1, 96); // clustered: tiles in tile-id order
  h.writeUInt8(GZIP, 97);
  h.writeUInt8(GZIP, 98);
  h.writeUInt8(MVT, 99);
  h.writeUInt8(info.minZoom, 100);
  h.writeUInt8(info.maxZoom, 101);
  const e7 = (deg: number) => Math.round(deg * 1e7);
  [info.bounds[0], info.bounds[1], info.bounds[2], info.bounds[3]].forEach((d, i) => h.writeInt32LE(e7(d), 102 + 4 * i));
  h.writeUInt8(info.center[2], 118);
  h.writeInt32LE(e7(info.center[0]), 119);
  h.writeInt32LE(e7(info.center[1]), 123);
  return h;
}

/** The archive's bytes: header, root directory, metadata, then the tiles in tile-id order. */
export function writePmtiles(tiles: Tile[], info: ArchiveInfo): Buffer {
  const sorted = tiles.map((t) => ({ ...t, tileId: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.tileId - b.tileId);
  let offset = 0;
  const entries = sorted.map((t) => {
    const e = { tileId: t.tileId, offset, length: t.data.length };
    offset += t.data.length;
    return e;
  });
  const root = directory(entries);
  const meta = gzipSync(Buffer.from(JSON.stringify(info.metadata)));
  const rootOffset = HEADER_BYTES;
  const metaOffset = rootOffset + root.length;
  const dataOffset = metaOffset + meta.length;
  const n = sorted.length;
  const fields = {
    rootOffset,
    rootLength: root.length,
    metaOffset,
    metaLength: meta.length,
    leafOffset: dataOffset,
    leafLength: 0,
    dataOffset,
    dataLength: offset,
    addressed: n,
    entries: n,
    contents: n,
  };
  return Buffer.concat([header(fields, info), root, meta, ...sorted.map((t) => Buffer.from(t.data))]);
}
