import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError, validationError, why } from '../../errors';
import { newId } from '../../lib/ids';
import { localDate } from '../../lib/local-time';
import { Scope } from '../access';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { PeopleService, type ControlStatus } from '../people';
import { allocate, type OpenRoom, type Seeker } from './allocation';
import { FacilitiesService, isHospital } from './facilities.service';
import { FacilityRepository } from './facility.repository';
import { PlacementRepository } from './placement.repository';
import type { FacilityRow, PlacementReason, PlacementRow, PlacementRuleRow } from './quarantine.table';
import { residentByIdNumber, residentsByIds, type Resident } from './residents';
import { careReason, needsCare, unaccompanied, type CarePerson } from './minor-rule';
import { planFor, ruleProblems } from './rules';

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

/** Why one person was not placed (the web maps the code to its words; `reason` is the server's). */
export type PlaceProblemCode = 'ALREADY_PLACED' | 'NO_ROOM_FREE' | 'ROOM_NOT_FREE' | 'NEEDS_GUARDIAN';

/** Minors and dependants (minor-rule.ts): who is flagged a dependant, and the guardian or carer named for whom. */
export interface CareInput {
  dependants?: readonly string[];
  carers?: ReadonlyArray<{ personId: string; carer: string }>;
}

export interface PlaceOutcome {
  placed: PlacementResult[];
  /** The caller's residents who could not be placed, and why. */
  problems: Array<{ personId: string; reason: string; code?: PlaceProblemCode }>;
  /** Ids given that are no resident of the caller's areas (counted, never named). */
  not_found?: number;
}

/** Placements (隔离/收治): auto-assignment by family and area, the rule's plan and tests, release. */
export class PlacementsService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  private tx<T>(trx: Kysely<DB> | undefined, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    return trx ? fn(trx) : this.ctx.db.transaction().execute(fn);
  }

  repo(trx: Kysely<DB>, actor: Actor): PlacementRepository {
    return new PlacementRepository(trx, Scope.of(actor), this.ctx.dialect);
  }

  rules() {
    return this.ctx.db.selectFrom('placement_rules').selectAll().orderBy('reason').execute();
  }

  async rule(reason: PlacementReason, db: Kysely<DB> = this.ctx.db): Promise<PlacementRuleRow> {
    const r = await db.selectFrom('placement_rules').selectAll().where('reason', '=', reason).executeTakeFirst();
    if (!r)
      throw validationError({
        reason: why('one_of', 'must be close-contact, secondary-contact, arrival, case or positive-pool', {
          values: 'close-contact, secondary-contact, arrival, case, positive-pool',
        }),
      });
    return r;
  }

  /** Quarantine rules hold for the whole city: only a city-scoped role may change them. */
  async setRule(
    actor: Actor,
    reason: PlacementReason,
    r: { setting: PlacementRuleRow['setting']; siteDays: number; homeDays: number; testDays: number[]; homeTestDays: number[] },
  ) {
    Scope.of(actor).ensureCityWide('Quarantine rules');
    const problems = ruleProblems({ site_days: r.siteDays, home_days: r.homeDays, test_days: r.testDays, home_test_days: r.homeTestDays });
    if (Object.keys(problems).length) throw validationError(problems);
    await this.ctx.db.transaction().execute(async (trx) => {
      const before = await this.rule(reason, trx);
      await trx
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
      await this.audit.append(
        { actor, action: 'placement.rule_changed', targetType: 'placement_rule', targetId: reason, details: { from: before, to: r } },
        trx,
      );
    });
    return this.rules();
  }

  /** Place one person; a clear error when no room is free. */
  async placeOne(
    actor: Actor,
    input: { idNumber?: string; personId?: string; reason: PlacementReason; facilityId?: string; roomId?: string; carer?: string; dependant?: boolean },
  ): Promise<PlacementResult> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const scope = Scope.of(actor);
      const p = input.personId
        ? ((await residentsByIds(trx, [input.personId])).get(input.personId) ?? null)
        : await residentByIdNumber(this.ctx, trx, scope, input.idNumber ?? '');
      if (!p || !scope.covers(p.area_code))
        throw new DomainError('PERSON_NOT_FOUND', 'No registered person with that ID number in your scope', {
          field: input.personId ? 'personId' : 'idNumber',
        });
      const care: CareInput = {
        dependants: input.dependant ? [p.id] : [],
        carers: input.carer?.trim() ? [{ personId: p.id, carer: input.carer.trim() }] : [],
      };
      const r = await this.placeMany(actor, [p.id], input.reason, { facilityId: input.facilityId, roomId: input.roomId, ...care }, trx);
      const placed = r.placed[0];
      if (!placed) {
        const why = r.problems[0]?.reason ?? 'no free room';
        if (r.problems[0]?.code === 'NEEDS_GUARDIAN') throw new DomainError('NEEDS_GUARDIAN', why, { field: 'carer' });
        if (r.problems[0]?.code === 'ALREADY_PLACED')
          throw new DomainError('ALREADY_PLACED', 'This person already has a live placement; release or transfer it first', { field: 'idNumber' });
        throw new DomainError(input.roomId ? 'ROOM_NOT_FREE' : 'NO_ROOM_FREE', why.charAt(0).toUpperCase() + why.slice(1), {
          field: input.roomId ? 'roomId' : 'facilityId',
        });
      }
      return placed;
    });
  }

  /**
   * Place many of the caller's residents at once (10,000 from a list): one read of the free rooms,
   * allocation in memory (families together, nearest facility), then set-based writes in one
   * transaction. People already placed or outside the caller's areas are reported, the rest placed.
   */
  async placeMany(
    actor: Actor,
    personIds: readonly string[],
    reason: PlacementReason,
    opts: { facilityId?: string; roomId?: string } & CareInput = {},
    trx?: Kysely<DB>,
  ): Promise<PlaceOutcome> {
    return this.tx(trx, async (trx) => {
      const scope = Scope.of(actor);
      const rule = await this.rule(reason, trx);
      const persons = await residentsByIds(trx, personIds);
      // Ids that are no resident of the caller's areas are only counted: the answer never echoes
      // another area's person id, nor tells whether it exists.
      let notFound = 0;
      const mine: Resident[] = [];
      for (const id of new Set(personIds)) {
        const p = persons.get(id);
        if (!p || !scope.covers(p.area_code)) notFound++;
        else mine.push(p);
      }
      if (mine.length === 0) return { placed: [], problems: [], not_found: notFound };
      const facilities = await this.candidateFacilities(trx, actor, rule, opts.facilityId, mine[0]?.area_code ?? '');
      const out = await this.placeAt(trx, actor, mine, reason, facilities, { roomId: opts.roomId, care: opts });
      return { ...out, not_found: notFound };
    });
  }

  /**
   * The core of every placement, in the caller's transaction: `people` are already authorised (the
   * caller's residents, or the passengers of a transfer that arrived). Rooms, plan, tests, control
   * status and one audit entry naming the placements.
   */
  async placeAt(
    trx: Kysely<DB>,
    actor: Actor,
    people: readonly Resident[],
    reason: PlacementReason,
    facilities: readonly FacilityRow[],
    opts: { roomId?: string; auditAction?: string; care?: CareInput } = {},
  ): Promise<PlaceOutcome> {
    const rule = await this.rule(reason, trx);
    const repo = this.repo(trx, actor);
    const live = await repo.liveOf(people.map((p) => p.id));
    const problems: PlaceOutcome['problems'] = [];
    const seekers: Seeker[] = [];
    const byId = new Map(people.map((p) => [p.id, p]));
    for (const p of byId.values()) {
      if (live.has(p.id)) problems.push({ personId: p.id, reason: 'already has a live placement', code: 'ALREADY_PLACED' });
      else seekers.push({ personId: p.id, areaCode: p.area_code, household: p.household_code });
    }
    if (seekers.length === 0) return { placed: [], problems };
    const allocated = await this.assign(trx, facilities, seekers, opts.roomId);
    const { unplaced } = allocated;
    const carers = new Map((opts.care?.carers ?? []).map((c) => [c.personId, c.carer.trim()]));
    const refused = await this.withoutCarer(trx, people, allocated.assignments, opts.care ?? {}, carers);
    const assignments = allocated.assignments.filter((a) => !refused.has(a.personId));
    for (const [personId, reason] of refused) problems.push({ personId, reason, code: 'NEEDS_GUARDIAN' });
    for (const id of unplaced)
      problems.push({
        personId: id,
        code: opts.roomId ? 'ROOM_NOT_FREE' : 'NO_ROOM_FREE',
        reason: opts.roomId
          ? 'the room is not free for this person'
          : `no free ${rule.setting === 'hospital' ? 'bed' : 'room'} in ${facilities.length === 1 ? 'this facility' : 'any active facility'}`,
      });
    if (assignments.length === 0) return { placed: [], problems };
    const now = this.ctx.clock.nowIso();
    const plan = planFor(rule, now, this.ctx.config.timeZone);
    const rows: PlacementRow[] = assignments.map((a) => ({
      id: newId(),
      person_id: a.personId,
      area_code: byId.get(a.personId)?.area_code ?? '',
      facility_id: a.facilityId,
      room_id: a.roomId,
      reason,
      status: 'live',
      start_at: now,
      site_end: plan.siteEnd,
      monitoring_end: plan.monitoringEnd,
      released_at: null,
      release_note: null,
      ended_reason: null,
      override: 0,
      carer: carers.get(a.personId) ?? null,
      created_by: actor.name,
      created_at: now,
    }));
    const tests = rows.flatMap((r) => plan.tests.map((t) => ({ placement_id: r.id, ...t, result: null, tested_at: null })));
    await repo.insertMany(rows, tests);
    await repo.occupy(
      assignments.filter((a) => a.roomId).map((a) => ({ roomId: a.roomId ?? '', household: byId.get(a.personId)?.household_code ?? null })),
      now,
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
        action: opts.auditAction ?? 'placement.created',
        targetType: rows.length === 1 ? 'placement' : 'placement_batch',
        targetId: rows[0]?.id ?? '',
        areaCode: facilities.length === 1 ? facilities[0]?.area_code : undefined,
        // Large batches name their placements by count; a handful are named one by one.
        details: { reason, placed: rows.length, unplaced: unplaced.length, ...(rows.length <= 60 ? { placements: rows.map((r) => r.id) } : {}) },
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
  }

  /**
   * The minor rule (minor-rule.ts) over one step's allocation: minors and flagged dependants whose
   * room holds no adult — of this step or already there — and who have no carer named. Returns
   * person id → reason; those people are not placed (the rest are).
   */
  private async withoutCarer(
    trx: Kysely<DB>,
    people: readonly Resident[],
    assignments: ReadonlyArray<{ personId: string; roomId: string | null }>,
    care: CareInput,
    carers: ReadonlyMap<string, string>,
  ): Promise<Map<string, string>> {
    const day = localDate(this.ctx.clock.nowIso(), this.ctx.config.timeZone);
    const dependants = new Set(care.dependants ?? []);
    const roomOf = new Map(assignments.map((a) => [a.personId, a.roomId]));
    const byId = new Map(people.map((p) => [p.id, p]));
    const care_: CarePerson[] = assignments.map((a) => ({
      personId: a.personId,
      birthDate: byId.get(a.personId)?.birth_date ?? null,
      dependant: dependants.has(a.personId),
      carer: carers.get(a.personId) ?? null,
    }));
    const rooms = [...new Set(care_.filter((p) => needsCare(p, day) && !p.carer).map((p) => roomOf.get(p.personId)))].filter((r): r is string => !!r);
    const adultsIn = new Set<string>();
    if (rooms.length)
      for (const o of await trx
        .selectFrom('placements')
        .innerJoin('persons', 'persons.id', 'placements.person_id')
        .select(['placements.room_id', 'persons.birth_date'])
        .where('placements.status', '=', 'live')
        .where('placements.room_id', 'in', rooms)
        .execute())
        if (o.room_id && !needsCare({ birthDate: o.birth_date, dependant: false }, day)) adultsIn.add(o.room_id);
    return new Map(unaccompanied(care_, roomOf, adultsIn, day).map((r) => [r.personId, careReason(r)]));
  }

  /** Active facilities of the rule's kind the caller runs (or the one asked for), checked for mode. */
  private async candidateFacilities(
    trx: Kysely<DB>,
    actor: Actor,
    rule: PlacementRuleRow,
    facilityId: string | undefined,
    areaCode: string,
  ): Promise<FacilityRow[]> {
    const facilities = new FacilityRepository(trx, Scope.of(actor), this.ctx.dialect);
    if (facilityId) {
      const f = await facilities.get(facilityId);
      if (f.mode !== 'active')
        throw new DomainError('FACILITY_NOT_ACTIVE', `${f.name} is in ${f.mode} mode; activate it first (平急转换)`, { field: 'facilityId', mode: f.mode });
      return [f];
    }
    const types =
      rule.setting === 'hospital'
        ? (['designated', 'sub-designated', 'fangcang'] as const)
        : rule.setting === 'home'
          ? (['home'] as const)
          : (['quarantine'] as const);
    const found = await facilities.list({ types, activeOnly: true });
    if (found.length || rule.setting !== 'home') return found;
    // Home quarantine needs no room: one "居家隔离" register per district, created on first use.
    return [await new FacilitiesService(this.ctx).create(actor, { name: '居家隔离', type: 'home', areaCode: areaCode.slice(0, 6), mode: 'active' }, trx)];
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
    if (facilities.length === 0) return { assignments: [], unplaced: seekers.map((s) => s.personId) };
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

  /** One placement the caller may read (their resident, or at a site they run); 404 otherwise. */
  async row(actor: Actor, id: string, mode: 'read' | 'write' = 'read'): Promise<PlacementRow> {
    return this.repo(this.ctx.db, actor).get(id, mode);
  }
}

export { isHospital };
