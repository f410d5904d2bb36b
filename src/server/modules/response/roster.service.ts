import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { notFound } from '../../errors';
import { DAY } from '../../lib/clock';
import { Scope } from '../access';
import type { Actor } from '../auth/actor';
import { coverageGaps, groupBy, mergeRuns, onDutyAt, shiftsOver, type Shift } from './roster-rules';
import { formatShiftLength, maskWeekdays } from './roster-slots';
import { RosterRepository, type RosterGroup, type RosterInputs } from './roster.repository';

const iso = (ms: number) => new Date(ms).toISOString();

/** One group's window: its rotations and overrides, and the shifts they make. */
interface Window {
  groups: RosterGroup[];
  inputs: RosterInputs;
  shifts: Shift[];
}

export interface OnDuty {
  group: string;
  group_code: string;
  group_name: string;
  area_code: string;
  user_id: string | null;
  name: string | null;
  since: string | null;
  until: string | null;
  /** override / rotation: rostered; lead: nobody rostered, the lead stands in; nobody: not even a lead. */
  source: 'override' | 'rotation' | 'lead' | 'nobody';
  note: string | null;
}

const STRETCH_DAYS = 14;
export const NOBODY_ROSTERED = 'nobody is rostered now: the work group lead (组长) stands in';

/** Reads of the duty roster (值班值守) within the caller's areas: coverage check, who is on duty, shifts, rotations. */
export class RosterService {
  constructor(private readonly ctx: AppContext) {}

  private repo(actor: Actor) {
    return new RosterRepository(this.ctx.db, Scope.of(actor));
  }

  private async window(repo: RosterRepository, f: { groupId?: string; area?: string }, from: number, to: number): Promise<Window> {
    const groups = await repo.groups(f);
    if (f.groupId && groups.length === 0) throw notFound('Work group', f.groupId);
    const inputs = await repo.inputs(
      groups.map((g) => g.id),
      iso(from),
      iso(to),
    );
    return { groups, inputs, shifts: shiftsOver(inputs, from, to, this.ctx.config.timeZone) };
  }

  /** The coverage check over the next `days` days: minutes nobody is on duty per group, and where (a group without a rotation is all gap). */
  async check(actor: Actor, q: { days: number; groupId?: string; area?: string }) {
    const from = Date.parse(this.ctx.clock.nowIso());
    const to = from + q.days * DAY;
    const w = await this.window(this.repo(actor), q, from, to);
    const c = coverageGaps(
      w.groups.map((g) => g.id),
      w.shifts,
      from,
      to,
    );
    const byId = new Map(w.groups.map((g) => [g.id, g]));
    const minutes = (ms: number) => Math.round(ms / 60_000);
    return {
      from: iso(from),
      to: iso(to),
      days: q.days,
      uncovered_minutes: c.uncoveredMinutes,
      gaps: c.gaps.map((g) => {
        const grp = byId.get(g.groupId);
        return {
          group: g.groupId,
          group_code: grp?.code ?? '',
          group_name: grp?.name ?? '',
          area_code: grp?.area_code ?? '',
          from: iso(g.from),
          to: iso(g.to),
          minutes: minutes(g.to - g.from),
        };
      }),
      groups: w.groups.map((g) => ({
        group: g.id,
        code: g.code,
        name: g.name,
        area_code: g.area_code,
        rotations: w.inputs.rotationRows.filter((r) => r.group_id === g.id).length,
        uncovered_minutes: minutes(c.gaps.filter((x) => x.groupId === g.id).reduce((n, x) => n + x.to - x.from, 0)),
      })),
    };
  }

  /** Who is on duty now in each group (the rostered person, else the lead, saying so). */
  async now(actor: Actor, q: { groupId?: string; area?: string } = {}): Promise<OnDuty[]> {
    const repo = this.repo(actor);
    const t = Date.parse(this.ctx.clock.nowIso());
    // two weeks either side find the whole stretch the current person holds (back-to-back shifts are one stretch)
    const w = await this.window(repo, q, t - STRETCH_DAYS * DAY, t + STRETCH_DAYS * DAY);
    const here = w.shifts.filter((s) => s.from <= t && t < s.to);
    const runs = groupBy(mergeRuns(w.shifts), (r) => r.groupId);
    const names = await repo.userNames(here.map((s) => s.userId));
    const byGroup = groupBy(here, (s) => s.groupId);
    return w.groups.map((g) => dutyOf(g, runs.get(g.id) ?? [], byGroup.get(g.id) ?? [], t, names));
  }

  /** Shifts over [from, from + days) for the calendar, covers and swaps marked. */
  async shifts(actor: Actor, q: { from?: string; days: number; groupId?: string; area?: string }) {
    const repo = this.repo(actor);
    const from = Date.parse(q.from ?? this.ctx.clock.nowIso());
    const w = await this.window(repo, q, from, from + q.days * DAY);
    const names = await repo.userNames(w.shifts.flatMap((s) => (s.replaces ? [s.userId, s.replaces] : [s.userId])));
    const kinds = new Map(w.inputs.overrideRows.map((o) => [o.id, o.kind]));
    return w.shifts.map((s) => ({
      group: s.groupId,
      user_id: s.userId,
      name: names.get(s.userId) ?? s.userId,
      from: iso(s.from),
      to: iso(s.to),
      rotation_id: s.rotationId,
      override_id: s.overrideId,
      kind: s.overrideId ? (kinds.get(s.overrideId) ?? 'cover') : ('rotation' as const),
      replaces: s.replaces,
      replaces_name: s.replaces ? (names.get(s.replaces) ?? s.replaces) : null,
    }));
  }

  /** Rotations of the groups in reach, with their members by name and scheduled changes. */
  async rotations(actor: Actor, q: { groupId?: string; area?: string } = {}) {
    const repo = this.repo(actor);
    const groups = await repo.groups(q);
    if (q.groupId && groups.length === 0) throw notFound('Work group', q.groupId);
    const inputs = await repo.inputs(
      groups.map((g) => g.id),
      '0000',
      '9999',
    );
    const names = await repo.userNames([...inputs.rotations.flatMap((r) => r.members), ...inputs.changes.flatMap((c) => c.members ?? [])]);
    const person = (id: string) => ({ user_id: id, name: names.get(id) ?? id });
    return inputs.rotationRows.map((r, i) => {
      const spec = inputs.rotations[i];
      return {
        id: r.id,
        group: r.group_id,
        name: r.name,
        starts_at: r.starts_at,
        ends_at: r.ends_at,
        shift: formatShiftLength({ unit: r.shift_unit, count: Number(r.shift_count) }),
        weekdays: maskWeekdays(Number(r.weekdays)),
        members: (spec?.members ?? []).map(person),
        changes: inputs.changeRows
          .filter((c) => c.rotation_id === r.id)
          .sort((a, b) => a.effective_from.localeCompare(b.effective_from))
          .map((c) => ({
            effective_from: c.effective_from,
            shift: c.shift_unit && c.shift_count ? formatShiftLength({ unit: c.shift_unit, count: Number(c.shift_count) }) : null,
            weekdays: c.weekdays === null ? null : maskWeekdays(Number(c.weekdays)),
            members: c.members ? (JSON.parse(c.members) as string[]).map(person) : null,
          })),
      };
    });
  }
}

function dutyOf(g: RosterGroup, runs: readonly Shift[], shifts: readonly Shift[], t: number, names: Map<string, string>): OnDuty {
  const base = { group: g.id, group_code: g.code, group_name: g.name, area_code: g.area_code };
  const here = onDutyAt(shifts, t)[0];
  if (here) {
    const run = runs.find((r) => r.userId === here.userId && r.from <= t && t < r.to) ?? here;
    return {
      ...base,
      user_id: here.userId,
      name: names.get(here.userId) ?? here.userId,
      since: iso(run.from),
      until: iso(run.to),
      source: here.overrideId ? 'override' : 'rotation',
      note: null,
    };
  }
  if (g.lead_user_id) return { ...base, user_id: g.lead_user_id, name: g.lead, since: null, until: null, source: 'lead', note: NOBODY_ROSTERED };
  return { ...base, user_id: null, name: null, since: null, until: null, source: 'nobody', note: 'nobody is rostered now and the group has no lead' };
}

/** The person rostered on group `groupId` at `at` (for owner rules; system read), or null when nobody is. */
export async function rosteredAt(db: Kysely<DB>, tz: string, groupId: string, at: string): Promise<{ userId: string; name: string } | null> {
  const repo = new RosterRepository(db, Scope.city('job'));
  const t = Date.parse(at);
  const inputs = await repo.inputs([groupId], at, iso(t + 1));
  const here = onDutyAt(shiftsOver(inputs, t, t + 1, tz), t)[0];
  if (!here) return null;
  const user = await db.selectFrom('users').select(['id', 'display_name']).where('id', '=', here.userId).where('disabled', '=', 0).executeTakeFirst();
  return user ? { userId: user.id, name: user.display_name } : null;
}
