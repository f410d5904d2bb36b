import type { AppContext } from '../../context';
import { Scope } from '../access';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { VenueRepository, type VenueRow } from './venue.repository';
import { why } from '../../errors';
import { rowProblem } from '../../lib/import-report';
import type { ImportRowProblem } from '../../../contract/errors';

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

type Rejected = ImportRowProblem[];

/**
 * Venues (场所码). Import is an upsert by venue code; bad rows are reported, good ones kept. A row
 * may place a venue only in the importer's scope, and may not touch a venue standing outside it
 * (moving a venue opens its visitors' scans to the new area's back-trace).
 */
export class VenuesService {
  constructor(private readonly ctx: AppContext) {}

  async upsert(actor: Actor, rows: readonly VenueInput[]): Promise<{ accepted: number; rejected: Rejected }> {
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      const repo = new VenueRepository(trx, scope, this.ctx.dialect);
      const rejected: Rejected = [];
      const known = new Set<string>();
      const areaCodes = [...new Set(rows.map((r) => r.areaCode.trim()))];
      for (let i = 0; i < areaCodes.length; i += 1000)
        for (const a of await trx
          .selectFrom('areas')
          .select('code')
          .where('code', 'in', areaCodes.slice(i, i + 1000))
          .execute())
          known.add(a.code);
      const existing = await repo.existing(rows.map((r) => r.venueCode.trim()));
      const now = this.ctx.clock.nowIso();
      const good = new Map<string, VenueRow>();
      for (const r of rows) {
        const code = r.venueCode.trim();
        const area = r.areaCode.trim();
        const type = r.type.trim().toLowerCase() || 'other';
        const before = existing.get(code);
        if (!/^[A-Za-z0-9_-]{1,40}$/.test(code)) rejected.push(rowProblem(r.row, 'venue_code', why('format', 'must be 1–40 letters, digits, - or _')));
        else if (before && !before.mine) rejected.push(rowProblem(r.row, 'venue_code', why('not_in_scope', 'is a venue of an area outside your scope')));
        else if (!r.name.trim()) rejected.push(rowProblem(r.row, 'name', why('required', 'is required')));
        else if (!(VENUE_TYPES as readonly string[]).includes(type))
          rejected.push(rowProblem(r.row, 'type', why('one_of', `must be one of ${VENUE_TYPES.join(', ')}`, { values: VENUE_TYPES.join(', ') })));
        else if (!known.has(area)) rejected.push(rowProblem(r.row, 'area_code', why('unknown_area', `unknown area code ${r.areaCode}`, { codes: r.areaCode })));
        else if (!scope.covers(area)) rejected.push(rowProblem(r.row, 'area_code', why('not_in_scope', `area ${area} is outside your scope`)));
        else
          good.set(code, {
            code,
            name: r.name.trim(),
            type,
            area_code: area,
            is_key: r.isKey || ['cold_chain', 'port', 'station', 'hospital', 'market'].includes(type) ? 1 : 0,
            created_at: now,
          });
      }
      await repo.upsert([...good.values()]);
      if (good.size > 0) {
        const created = [...good.keys()].filter((c) => !existing.has(c));
        const moved = [...good.values()]
          .filter((v) => existing.has(v.code) && existing.get(v.code)?.area_code !== v.area_code)
          .map((v) => ({ code: v.code, from: existing.get(v.code)?.area_code, to: v.area_code }));
        await new AuditService(this.ctx).append(
          {
            actor,
            action: 'venue.imported',
            targetType: 'venue',
            areaCode: scope.isCity ? undefined : scope.areas[0],
            details: { created, updated: [...good.keys()].filter((c) => existing.has(c)), moved, rejected: rejected.length },
          },
          trx,
        );
      }
      return { accepted: good.size, rejected };
    });
  }

  async list(actor: Actor, opts: { area?: string; q?: string; after?: string; limit: number }) {
    const items = await new VenueRepository(this.ctx.db, Scope.of(actor).within(opts.area), this.ctx.dialect).list(opts);
    return { items, nextCursor: items.length === opts.limit ? (items[items.length - 1]?.code ?? null) : null };
  }
}
