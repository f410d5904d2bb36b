/**
 * Request generation for the OpenAPI fuzz test (issue 11, finding 3): plausible bodies from each
 * route's JSON schema, then one field at a time replaced by hostile values. Seeded, so a failure
 * reproduces; bounded, so the run stays well under a minute per engine.
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface JsonSchema {
  type?: string | string[];
  enum?: Json[];
  const?: Json;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
}

/** mulberry32: a tiny seeded generator; the same seed gives the same requests. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

/** Values any field may receive from a hostile or broken client. */
export const HOSTILE: ReadonlyArray<[string, Json]> = [
  ['int > 2^31', 2 ** 31],
  ['int 2^53+', 2 ** 53 + 2],
  ['int < -2^31', -(2 ** 31) - 1],
  ['1e308', 1e308],
  ['fraction', 0.5],
  ['negative', -1],
  ['NUL char', 'x\u0000y'],
  ['lone surrogate', 'a\ud800b'],
  ['bad date', '2026-13-45T99:99:99Z'],
  ['word date', 'yesterday'],
  ['date no zone', '2026-05-06 10:00'],
  ['long string', 'x'.repeat(20_000)],
  ['empty string', ''],
  ['digits 40', '9'.repeat(40)],
  ['array', ['a', 1, null]],
  ['big array', Array.from({ length: 6_000 }, (_, i) => `id-${i}`)],
  ['object', { a: { b: 1 } }],
  ['null', null],
  ['boolean', true],
  ['number', 12],
];

/** Whole bodies that are not the expected object at all. */
export const HOSTILE_BODIES: ReadonlyArray<[string, Json]> = [
  ['empty object', {}],
  ['array body', [1, 2, 3]],
  ['string body', 'hello'],
  ['null body', null],
  ['deep nesting', JSON.parse('['.repeat(2000) + ']'.repeat(2000)) as Json],
];

/** Values for a query parameter (already URL-encoded). */
export const HOSTILE_QUERY: readonly string[] = [
  'zzz',
  '-1',
  '0',
  '99999999999999999999',
  '1e309',
  'NaN',
  '%00',
  'x%00y',
  '%ED%A0%80',
  '%FF%FE',
  'eyJhIjoxfQ',
  '2026-13-45T99%3A99%3A99Z',
  'yesterday',
  'x'.repeat(5000),
  '%27%20or%201%3D1--',
];

/** Values for a path parameter (URL-encoded). */
export const HOSTILE_PATH: readonly string[] = ['x', '0', '-1', '99999999999999999999', '%00', '%ED%A0%80', 'x'.repeat(600), "'%3B--", '..%2F..%2Fetc'];

export interface Hints {
  areaCode: string;
  idNumber: string;
  now: string;
  ids: readonly string[];
}

/** A plausible value for a schema, so that mutating one field reaches the code behind validation. */
export function sample(s: JsonSchema | undefined, name: string, h: Hints, r: () => number, depth = 0): Json {
  if (!s || depth > 6) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return pick(r, s.enum);
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return sample(alt.find((x) => x.type !== 'null') ?? alt[0], name, h, r, depth + 1);
  if (s.allOf?.length) return sample(s.allOf[0], name, h, r, depth + 1);
  const type = Array.isArray(s.type) ? (s.type.find((x) => x !== 'null') ?? 'string') : (s.type ?? (s.properties ? 'object' : 'string'));
  switch (type) {
    case 'object': {
      const out: Record<string, Json> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        // sex and birth date must match the ID number: leave them to it.
        if (!s.required?.includes(k) && (k === 'sex' || k === 'birthDate')) continue;
        if (s.required?.includes(k) || r() < 0.7) out[k] = sample(v, k, h, r, depth + 1);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sample(s.items, name, h, r, depth + 1));
    case 'integer':
      return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 3, 3));
    case 'number':
      return Math.max(s.minimum ?? 0.1, Math.min(s.maximum ?? 0.5, 0.5));
    case 'boolean':
      return true;
    default:
      return sampleString(s, name, h, r);
  }
}

/** Values the generic generator cannot guess, by field name (so plausible bodies pass validation). */
const FIELD_HINTS: Record<string, Json> = {
  role: 'grid_worker',
  duty: 'locality',
  poolSize: 10,
  floors: '3',
  rooms: '1-10',
  password: 'Fuzz-password-2026!',
  newPassword: 'Fuzz-password-2026!',
  code: 'FZ001',
  siteCode: 'FZ001',
  labCode: 'FZ001',
  plate: '苏G12345',
};

function sampleString(s: JsonSchema, name: string, h: Hints, r: () => number): Json {
  if (name in FIELD_HINTS) return FIELD_HINTS[name] as Json;
  if (/(Date|Dates|^date|On)$/.test(name)) return h.now.slice(0, 10);
  if (s.format === 'date-time' || /(At|^from$|^to$|^before$|^after$|since|until|deadline)$/i.test(name)) return h.now;
  if (s.pattern === '^\\d{2,18}$' || /area/i.test(name)) return h.areaCode;
  if (/idNumber/i.test(name)) return h.idNumber;
  if (/phone/i.test(name)) return '13912345678';
  if (/(Id|^id)s?$/.test(name) && h.ids.length) return pick(r, h.ids);
  if (s.pattern === '^(\\*|\\d{2,18})$' || name === 'scope') return h.areaCode;
  if (/^\d/.test(s.pattern ?? '') || /^\^\\d/.test(s.pattern ?? '')) return '1'.repeat(Math.max(2, s.minLength ?? 6));
  const base = `fuzz-${name}`;
  return base.slice(0, s.maxLength ?? base.length).padEnd(s.minLength ?? 0, 'x');
}

/** Paths to every leaf of a sampled body (bounded), so each can be replaced in turn. */
export function leafPaths(v: Json, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (out.length >= 40) return out;
  if (v !== null && typeof v === 'object') {
    const entries: Array<[string | number, Json]> = Array.isArray(v) ? v.slice(0, 2).map((x, i) => [i, x]) : Object.entries(v);
    if (prefix.length) out.push(prefix);
    for (const [k, x] of entries) leafPaths(x, [...prefix, k], out);
  } else {
    out.push(prefix);
  }
  return out;
}

export function withValue(body: Json, path: ReadonlyArray<string | number>, value: Json): Json {
  if (path.length === 0) return value;
  const copy = structuredClone(body) as Record<string | number, Json>;
  let at: Record<string | number, Json> = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, Json>;
  at[path[path.length - 1] as string | number] = value;
  return copy;
}

/** Malformed files for the import routes: junk, broken CSV quoting, fake and truncated XLSX. */
export function hostileFiles(r: () => number, realXlsx: Buffer, header: string): Array<[string, string, Buffer]> {
  const junk = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256)));
  return [
    ['binary junk', 'data.csv', junk(64 * 1024)],
    ['binary junk 3 MB', 'data.csv', junk(3 * 1024 * 1024)],
    ['unclosed quote', 'data.csv', Buffer.from(`${header}\n"abc,def\nxyz,1\n`)],
    ['quote in unquoted field', 'data.csv', Buffer.from(`${header}\nab"c,de"f,1\n`)],
    ['NUL in CSV', 'data.csv', Buffer.from(`${header}\na\u0000b,c,d\n`)],
    ['lone surrogate bytes', 'data.csv', Buffer.concat([Buffer.from(`${header}\n`), Buffer.from([0xed, 0xa0, 0x80, 0x2c, 0x31, 0x0a])])],
    ['only header', 'data.csv', Buffer.from(`${header}\n`)],
    ['empty', 'data.csv', Buffer.alloc(0)],
    ['many columns', 'data.csv', Buffer.from(`${header}\n${'x,'.repeat(5000)}\n`)],
    ['huge field', 'data.csv', Buffer.from(`${header}\n${'y'.repeat(2 * 1024 * 1024)},1\n`)],
    ['many bad rows', 'data.csv', Buffer.from(`${header}\n${'bad,row,here,1999-99-99\n'.repeat(30_000)}`)],
    ['fake xlsx', 'data.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), junk(4096)])],
    ['truncated xlsx', 'data.xlsx', realXlsx.subarray(0, Math.floor(realXlsx.length / 2))],
    ['csv named xlsx', 'data.xlsx', Buffer.from(`${header}\na,b,c\n`)],
    ['junk named xlsx', 'data.xlsx', junk(10_000)],
  ];
}

/** A multipart body carrying one file; `truncate` cuts it before the closing boundary. */
export function multipartBody(filename: string, content: Buffer, truncate = false): { payload: Buffer; contentType: string } {
  const boundary = '----epigridfuzz7MA4YWxkTrZu0gW';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const payload = truncate ? Buffer.concat([head, content.subarray(0, Math.floor(content.length / 2))]) : Buffer.concat([head, content, tail]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}
