import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError, notFound, validationError, why } from '../../errors';
import { HOUR } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { localDate } from '../../lib/local-time';
import { maskName } from '../../lib/masking';
import { Access, Scope, sendHandoffs, type HandoffInput } from '../access';
import { AuditService, type AuditEntry } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DestinationRepository } from './destinations';
import { FacilityRepository } from './facility.repository';
import { PlacementRepository } from './placement.repository';
import { ageOn, careReason, needsCare } from './minor-rule';
import { pickupOrder } from './pickup-order';
import { PlacementsService, type CareInput } from './placements.service';
import type { FacilityRow, PlacementReason, TransferRow, TransferStatus } from './quarantine.table';
import { residentByIdNumber, residentsByIds, type Resident } from './residents';
import { LIVE_TRANSFER, TransferRepository } from './transfer.repository';

/** A transfer request: people by id (or, the older way, by ID number), the destination, and the minor rule's inputs. */
export interface TransferRequestInput extends CareInput {
  personIds?: string[];
  idNumbers?: string[];
  toFacilityId: string;
  reason: PlacementReason;
  deadlineHours?: number;
}

const NEXT: Partial<Record<TransferStatus, TransferStatus>> = { requested: 'approved', vehicle_assigned: 'picked_up', picked_up: 'arrived' };
const MODE_KEY = 'quarantine.transfer_mode';

/**
 * Transfers (人员转运): requested → approved → vehicle assigned → picked up → arrived (or cancelled).
 * A transfer either brings someone from home to a site, or moves a live placement from one site to
 * another (a positive in-stay test sends them to a designated hospital). Each step is one
 * transaction with its audit entries; arrival closes the old placement and opens the new one in it.
 */
export class TransfersService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  private repos(trx: Kysely<DB>, actor: Actor) {
    const scope = Scope.of(actor);
    return {
      scope,
      transfers: new TransferRepository(trx, scope, this.ctx.dialect),
      facilities: new FacilityRepository(trx, scope, this.ctx.dialect),
      placements: new PlacementRepository(trx, scope, this.ctx.dialect),
    };
  }

  /** Emergency mode approves requests automatically; normal mode needs a person to approve. */
  async mode(db: Kysely<DB> = this.ctx.db): Promise<'normal' | 'emergency'> {
    const m = await db.selectFrom('app_meta').select('value').where('key', '=', MODE_KEY).executeTakeFirst();
    return m?.value === 'emergency' ? 'emergency' : 'normal';
  }

  /** The approval mode holds for the whole city: only a city-scoped role may switch it. */
  async setMode(actor: Actor, mode: 'normal' | 'emergency') {
    Scope.of(actor).ensureCityWide('Transfer mode');
    return this.ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('app_meta')
        .values({ key: MODE_KEY, value: mode })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: mode }))
        .execute();
      await this.audit.append({ actor, action: 'transfer.mode_changed', targetType: 'setting', targetId: MODE_KEY, details: { mode } }, trx);
      return { mode };
    });
  }

  /**
   * Request transfers for one or more people (a household travels together); refused if the
   * destination has no room left. Each person is either the caller's resident (from home) or has a
   * live placement at a site the caller runs (site to site); a resident already placed elsewhere can
   * be moved only by that site's staff (403).
   */
  async request(actor: Actor, r: TransferRequestInput, outer?: Kysely<DB>) {
    const run = <T>(fn: (trx: Kysely<DB>) => Promise<T>) => (outer ? fn(outer) : this.ctx.db.transaction().execute(fn));
    return run(async (trx) => {
      const { scope, transfers, facilities, placements } = this.repos(trx, actor);
      const ids = [...(r.personIds ?? [])];
      for (const n of r.idNumbers ?? []) {
        const p = await residentByIdNumber(this.ctx, trx, scope, n);
        if (!p) throw validationError({ idNumbers: why('unknown_person', `no registered person ${n.slice(0, 4)}… in your scope`) });
        ids.push(p.id);
      }
      if (ids.length === 0) throw validationError({ personIds: why('required', 'give at least one person') });
      // A city treatment place (定点医院, 方舱) may be anyone's destination; other sites only their runners'.
      const f = await new DestinationRepository(trx, scope, this.ctx.dialect).get(r.toFacilityId);
      if (f.mode !== 'active') throw new DomainError('FACILITY_NOT_ACTIVE', `${f.name} is in ${f.mode} mode`, { field: 'toFacilityId', mode: f.mode });
      const persons = await residentsByIds(trx, ids);
      const live = await placements.liveOf(ids);
      const from = new Map<string, string>();
      const access = new Access(trx, scope);
      for (const id of new Set(ids)) {
        const p = persons.get(id);
        const placed = live.get(id);
        if (placed) {
          // Moving a placement is the site's work; the home area sees it read-only (403), others not at all (404).
          await access.ensure('placement', placed.id, 'write');
          if (placed.facility_id === f.id) throw validationError({ toFacilityId: why('same_as_current', 'is where the person already is') });
          from.set(id, placed.id);
        } else if (!p || !scope.covers(p.area_code)) throw notFound('Person', id);
      }
      const counts = (await facilities.roomCounts([f.id])).get(f.id);
      const incoming = await transfers.incomingCount(f.id);
      const unique = [...new Set(ids)];
      if (f.type !== 'home' && (counts?.rooms_free ?? 0) - incoming < 1)
        throw new DomainError(
          'FACILITY_FULL',
          `${f.name} has no free room for more arrivals (${counts?.rooms_free ?? 0} free, ${incoming} already on the way)`,
          {
            field: 'toFacilityId',
            free: counts?.rooms_free ?? 0,
            incoming,
          },
        );
      const underWay = await transfers.underWay(unique);
      if (underWay.length) throw new DomainError('TRANSFER_EXISTS', 'A person already has a transfer under way', { personIds: underWay });
      const carers = new Map((r.carers ?? []).map((c) => [c.personId, c.carer.trim()]));
      await this.ensureCared(trx, unique, persons, f, new Set(r.dependants ?? []), carers);
      const now = this.ctx.clock.nowIso();
      const auto = (await this.mode(trx)) === 'emergency';
      const rows: TransferRow[] = unique.map((id) => ({
        id: newId(),
        person_id: id,
        area_code: persons.get(id)?.area_code ?? '',
        household_code: persons.get(id)?.household_code ?? null,
        reason: r.reason,
        to_facility_id: f.id,
        status: auto ? 'approved' : 'requested',
        vehicle_id: null,
        run_id: null,
        deadline: new Date(Date.parse(now) + (r.deadlineHours ?? 6) * HOUR).toISOString(),
        requested_at: now,
        approved_at: auto ? now : null,
        assigned_at: null,
        picked_up_at: null,
        arrived_at: null,
        cancelled_at: null,
        cancel_reason: null,
        placement_id: null,
        from_placement_id: from.get(id) ?? null,
        pickup_seq: null,
        carer: carers.get(id) ?? null,
        created_by: actor.name,
      }));
      await transfers.insertMany(rows);
      await this.audit.appendMany(
        rows.map((x) => ({
          actor,
          action: 'transfer.requested',
          targetType: 'transfer',
          targetId: x.id,
          areaCode: f.area_code,
          details: { personId: x.person_id, toFacilityId: f.id, fromPlacementId: x.from_placement_id, reason: x.reason, auto },
        })),
        trx,
      );
      return rows.map((x) => ({ id: x.id, status: x.status }));
    });
  }

  /**
   * The minor rule at request time (minor-rule.ts), so nobody sets out on a run that arrival would
   * refuse: a minor or flagged dependant travels with an adult of their household (in this request,
   * or already placed at the destination) or with a guardian/carer named. All-or-nothing: one such
   * person refuses the request, naming why.
   */
  private async ensureCared(
    trx: Kysely<DB>,
    ids: readonly string[],
    persons: ReadonlyMap<string, Resident>,
    to: FacilityRow,
    dependants: ReadonlySet<string>,
    carers: ReadonlyMap<string, string>,
  ): Promise<void> {
    if (to.type === 'home') return;
    const day = localDate(this.ctx.clock.nowIso(), this.ctx.config.timeZone);
    const cares = (id: string) => needsCare({ birthDate: persons.get(id)?.birth_date ?? null, dependant: dependants.has(id) }, day);
    const lone = ids.filter((id) => cares(id) && !carers.get(id));
    if (lone.length === 0) return;
    const adults = new Set(ids.filter((id) => !cares(id)).map((id) => persons.get(id)?.household_code ?? `solo:${id}`));
    const households = [...new Set(lone.map((id) => persons.get(id)?.household_code).filter((h): h is string => !!h))];
    if (households.length)
      for (const o of await trx
        .selectFrom('placements')
        .innerJoin('persons', 'persons.id', 'placements.person_id')
        .select(['persons.household_code', 'persons.birth_date'])
        .where('placements.status', '=', 'live')
        .where('placements.facility_id', '=', to.id)
        .where('persons.household_code', 'in', households)
        .execute())
        if (o.household_code && !needsCare({ birthDate: o.birth_date, dependant: false }, day)) adults.add(o.household_code);
    const refused = lone.filter((id) => !adults.has(persons.get(id)?.household_code ?? `solo:${id}`));
    const first = refused[0];
    if (first === undefined) return;
    const birth = persons.get(first)?.birth_date ?? null;
    const age = birth ? ageOn(birth, day) : null;
    throw new DomainError('NEEDS_GUARDIAN', careReason({ personId: first, age }), { field: 'carers', personIds: refused });
  }

  async vehicles(actor: Actor) {
    return new TransferRepository(this.ctx.db, Scope.of(actor), this.ctx.dialect).vehicles();
  }

  async addVehicle(actor: Actor, v: { plate: string; capacity: number; driver: string; areaCode: string }) {
    if (!v.plate.trim()) throw validationError({ plate: why('required', 'is required') });
    if (!Number.isInteger(v.capacity) || v.capacity < 1 || v.capacity > 60)
      throw validationError({ capacity: why('max_value', 'must be 1–60 seats', { limit: 60 }) });
    Scope.of(actor).ensureCovers(v.areaCode);
    const row = { id: newId(), plate: v.plate.trim(), capacity: v.capacity, driver: v.driver, area_code: v.areaCode, created_at: this.ctx.clock.nowIso() };
    return this.ctx.db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('vehicles').select('id').where('plate', '=', row.plate).executeTakeFirst())
        throw new DomainError('VEHICLE_EXISTS', `Vehicle ${row.plate} is already registered`, { field: 'plate' });
      await this.repos(trx, actor).transfers.insertVehicle(row);
      await this.audit.append(
        {
          actor,
          action: 'vehicle.added',
          targetType: 'vehicle',
          targetId: row.id,
          areaCode: row.area_code,
          details: { plate: row.plate, capacity: row.capacity },
        },
        trx,
      );
      return row;
    });
  }

  /** One vehicle run for several transfers (e.g. a household), within its seats. */
  async assignVehicle(actor: Actor, transferIds: string[], vehicleId: string) {
    return this.ctx.db.transaction().execute(async (trx) => {
      const { transfers } = this.repos(trx, actor);
      const rows = await transfers.getMany(transferIds);
      const v = await transfers.vehicle(vehicleId);
      if (rows.length > v.capacity)
        throw validationError({
          transferIds: why('vehicle_full', `${rows.length} people do not fit ${v.plate} (${v.capacity} seats)`, { count: rows.length, capacity: v.capacity }),
        });
      const bad = rows.filter((r) => r.status !== 'approved');
      if (bad.length)
        throw new DomainError('TRANSFER_STATE', `Only approved transfers get a vehicle (${bad.map((b) => b.status).join(', ')})`, {
          ids: bad.map((b) => b.id),
          statuses: bad.map((b) => b.status),
        });
      const now = this.ctx.clock.nowIso();
      const runId = newId();
      await transfers.update(
        rows.map((r) => r.id),
        { status: 'vehicle_assigned', vehicle_id: v.id, run_id: runId, assigned_at: now },
      );
      // The pickup order (pickup-order.ts): nearest-neighbour over the buildings' points, else by street/community.
      const order = pickupOrder(await transfers.stops(rows));
      for (const [i, id] of order.entries()) await transfers.update([id], { pickup_seq: i + 1 });
      await this.audit.append(
        {
          actor,
          action: 'transfer.vehicle_assigned',
          targetType: 'transfer_run',
          targetId: runId,
          areaCode: v.area_code,
          details: { vehicle: v.plate, transfers: order },
        },
        trx,
      );
      return { runId, vehicle: v.plate, transfers: rows.length, order };
    });
  }

  /** Approve, pick up or arrive (several at once: a whole run). Arrival places each person at the destination, in the same transaction. */
  async advance(actor: Actor, transferIds: string[], to: 'approved' | 'picked_up' | 'arrived') {
    return this.ctx.db.transaction().execute(async (trx) => {
      const { transfers } = this.repos(trx, actor);
      const rows = await transfers.getMany(transferIds);
      const bad = rows.filter((r) => NEXT[r.status] !== to);
      if (bad.length)
        throw new DomainError('TRANSFER_STATE', `Cannot move ${bad.map((b) => b.status).join(', ')} to ${to}`, {
          ids: bad.map((b) => b.id),
          statuses: bad.map((b) => b.status),
          to,
        });
      const now = this.ctx.clock.nowIso();
      const at = to === 'approved' ? { approved_at: now } : to === 'picked_up' ? { picked_up_at: now } : { arrived_at: now };
      const placedBy = to === 'arrived' ? await this.arrive(trx, actor, rows) : new Map<string, string>();
      for (const r of rows) await transfers.update([r.id], { status: to, ...at, ...(placedBy.has(r.id) ? { placement_id: placedBy.get(r.id) } : {}) });
      await this.audit.appendMany(
        rows.map((r): AuditEntry => ({
          actor,
          action: `transfer.${to}`,
          targetType: 'transfer',
          targetId: r.id,
          areaCode: r.area_code,
          details: { personId: r.person_id, ...(to === 'arrived' ? { fromPlacementId: r.from_placement_id, placementId: placedBy.get(r.id) ?? null } : {}) },
        })),
        trx,
      );
      return { ids: rows.map((r) => r.id), status: to };
    });
  }

  /**
   * Arrival: the transfer itself is the authority (checked when it was requested), so the people are
   * placed whoever drives the last step. A site-to-site move first closes the old placement as
   * transferred (its room freed), then opens the new one; anything that cannot be placed rolls the
   * whole step back. Returns transfer id → new placement id.
   */
  private async arrive(trx: Kysely<DB>, actor: Actor, rows: readonly TransferRow[]): Promise<Map<string, string>> {
    const now = this.ctx.clock.nowIso();
    const { placements: repo } = this.repos(trx, actor);
    const live = await repo.liveOf(rows.map((r) => r.person_id));
    const destinations = new Map<string, FacilityRow>();
    for (const id of new Set(rows.map((r) => r.to_facility_id)))
      destinations.set(id, await trx.selectFrom('facilities').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    for (const r of rows) {
      const placed = live.get(r.person_id);
      if (!placed) continue;
      if (placed.id !== r.from_placement_id)
        throw new DomainError('ALREADY_PLACED', 'This person was placed elsewhere after the transfer was requested; cancel this transfer', {
          transferId: r.id,
        });
      await repo.end(placed, { reason: 'transferred', note: `转至 ${destinations.get(r.to_facility_id)?.name ?? r.to_facility_id}`, at: now });
    }
    const persons = await residentsByIds(
      trx,
      rows.map((r) => r.person_id),
    );
    const out = new Map<string, string>();
    const groups = new Map<string, TransferRow[]>();
    for (const r of rows) groups.set(`${r.to_facility_id}|${r.reason}`, [...(groups.get(`${r.to_facility_id}|${r.reason}`) ?? []), r]);
    const placements = new PlacementsService(this.ctx);
    for (const group of groups.values()) {
      const first = group[0] as TransferRow;
      const people = group.map((g) => persons.get(g.person_id)).filter((p): p is Resident => !!p);
      const facility = destinations.get(first.to_facility_id) as FacilityRow;
      const carers = group.filter((g) => g.carer).map((g) => ({ personId: g.person_id, carer: g.carer ?? '' }));
      const placed = await placements.placeAt(trx, actor, people, first.reason, [facility], { auditAction: 'placement.arrived', care: { carers } });
      if (placed.problems.length)
        throw new DomainError('PLACEMENT_FAILED', `Arrived but not placed: ${placed.problems.map((x) => x.reason).join('; ')}`, {
          problems: placed.problems,
        });
      for (const p of placed.placed) for (const g of group) if (g.person_id === p.person_id) out.set(g.id, p.placement_id);
    }
    await this.handOffMoves(trx, actor, rows, destinations, persons);
    return out;
  }

  /** Residents moved by someone outside their home area: their home area hears where they are now. */
  private async handOffMoves(trx: Kysely<DB>, actor: Actor, rows: readonly TransferRow[], to: Map<string, FacilityRow>, persons: Map<string, Resident>) {
    const scope = Scope.of(actor);
    const items: HandoffInput[] = rows
      .filter((r) => !scope.covers(r.area_code))
      .map((r) => ({
        areaCode: persons.get(r.person_id)?.area_code ?? r.area_code,
        kind: 'placement_elsewhere',
        personId: r.person_id,
        subjectType: 'transfer',
        subjectId: r.id,
        message: `已转运至 ${to.get(r.to_facility_id)?.name ?? ''}`,
      }));
    await sendHandoffs(this.ctx, trx, actor, to.get(rows[0]?.to_facility_id ?? '')?.area_code ?? null, items);
  }

  async cancel(actor: Actor, id: string, reason: string) {
    if (!reason.trim()) throw validationError({ reason: why('required', 'is required to cancel a transfer') });
    return this.ctx.db.transaction().execute(async (trx) => {
      const { transfers } = this.repos(trx, actor);
      const [r] = await transfers.getMany([id]);
      if (!r || !LIVE_TRANSFER.includes(r.status))
        throw new DomainError('TRANSFER_STATE', `A ${r?.status ?? 'missing'} transfer cannot be cancelled`, { ids: [id], statuses: [r?.status ?? null] });
      await transfers.update([id], { status: 'cancelled', cancelled_at: this.ctx.clock.nowIso(), cancel_reason: reason });
      await this.audit.append(
        { actor, action: 'transfer.cancelled', targetType: 'transfer', targetId: id, areaCode: r.area_code, reason, details: { personId: r.person_id } },
        trx,
      );
      return { id, status: 'cancelled' as const };
    });
  }

  /** The transfer board (or one facility's incoming arrivals) with each step's time and the deadline. */
  async list(actor: Actor, opts: { facilityId?: string; live?: boolean; limit: number }) {
    const rows = await new TransferRepository(this.ctx.db, Scope.of(actor), this.ctx.dialect).list(opts);
    const now = this.ctx.clock.nowIso();
    return rows.map((r) => ({
      ...r,
      name: maskName(r.name),
      overdue: LIVE_TRANSFER.includes(r.status) ? now > r.deadline : (r.arrived_at ?? '') > r.deadline,
    }));
  }
}
