/** One monitored period of a detector's answer, as R's sts slots give it (1-based t, as R's range). */
export interface DetectionPoint {
  t: number;
  observed: number;
  /** The baseline the period is compared with (null where R gives NA). */
  expected: number | null;
  /** The alarm threshold on the observed count (null where R gives NA). */
  upperbound: number | null;
  /** R's alarm slot; R's NA (no threshold could be computed) is false: no alarm without a threshold. */
  alarm: boolean;
}

/** A count series: one count per period, period 1 first; dates (YYYY-MM-DD) optional, as an sts with epochAsDate. */
export interface Series {
  counts: readonly number[];
  dates?: readonly string[];
  /** Periods per year: 52 (weekly) or 365 (daily), R's sts `frequency`. */
  frequency: 52 | 365;
}

/** The monitored periods [from, to], 1-based inclusive, as R's control$range. */
export type Range = readonly [number, number];

/** Sample mean and standard deviation (n − 1 denominator, as R's sd) of values[from..to) . */
export function meanSd(values: ArrayLike<number>, from: number, to: number): { mean: number; sd: number } {
  const n = to - from;
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = from; i < to; i++) {
    const d = values[i]! - mean;
    ss += d * d;
  }
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN };
}

/** R's numeric NA/NaN/±Inf become null in answers (JSON has no NaN). */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
