/* eslint-disable no-loss-of-precision -- AS 241 and Lanczos coefficients are kept digit for digit as published. */
/**
 * Special functions and distributions the detectors need, written here because no statistics
 * package is installed (no npm install on this project without the lead's say). Each follows a
 * published algorithm and is checked against R's values in special.spec.ts:
 * - qnorm: Wichura (1988), AS 241 (PPND16) — the algorithm R's qnorm uses.
 * - lgamma: Lanczos (g = 7, n = 9), relative error about 1e-15 for x > 0.
 * - regularized incomplete gamma: series / Lentz continued fraction (Numerical Recipes §6.2).
 * - regularized incomplete beta: Lentz continued fraction (Numerical Recipes §6.4).
 * - discrete quantiles (Poisson, negative binomial): the smallest y with F(y) ≥ p, searched from a
 *   Cornish–Fisher start, with R's left-continuity fuzz.
 */

const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITER = 100_000;

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0. */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Standard normal quantile (AS 241). */
export function qnorm(p: number, mean = 0, sd = 1): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  let r: number;
  let val: number;
  if (Math.abs(q) <= 0.425) {
    r = 0.180625 - q * q;
    val =
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r + 13731.693765509461125) * r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r + 5394.1960214247511077) * r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1);
    return mean + sd * val;
  }
  r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    val =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  if (q < 0) val = -val;
  return mean + sd * val;
}

/** Regularized lower incomplete gamma P(a, x). */
export function pgammaLower(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), without cancellation in the tail. */
export function pgammaUpper(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

function gammaSeries(a: number, x: number): number {
  let ap = a;
  let sum = 1 / a;
  let del = sum;
  for (let n = 0; n < MAX_ITER; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - lgamma(a));
}

function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - lgamma(a)) * h;
}

/** Gamma distribution CDF with shape and scale, as R's pgamma(q, shape, scale = scale). */
export function pgamma(q: number, shape: number, scale: number): number {
  if (q <= 0) return 0;
  return pgammaLower(shape, q / scale);
}

/** Gamma quantile (R's qgamma(p, shape, scale = scale)): Wilson–Hilferty start, then Newton/bisection on pgamma. */
export function qgamma(p: number, shape: number, scale: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return Infinity;
  const z = qnorm(p);
  const c = 1 / (9 * shape);
  let x = Math.max(shape * Math.pow(1 - c + z * Math.sqrt(c), 3), 1e-12);
  let lo = 0;
  let hi = Infinity;
  const logNorm = lgamma(shape);
  for (let i = 0; i < 200; i++) {
    const f = pgammaLower(shape, x) - p;
    if (f < 0) lo = x;
    else hi = x;
    const density = Math.exp((shape - 1) * Math.log(x) - x - logNorm);
    let next = x - f / density;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = hi === Infinity ? x * 2 : (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-15 * x) {
      x = next;
      break;
    }
    x = next;
  }
  return x * scale;
}

/** Regularized incomplete beta I_x(a, b). */
export function pbeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Two-sided p-value of a t statistic with df degrees of freedom: 2·pt(−|t|, df). */
export function tTestPValue(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0;
  return pbeta(df / (df + t * t), df / 2, 0.5);
}

/** Poisson CDF P(X ≤ x). */
export function ppois(x: number, lambda: number): number {
  if (x < 0) return 0;
  if (lambda === 0) return 1;
  return pgammaUpper(Math.floor(x) + 1, lambda);
}

/** Negative binomial CDF P(X ≤ x) with R's (size, prob) parametrisation. */
export function pnbinom(x: number, size: number, prob: number): number {
  if (x < 0) return 0;
  if (prob === 1 || size === 0) return 1;
  return pbeta(prob, size, Math.floor(x) + 1);
}

/** R's quantile search for a discrete distribution: smallest integer y ≥ 0 with F(y) ≥ p (fuzzed as R does). */
function discreteQuantile(p: number, mean: number, sd: number, skew: number, cdf: (y: number) => number): number {
  if (Number.isNaN(p) || Number.isNaN(mean)) return NaN;
  if (p <= 0) return 0;
  if (p >= 1) return Infinity;
  const z = qnorm(p);
  let y = Math.max(0, Math.round(mean + sd * (z + (skew * (z * z - 1)) / 6)));
  // R fuzzes p so that F(y) ≈ p by rounding still gives y (left continuity).
  const target = p * (1 - 64 * Number.EPSILON);
  if (cdf(y) >= target) {
    while (y > 0 && cdf(y - 1) >= target) y--;
  } else {
    while (cdf(y) < target) y++;
  }
  return y;
}

/** qpois(p, lambda). */
export function qpois(p: number, lambda: number): number {
  if (lambda === 0) return 0;
  const sd = Math.sqrt(lambda);
  return discreteQuantile(p, lambda, sd, 1 / sd, (y) => ppois(y, lambda));
}

/** qnbinom(p, size, prob). */
export function qnbinom(p: number, size: number, prob: number): number {
  if (prob === 1 || size === 0) return 0;
  const q = 1 - prob;
  const mean = (size * q) / prob;
  const sd = Math.sqrt((size * q) / (prob * prob));
  return discreteQuantile(p, mean, sd, (1 + q) / (prob * sd), (y) => pnbinom(y, size, prob));
}

/** Student t upper tail P(T > t). */
export function ptUpper(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  const tail = 0.5 * pbeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? tail : 1 - tail;
}

/** Student t quantile (R's qt(p, df)), by safeguarded Newton on ptUpper. */
export function qt(p: number, df: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p === 0.5) return 0;
  if (p < 0.5) return -qt(1 - p, df);
  const logC = lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  let x = qnorm(p);
  let lo = 0;
  let hi = Infinity;
  for (let i = 0; i < 200; i++) {
    const f = 1 - p - ptUpper(x, df); // increasing in x
    if (f < 0) lo = x;
    else hi = x;
    const dens = Math.exp(logC - ((df + 1) / 2) * Math.log1p((x * x) / df));
    let next = x - f / dens;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = hi === Infinity ? Math.max(2 * x, 1) : (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-14 * Math.abs(x)) return next;
    x = next;
  }
  return x;
}
