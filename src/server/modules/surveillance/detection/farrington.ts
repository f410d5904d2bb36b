import { glmInterceptOnly, glmPoissonLog, linkinv, quadForm, type GlmFit } from './glm';
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
  for (let k = control.range[0]; k <= control.range[1]; k++) out.push(farringtonAt(counts, days, series.frequency, control, k));
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

interface Model {
  fit: GlmFit;
  phi: number;
  trend: boolean;
  /** What summary.glm reports as dispersion for R's returned model (see quirkDispersion). */
  dispersion: number;
}

/** The GLM's data at one time point: the rows R's algo.farrington.data.glm keeps. */
interface GlmData {
  y: Float64Array;
  wtime: Float64Array;
  /** Seasonal block of each row (1..noPeriods). */
  level: Int32Array;
  /** The levels present, ascending (the first is the factor's reference level). */
  levels: number[];
  /** wtime of the monitored period itself. */
  wtimeNow: number;
}

function glmData(counts: readonly number[], days: readonly number[] | undefined, frequency: number, c: FarringtonControl, k: number): GlmData | null {
  const refs = referencePeriods(k, c.b, frequency, days);
  const past = c.pastWeeksNotIncluded ?? c.w;
  let rows: number[];
  let levelOf: number[] | null = null;
  let windowsApart = c.noPeriods === 1;
  for (let i = 1; i < refs.length && windowsApart; i++) windowsApart = refs[i - 1]! - refs[i]! > 2 * c.w;
  if (windowsApart) {
    // The usual case (no seasonal blocks, windows apart): the windows, oldest first.
    rows = [];
    for (let i = refs.length - 1; i >= 0; i--) {
      const ref = refs[i]!;
      const to = i === 0 ? Math.min(k, k - past - 1) : ref + c.w;
      for (let j = Math.max(1, ref - c.w); j <= to; j++) if (j < k - past || j > k) rows.push(j);
    }
  } else {
    rows = [];
    levelOf = [];
    const lo = Math.max(1, refs[refs.length - 1]! - c.w);
    const blockOf = blocks(refs, k, c.w, c.noPeriods, lo);
    for (let i = lo; i < k - past; i++)
      if (blockOf[i - lo]! > 0) {
        rows.push(i);
        levelOf.push(blockOf[i - lo]!);
      }
  }
  const n = rows.length;
  if (n === 0) return null;
  const step = days && days.length > 1 ? days[1]! - days[0]! : 1;
  const first = rows[0]!;
  const y = new Float64Array(n);
  const wtime = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const i = rows[r]!;
    y[r] = counts[i - 1]!;
    wtime[r] = days ? (days[i - 1]! - days[first - 1]!) / step : i;
  }
  return {
    y,
    wtime,
    level: levelOf ? Int32Array.from(levelOf) : new Int32Array(n).fill(1),
    levels: levelOf ? [...new Set(levelOf)].sort((a, b) => a - b) : [1],
    wtimeNow: days ? (days[k - 1]! - days[first - 1]!) / step : k,
  };
}

/** Columns of the model matrix of response ~ 1 (+ wtime) (+ seasgroups), treatment contrasts. */
function design(d: GlmData, trend: boolean): Float64Array[] {
  const cols: Float64Array[] = [new Float64Array(d.y.length).fill(1)];
  if (trend) cols.push(d.wtime);
  for (let j = 1; j < d.levels.length; j++) {
    const l = d.levels[j]!;
    cols.push(Float64Array.from(d.level, (v) => (v === l ? 1 : 0)));
  }
  return cols;
}

/** The model row of the monitored period: its block is noPeriods (R: seasgroups = factor(noPeriods)). */
function rowNow(d: GlmData, trend: boolean, noPeriods: number): number[] {
  const x = [1];
  if (trend) x.push(d.wtimeNow);
  for (let j = 1; j < d.levels.length; j++) x.push(d.levels[j] === noPeriods ? 1 : 0);
  return x;
}

function glm(d: GlmData, trend: boolean, weights?: Float64Array): GlmFit {
  return !trend && d.levels.length === 1 ? glmInterceptOnly(d.y, weights) : glmPoissonLog(design(d, trend), d.y, weights);
}

/** R's algo.farrington.fitGLM.flexible: fit, fall back to no trend if it does not converge, reweight. */
function fitModel(d: GlmData, trend: boolean, c: FarringtonControl): Model | null {
  let t = trend;
  let fit = glm(d, t);
  if (!fit.converged) {
    if (t) {
      t = false;
      fit = glm(d, t);
    }
    if (!fit.converged) return null;
  }
  let phi = Number.isNaN(fit.dispersion) ? NaN : Math.max(fit.dispersion, 1);
  if (!c.reweight) return { fit, phi, trend: t, dispersion: fit.dispersion };
  const omega = anscombeWeights(d.y, fit, phi, c.weightsThreshold);
  fit = glm(d, t, omega);
  phi = Number.isNaN(fit.dispersion) ? NaN : Math.max(fit.dispersion, 1);
  return { fit, phi, trend: t, dispersion: quirkDispersion(d.y, fit, omega) };
}

/** predict.glm(type = "link", se.fit = TRUE) for the monitored period. */
function predictLink(d: GlmData, m: Model, noPeriods: number): { eta: number; se: number } {
  const x = rowNow(d, m.trend, noPeriods);
  let eta = 0;
  for (let j = 0; j < x.length; j++) eta += x[j]! * m.fit.coefficients[j]!;
  return { eta, se: Math.sqrt(quadForm(m.fit.covUnscaled, x, x.length) * m.dispersion) };
}

function farringtonAt(counts: readonly number[], days: readonly number[] | undefined, frequency: number, c: FarringtonControl, k: number): DetectionPoint {
  const observed = counts[k - 1]!;
  const na: DetectionPoint = { t: k, observed, expected: null, upperbound: null, alarm: false };
  const d = glmData(counts, days, frequency, c, k);
  if (!d) return na;
  // Without at least three years a trend is never kept, and R then refits without it: the same
  // model as fitting without a trend straight away, so skip the doomed fit.
  let model = fitModel(d, c.trend && c.b >= 3, c);
  if (!model) return na;
  if (model.trend) {
    const { eta } = predictLink(d, model, c.noPeriods);
    const coef = model.fit.coefficients[1]!;
    const p = tTestPValue(coef / Math.sqrt(model.fit.covUnscaled[1 * model.fit.p + 1]! * model.dispersion), model.fit.dfResidual);
    const keep = p < c.pThresholdTrend && linkinv(eta) <= Math.max(...d.y);
    if (!keep) {
      model = fitModel(d, false, c);
      if (!model) return na;
    }
  }
  const { eta, se } = predictLink(d, model, c.noPeriods);
  const phi = model.phi;
  const z = qnorm(1 - c.alpha);
  let upper: number;
  let predFit: number;
  if (c.thresholdMethod === 'delta') {
    const mu0 = linkinv(eta);
    predFit = mu0;
    const seResponse = se * mu0;
    const tau = phi + (seResponse * seResponse) / mu0;
    const [sdT, e] =
      c.powertrans === 'none'
        ? [Math.sqrt(mu0 * tau), 1]
        : c.powertrans === '1/2'
          ? [Math.sqrt(tau / 4), 1 / 2]
          : [Math.sqrt((4 / 9) * Math.pow(mu0, 1 / 3) * tau), 2 / 3];
    const a = Math.pow(Math.pow(mu0, e) - z * sdT, 1 / e);
    const bnd = Math.pow(Math.pow(mu0, e) + z * sdT, 1 / e);
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

/** y^(2/3) for small counts, computed once (the Anscombe residual of every fit needs it). */
const TWO_THIRDS = Float64Array.from({ length: 4096 }, (_, y) => Math.pow(y, 2 / 3));
const pow23 = (y: number) => (y < 4096 ? TWO_THIRDS[y]! : Math.pow(y, 2 / 3));

/** R's anscombe.residuals + algo.farrington.assign.weights. */
function anscombeWeights(y: Float64Array, fit: GlmFit, phi: number, threshold: number): Float64Array {
  const n = y.length;
  const s = new Float64Array(n);
  let denom = 0;
  for (let i = 0; i < n; i++) {
    const mu = fit.fitted[i]!;
    const a = 1.5 * (pow23(y[i]!) * Math.pow(mu, -1 / 6) - Math.sqrt(mu));
    const si = a / Math.sqrt(phi * (1 - fit.hat[i]!));
    s[i] = si;
    denom += si > threshold ? 1 / (si * si) : 1;
  }
  const gamma = n / denom;
  for (let i = 0; i < n; i++) {
    const si = s[i]!;
    s[i] = si > threshold ? gamma / (si * si) : gamma;
  }
  return s;
}

/**
 * R's fitGLM.flexible stores the Anscombe weights in model$weights after the refit, where
 * summary.glm expects the working weights; so the dispersion that predict.glm (standard errors)
 * and the trend's t test then use is Σ ω·((y − μ)/μ)² / df, not the Pearson statistic. Reproduced
 * on purpose: that is what R's thresholds are made of.
 */
function quirkDispersion(y: Float64Array, fit: GlmFit, omega: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    if (!(omega[i]! > 0)) continue;
    const r = (y[i]! - fit.fitted[i]!) / fit.fitted[i]!;
    s += omega[i]! * r * r;
  }
  return fit.dfResidual > 0 ? s / fit.dfResidual : NaN;
}
