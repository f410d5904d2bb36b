import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/database';
import { insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { notFound } from '../../errors';
import { Access, type Scope } from '../access';
import { transferSql } from '../access/guards.quarantine';
import type { Stop } from './pickup-order';
import type { TransferRow, TransferStatus } from './quarantine.table';

export const LIVE_TRANSFER: readonly TransferStatus[] = ['requested', 'approved', 'vehicle_assigned', 'picked_up'];
type VehicleRow = DB['vehicles'];

/**
 * Transfers and vehicles as the caller sees them: transfers of their residents, and those leaving
 * or reaching a site they run; vehicles of their areas. Built on the caller's transaction.
 */
export class TransferRepository {
  private readonly access: Access;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
    private readonly dialect: Dialect,
  ) {
    this.access = new Access(db, scope);
  }

  /** All of `ids`, or 404 naming those the caller may not see. */
  async getMany(ids: readonly string[]): Promise<TransferRow[]> {
    const unique = [...new Set(ids)];
    const readable = await this.access.readable('transfer', unique);
    const missing = unique.filter((id) => !readable.has(id));
    if (missing.length) throw notFound('Transfer', missing.join(','));
    return unique.length ? this.db.selectFrom('transfers').selectAll().where('id', 'in', unique).execute() : [];
  }

  async insertMany(rows: readonly TransferRow[]): Promise<void> {
    for (const chunk of insertChunks(this.dialect, rows)) await this.db.insertInto('transfers').values(chunk).execute();
  }

  async update(ids: readonly string[], set: Partial<Omit<TransferRow, 'id'>>): Promise<void> {
    if (ids.length)
      await this.db
        .updateTable('transfers')
        .set(set)
        .where('id', 'in', [...ids])
        .execute();
  }

  /**
   * Where each transfer's person is picked up: their area code (building level when registered so)
   * and the building's point, else the area's centroid (null when neither is known).
   */
  async stops(rows: readonly TransferRow[]): Promise<Stop[]> {
    if (rows.length === 0) return [];
    const people = await this.db
      .selectFrom('persons')
      .leftJoin('buildings', 'buildings.building_code', 'persons.area_code')
      .leftJoin('areas', 'areas.code', 'persons.area_code')
      .select(['persons.id', 'persons.area_code', 'buildings.lng', 'buildings.lat', 'areas.centroid_lon', 'areas.centroid_lat'])
      .where(
        'persons.id',
        'in',
        rows.map((r) => r.person_id),
      )
      .execute();
    const at = new Map(people.map((p) => [p.id, p]));
    return rows.map((r) => {
      const p = at.get(r.person_id);
      return { id: r.id, areaCode: p?.area_code ?? r.area_code, lng: p?.lng ?? p?.centroid_lon ?? null, lat: p?.lat ?? p?.centroid_lat ?? null };
    });
  }

  /** People among `personIds` with a transfer under way (integrity: one at a time, city-wide). */
  async underWay(personIds: readonly string[]): Promise<string[]> {
    if (personIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('transfers')
      .select('person_id')
      .where('person_id', 'in', [...personIds])
      .where('status', 'in', LIVE_TRANSFER)
      .execute();
    return rows.map((r) => r.person_id);
  }

  /** Transfers under way to one facility (its incoming arrivals hold rooms). */
  async incomingCount(facilityId: string): Promise<number> {
    const r = await this.db
      .selectFrom('transfers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('to_facility_id', '=', facilityId)
      .where('status', 'in', LIVE_TRANSFER)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** The transfer board, or one facility's incoming arrivals. */
  list(opts: { facilityId?: string; live?: boolean; limit: number }) {
    let q = this.db
      .selectFrom('transfers')
      .innerJoin('persons', 'persons.id', 'transfers.person_id')
      .innerJoin('facilities', 'facilities.id', 'transfers.to_facility_id')
      .leftJoin('vehicles', 'vehicles.id', 'transfers.vehicle_id')
      .leftJoin('placements as fromp', 'fromp.id', 'transfers.from_placement_id')
      .leftJoin('facilities as fromf', 'fromf.id', 'fromp.facility_id')
      .selectAll('transfers')
      .select([
        'persons.name',
        'persons.doc_masked',
        // The pickup address and a phone to call on the way (masked; clear only by the audited reveal).
        'persons.address',
        'persons.phone_masked',
        'facilities.name as facility',
        'vehicles.plate',
        'fromf.name as from_facility',
      ])
      .where(() => transferSql(this.scope, 'transfers'))
      .orderBy('transfers.deadline')
      .orderBy('transfers.run_id')
      .orderBy('transfers.pickup_seq')
      .limit(opts.limit);
    if (opts.facilityId) q = q.where('transfers.to_facility_id', '=', opts.facilityId);
    if (opts.live) q = q.where('transfers.status', 'in', LIVE_TRANSFER);
    return q.execute();
  }

  async countOpen(): Promise<number> {
    const r = await this.db
      .selectFrom('transfers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', LIVE_TRANSFER)
      .where(() => transferSql(this.scope, 'transfers'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  vehicles(): Promise<VehicleRow[]> {
    return this.db
      .selectFrom('vehicles')
      .selectAll()
      .where((eb) => this.scope.where(eb, 'area_code'))
      .orderBy('plate')
      .execute();
  }

  async vehicle(id: string): Promise<VehicleRow> {
    await this.access.ensure('vehicle', id);
    return this.db.selectFrom('vehicles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  async insertVehicle(row: VehicleRow): Promise<void> {
    await this.db.insertInto('vehicles').values(row).execute();
  }
}
