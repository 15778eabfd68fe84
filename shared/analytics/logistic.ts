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
}

export interface LogisticFit {
  /** [intercept, β1 … βp] on the scale of the X given */
  coefficients: Float64Array;
  iterations: number;
  converged: boolean;
  /** final objective value */
  loss: number;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

function objective(X: Float64Array, y: ArrayLike<number>, n: number, p: number, beta: Float64Array, l2: number): number {
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

/** Solves A x = b for symmetric positive-definite A (d×d, row-major) by Cholesky; A and b are overwritten. */
function choleskySolve(A: Float64Array, b: Float64Array, d: number): Float64Array | null {
  for (let j = 0; j < d; j++) {
    let sum = A[j * d + j] as number;
    for (let k = 0; k < j; k++) sum -= (A[j * d + k] as number) ** 2;
    if (!(sum > 1e-300)) return null;
    const ljj = Math.sqrt(sum);
    A[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let s = A[i * d + j] as number;
      for (let k = 0; k < j; k++) s -= (A[i * d + k] as number) * (A[j * d + k] as number);
      A[i * d + j] = s / ljj;
    }
  }
  const x = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (A[i * d + k] as number) * (x[k] as number);
    x[i] = s / (A[i * d + i] as number);
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = x[i] as number;
    for (let k = i + 1; k < d; k++) s -= (A[k * d + i] as number) * (x[k] as number);
    x[i] = s / (A[i * d + i] as number);
  }
  return x;
}

/**
 * Fits the model on X (n×p, row-major, no intercept column) and y ∈ {0,1}.
 * Newton steps with step halving when the objective would rise; stops when
 * the largest coefficient change falls below the tolerance.
 */
export function fitLogistic(X: Float64Array, y: ArrayLike<number>, n: number, p: number, opts: LogisticOptions): LogisticFit {
  const d = p + 1;
  const beta = new Float64Array(d);
  // start from the base rate
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i] as number;
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, pos / Math.max(1, n)));
  beta[0] = Math.log(rate / (1 - rate));
  let loss = objective(X, y, n, p, beta, opts.l2);
  const H = new Float64Array(d * d);
  const grad = new Float64Array(d);
  const xi = new Float64Array(d);
  let iterations = 0;
  let converged = false;
  for (; iterations < opts.maxIterations; ) {
    iterations++;
    H.fill(0);
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const row = i * p;
      xi[0] = 1;
      let z = beta[0] as number;
      for (let j = 0; j < p; j++) {
        const v = X[row + j] as number;
        xi[j + 1] = v;
        z += (beta[j + 1] as number) * v;
      }
      const pr = sigmoid(z);
      const r = pr - (y[i] as number);
      const w = pr * (1 - pr);
      for (let a = 0; a < d; a++) {
        const xa = xi[a] as number;
        grad[a] = (grad[a] as number) + r * xa;
        const wa = w * xa;
        const rowA = a * d;
        for (let c = 0; c <= a; c++) H[rowA + c] = (H[rowA + c] as number) + wa * (xi[c] as number);
      }
    }
    for (let a = 1; a < d; a++) {
      grad[a] = (grad[a] as number) + opts.l2 * (beta[a] as number);
      H[a * d + a] = (H[a * d + a] as number) + opts.l2;
    }
    for (let a = 0; a < d; a++) for (let c = a + 1; c < d; c++) H[a * d + c] = H[c * d + a] as number;
    // a tiny ridge keeps the intercept solvable when every row has the same label
    H[0] = (H[0] as number) + 1e-10;
    const step = choleskySolve(H, grad, d);
    if (!step) break;
    let scale = 1;
    const next = new Float64Array(d);
    let nextLoss = Infinity;
    for (let half = 0; half < 30; half++) {
      for (let a = 0; a < d; a++) next[a] = (beta[a] as number) - scale * (step[a] as number);
      nextLoss = objective(X, y, n, p, next, opts.l2);
      if (nextLoss <= loss + 1e-12 * Math.max(1, Math.abs(loss))) break;
      scale /= 2;
    }
    let maxChange = 0;
    for (let a = 0; a < d; a++) maxChange = Math.max(maxChange, Math.abs((next[a] as number) - (beta[a] as number)));
    beta.set(next);
    loss = Math.min(loss, nextLoss);
    if (maxChange < opts.tolerance) {
      converged = true;
      break;
    }
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
    const fit = fitLogistic(Xtr, ytr, train.length, st.keep.length, opts);
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
