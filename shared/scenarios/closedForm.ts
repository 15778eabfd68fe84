/**
 * Expected values in closed form.
 *
 * Model (README): for an exposed group with moves M and funded measures F,
 *   P0 = 1 − Π_m (1 − q_m)    q_m = min(1, intensity_m × lossProbability_m)
 *   D0 = 1 − Π_m (1 − e_m)    e_m = min(1, intensity_m × diversionShare_m)
 *   loss in month k (1..H) with probability P0 × Π_{c∈F, start_c ≤ k} (1 − r_c) / H
 *     (the move strikes in a month uniform over the horizon; a measure that is
 *     working by then cuts that month's chance by its loss reduction r_c)
 *   revenue kept in month k = b(k) × 1[not lost by k] × (1 − D0 × Π_{c∈F, start_c ≤ k} (1 − s_c))
 * Every factor is a product of independent draws, so the expectation is the
 * same formula with each draw replaced by its mean: the closed form is exact
 * and the Monte Carlo mean converges to it.
 */
import { cappedScaledMean, triangularMean } from './triangular';
import type { Range3 } from './types';
import type { SimModel } from './model';

/** The effect values the formulas use: means (expected values) or points (tornado). */
export interface Effects {
  /** per move, min(1, intensity × loss) */
  q: Float64Array;
  /** per move, min(1, intensity × diversion) */
  e: Float64Array;
  /** per counter, loss reduction */
  r: Float64Array;
  /** per counter, diversion reduction */
  s: Float64Array;
}

export function meanEffects(model: SimModel): Effects {
  return {
    q: Float64Array.from(model.moves, (m) => cappedScaledMean(m.loss, m.intensity)),
    e: Float64Array.from(model.moves, (m) => cappedScaledMean(m.diversion, m.intensity)),
    r: Float64Array.from(model.counters, (c) => triangularMean(c.lossReduction)),
    s: Float64Array.from(model.counters, (c) => triangularMean(c.diversionReduction)),
  };
}

/** Every range at one of its points (likely for the tornado's base). */
export function pointEffects(model: SimModel, pick: (r: Range3) => number): Effects {
  return {
    q: Float64Array.from(model.moves, (m) => Math.min(1, m.intensity * pick(m.loss))),
    e: Float64Array.from(model.moves, (m) => Math.min(1, m.intensity * pick(m.diversion))),
    r: Float64Array.from(model.counters, (c) => pick(c.lossReduction)),
    s: Float64Array.from(model.counters, (c) => pick(c.diversionReduction)),
  };
}

/**
 * For one combination of moves and measures: `factor[k]` = expected share of
 * the baseline kept in month k+1; returns the probability of losing the
 * group within the horizon.
 */
export function profileFactors(model: SimModel, eff: Effects, moveMask: number, fundedMask: number, factor: Float64Array): number {
  const H = model.H;
  let keepAll = 1;
  let keepDiv = 1;
  for (let m = 0; m < model.moves.length; m++) {
    if ((moveMask & (1 << m)) === 0) continue;
    keepAll *= 1 - (eff.q[m] ?? 0);
    keepDiv *= 1 - (eff.e[m] ?? 0);
  }
  const P0 = 1 - keepAll;
  const D0 = 1 - keepDiv;
  let cum = 0;
  for (let k = 1; k <= H; k++) {
    let lf = 1;
    let df = 1;
    for (let c = 0; c < model.counters.length; c++) {
      if ((fundedMask & (1 << c)) === 0) continue;
      const counter = model.counters[c];
      if (!counter || counter.start > k) continue;
      lf *= 1 - (eff.r[c] ?? 0);
      df *= 1 - (eff.s[c] ?? 0);
    }
    cum += (P0 * lf) / H;
    factor[k - 1] = (1 - cum) * (1 - D0 * df);
  }
  return cum;
}

export interface ClosedForm {
  /** expected revenue per month with the plan / doing nothing, 元 */
  plan: Float64Array;
  none: Float64Array;
  baseline: Float64Array;
  revenuePlan: number;
  revenueNone: number;
  baselineTotal: number;
  lostPlan: number;
  lostNone: number;
  cost: number;
  netBenefit: number;
  /** null without cost */
  roi: number | null;
  /** first month the cumulative expected extra revenue covers the cost; null = not within the horizon (or no cost) */
  paybackMonth: number | null;
  /** per exposed group: expected revenue lost without measures, and expected extra revenue with its measures, 元 */
  groupLossNone: Float64Array;
  groupGain: Float64Array;
  /** per exposed group: loss probability without measures */
  groupLossProbability: Float64Array;
}

export function totalCost(model: SimModel): number {
  let cost = model.oneOff;
  for (let i = 0; i < model.n; i++) cost += model.groupCost[i] ?? 0;
  return cost;
}

/** Payback month of a cost against monthly extra revenue (cumulative; cost paid up front). */
export function paybackOf(extra: ArrayLike<number>, cost: number): number | null {
  if (!(cost > 0)) return null;
  let cum = 0;
  for (let k = 0; k < extra.length; k++) {
    cum += extra[k] ?? 0;
    if (cum >= cost) return k + 1;
  }
  return null;
}

export function closedForm(model: SimModel, eff: Effects): ClosedForm {
  const { H, n } = model;
  const plan = new Float64Array(H);
  const none = new Float64Array(H);
  const base = new Float64Array(H);
  const groupLossNone = new Float64Array(n);
  const groupGain = new Float64Array(n);
  const groupLossProbability = new Float64Array(n);
  const cache = new Map<string, { fPlan: Float64Array; fNone: Float64Array; pPlan: number; pNone: number }>();
  let lostPlan = 0;
  let lostNone = 0;
  for (let i = 0; i < n; i++) {
    const mm = model.moveMask[i] ?? 0;
    const fm = model.fundedMask[i] ?? 0;
    const key = `${mm}|${fm}`;
    let prof = cache.get(key);
    if (!prof) {
      const fPlan = new Float64Array(H);
      const fNone = new Float64Array(H);
      const pPlan = profileFactors(model, eff, mm, fm, fPlan);
      const pNone = profileFactors(model, eff, mm, 0, fNone);
      prof = { fPlan, fNone, pPlan, pNone };
      cache.set(key, prof);
    }
    lostPlan += prof.pPlan;
    lostNone += prof.pNone;
    groupLossProbability[i] = prof.pNone;
    let lossNone = 0;
    let gain = 0;
    for (let k = 0; k < H; k++) {
      const b = model.baseline[i * H + k] ?? 0;
      const kp = b * (prof.fPlan[k] ?? 0);
      const kn = b * (prof.fNone[k] ?? 0);
      plan[k] = (plan[k] ?? 0) + kp;
      none[k] = (none[k] ?? 0) + kn;
      base[k] = (base[k] ?? 0) + b;
      lossNone += b - kn;
      gain += kp - kn;
    }
    groupLossNone[i] = lossNone;
    groupGain[i] = gain;
  }
  const sum = (a: Float64Array): number => a.reduce((s, x) => s + x, 0);
  const revenuePlan = sum(plan);
  const revenueNone = sum(none);
  const cost = totalCost(model);
  const netBenefit = revenuePlan - revenueNone - cost;
  const extra = plan.map((x, k) => x - (none[k] ?? 0));
  return {
    plan,
    none,
    baseline: base,
    revenuePlan,
    revenueNone,
    baselineTotal: sum(base),
    lostPlan,
    lostNone,
    cost,
    netBenefit,
    roi: cost > 0 ? netBenefit / cost : null,
    paybackMonth: paybackOf(extra, cost),
    groupLossNone,
    groupGain,
    groupLossProbability,
  };
}
