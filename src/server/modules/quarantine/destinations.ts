/**
 * Where a transfer may go (转运去向). The city's treatment places — 定点医院, 亚定点医院, 方舱 — are a
 * city resource the command publishes, so any area or site that sends someone may pick them; a
 * quarantine hotel or a home stay only by those who run it (its area, or staff posted to it). The
 * directory shows each place's name, kind, area and room (free less arrivals already on the way),
 * never who is there.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Dialect } from '../../db/database';
import type { DB } from '../../db/schema';
import { notFound } from '../../errors';
import type { AppContext } from '../../context';
import { Scope } from '../access';
import type { Actor } from '../auth/actor';
import { runsFacilitySql } from '../access/guards.quarantine';
import { FacilityRepository } from './facility.repository';
import type { FacilityRow, FacilityType } from './quarantine.table';
import { LIVE_TRANSFER } from './transfer.repository';

export const RECEIVING_TYPES: readonly FacilityType[] = ['designated', 'sub-designated', 'fangcang'];

export interface Destination {
  id: string;
  name: string;
  type: FacilityType;
  area_code: string;
  /** The caller runs it (their area, or posted to it); otherwise a city treatment place. */
  own: boolean;
  rooms_free: number;
  incoming: number;
}

function destinationSql(s: Scope): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${runsFacilitySql(s, 'facilities.id')} or facilities.type in (${sql.join([...RECEIVING_TYPES])}))`;
}

export class DestinationRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
    private readonly dialect: Dialect,
  ) {}

  /** A facility the caller may send people to, or 404 (the same answer whether it exists or not). */
  async get(id: string): Promise<FacilityRow> {
    const f = await this.db.selectFrom('facilities').selectAll().where('id', '=', id).where(destinationSql(this.scope)).executeTakeFirst();
    if (!f) throw notFound('Facility', id);
    return f;
  }

  /** Active places one may send to, with their room left; a few dozen rows, counts set-based. */
  async list(): Promise<Destination[]> {
    const rows = await this.db
      .selectFrom('facilities')
      .select(['id', 'name', 'type', 'area_code', sql<number>`case when ${runsFacilitySql(this.scope, 'facilities.id')} then 1 else 0 end`.as('own')])
      .where('mode', '=', 'active')
      .where('type', '!=', 'home')
      .where(destinationSql(this.scope))
      .orderBy('type')
      .orderBy('name')
      .execute();
    const ids = rows.map((r) => r.id);
    const counts = await new FacilityRepository(this.db, this.scope, this.dialect).roomCounts(ids);
    const incoming = await this.incoming(ids);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      type: r.type,
      area_code: r.area_code,
      own: Number(r.own) === 1,
      rooms_free: counts.get(r.id)?.rooms_free ?? 0,
      incoming: incoming.get(r.id) ?? 0,
    }));
  }

  private async incoming(ids: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('transfers')
        .select(['to_facility_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('to_facility_id', 'in', ids.slice(i, i + 500))
        .where('status', 'in', LIVE_TRANSFER)
        .groupBy('to_facility_id')
        .execute();
      for (const r of rows) out.set(r.to_facility_id, Number(r.n));
    }
    return out;
  }
}

/** The destinations directory for the caller (a read of no personal data: no audit entry). */
export function listDestinations(ctx: AppContext, actor: Actor): Promise<Destination[]> {
  return new DestinationRepository(ctx.db, Scope.of(actor), ctx.dialect).list();
}
