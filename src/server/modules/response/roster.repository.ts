import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Scope } from '../access';
import type { ChangeSpec, OverrideSpec, RotationSpec } from './roster-rules';
import type { RosterChangeRow, RosterOverrideRow, RosterRotationRow } from './response.table';

const CHUNK = 500;

export interface RosterGroup {
  id: string;
  code: string;
  name: string;
  area_code: string;
  lead_user_id: string | null;
  lead: string | null;
}

export interface RosterInputs {
  rotations: RotationSpec[];
  changes: ChangeSpec[];
  overrides: OverrideSpec[];
  rotationRows: RosterRotationRow[];
  changeRows: RosterChangeRow[];
  overrideRows: RosterOverrideRow[];
}

/**
 * SQL of the duty roster. Groups are read within the Scope (the hand-over job and the overlap
 * check pass a city-wide one: a person's shifts clash whatever areas the caller sees); rotations
 * and overrides are read by the group ids that passed it.
 */
export class RosterRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
  ) {}

  async groups(f: { groupId?: string; area?: string } = {}): Promise<RosterGroup[]> {
    const scope = f.area ? this.scope.within(f.area) : this.scope;
    return this.db
      .selectFrom('work_groups as g')
      .leftJoin('users as u', 'u.id', 'g.lead_user_id')
      .select(['g.id', 'g.code', 'g.name', 'g.area_code', 'g.lead_user_id', 'u.display_name as lead'])
      .where((eb) => scope.where(eb, 'g.area_code'))
      .$if(f.groupId !== undefined, (q) => q.where('g.id', '=', f.groupId ?? ''))
      .orderBy('g.area_code')
      .orderBy('g.code')
      .execute();
  }

  /** Rotations, changes and overrides of these groups that can touch [from, to). */
  async inputs(groupIds: readonly string[], from: string, to: string): Promise<RosterInputs> {
    const rotationRows: RosterRotationRow[] = [];
    const overrideRows: RosterOverrideRow[] = [];
    for (let i = 0; i < groupIds.length; i += CHUNK) {
      const ids = groupIds.slice(i, i + CHUNK);
      rotationRows.push(
        ...(await this.db
          .selectFrom('roster_rotations')
          .selectAll()
          .where('group_id', 'in', ids)
          .where('starts_at', '<', to)
          .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', from)]))
          .orderBy('created_at')
          .orderBy('id')
          .execute()),
      );
      overrideRows.push(
        ...(await this.db
          .selectFrom('roster_overrides')
          .selectAll()
          .where('group_id', 'in', ids)
          .where('ends_at', '>', from)
          .where('starts_at', '<', to)
          .orderBy('created_at')
          .orderBy('id')
          .execute()),
      );
    }
    const changeRows: RosterChangeRow[] = [];
    for (let i = 0; i < rotationRows.length; i += CHUNK) {
      const ids = rotationRows.slice(i, i + CHUNK).map((r) => r.id);
      changeRows.push(...(await this.db.selectFrom('roster_changes').selectAll().where('rotation_id', 'in', ids).where('effective_from', '<', to).execute()));
    }
    return {
      rotations: rotationRows.map(rotationSpec),
      changes: changeRows.map(changeSpec),
      overrides: overrideRows.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id)).map(overrideSpec),
      rotationRows,
      changeRows,
      overrideRows,
    };
  }

  /** Groups a person may hold shifts in: as lead, member, or by a cover (city-wide: a person's shifts clash across areas too). */
  async groupsOfUsers(userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const ids = [...userIds];
    const rows = await this.db
      .selectFrom('work_group_members')
      .select('group_id')
      .where('user_id', 'in', ids)
      .union(this.db.selectFrom('work_groups').select('id as group_id').where('lead_user_id', 'in', ids))
      .union(this.db.selectFrom('roster_overrides').select('group_id').where('user_id', 'in', ids))
      .execute();
    return [...new Set(rows.map((r) => r.group_id))];
  }

  /** Users allowed on a group's roster: its lead and members. */
  async eligible(groupId: string): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom('work_group_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.display_name'])
      .where('m.group_id', '=', groupId)
      .where('u.disabled', '=', 0)
      .union(
        this.db
          .selectFrom('work_groups as g')
          .innerJoin('users as u', 'u.id', 'g.lead_user_id')
          .select(['u.id', 'u.display_name'])
          .where('g.id', '=', groupId)
          .where('u.disabled', '=', 0),
      )
      .execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  async userNames(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const want = [...new Set(ids)];
    for (let i = 0; i < want.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('users')
        .select(['id', 'display_name'])
        .where('id', 'in', want.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) out.set(r.id, r.display_name);
    }
    return out;
  }

  async rotation(id: string): Promise<RosterRotationRow | undefined> {
    return this.db.selectFrom('roster_rotations').selectAll().where('id', '=', id).executeTakeFirst();
  }
}

export function rotationSpec(r: RosterRotationRow): RotationSpec {
  return {
    id: r.id,
    groupId: r.group_id,
    startsAt: Date.parse(r.starts_at),
    endsAt: r.ends_at ? Date.parse(r.ends_at) : null,
    length: { unit: r.shift_unit, count: Number(r.shift_count) },
    weekdays: Number(r.weekdays),
    members: JSON.parse(r.members) as string[],
  };
}

export function changeSpec(c: RosterChangeRow): ChangeSpec {
  return {
    rotationId: c.rotation_id,
    from: Date.parse(c.effective_from),
    length: c.shift_unit && c.shift_count ? { unit: c.shift_unit, count: Number(c.shift_count) } : null,
    weekdays: c.weekdays === null ? null : Number(c.weekdays),
    members: c.members ? (JSON.parse(c.members) as string[]) : null,
  };
}

function overrideSpec(o: RosterOverrideRow): OverrideSpec {
  return { id: o.id, groupId: o.group_id, userId: o.user_id, replacesUserId: o.replaces_user_id, from: Date.parse(o.starts_at), to: Date.parse(o.ends_at) };
}
