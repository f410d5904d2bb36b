import { qnorm } from './special';
import { finiteOrNull, meanSd, type DetectionPoint, type Range } from './types';

/** R's `surveillance::earsC` control (the names are R's). */
export interface EarsControl {
  method: 'C1' | 'C2' | 'C3';
  baseline: number;
  minSigma: number;
  /** R's default depends on the method: 0.001 for C1 and C2, 0.025 for C3 (when alpha is not given). */
  alpha?: number;
  range: Range;
}

/** How many periods before the first monitored one each method reads (R's maxLag). */
export function earsPeriodsNeeded(method: EarsControl['method'], baseline: number): number {
  return method === 'C1' ? baseline : method === 'C2' ? baseline + 2 : baseline + 4;
}

/**
 * EARS C1, C2, C3 as `surveillance::earsC` computes them (R/earsC.R):
 * C1 compares period t with the mean and sd of the `baseline` periods just before it, C2 with those
 * ending 3 periods before (a 2-period guard band), C3 adds the two previous C2 exceedances to C2's
 * statistic and turns it into a threshold on the observed count, with R's own formula (including its
 * use of the current period's C2 baseline sd). The expected value is the baseline mean (R keeps it
 * implicit; C3 uses C2's baseline).
 */
export function earsC(observed: ArrayLike<number>, control: EarsControl): DetectionPoint[] {
  const { method, baseline, minSigma, range } = control;
  const alpha = control.alpha ?? (method === 'C3' ? 0.025 : 0.001);
  const z = qnorm(1 - alpha);
  // Baseline of period t (1-based): C1 reads t-baseline..t-1, C2 and C3 read t-baseline-2..t-3.
  const lag = method === 'C1' ? 0 : 2;
  const baselineOf = (t: number) => meanSd(observed, t - 1 - lag - baseline, t - 1 - lag);
  const out: DetectionPoint[] = [];
  if (method !== 'C3') {
    for (let t = range[0]; t <= range[1]; t++) {
      const { mean, sd } = baselineOf(t);
      const upper = mean + z * Math.max(sd, minSigma);
      out.push(point(t, observed[t - 1]!, mean, upper));
    }
    return out;
  }
  // C3: the C2 statistic of t-2 and t-1 feeds period t's threshold.
  const c2 = (t: number) => {
    const { mean, sd } = baselineOf(t);
    return (observed[t - 1]! - mean) / Math.max(sd, minSigma);
  };
  let lag2 = c2(range[0] - 2);
  let lag1 = c2(range[0] - 1);
  for (let t = range[0]; t <= range[1]; t++) {
    const { mean, sd } = baselineOf(t);
    const x = observed[t - 1]!;
    const part = Math.max(0, lag2 - 1) + Math.max(0, lag1 - 1);
    const upper = Math.max(0, x + Math.max(sd, minSigma) * (z - part));
    out.push(point(t, x, mean, upper));
    lag2 = lag1;
    lag1 = (x - mean) / Math.max(sd, minSigma);
  }
  return out;
}

function point(t: number, observed: number, expected: number, upper: number): DetectionPoint {
  // R: alarm <- observed > upperbound, NA (here false) when the bound is NaN.
  return { t, observed, expected: finiteOrNull(expected), upperbound: finiteOrNull(upper), alarm: observed > upper };
}
