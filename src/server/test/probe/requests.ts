import { AREAS } from '../fixtures';
import type { JsonSchema, ProbeRoute } from './routes';
import { API, routeKey } from './routes';
import type { FilePart } from './seed-api';
import { at, type Kind, type StreetB } from './seed';

/** One request the probe sends: the route filled with street-B values. */
export interface ProbeRequest {
  route: ProbeRoute;
  /** What this variant puts in (e.g. `query.q=ID number`), for the report. */
  variant: string;
  url: string;
  payload?: unknown;
  file?: FilePart;
}

/** Path parameters the resolver could only guess; reported so a resolver row gets added. */
export const guessedParams = new Set<string>();

/** Collection segment → the kind of record its `:id` / `:code` names. */
const segmentKind: Record<string, Kind> = {
  rounds: 'round',
  tubes: 'tube',
  boxes: 'box',
  rechecks: 'recheck',
  venues: 'venue',
  cases: 'case',
  spans: 'span',
  contacts: 'contact',
  notices: 'notice',
  arrivals: 'arrival',
  facilities: 'facility',
  rooms: 'room',
  placements: 'placement',
  tasks: 'task',
  transfers: 'transfer',
  vehicles: 'vehicle',
  'transfer-runs': 'run',
  handoffs: 'handoff',
  users: 'user',
  tokens: 'token',
  people: 'person',
  responsibles: 'responsible',
  sites: 'site',
  labs: 'lab',
  'work-groups': 'work_group',
  rotations: 'rotation',
  alerts: 'alert',
  incidents: 'incident',
  zones: 'zone',
};

const isKind = (s: string, b: StreetB): s is Kind => s in b.ids;

function firstEnum(s: JsonSchema | undefined, last = false): string | number | boolean | null | undefined {
  if (!s) return undefined;
  if (s.enum?.length) return s.enum[last ? s.enum.length - 1 : 0];
  if (s.const !== undefined) return s.const;
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) {
    const v = firstEnum(alt, last);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Fill one path parameter with a street-B value of the right kind. */
function pathValue(route: ProbeRoute, segments: string[], i: number, b: StreetB): string {
  const name = segments[i]!.slice(1);
  const enumValue = firstEnum(route.params?.properties?.[name]);
  if (enumValue !== undefined) return String(enumValue);
  const prev = segments[i - 1] ?? '';
  if (prev === 'areas' && name === 'code') return AREAS.streetB;
  // plans hold city-wide (no area): the shipped one, in the baseline as well, so reading it shows nothing of street B's
  if (prev === 'plans' && name === 'code') return 'six-rapid';
  // a base map label glyph file (modules/basemap): not an area's data
  if (segments.includes('glyphs')) return name === 'fontstack' ? 'Noto Sans Regular' : '0-255.pbf';
  const named = name.endsWith('Id') ? name.slice(0, -2) : '';
  const kind: Kind | undefined = isKind(named, b) ? named : segmentKind[prev];
  if (!kind) {
    guessedParams.add(`${routeKey(route)} :${name}`);
    return b.ids.person;
  }
  if (name === 'code' || name === 'barcode') return b.codes[kind] ?? b.ids[kind];
  return b.ids[kind];
}

export function fillPath(route: ProbeRoute, b: StreetB): string {
  const segments = route.url.split('/');
  return segments.map((s, i) => (s.startsWith(':') ? encodeURIComponent(pathValue(route, segments, i, b)) : s)).join('/');
}

/** Street A's own case, which a street-B resident met: its answers must show street B only as counts. */
function pathsFor(route: ProbeRoute, b: StreetB): Array<[string, string]> {
  const paths: Array<[string, string]> = [['', fillPath(route, b)]];
  if (/\/tracing\/cases\/:id(\/(trace|public-notice))?$/.test(route.url)) paths.push(['path=street A case', route.url.replace(':id', b.touchedInA.case)]);
  return paths;
}

/** Field names that identify street-B data, and the street-B value each gets. */
function identifying(name: string, route: ProbeRoute, b: StreetB): unknown[] | undefined {
  const p = b.people[0]!;
  const routeKind = segmentKind[route.url.slice(API.length).split('/')[1] ?? ''];
  const table: Record<string, unknown[]> = {
    area: [AREAS.streetB],
    areaCode: [AREAS.buildingB],
    areas: [[AREAS.streetB]],
    scope: [[AREAS.streetB]],
    personId: [p.id],
    keepId: [p.id],
    mergeId: [b.people[1]!.id],
    personIds: [[p.id]],
    idNumber: [p.idNumber],
    idNumbers: [[p.idNumber]],
    phone: [p.phone],
    q: [p.name, p.idNumber, p.phone],
    venueCode: [b.codes.venue, b.touchedInA.venue],
    siteCode: [b.codes.site],
    labCode: [b.codes.lab],
    tubeBarcode: [b.codes.tube],
    tubeBarcodes: [[b.unboxedTube]],
    roundId: [b.ids.round],
    caseId: [b.ids.case],
    sourceCaseId: [b.ids.case],
    cluster: [b.ids.case],
    facilityId: [b.ids.facility],
    toFacilityId: [b.ids.facility],
    roomId: [b.ids.room],
    vehicleId: [b.ids.vehicle],
    userId: [b.ids.user],
    groupId: [b.ids.work_group],
    targetId: [p.id],
    ids: routeKind ? [[b.ids[routeKind]]] : undefined,
  } as Record<string, unknown[]>;
  return table[name];
}

/** A plausible value for a field that does not identify anything (times, counts, free text). */
function plainString(name: string, s: JsonSchema): string {
  // a body's choice takes the last value: the first is usually the default, and a write that sets
  // what is already there changes nothing the probe could see
  const e = firstEnum(s, true);
  if (e !== undefined) return String(e);
  if (/Date$|^date$/.test(name)) return '2026-05-06';
  if (/At$|^(at|deadline|from|before)$/.test(name)) return name === 'from' ? at(-600) : at(120);
  if (name === 'to') return at(170);
  const known: Record<string, string> = {
    duty: 'grid_worker',
    result: 'positive',
    role: 'admin',
    username: 'probe-new-user',
    password: 'Probe-new-password-456',
    code: 'QYPROBE1',
  };
  if (known[name]) return known[name];
  let v = 'probe';
  if (s.minLength && v.length < s.minLength) v = v.padEnd(s.minLength, 'x');
  return v;
}

function plainNumber(name: string, s: JsonSchema): number {
  const known: Record<string, number> = { temperature: 38.5, dailyCapacity: 100, capacity: 4, weightKg: 1, day: 1, count: 1, landingTestHours: 5 };
  // zod's int() says min/max safe integer: not a real bound
  const min = s.minimum !== undefined && s.minimum > -1e9 ? s.minimum : s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : undefined;
  const max = s.maximum !== undefined && s.maximum < 1e9 ? s.maximum : undefined;
  let v = known[name] ?? Math.max(min ?? 3, 3);
  if (max !== undefined && v > max) v = max;
  return v;
}

function typeOf(s: JsonSchema): string | undefined {
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  if (t) return t;
  const alt = [...(s.anyOf ?? []), ...(s.oneOf ?? [])].find((x) => x.type !== 'null');
  return alt ? typeOf(alt) : undefined;
}

function branch(s: JsonSchema): JsonSchema {
  if (s.type || s.enum) return s;
  return [...(s.anyOf ?? []), ...(s.oneOf ?? [])].find((x) => x.type !== 'null') ?? s;
}

/** A sample value for a schema: required fields filled, identifying fields with street-B values. */
function sample(name: string, raw: JsonSchema, route: ProbeRoute, b: StreetB): unknown {
  const s = branch(raw);
  const id = identifying(name, route, b);
  if (id) return id[0];
  switch (typeOf(s)) {
    case 'object': {
      // nested objects (items of a batch) carry every identifying field they have
      const { base, variants } = sampleObject(s, route, b, []);
      return Object.assign(base, ...variants.filter(([n]) => !n.includes('#') || n.endsWith('#1')).map(([, v]) => v));
    }
    case 'array': {
      const n = Math.max(1, s.minItems ?? 1);
      return Array.from({ length: n }, () => sample(name.replace(/s$/, ''), s.items ?? {}, route, b));
    }
    case 'number':
    case 'integer':
      return plainNumber(name, s);
    case 'boolean':
      return false;
    case 'string':
    case undefined:
    default:
      return plainString(name, s);
  }
}

/** Required fields, plus one variant per optional identifying field (each alone). */
function sampleObject(
  s: JsonSchema,
  route: ProbeRoute,
  b: StreetB,
  out: string[],
): { base: Record<string, unknown>; variants: Array<[string, Record<string, unknown>]> } {
  const base: Record<string, unknown> = {};
  const variants: Array<[string, Record<string, unknown>]> = [];
  const required = new Set(s.required ?? []);
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    // a name rides along: some writes need one for a person they do not find
    if (required.has(name) || name === 'name') base[name] = sample(name, prop, route, b);
  }
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    if (required.has(name)) continue;
    const values = identifying(name, route, b);
    if (!values) continue;
    const t = typeOf(branch(prop));
    for (const [i, v] of values.entries()) {
      const value = t === 'array' && !Array.isArray(v) ? [v] : v;
      variants.push([`${name}${values.length > 1 ? `#${i + 1}` : ''}`, { [name]: value }]);
    }
  }
  out.push(...variants.map(([n]) => n));
  return { base, variants };
}

/**
 * Street-B identity with street A's area or a street-A person with a street-B target: attacks the
 * generic street-B fill cannot build (registering B's resident into A takes them over).
 */
const crossVariants: Record<string, (b: StreetB) => Array<[string, Record<string, unknown>]>> = {
  'POST /people': (b) => [['B ID number into A', { idNumber: b.people[0]!.idNumber, name: '郁冒名', areaCode: AREAS.buildingA, phone: '13900008887' }]],
  'POST /tracing/arrivals': () => [['B ID number into A', { areaCode: AREAS.buildingA, name: '郁冒名' }]],
  'POST /quarantine/placements': (b) => [['A person into B facility', { personId: b.touchedInA.person, facilityId: b.ids.facility }]],
  'POST /transfers': (b) => [['A person to B facility', { personIds: [b.touchedInA.person] }]],
};

/** Import routes read a file: one street-B file each, in the import's own columns. */
const fileTemplates: Record<string, (b: StreetB) => { file: FilePart }> = {
  'POST /areas/grids/import': () => ({
    // redrawing street B's grid and drawing a new one in street B's community
    file: {
      filename: 'grids.csv',
      content: `grid_code,name,community_code,polygon\n${AREAS.gridB},改名网格,${AREAS.communityB},"{""type"":""Polygon"",""coordinates"":[[[119.2,34.6],[119.21,34.6],[119.21,34.61],[119.2,34.6]]]}"\n,新网格,${AREAS.communityB},"{""type"":""Polygon"",""coordinates"":[[[119.3,34.6],[119.31,34.6],[119.31,34.61],[119.3,34.6]]]}"`,
    },
  }),
  'POST /areas/buildings/import': () => ({
    // renaming street B's building and placing a new one in street B's grid
    file: {
      filename: 'buildings.csv',
      content: `building_code,name,grid_code,address,lng,lat\n${AREAS.buildingB},改名楼,${AREAS.gridB},,119.2,34.6\n,新楼,${AREAS.gridB},,119.2,34.6`,
    },
  }),
  'POST /people/import': (b) => ({
    // the take-over: street B's resident, renamed and moved into street A
    file: { filename: 'people.csv', content: `id_number,name,area_code,phone\n${b.people[0]!.idNumber},郁冒名,${AREAS.buildingA},13900008888` },
  }),
  'POST /testing/samples/import': (b) => ({
    file: {
      filename: 'samples.csv',
      content: `round_id,tube_barcode,id_number,site_code,collected_at,collector\n${b.ids.round},QYT009,${b.people[5]!.idNumber},${b.codes.site},${at(100)},probe`,
    },
  }),
  'POST /testing/results/import': (b) => ({
    file: { filename: 'results.csv', content: `tube_barcode,result,ct_n,ct_orf1ab,tested_at,lab_code\nQYT002,positive,25,26,${at(100)},${b.codes.lab}` },
  }),
  'POST /tracing/venues/import': (b) => ({
    // re-homing street B's venue into street A would open its visitors to street A's back-trace
    file: { filename: 'venues.csv', content: `venue_code,name,type,area_code\n${b.codes.venue},郁州新店,supermarket,${AREAS.communityA}` },
  }),
  'POST /tracing/checkins/import': (b) => ({
    file: { filename: 'checkins.csv', content: `id_number,venue_code,scanned_at\n${b.people[5]!.idNumber},${b.codes.venue},${at(100)}` },
  }),
  'POST /users/import': () => ({
    // an account granted street B (the grant must be no wider than the importer's)
    file: { filename: 'users.csv', content: `username,display_name,role,scope,phone\nprobe.b.grid,乙网格员,grid_worker,${AREAS.streetB},` },
  }),
  'POST /areas/responsibles/import': () => ({
    // naming an owner of street B's grid (closing its gap from outside)
    file: { filename: 'responsibles.csv', content: `area_code,duty,name,title,phone\n${AREAS.gridB},grid_worker,越界网格员,,` },
  }),
  'POST /surveillance/counts/import': () => ({
    // counts for a sentinel code street A does not hold (street B's, or none): must be refused row by row
    file: { filename: 'counts.csv', content: `sentinel_code,date,indicator,count\nPH-STREET-B,2026-05-05,fever_drugs,3` },
  }),
  'POST /tracing/notices/import': (b) => ({
    file: {
      filename: 'notices.csv',
      content: `name,id_number,phone,reason,issuer,deadline\n${b.people[5]!.name},${b.people[5]!.idNumber},,probe,probe,${at(600)}`,
    },
  }),
};

export const hasFileTemplate = (route: ProbeRoute) => routeKey(route) in fileTemplates;

function queryString(obj: Record<string, unknown>): string {
  const parts = Object.entries(obj).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Every request the probe sends for one route (one per variant), street-B values everywhere. */
export function requestsFor(route: ProbeRoute, b: StreetB): ProbeRequest[] {
  const q = route.query ? sampleObject(route.query, route, b, []) : { base: {}, variants: [] };
  const body = route.body ? sampleObject(route.body, route, b, []) : undefined;
  const template = fileTemplates[routeKey(route)]?.(b);
  const out: ProbeRequest[] = [];
  const qVariants: Array<[string, Record<string, unknown>]> = q.variants.length
    ? q.variants.map(([n, v]) => [`query.${n}`, { ...q.base, ...v }])
    : [['', q.base]];
  const bVariants: Array<[string, Record<string, unknown> | undefined]> = body
    ? body.variants.length
      ? body.variants.map(([n, v]) => [`body.${n}`, { ...body.base, ...v }])
      : [['', body.base]]
    : [['', undefined]];
  for (const [n, v] of crossVariants[routeKey(route)]?.(b) ?? []) bVariants.push([n, { ...body?.base, ...v }]);
  for (const [pn, path] of pathsFor(route, b)) {
    for (const [qn, qv] of qVariants) {
      for (const [bn, bv] of bVariants) {
        const url = `${path}${queryString(qv)}`;
        out.push({ route, variant: [pn, qn, bn, template ? 'file' : ''].filter(Boolean).join(' ') || 'required', url, payload: bv, file: template?.file });
      }
    }
  }
  return out;
}
