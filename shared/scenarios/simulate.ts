/**
 * A scenario from definition to result: prepare the model, allocate the
 * budget, the closed form, the tornado, guardrails (planScenario, fast, no
 * Monte Carlo); the Monte Carlo (runMonteCarlo, in a worker in the app); and
 * the assembled ScenarioResult (assembleResult). simulateScenario does all
 * three in-process (tests, CLI).
 */
import { allocate, allocationReport } from './allocate';
import { closedForm, meanEffects, pointEffects, type ClosedForm, type Effects } from './closedForm';
import { valueRiskCellOf, zoneOf, type ScenarioGroups } from './groups';
import { guardrails } from './guardrails';
import { prepareScenario, withFunding, type PreparedScenario, type SimModel } from './model';
import { runMonteCarlo, type McRaw } from './monteCarlo';
import type {
  Allocation,
  Exposure,
  ExposureRow,
  Guardrail,
  LocalText,
  Outcome,
  ScenarioDefinition,
  ScenarioLibrary,
  ScenarioResult,
  ScenarioTrace,
  Stat,
  Tornado,
} from './types';

const T = (zh: string, en: string): LocalText => ({ zh, en });

export const TREND_RULE = T(
  '基线收入：集团当前价值（近3个月月均收入，分析引擎口径）按其短期趋势折算的月增长率外推，(1+趋势)^(1/3)−1，限制在每月 −5% 至 +3%：第 k 月 = 当前价值 × (1+月增长率)^k，不会为负。',
  'Baseline: the group’s current value (mean monthly revenue of the last 3 months, the engine’s figure) grown by its short trend turned monthly, (1+trend)^(1/3)−1, clamped to −5%…+3% a month: month k = value × (1+growth)^k, never negative.',
);
export const LOSS_TIMING = T(
  '流失时点：攻击在推演期内均匀分布的某个月发生；若此时应对措施已生效（起效月 = 准备期 + 1），该月的流失概率按措施的降幅降低。多项攻击按相互独立合并：1 − Π(1 − p)；多项措施的降幅相乘。',
  'Loss timing: the move strikes in a month uniform over the horizon; if a measure is working by then (from month lead time + 1), that month’s loss chance is cut by its reduction. Several moves combine as independent: 1 − Π(1 − p); several measures multiply their reductions.',
);

export interface ScenarioPlan {
  prepared: PreparedScenario;
  /** the model with the allocation's funding */
  model: SimModel;
  allocation: Allocation;
  guardrails: Guardrail[];
  expected: ClosedForm;
  tornado: Tornado;
  marginShare: number;
}

export function planScenario(groups: ScenarioGroups, library: ScenarioLibrary, definition: ScenarioDefinition, marginShare: number): ScenarioPlan {
  const prepared = prepareScenario(groups, library, definition);
  const { funded, skipped } = allocate(prepared);
  const model = withFunding(prepared, funded);
  const allocation = allocationReport(prepared, funded, skipped);
  const expected = closedForm(model, meanEffects(model));
  return { prepared, model, allocation, guardrails: guardrails(prepared, allocation, marginShare), expected, tornado: tornadoOf(model), marginShare };
}

/** Net benefit with one input at its low and high end, every other at likely (closed form, deterministic). */
export function tornadoOf(model: SimModel): Tornado {
  const likely = pointEffects(model, (r) => r.likely);
  const base = closedForm(model, likely).netBenefit;
  const rows: Tornado['rows'] = [];
  const usedCounters = new Set<number>();
  for (let i = 0; i < model.n; i++) for (let c = 0; c < model.counters.length; c++) if (((model.fundedMask[i] ?? 0) & (1 << c)) !== 0) usedCounters.add(c);
  const vary = (inputId: string, label: LocalText, low: number, high: number, set: (eff: Effects, v: number) => void): void => {
    const at = (v: number): number => {
      const eff: Effects = { q: likely.q.slice(), e: likely.e.slice(), r: likely.r.slice(), s: likely.s.slice() };
      set(eff, v);
      return closedForm(model, eff).netBenefit;
    };
    const nLow = at(low);
    const nHigh = at(high);
    rows.push({ inputId, label, low, high, netBenefitLow: nLow, netBenefitHigh: nHigh, swing: Math.abs(nHigh - nLow) });
  };
  model.moves.forEach((m, i) => {
    const cap = (x: number): number => Math.min(1, m.intensity * x);
    vary(`move:${m.id}:loss`, T(`${m.name.zh}：流失概率`, `${m.name.en}: loss probability`), m.loss.low, m.loss.high, (eff, v) => {
      eff.q[i] = cap(v);
    });
    vary(`move:${m.id}:diversion`, T(`${m.name.zh}：收入分流`, `${m.name.en}: revenue diverted`), m.diversion.low, m.diversion.high, (eff, v) => {
      eff.e[i] = cap(v);
    });
  });
  model.counters.forEach((c, i) => {
    if (!usedCounters.has(i)) return;
    vary(`counter:${c.id}:loss`, T(`${c.name.zh}：流失降幅`, `${c.name.en}: loss reduction`), c.lossReduction.low, c.lossReduction.high, (eff, v) => {
      eff.r[i] = v;
    });
    vary(`counter:${c.id}:diversion`, T(`${c.name.zh}：分流降幅`, `${c.name.en}: diversion reduction`), c.diversionReduction.low, c.diversionReduction.high, (eff, v) => {
      eff.s[i] = v;
    });
  });
  rows.sort((a, b) => b.swing - a.swing || a.inputId.localeCompare(b.inputId));
  return {
    base,
    rows,
    trace: {
      rule: T(
        '龙卷风图：每次只把一个输入放在低值或高值，其余输入取最可能值，按闭式公式计算净收益；按摆幅排序。',
        'Tornado: one input at a time at its low and its high value, every other at likely; net benefit from the closed form; sorted by swing.',
      ),
      inputs: [{ label: T('全部取最可能值时的净收益（元）', 'Net benefit with every input at likely (yuan)'), value: Math.round(base) }],
      settings: [],
    },
  };
}

/** Type-7 quantile of sorted values. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] ?? NaN;
  const b = sorted[hi] ?? NaN;
  if (a === b) return a; // also keeps ±Infinity exact
  return a + (h - lo) * (b - a);
}

function pcts(values: Float64Array): { p10: number | null; p50: number | null; p90: number | null } {
  const s = Float64Array.from(values).sort();
  const f = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return { p10: f(quantileSorted(s, 0.1)), p50: f(quantileSorted(s, 0.5)), p90: f(quantileSorted(s, 0.9)) };
}

function stat(expected: number | null, values: Float64Array | null, trace: ScenarioTrace): Stat {
  if (values === null) return { expected, p10: expected, p50: expected, p90: expected, trace };
  return { expected, ...pcts(values), trace };
}

const yuan = (x: number): number => Math.round(x);

function tr(rule: LocalText, inputs: [LocalText, number | string][], settings: [LocalText, number | string][] = []): ScenarioTrace {
  return { rule, inputs: inputs.map(([label, value]) => ({ label, value })), settings: settings.map(([label, value]) => ({ label, value })) };
}

/**
 * Payback over the runs (issue 13): a run that does not pay back within the
 * horizon is "beyond the horizon" (Infinity → null) in every statistic, so the
 * expected value (the mean over the runs) is beyond the horizon as soon as one
 * run is, and P10 ≤ P50 ≤ P90 ≤ expected read consistently. The share of such
 * runs is reported beside them.
 */
export function paybackStat(payback: Float64Array, cost: number, inputs: [LocalText, number | string][]): Stat {
  const runs = payback.length;
  let beyond = 0;
  let sum = 0;
  for (let r = 0; r < runs; r++) {
    const v = payback[r] ?? Infinity;
    if (Number.isFinite(v)) sum += v;
    else beyond++;
  }
  const share = runs > 0 ? beyond / runs : 0;
  const pct = `${Math.round(share * 1000) / 10}%`;
  const trace = tr(
    T(
      '回收期 = 累计多保收入首次覆盖成本的月份（成本在第0月投入）。在推演期内收不回成本的模拟记为“超出推演期”，每个统计量都这样计：期望值为各次模拟回收月的平均，只要有模拟超出推演期，期望值也超出推演期；P10/P50/P90 同理。',
      'Payback = first month the cumulative extra revenue covers the cost (spent at month 0). A run that does not pay back within the horizon counts as "beyond the horizon" in every statistic: the expected value is the mean payback month over the runs, beyond the horizon as soon as any run is; P10/P50/P90 likewise.',
    ),
    [...inputs, [T('推演期内收不回的模拟占比', 'Share of runs not paying back within the horizon'), pct]],
  );
  if (!(cost > 0) || runs === 0) return { expected: null, p10: null, p50: null, p90: null, trace };
  return { expected: beyond > 0 ? null : sum / runs, ...pcts(payback), beyondHorizonShare: share, trace };
}

function outcomes(plan: ScenarioPlan, mc: McRaw): { planOutcome: Outcome; none: Outcome; paybackRuns: Float64Array } {
  const { model, expected } = plan;
  const H = model.H;
  const runs = mc.runs;
  const cost = expected.cost;
  const net = new Float64Array(runs);
  const roi = new Float64Array(runs);
  const payback = new Float64Array(runs);
  for (let r = 0; r < runs; r++) {
    net[r] = (mc.revPlan[r] ?? 0) - (mc.revNone[r] ?? 0) - cost;
    roi[r] = cost > 0 ? (net[r] ?? 0) / cost : NaN;
    let cum = 0;
    let pb = Infinity;
    if (cost > 0) {
      for (let k = 0; k < H; k++) {
        cum += (mc.monthPlan[r * H + k] ?? 0) - (mc.monthNone[r * H + k] ?? 0);
        if (cum >= cost) {
          pb = k + 1;
          break;
        }
      }
    }
    payback[r] = pb;
  }
  const common: [LocalText, number | string][] = [
    [T('受影响集团数', 'Exposed groups'), model.n],
    [T('推演月数', 'Months simulated'), H],
    [T('模拟次数', 'Runs'), runs],
  ];
  const settings: [LocalText, number | string][] = [
    [T('基线规则', 'Baseline rule'), TREND_RULE.zh],
    [T('流失时点', 'Loss timing'), LOSS_TIMING.zh],
  ];
  const revRule = T(
    '保有收入 = Σ 集团 Σ 月 基线收入 × 未流失 × (1 − 分流比例)。期望值为闭式公式；P10/P50/P90 为蒙特卡洛模拟的分位数（每次模拟按三角分布抽取各区间）。',
    'Revenue kept = Σ groups Σ months baseline × not lost × (1 − diverted share). Expected value in closed form; P10/P50/P90 are Monte Carlo percentiles (each run draws every range from its triangular distribution).',
  );
  const lostF = Float64Array.from(mc.lostPlan);
  const lostNoneF = Float64Array.from(mc.lostNone);
  const costTrace = tr(
    T('成本 = Σ 已分配措施（每集团固定费用 + 收入比例 × 该集团未来12个月基线收入）+ 所用措施的一次性费用；成本按承诺投入计，不随模拟变化。', 'Cost = Σ funded measures (per-group fee + revenue share × the group’s next 12 months of baseline) + one-off costs of the measures used; the committed spend, the same in every run.'),
    [
      [T('每集团费用合计（元）', 'Per-group costs (yuan)'), yuan(cost - model.oneOff)],
      [T('一次性费用（元）', 'One-off costs (yuan)'), yuan(model.oneOff)],
      [T('预算（元）', 'Budget (yuan)'), yuan(plan.allocation.budget)],
    ],
  );
  const planOutcome: Outcome = {
    revenueKept: stat(expected.revenuePlan, mc.revPlan, tr(revRule, [...common, [T('基线收入合计（元）', 'Baseline total (yuan)'), yuan(expected.baselineTotal)]], settings)),
    groupsLost: stat(
      expected.lostPlan,
      lostF,
      tr(T('流失集团数 = 推演期内整体转网的集团数；期望值 = Σ 各集团流失概率。', 'Groups lost = groups switched away within the horizon; expected = Σ each group’s loss probability.'), common, settings),
    ),
    cost: stat(cost, null, costTrace),
    netBenefit: stat(
      expected.netBenefit,
      net,
      tr(T('净收益 = 有方案的保有收入 − 不作为的保有收入 − 成本（同一次模拟中对比）。', 'Net benefit = revenue kept with the plan − revenue kept doing nothing − cost (compared within the same run).'), [
        ...common,
        [T('期望多保收入（元）', 'Expected extra revenue (yuan)'), yuan(expected.revenuePlan - expected.revenueNone)],
        [T('成本（元）', 'Cost (yuan)'), yuan(cost)],
      ]),
    ),
    roi: stat(
      expected.roi,
      cost > 0 ? roi : null,
      tr(T('投资回报率 = 净收益 ÷ 成本；无投入时不适用。', 'ROI = net benefit ÷ cost; not defined without spend.'), [[T('成本（元）', 'Cost (yuan)'), yuan(cost)]]),
    ),
    paybackMonth: paybackStat(payback, cost, [[T('成本（元）', 'Cost (yuan)'), yuan(cost)], ...common]),
  };
  const zeroTrace = tr(T('不作为：不投入任何措施。', 'Do nothing: no measure is funded.'), []);
  const none: Outcome = {
    revenueKept: stat(expected.revenueNone, mc.revNone, tr(revRule, [...common, [T('基线收入合计（元）', 'Baseline total (yuan)'), yuan(expected.baselineTotal)]], settings)),
    groupsLost: stat(expected.lostNone, lostNoneF, tr(T('不作为时推演期内整体转网的集团数。', 'Groups switched away within the horizon when doing nothing.'), common, settings)),
    cost: stat(0, null, zeroTrace),
    netBenefit: stat(0, null, zeroTrace),
    roi: { expected: null, p10: null, p50: null, p90: null, trace: zeroTrace },
    paybackMonth: { expected: null, p10: null, p50: null, p90: null, trace: zeroTrace },
  };
  return { planOutcome, none, paybackRuns: payback };
}

export function exposureOf(p: PreparedScenario, expected: ClosedForm, mc: McRaw | null): Exposure {
  const m = p.model;
  const eff = meanEffects(m);
  const rows: ExposureRow[] = [];
  for (let i = 0; i < m.n; i++) {
    const g = p.exposed[i] ?? 0;
    const mm = m.moveMask[i] ?? 0;
    let keepDiv = 1;
    const moveIds: string[] = [];
    m.moves.forEach((mv, j) => {
      if ((mm & (1 << j)) === 0) return;
      keepDiv *= 1 - (eff.e[j] ?? 0);
      moveIds.push(mv.id);
    });
    let baseline = 0;
    for (let k = 0; k < m.H; k++) baseline += m.baseline[i * m.H + k] ?? 0;
    rows.push({
      groupCode: p.groups.codes[g] ?? '',
      groupName: p.groups.names[g] ?? '',
      zone: zoneOf(p.groups, g),
      cell: valueRiskCellOf(p.groups, g),
      industry: p.groups.industry[g] ?? null,
      groupClass: p.groups.groupClass[g] ?? null,
      accountManager: p.groups.accountManager[g] ?? null,
      value: p.groups.value[g] ?? 0,
      baseline,
      lossProbability: expected.groupLossProbability[i] ?? 0,
      diversion: 1 - keepDiv,
      expectedLoss: expected.groupLossNone[i] ?? 0,
      moveIds,
    });
  }
  const byMove = m.moves.map((mv, j) => {
    let groups = 0;
    let loss = 0;
    rows.forEach((r, i) => {
      if (((m.moveMask[i] ?? 0) & (1 << j)) === 0) return;
      groups++;
      loss += r.expectedLoss;
    });
    return { moveId: mv.id, name: mv.name, groups, expectedLoss: loss };
  });
  rows.sort((a, b) => b.expectedLoss - a.expectedLoss || a.groupCode.localeCompare(b.groupCode));
  const atRisk = expected.baselineTotal - expected.revenueNone;
  const riskRuns = mc ? Float64Array.from(mc.revNone, (x) => expected.baselineTotal - x) : null;
  const trace = tr(
    T('受威胁收入 = 推演期基线收入 − 不作为时的保有收入（流失的集团 + 留下集团被分流的收入）。期望值为闭式公式，P10/P50/P90 为蒙特卡洛分位数。', 'Revenue at risk = horizon baseline − revenue kept doing nothing (groups lost + revenue diverted from those kept). Expected in closed form; P10/P50/P90 from the Monte Carlo.'),
    [
      [T('范围内集团数', 'Groups in scope'), p.groupsInScope],
      [T('受影响集团数', 'Exposed groups'), m.n],
      [T('基线收入合计（元）', 'Baseline total (yuan)'), yuan(expected.baselineTotal)],
      [T('模拟次数', 'Runs'), mc ? mc.runs : 0],
    ],
    [[T('基线规则', 'Baseline rule'), TREND_RULE.zh]],
  );
  return {
    asOf: p.groups.asOf,
    months: p.months,
    groupsInScope: p.groupsInScope,
    exposedGroups: m.n,
    baselineRevenue: expected.baselineTotal,
    revenueAtRisk: stat(atRisk, riskRuns, trace),
    runs: mc ? mc.runs : 0,
    rows,
    byMove,
    trace,
  };
}

function band(month: Float64Array, runs: number, H: number, expected: Float64Array): { p10: number[]; p50: number[]; p90: number[]; expected: number[] } {
  const p10: number[] = [];
  const p50: number[] = [];
  const p90: number[] = [];
  const col = new Float64Array(runs);
  for (let k = 0; k < H; k++) {
    for (let r = 0; r < runs; r++) col[r] = month[r * H + k] ?? 0;
    col.sort();
    p10.push(quantileSorted(col, 0.1));
    p50.push(quantileSorted(col, 0.5));
    p90.push(quantileSorted(col, 0.9));
  }
  return { p10, p50, p90, expected: Array.from(expected) };
}

export function assembleResult(plan: ScenarioPlan, mc: McRaw, elapsedMs: number): ScenarioResult {
  const d = plan.prepared.definition;
  const { planOutcome, none } = outcomes(plan, mc);
  const H = plan.model.H;
  let mean = 0;
  for (let r = 0; r < mc.runs; r++) mean += mc.revPlan[r] ?? 0;
  mean /= Math.max(1, mc.runs);
  const exp = plan.expected.revenuePlan;
  return {
    scenarioId: d.id,
    name: d.name,
    asOf: plan.prepared.groups.asOf,
    months: plan.prepared.months,
    runs: mc.runs,
    seed: d.seed,
    exposure: exposureOf(plan.prepared, plan.expected, mc),
    allocation: plan.allocation,
    plan: planOutcome,
    doNothing: none,
    fan: {
      months: plan.prepared.months,
      plan: band(mc.monthPlan, mc.runs, H, plan.expected.plan),
      doNothing: band(mc.monthNone, mc.runs, H, plan.expected.none),
      baseline: Array.from(plan.expected.baseline),
    },
    tornado: plan.tornado,
    guardrails: plan.guardrails,
    check: { mcMeanRevenueKept: mean, expectedRevenueKept: exp, relativeDifference: exp !== 0 ? (mean - exp) / exp : 0 },
    settings: { marginShare: plan.marginShare, trendRule: TREND_RULE, lossTiming: LOSS_TIMING },
    elapsedMs,
  };
}

/** Exposure only (wizard step 3): no allocation, do-nothing Monte Carlo for the percentiles. */
export function scenarioExposure(groups: ScenarioGroups, library: ScenarioLibrary, definition: ScenarioDefinition): Exposure {
  const p = prepareScenario(groups, library, definition);
  const expected = closedForm(p.model, meanEffects(p.model));
  const mc = runMonteCarlo(p.model, { runs: definition.runs, seed: definition.seed });
  return exposureOf(p, expected, mc);
}

/** Everything in-process (tests, CLI). */
export function simulateScenario(
  groups: ScenarioGroups,
  library: ScenarioLibrary,
  definition: ScenarioDefinition,
  marginShare: number,
  now: () => number = () => 0,
): ScenarioResult {
  const t0 = now();
  const plan = planScenario(groups, library, definition, marginShare);
  const mc = runMonteCarlo(plan.model, { runs: definition.runs, seed: definition.seed });
  return assembleResult(plan, mc, now() - t0);
}

