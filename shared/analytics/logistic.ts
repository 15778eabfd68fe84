/**
 * L2-regularised logistic regression by Newton's method (IRLS), with
 * standardisation, mean imputation of missing values and k-fold
 * cross-validation by group. Pure TypeScript, deterministic.
 *
 * Objective (β₀ = intercept, not penalised):
 *   L(β) = −Σ [y log p + (1−y) log(1−p)] + λ/2 Σ_{j≥1} β_j²,  p = σ(β₀ + xβ)
 */
import { rocAuc } from './stats';
import { createRng } from '../util/random';

export interface LogisticOptions {
  l2: number;
  maxIterations: number;
  tolerance: number;
  /** reuse the Hessian once steps are small (default true); false = pure Newton */
  reuseHessian?: boolean;
}

export interface LogisticFit {
  /** [intercept, β1 … βp] on the scale of the X given */
  coefficients: Float64Array;
  iterations: number;
  converged: boolean;
  /** objective value at the last Newton pass (the point before the final step) */
  loss: number;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** The penalised negative log-likelihood L(β). */
export function objective(X: Float64Array, y: ArrayLike<number>, n: number, p: number, beta: Float64Array, l2: number): number {
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let z = beta[0] as number;
    const row = i * p;
    for (let j = 0; j < p; j++) z += (beta[j + 1] as number) * (X[row + j] as number);
    // log(1 + e^z) − y z, computed stably
    const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    loss += softplus - (y[i] as number) * z;
  }
  for (let j = 1; j <= p; j++) loss += 0.5 * l2 * (beta[j] as number) ** 2;
  return loss;
}

/** Cholesky factor (lower, in place) of a symmetric positive-definite d×d matrix; false if not positive definite. */
function choleskyFactor(A: Float64Array, d: number): boolean {
  for (let j = 0; j < d; j++) {
    let sum = A[j * d + j] as number;
    for (let k = 0; k < j; k++) sum -= (A[j * d + k] as number) ** 2;
    if (!(sum > 1e-300)) return false;
    const ljj = Math.sqrt(sum);
    A[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let s = A[i * d + j] as number;
      for (let k = 0; k < j; k++) s -= (A[i * d + k] as number) * (A[j * d + k] as number);
      A[i * d + j] = s / ljj;
    }
  }
  return true;
}

/** Solves L Lᵀ x = b with a factor from choleskyFactor. */
function choleskySolve(L: Float64Array, b: Float64Array, d: number): Float64Array {
  const x = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (L[i * d + k] as number) * (x[k] as number);
    x[i] = s / (L[i * d + i] as number);
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = x[i] as number;
    for (let k = i + 1; k < d; k++) s -= (L[k * d + i] as number) * (x[k] as number);
    x[i] = s / (L[i * d + i] as number);
  }
  return x;
}

/**
 * Fits the model on X (n×p, row-major, no intercept column) and y ∈ {0,1}.
 * Newton steps; each pass over the data yields the objective at the current
 * point together with its gradient and Hessian, and a step that raised the
 * objective is halved and retried. Stops when the largest coefficient change
 * falls below the tolerance. `start` warm-starts from given coefficients.
 */
export function fitLogistic(X: Float64Array, y: ArrayLike<number>, n: number, p: number, opts: LogisticOptions, start?: Float64Array): LogisticFit {
  const d = p + 1;
  if (!start && n >= 4000) {
    // coarse to fine: a loose fit on every 5th row (L2 scaled to keep the
    // same balance with the likelihood) is the start for the full fit
    const m = Math.floor(n / 5);
    const Xs = new Float64Array(m * p);
    const ys = new Float64Array(m);
    for (let r = 0; r < m; r++) {
      Xs.set(X.subarray(r * 5 * p, r * 5 * p + p), r * p);
      ys[r] = y[r * 5] as number;
    }
    const coarse = fitLogistic(Xs, ys, m, p, { l2: opts.l2 / 5, maxIterations: opts.maxIterations, tolerance: Math.max(opts.tolerance, 1e-3) });
    start = coarse.coefficients;
  }
  const beta = new Float64Array(d);
  if (start && start.length === d) beta.set(start);
  else {
    let pos = 0;
    for (let i = 0; i < n; i++) pos += y[i] as number;
    const rate = Math.min(1 - 1e-6, Math.max(1e-6, pos / Math.max(1, n)));
    beta[0] = Math.log(rate / (1 - rate));
  }
  const H = new Float64Array(d * d);
  const grad = new Float64Array(d);
  const prevBeta = new Float64Array(d);
  let step: Float64Array = new Float64Array(d);
  let prevLoss = Infinity;
  let scale = 1;
  let halvings = 0;
  let iterations = 0;
  let converged = false;
  let loss = Infinity;
  let refresh = true;
  const reuseHessian = opts.reuseHessian !== false;
  // column-major copy: the gradient and Hessian entries become dot products
  const Xc = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) Xc[j * n + i] = X[i * p + j] as number;
  const z = new Float64Array(n);
  const wv = new Float64Array(n);
  const rv = new Float64Array(n);
  while (iterations < opts.maxIterations) {
    // one pass: objective, gradient and Hessian at beta
    loss = 0;
    z.fill(beta[0] as number);
    for (let j = 0; j < p; j++) {
      const bj = beta[j + 1] as number;
      if (bj === 0) continue;
      const col = j * n;
      for (let i = 0; i < n; i++) z[i] = (z[i] as number) + bj * (Xc[col + i] as number);
    }
    let g0 = 0;
    let h00 = 0;
    for (let i = 0; i < n; i++) {
      const zi = z[i] as number;
      const yi = y[i] as number;
      const e = Math.exp(-Math.abs(zi));
      loss += (zi > 0 ? zi : 0) + Math.log1p(e) - yi * zi;
      const pr = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
      const r = pr - yi;
      const w = pr * (1 - pr);
      rv[i] = r;
      wv[i] = w;
      g0 += r;
      h00 += w;
    }
    grad[0] = g0;
    for (let a = 1; a < d; a++) {
      const colA = (a - 1) * n;
      let ga = 0;
      for (let i = 0; i < n; i++) ga += (rv[i] as number) * (Xc[colA + i] as number);
      grad[a] = ga;
    }
    // the Hessian is recomputed while steps are large; near the optimum the
    // last factorisation is reused (a chord step: the same fixed point)
    if (refresh) {
      H.fill(0);
      H[0] = h00;
      for (let a = 1; a < d; a++) {
        const colA = (a - 1) * n;
        let ha0 = 0;
        for (let i = 0; i < n; i++) ha0 += (wv[i] as number) * (Xc[colA + i] as number);
        H[a * d] = ha0;
        for (let c = 1; c <= a; c++) {
          const colC = (c - 1) * n;
          let h = 0;
          for (let i = 0; i < n; i++) h += (wv[i] as number) * (Xc[colA + i] as number) * (Xc[colC + i] as number);
          H[a * d + c] = h;
        }
      }
    }
    for (let a = 1; a < d; a++) loss += 0.5 * opts.l2 * (beta[a] as number) ** 2;
    if (loss > prevLoss + 1e-12 * Math.max(1, Math.abs(prevLoss)) && halvings < 30) {
      // the last step raised the objective: halve it and retry (with a fresh Hessian afterwards)
      halvings++;
      refresh = true;
      scale /= 2;
      for (let a = 0; a < d; a++) beta[a] = (prevBeta[a] as number) - scale * (step[a] as number);
      continue;
    }
    iterations++;
    halvings = 0;
    scale = 1;
    prevLoss = loss;
    prevBeta.set(beta);
    for (let a = 1; a < d; a++) grad[a] = (grad[a] as number) + opts.l2 * (beta[a] as number);
    if (refresh) {
      for (let a = 1; a < d; a++) H[a * d + a] = (H[a * d + a] as number) + opts.l2;
      // a tiny ridge keeps the intercept solvable when every row has the same label
      H[0] = (H[0] as number) + 1e-10;
      if (!choleskyFactor(H, d)) break;
    }
    step = choleskySolve(H, grad, d);
    let maxChange = 0;
    for (let a = 0; a < d; a++) {
      const ch = step[a] as number;
      beta[a] = (beta[a] as number) - ch;
      if (Math.abs(ch) > maxChange) maxChange = Math.abs(ch);
    }
    if (maxChange < opts.tolerance) {
      converged = true;
      break;
    }
    refresh = maxChange > 0.05 || !reuseHessian;
  }
  return { coefficients: beta, iterations, converged, loss };
}

export function predictLogistic(coefficients: Float64Array, X: Float64Array, n: number, p: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = coefficients[0] as number;
    for (let j = 0; j < p; j++) z += (coefficients[j + 1] as number) * (X[i * p + j] as number);
    out[i] = sigmoid(z);
  }
  return out;
}

export interface Standardiser {
  mean: Float64Array;
  sd: Float64Array;
  /** columns kept (sd > 0 in the data the standardiser was fitted on) */
  keep: number[];
}

/** Mean and standard deviation of each column over its finite values. */
export function fitStandardiser(X: Float64Array, n: number, p: number, rows?: ArrayLike<number>): Standardiser {
  const mean = new Float64Array(p);
  const sd = new Float64Array(p);
  const cnt = new Float64Array(p);
  const m = rows ? rows.length : n;
  for (let r = 0; r < m; r++) {
    const i = rows ? (rows[r] as number) : r;
    for (let j = 0; j < p; j++) {
      const v = X[i * p + j] as number;
      if (Number.isFinite(v)) {
        mean[j] = (mean[j] as number) + v;
        cnt[j] = (cnt[j] as number) + 1;
      }
    }
  }
  for (let j = 0; j < p; j++) mean[j] = (cnt[j] as number) > 0 ? (mean[j] as number) / (cnt[j] as number) : 0;
  for (let r = 0; r < m; r++) {
    const i = rows ? (rows[r] as number) : r;
    for (let j = 0; j < p; j++) {
      const v = X[i * p + j] as number;
      if (Number.isFinite(v)) sd[j] = (sd[j] as number) + (v - (mean[j] as number)) ** 2;
    }
  }
  const keep: number[] = [];
  for (let j = 0; j < p; j++) {
    sd[j] = (cnt[j] as number) > 1 ? Math.sqrt((sd[j] as number) / (cnt[j] as number)) : 0;
    if ((sd[j] as number) > 1e-12) keep.push(j);
  }
  return { mean, sd, keep };
}

/** Standardised copy of the chosen rows and kept columns; missing values become 0 (the mean). */
export function standardise(X: Float64Array, p: number, st: Standardiser, rows: ArrayLike<number>): Float64Array {
  const q = st.keep.length;
  const out = new Float64Array(rows.length * q);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] as number;
    for (let c = 0; c < q; c++) {
      const j = st.keep[c] as number;
      const v = X[i * p + j] as number;
      out[r * q + c] = Number.isFinite(v) ? (v - (st.mean[j] as number)) / (st.sd[j] as number) : 0;
    }
  }
  return out;
}

/**
 * The same linear predictor expressed for another standardisation: with
 * z = (x − m)/s, β₀ + Σ βⱼ zⱼ = β₀' + Σ βⱼ' zⱼ' for βⱼ' = βⱼ sⱼ'/sⱼ and
 * β₀' = β₀ + Σ βⱼ (mⱼ' − mⱼ)/sⱼ. Undefined when the kept columns differ.
 */
export function restandardise(beta: Float64Array, from: Standardiser, to: Standardiser): Float64Array | undefined {
  if (from.keep.length !== to.keep.length || from.keep.some((j, c) => to.keep[c] !== j)) return undefined;
  const out = new Float64Array(beta.length);
  let b0 = beta[0] as number;
  from.keep.forEach((j, c) => {
    const b = beta[c + 1] as number;
    const sFrom = from.sd[j] as number;
    out[c + 1] = (b * (to.sd[j] as number)) / sFrom;
    b0 += (b * ((to.mean[j] as number) - (from.mean[j] as number))) / sFrom;
  });
  out[0] = b0;
  return out;
}

/** Deterministic fold per group: groups shuffled with the seed, then dealt round-robin. */
export function assignFolds(groupCount: number, k: number, seed: number): Uint8Array {
  const order = new Int32Array(groupCount);
  for (let i = 0; i < groupCount; i++) order[i] = i;
  const rng = createRng(seed);
  for (let i = groupCount - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const tmp = order[i] as number;
    order[i] = order[j] as number;
    order[j] = tmp;
  }
  const fold = new Uint8Array(groupCount);
  for (let pos = 0; pos < groupCount; pos++) fold[order[pos] as number] = pos % k;
  return fold;
}

export interface CrossValidation {
  /** out-of-fold predicted probabilities, one per row */
  predictions: Float64Array;
  auc: number | null;
  folds: number;
}

/**
 * k-fold cross-validation with folds by group: each row takes its group's
 * fold, the model (standardiser included) is fitted on the other folds.
 */
export function crossValidate(
  X: Float64Array,
  y: Uint8Array,
  n: number,
  p: number,
  rowGroup: Int32Array,
  groupFold: Uint8Array,
  k: number,
  opts: LogisticOptions,
  start?: { coefficients: Float64Array; standardiser: Standardiser },
): CrossValidation {
  const predictions = new Float64Array(n).fill(NaN);
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (groupFold[rowGroup[i] as number] === f ? test : train).push(i);
    if (test.length === 0 || train.length === 0) continue;
    const st = fitStandardiser(X, n, p, train);
    const Xtr = standardise(X, p, st, train);
    const ytr = new Uint8Array(train.length);
    for (let r = 0; r < train.length; r++) ytr[r] = y[train[r] as number] as number;
    // out-of-fold ranks need no more precision than this
    const foldOpts = { ...opts, tolerance: Math.max(opts.tolerance, 1e-3) };
    const fit = fitLogistic(Xtr, ytr, train.length, st.keep.length, foldOpts, start ? restandardise(start.coefficients, start.standardiser, st) : undefined);
    const Xte = standardise(X, p, st, test);
    const pr = predictLogistic(fit.coefficients, Xte, test.length, st.keep.length);
    for (let r = 0; r < test.length; r++) predictions[test[r] as number] = pr[r] as number;
  }
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(predictions[i] as number)) idx.push(i);
  const sc = new Float64Array(idx.length);
  const lb = new Uint8Array(idx.length);
  idx.forEach((i, r) => {
    sc[r] = predictions[i] as number;
    lb[r] = y[i] as number;
  });
  return { predictions, auc: rocAuc(sc, lb), folds: k };
}
