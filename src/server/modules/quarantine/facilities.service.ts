import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError, validationError, why } from '../../errors';
import { newId } from '../../lib/ids';
import { Scope } from '../access';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { emptyCounts, FacilityRepository } from './facility.repository';
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

/**
 * Facilities (集中隔离点, 定点/亚定点医院, 方舱, 居家) and their rooms/beds. Each use case is one
 * transaction with its audit entry; a caller that already holds a transaction passes it.
 */
export class FacilitiesService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  private tx<T>(trx: Kysely<DB> | undefined, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    return trx ? fn(trx) : this.ctx.db.transaction().execute(fn);
  }

  repo(trx: Kysely<DB>, actor: Actor): FacilityRepository {
    return new FacilityRepository(trx, Scope.of(actor), this.ctx.dialect);
  }

  async create(actor: Actor, f: NewFacility, trx?: Kysely<DB>): Promise<FacilityRow> {
    if (!FACILITY_TYPES.includes(f.type))
      throw validationError({ type: why('one_of', `must be one of ${FACILITY_TYPES.join(', ')}`, { values: FACILITY_TYPES.join(', ') }) });
    if (!f.name.trim()) throw validationError({ name: why('required', 'is required') });
    Scope.of(actor).ensureCovers(f.areaCode);
    if (f.rooms !== undefined && (!Number.isInteger(f.rooms) || f.rooms < 0 || f.rooms > 20_000))
      throw validationError({ rooms: why('max_value', 'must be a whole number 0–20000', { limit: 20000 }) });
    return this.tx(trx, async (trx) => {
      if (!(await trx.selectFrom('areas').select('code').where('code', '=', f.areaCode).executeTakeFirst()))
        throw validationError({ areaCode: why('unknown', `unknown area code ${f.areaCode}`) });
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
      const repo = this.repo(trx, actor);
      await repo.insert(row);
      const rooms =
        f.rooms && f.type !== 'home'
          ? await repo.insertRooms(this.roomRows(row, numbered(f.rooms, isHospital(f.type) ? 'bed' : 'room'), isHospital(f.type) ? 1 : (f.familyRoomSize ?? 3)))
          : 0;
      await this.audit.append(
        { actor, action: 'facility.created', targetType: 'facility', targetId: row.id, areaCode: row.area_code, details: { type: row.type, rooms } },
        trx,
      );
      return row;
    });
  }

  private roomRows(f: FacilityRow, rooms: readonly TemplateRoom[], maxOccupants: number): RoomRow[] {
    const now = this.ctx.clock.nowIso();
    return rooms.map((r) => ({
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
  }

  /** Bulk rooms from a template ("floors 3–12, rooms 01–30"); existing codes are left alone. */
  async addRooms(actor: Actor, facilityId: string, t: { floors?: string; rooms?: string; count?: number; maxOccupants?: number }) {
    return this.ctx.db.transaction().execute(async (trx) => {
      const repo = this.repo(trx, actor);
      const f = await repo.get(facilityId, 'write');
      if (f.type === 'home') throw validationError({ facilityId: why('home_no_rooms', 'home quarantine has no rooms') });
      let rooms: TemplateRoom[];
      try {
        if (t.floors && t.rooms) rooms = roomsFromTemplate(t.floors, t.rooms);
        else if (t.count) rooms = numbered(t.count, isHospital(f.type) ? 'bed' : 'room');
        else throw new Error('floors: give floors and rooms (e.g. 3-12 and 01-30), or count');
      } catch (e) {
        const [field, reason] = (e as Error).message.split(': ');
        throw validationError({ [field ?? 'template']: reason ?? (e as Error).message });
      }
      const added = await repo.insertRooms(this.roomRows(f, rooms, isHospital(f.type) ? 1 : (t.maxOccupants ?? 3)));
      await this.audit.append(
        { actor, action: 'facility.rooms_added', targetType: 'facility', targetId: f.id, areaCode: f.area_code, details: { added } },
        trx,
      );
      return { added, skipped: rooms.length - added };
    });
  }

  /** One facility the caller runs (404 otherwise). */
  async row(actor: Actor, id: string): Promise<FacilityRow> {
    return this.repo(this.ctx.db, actor).get(id);
  }

  async update(
    actor: Actor,
    id: string,
    u: { mode?: FacilityMode; activationHours?: number; zoning?: Zoning; staffOnSite?: number; contact?: string; address?: string },
  ) {
    return this.ctx.db.transaction().execute(async (trx) => {
      const repo = this.repo(trx, actor);
      const f = await repo.get(id, 'write');
      await repo.update(id, {
        ...(u.mode ? { mode: u.mode } : {}),
        ...(u.activationHours !== undefined ? { activation_hours: u.activationHours } : {}),
        ...(u.zoning ? { zoning: JSON.stringify(u.zoning) } : {}),
        ...(u.staffOnSite !== undefined ? { staff_on_site: u.staffOnSite } : {}),
        ...(u.contact !== undefined ? { contact: u.contact } : {}),
        ...(u.address !== undefined ? { address: u.address } : {}),
      });
      await this.audit.append(
        {
          actor,
          action: u.mode && u.mode !== f.mode ? 'facility.mode_changed' : 'facility.updated',
          targetType: 'facility',
          targetId: id,
          areaCode: f.area_code,
          details: { from: f.mode, ...u },
        },
        trx,
      );
      return repo.get(id);
    });
  }

  /** Facilities the caller runs, with counts derived from their room/bed rows (one grouped query). */
  async list(actor: Actor, opts: { area?: string; type?: FacilityType } = {}) {
    const scope = Scope.of(actor);
    // ?area= narrows to facilities of that area (404 outside the caller's scope); postings elsewhere drop out.
    const within = opts.area ? Scope.areas(scope.within(opts.area).areas) : scope;
    const repo = new FacilityRepository(this.ctx.db, within, this.ctx.dialect);
    const facilities = await repo.list({ type: opts.type });
    const counts = await repo.roomCounts(facilities.map((f) => f.id));
    return facilities.map((f) => ({ ...f, zoning: f.zoning ? (JSON.parse(f.zoning) as Zoning) : null, ...(counts.get(f.id) ?? emptyCounts()) }));
  }

  async rooms(actor: Actor, facilityId: string) {
    const repo = this.repo(this.ctx.db, actor);
    const rooms = await repo.rooms(facilityId);
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
    return this.ctx.db.transaction().execute(async (trx) => {
      const repo = this.repo(trx, actor);
      const room = await repo.room(roomId, 'write');
      const f = await repo.get(room.facility_id, 'write');
      if (room.occupants > 0 || !(await repo.setRoomStatus(roomId, status, this.ctx.clock.nowIso())))
        throw new DomainError('ROOM_OCCUPIED', `Room ${room.code} is occupied; release its placements first`, { room: room.code });
      await this.audit.append(
        { actor, action: 'room.status_changed', targetType: 'room', targetId: roomId, areaCode: f.area_code, details: { from: room.status, to: status } },
        trx,
      );
      return { id: roomId, status };
    });
  }
}

export { emptyCounts };
