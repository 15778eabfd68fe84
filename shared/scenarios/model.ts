/**
 * From a scenario definition to the numeric model the closed form, the
 * allocation and the Monte Carlo share: the exposed groups, their baseline
 * revenue per month, which moves expose them and which measures fit them.
 *
 * Baseline (documented in README): the group's current value (mean of the
 * last `value.windowMonths` months, the engine's figure) grown by its short
 * trend turned monthly, (1 + trend)^(1/N) − 1, clamped to −5%…+3% a month
 * and rounded to 0.5 percentage points: b(k) = value × (1 + growth)^k for
 * horizon month k = 1..H. Never negative. The rounding (well inside the
 * noise of a 3-month trend) gives a handful of distinct growth rates, which
 * lets the Monte Carlo aggregate lost revenue by rate instead of by group.
 */
import { addMonths } from '../util/period';
import { filterMask, scopeMask, type ScenarioGroups } from './groups';
import type { CompetitorMove, CounterMeasure, LocalText, Range3, ScenarioDefinition, ScenarioLibrary } from './types';

export interface ModelMove {
  id: string;
  name: LocalText;
  loss: Range3;
  diversion: Range3;
  intensity: number;
}

export interface ModelCounter {
  id: string;
  name: LocalText;
  lossReduction: Range3;
  diversionReduction: Range3;
  /** first horizon month (1-based) in which it works: leadMonths + 1 */
  start: number;
  oneOff: number;
  discountShare: number | null;
}

/** The numeric core: plain arrays and typed arrays only, so it can be posted to a worker. */
export interface SimModel {
  /** months in the horizon */
  H: number;
  /** exposed groups */
  n: number;
  /** n × H, 元 per month, row = group: value × rates[rate]^k */
  baseline: Float64Array;
  /** per group: current value, 元/月 */
  value: Float64Array;
  /** per group: index into `rates` */
  rate: Int32Array;
  /** distinct monthly growth factors (1 + growth) */
  rates: Float64Array;
  /** bit m = moves[m] exposes the group */
  moveMask: Int32Array;
  /** bit c = counters[c] is funded on the group */
  fundedMask: Int32Array;
  /** per group, 元: the funded measures' per-group costs */
  groupCost: Float64Array;
  /** 元: one-off costs of the measures funded on any group */
  oneOff: number;
  moves: ModelMove[];
  counters: ModelCounter[];
}

export interface PreparedScenario {
  groups: ScenarioGroups;
  definition: ScenarioDefinition;
  /** horizon months, YYYY-MM */
  months: string[];
  /** engine index of each exposed group (ascending) */
  exposed: Int32Array;
  groupsInScope: number;
  /** bit c = counters[c] may be funded on the group (fits, segment, answers one of its moves) */
  fitMask: Int32Array;
  /** n × counters, 元: the cost of the measure on the group (per group + share of 12 months' baseline) */
  measureCost: Float64Array;
  model: SimModel;
  /** library items the definition names that are missing or disabled (ignored) */
  ignored: { kind: 'move' | 'counter'; id: string }[];
  library: { moves: CompetitorMove[]; counters: CounterMeasure[] };
}

/** Monthly growth is rounded to this step (0.5 percentage points). */
export const GROWTH_STEP = 0.005;

export function roundedGrowth(growth: number): number {
  return Math.round(growth / GROWTH_STEP) * GROWTH_STEP;
}

/** The months whose baseline revenue a measure's revenue-share cost is taken on. */
export const COST_REVENUE_MONTHS = 12;

export function prepareScenario(groups: ScenarioGroups, library: ScenarioLibrary, definition: ScenarioDefinition): PreparedScenario {
  const H = definition.quarters * 3;
  const months = groups.asOf === null ? [] : Array.from({ length: H }, (_, k) => addMonths(groups.asOf ?? '', k + 1));
  const ignored: PreparedScenario['ignored'] = [];

  const moveDefs: CompetitorMove[] = [];
  const moves: ModelMove[] = [];
  for (const choice of definition.moves) {
    const m = library.moves.find((x) => x.id === choice.moveId);
    if (!m || m.disabled || moves.some((x) => x.id === m.id)) {
      if (!m || m.disabled) ignored.push({ kind: 'move', id: choice.moveId });
      continue;
    }
    if (moves.length >= 30) break;
    moveDefs.push(m);
    moves.push({ id: m.id, name: m.name, loss: m.lossProbability, diversion: m.diversionShare, intensity: choice.intensity });
  }
  const counterDefs: CounterMeasure[] = [];
  const counters: ModelCounter[] = [];
  const segments: (Uint8Array | null)[] = [];
  for (const choice of definition.counters) {
    const c = library.counters.find((x) => x.id === choice.measureId);
    if (!c || c.disabled || counters.some((x) => x.id === c.id)) {
      if (!c || c.disabled) ignored.push({ kind: 'counter', id: choice.measureId });
      continue;
    }
    if (counters.length >= 30) break;
    counterDefs.push(c);
    counters.push({
      id: c.id,
      name: c.name,
      lossReduction: c.lossReduction,
      diversionReduction: c.diversionReduction,
      start: c.leadMonths + 1,
      oneOff: c.cost.oneOff,
      discountShare: c.discountShare,
    });
    segments.push(choice.segment ? filterMask(groups, choice.segment) : null);
  }

  const scope = scopeMask(groups, definition.scope);
  let groupsInScope = 0;
  for (let g = 0; g < groups.size; g++) groupsInScope += scope[g] ?? 0;
  const moveMasks = moveDefs.map((m) => filterMask(groups, m.exposes));
  const exposedList: number[] = [];
  const masks: number[] = [];
  for (let g = 0; g < groups.size; g++) {
    if (scope[g] !== 1) continue;
    let mask = 0;
    for (let m = 0; m < moveMasks.length; m++) if (moveMasks[m]?.[g] === 1) mask |= 1 << m;
    if (mask !== 0) {
      exposedList.push(g);
      masks.push(mask);
    }
  }
  const n = exposedList.length;
  const exposed = Int32Array.from(exposedList);
  const moveMask = Int32Array.from(masks);
  const baseline = new Float64Array(n * H);
  const value = new Float64Array(n);
  const rate = new Int32Array(n);
  const rateList: number[] = [];
  for (let i = 0; i < n; i++) {
    const g = exposed[i] ?? 0;
    const v = groups.value[g] ?? 0;
    const factor = 1 + roundedGrowth(groups.growth[g] ?? 0);
    let r = rateList.indexOf(factor);
    if (r < 0) r = rateList.push(factor) - 1;
    value[i] = v;
    rate[i] = r;
    let f = factor;
    for (let k = 0; k < H; k++) {
      baseline[i * H + k] = v * f;
      f *= factor;
    }
  }

  const fitMasks = counterDefs.map((c) => filterMask(groups, c.fits));
  const fitMask = new Int32Array(n);
  const measureCost = new Float64Array(n * counters.length);
  for (let i = 0; i < n; i++) {
    const g = exposed[i] ?? 0;
    const gMoves = moveMask[i] ?? 0;
    let annual = 0;
    const v = groups.value[g] ?? 0;
    const factor = 1 + roundedGrowth(groups.growth[g] ?? 0);
    for (let k = 1; k <= COST_REVENUE_MONTHS; k++) annual += v * Math.pow(factor, k);
    for (let c = 0; c < counterDefs.length; c++) {
      const def = counterDefs[c];
      if (!def) continue;
      measureCost[i * counters.length + c] = def.cost.perGroup + def.cost.revenueShare * annual;
      if (fitMasks[c]?.[g] !== 1) continue;
      const seg = segments[c];
      if (seg && seg[g] !== 1) continue;
      const answers = def.answers.length === 0 || moveDefs.some((m, mi) => (gMoves & (1 << mi)) !== 0 && def.answers.includes(m.id));
      if (!answers) continue;
      fitMask[i] = (fitMask[i] ?? 0) | (1 << c);
    }
  }

  const model: SimModel = {
    H,
    n,
    baseline,
    value,
    rate,
    rates: Float64Array.from(rateList),
    moveMask,
    fundedMask: new Int32Array(n),
    groupCost: new Float64Array(n),
    oneOff: 0,
    moves,
    counters,
  };
  return { groups, definition, months, exposed, groupsInScope, fitMask, measureCost, model, ignored, library: { moves: moveDefs, counters: counterDefs } };
}

/** Sets the funded measures (bit masks per exposed group) and the costs that follow. */
export function withFunding(p: PreparedScenario, funded: Int32Array): SimModel {
  const C = p.model.counters.length;
  const groupCost = new Float64Array(p.model.n);
  const used = new Uint8Array(C);
  for (let i = 0; i < p.model.n; i++) {
    const mask = funded[i] ?? 0;
    let cost = 0;
    for (let c = 0; c < C; c++) {
      if ((mask & (1 << c)) === 0) continue;
      cost += p.measureCost[i * C + c] ?? 0;
      used[c] = 1;
    }
    groupCost[i] = cost;
  }
  let oneOff = 0;
  for (let c = 0; c < C; c++) if (used[c] === 1) oneOff += p.model.counters[c]?.oneOff ?? 0;
  return { ...p.model, fundedMask: funded, groupCost, oneOff };
}
