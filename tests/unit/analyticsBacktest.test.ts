/**
 * Back-test, ROC AUC, lift and the logistic regression, on hand-made data.
 */
import { describe, expect, it } from 'vitest';
import { backtest, DEFAULT_SETTINGS, SIGNAL_IDS, type AnalyticsSettings, type SignalId } from '../../shared/analytics/index';
import { assignFolds, crossValidate, fitLogistic, objective, predictLogistic } from '../../shared/analytics/logistic';
import { aucFromCounts, countsOf, liftFromCounts, rocAuc } from '../../shared/analytics/stats';
import type { Group, MonthlyFact, Portfolio } from '../../shared/model/portfolio';
import { addMonths, periodRange } from '../../shared/util/period';
import { createRng } from '../../shared/util/random';

function group(code: string): Group {
  return {
    groupCode: code,
    groupName: code,
    groupClass: 'C',
    importance: null,
    industry: null,
    region: null,
    accountManager: '王海峰',
    employees: 100,
    contractEnd: '2030-12-31',
    competitorPresence: null,
    lineGrade: null,
  };
}

function facts(code: string, revenue: number[], end = '2025-12'): MonthlyFact[] {
  const periods = periodRange(addMonths(end, -(revenue.length - 1)), end);
  return revenue.map((r, i) => ({
    groupCode: code,
    period: periods[i] as string,
    unifiedPayRevenue: null,
    personalPayRevenue: null,
    totalRevenue: r,
    newBusinessRevenue: null,
    members: 50,
    offNetMembers: 5,
    minutes: 1000,
    arrears: 0,
    complaints: 0,
    faults: 0,
    products: 3,
  }));
}

function only(ids: SignalId[]): AnalyticsSettings {
  const s = structuredClone(DEFAULT_SETTINGS);
  for (const id of SIGNAL_IDS) s.warnings[id].enabled = ids.includes(id);
  return s;
}

describe('ROC AUC and lift', () => {
  it('counts ties as one half', () => {
    // positives score 2 and 3, negatives 1 and 2: (1 + ½) + 2 = 3.5 of 4 pairs
    expect(rocAuc([1, 2, 2, 3], [0, 1, 0, 1])).toBe(0.875);
    expect(aucFromCounts(countsOf([1, 2, 2, 3], [0, 1, 0, 1]))).toBe(0.875);
    // all tied: 0.5
    expect(rocAuc([5, 5, 5, 5], [1, 0, 1, 0])).toBe(0.5);
    // perfect and reversed
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    // a larger hand set: positives 3, 3, 1; negatives 3, 2, 1, 0
    // pos 3: 3 below + ½ tie = 3.5 (twice); pos 1: 1 below + ½ = 1.5 → 8.5 / 12
    expect(rocAuc([3, 3, 1, 3, 2, 1, 0], [1, 1, 1, 0, 0, 0, 0])).toBeCloseTo(8.5 / 12, 15);
    expect(aucFromCounts(countsOf([3, 3, 1, 3, 2, 1, 0], [1, 1, 1, 0, 0, 0, 0]))).toBeCloseTo(8.5 / 12, 15);
  });

  it('has no AUC without both classes', () => {
    expect(rocAuc([1, 2], [1, 1])).toBeNull();
    expect(aucFromCounts([{ score: 1, pos: 0, neg: 3 }])).toBeNull();
  });

  it('computes the lift of the top share, splitting ties pro rata', () => {
    // 10 rows, 2 positives (base rate 0.2); top 10% = 1 row = the single score-9 positive → lift 5
    const scores = [9, 5, 1, 1, 1, 1, 1, 1, 1, 1];
    const labels = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(liftFromCounts(countsOf(scores, labels), 0.1).lift).toBeCloseTo(5, 12);
    // top 20% = 2 rows: both positives → 1 / 0.2 = 5
    expect(liftFromCounts(countsOf(scores, labels), 0.2).lift).toBeCloseTo(5, 12);
    // a tie at the cut: top 10% of [2 (pos), 2 (neg), 0 × 8] → half a positive in one row → 0.5 / 0.1
    expect(liftFromCounts(countsOf([2, 2, 0, 0, 0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 0.1).lift).toBeCloseTo(5, 12);
  });
});

describe('back-test', () => {
  // 9 months 2025-04 … 2025-12. G1 flat at 100; G2 100 for 6 months, then 80.
  // Months replayed: t = 2025-07 … 2025-11 (3 baseline months before, 2 outcome months).
  // G2 outcome: t = 2025-10 (80, 80 < 90) and 2025-11 (80, 80 < 0.9 × 93.3) → 2 positives of 10 rows.
  // Revenue-trend signal (the only one enabled) fires for G2 at 2025-11 only: 260/300 − 1 = −13.3%.
  const p: Portfolio = {
    groups: [group('G1'), group('G2')],
    facts: [...facts('G1', [100, 100, 100, 100, 100, 100, 100, 100, 100]), ...facts('G2', [100, 100, 100, 100, 100, 100, 80, 80, 80])],
  };
  const s = only(['revenueTrend']);

  it('replays month by month and scores the rules', () => {
    const r = backtest(p, s);
    if (r.status !== 'ok') throw new Error('expected a back-test');
    expect(r.monthsUsed).toBe(5);
    expect(r.periods).toEqual(['2025-07', '2025-08', '2025-09', '2025-10', '2025-11']);
    expect(r.rows).toBe(10);
    expect(r.positives).toBe(2);
    expect(r.baseRate).toBeCloseTo(0.2, 12);
    // scores: positive rows 25 and 0, negatives all 0 → (8 + 8/2) / (2 × 8)
    expect(r.auc).toBeCloseTo(0.75, 12);
    expect(r.histogram).toEqual([
      { score: 0, pos: 1, neg: 8 },
      { score: 25, pos: 1, neg: 0 },
    ]);
    const blue = r.thresholds.find((x) => x.zone === 'blue');
    expect(blue).toMatchObject({ minScore: 15, flagged: 1, truePositives: 1, falsePositives: 0, falseNegatives: 1, precision: 1, recall: 0.5 });
    const red = r.thresholds.find((x) => x.zone === 'red');
    expect(red).toMatchObject({ flagged: 0, precision: null, recall: 0 });
    expect(r.lift.lift).toBeCloseTo(5, 12);
    expect(r.logistic.status).toBe('insufficient');
    expect(r.settings).toBe(s);
    expect(r.trace.inputs.find((x) => x.label.en === 'Rows (group × month)')?.value).toBe(10);
  });

  it('uses the mean outcome rule when asked', () => {
    const mean = structuredClone(s);
    mean.backtest.outcome = 'mean';
    const r = backtest(p, mean);
    // G2 at 2025-09: (100 + 80)/2 = 90, not below 90 → still negative
    expect(r.status === 'ok' && r.positives).toBe(2);
  });

  it('scores at month t from data up to t only', () => {
    // an earlier as-of cuts the replay: last outcome month 2025-10 → t ≤ 2025-09, no positives
    const r = backtest(p, s, { asOf: '2025-10' });
    if (r.status !== 'ok') throw new Error('expected a back-test');
    expect(r.periods).toEqual(['2025-07', '2025-08', '2025-09']);
    // G2 at 2025-09: outcome 100 then 80 → not both below 90; nothing after 2025-10 is read
    expect(r.rows).toBe(6);
    expect(r.positives).toBe(0);
    expect(r.auc).toBeNull();
  });

  it('needs 6 months of history', () => {
    const short: Portfolio = { groups: [group('G1')], facts: facts('G1', [100, 100, 100, 100, 100]) };
    expect(backtest(short, DEFAULT_SETTINGS)).toMatchObject({ status: 'insufficient', needMonths: 6, haveMonths: 5 });
    expect(backtest({ groups: [], facts: [] }, DEFAULT_SETTINGS)).toMatchObject({ status: 'insufficient', needMonths: 6, haveMonths: 0 });
  });
});

// ---------------------------------------------------------------------------

/** Plain gradient descent on the same penalised objective: a different method for the same optimum. */
function gradientDescent(X: Float64Array, y: Float64Array, n: number, p: number, l2: number): Float64Array {
  const beta = new Float64Array(p + 1);
  let sq = 0;
  for (let i = 0; i < n; i++) {
    let r = 1;
    for (let j = 0; j < p; j++) r += (X[i * p + j] as number) ** 2;
    sq += r;
  }
  const lr = 1 / (sq / 4 + l2); // 1 / Lipschitz bound of the gradient
  const grad = new Float64Array(p + 1);
  for (let it = 0; it < 400_000; it++) {
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      let z = beta[0] as number;
      for (let j = 0; j < p; j++) z += (beta[j + 1] as number) * (X[i * p + j] as number);
      const r = 1 / (1 + Math.exp(-z)) - (y[i] as number);
      grad[0] = (grad[0] as number) + r;
      for (let j = 0; j < p; j++) grad[j + 1] = (grad[j + 1] as number) + r * (X[i * p + j] as number);
    }
    let norm = 0;
    for (let j = 0; j <= p; j++) {
      if (j > 0) grad[j] = (grad[j] as number) + l2 * (beta[j] as number);
      norm = Math.max(norm, Math.abs(grad[j] as number));
      beta[j] = (beta[j] as number) - lr * (grad[j] as number);
    }
    if (norm < 1e-11) break;
  }
  return beta;
}

function dataset(n: number, seed: number): { X: Float64Array; y: Float64Array } {
  const rng = createRng(seed);
  const p = 3;
  const X = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal() * 2 + 1;
    const c = rng.next() < 0.3 ? 1 : 0;
    X[i * p] = a;
    X[i * p + 1] = b;
    X[i * p + 2] = c;
    const z = -0.5 + 1.2 * a - 0.4 * b + 0.8 * c;
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X, y };
}

describe('logistic regression', () => {
  it('matches plain gradient descent on a tiny dataset within 1e-3', () => {
    const n = 60;
    const { X, y } = dataset(n, 7);
    const reference = gradientDescent(X, y, n, 3, 1);
    for (const reuseHessian of [true, false]) {
      const fit = fitLogistic(X, y, n, 3, { l2: 1, maxIterations: 100, tolerance: 1e-10, reuseHessian });
      expect(fit.converged).toBe(true);
      for (let j = 0; j < 4; j++) expect(Math.abs((fit.coefficients[j] as number) - (reference[j] as number))).toBeLessThan(1e-3);
    }
    // and the objective is no larger than the reference's
    const fit = fitLogistic(X, y, n, 3, { l2: 1, maxIterations: 100, tolerance: 1e-10 });
    expect(objective(X, y, n, 3, fit.coefficients, 1)).toBeLessThanOrEqual(objective(X, y, n, 3, reference, 1) + 1e-9);
  });

  it('reaches the same optimum from the coarse start on larger data', () => {
    const n = 5000;
    const { X, y } = dataset(n, 11);
    const fast = fitLogistic(X, y, n, 3, { l2: 1, maxIterations: 100, tolerance: 1e-9 });
    const plain = fitLogistic(X, y, n, 3, { l2: 1, maxIterations: 100, tolerance: 1e-12, reuseHessian: false }, new Float64Array(4));
    for (let j = 0; j < 4; j++) expect(fast.coefficients[j]).toBeCloseTo(plain.coefficients[j] as number, 6);
    // recovers the generating coefficients roughly
    expect(fast.coefficients[1]).toBeGreaterThan(0.9);
    expect(fast.coefficients[2]).toBeLessThan(-0.2);
  });

  it('assigns folds by group, deterministically and evenly', () => {
    const a = assignFolds(103, 5, 42);
    expect(Array.from(assignFolds(103, 5, 42))).toEqual(Array.from(a));
    expect(Array.from(assignFolds(103, 5, 43))).not.toEqual(Array.from(a));
    const sizes = [0, 0, 0, 0, 0];
    for (const f of a) sizes[f] = (sizes[f] ?? 0) + 1;
    expect(sizes.reduce((m, x) => Math.max(m, x), -Infinity) - sizes.reduce((m, x) => Math.min(m, x), Infinity)).toBeLessThanOrEqual(1);
  });

  it('cross-validates with every group held out in exactly one fold', () => {
    const n = 400;
    const { X, y } = dataset(n, 3);
    const rowGroup = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 4)); // 100 groups of 4 rows
    const folds = assignFolds(100, 5, 1);
    const cv = crossValidate(X, Uint8Array.from(y), n, 3, rowGroup, folds, 5, { l2: 1, maxIterations: 50, tolerance: 1e-8 });
    expect(cv.predictions.every((v) => v > 0 && v < 1)).toBe(true);
    expect(cv.auc).toBeGreaterThan(0.6);
    // the same fit on all rows predicts the training rows at least as well
    const fit = fitLogistic(X, y, n, 3, { l2: 1, maxIterations: 50, tolerance: 1e-8 });
    expect(rocAuc(predictLogistic(fit.coefficients, X, n, 3), y)).toBeGreaterThanOrEqual((cv.auc ?? 0) - 1e-9);
  });
});
