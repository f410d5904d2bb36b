import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { notFound } from '../../errors';
import { Access, type Scope } from '../access';
import { transferSql } from '../access/guards.quarantine';
import { selfAndAncestors } from '../areas';

/**
 * What the printed documents read, each through the caller's scope (the same guards as the
 * screens that show these records): SQL only, masked identifiers only.
 */
export class DocumentsRepository {
  private readonly access: Access;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
  ) {
    this.access = new Access(db, scope);
  }

  /** The stops of one vehicle run the caller may see (their residents, or a site it leaves or reaches), in pickup order. */
  async runStops(runId: string) {
    const rows = await this.db
      .selectFrom('transfers')
      .innerJoin('persons', 'persons.id', 'transfers.person_id')
      .innerJoin('facilities', 'facilities.id', 'transfers.to_facility_id')
      .leftJoin('vehicles', 'vehicles.id', 'transfers.vehicle_id')
      .leftJoin('placements as fromp', 'fromp.id', 'transfers.from_placement_id')
      .leftJoin('facilities as fromf', 'fromf.id', 'fromp.facility_id')
      .select([
        'transfers.id',
        'transfers.person_id',
        'transfers.area_code',
        'transfers.status',
        'transfers.reason',
        'transfers.pickup_seq',
        'transfers.carer',
        'transfers.deadline',
        'transfers.assigned_at',
        'transfers.picked_up_at',
        'transfers.arrived_at',
        'persons.name',
        'persons.doc_masked',
        'persons.address',
        'persons.phone_masked',
        'facilities.name as facility',
        'facilities.address as facility_address',
        'vehicles.plate',
        'vehicles.driver',
        'vehicles.capacity',
        'fromf.name as from_facility',
      ])
      .where('transfers.run_id', '=', runId)
      .where(() => transferSql(this.scope, 'transfers'))
      .orderBy('transfers.pickup_seq')
      .orderBy('transfers.id')
      .limit(200)
      .execute();
    if (rows.length === 0) throw notFound('Transfer run', runId);
    return rows;
  }

  /** A transport box with its round, site and lab names, and its tubes (no one's name: a lab works by barcode). */
  async box(code: string) {
    await this.access.ensure('box', code);
    const box = await this.db
      .selectFrom('boxes')
      .innerJoin('test_rounds', 'test_rounds.id', 'boxes.round_id')
      .leftJoin('sampling_sites', 'sampling_sites.code', 'boxes.site_code')
      .leftJoin('labs', 'labs.code', 'boxes.lab_code')
      .selectAll('boxes')
      .select(['test_rounds.name as round_name', 'sampling_sites.name as site_name', 'labs.name as lab_name'])
      .where('boxes.code', '=', code)
      .executeTakeFirstOrThrow();
    const tubes = await this.db
      .selectFrom('tubes')
      .select(['barcode', 'sample_count', 'pool_size', 'is_recheck', 'first_sampled_at', 'sealed_at', 'status'])
      .where('box_code', '=', code)
      .orderBy('barcode')
      .execute();
    return { box, tubes };
  }

  /** One placement with the person (masked ID), the site, its room and the person's home area. */
  async placement(id: string) {
    await this.access.ensure('placement', id);
    return this.db
      .selectFrom('placements')
      .innerJoin('persons', 'persons.id', 'placements.person_id')
      .innerJoin('facilities', 'facilities.id', 'placements.facility_id')
      .leftJoin('rooms', 'rooms.id', 'placements.room_id')
      .leftJoin('areas', 'areas.code', 'facilities.area_code')
      .selectAll('placements')
      .select([
        'persons.name',
        'persons.doc_masked',
        'persons.sex',
        'facilities.name as facility',
        'facilities.type as facility_type',
        'facilities.address as facility_address',
        'facilities.contact as facility_contact',
        'areas.name as facility_area',
        'rooms.code as room',
      ])
      .where('placements.id', '=', id)
      .executeTakeFirstOrThrow();
  }

  /** A round's name (rounds are the command's plan, not personal data; the caller's scope was checked by the list). */
  async roundName(id: string): Promise<string | null> {
    const row = await this.db.selectFrom('test_rounds').select('name').where('id', '=', id).executeTakeFirst();
    return row?.name ?? null;
  }

  /** Names of these areas (those in scope). */
  async areaNames(codes: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(codes)];
    const out = new Map<string, string>();
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.db
        .selectFrom('areas')
        .select(['code', 'name'])
        .where('code', 'in', unique.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.code, r.name);
    }
    return out;
  }

  /**
   * The grid worker (网格员) answerable for each place: the nearest upward from the place that has
   * one, among the responsibles the caller may see; masked phone only.
   */
  async gridWorkers(places: readonly string[]): Promise<Map<string, { name: string; phone_masked: string | null }>> {
    const codes = [...new Set(places.flatMap((p) => selfAndAncestors(p)))];
    const byArea = new Map<string, { name: string; phone_masked: string | null }>();
    for (let i = 0; i < codes.length; i += 500) {
      const rows = await this.db
        .selectFrom('area_responsibles')
        .select(['area_code', 'name', 'phone_masked'])
        .where('duty', '=', 'grid_worker')
        .where('area_code', 'in', codes.slice(i, i + 500))
        .where((eb) => this.scope.where(eb, 'area_code'))
        .orderBy('area_code')
        .orderBy('id')
        .execute();
      for (const r of rows) if (!byArea.has(r.area_code)) byArea.set(r.area_code, { name: r.name, phone_masked: r.phone_masked });
    }
    const out = new Map<string, { name: string; phone_masked: string | null }>();
    for (const p of new Set(places)) {
      const owner = selfAndAncestors(p)
        .reverse()
        .map((c) => byArea.get(c))
        .find((o) => o !== undefined);
      if (owner) out.set(p, owner);
    }
    return out;
  }
}
