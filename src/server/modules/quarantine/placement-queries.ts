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
    const items = rows.map((r) => {
      const pending = nextDue(next.get(r.id) ?? [], r);
      return {
        ...r,
        name: maskName(r.name),
        writable: writable ? writable.has(r.id) : Number(r.writable) === 1,
        days_served: Math.max(0, Math.floor((Date.parse(r.released_at ?? now) - Date.parse(r.start_at)) / 86_400_000) + 1),
        next_test: pending,
        test_overdue: (pending?.due_date ?? '9999') < today,
        releasable: r.status === 'live' && now >= r.site_end,
      };
    });
    return { items, nextCursor: rows.length === opts.limit ? (rows[rows.length - 1]?.id ?? null) : null };
  }

  private async writable(scope: Scope, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await new PlacementRepository(this.ctx.db, scope, this.ctx.dialect).list({ limit: ids.length, ids });
    return new Set(rows.filter((r) => Number(r.writable) === 1).map((r) => r.id));
  }

  /** Each placement's tests still without a result, earliest due first. */
  private async nextTests(ids: readonly string[]) {
    const out = new Map<string, PendingTest[]>();
    if (ids.length === 0) return out;
    const rows = await this.ctx.db
      .selectFrom('placement_tests')
      .select(['placement_id', 'phase', 'day', 'due_date'])
      .where('placement_id', 'in', ids)
      .where('result', 'is', null)
      .orderBy('due_date')
      .execute();
    for (const r of rows) {
      const list = out.get(r.placement_id);
      if (list) list.push(r);
      else out.set(r.placement_id, [r]);
    }
    return out;
  }
}

interface PendingTest {
  phase: 'site' | 'home';
  day: number;
  due_date: string;
}

/**
 * The test a placement waits for next. Once released from the site only the home-monitoring
 * tests remain due (the site's unrecorded ones lapsed with the release); a transferred placement
 * has none — the person's tests continue under the placement at the new site.
 */
export function nextDue(pending: readonly PendingTest[], p: { status: 'live' | 'released'; ended_reason: string | null }): PendingTest | null {
  if (p.status === 'live') return pending[0] ?? null;
  if (p.ended_reason === 'transferred') return null;
  return pending.find((t) => t.phase === 'home') ?? null;
}
