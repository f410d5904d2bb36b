import { glmPoissonLog } from './glm';
import { type DetectionPoint, type Range } from './types';

/** R's `surveillance::cusum` control (algo.cusum). "anscombeNegBin" is not offered (R interpolates a tabulated 2F1). */
export interface CusumControl {
  range: Range;
  k: number;
  h: number;
  /** null: mean of the periods before range; a number; or "glm": a seasonal Poisson GLM on those periods. */
  m: number | 'glm' | null;
  trans: 'standard' | 'rossi' | 'anscombe' | 'anscombe2nd' | 'pearsonNegBin' | 'none';
  /** Overdispersion of "pearsonNegBin" (R's default 0.1). */
  alpha: number;
}

/**
 * Poisson CUSUM as R's algo.cusum (R/algo_cusum.R): standardise each monitored count with the
 * in-control mean m, accumulate max(0, C + z − k), alarm when C ≥ h; the upperbound is the count
 * that would reach h given the previous sum, back-transformed as R does (ceiling for "standard").
 * `initial` is the sum before range[0] (R: 0), so that one new day continues yesterday's run.
 */
export function cusum(observed: ArrayLike<number>, frequency: number, control: CusumControl, initial = 0): DetectionPoint[] {
  const { range, k, h, trans, alpha } = control;
  const len = range[1] - range[0] + 1;
  const ms = inControlMean(observed, frequency, control);
  const out: DetectionPoint[] = [];
  // R starts the sum at 0 before range[0]; a nightly run continues from the stored sum instead.
  let prev = initial;
  for (let j = 0; j < len; j++) {
    const t = range[0] + j;
    const x = observed[t - 1]!;
    const m = ms[j]!;
    const z = standardise(x, m, trans, alpha);
    const next = Math.max(0, prev + (z - k));
    let upper = bound(m, prev, next, h, k, trans, alpha);
    if (Number.isNaN(upper) || upper < 0) upper = 0;
    out.push({ t, observed: x, expected: Number.isFinite(m) ? m : null, upperbound: upper, alarm: next >= h });
    prev = next;
  }
  return out;
}

function inControlMean(observed: ArrayLike<number>, frequency: number, c: CusumControl): Float64Array {
  const len = c.range[1] - c.range[0] + 1;
  if (typeof c.m === 'number') return new Float64Array(len).fill(c.m);
  const training = c.range[0] - 1;
  if (c.m === null) {
    let s = 0;
    for (let i = 0; i < training; i++) s += observed[i]!;
    return new Float64Array(len).fill(s / training);
  }
  // x ~ 1 + cos(2πt/p) + sin(2πt/p) on t = 1..range[0]-1 (R's t = start[2] + index − 1, start = c(…, 1)).
  const w = (2 * Math.PI) / frequency;
  const ts = Float64Array.from({ length: training }, (_, i) => i + 1);
  const fit = glmPoissonLog(
    [new Float64Array(training).fill(1), ts.map((t) => Math.cos(w * t)), ts.map((t) => Math.sin(w * t))],
    Float64Array.from({ length: training }, (_, i) => observed[i]!),
  );
  const [b0, b1, b2] = fit.coefficients as unknown as [number, number, number];
  return Float64Array.from({ length: len }, (_, j) => {
    const t = c.range[0] + j;
    return Math.exp(b0 + b1 * Math.cos(w * t) + b2 * Math.sin(w * t));
  });
}

function standardise(x: number, m: number, trans: CusumControl['trans'], alpha: number): number {
  switch (trans) {
    case 'rossi':
      return (x - 3 * m + 2 * Math.sqrt(x * m)) / (2 * Math.sqrt(m));
    case 'standard':
      return (x - m) / Math.sqrt(m);
    case 'anscombe':
      return (1.5 * (Math.pow(x, 2 / 3) - Math.pow(m, 2 / 3))) / Math.pow(m, 1 / 6);
    case 'anscombe2nd':
      return (Math.pow(x, 2 / 3) - (Math.pow(m, 2 / 3) - Math.pow(m, -1 / 3) / 9)) / ((2 / 3) * Math.pow(m, 1 / 6));
    case 'pearsonNegBin':
      return (x - m) / Math.sqrt(m + alpha * m * m);
    case 'none':
      return x;
  }
}

function bound(m: number, prev: number, next: number, h: number, k: number, trans: CusumControl['trans'], alpha: number): number {
  const r = Math.sqrt(m);
  switch (trans) {
    case 'rossi':
      return (
        2 * h * r +
        2 * k * r -
        2 * prev * r +
        5 * m -
        2 * Math.sqrt(4 * m * m + 2 * Math.pow(m, 1.5) * h + 2 * Math.pow(m, 1.5) * k - 2 * Math.pow(m, 1.5) * prev)
      );
    case 'standard':
      return Math.ceil(r * (h + k - prev) + m);
    case 'anscombe': {
      const v = (2 / 3) * Math.pow(m, 1 / 6) * (h + k - prev) + Math.pow(m, 2 / 3);
      return v < 0 ? 0 : Math.pow(v, 1.5);
    }
    case 'anscombe2nd': {
      const v = (2 / 3) * Math.pow(m, 1 / 6) * (h + k - prev) + (Math.pow(m, 2 / 3) - Math.pow(m, 1 / 3) / 9);
      return v < 0 ? 0 : Math.pow(v, 1.5);
    }
    case 'pearsonNegBin':
      return Math.sqrt(m + alpha * m * m) * (h + k - prev) + m;
    case 'none':
      return h - next;
  }
}
