import { pgamma, qgamma } from './special';

/** One window of EpiEstim's estimate_R answer (its R columns: t_start, t_end, Mean(R), Std(R), Quantile.0.025(R), Median(R), Quantile.0.975(R)). */
export interface RtWindow {
  t_start: number;
  t_end: number;
  mean: number | null;
  sd: number | null;
  q025: number | null;
  median: number | null;
  q975: number | null;
}

export interface RtOptions {
  meanSi: number;
  stdSi: number;
  /** Sliding window length in periods; EpiEstim's default config is 7 (t_start = 2..T−6). */
  window: number;
  /** EpiEstim's gamma prior on R (defaults mean 5, sd 5). */
  meanPrior: number;
  stdPrior: number;
}

/**
 * EpiEstim's discr_si: the discretised gamma serial interval (Cori et al. 2013, Web Appendix 11),
 * w(k) for k = 0..n−1, gamma with mean mu − 1 and sd sigma shifted by one day.
 */
export function discrSi(n: number, mu: number, sigma: number): Float64Array {
  const a = ((mu - 1) / sigma) ** 2;
  const b = sigma ** 2 / (mu - 1);
  const F = (k: number, shape: number) => pgamma(k, shape, b);
  return Float64Array.from({ length: n }, (_, k) => {
    let r = k * F(k, a) + (k - 2) * F(k - 2, a) - 2 * (k - 1) * F(k - 1, a);
    r += a * b * (2 * F(k - 1, a + 1) - F(k - 2, a + 1) - F(k, a + 1));
    return Math.max(0, r);
  });
}

/**
 * EpiEstim `estimate_R(incid, method = "parametric_si")` on sliding windows: as EpiEstim does for
 * a plain vector, the first period's cases are taken as imported (they start the epidemic but are
 * not caused by it); R in each window has a gamma posterior with shape a_prior + Σ local cases and
 * scale 1 / (1/b_prior + Σ Λ), Λ(t) = Σ_s w(s)·I(t−s); windows ending before the serial interval's
 * mean give NA (null).
 */
export function estimateR(incidence: readonly number[], o: RtOptions): RtWindow[] {
  const T = incidence.length;
  const w = discrSi(T, o.meanSi, o.stdSi);
  let finalMeanSi = 0;
  for (let k = 0; k < T; k++) finalMeanSi += w[k]! * k;
  const aPrior = (o.meanPrior / o.stdPrior) ** 2;
  const bPrior = o.stdPrior ** 2 / o.meanPrior;
  // Λ(t) for t = 2..T (1-based); all cases (local and imported) infect.
  const lambda = new Float64Array(T + 1);
  for (let t = 2; t <= T; t++) {
    let s = 0;
    for (let j = 0; j < t; j++) s += w[j]! * incidence[t - j - 1]!;
    lambda[t] = s;
  }
  const local = (t: number) => (t === 1 ? 0 : incidence[t - 1]!);
  const out: RtWindow[] = [];
  for (let start = 2; start + o.window - 1 <= T; start++) {
    const end = start + o.window - 1;
    if (!(end > finalMeanSi)) {
      out.push({ t_start: start, t_end: end, mean: null, sd: null, q025: null, median: null, q975: null });
      continue;
    }
    let cases = 0;
    let infectivity = 0;
    for (let t = start; t <= end; t++) {
      cases += local(t);
      infectivity += lambda[t]!;
    }
    const shape = aPrior + cases;
    const scale = 1 / (1 / bPrior + infectivity);
    out.push({
      t_start: start,
      t_end: end,
      mean: shape * scale,
      sd: Math.sqrt(shape) * scale,
      q025: qgamma(0.025, shape, scale),
      median: qgamma(0.5, shape, scale),
      q975: qgamma(0.975, shape, scale),
    });
  }
  return out;
}
