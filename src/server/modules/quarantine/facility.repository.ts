import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/database';
import { insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { Access, type Scope } from '../access';
import { runsFacilitySql } from '../access/guards.quarantine';
import type { FacilityRow, FacilityType, RoomRow, RoomStatus } from './quarantine.table';

export const emptyCounts = () => ({ rooms_total: 0, rooms_occupied: 0, rooms_free: 0, rooms_cleaning: 0, rooms_out_of_service: 0, people: 0 });
export type RoomCounts = ReturnType<typeof emptyCounts>;

/**
 * Facilities and their rooms, as the caller sees them: the sites they run (posted there, or in
 * their areas). Built on the caller's transaction; fetch-by-id goes through `Access.ensure`.
 */
export class FacilityRepository {
  private readonly access: Access;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
    private readonly dialect: Dialect,
  ) {
    this.access = new Access(db, scope);
  }

  async get(id: string, mode: 'read' | 'write' = 'read'): Promise<FacilityRow> {
    await this.access.ensure('facility', id, mode);
    return this.db.selectFrom('facilities').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  list(opts: { type?: FacilityType; types?: readonly FacilityType[]; activeOnly?: boolean } = {}): Promise<FacilityRow[]> {
    let q = this.db
      .selectFrom('facilities')
      .selectAll()
      .where(() => runsFacilitySql(this.scope, 'facilities.id'))
      .orderBy('area_code')
      .orderBy('name');
    if (opts.type) q = q.where('type', '=', opts.type);
    if (opts.types) q = q.where('type', 'in', [...opts.types]);
    if (opts.activeOnly) q = q.where('mode', '=', 'active');
    return q.execute();
  }

  async insert(row: FacilityRow): Promise<void> {
    await this.db.insertInto('facilities').values(row).execute();
  }

  async update(id: string, set: Partial<Omit<FacilityRow, 'id'>>): Promise<void> {
    if (Object.keys(set).length) await this.db.updateTable('facilities').set(set).where('id', '=', id).execute();
  }

  /** Counts per facility derived from its room rows (ids come from this repository's own list or get). */
  async roomCounts(facilityIds: readonly string[]): Promise<Map<string, RoomCounts>> {
    const out = new Map<string, RoomCounts>();
    for (let i = 0; i < facilityIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('rooms')
        .select(['facility_id', 'status', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('occupants').as('people')])
        .where('facility_id', 'in', facilityIds.slice(i, i + 500))
        .groupBy(['facility_id', 'status'])
        .execute();
      for (const r of rows) {
        const c = out.get(r.facility_id) ?? emptyCounts();
        const n = Number(r.n);
        c.rooms_total += n;
        c.people += Number(r.people ?? 0);
        if (r.status === 'occupied') c.rooms_occupied += n;
        if (r.status === 'free') c.rooms_free += n;
        if (r.status === 'cleaning') c.rooms_cleaning += n;
        if (r.status === 'out_of_service') c.rooms_out_of_service += n;
        out.set(r.facility_id, c);
      }
    }
    return out;
  }

  /** New rooms; codes the facility already has are left alone. Returns how many were added. */
  async insertRooms(rows: readonly RoomRow[]): Promise<number> {
    let added = 0;
    for (const chunk of insertChunks(this.dialect, rows)) {
      const r = await this.db
        .insertInto('rooms')
        .values(chunk)
        .onConflict((oc) => oc.columns(['facility_id', 'code']).doNothing())
        .executeTakeFirst();
      added += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  }

  async rooms(facilityId: string): Promise<RoomRow[]> {
    await this.access.ensure('facility', facilityId);
    return this.db.selectFrom('rooms').selectAll().where('facility_id', '=', facilityId).orderBy('code').execute();
  }

  async room(id: string, mode: 'read' | 'write' = 'read'): Promise<RoomRow> {
    await this.access.ensure('room', id, mode);
    return this.db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  /** Free ↔ cleaning ↔ out of service, only while nobody is in the room. */
  async setRoomStatus(id: string, status: Exclude<RoomStatus, 'occupied'>, now: string): Promise<boolean> {
    const r = await this.db.updateTable('rooms').set({ status, updated_at: now }).where('id', '=', id).where('occupants', '=', 0).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
