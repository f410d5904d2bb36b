import { linkinv, quadForm } from './glm';
import { fitModel, wtimeOf, type GlmData, type Model, type Scratch } from './farrington-fit';
import { qnbinom, qnorm, qpois, tTestPValue } from './special';
import { type DetectionPoint, type Range, type Series } from './types';
import { dayNumber, weekday, yearsBack } from './dates';

/** R's `surveillance::farringtonFlexible` control (R's names; populationOffset is not offered: no population here). */
export interface FarringtonControl {
  range: Range;
  b: number;
  w: number;
  reweight: boolean;
  weightsThreshold: number;
  alpha: number;
  trend: boolean;
  pThresholdTrend: number;
  limit54: readonly [number, number];
  powertrans: 'none' | '1/2' | '2/3';
  noPeriods: number;
  /** R's NULL means w. */
  pastWeeksNotIncluded: number | null;
  thresholdMethod: 'delta' | 'nbPlugin' | 'muan';
}

/** The original Farrington et al. (1996) settings, as farringtonFlexible's help gives them. */
export const FARRINGTON_ORIGINAL = {
  b: 5,
  w: 3,
  reweight: true,
  weightsThreshold: 1,
  alpha: 0.05,
  trend: true,
  pThresholdTrend: 0.05,
  limit54: [5, 4],
  powertrans: '2/3',
  noPeriods: 1,
  pastWeeksNotIncluded: 3,
  thresholdMethod: 'delta',
} as const;

/** Noufaily et al. (2013)'s improved settings, as farringtonFlexible's help gives them. */
export const FARRINGTON_NOUFAILY = {
  b: 5,
  w: 3,
  reweight: true,
  weightsThreshold: 2.58,
  alpha: 0.05,
  trend: true,
  pThresholdTrend: 0.05,
  limit54: [5, 4],
  powertrans: '2/3',
  noPeriods: 10,
  pastWeeksNotIncluded: 26,
  thresholdMethod: 'nbPlugin',
} as const;

/**
 * farringtonFlexible (R/farringtonFlexible.R), time point by time point: reference periods b years
 * back (±w, plus noPeriods−1 blocks between windows as a seasonal factor), a quasi-Poisson GLM with
 * an optional trend kept only if significant, at least 3 years and not extrapolating, Anscombe
 * reweighting of past outbreaks, then the threshold by the delta method on a power scale
 * ("delta") or a negative binomial quantile ("nbPlugin", "muan" — Noufaily's).
 */
export function farringtonFlexible(series: Series, control: FarringtonControl): DetectionPoint[] {
  const { counts } = series;
  const days = series.dates?.map(dayNumber);
  const out: DetectionPoint[] = [];
  const z = qnorm(1 - control.alpha);
  const scratch: Scratch = { w: new Float64Array(0), omega: new Float64Array(0), rows: new Int32Array(0) };
  for (let k = control.range[0]; k <= control.range[1]; k++) out.push(farringtonAt(counts, days, series.frequency, control, k, z, scratch));
  return out;
}

/** Reference periods (1-based, most recent first, k itself first): R's algo.farrington.referencetimepoints. */
export function referencePeriods(k: number, b: number, frequency: number, days: readonly number[] | undefined): number[] {
  if (!days) {
    const refs = new Array<number>(b + 1);
    for (let i = 0; i <= b; i++) refs[i] = k - i * frequency;
    return refs;
  }
  const day = days[k - 1]!;
  const refs: number[] = [];
  for (let i = 0; i <= b; i++) {
    let ref = yearsBack(day, i);
    if (frequency === 52) {
      // The same weekday as period k, the nearer one on either side of the date a year back.
      const a = ref - (weekday(ref) - weekday(day));
      const other = a + (a > ref ? -7 : 7);
      ref = Math.abs(a - ref) > Math.abs(other - ref) ? other : a;
    }
    refs.push(indexOfDay(days, ref));
  }
  return refs;
}

function indexOfDay(days: readonly number[], day: number): number {
  // Dates are regular (checked by the control parser), so the index follows from the first date.
  const step = days.length > 1 ? days[1]! - days[0]! : 1;
  const i = (day - days[0]!) / step;
  return Number.isInteger(i) && i >= 0 && i < days.length ? i + 1 : -1;
}

/**
 * Seasonal blocks (R's blocks()): factor level per period from `lo` (the oldest window's start) to
 * k, 0 = not used; f[i - lo] is period i's level (1-based periods).
 */
function blocks(refs: readonly number[], k: number, w: number, p: number, lo: number): Int32Array {
  const f = new Int32Array(k - lo + 1);
  const set = (i: number, level: number) => {
    if (i >= lo && i <= k) f[i - lo] = level;
  };
  for (let i = k - w; i <= k; i++) set(i, p);
  for (let i = 1; i < refs.length; i++) {
    const ref = refs[i]!;
    for (let j = ref - w; j <= ref + w; j++) set(j, p);
    if (p === 1) continue;
    const period = refs[i - 1]! - 2 * w - 1 - ref;
    if (period < p - (2 * w + 1)) throw new Error('Number of factors too big!');
    const len = Math.floor(period / (p - 1));
    const rest = period % (p - 1);
    let start = ref + w + 1;
    for (let j = 1; j < p; j++) {
      const l = len + (j <= rest ? 1 : 0);
      for (let x = start; x < start + l; x++) set(x, j);
      start += l;
    }
  }
  return f;
}

const ONE_LEVEL: readonly number[] = [1];
/** The exponent of each power transformation. */
const POWER = { none: 1, '1/2': 1 / 2, '2/3': 2 / 3 } as const;

function maxOf(y: Float64Array): number {
  let m = -Infinity;
  for (let i = 0; i < y.length; i++) if (y[i]! > m) m = y[i]!;
  return m;
}

function glmData(
  counts: readonly number[],
  days: readonly number[] | undefined,
  frequency: number,
  c: FarringtonControl,
  k: number,
  s: Scratch,
): GlmData | null {
  const refs = referencePeriods(k, c.b, frequency, days);
  const past = c.pastWeeksNotIncluded ?? c.w;
  let n = 0;
  let level: Int32Array | null = null;
  let windowsApart = c.noPeriods === 1;
  for (let i = 1; i < refs.length && windowsApart; i++) windowsApart = refs[i - 1]! - refs[i]! > 2 * c.w;
  if (windowsApart) {
    // The usual case (no seasonal blocks, windows apart): the windows, oldest first.
    const rows = rowBuffer(s, refs.length * (2 * c.w + 1));
    for (let i = refs.length - 1; i >= 0; i--) {
      const ref = refs[i]!;
      const to = i === 0 ? Math.min(k, k - past - 1) : ref + c.w;
      for (let j = Math.max(1, ref - c.w); j <= to; j++) if (j < k - past || j > k) rows[n++] = j;
    }
  } else {
    const lo = Math.max(1, refs[refs.length - 1]! - c.w);
    const blockOf = blocks(refs, k, c.w, c.noPeriods, lo);
    const rows = rowBuffer(s, k - lo + 1);
    level = new Int32Array(k - lo + 1);
    for (let i = lo; i < k - past; i++)
      if (blockOf[i - lo]! > 0) {
        level[n] = blockOf[i - lo]!;
        rows[n++] = i;
      }
    level = level.slice(0, n);
  }
  if (n === 0) return null;
  const rows = s.rows.slice(0, n);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) y[r] = counts[rows[r]! - 1]!;
  return { y, rows, level, levels: level ? [...new Set(level)].sort((a, b) => a - b) : ONE_LEVEL, days, k };
}

function rowBuffer(s: Scratch, n: number): Int32Array {
  if (s.rows.length < n) s.rows = new Int32Array(2 * n);
  return s.rows;
}

/** The model row of the monitored period: its block is noPeriods (R: seasgroups = factor(noPeriods)). */
function rowNow(d: GlmData, trend: boolean, noPeriods: number): number[] {
  const x = [1];
  if (trend) x.push(wtimeOf(d, d.k));
  for (let j = 1; j < d.levels.length; j++) x.push(d.levels[j] === noPeriods ? 1 : 0);
  return x;
}

/** predict.glm(type = "link", se.fit = TRUE) for the monitored period. */
function predictLink(d: GlmData, m: Model, noPeriods: number): { eta: number; se: number } {
  const x = rowNow(d, m.trend, noPeriods);
  let eta = 0;
  for (let j = 0; j < x.length; j++) eta += x[j]! * m.coefficients[j]!;
  return { eta, se: Math.sqrt(quadForm(m.covUnscaled, x, x.length) * m.dispersion) };
}

function farringtonAt(
  counts: readonly number[],
  days: readonly number[] | undefined,
  frequency: number,
  c: FarringtonControl,
  k: number,
  z: number,
  scratch: Scratch,
): DetectionPoint {
  const observed = counts[k - 1]!;
  const na: DetectionPoint = { t: k, observed, expected: null, upperbound: null, alarm: false };
  const d = glmData(counts, days, frequency, c, k, scratch);
  if (!d) return na;
  // Without at least three years a trend is never kept, and R then refits without it: the same
  // model as fitting without a trend straight away, so skip the doomed fit.
  let model = fitModel(d, c.trend && c.b >= 3, c, scratch);
  if (!model) return na;
  if (model.trend) {
    const { eta } = predictLink(d, model, c.noPeriods);
    const coef = model.coefficients[1]!;
    const p = tTestPValue(coef / Math.sqrt(model.covUnscaled[1 * model.p + 1]! * model.dispersion), model.dfResidual);
    const keep = p < c.pThresholdTrend && linkinv(eta) <= maxOf(d.y);
    if (!keep) {
      model = fitModel(d, false, c, scratch);
      if (!model) return na;
    }
  }
  const { eta, se } = predictLink(d, model, c.noPeriods);
  const phi = model.phi;
  let upper: number;
  let predFit: number;
  if (c.thresholdMethod === 'delta') {
    const mu0 = linkinv(eta);
    predFit = mu0;
    const seResponse = se * mu0;
    const tau = phi + (seResponse * seResponse) / mu0;
    const e = POWER[c.powertrans];
    const sdT = c.powertrans === 'none' ? Math.sqrt(mu0 * tau) : c.powertrans === '1/2' ? Math.sqrt(tau / 4) : Math.sqrt((4 / 9) * Math.pow(mu0, 1 / 3) * tau);
    const muE = Math.pow(mu0, e);
    const a = Math.pow(muE - z * sdT, 1 / e);
    const bnd = Math.pow(muE + z * sdT, 1 / e);
    // R: sort(c(a, b), na.last = FALSE)[2] — the larger, or the only one that is a number.
    upper = Number.isNaN(a) ? bnd : Number.isNaN(bnd) ? a : Math.max(a, bnd);
  } else {
    predFit = eta;
    const mu0q = c.thresholdMethod === 'nbPlugin' ? Math.exp(eta) : Math.exp(qnorm(1 - c.alpha, eta, se));
    if (mu0q === Infinity) upper = NaN;
    else upper = phi > 1 ? qnbinom(1 - c.alpha, mu0q / (phi - 1), 1 / phi) : qpois(1 - c.alpha, mu0q);
  }
  let recent = 0;
  for (let i = k - c.limit54[1] + 1; i <= k; i++) recent += counts[i - 1]!;
  const enough = recent >= c.limit54[0];
  // R's score uses the prediction on its own scale (the link for Noufaily's methods), as R does.
  const score = Number.isNaN(upper) ? NaN : (observed - predFit) / (upper - predFit);
  const expected = Number.isNaN(upper) || !enough ? null : c.thresholdMethod === 'delta' ? predFit : Math.exp(predFit);
  return {
    t: k,
    observed,
    expected: expected !== null && Number.isFinite(expected) ? expected : null,
    upperbound: enough && Number.isFinite(upper) ? upper : null,
    alarm: enough && !Number.isNaN(score) && score > 1 && observed !== 0,
  };
}
