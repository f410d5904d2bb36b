import type { AppContext } from '../../context';
import { localDate } from '../../lib/local-time';
import { maskName } from '../../lib/masking';
import { Scope } from '../access';
import type { Actor } from '../auth/actor';
import { PlacementRepository } from './placement.repository';

/** Read side of placements: the list with days served, next test, whether the rule allows release and whether the caller may act. */
export class PlacementQueries {
  constructor(private readonly ctx: AppContext) {}

  /**
   * Placements the caller may see — their residents (read-only) and everyone at the sites they run —
   * keyset by id. `?area=` narrows to residents of that area (404 outside the caller's scope).
   */
  async list(actor: Actor, opts: { facilityId?: string; status?: 'live' | 'released'; area?: string; after?: string; limit: number }) {
    const scope = Scope.of(actor);
    const narrowed = opts.area ? Scope.areas(scope.within(opts.area).areas) : scope;
    const rows = await new PlacementRepository(this.ctx.db, narrowed, this.ctx.dialect).list(opts);
    // Writability is judged against the caller's own scope and postings, not the narrowed one.
    const writable = opts.area
      ? await this.writable(
          scope,
          rows.map((r) => r.id),
        )
      : null;
    const next = await this.nextTests(rows.map((r) => r.id));
    const today = localDate(this.ctx.clock.now(), this.ctx.config.timeZone);
    const now = this.ctx.clock.nowIso();
    const items = rows.map((r) => ({
      ...r,
      name: maskName(r.name),
      writable: writable ? writable.has(r.id) : Number(r.writable) === 1,
      days_served: Math.max(0, Math.floor((Date.parse(r.released_at ?? now) - Date.parse(r.start_at)) / 86_400_000) + 1),
      next_test: next.get(r.id) ?? null,
      test_overdue: (next.get(r.id)?.due_date ?? '9999') < today,
      releasable: r.status === 'live' && now >= r.site_end,
    }));
    return { items, nextCursor: rows.length === opts.limit ? (rows[rows.length - 1]?.id ?? null) : null };
  }

  private async writable(scope: Scope, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await new PlacementRepository(this.ctx.db, scope, this.ctx.dialect).list({ limit: ids.length, ids });
    return new Set(rows.filter((r) => Number(r.writable) === 1).map((r) => r.id));
  }

  private async nextTests(ids: readonly string[]) {
    const out = new Map<string, { phase: 'site' | 'home'; day: number; due_date: string }>();
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
