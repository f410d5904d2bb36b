import type { AppContext } from '../../context';
import { inAreas } from '../../db/dialect';
import { localDate } from '../../lib/local-time';
import { maskName } from '../../lib/masking';
import type { Actor } from '../auth/actor';

/** Read side of placements: the list with days served, next test and whether the rule allows release. */
export class PlacementQueries {
  constructor(private readonly ctx: AppContext) {}

  /** Placements with days served and the next test, keyset by id. */
  async list(actor: Actor, opts: { facilityId?: string; status?: 'live' | 'released'; area?: string; after?: string; limit: number }) {
    let q = this.ctx.db
      .selectFrom('placements')
      .innerJoin('persons', 'persons.id', 'placements.person_id')
      .leftJoin('rooms', 'rooms.id', 'placements.room_id')
      .innerJoin('facilities', 'facilities.id', 'placements.facility_id')
      .select([
        'placements.id',
        'placements.person_id',
        'persons.name',
        'persons.doc_masked',
        'placements.reason',
        'placements.status',
        'placements.start_at',
        'placements.site_end',
        'placements.monitoring_end',
        'placements.released_at',
        'placements.facility_id',
        'facilities.name as facility',
        'rooms.code as room',
      ])
      .where((eb) => inAreas(eb, 'placements.area_code', actor.scope))
      .orderBy('placements.id')
      .limit(opts.limit);
    if (opts.facilityId) q = q.where('placements.facility_id', '=', opts.facilityId);
    if (opts.status) q = q.where('placements.status', '=', opts.status);
    if (opts.area) q = q.where((eb) => inAreas(eb, 'placements.area_code', [opts.area ?? '']));
    if (opts.after) q = q.where('placements.id', '>', opts.after);
    const rows = await q.execute();
    const next = await this.nextTests(rows.map((r) => r.id));
    const today = localDate(this.ctx.clock.now(), this.ctx.config.timeZone);
    const items = rows.map((r) => ({
      ...r,
      name: maskName(r.name),
      days_served: Math.max(0, Math.floor((Date.parse(r.released_at ?? this.ctx.clock.nowIso()) - Date.parse(r.start_at)) / 86_400_000) + 1),
      next_test: next.get(r.id) ?? null,
      test_overdue: (next.get(r.id)?.due_date ?? '9999') < today,
      releasable: r.status === 'live' && this.ctx.clock.nowIso() >= r.site_end,
    }));
    return { items, nextCursor: rows.length === opts.limit ? (rows[rows.length - 1]?.id ?? null) : null };
  }

  private async nextTests(ids: readonly string[]) {
    const out = new Map<string, { phase: string; day: number; due_date: string }>();
    if (ids.length === 0) return out;
    const rows = await this.ctx.db
      .selectFrom('placement_tests')
      .select(['placement_id', 'phase', 'day', 'due_date'])
      .where('placement_id', 'in', ids)
      .where('result', 'is', null)
      .orderBy('due_date')
      .execute();
    for (const r of rows) if (!out.has(r.placement_id)) out.set(r.placement_id, r);
    return out;
  }
}
