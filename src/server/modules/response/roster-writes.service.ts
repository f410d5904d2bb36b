import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { validationError, why } from '../../errors';
import { DAY } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { localParts } from '../../lib/local-time';
import { Access, Scope } from '../access';
import { AuditService } from '../audit';
import type { Actor } from '../auth/actor';
import { personOverlaps, rotationErrors, segmentsOf, shiftsOver, type Shift } from './roster-rules';
import { ALL_WEEKDAYS, parseShiftLength, weekdayMask } from './roster-slots';
import { changeSpec, RosterRepository, rotationSpec } from './roster.repository';
import type { RosterOverrideRow, RosterRotationRow } from './response.table';

/** How far ahead a write is checked for one person on two shifts at once (8 weeks: every weekly pattern twice). */
export const OVERLAP_HORIZON_DAYS = 56;
/** A single cover or swapped shift spans at most this long. */
const MAX_COVER_DAYS = 31;

export interface RotationInput {
  groupId: string;
  name?: string;
  startsAt: string;
  endsAt?: string | null;
  shift: string;
  weekdays?: number[];
  members: string[];
}
export interface ChangeInput {
  effectiveFrom: string;
  shift?: string;
  weekdays?: number[];
  members?: string[];
}
export interface CoverInput {
  groupId: string;
  userId: string;
  replacesUserId?: string | null;
  from: string;
  to: string;
  note?: string;
}
export interface SwapInput {
  groupId: string;
  aUserId: string;
  aAt: string;
  bUserId: string;
  bAt: string;
  note?: string;
}

/**
 * Writes of the duty roster: rotations, scheduled changes, covers and swaps. Each runs in one
 * transaction: scope check on the group, field-by-field validation, the row, a check that nobody
 * involved holds two shifts at once over the next 8 weeks (any group, any area), and an audit entry.
 */
export class RosterWritesService {
  constructor(private readonly ctx: AppContext) {}

  private get tz() {
    return this.ctx.config.timeZone;
  }

  async createRotation(actor: Actor, input: RotationInput): Promise<RosterRotationRow> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const group = await this.writableGroup(trx, actor, input.groupId);
      const length = parseShiftLength(input.shift);
      const startsAt = Date.parse(input.startsAt);
      const endsAt = input.endsAt ? Date.parse(input.endsAt) : null;
      const weekdays = input.weekdays?.length ? weekdayMask(input.weekdays) : ALL_WEEKDAYS;
      const errors: Record<string, string> = length ? rotationErrors({ length, weekdays, members: input.members }, this.tz, startsAt) : {};
      if (!length) errors.shift = 'a shift length such as 8h, 12h, 24h, 1d, 1w or 1mo';
      if (!Number.isFinite(startsAt)) errors.startsAt = 'an ISO-8601 date-time';
      if (endsAt !== null && !(endsAt > startsAt)) errors.endsAt = 'after startsAt';
      Object.assign(errors, await this.ineligible(trx, group.id, group.name, 'members', input.members));
      if (Object.keys(errors).length || !length) throw validationError(errors);
      const now = this.ctx.clock.nowIso();
      const row: RosterRotationRow = {
        id: newId(),
        group_id: group.id,
        name: input.name?.trim() || `${group.name} ${input.shift}`,
        starts_at: new Date(startsAt).toISOString(),
        ends_at: endsAt === null ? null : new Date(endsAt).toISOString(),
        shift_unit: length.unit,
        shift_count: length.count,
        weekdays,
        members: JSON.stringify(input.members),
        created_by: actor.id ?? actor.kind,
        created_at: now,
      };
      await trx.insertInto('roster_rotations').values(row).execute();
      await this.ensureNoOverlap(trx, input.members, Math.max(startsAt, Date.parse(now)), 'members');
      await this.audit(trx, actor, 'response.roster_rotation_created', row.id, group.area_code, {
        group: group.id,
        shift: input.shift,
        weekdays: input.weekdays ?? null,
        members: input.members,
        startsAt: row.starts_at,
      });
      return row;
    });
  }

  /** From `effectiveFrom` (now or later) the rotation runs with the given members, length or weekdays. */
  async scheduleChange(actor: Actor, rotationId: string, input: ChangeInput): Promise<{ id: string }> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const repo = new RosterRepository(trx, Scope.of(actor));
      const rot = await repo.rotation(rotationId);
      if (!rot) throw validationError({ rotationId: why('unknown', 'no rotation with that id') });
      const group = await this.writableGroup(trx, actor, rot.group_id);
      const from = Date.parse(input.effectiveFrom);
      const length = input.shift ? parseShiftLength(input.shift) : null;
      // the rotation as it would run just before `from` (its earlier changes applied), then this change on top
      const earlier = await trx
        .selectFrom('roster_changes')
        .selectAll()
        .where('rotation_id', '=', rot.id)
        .where('effective_from', '<', new Date(from || 0).toISOString())
        .execute();
      const spec = rotationSpec(rot);
      const cur = segmentsOf(spec, earlier.map(changeSpec)).at(-1) ?? { ...spec };
      const next = {
        length: length ?? cur.length,
        weekdays: input.weekdays?.length ? weekdayMask(input.weekdays) : cur.weekdays,
        members: input.members ?? cur.members,
      };
      const errors = rotationErrors(next, this.tz, from);
      if (input.shift && !length) errors.shift = 'a shift length such as 8h, 12h, 24h, 1d, 1w or 1mo';
      if (!input.shift && !input.weekdays?.length && !input.members) errors.effectiveFrom = 'a change names new members, a shift length or weekdays';
      if (!Number.isFinite(from) || from < Date.parse(this.ctx.clock.nowIso())) errors.effectiveFrom = 'now or later (past shifts stay as they were)';
      else if (from <= Date.parse(rot.starts_at)) errors.effectiveFrom = 'after the rotation starts';
      const clash = await trx
        .selectFrom('roster_changes')
        .select('id')
        .where('rotation_id', '=', rot.id)
        .where('effective_from', '=', new Date(from || 0).toISOString())
        .executeTakeFirst();
      if (clash) errors.effectiveFrom = 'this rotation already has a change from that instant';
      Object.assign(errors, await this.ineligible(trx, group.id, group.name, 'members', input.members ?? []));
      if (Object.keys(errors).length) throw validationError(errors);
      const id = newId();
      await trx
        .insertInto('roster_changes')
        .values({
          id,
          rotation_id: rot.id,
          effective_from: new Date(from).toISOString(),
          shift_unit: length?.unit ?? null,
          shift_count: length?.count ?? null,
          weekdays: input.weekdays?.length ? weekdayMask(input.weekdays) : null,
          members: input.members ? JSON.stringify(input.members) : null,
          created_by: actor.id ?? actor.kind,
          created_at: this.ctx.clock.nowIso(),
        })
        .execute();
      await this.ensureNoOverlap(trx, next.members, from, 'members');
      await this.audit(trx, actor, 'response.roster_change_scheduled', rot.id, group.area_code, { change: id, ...input });
      return { id };
    });
  }

  /** A person covers [from, to) for another (or, replacesUserId null, holds the group in that time whoever was rostered). */
  async addCover(actor: Actor, input: CoverInput): Promise<RosterOverrideRow> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const group = await this.writableGroup(trx, actor, input.groupId);
      const from = Date.parse(input.from);
      const to = Date.parse(input.to);
      const errors = this.rangeErrors(from, to, 'from', 'to');
      if (input.replacesUserId === input.userId) errors.replacesUserId = 'a person cannot cover for themselves';
      Object.assign(errors, await this.ineligible(trx, group.id, group.name, 'userId', [input.userId]));
      if (Object.keys(errors).length) throw validationError(errors);
      const row = this.overrideRow(actor, group.id, 'cover', input.userId, input.replacesUserId ?? null, from, to, null, input.note);
      await trx.insertInto('roster_overrides').values(row).execute();
      await this.ensureNoOverlap(trx, [input.userId], from, 'userId');
      await this.audit(trx, actor, 'response.roster_cover_added', row.id, group.area_code, {
        group: group.id,
        userId: input.userId,
        replacesUserId: row.replaces_user_id,
        from: row.starts_at,
        to: row.ends_at,
      });
      return row;
    });
  }

  /** A and B exchange the shifts they hold at aAt and bAt: two covers sharing a swap id. */
  async swap(actor: Actor, input: SwapInput): Promise<{ swap_id: string; overrides: RosterOverrideRow[] }> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const group = await this.writableGroup(trx, actor, input.groupId);
      const errors: Record<string, string> = {};
      if (input.aUserId === input.bUserId) errors.bUserId = 'a swap is between two different people';
      const a = await this.shiftHeld(trx, group.id, input.aUserId, input.aAt);
      const b = await this.shiftHeld(trx, group.id, input.bUserId, input.bAt);
      if (!a) errors.aAt = `${input.aUserId} holds no shift of ${group.name} at ${input.aAt}`;
      if (!b) errors.bAt = `${input.bUserId} holds no shift of ${group.name} at ${input.bAt}`;
      if (a && a.to < Date.parse(this.ctx.clock.nowIso())) errors.aAt = 'that shift is over';
      if (Object.keys(errors).length || !a || !b) throw validationError(errors);
      const swapId = newId();
      const rows = [
        this.overrideRow(actor, group.id, 'swap', input.bUserId, input.aUserId, a.from, a.to, swapId, input.note),
        this.overrideRow(actor, group.id, 'swap', input.aUserId, input.bUserId, b.from, b.to, swapId, input.note),
      ];
      await trx.insertInto('roster_overrides').values(rows).execute();
      await this.ensureNoOverlap(trx, [input.aUserId, input.bUserId], Math.min(a.from, b.from), 'bAt');
      await this.audit(trx, actor, 'response.roster_swap_added', swapId, group.area_code, {
        group: group.id,
        a: { userId: input.aUserId, from: rows[0]?.starts_at },
        b: { userId: input.bUserId, from: rows[1]?.starts_at },
      });
      return { swap_id: swapId, overrides: rows };
    });
  }

  private async writableGroup(trx: Kysely<DB>, actor: Actor, groupId: string) {
    await new Access(trx, Scope.of(actor)).ensure('work_group', groupId, 'write');
    return trx.selectFrom('work_groups').select(['id', 'name', 'area_code']).where('id', '=', groupId).executeTakeFirstOrThrow();
  }

  /** Only a group's lead and members stand on its roster (so they can see its tasks). */
  private async ineligible(trx: Kysely<DB>, groupId: string, groupName: string, field: string, userIds: readonly string[]): Promise<Record<string, string>> {
    if (userIds.length === 0) return {};
    const ok = await new RosterRepository(trx, Scope.city('integrity')).eligible(groupId);
    const bad = userIds.filter((u) => !ok.has(u));
    return bad.length ? { [field]: `not the lead or an active member of ${groupName}: ${bad.join(', ')} (add them with work-group add-member)` } : {};
  }

  private rangeErrors(from: number, to: number, fromField: string, toField: string): Record<string, string> {
    const errors: Record<string, string> = {};
    if (!Number.isFinite(from)) errors[fromField] = 'an ISO-8601 date-time';
    if (!Number.isFinite(to) || !(to > from)) errors[toField] = `after ${fromField}`;
    else if (to - from > MAX_COVER_DAYS * DAY) errors[toField] = `at most ${MAX_COVER_DAYS} days after ${fromField} (longer: schedule a change)`;
    else if (to <= Date.parse(this.ctx.clock.nowIso())) errors[toField] = 'in the future (past shifts stay as they were)';
    return errors;
  }

  private async shiftHeld(trx: Kysely<DB>, groupId: string, userId: string, atText: string): Promise<Shift | undefined> {
    const at = Date.parse(atText);
    if (!Number.isFinite(at)) return undefined;
    const inputs = await new RosterRepository(trx, Scope.city('integrity')).inputs([groupId], new Date(at).toISOString(), new Date(at + 1).toISOString());
    return shiftsOver(inputs, at, at + 1, this.tz).find((s) => s.userId === userId && s.from <= at && at < s.to);
  }

  /** Refuse the write (its transaction rolls back) when a person involved would hold two overlapping shifts. */
  private async ensureNoOverlap(trx: Kysely<DB>, userIds: readonly string[], from: number, field: string): Promise<void> {
    const repo = new RosterRepository(trx, Scope.city('integrity'));
    const to = from + OVERLAP_HORIZON_DAYS * DAY;
    const inputs = await repo.inputs(await repo.groupsOfUsers(userIds), new Date(from).toISOString(), new Date(to).toISOString());
    const who = new Set(userIds);
    const clash = personOverlaps(shiftsOver(inputs, from, to, this.tz).filter((s) => who.has(s.userId)))[0];
    if (!clash) return;
    const groups = await trx.selectFrom('work_groups').select(['id', 'name', 'area_code']).where('id', 'in', [clash.a.groupId, clash.b.groupId]).execute();
    const name = (await repo.userNames([clash.userId])).get(clash.userId) ?? clash.userId;
    const label = (s: Shift) => {
      const g = groups.find((x) => x.id === s.groupId);
      return `${g?.name ?? s.groupId} (${g?.area_code ?? ''}) ${this.local(s.from)}–${this.local(s.to)}`;
    };
    throw validationError({ [field]: `${name} (${clash.userId}) would be on two overlapping shifts: ${label(clash.a)} and ${label(clash.b)} (${this.tz})` });
  }

  private local(ms: number): string {
    const p = localParts(ms, this.tz);
    const two = (n: number) => String(n).padStart(2, '0');
    return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
  }

  private overrideRow(
    actor: Actor,
    groupId: string,
    kind: RosterOverrideRow['kind'],
    userId: string,
    replaces: string | null,
    from: number,
    to: number,
    swapId: string | null,
    note: string | undefined,
  ): RosterOverrideRow {
    return {
      id: newId(),
      group_id: groupId,
      kind,
      user_id: userId,
      replaces_user_id: replaces,
      starts_at: new Date(from).toISOString(),
      ends_at: new Date(to).toISOString(),
      swap_id: swapId,
      note: note?.trim() || null,
      created_by: actor.id ?? actor.kind,
      created_at: this.ctx.clock.nowIso(),
    };
  }

  private audit(trx: Kysely<DB>, actor: Actor, action: string, targetId: string, areaCode: string, details: Record<string, unknown>) {
    return new AuditService(this.ctx).append({ actor, action, targetType: 'roster', targetId, areaCode, details }, trx);
  }
}
