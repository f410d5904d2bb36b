import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { DomainError, validationError, why } from '../../errors';
import { addMs, HOUR } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { AuditService } from '../audit/audit.service';
import { Access, Scope } from '../access';
import type { Actor } from '../auth/actor';
import { testingGuards } from '../access/guards.testing';
import { RoundRepository, type RoundView } from './round.repository';
import type { TestingTables } from './testing.table';
import { CoverageCounters } from './coverage-counters.repository';
import { bucketOf } from './coverage-rules';
import { SampleSettler } from './sample-settle';

export interface RoundInput {
  areas: string[];
  name?: string;
  purpose?: 'area_wide' | 'key_groups' | 'routine';
  poolSize?: number;
  startsAt?: string;
  deadline?: string;
  locateMinutes?: number;
  resultMinutes?: number;
}

const POOL_SIZES = [1, 5, 10, 20];

/** Rounds (筛查轮次), sampling sites (采样点), labs (检测机构) and exemptions. */
export class RoundsService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  /**
   * Create a round; its target is every registered person of its areas — in their grids, and those
   * registered above grid level in their street's or community's own bucket (counters seeded set-based).
   */
  async createRound(actor: Actor, input: RoundInput): Promise<{ id: string; target: number }> {
    const fields: Record<string, string> = {};
    const poolSize = input.poolSize ?? 10;
    if (!POOL_SIZES.includes(poolSize)) fields.pool_size = 'must be 1, 5, 10 or 20';
    if (!input.areas.length) fields.area = 'at least one area code is required';
    const scope = Scope.of(actor);
    const outside = input.areas.filter((a) => !scope.covers(a));
    if (outside.length) fields.area = `outside your scope: ${outside.join(', ')}`;
    if (Object.keys(fields).length) throw validationError(fields);
    const known = await this.ctx.db.selectFrom('areas').select('code').where('code', 'in', input.areas).execute();
    const unknown = input.areas.filter((a) => !known.some((k) => k.code === a));
    if (unknown.length) throw validationError({ area: why('unknown_area', `unknown area codes: ${unknown.join(', ')}`, { codes: unknown.join(', ') }) });
    const now = this.ctx.clock.nowIso();
    const id = newId();
    const startsAt = input.startsAt ? new Date(input.startsAt).toISOString() : now;
    const deadline = input.deadline ? new Date(input.deadline).toISOString() : addMs(startsAt, 24 * HOUR);
    if (deadline <= startsAt) throw validationError({ deadline: why('order', 'must be after the start') });
    return this.ctx.db.transaction().execute(async (trx) => {
      await new RoundRepository(trx, scope).insert(
        {
          id,
          name: input.name ?? `筛查 ${startsAt.slice(0, 10)}`,
          purpose: input.purpose ?? 'area_wide',
          scope: JSON.stringify(input.areas),
          pool_size: poolSize,
          starts_at: startsAt,
          deadline,
          status: 'open',
          closed_at: null,
          locate_minutes: input.locateMinutes ?? 120,
          result_minutes: input.resultMinutes ?? 360,
          created_by: actor.name,
          created_at: now,
        },
        input.areas,
      );
      await new CoverageCounters(trx, this.ctx.database).seedTargets(id, input.areas);
      const t = await trx
        .selectFrom('coverage_counters')
        .select((eb) => eb.fn.sum<number>('target').as('t'))
        .where('round_id', '=', id)
        .executeTakeFirst();
      await this.audit.append({ actor, action: 'testing.round_created', targetType: 'round', targetId: id, details: { areas: input.areas, poolSize } }, trx);
      return { id, target: Number(t?.t ?? 0) };
    });
  }

  /** One round that concerns the caller (404 otherwise). */
  async getRound(actor: Actor, id: string): Promise<RoundView> {
    const scope = Scope.of(actor);
    await new Access(this.ctx.db, scope).ensure('round', id);
    return new RoundRepository(this.ctx.db, scope).byId(id);
  }

  /** Rounds that concern the caller, newest first, filtered in SQL and keyset-paginated. */
  listRounds(actor: Actor, opts: { cursor?: string; limit?: number; status?: 'open' | 'closed' } = {}) {
    return new RoundRepository(this.ctx.db, Scope.of(actor)).list({ ...opts, limit: opts.limit ?? 100 });
  }

  /** Closing needs every area of the round in scope: a street cannot close the city's round (403). */
  async closeRound(actor: Actor, id: string): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, Scope.of(actor)).ensure('round', id, 'write');
      const round = await trx.selectFrom('test_rounds').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      if (round.status === 'closed') throw new DomainError('ROUND_CLOSED', 'The round is already closed', { roundId: id });
      await trx.updateTable('test_rounds').set({ status: 'closed', closed_at: this.ctx.clock.nowIso() }).where('id', '=', id).execute();
      await this.audit.append({ actor, action: 'testing.round_closed', targetType: 'round', targetId: id }, trx);
    });
  }

  /** Record that a person need not (or cannot) be sampled at a site; the target drops by one. */
  async exempt(actor: Actor, roundId: string, personId: string, reason: string, note?: string): Promise<void> {
    if (!['bedridden', 'away', 'infant', 'other'].includes(reason))
      throw validationError({ reason: why('one_of', 'must be bedridden, away, infant or other', { values: 'bedridden, away, infant, other' }) });
    const scope = Scope.of(actor);
    await this.ctx.db.transaction().execute(async (trx) => {
      const access = new Access(trx, scope);
      await access.ensure('round', roundId);
      // The person must be one of the caller's residents (404 otherwise, as for any other person).
      await access.ensure('person', personId, 'write');
      const p = await trx.selectFrom('persons').select(['id', 'area_code', 'created_at']).where('id', '=', personId).executeTakeFirstOrThrow();
      const round = await trx.selectFrom('test_rounds').select('created_at').where('id', '=', roundId).executeTakeFirstOrThrow();
      const gridKey = bucketOf(p.area_code);
      const dup = await trx
        .selectFrom('round_exemptions')
        .select('person_id')
        .where('round_id', '=', roundId)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      if (dup) throw new DomainError('ALREADY_EXISTS', 'This person is already exempted in this round');
      // Someone already sampled counts in the round: exempting them would leave sampled above target.
      await new SampleSettler(this.ctx).settleIn(trx, [roundId]);
      const sampled = await trx
        .selectFrom('round_people')
        .select('person_id')
        .where('round_id', '=', roundId)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      if (sampled) throw new DomainError('ALREADY_SAMPLED', 'This person is already sampled in this round');
      await trx
        .insertInto('round_exemptions')
        .values({ round_id: roundId, person_id: personId, grid_key: gridKey, reason, note: note ?? null, recorded_by: actor.name, at: this.ctx.clock.nowIso() })
        .execute();
      // Only someone who is part of the target lowers it (registered before the round, in its bucket).
      if (p.created_at <= round.created_at)
        await trx
          .updateTable('coverage_counters')
          .set({ target: sql`target - 1` })
          .where('round_id', '=', roundId)
          .where('grid_key', '=', gridKey)
          .whereRef('target', '>', 'sampled')
          .execute();
      await this.audit.append(
        { actor, action: 'testing.exemption_recorded', targetType: 'person', targetId: personId, areaCode: p.area_code, reason, details: { roundId, note } },
        trx,
      );
    });
  }

  async createSite(
    actor: Actor,
    input: { code: string; name?: string; area: string; teams?: number; rate?: number; opens?: string; closes?: string },
  ): Promise<{ id: string }> {
    const fields: Record<string, string> = {};
    if (!/^[A-Za-z0-9-]{2,30}$/.test(input.code)) fields.code = 'must be 2–30 letters, digits or -';
    if ((input.teams ?? 1) < 1) fields.teams = 'must be at least 1';
    if ((input.rate ?? 120) < 1) fields.rate = 'must be at least 1 sample per team per hour';
    if (Object.keys(fields).length) throw validationError(fields);
    // A site is opened in an area the caller answers for (403 naming the field otherwise).
    Scope.of(actor).ensureCovers(input.area, 'area');
    if (!(await this.ctx.db.selectFrom('areas').select('code').where('code', '=', input.area).executeTakeFirst()))
      throw validationError({ area: why('unknown', `unknown area code ${input.area}`) });
    if (await this.ctx.db.selectFrom('sampling_sites').select('id').where('code', '=', input.code).executeTakeFirst())
      throw new DomainError('ALREADY_EXISTS', `Site ${input.code} already exists`);
    const id = newId();
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sampling_sites')
        .values({
          id,
          code: input.code,
          name: input.name ?? input.code,
          area_code: input.area,
          teams: input.teams ?? 1,
          rate_per_team_hour: input.rate ?? 120,
          opens: input.opens ?? '07:00',
          closes: input.closes ?? '22:00',
          created_at: this.ctx.clock.nowIso(),
        })
        .execute();
      await this.audit.append({ actor, action: 'testing.site_created', targetType: 'site', targetId: input.code, areaCode: input.area }, trx);
    });
    return { id };
  }

  /** Sites in the caller's areas, and the sites they are posted to. */
  listSites(actor: Actor) {
    const scope = Scope.of(actor);
    return this.ctx.db
      .selectFrom('sampling_sites')
      .selectAll()
      .where((eb) => scope.whereAreaOrSite(eb, 'area_code', 'sampling_site', 'code'))
      .orderBy('code')
      .limit(1000)
      .execute();
  }

  async createLab(actor: Actor, input: { code: string; name?: string; area: string; dailyCapacity: number }): Promise<{ id: string }> {
    if (!/^[A-Za-z0-9-]{2,30}$/.test(input.code)) throw validationError({ code: why('format', 'must be 2–30 letters, digits or -') });
    if (!(input.dailyCapacity > 0)) throw validationError({ daily_capacity: why('min_value', 'must be positive (tubes per day)', { limit: 1 }) });
    // A lab serves the whole city: tubes reach it from every street and its capacity is planned
    // for the city's rounds, so opening one is a city-level decision (city-scoped role).
    Scope.of(actor).ensureCityWide('A laboratory');
    if (!(await this.ctx.db.selectFrom('areas').select('code').where('code', '=', input.area).executeTakeFirst()))
      throw validationError({ area: why('unknown', `unknown area code ${input.area}`) });
    if (await this.ctx.db.selectFrom('labs').select('id').where('code', '=', input.code).executeTakeFirst())
      throw new DomainError('ALREADY_EXISTS', `Lab ${input.code} already exists`);
    const id = newId();
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('labs')
        .values({
          id,
          code: input.code,
          name: input.name ?? input.code,
          area_code: input.area,
          daily_capacity: input.dailyCapacity,
          created_at: this.ctx.clock.nowIso(),
        })
        .execute();
      await this.audit.append(
        {
          actor,
          action: 'testing.lab_created',
          targetType: 'lab',
          targetId: input.code,
          areaCode: input.area,
          details: { dailyCapacity: input.dailyCapacity },
        },
        trx,
      );
    });
    return { id };
  }

  /** Testing interval per tag (加密检测频次) holds for the whole city: only a city-scoped role changes it. */
  async setFrequencyRule(actor: Actor, tag: string, intervalDays: number | null): Promise<void> {
    Scope.of(actor).ensureCityWide('Testing frequency rules');
    if (!TESTING_TAG.test(tag)) throw validationError({ tag: why('format', 'must be a tag name (letters and _)') });
    if (intervalDays !== null && !(Number.isInteger(intervalDays) && intervalDays >= 1 && intervalDays <= 365))
      throw validationError({
        intervalDays: Number.isInteger(intervalDays)
          ? why(intervalDays < 1 ? 'min_value' : 'max_value', 'must be 1–365 days', { limit: intervalDays < 1 ? 1 : 365 })
          : why('integer', 'must be 1–365 days'),
      });
    await this.ctx.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('testing_frequency_rules').select('interval_days').where('tag', '=', tag).executeTakeFirst();
      if (intervalDays === null) await trx.deleteFrom('testing_frequency_rules').where('tag', '=', tag).execute();
      else
        await trx
          .insertInto('testing_frequency_rules')
          .values({ tag, interval_days: intervalDays })
          .onConflict((oc) => oc.column('tag').doUpdateSet({ interval_days: intervalDays }))
          .execute();
      await this.audit.append(
        {
          actor,
          action: 'testing.frequency_rule_set',
          targetType: 'testing_frequency_rule',
          targetId: tag,
          details: { from: before?.interval_days ?? null, to: intervalDays },
        },
        trx,
      );
    });
  }

  /** Labs a caller may send boxes to or plan with: those whose area touches their scope, and their own lab. */
  async listLabs(actor: Actor) {
    const rows = await sql<TestingTables['labs']>`select t.* from labs t where ${testingGuards.lab.read(Scope.of(actor))} order by t.code limit 1000`.execute(
      this.ctx.db,
    );
    return rows.rows;
  }
}

export const TESTING_TAG = /^[a-z_]{2,40}$/;
