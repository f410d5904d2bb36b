import type { AppContext } from '../../context';
import { inAreas, insertChunks } from '../../db/dialect';
import { DomainError, notFound, validationError } from '../../errors';
import { HOUR } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { maskName } from '../../lib/masking';
import { AuditService } from '../audit/audit.service';
import { coversArea, type Actor } from '../auth/actor';
import { PeopleService } from '../people/people.service';
import { FacilitiesService } from './facilities.service';
import { PlacementsService } from './placements.service';
import type { PlacementReason, TransferRow, TransferStatus } from './quarantine.table';

const LIVE: readonly TransferStatus[] = ['requested', 'approved', 'vehicle_assigned', 'picked_up'];
const NEXT: Partial<Record<TransferStatus, TransferStatus>> = { requested: 'approved', vehicle_assigned: 'picked_up', picked_up: 'arrived' };
const MODE_KEY = 'quarantine.transfer_mode';

/** Transfers (人员转运): requested → approved → vehicle assigned → picked up → arrived (or cancelled). */
export class TransfersService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  /** Emergency mode approves requests automatically; normal mode needs a person to approve. */
  async mode(): Promise<'normal' | 'emergency'> {
    const m = await this.ctx.db.selectFrom('app_meta').select('value').where('key', '=', MODE_KEY).executeTakeFirst();
    return m?.value === 'emergency' ? 'emergency' : 'normal';
  }

  async setMode(actor: Actor, mode: 'normal' | 'emergency') {
    await this.ctx.db
      .insertInto('app_meta')
      .values({ key: MODE_KEY, value: mode })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: mode }))
      .execute();
    await this.audit.append({ actor, action: 'transfer.mode_changed', targetType: 'setting', targetId: MODE_KEY, details: { mode } });
    return { mode };
  }

  /** Request transfers for one or more people (a household travels together); refused if the destination has no room left. */
  async request(actor: Actor, r: { personIds?: string[]; idNumbers?: string[]; toFacilityId: string; reason: PlacementReason; deadlineHours?: number }) {
    const people = new PeopleService(this.ctx);
    const ids = [...(r.personIds ?? [])];
    for (const n of r.idNumbers ?? []) {
      const p = await people.findByIdNumber(actor, n);
      if (!p) throw validationError({ idNumbers: `no registered person ${n.slice(0, 4)}… in your scope` });
      ids.push(p.id);
    }
    if (ids.length === 0) throw validationError({ personIds: 'give at least one person' });
    const f = await new FacilitiesService(this.ctx).row(actor, r.toFacilityId);
    if (f.mode !== 'active') throw new DomainError('FACILITY_NOT_ACTIVE', `${f.name} is in ${f.mode} mode`, { field: 'toFacilityId' });
    const counts = (await new FacilitiesService(this.ctx).roomCounts([f.id])).get(f.id);
    const incoming = await this.ctx.db
      .selectFrom('transfers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('to_facility_id', '=', f.id)
      .where('status', 'in', LIVE)
      .executeTakeFirstOrThrow();
    if (f.type !== 'home' && (counts?.rooms_free ?? 0) - Number(incoming.n) < 1)
      throw new DomainError(
        'FACILITY_FULL',
        `${f.name} has no free room for more arrivals (${counts?.rooms_free ?? 0} free, ${Number(incoming.n)} already on the way)`,
        { field: 'toFacilityId' },
      );
    const persons = await Promise.all(ids.map((id) => people.getPerson(actor, id)));
    const live = await this.ctx.db.selectFrom('transfers').select('person_id').where('person_id', 'in', ids).where('status', 'in', LIVE).execute();
    if (live.length) throw new DomainError('TRANSFER_EXISTS', 'A person already has a transfer under way', { personIds: live.map((l) => l.person_id) });
    const now = this.ctx.clock.nowIso();
    const auto = (await this.mode()) === 'emergency';
    const rows: TransferRow[] = persons.map((p) => ({
      id: newId(),
      person_id: p.id,
      area_code: p.areaCode,
      household_code: p.householdCode,
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
      created_by: actor.name,
    }));
    await this.ctx.db.transaction().execute(async (trx) => {
      for (const chunk of insertChunks(this.ctx.dialect, rows)) await trx.insertInto('transfers').values(chunk).execute();
      await this.audit.append(
        {
          actor,
          action: 'transfer.requested',
          targetType: 'transfer',
          targetId: rows[0]?.id ?? '',
          areaCode: f.area_code,
          details: { people: rows.length, auto },
        },
        trx,
      );
    });
    return rows.map((x) => ({ id: x.id, status: x.status }));
  }

  async vehicles(actor: Actor) {
    return this.ctx.db
      .selectFrom('vehicles')
      .selectAll()
      .where((eb) => inAreas(eb, 'area_code', actor.scope))
      .orderBy('plate')
      .execute();
  }

  async addVehicle(actor: Actor, v: { plate: string; capacity: number; driver: string; areaCode: string }) {
    if (!v.plate.trim()) throw validationError({ plate: 'is required' });
    if (!Number.isInteger(v.capacity) || v.capacity < 1 || v.capacity > 60) throw validationError({ capacity: 'must be 1–60 seats' });
    if (!coversArea(actor, v.areaCode)) throw new DomainError('FORBIDDEN', 'Area outside your scope', { field: 'areaCode' });
    const row = { id: newId(), plate: v.plate.trim(), capacity: v.capacity, driver: v.driver, area_code: v.areaCode, created_at: this.ctx.clock.nowIso() };
    await this.ctx.db.insertInto('vehicles').values(row).execute();
    return row;
  }

  private async rows(actor: Actor, ids: readonly string[]): Promise<TransferRow[]> {
    const rows = ids.length ? await this.ctx.db.selectFrom('transfers').selectAll().where('id', 'in', ids).execute() : [];
    const missing = ids.filter((id) => !rows.some((r) => r.id === id && coversArea(actor, r.area_code)));
    if (missing.length) throw notFound('Transfer', missing.join(','));
    return rows;
  }

  /** One vehicle run for several transfers (e.g. a household), within its seats. */
  async assignVehicle(actor: Actor, transferIds: string[], vehicleId: string) {
    const rows = await this.rows(actor, transferIds);
    const v = await this.ctx.db.selectFrom('vehicles').selectAll().where('id', '=', vehicleId).executeTakeFirst();
    if (!v) throw validationError({ vehicleId: 'no such vehicle' });
    if (rows.length > v.capacity) throw validationError({ transferIds: `${rows.length} people do not fit ${v.plate} (${v.capacity} seats)` });
    const bad = rows.filter((r) => r.status !== 'approved');
    if (bad.length)
      throw new DomainError('TRANSFER_STATE', `Only approved transfers get a vehicle (${bad.map((b) => b.status).join(', ')})`, { ids: bad.map((b) => b.id) });
    const now = this.ctx.clock.nowIso();
    const runId = newId();
    await this.ctx.db
      .updateTable('transfers')
      .set({ status: 'vehicle_assigned', vehicle_id: v.id, run_id: runId, assigned_at: now })
      .where('id', 'in', transferIds)
      .execute();
    await this.audit.append({
      actor,
      action: 'transfer.vehicle_assigned',
      targetType: 'transfer_run',
      targetId: runId,
      details: { vehicle: v.plate, people: rows.length },
    });
    return { runId, vehicle: v.plate, transfers: transferIds.length };
  }

  /** Approve, pick up or arrive (several at once: a whole run). Arrival places each person in the destination. */
  async advance(actor: Actor, transferIds: string[], to: 'approved' | 'picked_up' | 'arrived') {
    const rows = await this.rows(actor, transferIds);
    const bad = rows.filter((r) => NEXT[r.status] !== to);
    if (bad.length) throw new DomainError('TRANSFER_STATE', `Cannot move ${bad.map((b) => b.status).join(', ')} to ${to}`, { ids: bad.map((b) => b.id) });
    const now = this.ctx.clock.nowIso();
    const at = to === 'approved' ? { approved_at: now } : to === 'picked_up' ? { picked_up_at: now } : { arrived_at: now };
    if (to === 'arrived') {
      const byFacility = new Map<string, TransferRow[]>();
      for (const r of rows) byFacility.set(`${r.to_facility_id}|${r.reason}`, [...(byFacility.get(`${r.to_facility_id}|${r.reason}`) ?? []), r]);
      for (const [key, group] of byFacility) {
        const [facilityId, reason] = key.split('|') as [string, PlacementReason];
        const placed = await new PlacementsService(this.ctx).placeMany(
          actor,
          group.map((g) => g.person_id),
          reason,
          { facilityId },
        );
        for (const p of placed.placed)
          await this.ctx.db
            .updateTable('transfers')
            .set({ placement_id: p.placement_id })
            .where(
              'id',
              'in',
              group.filter((g) => g.person_id === p.person_id).map((g) => g.id),
            )
            .execute();
        if (placed.problems.length)
          throw new DomainError('PLACEMENT_FAILED', `Arrived but not placed: ${placed.problems.map((x) => x.reason).join('; ')}`, {
            problems: placed.problems,
          });
      }
    }
    await this.ctx.db
      .updateTable('transfers')
      .set({ status: to, ...at })
      .where('id', 'in', transferIds)
      .execute();
    await this.audit.append({
      actor,
      action: `transfer.${to}`,
      targetType: 'transfer',
      targetId: transferIds[0] ?? '',
      details: { transfers: transferIds.length },
    });
    return { ids: transferIds, status: to };
  }

  async cancel(actor: Actor, id: string, reason: string) {
    const [r] = await this.rows(actor, [id]);
    if (!reason.trim()) throw validationError({ reason: 'is required to cancel a transfer' });
    if (!r || !LIVE.includes(r.status)) throw new DomainError('TRANSFER_STATE', `A ${r?.status ?? 'missing'} transfer cannot be cancelled`, {});
    await this.ctx.db
      .updateTable('transfers')
      .set({ status: 'cancelled', cancelled_at: this.ctx.clock.nowIso(), cancel_reason: reason })
      .where('id', '=', id)
      .execute();
    await this.audit.append({ actor, action: 'transfer.cancelled', targetType: 'transfer', targetId: id, areaCode: r.area_code, reason });
    return { id, status: 'cancelled' };
  }

  /** The transfer board (or one facility's incoming arrivals) with each step's time and the deadline. */
  async list(actor: Actor, opts: { facilityId?: string; live?: boolean; limit: number }) {
    let q = this.ctx.db
      .selectFrom('transfers')
      .innerJoin('persons', 'persons.id', 'transfers.person_id')
      .innerJoin('facilities', 'facilities.id', 'transfers.to_facility_id')
      .leftJoin('vehicles', 'vehicles.id', 'transfers.vehicle_id')
      .selectAll('transfers')
      .select(['persons.name', 'persons.doc_masked', 'facilities.name as facility', 'vehicles.plate'])
      .where((eb) => eb.or([inAreas(eb, 'transfers.area_code', actor.scope), inAreas(eb, 'facilities.area_code', actor.scope)]))
      .orderBy('transfers.deadline')
      .limit(opts.limit);
    if (opts.facilityId) q = q.where('transfers.to_facility_id', '=', opts.facilityId);
    if (opts.live) q = q.where('transfers.status', 'in', LIVE);
    const now = this.ctx.clock.nowIso();
    return (await q.execute()).map((r) => ({
      ...r,
      name: maskName(r.name),
      overdue: LIVE.includes(r.status) ? now > r.deadline : (r.arrived_at ?? '') > r.deadline,
    }));
  }

  async wasteRun(actor: Actor, facilityId: string, w: { weightKg: number; handler: string; note?: string; at?: string }) {
    const f = await new FacilitiesService(this.ctx).row(actor, facilityId);
    if (!(w.weightKg > 0 && w.weightKg < 100_000)) throw validationError({ weightKg: 'must be a positive weight in kg' });
    if (!w.handler.trim()) throw validationError({ handler: 'is required' });
    const row = {
      id: newId(),
      facility_id: f.id,
      at: w.at ? new Date(w.at).toISOString() : this.ctx.clock.nowIso(),
      weight_kg: w.weightKg,
      handler: w.handler.trim(),
      note: w.note ?? null,
    };
    await this.ctx.db.insertInto('waste_runs').values(row).execute();
    await this.audit.append({
      actor,
      action: 'facility.waste_run',
      targetType: 'facility',
      targetId: f.id,
      areaCode: f.area_code,
      details: { kg: w.weightKg },
    });
    return row;
  }

  async wasteRuns(actor: Actor, facilityId: string) {
    await new FacilitiesService(this.ctx).row(actor, facilityId);
    return this.ctx.db.selectFrom('waste_runs').selectAll().where('facility_id', '=', facilityId).orderBy('at', 'desc').limit(200).execute();
  }
}
