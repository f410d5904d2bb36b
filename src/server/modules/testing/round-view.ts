import type { CapacityPlan, Exemption, Lab, MissingPerson, OverduePerson, Round, SamplingSite, StepStat, Timing, TimingStep } from '../../../contract/testing';
import type { CoverageService } from './coverage.service';
import type { capacityPlan, suggestPoolSize } from './pooling';
import type { RoundView } from './round.repository';
import type { TestingTables } from './testing.table';

/**
 * Rounds, sites, labs and what is read of a round on the wire (camelCase, src/contract/testing.ts).
 * The services keep answering rows: the CLI prints them with their snake_case keys.
 */
type Rows<F extends (...a: never[]) => unknown> = Awaited<ReturnType<F>>;

export function roundView(r: RoundView): Round {
  return {
    id: r.id,
    name: r.name,
    purpose: r.purpose,
    scope: r.scope,
    poolSize: r.pool_size,
    startsAt: r.starts_at,
    deadline: r.deadline,
    status: r.status,
    locateMinutes: r.locate_minutes,
    resultMinutes: r.result_minutes,
    createdBy: r.created_by,
    createdAt: r.created_at,
    closedAt: r.closed_at,
  };
}

export function siteView(s: TestingTables['sampling_sites']): SamplingSite {
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    areaCode: s.area_code,
    teams: s.teams,
    ratePerTeamHour: s.rate_per_team_hour,
    opens: s.opens,
    closes: s.closes,
    createdAt: s.created_at,
  };
}

export function labView(l: TestingTables['labs']): Lab {
  return { id: l.id, code: l.code, name: l.name, areaCode: l.area_code, dailyCapacity: Number(l.daily_capacity), createdAt: l.created_at };
}

export function missingView(p: Rows<CoverageService['missing']>['items'][number]): MissingPerson {
  return {
    id: p.id,
    name: p.name,
    idNumberMasked: p.id_number_masked,
    phoneMasked: p.phone_masked,
    areaCode: p.area_code,
    address: p.address,
    controlStatus: p.control_status,
    owner: p.owner,
  };
}

export const exemptionView = (r: Rows<CoverageService['exemptions']>[number]): Exemption => ({
  personId: r.id,
  name: r.name,
  idNumberMasked: r.doc_masked,
  areaCode: r.area_code,
  reason: r.reason as Exemption['reason'],
  note: r.note,
  recordedBy: r.recorded_by,
  at: r.at,
});

export const repeatView = (r: Rows<CoverageService['repeats']>[number]) => ({
  id: r.id,
  name: r.name,
  idNumberMasked: r.doc_masked,
  samples: Number(r.samples),
  firstAt: r.first_at,
});

type RowStat = { count: number; median_min: number | null; p95_min: number | null };
const statView = (s: RowStat | undefined): StepStat => ({ count: s?.count ?? 0, medianMin: s?.median_min ?? null, p95Min: s?.p95_min ?? null });
const stepsView = (row: Record<string, unknown>): Record<TimingStep, StepStat> => ({
  seal: statView(row.seal as RowStat),
  box: statView(row.box as RowStat),
  handover: statView(row.handover as RowStat),
  transport: statView(row.transport as RowStat),
  test: statView(row.test as RowStat),
  total: statView(row.total as RowStat),
});

export function timingView(t: Rows<CoverageService['chainTiming']>): Timing {
  return {
    steps: stepsView(t.steps),
    labs: t.labs.map((l) => ({ lab: l.lab, ...stepsView(l) })),
    slowest: t.slowest.map((s) => ({ tube: s.tube, lab: s.lab, totalMin: s.total_min })),
  };
}

export const sitePaceView = (s: Rows<CoverageService['sites']>[number]) => ({
  code: s.code,
  name: s.name,
  areaCode: s.area_code,
  teams: s.teams,
  ratePerTeamHour: s.rate_per_team_hour,
  liveRatePerHour: s.live_rate_per_hour,
  remaining: s.remaining,
  expectedFinish: s.expected_finish,
});

export function overdueView(o: Rows<CoverageService['overdue']>[number]): OverduePerson {
  return {
    personId: o.person_id,
    name: o.name,
    idNumberMasked: o.id_number_masked,
    tag: o.tag,
    intervalDays: o.interval_days,
    lastSampled: o.last_sampled,
    daysOverdue: o.days_overdue,
  };
}

/** JSON has no infinity: hours nothing can work through (no site, no lab) are null. */
const hours = (h: number): number | null => (Number.isFinite(h) ? h : null);

export function planView(
  head: { round: string; poolSize: number; remaining: number },
  plan: ReturnType<typeof capacityPlan>,
  suggestion: ReturnType<typeof suggestPoolSize>,
): CapacityPlan {
  return {
    ...head,
    samplingPerHour: plan.samplingPerHour,
    tubes: plan.tubes,
    recheckTubes: plan.recheckTubes,
    samplingHours: hours(plan.samplingHours),
    labHours: hours(plan.labHours),
    finishHours: hours(plan.finishHours),
    bottleneck: plan.bottleneck as CapacityPlan['bottleneck'],
    suggestion,
  };
}
