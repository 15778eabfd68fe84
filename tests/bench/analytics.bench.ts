/**
 * Analytics on 50,000 groups × 24 months: the columnar engine (shared/analytics)
 * against a straightforward row-object implementation of the same rules.
 *
 * Data: ten demo branches of 5,000 groups (seeds 20241…20250; the generator
 * cannot name 50,000 distinct groups in one branch), codes prefixed with the
 * branch digit. Engine: buildIndex + analyzePortfolio (all metrics, quadrants,
 * warnings, lifecycle, aggregations) + backtest (replay, AUC, precision/recall,
 * lift, logistic regression with 5-fold CV). Baseline: facts grouped per
 * group into arrays of row objects (filtering the 1.2 M facts once per group
 * would take hours), every number recomputed from those objects: current
 * value, trends, warning signals, score, zone, quadrant splits, and the
 * month-by-month back-test with its AUC (no logistic model). The two must
 * agree on every score and zone and on the back-test counts and AUC.
 *
 * Prints analytics.full.50k: analysis + back-test on the columnar index
 * (built once per data load) against the baseline's analysis on its grouped
 * row objects; and analytics.index.50k: building the index against the
 * baseline's grouping. Each time is the median of several runs, each after a
 * full garbage collection (the runner passes --expose-gc).
 */
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import type { Group, MonthlyFact, Portfolio } from '../../shared/model/portfolio';
import { analyzePortfolio, backtest, buildIndex, DEFAULT_SETTINGS, ZONES, type AnalyticsSettings } from '../../shared/analytics/index';
import { periodIndex, periodRange } from '../../shared/util/period';
import { printBench } from './benchUtil';

const GROUPS_PER_BRANCH = 5000;
const BRANCHES = 10;
const S: AnalyticsSettings = DEFAULT_SETTINGS;

function makeData(): Portfolio {
  const groups: Group[] = [];
  const facts: MonthlyFact[] = [];
  for (let k = 0; k < BRANCHES; k++) {
    const demo = generateDemoBranch({ seed: 20241 + k, groups: GROUPS_PER_BRANCH });
    for (const g of demo.portfolio.groups) groups.push({ ...g, groupCode: `${k}${g.groupCode}` });
    for (const f of demo.portfolio.facts) facts.push({ ...f, groupCode: `${k}${f.groupCode}` });
  }
  return { groups, facts };
}

// ---------------------------------------------------------------------------
// Baseline: row objects, no index

interface BaselineGroup {
  group: Group;
  /** fact per period (undefined before the first bill or for a missing month) */
  byPeriod: Map<string, MonthlyFact>;
  first: string;
}

interface BaselineResult {
  scores: Map<string, number>;
  zones: Map<string, string>;
  medianValue: number;
  medianScore: number;
  backtest: { rows: number; positives: number; auc: number | null };
}

const EPS = 1e-9;

function monthEnd(period: string): number {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return Date.UTC(y, m, 0) / 86_400_000;
}

interface BaselinePrep {
  allPeriods: string[];
  groups: BaselineGroup[];
}

/** The baseline's only preparation: facts grouped per group (row objects, no matrices). */
function baselinePrep(p: Portfolio): BaselinePrep {
  const periods = [...new Set(p.facts.map((f) => f.period))].sort();
  const allPeriods = periodRange(periods[0] as string, periods[periods.length - 1] as string);
  const byGroup = new Map<string, MonthlyFact[]>();
  for (const f of p.facts) {
    const list = byGroup.get(f.groupCode);
    if (list) list.push(f);
    else byGroup.set(f.groupCode, [f]);
  }
  const groups: BaselineGroup[] = p.groups.map((group) => {
    const facts = (byGroup.get(group.groupCode) ?? []).slice().sort((a, b) => (a.period < b.period ? -1 : 1));
    return { group, byPeriod: new Map(facts.map((f) => [f.period, f])), first: facts[0]?.period ?? '' };
  });
  return { allPeriods, groups };
}

function baseline(prep: BaselinePrep, s: AnalyticsSettings): BaselineResult {
  const w = s.warnings;
  const { allPeriods, groups } = prep;
  const pos = (period: string): number => periodIndex(period) - periodIndex(allPeriods[0] as string);
  const revenue = (bg: BaselineGroup, t: number): number => {
    const period = allPeriods[t] as string;
    if (t < pos(bg.first)) return NaN;
    return bg.byPeriod.get(period)?.totalRevenue ?? 0;
  };
  const field = (bg: BaselineGroup, t: number, key: 'members' | 'offNetMembers' | 'minutes' | 'arrears' | 'complaints' | 'faults'): number => {
    const v = bg.byPeriod.get(allPeriods[t] as string)?.[key];
    return v === undefined || v === null ? NaN : v;
  };
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

  /** score of a group at column t, from its row objects */
  const scoreAt = (bg: BaselineGroup, t: number): number => {
    const f0 = pos(bg.first);
    let score = 0;
    // revenue trend
    const m = w.revenueTrend.months;
    if (t - 2 * m + 1 >= f0) {
      const recent = range(t - m + 1, t).map((k) => revenue(bg, k)).reduce((a, b) => a + b, 0);
      const prev = range(t - 2 * m + 1, t - m).map((k) => revenue(bg, k)).reduce((a, b) => a + b, 0);
      if (prev > 0 && recent / prev - 1 <= w.revenueTrend.thresholdPct + EPS) score += w.revenueTrend.points;
    }
    // traffic
    const a = w.trafficDrop.avgMonths;
    if (t - a >= f0) {
      const prev = range(t - a, t - 1).map((k) => field(bg, k, 'minutes'));
      const cur = field(bg, t, 'minutes');
      const avg = mean(prev);
      if (!prev.some(Number.isNaN) && !Number.isNaN(cur) && avg > 0 && cur / avg - 1 <= w.trafficDrop.thresholdPct + EPS) score += w.trafficDrop.points;
    }
    // members
    const mm = w.memberLoss.months;
    if (t - mm >= f0) {
      const before = field(bg, t - mm, 'members');
      const now = field(bg, t, 'members');
      const lost = before - now;
      if (lost >= w.memberLoss.lossCount - EPS || (before > 0 && lost > 0 && lost / before >= w.memberLoss.lossPct - EPS)) score += w.memberLoss.points;
    }
    // off-net share
    const om = w.offNetRising.months;
    if (t - om >= f0) {
      const n0 = field(bg, t - om, 'members');
      const n1 = field(bg, t, 'members');
      if (n0 > 0 && n1 > 0) {
        const diff = field(bg, t, 'offNetMembers') / n1 - field(bg, t - om, 'offNetMembers') / n0;
        if (diff > 0 && diff >= w.offNetRising.risePp - EPS) score += w.offNetRising.points;
      }
    }
    // bill anomaly (population σ over the trailing months within history)
    const from = Math.max(f0, t - w.billAnomaly.trailingMonths);
    if (t - from >= w.billAnomaly.minMonths) {
      const xs = range(from, t - 1).map((k) => revenue(bg, k));
      const mu = mean(xs);
      const sd = Math.sqrt(mean(xs.map((x) => (x - mu) ** 2)));
      const bound = mu - w.billAnomaly.sigmas * sd;
      if (revenue(bg, t) < bound - EPS * Math.max(1, Math.abs(bound))) score += w.billAnomaly.points;
    }
    // complaints + faults
    if ((field(bg, t, 'complaints') || 0) + (field(bg, t, 'faults') || 0) >= w.complaints.count - EPS) score += w.complaints.points;
    // contract
    const end = bg.group.contractEnd;
    if (end === null) score += w.contract.points;
    else {
      const [y, mo, d] = end.split('-').map(Number) as [number, number, number];
      const remaining = Date.UTC(y, mo - 1, d) / 86_400_000 - monthEnd(allPeriods[t] as string);
      if (remaining <= w.contract.days) score += w.contract.points;
    }
    if (!bg.group.accountManager) score += w.noManager.points;
    // arrears run
    let run = 0;
    for (let k = t; k >= f0 && run < w.arrears.months && field(bg, k, 'arrears') > 0; k--) run++;
    if (run >= w.arrears.months) score += w.arrears.points;
    return score;
  };

  const tLast = allPeriods.length - 1;
  const scores = new Map<string, number>();
  const zones = new Map<string, string>();
  const values: number[] = [];
  const scoreList: number[] = [];
  for (const bg of groups) {
    if (!bg.first) continue;
    const f0 = pos(bg.first);
    const score = scoreAt(bg, tLast);
    let zr = 0;
    for (let k = tLast; k >= f0 && revenue(bg, k) <= 0; k--) zr++;
    const history = tLast - f0 + 1;
    const zone =
      history < w.whiteMinHistory || zr >= w.whiteZeroMonths ? 'white' : score >= w.zones.red ? 'red' : score >= w.zones.yellow ? 'yellow' : score >= w.zones.blue ? 'blue' : 'green';
    scores.set(bg.group.groupCode, score);
    zones.set(bg.group.groupCode, zone);
    const win = range(Math.max(f0, tLast - s.value.windowMonths + 1), tLast).map((k) => revenue(bg, k));
    const value = mean(win);
    if (value > 0) {
      values.push(value);
      scoreList.push(score);
    }
  }
  const median = (xs: number[]): number => {
    const v = [...xs].sort((x, y) => x - y);
    const mid = v.length >> 1;
    return v.length % 2 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
  };

  // back-test
  const B = s.backtest;
  const rows: { score: number; label: boolean }[] = [];
  for (let t = B.baselineMonths; t <= tLast - B.horizonMonths + 1; t++) {
    for (const bg of groups) {
      if (!bg.first) continue;
      const f0 = pos(bg.first);
      if (f0 > t - B.baselineMonths || t - f0 + 1 < w.whiteMinHistory) continue;
      let zr = 0;
      for (let k = t; k >= f0 && revenue(bg, k) <= 0; k--) zr++;
      if (zr >= w.whiteZeroMonths) continue;
      const base = mean(range(t - B.baselineMonths, t - 1).map((k) => revenue(bg, k)));
      if (!(base > 0)) continue;
      const out = range(t, t + B.horizonMonths - 1).map((k) => revenue(bg, k));
      const label = B.outcome === 'all' ? out.every((v) => v < B.dropRatio * base) : mean(out) < B.dropRatio * base;
      rows.push({ score: scoreAt(bg, t), label });
    }
  }
  rows.sort((x, y) => x.score - y.score);
  let nPos = 0;
  let rankSum = 0;
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && (rows[j + 1] as { score: number }).score === (rows[i] as { score: number }).score) j++;
    for (let k = i; k <= j; k++) {
      if ((rows[k] as { label: boolean }).label) {
        nPos++;
        rankSum += (i + j) / 2 + 1;
      }
    }
    i = j + 1;
  }
  const nNeg = rows.length - nPos;
  const auc = nPos > 0 && nNeg > 0 ? (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg) : null;
  return { scores, zones, medianValue: median(values), medianScore: median(scoreList), backtest: { rows: rows.length, positives: nPos, auc } };
}

// ---------------------------------------------------------------------------

function timeRuns(fn: () => unknown, runs: number): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc?.();
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

const t0 = performance.now();
const portfolio = makeData();
console.log(`# data: ${portfolio.groups.length} groups, ${portfolio.facts.length} facts (${Math.round(performance.now() - t0)} ms to generate)`);

const ix = buildIndex(portfolio);
const result = analyzePortfolio(ix, S);
const bt = backtest(ix, S);
const prep = baselinePrep(portfolio);
const base = baseline(prep, S);

// agreement
let mismatches = 0;
const table = result.table;
let scored = 0;
for (let g = 0; g < table.size; g++) {
  if ((table.history[g] as number) === 0) continue;
  scored++;
  const code = table.codes[g] as string;
  const zone = ZONES[table.zone[g] as number];
  if (base.scores.get(code) !== table.score[g] || base.zones.get(code) !== zone) {
    if (mismatches < 5) console.error(`mismatch ${code}: engine ${table.score[g]}/${zone}, baseline ${base.scores.get(code)}/${base.zones.get(code)}`);
    mismatches++;
  }
}
if (scored !== base.scores.size) mismatches++;
if (Math.abs((result.quadrants.valueRisk.x.value ?? NaN) - base.medianValue) > 1e-6) mismatches++;
if (Math.abs((result.quadrants.valueRisk.y.value ?? NaN) - base.medianScore) > 1e-9) mismatches++;
if (bt.status !== 'ok' || bt.rows !== base.backtest.rows || bt.positives !== base.backtest.positives || Math.abs((bt.auc ?? NaN) - (base.backtest.auc ?? NaN)) > 1e-9) {
  console.error('back-test mismatch', bt.status === 'ok' ? [bt.rows, bt.positives, bt.auc] : bt.status, base.backtest);
  mismatches++;
}
if (mismatches > 0) {
  console.error(`engine and baseline disagree (${mismatches})`);
  process.exit(1);
}
console.log(
  `# agree on ${scored} scores and zones; back-test ${bt.status === 'ok' ? `${bt.rows} rows, AUC ${bt.auc?.toFixed(4)}, logistic AUC ${bt.logistic.status === 'ok' ? bt.logistic.auc?.toFixed(4) : '—'}` : ''}`,
);

// the engine's index is built once per data load; the analysis runs on it
const analysisMs = timeRuns(() => [analyzePortfolio(ix, S), backtest(ix, S)], 7);
const indexMs = timeRuns(() => buildIndex(portfolio), 3);
const baselinePrepMs = timeRuns(() => baselinePrep(portfolio), 3);
const baselineMs = timeRuns(() => baseline(prep, S), 1);
console.log(`# engine: index ${indexMs.toFixed(0)} ms once + analysis ${analysisMs.toFixed(0)} ms; baseline: grouping ${baselinePrepMs.toFixed(0)} ms + analysis ${baselineMs.toFixed(0)} ms`);

printBench({ name: 'analytics.full.50k', value: analysisMs, unit: 'ms', baseline: 'row-objects', baselineValue: baselineMs });
printBench({ name: 'analytics.index.50k', value: indexMs, unit: 'ms', baseline: 'row-objects-grouping', baselineValue: baselinePrepMs });
