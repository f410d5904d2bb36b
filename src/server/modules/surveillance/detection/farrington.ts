import { glmPoissonLog, linkinv, quadForm, type GlmFit } from './glm';
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
  if (!days) return Array.from({ length: b + 1 }, (_, i) => k - i * frequency);
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

/** Seasonal blocks (R's blocks()): factor level per period, 0 = not used. Indices are 1-based. */
function blocks(refs: readonly number[], k: number, w: number, p: number, n: number): Int32Array {
  const f = new Int32Array(n + 1);
  for (let i = k - w; i <= k; i++) if (i >= 1) f[i] = p;
  for (let i = 1; i < refs.length; i++) {
    const ref = refs[i]!;
    for (let j = ref - w; j <= ref + w; j++) if (j >= 1) f[j] = p;
    if (p === 1) continue;
    const period = refs[i - 1]! - 2 * w - 1 - ref;
    if (period < p - (2 * w + 1)) throw new Error('Number of factors too big!');
    const len = Math.floor(period / (p - 1));
    const rest = period % (p - 1);
    let start = ref + w + 1;
    for (let j = 1; j < p; j++) {
      const l = len + (j <= rest ? 1 : 0);
      for (let x = start; x < start + l; x++) f[x] = j;
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

function farringtonAt(counts: readonly number[], days: readonly number[] | undefined, frequency: number, c: FarringtonControl, k: number): DetectionPoint {
  const observed = counts[k - 1]!;
  const na: DetectionPoint = { t: k, observed, expected: null, upperbound: null, alarm: false };
  const refs = referencePeriods(k, c.b, frequency, days);
  const f = blocks(refs, k, c.w, c.noPeriods, counts.length);
  const past = c.pastWeeksNotIncluded ?? c.w;
  const rows: number[] = [];
  for (let i = 1; i <= counts.length; i++) if (f[i]! > 0 && !(i >= k - past && i <= k)) rows.push(i);
  if (rows.length === 0) return na;
  const step = days && days.length > 1 ? days[1]! - days[0]! : 1;
  const wtimeOf = (i: number) => (days ? (days[i - 1]! - days[rows[0]! - 1]!) / step : i);
  const levels = [...new Set(rows.map((i) => f[i]!))].sort((a, b) => a - b);
  const y = Float64Array.from(rows, (i) => counts[i - 1]!);
  const design = (trend: boolean) => {
    const cols = [new Float64Array(rows.length).fill(1)];
    if (trend) cols.push(Float64Array.from(rows, wtimeOf));
    for (const level of levels.slice(1)) cols.push(Float64Array.from(rows, (i) => (f[i] === level ? 1 : 0)));
    return cols;
  };
  const x0 = (trend: boolean) => {
    const x = [1];
    if (trend) x.push(days ? (days[k - 1]! - days[rows[0]! - 1]!) / step : k);
    for (const level of levels.slice(1)) x.push(level === c.noPeriods ? 1 : 0);
    return x;
  };
  const fitModel = (trend: boolean): Model | null => {
    let t = trend;
    let fit = glmPoissonLog(design(t), y);
    if (!fit.converged) {
      if (t) {
        t = false;
        fit = glmPoissonLog(design(t), y);
      }
      if (!fit.converged) return null;
    }
    let phi = Number.isNaN(fit.dispersion) ? NaN : Math.max(fit.dispersion, 1);
    if (!c.reweight) return { fit, phi, trend: t, dispersion: fit.dispersion };
    const omega = anscombeWeights(y, fit, phi, c.weightsThreshold);
    fit = glmPoissonLog(design(t), y, omega);
    phi = Number.isNaN(fit.dispersion) ? NaN : Math.max(fit.dispersion, 1);
    return { fit, phi, trend: t, dispersion: quirkDispersion(y, fit, omega) };
  };
  const predictLink = (m: Model) => {
    const x = x0(m.trend);
    let eta = 0;
    for (let j = 0; j < x.length; j++) eta += x[j]! * m.fit.coefficients[j]!;
    const se = Math.sqrt(quadForm(m.fit.covUnscaled, x, x.length) * m.dispersion);
    return { eta, se };
  };

  // Without at least three years a trend is never kept, and R then refits without it: the same
  // model as fitting without a trend straight away, so skip the doomed fit.
  let model = fitModel(c.trend && c.b >= 3);
  if (!model) return na;
  if (model.trend) {
    const { eta } = predictLink(model);
    const coef = model.fit.coefficients[1]!;
    const p = tTestPValue(coef / Math.sqrt(model.fit.covUnscaled[1 * model.fit.p + 1]! * model.dispersion), model.fit.dfResidual);
    const keep = p < c.pThresholdTrend && linkinv(eta) <= Math.max(...y);
    if (!keep) {
      model = fitModel(false);
      if (!model) return na;
    }
  }
  const { eta, se } = predictLink(model);
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

/** R's anscombe.residuals + algo.farrington.assign.weights. */
function anscombeWeights(y: Float64Array, fit: GlmFit, phi: number, threshold: number): Float64Array {
  const n = y.length;
  const s = new Float64Array(n);
  let denom = 0;
  for (let i = 0; i < n; i++) {
    const mu = fit.fitted[i]!;
    const a = 1.5 * (Math.pow(y[i]!, 2 / 3) * Math.pow(mu, -1 / 6) - Math.sqrt(mu));
    s[i] = a / Math.sqrt(phi * (1 - fit.hat[i]!));
    denom += s[i]! > threshold ? Math.pow(s[i]!, -2) : 1;
  }
  const gamma = n / denom;
  return s.map((si) => (si > threshold ? gamma * Math.pow(si, -2) : gamma));
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
