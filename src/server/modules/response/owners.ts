import { sql, type Kysely } from 'kysely';
import type { TaskTemplate } from '../../../contract/response';
import type { DB } from '../../db/schema';
import { selfAndAncestors } from '../areas/area-codes';
import { rosteredAt } from './roster.service';

/** Who a task (or a notice) goes to: a user, or a named person without an account, and why. */
export interface ResolvedOwner {
  userId: string | null;
  name: string;
  /** Why this owner (a fallback, or nobody found so the command centre holds it); null when the rule resolved directly. */
  note: string | null;
}

export const COMMAND_CENTRE = '指挥部';
export const NOBODY_ON_DUTY = 'nobody is rostered on duty now';

/**
 * Resolves owner rules for one area: the area's responsibles by duty (nearest level up the tree
 * first, people with an account before those without), its grid worker, the work group's lead,
 * the person on duty. Reads are confined to the area and its ancestors (and, for grid workers,
 * the grids below it); everything is loaded once per activation.
 */
export class OwnerResolver {
  private responsibles: Array<{ area_code: string; duty: string; name: string; user_id: string | null; display_name: string | null }> | null = null;
  private leads = new Map<string, ResolvedOwner | null>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly areaCode: string,
    /** When and in which zone "on duty" is read (the roster's day and month shifts follow local calendars). */
    private readonly roster: { at: string; timeZone: string } | null = null,
  ) {}

  async resolve(t: Pick<TaskTemplate, 'owner' | 'group'>): Promise<ResolvedOwner> {
    switch (t.owner.rule) {
      case 'duty':
        return (await this.byDuty(t.owner.duty ?? '')) ?? nobody(`no responsible with duty ${t.owner.duty} for area ${this.areaCode}`);
      case 'grid_worker':
        return (await this.byDuty('grid_worker', true)) ?? nobody(`no grid worker for area ${this.areaCode}`);
      case 'group_lead':
        return (await this.groupLead(t.group)) ?? nobody(`work group ${t.group ?? '-'} has no lead for area ${this.areaCode}`);
      case 'on_duty': {
        const rostered = await this.onDuty(t.group);
        if (rostered) return rostered;
        // nobody on the roster at this moment: the group's lead, and the task says so
        const lead = await this.groupLead(t.group);
        if (lead) return { ...lead, note: `${NOBODY_ON_DUTY}: assigned to the work group lead (值班 falls back to 组长)` };
        return nobody(`${NOBODY_ON_DUTY} and work group ${t.group ?? '-'} has no lead for area ${this.areaCode}`);
      }
    }
  }

  /** The person rostered now on work group `code`, nearest the area first (the area's own group, else its district's, …). */
  async onDuty(code: string | null): Promise<ResolvedOwner | null> {
    if (!code || !this.roster) return null;
    const groups = await this.db
      .selectFrom('work_groups')
      .select('id')
      .where('code', '=', code)
      .where('area_code', 'in', selfAndAncestors(this.areaCode))
      .orderBy(sql`length(area_code)`, 'desc')
      .execute();
    for (const g of groups) {
      const who = await rosteredAt(this.db, this.roster.timeZone, g.id, this.roster.at);
      if (who) return { userId: who.userId, name: who.name, note: null };
    }
    return null;
  }

  /** The lead of work group `code` nearest the area (the area's own group, else its district's, …). */
  async groupLead(code: string | null): Promise<ResolvedOwner | null> {
    if (!code) return null;
    if (this.leads.has(code)) return this.leads.get(code) ?? null;
    const row = await this.db
      .selectFrom('work_groups as g')
      .innerJoin('users as u', 'u.id', 'g.lead_user_id')
      .select(['u.id', 'u.display_name', 'g.area_code'])
      .where('g.code', '=', code)
      .where('g.area_code', 'in', selfAndAncestors(this.areaCode))
      .where('u.disabled', '=', 0)
      .orderBy(sql`length(g.area_code)`, 'desc')
      .executeTakeFirst();
    const out = row ? { userId: row.id, name: row.display_name, note: null } : null;
    this.leads.set(code, out);
    return out;
  }

  private async byDuty(duty: string, below = false): Promise<ResolvedOwner | null> {
    const all = await this.loadResponsibles();
    const rank = (code: string) => (code === this.areaCode ? 0 : this.areaCode.startsWith(code) ? 100 - code.length : 200);
    const hits = all
      .filter((r) => r.duty === duty && (below || this.areaCode.startsWith(r.area_code)))
      .sort((a, b) => rank(a.area_code) - rank(b.area_code) || Number(!a.user_id) - Number(!b.user_id) || a.area_code.localeCompare(b.area_code));
    const r = hits[0];
    if (!r) return null;
    if (r.user_id) return { userId: r.user_id, name: r.name, note: null };
    return { userId: null, name: r.name, note: `${r.name} has no EpiGrid account: the command centre relays the task` };
  }

  private async loadResponsibles() {
    if (this.responsibles) return this.responsibles;
    const area = this.areaCode;
    this.responsibles = await this.db
      .selectFrom('area_responsibles as r')
      .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'r.user_id').on('u.disabled', '=', 0))
      .select(['r.area_code', 'r.duty', 'r.name', 'u.id as user_id', 'u.display_name'])
      .where((eb) =>
        eb.or([
          eb('r.area_code', 'in', selfAndAncestors(area)),
          eb.and([eb('r.area_code', '>', area), eb('r.area_code', '<', `${area}~`), eb('r.duty', '=', 'grid_worker')]),
        ]),
      )
      .execute();
    return this.responsibles;
  }
}

function nobody(reason: string): ResolvedOwner {
  return { userId: null, name: COMMAND_CENTRE, note: `${reason}: held by the command centre` };
}

/** The command centre's users for an area: commanders whose grant covers it (the whole city included). */
export async function commandCentreUsers(db: Kysely<DB>, areaCode: string): Promise<string[]> {
  const rows = await db
    .selectFrom('principal_areas as pa')
    .innerJoin('users as u', 'u.id', 'pa.principal_id')
    .select('u.id')
    .distinct()
    .where('pa.principal_kind', '=', 'user')
    .where('pa.area_code', 'in', ['*', ...selfAndAncestors(areaCode)])
    .where('u.role', '=', 'commander')
    .where('u.disabled', '=', 0)
    .execute();
  return rows.map((r) => r.id);
}
