import type { AppContext } from '../../context';
import { inAreas, insertChunks } from '../../db/dialect';
import { DomainError, notFound, validationError } from '../../errors';
import { newId } from '../../lib/ids';
import { AuditService } from '../audit/audit.service';
import { coversArea, type Actor } from '../auth/actor';
import type { FacilityMode, FacilityRow, FacilityType, RoomRow, RoomStatus } from './quarantine.table';
import { numbered, roomsFromTemplate, type TemplateRoom } from './rooms-template';

export const FACILITY_TYPES: readonly FacilityType[] = ['quarantine', 'designated', 'sub-designated', 'fangcang', 'home'];
export const isHospital = (t: FacilityType) => t === 'designated' || t === 'sub-designated' || t === 'fangcang';

export interface NewFacility {
  name: string;
  type: FacilityType;
  areaCode: string;
  rooms?: number;
  address?: string;
  contact?: string;
  mode?: FacilityMode;
  activationHours?: number;
  familyRoomSize?: number;
}

export interface Zoning {
  clean: boolean;
  buffer: boolean;
  contaminated: boolean;
  staffPassage: boolean;
  patientPassage: boolean;
  inspectedOn: string | null;
  note?: string;
}

/** Facilities (集中隔离点, 定点/亚定点医院, 方舱, 居家) and their rooms/beds. */
export class FacilitiesService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  async create(actor: Actor, f: NewFacility): Promise<FacilityRow> {
    if (!FACILITY_TYPES.includes(f.type)) throw validationError({ type: `must be one of ${FACILITY_TYPES.join(', ')}` });
    if (!f.name.trim()) throw validationError({ name: 'is required' });
    if (!coversArea(actor, f.areaCode)) throw new DomainError('FORBIDDEN', `Area ${f.areaCode} is outside your scope`, { field: 'areaCode' });
    if (!(await this.ctx.db.selectFrom('areas').select('code').where('code', '=', f.areaCode).executeTakeFirst()))
      throw validationError({ areaCode: `unknown area code ${f.areaCode}` });
    if (f.rooms !== undefined && (!Number.isInteger(f.rooms) || f.rooms < 0 || f.rooms > 20_000))
      throw validationError({ rooms: 'must be a whole number 0–20000' });
    const row: FacilityRow = {
      id: newId(),
      name: f.name.trim(),
      type: f.type,
      area_code: f.areaCode,
      address: f.address ?? null,
      contact: f.contact ?? null,
      mode: f.mode ?? 'active',
      activation_hours: f.activationHours ?? (f.mode === 'standby' ? 24 : f.mode === 'normal' ? 72 : 0),
      zoning: null,
      staff_on_site: 0,
      created_at: this.ctx.clock.nowIso(),
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('facilities').values(row).execute();
      await this.audit.append(
        {
          actor,
          action: 'facility.created',
          targetType: 'facility',
          targetId: row.id,
          areaCode: row.area_code,
          details: { type: row.type, rooms: f.rooms ?? 0 },
        },
        trx,
      );
    });
    if (f.rooms && f.type !== 'home')
      await this.insertRooms(row, numbered(f.rooms, isHospital(f.type) ? 'bed' : 'room'), isHospital(f.type) ? 1 : (f.familyRoomSize ?? 3));
    return row;
  }

  private async insertRooms(f: FacilityRow, rooms: readonly TemplateRoom[], maxOccupants: number): Promise<number> {
    const now = this.ctx.clock.nowIso();
    const rows: RoomRow[] = rooms.map((r) => ({
      id: newId(),
      facility_id: f.id,
      code: r.code,
      kind: isHospital(f.type) ? 'bed' : 'room',
      floor: r.floor,
      unit: r.unit,
      max_occupants: maxOccupants,
      occupants: 0,
      household_code: null,
      status: 'free',
      updated_at: now,
    }));
    let added = 0;
    await this.ctx.db.transaction().execute(async (trx) => {
      for (const chunk of insertChunks(this.ctx.dialect, rows)) {
        const r = await trx
          .insertInto('rooms')
          .values(chunk)
          .onConflict((oc) => oc.columns(['facility_id', 'code']).doNothing())
          .executeTakeFirst();
        added += Number(r.numInsertedOrUpdatedRows ?? 0);
      }
    });
    return added;
  }

  /** Bulk rooms from a template ("floors 3–12, rooms 01–30"); existing codes are left alone. */
  async addRooms(actor: Actor, facilityId: string, t: { floors?: string; rooms?: string; count?: number; maxOccupants?: number }) {
    const f = await this.row(actor, facilityId);
    if (f.type === 'home') throw validationError({ facilityId: 'home quarantine has no rooms' });
    let rooms: TemplateRoom[];
    try {
      if (t.floors && t.rooms) rooms = roomsFromTemplate(t.floors, t.rooms);
      else if (t.count) rooms = numbered(t.count, isHospital(f.type) ? 'bed' : 'room');
      else throw new Error('floors: give floors and rooms (e.g. 3-12 and 01-30), or count');
    } catch (e) {
      const [field, reason] = (e as Error).message.split(': ');
      throw validationError({ [field ?? 'template']: reason ?? (e as Error).message });
    }
    const added = await this.insertRooms(f, rooms, isHospital(f.type) ? 1 : (t.maxOccupants ?? 3));
    await this.audit.append({ actor, action: 'facility.rooms_added', targetType: 'facility', targetId: f.id, areaCode: f.area_code, details: { added } });
    return { added, skipped: rooms.length - added };
  }

  async row(actor: Actor, id: string): Promise<FacilityRow> {
    const f = await this.ctx.db.selectFrom('facilities').selectAll().where('id', '=', id).executeTakeFirst();
    if (!f || !coversArea(actor, f.area_code)) throw notFound('Facility', id);
    return f;
  }

  async update(
    actor: Actor,
    id: string,
    u: { mode?: FacilityMode; activationHours?: number; zoning?: Zoning; staffOnSite?: number; contact?: string; address?: string },
  ) {
    const f = await this.row(actor, id);
    await this.ctx.db
      .updateTable('facilities')
      .set({
        ...(u.mode ? { mode: u.mode } : {}),
        ...(u.activationHours !== undefined ? { activation_hours: u.activationHours } : {}),
        ...(u.zoning ? { zoning: JSON.stringify(u.zoning) } : {}),
        ...(u.staffOnSite !== undefined ? { staff_on_site: u.staffOnSite } : {}),
        ...(u.contact !== undefined ? { contact: u.contact } : {}),
        ...(u.address !== undefined ? { address: u.address } : {}),
      })
      .where('id', '=', id)
      .execute();
    await this.audit.append({
      actor,
      action: u.mode && u.mode !== f.mode ? 'facility.mode_changed' : 'facility.updated',
      targetType: 'facility',
      targetId: id,
      areaCode: f.area_code,
      details: { from: f.mode, ...u },
    });
    return this.row(actor, id);
  }

  /** Facilities in scope with counts derived from their room/bed rows (one grouped query). */
  async list(actor: Actor, opts: { area?: string; type?: FacilityType } = {}) {
    let q = this.ctx.db
      .selectFrom('facilities')
      .selectAll()
      .where((eb) => inAreas(eb, 'area_code', actor.scope))
      .orderBy('area_code')
      .orderBy('name');
    if (opts.area) q = q.where((eb) => inAreas(eb, 'area_code', [opts.area ?? '']));
    if (opts.type) q = q.where('type', '=', opts.type);
    const facilities = await q.execute();
    const counts = await this.roomCounts(facilities.map((f) => f.id));
    return facilities.map((f) => ({ ...f, zoning: f.zoning ? (JSON.parse(f.zoning) as Zoning) : null, ...(counts.get(f.id) ?? emptyCounts()) }));
  }

  async roomCounts(facilityIds: readonly string[]) {
    const out = new Map<string, ReturnType<typeof emptyCounts>>();
    for (let i = 0; i < facilityIds.length; i += 500) {
      const rows = await this.ctx.db
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

  async rooms(actor: Actor, facilityId: string) {
    await this.row(actor, facilityId);
    const rooms = await this.ctx.db.selectFrom('rooms').selectAll().where('facility_id', '=', facilityId).orderBy('code').execute();
    const live = await this.ctx.db
      .selectFrom('placements')
      .innerJoin('persons', 'persons.id', 'placements.person_id')
      .select(['placements.id', 'placements.room_id', 'persons.name', 'placements.site_end'])
      .where('placements.facility_id', '=', facilityId)
      .where('placements.status', '=', 'live')
      .execute();
    const byRoom = new Map<string, Array<{ placementId: string; name: string; siteEnd: string }>>();
    for (const p of live)
      if (p.room_id) byRoom.set(p.room_id, [...(byRoom.get(p.room_id) ?? []), { placementId: p.id, name: `${p.name.slice(0, 1)}*`, siteEnd: p.site_end }]);
    return rooms.map((r) => ({ ...r, people: byRoom.get(r.id) ?? [] }));
  }

  /** Free ↔ cleaning ↔ out of service; occupancy changes only through placements. */
  async setRoomStatus(actor: Actor, roomId: string, status: Exclude<RoomStatus, 'occupied'>) {
    const room = await this.ctx.db.selectFrom('rooms').selectAll().where('id', '=', roomId).executeTakeFirst();
    if (!room) throw notFound('Room', roomId);
    const f = await this.row(actor, room.facility_id);
    if (room.occupants > 0) throw new DomainError('ROOM_OCCUPIED', `Room ${room.code} is occupied; release its placements first`, { room: room.code });
    await this.ctx.db.updateTable('rooms').set({ status, updated_at: this.ctx.clock.nowIso() }).where('id', '=', roomId).where('occupants', '=', 0).execute();
    await this.audit.append({
      actor,
      action: 'room.status_changed',
      targetType: 'room',
      targetId: roomId,
      areaCode: f.area_code,
      details: { from: room.status, to: status },
    });
    return { id: roomId, status };
  }
}

export const emptyCounts = () => ({ rooms_total: 0, rooms_occupied: 0, rooms_free: 0, rooms_cleaning: 0, rooms_out_of_service: 0, people: 0 });
