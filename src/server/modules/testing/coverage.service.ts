import { gridWorkerOf } from './grid-owner';
import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { codeUpperBound, secondsBetween } from '../../db/dialect';
import { DAY } from '../../lib/clock';
import { Access, Scope } from '../access';
import { tubesAtMySites } from '../access/guards.testing';
import { AreasService } from '../areas/areas.service';
import type { Actor } from '../auth/actor';
import { RoundRepository } from './round.repository';
import { childCodeLength } from '../areas/area-codes';
import type { Coverage } from '../../../contract/coverage';
import { CoverageCounters } from './coverage-counters.repository';
import { isOutsideGridBucket, peopleFigures } from './coverage-rules';
import { percentile } from './pooling';
import { SampleSettler } from './sample-settle';

/** 应采尽采: coverage from the kept per-bucket counters, the named missing list, repeats, overdue, chain timing. */
export class CoverageService {
  constructor(private readonly ctx: AppContext) {}

  /**
   * Round figures for an area and per child area — people, not tubes (coverage-rules.ts), read from
   * the kept counters (sums over bucket rows in code ranges; no person is read). A child row coded
   * like the parent itself holds the parent's own people registered above grid level.
   */
  async coverage(actor: Actor, roundId: string, area?: string, opts: { settleAll?: boolean } = {}): Promise<Coverage> {
    const mine = Scope.of(actor);
    await new Access(this.ctx.db, mine).ensure('round', roundId);
    // `?area=` narrows within the caller's scope (404 outside); without it the caller sees their
    // own part of the round: all of it for the city, a street's part of a city-wide round.
    const scope = area ? [...mine.within(area).areas] : await new RoundRepository(this.ctx.db, mine).partFor(roundId);
    const fresh = await new SampleSettler(this.ctx).freshen(roundId, opts.settleAll);
    const counters = new CoverageCounters(this.ctx.db, this.ctx.database);
    const fig = peopleFigures(await counters.totals(roundId, scope));
    const tubes = await counters.siteTotals(roundId, scope);
    let areas: Coverage['areas'] = [];
    if (scope.length === 1) {
      const parent = scope[0] as string;
      const rows = await counters.byChild(roundId, parent, childCodeLength(parent));
      const names = new Map(
        (rows.length
          ? await this.ctx.db
              .selectFrom('areas')
              .select(['code', 'name'])
              .where(
                'code',
                'in',
                rows.map((r) => r.code),
              )
              .execute()
          : []
        ).map((a) => [a.code, a.name]),
      );
      areas = rows.map((r) => ({
        code: r.code,
        name: names.get(r.code) ?? r.code,
        ownPeople: r.code === parent && isOutsideGridBucket(r.code),
        ...peopleFigures(r),
      }));
    }
    return { area: area ?? null, ...fig, tubes: tubes.tubes, poolsPositive: tubes.poolsPositive, areas, ...fresh };
  }

  /** Who is missing (应采未采): registered, not exempt, not yet sampled in the round — masked, keyset by (area, id). */
  async missing(actor: Actor, roundId: string, area: string, after: { k: string; id: string } | null, limit: number) {
    const scope = Scope.of(actor);
    scope.within(area);
    await new Access(this.ctx.db, scope).ensure('round', roundId);
    await new SampleSettler(this.ctx).freshen(roundId);
    let q = this.ctx.db
      .selectFrom('persons as p')
      .select(['p.id', 'p.name', 'p.doc_masked', 'p.phone_masked', 'p.area_code', 'p.address', 'p.control_status'])
      .select(gridWorkerOf('p.area_code').as('owner'))
      .where('p.area_code', '>=', area)
      .where('p.area_code', '<', codeUpperBound(area))
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('round_people as rp').select('rp.person_id').whereRef('rp.person_id', '=', 'p.id').where('rp.round_id', '=', roundId))),
      )
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('round_exemptions as x').select('x.person_id').whereRef('x.person_id', '=', 'p.id').where('x.round_id', '=', roundId))),
      )
      .orderBy('p.area_code')
      .orderBy('p.id')
      .limit(limit + 1);
    if (after) q = q.where((eb) => eb.or([eb('p.area_code', '>', after.k), eb.and([eb('p.area_code', '=', after.k), eb('p.id', '>', after.id)])]));
    const rows = await q.execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        name: r.name,
        id_number_masked: r.doc_masked,
        phone_masked: r.phone_masked,
        area_code: r.area_code,
        address: r.address,
        control_status: r.control_status,
        owner: r.owner,
      })),
      nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify({ k: last.area_code, id: last.id })).toString('base64url') : null,
    };
  }

  /** People sampled more than once in the round (shown, counted once). */
  /** The round's 免采 records of the caller's residents, newest first (the newest 500, masked). */
  async exemptions(actor: Actor, roundId: string) {
    const scope = Scope.of(actor);
    await new Access(this.ctx.db, scope).ensure('round', roundId);
    return this.ctx.db
      .selectFrom('round_exemptions as x')
      .innerJoin('persons as p', 'p.id', 'x.person_id')
      .select(['p.id', 'p.name', 'p.doc_masked', 'p.area_code', 'x.reason', 'x.note', 'x.recorded_by', 'x.at'])
      .where('x.round_id', '=', roundId)
      .where((eb) => scope.where(eb, 'p.area_code'))
      .orderBy('x.at', 'desc')
      .limit(500)
      .execute();
  }

  async repeats(actor: Actor, roundId: string) {
    const scope = Scope.of(actor);
    await new Access(this.ctx.db, scope).ensure('round', roundId);
    await new SampleSettler(this.ctx).freshen(roundId);
    return this.ctx.db
      .selectFrom('round_people as rp')
      .innerJoin('persons as p', 'p.id', 'rp.person_id')
      .select(['p.id', 'p.name', 'p.doc_masked', 'rp.samples', 'rp.first_at'])
      .where('rp.round_id', '=', roundId)
      .where('rp.samples', '>', 1)
      .where((eb) => scope.where(eb, 'p.area_code'))
      .orderBy('rp.samples', 'desc')
      .limit(500)
      .execute();
  }

  /** High-risk jobs tested less often than their rule: per person, days overdue (加密检测频次). */
  async overdue(actor: Actor, area: string, tag?: string) {
    Scope.of(actor).within(area);
    await new SampleSettler(this.ctx).freshen();
    const now = this.ctx.clock.now();
    const rules = await this.ctx.db.selectFrom('testing_frequency_rules').selectAll().execute();
    const out: Array<{
      person_id: string;
      name: string;
      id_number_masked: string;
      tag: string;
      interval_days: number;
      last_sampled: string | null;
      days_overdue: number;
    }> = [];
    for (const rule of rules.filter((r) => !tag || r.tag === tag)) {
      const due = new Date(now.getTime() - rule.interval_days * DAY).toISOString();
      const rows = await this.ctx.db
        .selectFrom('person_tags as t')
        .innerJoin('persons as p', 'p.id', 't.person_id')
        .leftJoin('person_last_sampled as l', 'l.person_id', 't.person_id')
        .select(['p.id', 'p.name', 'p.doc_masked', 'l.last_at'])
        .where('t.tag', '=', rule.tag)
        .where('t.area_code', '>=', area)
        .where('t.area_code', '<', codeUpperBound(area))
        .where((eb) => eb.or([eb('l.last_at', 'is', null), eb('l.last_at', '<', due)]))
        .orderBy('l.last_at')
        .limit(2000)
        .execute();
      for (const r of rows) {
        const days = r.last_at ? Math.floor((now.getTime() - Date.parse(r.last_at)) / DAY) - rule.interval_days : rule.interval_days;
        out.push({
          person_id: r.id,
          name: r.name,
          id_number_masked: r.doc_masked,
          tag: rule.tag,
          interval_days: rule.interval_days,
          last_sampled: r.last_at,
          days_overdue: Math.max(days, 0),
        });
      }
    }
    return out.sort((a, b) => b.days_overdue - a.days_overdue);
  }

  /** 以效率倒逼饱和度: per step median and p95 minutes, per lab, and the slowest tubes. */
  async chainTiming(actor: Actor, roundId: string) {
    const d = this.ctx.dialect;
    const scope = Scope.of(actor);
    await new Access(this.ctx.db, scope).ensure('round', roundId);
    const rows = await this.ctx.db
      .selectFrom('tubes as t')
      .leftJoin('boxes as b', 'b.code', 't.box_code')
      .select([
        't.barcode',
        't.lab_code',
        secondsBetween(d, sql.ref('t.first_sampled_at'), sql.ref('t.sealed_at')).as('seal'),
        secondsBetween(d, sql.ref('t.sealed_at'), sql.ref('b.sealed_at')).as('box'),
        secondsBetween(d, sql.ref('b.sealed_at'), sql.ref('b.handed_over_at')).as('handover'),
        secondsBetween(d, sql.ref('b.handed_over_at'), sql.ref('b.received_at')).as('transport'),
        secondsBetween(d, sql.ref('b.received_at'), sql.ref('t.resulted_at')).as('test'),
        secondsBetween(d, sql.ref('t.first_sampled_at'), sql.ref('t.resulted_at')).as('total'),
      ])
      .where('t.round_id', '=', roundId)
      .where('t.is_recheck', '=', 0)
      .where(tubesAtMySites(scope))
      .execute();
    const steps = ['seal', 'box', 'handover', 'transport', 'test', 'total'] as const;
    const stat = (vals: number[]) => ({ count: vals.length, median_min: round(percentile(vals, 0.5)), p95_min: round(percentile(vals, 0.95)) });
    const byStep = Object.fromEntries(
      steps.map((s) => [
        s,
        stat(
          rows
            .map((r) => r[s])
            .filter((v): v is number => v != null)
            .map((v) => Number(v) / 60),
        ),
      ]),
    );
    const labs = [...new Set(rows.map((r) => r.lab_code).filter((l): l is string => !!l))];
    const byLab = labs.map((lab) => ({
      lab,
      ...Object.fromEntries(
        steps.map((s) => [
          s,
          stat(
            rows
              .filter((r) => r.lab_code === lab)
              .map((r) => r[s])
              .filter((v): v is number => v != null)
              .map((v) => Number(v) / 60),
          ),
        ]),
      ),
    }));
    const slowest = rows
      .filter((r) => r.total != null)
      .sort((a, b) => Number(b.total) - Number(a.total))
      .slice(0, 20)
      .map((r) => ({ tube: r.barcode, lab: r.lab_code, total_min: round(Number(r.total) / 60) }));
    return { steps: byStep, labs: byLab, slowest };
  }

  /** Per site: live rate (last hour) and the expected finish from the people still to sample in its area — three set-based queries. */
  async sites(actor: Actor, roundId: string) {
    const scope = Scope.of(actor);
    await new Access(this.ctx.db, scope).ensure('round', roundId);
    await new SampleSettler(this.ctx).freshen(roundId);
    const now = this.ctx.clock.now();
    const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
    const sites = await this.ctx.db
      .selectFrom('sampling_sites')
      .selectAll()
      .where((eb) => scope.whereAreaOrSite(eb, 'area_code', 'sampling_site', 'code'))
      .orderBy('code')
      .limit(1000)
      .execute();
    if (sites.length === 0) return [];
    const codes = sites.map((s) => s.code);
    const rates = new Map(
      (
        await this.ctx.db
          .selectFrom('samples')
          .select((eb) => ['site_code', eb.fn.countAll<number>().as('n')])
          .where('site_code', 'in', codes)
          .where('collected_at', '>=', hourAgo)
          .groupBy('site_code')
          .execute()
      ).map((r) => [r.site_code, Number(r.n)]),
    );
    // Still to sample in each site's area: the round's grid counters within the site's area code range.
    const left = await sql<{ code: string; target: number | null; sampled: number | null }>`select ss.code, sum(c.target) as target, sum(c.sampled) as sampled
      from sampling_sites ss join coverage_counters c on c.round_id = ${roundId} and c.grid_key >= ss.area_code and c.grid_key < ss.area_code || '~'
      where ss.code in (${sql.join(codes)}) group by ss.code`.execute(this.ctx.db);
    const remainingOf = new Map(left.rows.map((r) => [r.code, Math.max(0, Number(r.target ?? 0) - Number(r.sampled ?? 0))]));
    return sites.map((s) => {
      const remaining = remainingOf.get(s.code) ?? 0;
      const capacity = s.teams * s.rate_per_team_hour;
      return {
        code: s.code,
        name: s.name,
        area_code: s.area_code,
        teams: s.teams,
        rate_per_team_hour: s.rate_per_team_hour,
        live_rate_per_hour: rates.get(s.code) ?? 0,
        remaining,
        expected_finish: new Date(now.getTime() + (remaining / Math.max(1, capacity)) * 3_600_000).toISOString(),
      };
    });
  }

  /** The round's grids under `area` (within the caller's scope) with their coverage ratio, for the map. */
  async coverageMap(actor: Actor, roundId: string, area: string) {
    const scope = Scope.of(actor);
    scope.within(area);
    await new Access(this.ctx.db, scope).ensure('round', roundId);
    await new SampleSettler(this.ctx).freshen(roundId);
    const geo = await new AreasService(this.ctx).gridGeoJson(actor, area);
    const counters = await this.ctx.db
      .selectFrom('coverage_counters')
      .selectAll()
      .where('round_id', '=', roundId)
      .where('grid_key', '>=', area)
      .where('grid_key', '<', codeUpperBound(area))
      .execute();
    const byGrid = new Map(counters.map((c) => [c.grid_key, c]));
    const features = geo.features.map((f) => {
      const c = byGrid.get(f.properties.code);
      const [target, sampled] = [Number(c?.target ?? 0), Number(c?.sampled ?? 0)];
      const figures = { target, sampled, coverage: target > 0 ? Math.min(1, sampled / target) : 0 };
      return { ...f, properties: { ...f.properties, ...figures } };
    });
    return { ...geo, features };
  }
}

function round(v: number | null): number | null {
  return v == null ? null : Math.round(v * 10) / 10;
}
