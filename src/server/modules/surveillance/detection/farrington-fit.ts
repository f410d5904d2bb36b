/**
 * farringtonFlexible's model at one time point (R's algo.farrington.fitGLM.flexible): the GLM's data,
 * the fit with its Anscombe reweighting, and the dispersion R's thresholds are made of. The usual
 * model y ~ 1 is fitted on scalars into buffers reused across the run.
 */
import { fitIntercept, glmPoissonLog, type GlmFit } from './glm';
import type { FarringtonControl } from './farrington';

export interface Model {
  coefficients: ArrayLike<number>;
  /** summary.glm's cov.unscaled, p×p row-major. */
  covUnscaled: ArrayLike<number>;
  p: number;
  dfResidual: number;
  phi: number;
  trend: boolean;
  /** What summary.glm reports as dispersion for R's returned model (see quirkDispersion). */
  dispersion: number;
}

/** The GLM's data at one time point: the rows R's algo.farrington.data.glm keeps. */
export interface GlmData {
  y: Float64Array;
  /** The rows' periods (1-based), oldest first; wtime follows from them. */
  rows: Int32Array;
  /** Seasonal block of each row (1..noPeriods); null when every row is in block 1. */
  level: Int32Array | null;
  /** The levels present, ascending (the first is the factor's reference level). */
  levels: readonly number[];
  days: readonly number[] | undefined;
  k: number;
}

/** R's wtime of period i: periods since the first row (in steps of the dates, when there are dates). */
export function wtimeOf(d: GlmData, i: number): number {
  if (!d.days) return i;
  const step = d.days.length > 1 ? d.days[1]! - d.days[0]! : 1;
  return (d.days[i - 1]! - d.days[d.rows[0]! - 1]!) / step;
}

/** Columns of the model matrix of response ~ 1 (+ wtime) (+ seasgroups), treatment contrasts. */
export function design(d: GlmData, trend: boolean): Float64Array[] {
  const cols: Float64Array[] = [new Float64Array(d.y.length).fill(1)];
  if (trend) cols.push(Float64Array.from(d.rows, (i) => wtimeOf(d, i)));
  for (let j = 1; j < d.levels.length; j++) {
    const l = d.levels[j]!;
    cols.push(Float64Array.from(d.level!, (v) => (v === l ? 1 : 0)));
  }
  return cols;
}

/** Buffers for the intercept-only fits of one run, grown as needed (no allocation per period). */
export interface Scratch {
  w: Float64Array;
  omega: Float64Array;
  rows: Int32Array;
}

export function buffers(s: Scratch, n: number): Scratch {
  if (s.w.length < n) {
    s.w = new Float64Array(2 * n);
    s.omega = new Float64Array(2 * n);
  }
  return s;
}

export function phiOf(dispersion: number): number {
  return Number.isNaN(dispersion) ? NaN : Math.max(dispersion, 1);
}

/** R's algo.farrington.fitGLM.flexible: fit, fall back to no trend if it does not converge, reweight. */
export function fitModel(d: GlmData, trend: boolean, c: FarringtonControl, scratch: Scratch): Model | null {
  if (!trend && d.levels.length === 1) return fitInterceptModel(d.y, c, buffers(scratch, d.y.length));
  let t = trend;
  let fit = glmPoissonLog(design(d, t), d.y);
  if (!fit.converged) {
    if (t) {
      t = false;
      if (d.levels.length === 1) return fitInterceptModel(d.y, c, buffers(scratch, d.y.length));
      fit = glmPoissonLog(design(d, t), d.y);
    }
    if (!fit.converged) return null;
  }
  if (!c.reweight) return glmModel(fit, t, fit.dispersion);
  const omega = anscombeWeights(d.y, fit.fitted, fit.hat, phiOf(fit.dispersion), c.weightsThreshold, new Float64Array(d.y.length));
  fit = glmPoissonLog(design(d, t), d.y, omega);
  return glmModel(fit, t, quirkDispersion(d.y, fit.fitted, omega, fit.dfResidual));
}

function glmModel(fit: GlmFit, trend: boolean, dispersion: number): Model {
  const { coefficients, covUnscaled, p, dfResidual } = fit;
  return { coefficients, covUnscaled, p, dfResidual, phi: phiOf(fit.dispersion), trend, dispersion };
}

/** The same for y ~ 1, on scalars: one mu for every period, hat_i = w_i / Σw. */
export function fitInterceptModel(y: Float64Array, c: FarringtonControl, s: Scratch): Model | null {
  const n = y.length;
  let fit = fitIntercept(y, n, undefined, s.w);
  if (!fit.converged) return null;
  let dispersion = fit.dispersion;
  if (c.reweight) {
    const omega = anscombeIntercept(y, fit.mu, s.w, fit.sumW, phiOf(fit.dispersion), c.weightsThreshold, s.omega);
    fit = fitIntercept(y, n, omega, s.w);
    dispersion = quirkDispersionAt(y, n, fit.mu, omega, fit.dfResidual);
  }
  return { coefficients: [fit.eta], covUnscaled: [1 / fit.sumW], p: 1, dfResidual: fit.dfResidual, phi: phiOf(fit.dispersion), trend: false, dispersion };
}

/** y^(2/3) for small counts, computed once (the Anscombe residual of every fit needs it). */
const TWO_THIRDS = Float64Array.from({ length: 4096 }, (_, y) => Math.pow(y, 2 / 3));
const pow23 = (y: number) => (y < 4096 ? TWO_THIRDS[y]! : Math.pow(y, 2 / 3));

/** R's anscombe.residuals + algo.farrington.assign.weights, into `out`. */
function anscombeWeights(y: Float64Array, fitted: ArrayLike<number>, hat: ArrayLike<number>, phi: number, threshold: number, out: Float64Array): Float64Array {
  const n = y.length;
  let denom = 0;
  for (let i = 0; i < n; i++) {
    const mu = fitted[i]!;
    const a = 1.5 * (pow23(y[i]!) * Math.pow(mu, -1 / 6) - Math.sqrt(mu));
    const si = a / Math.sqrt(phi * (1 - hat[i]!));
    out[i] = si;
    denom += si > threshold ? 1 / (si * si) : 1;
  }
  return assignWeights(out, n, denom, threshold);
}

/** The same for y ~ 1: mu's powers once, hat_i = w_i / Σw. */
function anscombeIntercept(y: Float64Array, mu: number, w: Float64Array, sumW: number, phi: number, threshold: number, out: Float64Array): Float64Array {
  const n = y.length;
  const muPow = Math.pow(mu, -1 / 6);
  const muSqrt = Math.sqrt(mu);
  let denom = 0;
  for (let i = 0; i < n; i++) {
    const a = 1.5 * (pow23(y[i]!) * muPow - muSqrt);
    const si = a / Math.sqrt(phi * (1 - w[i]! / sumW));
    out[i] = si;
    denom += si > threshold ? 1 / (si * si) : 1;
  }
  return assignWeights(out, n, denom, threshold);
}

/** Standardised residuals s (in place) to weights: 1/s² above the threshold, 1 below, scaled to mean 1. */
function assignWeights(s: Float64Array, n: number, denom: number, threshold: number): Float64Array {
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
function quirkDispersion(y: Float64Array, fitted: ArrayLike<number>, omega: Float64Array, dfResidual: number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    if (!(omega[i]! > 0)) continue;
    const r = (y[i]! - fitted[i]!) / fitted[i]!;
    s += omega[i]! * r * r;
  }
  return dfResidual > 0 ? s / dfResidual : NaN;
}

/** quirkDispersion with one fitted mu. */
function quirkDispersionAt(y: Float64Array, n: number, mu: number, omega: Float64Array, dfResidual: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (!(omega[i]! > 0)) continue;
    const r = (y[i]! - mu) / mu;
    s += omega[i]! * r * r;
  }
  return dfResidual > 0 ? s / dfResidual : NaN;
}
