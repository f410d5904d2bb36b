import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { AREAS } from '../fixtures';
import { residentMarkers, type StreetB } from './seed';

export interface Marker {
  value: string;
  what: string;
}

async function tableNames(ctx: AppContext): Promise<string[]> {
  const tables = await ctx.db.introspection.getTables();
  return tables.map((t) => t.name).sort();
}

/** Every `id` value in the database (text ids only: integer keys would match any number). */
export async function allIds(ctx: AppContext): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const t of await ctx.db.introspection.getTables()) {
    if (!t.columns.some((c) => c.name === 'id')) continue;
    const rows = await sql<{ id: unknown }>`select id from ${sql.table(t.name)}`.execute(ctx.db);
    for (const r of rows.rows) if (typeof r.id === 'string' && r.id.length >= 8 && !/^\d+$/.test(r.id)) out.set(r.id, t.name);
  }
  return out;
}

/**
 * What must never reach a street-A actor: every id created while street B was seeded, street B's
 * residents in every form (name, ID number and phone, in clear and masked), its codes, and its
 * area codes. Street-B names and texts all carry 濮, which nothing else seeded has.
 */
export function streetBMarkers(b: StreetB, newIds: Map<string, string>): Marker[] {
  const markers: Marker[] = [{ value: '濮', what: 'street-B name or text (濮)' }];
  for (const [id, table] of newIds) markers.push({ value: id, what: `street-B ${table} id` });
  for (const p of b.people) markers.push(...residentMarkers(p).filter((m) => m.value !== p.id));
  for (const [kind, code] of Object.entries(b.codes)) if (code && !newIds.has(code)) markers.push({ value: code, what: `street-B ${kind} code` });
  markers.push({ value: AREAS.streetB, what: 'street-B area code' });
  markers.push(
    { value: 'qy-official', what: 'street-B user name' },
    { value: 'qy-lab-token', what: 'street-B token name' },
    { value: 'QY001', what: 'street-B vehicle plate' },
  );
  // longest first, so a report names the most specific marker
  return markers.sort((x, y) => y.value.length - x.value.length);
}

/** The markers found in a body (each named once). */
export function markersIn(body: string, markers: readonly Marker[]): string[] {
  const found: string[] = [];
  let rest = body;
  for (const m of markers) {
    if (!rest.includes(m.value)) continue;
    found.push(m.what);
    rest = rest.split(m.value).join(' ');
  }
  return found;
}

/** Tables and columns that change on every request by design (sessions, audit of denials, token use). */
const volatileTables = new Set(['sessions', 'audit_log']);
const volatileColumns: Record<string, string[]> = { api_tokens: ['last_used_at'] };

/** A fingerprint per table of everything a write could change, to see which tables a probe changed. */
export async function snapshot(ctx: AppContext): Promise<Map<string, string>> {
  const names = (await tableNames(ctx)).filter((n) => !volatileTables.has(n) && !n.startsWith('kysely_'));
  const hashes = await Promise.all(
    names.map(async (name) => {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(ctx.db);
      const drop = volatileColumns[name] ?? [];
      const lines = rows.rows.map((r) => JSON.stringify(Object.entries(r).filter(([k]) => !drop.includes(k)))).sort();
      return [name, createHash('sha1').update(lines.join('\n')).digest('hex')] as const;
    }),
  );
  return new Map(hashes);
}

export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((k) => before.get(k) !== after.get(k));
}

/** Numeric leaves and array lengths of a JSON answer by path (a CSV answer: its line count). */
export function figures(body: string, contentType: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!contentType.includes('json')) {
    out.set('lines', body.split('\n').filter((l) => l.trim()).length);
    return out;
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return out;
  }
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'number') out.set(path, v);
    else if (Array.isArray(v)) {
      out.set(`${path}.length`, v.length);
      // items named by a key or code (the same in both databases) rather than by position
      v.forEach((x, i) => {
        const o = (x && typeof x === 'object' ? x : {}) as Record<string, unknown>;
        const name = typeof o.key === 'string' ? o.key : typeof o.code === 'string' ? o.code : String(i);
        walk(x, `${path}[${name}]`);
      });
    } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(json, '');
  return out;
}

/** Figures that differ between the answer with street B's data and the B-free baseline's. */
export function figureDiffs(withB: Map<string, number>, baseline: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [path, v] of withB) {
    const base = baseline.get(path);
    if (base !== undefined && base !== v) out.push(`${path || 'value'}: ${v} (B-free: ${base})`);
  }
  if (!out.length) for (const path of withB.keys()) if (!baseline.has(path) && path.endsWith('.length')) out.push(`${path}: only with street B`);
  return out;
}
