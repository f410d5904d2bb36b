/**
 * Poisson / quasi-Poisson GLM with log link fitted by iteratively reweighted least squares, step for
 * step as R's glm.fit does it (start mu = y + 0.1, mu floored at machine epsilon, convergence when
 * |dev − dev_old| / (|dev| + 0.1) < 1e-8, at most 25 iterations, step halving on a non-finite
 * deviance), so that coefficients, dispersion, hat values and prediction standard errors agree with
 * R's glm / summary.glm / predict.glm / hatvalues to rounding. Each weighted least-squares step is a
 * Householder QR (R uses LINPACK's dqrdc2, the same factorisation without its rank pivoting).
 */

const DBL_EPS = 2.220446049250313e-16;

export interface GlmFit {
  coefficients: Float64Array;
  fitted: Float64Array;
  converged: boolean;
  /** The working weights of the last iteration (R's model$weights), 0 where the prior weight is 0. */
  workingWeights: Float64Array;
  /** (X'WX)^-1 with W the last iteration's working weights (summary.glm's cov.unscaled). */
  covUnscaled: Float64Array;
  /** summary.glm's dispersion for the quasi-Poisson family: Pearson χ² / residual df. */
  dispersion: number;
  dfResidual: number;
  /** Diagonal of the hat matrix (R's hatvalues). */
  hat: Float64Array;
  p: number;
}

/** Fit y ~ X (X column-major, n rows, p columns, the first the intercept's ones). */
export function glmPoissonLog(X: readonly Float64Array[], y: ArrayLike<number>, priorWeights?: ArrayLike<number>, maxit = 25, epsilon = 1e-8): GlmFit {
  const n = y.length;
  const p = X.length;
  if (p === 1) return glmInterceptOnly(y, priorWeights, maxit, epsilon);
  const wPrior = Float64Array.from({ length: n }, (_, i) => (priorWeights ? priorWeights[i]! : 1));
  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    eta[i] = Math.log(y[i]! + 0.1);
    mu[i] = linkinv(eta[i]!);
  }
  let devold = deviance(y, mu, wPrior);
  let coef: Float64Array | null = null;
  let coefold: Float64Array | null = null;
  let converged = false;
  const sqw = new Float64Array(n);
  let qr: Qr | null = null;
  for (let iter = 0; iter < maxit; iter++) {
    // Working response and weights from the current mu (log link: dmu/deta = mu).
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const m = linkinv(eta[i]!);
      const good = wPrior[i]! > 0;
      sqw[i] = good ? Math.sqrt((wPrior[i]! * m * m) / mu[i]!) : 0;
      z[i] = eta[i]! + (y[i]! - mu[i]!) / m;
    }
    qr = householder(X, sqw, n);
    let start = qr.solve(z, sqw);
    let dev = NaN;
    for (let halving = 0; ; halving++) {
      for (let i = 0; i < n; i++) {
        let e = 0;
        for (let j = 0; j < p; j++) e += X[j]![i]! * start[j]!;
        eta[i] = e;
        mu[i] = linkinv(e);
      }
      dev = deviance(y, mu, wPrior);
      if (Number.isFinite(dev)) break;
      if (!coefold || halving >= maxit) throw new Error('glm: no valid set of coefficients');
      const old: Float64Array = coefold;
      start = start.map((s, j) => (s + old[j]!) / 2);
    }
    coef = start;
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      break;
    }
    devold = dev;
    coefold = start;
  }
  if (!qr || !coef) throw new Error('glm: no iteration');
  const workingWeights = sqw.map((s) => s * s);
  const covUnscaled = qr.covUnscaled();
  let pearson = 0;
  let nOk = 0;
  for (let i = 0; i < n; i++) {
    if (wPrior[i]! !== 0) nOk++;
    const w = workingWeights[i]!;
    if (w > 0) {
      const r = (y[i]! - mu[i]!) / linkinv(eta[i]!);
      pearson += w * r * r;
    }
  }
  const dfResidual = nOk - p;
  const hat = new Float64Array(n);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) row[j] = X[j]![i]! * sqw[i]!;
    hat[i] = quadForm(covUnscaled, row, p);
  }
  return {
    coefficients: coef,
    fitted: mu,
    converged,
    workingWeights,
    covUnscaled,
    dispersion: dfResidual > 0 ? pearson / dfResidual : NaN,
    dfResidual,
    hat,
    p,
  };
}

/** x' C x for a symmetric p×p C (row-major). */
export function quadForm(c: ArrayLike<number>, x: ArrayLike<number>, p: number): number {
  let s = 0;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += x[a]! * c[a * p + b]! * x[b]!;
  return s;
}

/** Poisson/quasi-Poisson inverse log link, floored at machine epsilon as R's family does. */
export function linkinv(eta: number): number {
  return Math.max(Math.exp(eta), DBL_EPS);
}

function deviance(y: ArrayLike<number>, mu: Float64Array, w: Float64Array): number {
  let dev = 0;
  for (let i = 0; i < mu.length; i++) dev += unitDeviance(y[i]!, mu[i]!, w[i]!);
  return dev;
}

/** R's poisson()$dev.resids for one observation. */
function unitDeviance(y: number, mu: number, w: number): number {
  return 2 * (y > 0 ? w * (y * Math.log(y / mu) - (y - mu)) : mu * w);
}

interface Qr {
  solve(z: Float64Array, sqw: Float64Array): Float64Array;
  covUnscaled(): Float64Array;
}

/** Householder QR of diag(sqw)·X (n×p, p small). */
function householder(X: readonly Float64Array[], sqw: Float64Array, n: number): Qr {
  const p = X.length;
  const a = X.map((col) => col.map((v, i) => v * sqw[i]!));
  const vs: Float64Array[] = [];
  const betas: number[] = [];
  const r = new Float64Array(p * p);
  for (let k = 0; k < p; k++) {
    const col = a[k]!;
    let norm = 0;
    for (let i = k; i < n; i++) norm += col[i]! * col[i]!;
    norm = Math.sqrt(norm);
    const alpha = col[k]! > 0 ? -norm : norm;
    const v = new Float64Array(n);
    for (let i = k; i < n; i++) v[i] = col[i]!;
    v[k] = v[k]! - alpha;
    let vnorm = 0;
    for (let i = k; i < n; i++) vnorm += v[i]! * v[i]!;
    const beta = vnorm > 0 ? 2 / vnorm : 0;
    vs.push(v);
    betas.push(beta);
    for (let j = k; j < p; j++) {
      const cj = a[j]!;
      let dot = 0;
      for (let i = k; i < n; i++) dot += v[i]! * cj[i]!;
      const f = beta * dot;
      for (let i = k; i < n; i++) cj[i] = cj[i]! - f * v[i]!;
    }
    for (let j = k; j < p; j++) r[k * p + j] = a[j]![k]!;
  }
  const rInv = () => {
    const inv = new Float64Array(p * p);
    for (let j = 0; j < p; j++) {
      inv[j * p + j] = 1 / r[j * p + j]!;
      for (let i = j - 1; i >= 0; i--) {
        let s = 0;
        for (let k = i + 1; k <= j; k++) s += r[i * p + k]! * inv[k * p + j]!;
        inv[i * p + j] = -s / r[i * p + i]!;
      }
    }
    return inv;
  };
  return {
    solve(z, w) {
      const b = z.map((v, i) => v * w[i]!);
      for (let k = 0; k < p; k++) {
        const v = vs[k]!;
        let dot = 0;
        for (let i = k; i < n; i++) dot += v[i]! * b[i]!;
        const f = betas[k]! * dot;
        for (let i = k; i < n; i++) b[i] = b[i]! - f * v[i]!;
      }
      const x = new Float64Array(p);
      for (let i = p - 1; i >= 0; i--) {
        let s = b[i]!;
        for (let j = i + 1; j < p; j++) s -= r[i * p + j]! * x[j]!;
        x[i] = s / r[i * p + i]!;
      }
      return x;
    },
    covUnscaled() {
      const inv = rInv();
      const c = new Float64Array(p * p);
      for (let i = 0; i < p; i++)
        for (let j = 0; j < p; j++) {
          let s = 0;
          for (let k = Math.max(i, j); k < p; k++) s += inv[i * p + k]! * inv[j * p + k]!;
          c[i * p + j] = s;
        }
      return c;
    },
  };
}

/**
 * Per-count terms of the first IRLS step (mu = y + 0.1), the same for every fit: tabulated for the
 * small integer counts surveillance series are made of, computed as glm.fit does for any other.
 */
const START_TABLE = 4096;
const startDev = new Float64Array(START_TABLE);
const startZ = new Float64Array(START_TABLE);
const logY = new Float64Array(START_TABLE);
for (let y = 0; y < START_TABLE; y++) {
  startDev[y] = startDevOf(y);
  startZ[y] = startZOf(y);
  logY[y] = Math.log(y);
}
const tabulated = (y: number) => y < START_TABLE && Number.isInteger(y) && y >= 0;
/** The unit deviance at mu = y + 0.1 without its factor 2·w: 2·(w·this) is unitDeviance(y, y + 0.1, w). */
function startDevOf(y: number): number {
  const mu = y + 0.1;
  return y > 0 ? y * Math.log(y / mu) - (y - mu) : mu;
}
/** The working response at mu = y + 0.1. */
function startZOf(y: number): number {
  const m = y + 0.1;
  return Math.log(m) + (y - m) / m;
}

/** y ~ 1 fitted: the common mu, and what summary.glm and hatvalues need of it. */
export interface InterceptFit {
  eta: number;
  mu: number;
  /** Σ working weights: hat_i = w_i / sumW, cov.unscaled = 1 / sumW. */
  sumW: number;
  converged: boolean;
  dispersion: number;
  dfResidual: number;
}

/**
 * The same IRLS for y ~ 1, without matrices (Farrington's usual model: no trend, no seasonal
 * blocks). Each step is the weighted mean of the working response, which is what the QR solve
 * gives for a single column of ones. The working weights go to `w` (a buffer of at least n), so a
 * caller fitting thousands of such models allocates nothing. Every sum is taken in the same order
 * as without tabulation, so the answer is the same to the last bit.
 */
export function fitIntercept(
  y: ArrayLike<number>,
  n: number,
  priorWeights: ArrayLike<number> | undefined,
  w: Float64Array,
  maxit = 25,
  epsilon = 1e-8,
): InterceptFit {
  let eta = 0;
  let mu = 0;
  let sumW = 0;
  let devold = 0;
  // With a common mu the deviance is 2·Σ w·(y·log y − y·log mu − y + mu): y·log y once, one log per step.
  let sumWYLogY = 0;
  let sumWY = 0;
  let sumPrior = 0;
  // Iteration 1 starts from mu_i = y_i + 0.1 per observation; later ones from the common mu.
  let swz = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i]!;
    const pi = priorWeights ? priorWeights[i]! : 1;
    const tab = tabulated(yi);
    devold += 2 * (pi * (tab ? startDev[yi]! : startDevOf(yi)));
    if (yi > 0) sumWYLogY += pi * yi * (tab ? logY[yi]! : Math.log(yi));
    sumWY += pi * yi;
    sumPrior += pi;
    const wi = pi * (yi + 0.1);
    w[i] = wi;
    sumW += wi;
    swz += wi * (tab ? startZ[yi]! : startZOf(yi));
  }
  let converged = false;
  for (let iter = 0; iter < maxit; iter++) {
    if (iter > 0) {
      swz = 0;
      sumW = 0;
      // Unweighted fits are the common case: the same sums with every prior weight 1.
      if (priorWeights)
        for (let i = 0; i < n; i++) {
          const wi = priorWeights[i]! * mu;
          w[i] = wi;
          sumW += wi;
          swz += wi * (eta + (y[i]! - mu) / mu);
        }
      else
        for (let i = 0; i < n; i++) {
          w[i] = mu;
          sumW += mu;
          swz += mu * (eta + (y[i]! - mu) / mu);
        }
    }
    eta = swz / sumW;
    mu = linkinv(eta);
    const dev = 2 * (sumWYLogY - sumWY * Math.log(mu) - sumWY + mu * sumPrior);
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      break;
    }
    devold = dev;
  }
  let pearson = 0;
  let nOk = 0;
  for (let i = 0; i < n; i++) {
    if ((priorWeights ? priorWeights[i]! : 1) !== 0) nOk++;
    if (w[i]! > 0) {
      const r = (y[i]! - mu) / mu;
      pearson += w[i]! * r * r;
    }
  }
  const dfResidual = nOk - 1;
  return { eta, mu, sumW, converged, dispersion: dfResidual > 0 ? pearson / dfResidual : NaN, dfResidual };
}

/** fitIntercept as a GlmFit (for glmPoissonLog's one-column case). */
export function glmInterceptOnly(y: ArrayLike<number>, priorWeights?: ArrayLike<number>, maxit = 25, epsilon = 1e-8): GlmFit {
  const n = y.length;
  const w = new Float64Array(n);
  const f = fitIntercept(y, n, priorWeights, w, maxit, epsilon);
  return {
    coefficients: Float64Array.of(f.eta),
    fitted: new Float64Array(n).fill(f.mu),
    converged: f.converged,
    workingWeights: w,
    covUnscaled: Float64Array.of(1 / f.sumW),
    dispersion: f.dispersion,
    dfResidual: f.dfResidual,
    hat: w.map((wi) => wi / f.sumW),
    p: 1,
  };
}
