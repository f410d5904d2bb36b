import { sql, type Kysely } from 'kysely';
import type { Chart, RunResult, Signal } from '../../../../contract/surveillance';
import type { AppContext } from '../../../context';
import { insertChunks, parseJson } from '../../../db/dialect';
import type { DB } from '../../../db/schema';
import { validationError, why } from '../../../errors';
import { newId } from '../../../lib/ids';
import { addDays, localDate } from '../../../lib/local-time';
import { Access, Scope } from '../../access';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { detect, type DetectControl } from '../detection';
import { SentinelRepository } from '../sentinels/sentinel.repository';
import type { SurveillanceSignalRow } from '../surveillance.table';
import { applyBudget, budgetArea, type Budget, type Candidate, type RecentSignal } from './budget';
import { checkStoredControl, controlFor, controlForLast, historyNeeded, methodName, type StoredControl } from './detector-config';
import { buildSeries, dateRange, hasHistory, lateStarters, reportKey, type CountPoint, type DailySeries } from './series';

const LAST_RUN_KEY = 'surveillance.last_run_date';

/**
 * Signals (issue 14 item 4): each night, each indicator of each sentinel and each street's and
 * district's roll-up goes through its configured detector for the new day; an alarm becomes a row
 * of `surveillance_signals`, raised or suppressed by the alert budget. The run reads the whole
 * city (Scope.city('job')) and writes only derived rows; reads of signals are scoped by area.
 */
export class SignalsService {
  constructor(private readonly ctx: AppContext) {}

  yesterday(): string {
    return addDays(localDate(this.ctx.clock.now(), this.ctx.config.timeZone), -1);
  }

  private async configs(db: Kysely<DB>): Promise<Map<string, StoredControl>> {
    const rows = await db.selectFrom('surveillance_detector_configs').selectAll().execute();
    return new Map(rows.map((r) => [`${r.sentinel_type}|${r.indicator}`, parseJson<StoredControl>(r.control, {})]));
  }

  /** Which of these sentinels' indicators reported before `from` (their keys): one read per 500 sentinels on the primary key. */
  private async reportedBefore(db: Kysely<DB>, keys: ReadonlyArray<{ sentinel_id: string; indicator: string }>, from: string): Promise<Set<string>> {
    const wanted = new Set(keys.map(reportKey));
    const ids = [...new Set(keys.map((k) => k.sentinel_id))];
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom('sentinel_counts')
        .select(['sentinel_id', 'indicator'])
        .distinct()
        .where('sentinel_id', 'in', ids.slice(i, i + 500))
        .where('date', '<', from)
        .execute();
      for (const r of rows) if (wanted.has(reportKey(r))) out.add(reportKey(r));
    }
    return out;
  }

  async budget(db: Kysely<DB> = this.ctx.db): Promise<Budget> {
    const b = await db.selectFrom('surveillance_budget').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    return { minCount: b.min_count, repeatWindowDays: b.repeat_window_days, weeklyBudget: b.weekly_budget };
  }

  /** Run the detectors for one local date (default yesterday): idempotent, an alarm already recorded is not recorded twice. */
  async run(actor: Actor, date: string = this.yesterday()): Promise<RunResult> {
    const started = performance.now();
    const today = localDate(this.ctx.clock.now(), this.ctx.config.timeZone);
    if (date > today) throw validationError({ date: why('in_future', `is in the future (today is ${today})`) });
    const result = await this.ctx.db.transaction().execute(async (trx) => {
      const configs = await this.configs(trx);
      const sentinels = new Map((await trx.selectFrom('sentinels').select(['id', 'code', 'type']).where('active', '=', 1).execute()).map((s) => [s.id, s]));
      const needed = new Map<string, number>();
      const need = (c: StoredControl) => {
        const k = JSON.stringify(c);
        let n = needed.get(k);
        if (n === undefined) needed.set(k, (n = historyNeeded(c)));
        return n;
      };
      // One window for the whole city: the longest history any configured detector reads.
      const window = Math.max(need(controlFor(configs, '*', '*')), ...[...configs.values()].map(need));
      const from = addDays(date, -window);
      // Set-based: every count of the window in one read on the (date, …) covering index.
      const rows = (await trx
        .selectFrom('sentinel_counts')
        .select(['sentinel_id', 'area_code', 'indicator', 'date', 'count'])
        .where('date', '>=', from)
        .where('date', '<=', date)
        .execute()) as CountPoint[];
      const series = buildSeries(
        rows.filter((r) => sentinels.has(r.sentinel_id)),
        from,
        date,
      );
      const reportedBefore = await this.reportedBefore(trx, lateStarters(series), from);
      const controls = new Map<string, DetectControl>();
      const candidates: Array<Candidate & { row: Omit<SurveillanceSignalRow, 'suppressed'> }> = [];
      const now = this.ctx.clock.nowIso();
      for (const s of series) {
        const type = s.sentinelId ? sentinels.get(s.sentinelId)!.type : '*';
        const stored = controlFor(configs, type, s.indicator);
        const len = need(stored) + 1;
        const ck = `${JSON.stringify(stored)}|${len}`;
        let control = controls.get(ck);
        if (!control) controls.set(ck, (control = controlForLast(stored, len)));
        // A sentinel that started reporting too recently has no baseline yet: its days before are not zeros.
        if (!hasHistory(s, len, reportedBefore)) continue;
        const counts = s.counts.slice(-len);
        const [point] = detect({ counts, frequency: 365 }, control);
        if (!point?.alarm) continue;
        const method = methodName(stored);
        candidates.push({
          key: `${method}|${s.indicator}|${s.target}`,
          areaCode: s.areaCode,
          periodDate: date,
          observed: point.observed,
          threshold: point.upperbound,
          row: {
            id: newId(),
            area_code: s.areaCode,
            sentinel_id: s.sentinelId,
            indicator: s.indicator,
            period_date: date,
            observed: point.observed,
            expected: point.expected,
            threshold: point.upperbound,
            method,
            evidence: JSON.stringify(evidenceOf(s, sentinels, len)),
            created_at: now,
          },
        });
      }
      const budget = await this.budget(trx);
      const lookBack = addDays(date, -Math.max(7, budget.repeatWindowDays));
      const recentRows = await trx
        .selectFrom('surveillance_signals')
        .select(['area_code', 'sentinel_id', 'indicator', 'method', 'period_date', 'observed', 'suppressed'])
        .where('period_date', '>=', lookBack)
        .where('period_date', '<=', date)
        .execute();
      const keyOf = (r: { method: string; indicator: string; sentinel_id: string | null; area_code: string }) =>
        `${r.method}|${r.indicator}|${r.sentinel_id ? `s:${r.sentinel_id}` : `a:${r.area_code}`}`;
      const already = new Set(recentRows.filter((r) => r.period_date === date).map(keyOf));
      const recent: RecentSignal[] = recentRows
        .filter((r) => r.suppressed === null && r.period_date < date)
        .map((r) => ({ key: keyOf(r), areaCode: r.area_code, periodDate: r.period_date, observed: r.observed }));
      // Signals already raised for this date count against the week's budget too.
      for (const r of recentRows.filter((x) => x.period_date === date && x.suppressed === null))
        recent.push({ key: `${keyOf(r)}#today`, areaCode: r.area_code, periodDate: addDays(date, -1), observed: r.observed });
      const decided = applyBudget(
        candidates.filter((c) => !already.has(c.key)),
        recent,
        budget,
      );
      const out: SurveillanceSignalRow[] = decided.map((d) => ({ ...d.row, suppressed: d.suppressed }));
      for (const chunk of insertChunks(this.ctx.dialect, out)) await trx.insertInto('surveillance_signals').values(chunk).execute();
      await trx
        .insertInto('app_meta')
        .values({ key: LAST_RUN_KEY, value: date })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`case when app_meta.value < ${date} then ${date} else app_meta.value end` }))
        .execute();
      const raised = out.filter((o) => o.suppressed === null).length;
      await new AuditService(this.ctx).append(
        {
          actor,
          action: 'surveillance.run',
          targetType: 'surveillance_run',
          targetId: date,
          details: {
            date,
            series: series.length,
            alarms: candidates.length,
            raised,
            suppressed: out.length - raised,
            signals: out.slice(0, 200).map((o) => o.id),
          },
        },
        trx,
      );
      return { series: series.length, alarms: candidates.length, raised, suppressed: out.length - raised };
    });
    return { date, ...result, ms: Math.round(performance.now() - started) };
  }

  /** On demand (CLI, POST): the run reads and writes for the whole city, so it needs a city-scoped caller. */
  async runFor(actor: Actor, date?: string): Promise<RunResult> {
    Scope.of(actor).ensureCityWide('A detection run');
    return this.run(actor, date);
  }

  /** The nightly job: once the local day is over, run it (and any day missed since the last run, up to a week). */
  async nightly(actor: Actor): Promise<RunResult[]> {
    const target = this.yesterday();
    const last = (await this.ctx.db.selectFrom('app_meta').select('value').where('key', '=', LAST_RUN_KEY).executeTakeFirst())?.value;
    if (last && last >= target) return [];
    const from = last && last >= addDays(target, -7) ? addDays(last, 1) : target;
    const out: RunResult[] = [];
    for (const d of dateRange(from, target)) out.push(await this.run(actor, d));
    return out;
  }

  async list(actor: Actor, q: { area?: string; from?: string; to?: string; suppressed?: 'raised' | 'suppressed' | 'all' }): Promise<Signal[]> {
    const scope = Scope.of(actor).within(q.area);
    let query = this.ctx.db
      .selectFrom('surveillance_signals as g')
      .leftJoin('sentinels as s', 's.id', 'g.sentinel_id')
      .selectAll('g')
      .select('s.code as sentinel_code')
      .where((eb) => scope.where(eb, 'g.area_code'));
    if (q.from) query = query.where('g.period_date', '>=', q.from);
    if (q.to) query = query.where('g.period_date', '<=', q.to);
    if (q.suppressed !== 'all') query = query.where('g.suppressed', q.suppressed === 'suppressed' ? 'is not' : 'is', null);
    const rows = await query.orderBy('g.period_date', 'desc').orderBy('g.id').limit(1000).execute();
    return rows.map((r) => ({
      id: r.id,
      areaCode: r.area_code,
      sentinelId: r.sentinel_id,
      sentinelCode: r.sentinel_code ?? null,
      indicator: r.indicator,
      periodDate: r.period_date,
      observed: r.observed,
      expected: r.expected,
      threshold: r.threshold,
      method: r.method,
      evidence: parseJson<unknown>(r.evidence, null),
      createdAt: r.created_at,
      suppressed: r.suppressed,
    }));
  }

  /** The budget beside the actual rate: raised and suppressed signals of the last 7 days per district in scope. */
  async rates(actor: Actor, area?: string) {
    const scope = Scope.of(actor).within(area);
    const b = await this.budget();
    const from = addDays(localDate(this.ctx.clock.now(), this.ctx.config.timeZone), -7);
    const rows = await this.ctx.db
      .selectFrom('surveillance_signals')
      .select(['area_code', 'suppressed'])
      .where('period_date', '>=', from)
      .where((eb) => scope.where(eb, 'area_code'))
      .execute();
    const by = new Map<string, { raised: number; suppressed: number }>();
    for (const r of rows) {
      const k = budgetArea(r.area_code);
      const e = by.get(k) ?? { raised: 0, suppressed: 0 };
      if (r.suppressed) e.suppressed++;
      else e.raised++;
      by.set(k, e);
    }
    return {
      minCount: b.minCount,
      repeatWindowDays: b.repeatWindowDays,
      weeklyBudget: b.weeklyBudget,
      areas: [...by].sort().map(([areaCode, e]) => ({ areaCode, raisedLast7Days: e.raised, suppressedLast7Days: e.suppressed })),
    };
  }

  /** City-wide settings: the budget (a city-scoped role), audited. */
  async setBudget(actor: Actor, b: Budget): Promise<Budget> {
    Scope.of(actor).ensureCityWide('The alert budget');
    return this.ctx.db.transaction().execute(async (trx) => {
      const before = await this.budget(trx);
      await trx
        .updateTable('surveillance_budget')
        .set({
          min_count: b.minCount,
          repeat_window_days: b.repeatWindowDays,
          weekly_budget: b.weeklyBudget,
          updated_by: actor.name,
          updated_at: this.ctx.clock.nowIso(),
        })
        .where('id', '=', 1)
        .execute();
      await new AuditService(this.ctx).append(
        { actor, action: 'surveillance.budget_set', targetType: 'surveillance_budget', targetId: '1', details: { before, after: b } },
        trx,
      );
      return b;
    });
  }

  /** City-wide settings: the detector of a sentinel type's indicator ('*' for any; type '*' is the area roll-ups), R's control names. */
  async setDetector(actor: Actor, sentinelType: string, indicator: string, control: StoredControl): Promise<void> {
    Scope.of(actor).ensureCityWide('Detector settings');
    checkStoredControl(control);
    const text = JSON.stringify(control);
    await this.ctx.db.transaction().execute(async (trx) => {
      if (sentinelType !== '*' && !(await trx.selectFrom('sentinel_types').select('code').where('code', '=', sentinelType).executeTakeFirst()))
        throw validationError({ sentinelType: why('unknown', 'unknown sentinel type') });
      const now = this.ctx.clock.nowIso();
      await trx
        .insertInto('surveillance_detector_configs')
        .values({ sentinel_type: sentinelType, indicator, control: text, updated_by: actor.name, updated_at: now })
        .onConflict((oc) => oc.columns(['sentinel_type', 'indicator']).doUpdateSet({ control: text, updated_by: actor.name, updated_at: now }))
        .execute();
      await new AuditService(this.ctx).append(
        { actor, action: 'surveillance.detector_set', targetType: 'surveillance_detector', targetId: `${sentinelType}|${indicator}`, details: { control } },
        trx,
      );
    });
  }

  /** Observed vs threshold of one sentinel's indicator (or an area's roll-up) over `days` days, with its signals. */
  async chart(actor: Actor, q: { sentinel?: string; area?: string; indicator: string; to?: string; days: number }): Promise<Chart> {
    const scope = Scope.of(actor);
    const to = q.to ?? localDate(this.ctx.clock.now(), this.ctx.config.timeZone);
    const repo = new SentinelRepository(this.ctx.db, scope);
    const configs = await this.configs(this.ctx.db);
    let target: { sentinelId: string } | { area: string };
    let type = '*';
    if (q.sentinel) {
      const s = (await repo.byCodes([q.sentinel])).get(q.sentinel);
      if (!s) throw validationError({ sentinel: why('unknown', 'unknown sentinel') });
      await new Access(this.ctx.db, scope).ensure('sentinel', s.id);
      target = { sentinelId: s.id };
      type = s.type;
    } else {
      if (!q.area) throw validationError({ area: 'give a sentinel or an area' });
      scope.within(q.area);
      target = { area: q.area };
    }
    const stored = controlFor(configs, type, q.indicator);
    const needed = historyNeeded(stored);
    // The series starts at the first report: days before it are no data, and read as zeros they
    // would make the first reports look like an outbreak.
    const first = await repo.firstReported(target, q.indicator, to);
    const shown = addDays(to, -(q.days - 1));
    const from = first === null ? shown : maxDate(addDays(to, -(q.days + needed - 1)), first);
    const dates = first === null ? [] : dateRange(from, to);
    const byDate = new Map((await repo.series(target, q.indicator, from, to)).map((r) => [r.date, r.count]));
    const counts = dates.map((d) => byDate.get(d) ?? 0);
    const firstShown = Math.max(0, dates.indexOf(maxDate(shown, from)));
    // Days with fewer than `needed` days of reports before them are shown untested.
    const firstTested = Math.max(firstShown, needed);
    const tested =
      firstTested < dates.length
        ? detect({ counts, frequency: 365 }, { ...controlForLast(stored, dates.length), range: [firstTested + 1, dates.length] as const })
        : [];
    const untested = dates.slice(firstShown, Math.min(firstTested, dates.length)).map((date, i) => ({
      date,
      observed: counts[firstShown + i]!,
      expected: null,
      threshold: null,
      alarm: false,
    }));
    const points = [
      ...untested,
      ...tested.map((p) => ({ date: dates[p.t - 1]!, observed: p.observed, expected: p.expected, threshold: p.upperbound, alarm: p.alarm })),
    ];
    let sq = this.ctx.db
      .selectFrom('surveillance_signals')
      .select(['id', 'period_date', 'suppressed'])
      .where('indicator', '=', q.indicator)
      .where('period_date', '>=', points[0]?.date ?? to)
      .where('period_date', '<=', to);
    sq = 'sentinelId' in target ? sq.where('sentinel_id', '=', target.sentinelId) : sq.where('area_code', '=', target.area).where('sentinel_id', 'is', null);
    const signals = (await sq.orderBy('period_date').execute()).map((s) => ({ id: s.id, periodDate: s.period_date, suppressed: s.suppressed }));
    return { method: methodName(stored), points, signals };
  }
}

const maxDate = (a: string, b: string) => (a > b ? a : b);

/** The count rows behind an alarm: the monitored day's rows (each sentinel's for a roll-up) and the baseline days read. */
function evidenceOf(s: DailySeries, sentinels: Map<string, { code: string }>, len: number) {
  const dates = s.dates.slice(-len);
  const counts = s.counts.slice(-len);
  return {
    target: s.sentinelId ? 'sentinel' : 'area',
    rows: s.today.map((r) => ({ sentinel_code: sentinels.get(r.sentinel_id)?.code ?? r.sentinel_id, date: r.date, indicator: r.indicator, count: r.count })),
    baseline: dates.slice(0, -1).map((d, i) => ({ date: d, count: counts[i]! })),
  };
}
