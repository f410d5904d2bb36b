import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError, validationError, why } from '../../errors';
import { Scope, sendHandoffs, type HandoffInput } from '../access';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { PeopleService, type ControlStatus } from '../people';
import { FacilityRepository } from './facility.repository';
import { PlacementRepository } from './placement.repository';
import type { PlacementRow } from './quarantine.table';
import { residentsByIds } from './residents';
import { releaseBlockers, replanHome } from './rules';

/**
 * A placement's stay, once the person is in a room: in-stay tests, room moves and release — the
 * site's daily work, by the site's staff (writes need the site; the home area reads).
 */
export class StayService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  private repo(trx: Kysely<DB>, actor: Actor): PlacementRepository {
    return new PlacementRepository(trx, Scope.of(actor), this.ctx.dialect);
  }

  async tests(actor: Actor, placementId: string) {
    const repo = this.repo(this.ctx.db, actor);
    return repo.tests((await repo.get(placementId)).id);
  }

  /** An in-stay test result, by the site's staff; a positive one puts the person under case control. */
  async recordTest(actor: Actor, placementId: string, t: { phase?: 'site' | 'home'; day: number; result: 'negative' | 'positive'; testedAt?: string }) {
    const at = t.testedAt ? new Date(t.testedAt).toISOString() : this.ctx.clock.nowIso();
    if (Number.isNaN(Date.parse(at))) throw validationError({ testedAt: why('instant', 'must be an ISO date-time') });
    return this.ctx.db.transaction().execute(async (trx) => {
      const repo = this.repo(trx, actor);
      const p = await repo.get(placementId, 'write');
      if (!(await repo.setTest(p.id, t.phase ?? 'site', t.day, t.result, at)))
        throw validationError({ day: why('no_test_planned', `no ${t.phase ?? 'site'} test is planned on day ${t.day}`, { day: t.day }) });
      if (t.result === 'positive') {
        await new PeopleService(this.ctx).changeControlStatus(
          actor,
          { personIds: [p.person_id], to: 'case_candidate', reason: `隔离期间检测阳性 (day ${t.day})`, evidence: { type: 'placement', id: p.id } },
          trx,
        );
        await this.noticePositive(trx, actor, p, t.day);
      }
      await this.audit.append(
        {
          actor,
          action: 'placement.test_recorded',
          targetType: 'placement',
          targetId: p.id,
          areaCode: p.area_code,
          details: { personId: p.person_id, phase: t.phase ?? 'site', day: t.day, result: t.result },
        },
        trx,
      );
      return repo.tests(p.id);
    });
  }

  /**
   * A positive in-stay test is news for two areas (issue 12): the site's (its staff move the person
   * to a hospital and check the room's neighbours) and the resident's home area, where the case will
   * be investigated. One hand-off each, in the test's transaction; the home one is about the
   * placement, the site one about the facility, so neither is mistaken for a 单管复核 result.
   */
  private async noticePositive(trx: Kysely<DB>, actor: Actor, p: PlacementRow, day: number): Promise<void> {
    const f = await trx.selectFrom('facilities').select(['id', 'name', 'area_code']).where('id', '=', p.facility_id).executeTakeFirstOrThrow();
    const message = `${f.name} 隔离人员第${day}天检测阳性，请转运至定点医院并排查同楼层人员`;
    const items: HandoffInput[] = [{ areaCode: f.area_code, kind: 'stay_positive', personId: p.person_id, subjectType: 'facility', subjectId: f.id, message }];
    if (p.area_code !== f.area_code)
      items.push({ areaCode: p.area_code, kind: 'stay_positive', personId: p.person_id, subjectType: 'placement', subjectId: p.id, message });
    await sendHandoffs(this.ctx, trx, actor, f.area_code, items);
  }

  /** Release when the rule is met; otherwise only by an audited override with a reason. */
  async release(actor: Actor, placementId: string, opts: { override?: boolean; reason?: string } = {}) {
    return this.ctx.db.transaction().execute(async (trx) => {
      const repo = this.repo(trx, actor);
      const p = await repo.get(placementId, 'write');
      if (p.status !== 'live') throw new DomainError('PLACEMENT_ENDED', 'The placement is already released', {});
      const now = this.ctx.clock.nowIso();
      const tests = await repo.tests(p.id);
      const blockers = releaseBlockers(p, tests, now);
      if (blockers.length && !opts.override) throw new DomainError('RELEASE_NOT_ALLOWED', `Not yet releasable: ${blockers.join('; ')}`, { blockers });
      if (blockers.length && !opts.reason?.trim()) throw validationError({ reason: why('required', 'is required to release before the rule allows') });
      await repo.end(p, { reason: blockers.length ? 'override' : 'released', note: opts.reason ?? null, at: now });
      const home = replanHome(
        p,
        tests.filter((t) => t.phase === 'home'),
        now,
        this.ctx.config.timeZone,
      );
      if (home.monitoringEnd !== p.monitoring_end) await repo.moveHome(p.id, home.monitoringEnd, home.tests);
      const next: ControlStatus = now < home.monitoringEnd ? 'home_monitoring' : 'none';
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
          details: { personId: p.person_id, blockers, monitoringEnd: home.monitoringEnd },
        },
        trx,
      );
      return { id: p.id, releasedAt: now, override: blockers.length > 0 };
    });
  }

  /** Move someone to another room of the same site (a family reunited, a room to clean): the site's staff only. */
  async moveRoom(actor: Actor, placementId: string, roomId: string) {
    return this.ctx.db.transaction().execute(async (trx) => {
      const repo = this.repo(trx, actor);
      const p = await repo.get(placementId, 'write');
      if (p.status !== 'live') throw new DomainError('PLACEMENT_ENDED', 'The placement is already released', {});
      const room = await new FacilityRepository(trx, Scope.of(actor), this.ctx.dialect).room(roomId, 'write');
      if (room.facility_id !== p.facility_id) throw validationError({ roomId: why('other_facility', 'is in another facility; transfer the person instead') });
      if (room.id === p.room_id) throw validationError({ roomId: why('same_as_current', 'is the room the person is already in') });
      const [person] = (await residentsByIds(trx, [p.person_id])).values();
      const household = person?.household_code ?? null;
      const fits =
        room.occupants < room.max_occupants &&
        (room.status === 'free' || (room.status === 'occupied' && room.household_code != null && room.household_code === household));
      if (!fits) throw new DomainError('ROOM_NOT_FREE', `Room ${room.code} is not free for this person`, { field: 'roomId', room: room.code });
      const now = this.ctx.clock.nowIso();
      if (p.room_id) await repo.vacate(p.room_id, now);
      await repo.occupy([{ roomId: room.id, household }], now);
      await repo.setRoom(p.id, room.id);
      const f = await new FacilityRepository(trx, Scope.of(actor), this.ctx.dialect).get(p.facility_id);
      await this.audit.append(
        {
          actor,
          action: 'placement.room_moved',
          targetType: 'placement',
          targetId: p.id,
          areaCode: f.area_code,
          details: { personId: p.person_id, fromRoom: p.room_id, toRoom: room.id },
        },
        trx,
      );
      return { id: p.id, room: room.code };
    });
  }
}
