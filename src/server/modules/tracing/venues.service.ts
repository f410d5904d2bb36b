import type { AppContext } from '../../context';
import { inAreas, insertChunks } from '../../db/dialect';
import type { Actor } from '../auth/actor';

export const VENUE_TYPES = [
  'supermarket',
  'market',
  'school',
  'station',
  'hospital',
  'clinic',
  'pharmacy',
  'restaurant',
  'hotel',
  'office',
  'factory',
  'cold_chain',
  'port',
  'gym',
  'cinema',
  'church',
  'bank',
  'residential',
  'other',
] as const;

export interface VenueInput {
  row: number;
  venueCode: string;
  name: string;
  type: string;
  areaCode: string;
  isKey?: boolean;
}

/** Venues (场所码). Import is an upsert by venue code; bad rows are reported, good ones kept. */
export class VenuesService {
  constructor(private readonly ctx: AppContext) {}

  async upsert(rows: readonly VenueInput[]): Promise<{ accepted: number; rejected: Array<{ row: number; column: string; reason: string }> }> {
    const rejected: Array<{ row: number; column: string; reason: string }> = [];
    const areaCodes = [...new Set(rows.map((r) => r.areaCode.trim()))];
    const known = new Set<string>();
    for (let i = 0; i < areaCodes.length; i += 1000) {
      for (const a of await this.ctx.db
        .selectFrom('areas')
        .select('code')
        .where('code', 'in', areaCodes.slice(i, i + 1000))
        .execute())
        known.add(a.code);
    }
    const now = this.ctx.clock.nowIso();
    const good = new Map<string, { code: string; name: string; type: string; area_code: string; is_key: number; created_at: string }>();
    for (const r of rows) {
      const type = r.type.trim().toLowerCase() || 'other';
      if (!/^[A-Za-z0-9_-]{1,40}$/.test(r.venueCode.trim()))
        rejected.push({ row: r.row, column: 'venue_code', reason: 'must be 1–40 letters, digits, - or _' });
      else if (!r.name.trim()) rejected.push({ row: r.row, column: 'name', reason: 'is required' });
      else if (!(VENUE_TYPES as readonly string[]).includes(type))
        rejected.push({ row: r.row, column: 'type', reason: `must be one of ${VENUE_TYPES.join(', ')}` });
      else if (!known.has(r.areaCode.trim())) rejected.push({ row: r.row, column: 'area_code', reason: `unknown area code ${r.areaCode}` });
      else
        good.set(r.venueCode.trim(), {
          code: r.venueCode.trim(),
          name: r.name.trim(),
          type,
          area_code: r.areaCode.trim(),
          is_key: r.isKey || ['cold_chain', 'port', 'station', 'hospital', 'market'].includes(type) ? 1 : 0,
          created_at: now,
        });
    }
    await this.ctx.db.transaction().execute(async (trx) => {
      for (const chunk of insertChunks(this.ctx.dialect, [...good.values()])) {
        await trx
          .insertInto('venues')
          .values(chunk)
          .onConflict((oc) =>
            oc.column('code').doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              type: eb.ref('excluded.type'),
              area_code: eb.ref('excluded.area_code'),
              is_key: eb.ref('excluded.is_key'),
            })),
          )
          .execute();
      }
    });
    return { accepted: good.size, rejected };
  }

  async list(actor: Actor, opts: { area?: string; q?: string; after?: string; limit: number }) {
    let q = this.ctx.db
      .selectFrom('venues')
      .selectAll()
      .where((eb) => inAreas(eb, 'area_code', actor.scope))
      .orderBy('code')
      .limit(opts.limit);
    if (opts.area) q = q.where((eb) => inAreas(eb, 'area_code', [opts.area ?? '']));
    if (opts.q) q = q.where((eb) => eb.or([eb('code', '=', opts.q ?? ''), eb('name', 'like', `%${opts.q ?? ''}%`)]));
    if (opts.after) q = q.where('code', '>', opts.after);
    const items = await q.execute();
    return { items, nextCursor: items.length === opts.limit ? (items[items.length - 1]?.code ?? null) : null };
  }
}
