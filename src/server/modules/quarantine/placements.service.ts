import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { inAreas, insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { DomainError, notFound, validationError } from '../../errors';
import { newId } from '../../lib/ids';
import { AuditService } from '../audit/audit.service';
import { coversArea, type Actor } from '../auth/actor';
import type { ControlStatus } from '../people/control-status';
import { PeopleService } from '../people/people.service';
import { allocate, type OpenRoom, type Seeker } from './allocation';
import { FacilitiesService, isHospital } from './facilities.service';
import type { FacilityRow, PlacementReason, PlacementRow, PlacementRuleRow } from './quarantine.table';
import { planFor, releaseBlockers, ruleProblems } from './rules';

const STATUS_FOR: Record<PlacementRuleRow['setting'], ControlStatus> = {
  centralised: 'centralised_quarantine',
  home: 'home_quarantine',
  hospital: 'hospitalised',
};

export interface PlacementResult {
  placement_id: string;
  person_id: string;
  facility_id: string;
  room: string | null;
  start: string;
  site_end: string;
  monitoring_end: string;
}

/** Placements (隔离/收治): auto-assignment by family and area, the rule's plan and tests, release. */
export class PlacementsService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  rules() {
    return this.ctx.db.selectFrom('placement_rules').selectAll().orderBy('reason').execute();
  }

  async rule(reason: PlacementReason): Promise<PlacementRuleRow> {
    const r = await this.ctx.db.selectFrom('placement_rules').selectAll().where('reason', '=', reason).executeTakeFirst();
    if (!r) throw validationError({ reason: 'must be close-contact, secondary-contact, arrival, case or positive-pool' });
    return r;
  }

  async setRule(
    actor: Actor,
    reason: PlacementReason,
    r: { setting: PlacementRuleRow['setting']; siteDays: number; homeDays: number; testDays: number[]; homeTestDays: number[] },
  ) {
    await this.rule(reason);
    const problems = ruleProblems({ site_days: r.siteDays, home_days: r.homeDays, test_days: r.testDays, home_test_days: r.homeTestDays });
    if (Object.keys(problems).length) throw validationError(problems);
    await this.ctx.db
      .updateTable('placement_rules')
      .set({
        setting: r.setting,
        site_days: r.siteDays,
        home_days: r.homeDays,
        test_days: JSON.stringify(r.testDays),
        home_test_days: JSON.stringify(r.homeTestDays),
      })
      .where('reason', '=', reason)
      .execute();
    await this.audit.append({ actor, action: 'placement.rule_changed', targetType: 'placement_rule', targetId: reason, details: r });
    return this.rules();
  }

  /** Place one person; a clear error when no room is free. */
  async placeOne(
    actor: Actor,
    input: { idNumber?: string; personId?: string; reason: PlacementReason; facilityId?: string; roomId?: string },
  ): Promise<PlacementResult> {
    const people = new PeopleService(this.ctx);
    const p = input.personId ? await people.getPerson(actor, input.personId) : await people.findByIdNumber(actor, input.idNumber ?? '');
    if (!p) throw new DomainError('PERSON_NOT_FOUND', 'No registered person with that ID number in your scope', { field: 'idNumber' });
    const r = await this.placeMany(actor, [p.id], input.reason, { facilityId: input.facilityId, roomId: input.roomId });
    const placed = r.placed[0];
    if (!placed) {
      const why = r.problems[0]?.reason ?? 'no free room';
      if (why.includes('live placement'))
        throw new DomainError('ALREADY_PLACED', 'This person already has a live placement; release or transfer it first', { field: 'idNumber' });
      throw new DomainError(input.roomId ? 'ROOM_NOT_FREE' : 'NO_ROOM_FREE', why.charAt(0).toUpperCase() + why.slice(1), {
        field: input.roomId ? 'roomId' : 'facilityId',
      });
    }
    return placed;
  }

  /**
   * Place many people at once (10,000 from a list): one read of the free rooms, allocation in
   * memory (families together, nearest facility), then set-based writes in one transaction.
   * People already placed or out of scope are reported, the rest placed.
   */
  async placeMany(actor: Actor, personIds: readonly string[], reason: PlacementReason, opts: { facilityId?: string; roomId?: string } = {}) {
    const rule = await this.rule(reason);
    const problems: Array<{ personId: string; reason: string }> = [];
    const persons = await this.loadPersons(personIds);
    const live = await this.livePersons(personIds);
    const seekers: Seeker[] = [];
    for (const id of new Set(personIds)) {
      const p = persons.get(id);
      if (!p || !coversArea(actor, p.area_code)) problems.push({ personId: id, reason: 'not found in your scope' });
      else if (live.has(id)) problems.push({ personId: id, reason: 'already has a live placement' });
      else seekers.push({ personId: id, areaCode: p.area_code, household: p.household_code });
    }
    if (seekers.length === 0) return { placed: [], problems };
    const facilities = await this.candidateFacilities(actor, rule, opts.facilityId, seekers[0]?.areaCode ?? '');
    return this.ctx.db.transaction().execute(async (trx) => {
      const { assignments, unplaced } = await this.assign(trx, facilities, seekers, opts.roomId);
      for (const id of unplaced)
        problems.push({
          personId: id,
          reason: opts.roomId
            ? 'the room is not free for this person'
            : `no free ${rule.setting === 'hospital' ? 'bed' : 'room'} in ${opts.facilityId ? 'this facility' : 'any active facility'}`,
        });
      if (assignments.length === 0) return { placed: [], problems };
      const now = this.ctx.clock.nowIso();
      const plan = planFor(rule, now, this.ctx.config.timeZone);
      const rows: PlacementRow[] = assignments.map((a) => ({
        id: newId(),
        person_id: a.personId,
        area_code: persons.get(a.personId)?.area_code ?? '',
        facility_id: a.facilityId,
        room_id: a.roomId,
        reason,
        status: 'live',
        start_at: now,
        site_end: plan.siteEnd,
        monitoring_end: plan.monitoringEnd,
        released_at: null,
        release_note: null,
        override: 0,
        created_by: actor.name,
        created_at: now,
      }));
      for (const chunk of insertChunks(this.ctx.dialect, rows)) await trx.insertInto('placements').values(chunk).execute();
      const tests = rows.flatMap((r) => plan.tests.map((t) => ({ placement_id: r.id, ...t, result: null, tested_at: null })));
      for (const chunk of insertChunks(this.ctx.dialect, tests)) await trx.insertInto('placement_tests').values(chunk).execute();
      await this.occupy(
        trx,
        assignments.filter((a) => a.roomId).map((a) => ({ roomId: a.roomId ?? '', household: persons.get(a.personId)?.household_code ?? null })),
      );
      await new PeopleService(this.ctx).changeControlStatus(
        actor,
        {
          personIds: rows.map((r) => r.person_id),
          to: STATUS_FOR[rule.setting],
          reason: `隔离/收治 (${reason})`,
          evidence: { type: 'placement', id: rows[0]?.id ?? '' },
        },
        trx,
      );
      await this.audit.append(
        {
          actor,
          action: 'placement.created',
          targetType: 'placement_batch',
          targetId: rows[0]?.id ?? '',
          details: { reason, placed: rows.length, unplaced: unplaced.length },
        },
        trx,
      );
      const codes = new Map(assignments.map((a) => [a.personId, a.roomCode]));
      return {
        placed: rows.map((r) => ({
          placement_id: r.id,
          person_id: r.person_id,
          facility_id: r.facility_id,
          room: codes.get(r.person_id) ?? null,
          start: r.start_at,
          site_end: r.site_end,
          monitoring_end: r.monitoring_end,
        })),
        problems,
      };
    });
  }

  private async loadPersons(ids: readonly string[]) {
    const out = new Map<string, { id: string; area_code: string; household_code: string | null }>();
    for (let i = 0; i < ids.length; i += 1000)
      for (const p of await this.ctx.db
        .selectFrom('persons')
        .select(['id', 'area_code', 'household_code'])
        .where('id', 'in', ids.slice(i, i + 1000))
        .execute())
        out.set(p.id, p);
    return out;
  }

  private async livePersons(ids: readonly string[]) {
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += 1000)
      for (const p of await this.ctx.db
        .selectFrom('placements')
        .select('person_id')
        .where('status', '=', 'live')
        .where('person_id', 'in', ids.slice(i, i + 1000))
        .execute())
        out.add(p.person_id);
    return out;
  }

  /** Active facilities of the rule's kind (or the one asked for), checked for mode and type. */
  private async candidateFacilities(actor: Actor, rule: PlacementRuleRow, facilityId: string | undefined, areaCode: string): Promise<FacilityRow[]> {
    const svc = new FacilitiesService(this.ctx);
    if (facilityId) {
      const f = await svc.row(actor, facilityId);
      if (f.mode !== 'active')
        throw new DomainError('FACILITY_NOT_ACTIVE', `${f.name} is in ${f.mode} mode; activate it first (平急转换)`, { field: 'facilityId', mode: f.mode });
      return [f];
    }
    const types = rule.setting === 'hospital' ? ['designated', 'sub-designated', 'fangcang'] : rule.setting === 'home' ? ['home'] : ['quarantine'];
    const found = await this.ctx.db
      .selectFrom('facilities')
      .selectAll()
      .where('mode', '=', 'active')
      .where('type', 'in', types as FacilityRow['type'][])
      .where((eb) => inAreas(eb, 'area_code', actor.scope))
      .execute();
    if (found.length || rule.setting !== 'home') return found;
    // Home quarantine needs no room: one "居家隔离" register per district, created on first use.
    return [await svc.create(actor, { name: '居家隔离', type: 'home', areaCode: areaCode.slice(0, 6), mode: 'active' })];
  }

  private async assign(trx: Kysely<DB>, facilities: readonly FacilityRow[], seekers: readonly Seeker[], roomId?: string) {
    const home = facilities.filter((f) => f.type === 'home');
    if (home.length && home.length === facilities.length) {
      const f = home[0];
      return {
        assignments: seekers.map((s) => ({ personId: s.personId, roomId: null as string | null, facilityId: f?.id ?? '', roomCode: null as string | null })),
        unplaced: [] as string[],
      };
    }
    const area = new Map(facilities.map((f) => [f.id, f.area_code]));
    let q = trx
      .selectFrom('rooms')
      .select(['id', 'facility_id', 'code', 'max_occupants', 'occupants', 'household_code', 'status'])
      .where(
        'facility_id',
        'in',
        facilities.map((f) => f.id),
      )
      .where('status', 'in', ['free', 'occupied']);
    if (roomId) q = q.where('id', '=', roomId);
    const rooms = await q.execute();
    const open: OpenRoom[] = rooms
      .filter((r) => r.occupants < r.max_occupants && (r.status === 'free' || r.household_code))
      .map((r) => ({
        id: r.id,
        facilityId: r.facility_id,
        facilityArea: area.get(r.facility_id) ?? '',
        code: r.code,
        space: r.max_occupants - r.occupants,
        household: r.household_code,
        occupants: r.occupants,
      }));
    const { assigned, unplaced } = allocate(seekers, open);
    return { assignments: assigned.map((a) => ({ ...a, roomId: a.roomId, roomCode: a.roomCode })), unplaced };
  }

  /** Set-based room update, guarded so a room taken meanwhile fails the whole batch (retry picks others). */
  private async occupy(trx: Kysely<DB>, takes: ReadonlyArray<{ roomId: string; household: string | null }>) {
    const per = new Map<string, { n: number; household: string | null }>();
    for (const t of takes) per.set(t.roomId, { n: (per.get(t.roomId)?.n ?? 0) + 1, household: t.household });
    const entries = [...per.entries()];
    const now = this.ctx.clock.nowIso();
    for (let i = 0; i < entries.length; i += 500) {
      const chunk = entries.slice(i, i + 500);
      const values = sql.join(chunk.map(([id, v]) => sql`(${id}, cast(${v.n} as integer), ${v.household})`));
      const r = await sql`with v(id, n, h) as (values ${values})
        update rooms set occupants = rooms.occupants + v.n, status = 'occupied', household_code = coalesce(rooms.household_code, v.h), updated_at = ${now}
        from v where rooms.id = v.id and rooms.status in ('free', 'occupied') and rooms.occupants + v.n <= rooms.max_occupants`.execute(trx);
      if (Number(r.numAffectedRows ?? 0) !== chunk.length) throw new DomainError('ROOM_CONFLICT', 'A room was taken meanwhile; try again', {});
    }
  }

  async row(actor: Actor, id: string): Promise<PlacementRow> {
    const p = await this.ctx.db.selectFrom('placements').selectAll().where('id', '=', id).executeTakeFirst();
    if (!p || !coversArea(actor, p.area_code)) throw notFound('Placement', id);
    return p;
  }

  async tests(placementId: string) {
    return this.ctx.db.selectFrom('placement_tests').selectAll().where('placement_id', '=', placementId).orderBy('phase', 'desc').orderBy('day').execute();
  }

  async recordTest(actor: Actor, placementId: string, t: { phase?: 'site' | 'home'; day: number; result: 'negative' | 'positive'; testedAt?: string }) {
    const p = await this.row(actor, placementId);
    const at = t.testedAt ? new Date(t.testedAt).toISOString() : this.ctx.clock.nowIso();
    const r = await this.ctx.db
      .updateTable('placement_tests')
      .set({ result: t.result, tested_at: at })
      .where('placement_id', '=', p.id)
      .where('phase', '=', t.phase ?? 'site')
      .where('day', '=', t.day)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw validationError({ day: `no ${t.phase ?? 'site'} test is planned on day ${t.day}` });
    if (t.result === 'positive')
      await new PeopleService(this.ctx).changeControlStatus(actor, {
        personIds: [p.person_id],
        to: 'case_candidate',
        reason: `隔离期间检测阳性 (day ${t.day})`,
        evidence: { type: 'placement', id: p.id },
      });
    await this.audit.append({
      actor,
      action: 'placement.test_recorded',
      targetType: 'placement',
      targetId: p.id,
      areaCode: p.area_code,
      details: { day: t.day, result: t.result },
    });
    return this.tests(p.id);
  }

  /** Release when the rule is met; otherwise only by an audited override with a reason. */
  async release(actor: Actor, placementId: string, opts: { override?: boolean; reason?: string } = {}) {
    const p = await this.row(actor, placementId);
    if (p.status !== 'live') throw new DomainError('PLACEMENT_ENDED', 'The placement is already released', {});
    const now = this.ctx.clock.nowIso();
    const blockers = releaseBlockers(p, await this.tests(p.id), now);
    if (blockers.length && !opts.override) throw new DomainError('RELEASE_NOT_ALLOWED', `Not yet releasable: ${blockers.join('; ')}`, { blockers });
    if (blockers.length && !opts.reason?.trim()) throw validationError({ reason: 'is required to release before the rule allows' });
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('placements')
        .set({ status: 'released', released_at: now, release_note: opts.reason ?? null, override: blockers.length ? 1 : 0 })
        .where('id', '=', p.id)
        .where('status', '=', 'live')
        .execute();
      if (p.room_id) {
        await sql`update rooms set occupants = occupants - 1, status = case when occupants - 1 = 0 then 'cleaning' else status end, household_code = case when occupants - 1 = 0 then null else household_code end, updated_at = ${now} where id = ${p.room_id}`.execute(
          trx,
        );
      }
      const next: ControlStatus = now < p.monitoring_end ? 'home_monitoring' : 'none';
      await new PeopleService(this.ctx).changeControlStatus(
        actor,
        {
          personIds: [p.person_id],
          to: next,
          reason: blockers.length ? `提前解除: ${opts.reason ?? ''}` : '期满解除',
          evidence: { type: 'placement', id: p.id },
        },
        trx,
      );
      await this.audit.append(
        {
          actor,
          action: blockers.length ? 'placement.released_override' : 'placement.released',
          targetType: 'placement',
          targetId: p.id,
          areaCode: p.area_code,
          reason: opts.reason,
          details: { blockers },
        },
        trx,
      );
    });
    return { id: p.id, releasedAt: now, override: blockers.length > 0 };
  }
}

export { isHospital };
