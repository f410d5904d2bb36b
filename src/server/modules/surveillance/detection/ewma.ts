import { ptUpper, qt } from './special';
import { type DetectionPoint, type Range } from './types';

/**
 * ESSENCE's EWMA. R's surveillance package has none; the reference followed is the CDC NSSP
 * package Rnssp (`alert_ewma` / `ewma_loop`, R/alert_ewma.R, github.com/CDCgov/Rnssp), which
 * reproduces ESSENCE: two EWMAs (w1 for gradual, w2 for sudden rises) of the counts, each compared
 * with the mean and sd of a baseline of 7 growing to B periods that ends g periods (the guard band)
 * before the current one; sigma corrected for the EWMA's variance and floored; a one-sided Student
 * t test with n − 1 df; smoothed values beyond the 1 % limit are pulled back to it (so outbreaks do
 * not inflate later values). Burkom (2005), "Accessible alerting algorithms for biosurveillance".
 * The alarm is the smaller p-value below `alpha` (0.01, ESSENCE's red alert). The upperbound is the
 * smallest count that would give that alarm (derived here: R has no such output; it is
 * min_j (expected + t_{1−α}·σ_j − (1 − w_j)·z_j(t−1)) / w_j).
 */
export interface EwmaControl {
  range: Range;
  B: number;
  g: number;
  w1: number;
  w2: number;
  alpha: number;
}

const MIN_BASELINE = 7;

/** The first period Rnssp can test: after 7 baseline periods and the guard band. */
export function ewmaFirstPeriod(g: number): number {
  return MIN_BASELINE + g + 1;
}

export function ewma(observed: ArrayLike<number>, control: EwmaControl): DetectionPoint[] {
  const { B, g, w1, w2, alpha, range } = control;
  const out: DetectionPoint[] = [];
  let z1 = observed[0]!;
  let z2 = z1;
  for (let i = 2; i <= MIN_BASELINE + g; i++) {
    z1 = w1 * observed[i - 1]! + (1 - w1) * z1;
    z2 = w2 * observed[i - 1]! + (1 - w2) * z2;
  }
  const corrections = new Map<number, [number, number]>();
  const correction = (n: number): [number, number] => {
    let c = corrections.get(n);
    if (!c) {
      const f = (w: number) => Math.sqrt(w / (2 - w) + 1 / n - 2 * Math.pow(1 - w, g + 1) * ((1 - Math.pow(1 - w, n)) / n));
      c = [f(w1), f(w2)];
      corrections.set(n, c);
    }
    return c;
  };
  for (let i = MIN_BASELINE + g + 1; i <= range[1]; i++) {
    const n = Math.min(i - g - 1, B);
    const from = i - g - n; // 1-based first baseline period
    let sum = 0;
    for (let j = from; j < from + n; j++) sum += observed[j - 1]!;
    const expected = sum / n;
    let ss = 0;
    for (let j = from; j < from + n; j++) ss += (observed[j - 1]! - expected) ** 2;
    const sigma = Math.sqrt(ss / (n - 1));
    const df = n - 1;
    const uclAlert = round5(qt(0.99, df));
    const uclWarning = round5(qt(0.95, df));
    const [c1, c2] = correction(n);
    const minSigma = (w: number) => (w / uclWarning) * (0.01 + 0.05 * (1 - w) ** 2);
    const constant = (w: number) => (0.1289 - (0.2414 - 0.1826 * (1 - w) ** 4) * Math.log(10 * 0.05)) * (w / uclWarning);
    const sigma1 = Math.max(minSigma(w1), sigma * c1 + constant(w1));
    const sigma2 = Math.max(minSigma(w2), sigma * c2 + constant(w2));
    const y = observed[i - 1]!;
    const prev1 = z1;
    const prev2 = z2;
    z1 = w1 * y + (1 - w1) * z1;
    z2 = w2 * y + (1 - w2) * z2;
    const stat1 = (z1 - expected) / sigma1;
    const stat2 = (z2 - expected) / sigma2;
    if (Math.abs(stat1) > uclAlert) z1 = expected + Math.sign(stat1) * uclAlert * sigma1;
    if (Math.abs(stat2) > uclAlert) z2 = expected + Math.sign(stat2) * uclAlert * sigma2;
    if (i < range[0]) continue;
    const p = Math.min(ptUpper(stat1, df), ptUpper(stat2, df));
    const q = qt(1 - alpha, df);
    const upper = Math.min((expected + q * sigma1 - (1 - w1) * prev1) / w1, (expected + q * sigma2 - (1 - w2) * prev2) / w2);
    out.push({ t: i, observed: y, expected, upperbound: upper, alarm: p < alpha });
  }
  return out;
}

/** R's round(x, 5) for the positive quantiles used here. */
function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}
