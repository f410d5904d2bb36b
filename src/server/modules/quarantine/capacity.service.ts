import type { AppContext } from '../../context';
import { DAY } from '../../lib/clock';
import { addDays, localDate, startOfLocalDay } from '../../lib/local-time';
import { Scope } from '../access';
import type { Actor } from '../auth/actor';
import { FacilitiesService } from './facilities.service';
import { project } from './projection';

/** Rooms per 10,000 residents the standard asks for. */
export const ROOMS_PER_10K_STANDARD = 20;

/** Capacity board (per area and type) and the 14-day projection. */
export class CapacityService {
  constructor(private readonly ctx: AppContext) {}

  /** `area` narrows to an area within the caller's scope (404 outside it). */
  async board(actor: Actor, area?: string) {
    const facilities = await new FacilitiesService(this.ctx).list(actor, { area });
    const byType = new Map<
      string,
      {
        type: string;
        facilities: number;
        rooms_total: number;
        rooms_occupied: number;
        rooms_free: number;
        activatable_24h: number;
        activatable_48h: number;
        activatable_72h: number;
      }
    >();
    for (const f of facilities) {
      const t = byType.get(f.type) ?? {
        type: f.type,
        facilities: 0,
        rooms_total: 0,
        rooms_occupied: 0,
        rooms_free: 0,
        activatable_24h: 0,
        activatable_48h: 0,
        activatable_72h: 0,
      };
      t.facilities++;
      if (f.mode === 'active') {
        t.rooms_total += f.rooms_total;
        t.rooms_occupied += f.rooms_occupied;
        t.rooms_free += f.rooms_free;
      } else {
        for (const h of [24, 48, 72] as const) if (f.activation_hours <= h) t[`activatable_${h}h`] += f.rooms_total;
      }
      byType.set(f.type, t);
    }
    const population = await this.population(actor, area);
    const quarantineRooms = facilities.filter((f) => f.type === 'quarantine').reduce((s, f) => s + f.rooms_total, 0);
    return {
      facilities: facilities.map((f) => ({
        id: f.id,
        name: f.name,
        type: f.type,
        mode: f.mode,
        area_code: f.area_code,
        activation_hours: f.activation_hours,
        rooms_total: f.rooms_total,
        rooms_occupied: f.rooms_occupied,
        rooms_free: f.rooms_free,
        rooms_cleaning: f.rooms_cleaning,
        rooms_out_of_service: f.rooms_out_of_service,
        people: f.people,
      })),
      by_type: [...byType.values()],
      population,
      quarantine_rooms: quarantineRooms,
      rooms_per_10k: population > 0 ? Math.round((quarantineRooms / population) * 10_000 * 10) / 10 : 0,
      standard_per_10k: ROOMS_PER_10K_STANDARD,
    };
  }

  /** Registered residents of the area (kept counters), or of the actor's scope. */
  private async population(actor: Actor, area?: string): Promise<number> {
    const scope = Scope.of(actor).within(area);
    const codes = scope.isCity ? null : scope.areas;
    if (codes === null) {
      const top = await this.ctx.db
        .selectFrom('areas')
        .select((eb) => eb.fn.sum<number>('population').as('n'))
        .where('parent_code', 'is', null)
        .executeTakeFirst();
      return Number(top?.n ?? 0);
    }
    if (codes.length === 0) return 0;
    const rows = await this.ctx.db
      .selectFrom('areas')
      .select(['population'])
      .where('code', 'in', [...codes])
      .execute();
    return rows.reduce((s, r) => s + Number(r.population), 0);
  }

  async projection(actor: Actor, p: { area?: string; days?: number; doublingDays?: number; contactsPerCase?: number; dailyCases?: number }) {
    const days = Math.min(60, p.days ?? 14);
    const tz = this.ctx.config.timeZone;
    const today = localDate(this.ctx.clock.now(), tz);
    const dayStarts = Array.from({ length: days }, (_, d) => startOfLocalDay(addDays(today, d), tz).toISOString());
    // Demand is counted over the caller's residents, narrowed to ?area= when it lies within their scope.
    const scope = Scope.of(actor).within(p.area);
    const live = await this.ctx.db
      .selectFrom('placements')
      .innerJoin('facilities', 'facilities.id', 'placements.facility_id')
      .select('placements.site_end')
      .where('placements.status', '=', 'live')
      .where('facilities.type', '<>', 'home')
      .where((eb) => scope.where(eb, 'placements.area_code'))
      .execute();
    const pending = await this.ctx.db
      .selectFrom('persons')
      .leftJoin('placements', (j) => j.onRef('placements.person_id', '=', 'persons.id').on('placements.status', '=', 'live'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('persons.control_status', 'in', ['close_contact', 'arrival_control'])
      .where('placements.id', 'is', null)
      .where((eb) => scope.where(eb, 'persons.area_code'))
      .executeTakeFirstOrThrow();
    const since = new Date(this.ctx.clock.now().getTime() - DAY).toISOString();
    const recent = await this.ctx.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('reported_at', '>=', since)
      .where((eb) => scope.where(eb, 'area_code'))
      .executeTakeFirstOrThrow();
    const rule = await this.ctx.db.selectFrom('placement_rules').select('site_days').where('reason', '=', 'close-contact').executeTakeFirst();
    const board = await this.board(actor, p.area);
    const active = board.by_type.filter((t) => t.type === 'quarantine').reduce((s, t) => s + t.rooms_total, 0);
    const q = board.by_type.find((t) => t.type === 'quarantine');
    const capacityByDay = dayStarts.map(
      (_, d) => active + (d >= 3 ? (q?.activatable_72h ?? 0) : d >= 2 ? (q?.activatable_48h ?? 0) : d >= 1 ? (q?.activatable_24h ?? 0) : 0),
    );
    const params = {
      doublingDays: p.doublingDays ?? 3,
      contactsPerCase: p.contactsPerCase ?? 8,
      dailyCasesNow: p.dailyCases ?? Number(recent.n),
      stayDays: rule?.site_days ?? 7,
    };
    return {
      params,
      days: project({
        days,
        liveSiteEnds: live.map((l) => l.site_end),
        dayStarts,
        dates: dayStarts.map((_, d) => addDays(today, d)),
        pending: Number(pending.n),
        capacityByDay,
        ...params,
      }),
    };
  }
}
