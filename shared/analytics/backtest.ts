/**
 * Back-test of the warning rules (docs/domain.md §5): replay month by month. At
 * month t every group that is not white is scored from data up to t only;
 * the outcome is "value loss": revenue in each of t … t+1 below 90% of the
 * mean of t−3 … t−1 (settings: horizon, baseline, ratio, all/mean).
 * Reports precision and recall at each zone cut-off, ROC AUC (ties count one
 * half), lift of the top decile, and an L2 logistic regression on the
 * signals' raw values with k-fold cross-validation by group, beside the
 * rules' AUC on the same rows.
 */
import type { LocalText, Trace } from '../model/trace';
import { type PortfolioIndex, revenueMatrix } from './columnar';
import { assignFolds, crossValidate, fitLogistic, fitStandardiser, standardise } from './logistic';
import { type AnalyticsSettings, SIGNAL_IDS, SIGNAL_LABELS, type SignalId, settingsTrace } from './settings';
import { createSignalBuffer, evaluateRange, firedMaskAt, N_SIGNALS, signalContext } from './signals';
import { aucFromCounts, liftFromCounts, rocAuc } from './stats';
import { T, fmtPct, round4 } from './text';

export interface Insufficient {
  status: 'insufficient';
  needMonths: number;
  haveMonths: number;
  reason: LocalText;
  settings: AnalyticsSettings;
}

/**
 * A back-test figure that rests on fewer months than FEW_MONTHS or fewer
 * events (value-loss rows; flagged rows for a precision) than FEW_EVENTS is
 * labelled as such beside it, in the app, the review deck and the workbook
 * (issue #13). Engine choices, not settings: DOMAIN asks for 6+ months before
 * a back-test at all, and 20 events is where one event moves a rate by 5 pp.
 */
export const FEW_MONTHS = 6;
export const FEW_EVENTS = 20;

/**
 * "Based on only N months / N value-loss rows — read with care", or null when
 * the figure rests on enough. `flagged` switches the events to flagged rows
 * (the denominator of a precision).
 */
export function fewDataCaveat(months: number, events: number, kind: 'loss' | 'flagged' = 'loss'): LocalText | null {
  const fewMonths = months < FEW_MONTHS;
  const fewEvents = events < FEW_EVENTS;
  if (!fewMonths && !fewEvents) return null;
  const zh: string[] = [];
  const en: string[] = [];
  if (fewMonths) {
    zh.push(`${months} 个月`);
    en.push(`${months} month${months === 1 ? '' : 's'}`);
  }
  if (fewEvents) {
    zh.push(kind === 'flagged' ? `${events} 个预警样本` : `${events} 个流失样本`);
    en.push(kind === 'flagged' ? `${events} flagged row${events === 1 ? '' : 's'}` : `${events} value-loss row${events === 1 ? '' : 's'}`);
  }
  return T(`仅基于 ${zh.join('、')}，仅供参考`, `based on only ${en.join(' and ')}: read with care`);
}

export interface ThresholdQuality {
  zone: 'red' | 'yellow' | 'blue';
  /** rows with score ≥ minScore are flagged */
  minScore: number;
  flagged: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number | null;
  recall: number | null;
  /** the precision rests on few flagged rows or months (null = enough) */
  precisionCaveat: LocalText | null;
  /** the recall rests on few value-loss rows or months (null = enough) */
  recallCaveat: LocalText | null;
}

export interface LogisticFeature {
  id: SignalId;
  label: LocalText;
  /** coefficient per standard deviation of the feature */
  coefficient: number;
  /** coefficient per unit of the raw feature */
  coefficientRaw: number;
  mean: number;
  sd: number;
}

export interface LogisticComparison {
  status: 'ok';
  rows: number;
  positives: number;
  groups: number;
  folds: number;
  /** cross-validated (out-of-fold) AUC of the model */
  auc: number | null;
  /** AUC of the rules' score on the same rows */
  rulesAuc: number | null;
  /** the model's AUC rests on few value-loss rows (null = enough) */
  caveat: LocalText | null;
  intercept: number;
  features: LogisticFeature[];
  /** signals left out: constant or never observed on these rows */
  dropped: SignalId[];
  iterations: number;
  converged: boolean;
  trace: Trace;
}

export interface BacktestResult {
  status: 'ok';
  settings: AnalyticsSettings;
  asOf: string;
  haveMonths: number;
  /** months t that contributed rows */
  monthsUsed: number;
  periods: string[];
  rows: number;
  positives: number;
  baseRate: number | null;
  auc: number | null;
  thresholds: ThresholdQuality[];
  lift: { share: number; lift: number | null };
  /** AUC and lift rest on few months or value-loss rows (null = enough) */
  caveat: LocalText | null;
  /** rows per distinct score */
  histogram: { score: number; pos: number; neg: number }[];
  logistic: LogisticComparison | { status: 'insufficient'; reason: LocalText };
  trace: Trace;
}

export interface BacktestOptions {
  /** last month whose data may be used (default: the last period) */
  asOfColumn?: number;
  /** skip the logistic model */
  logistic?: boolean;
}

/** Integer hash → [0, 1), for deterministic sampling of groups. */
function unitHash(i: number, seed: number): number {
  let h = (Math.imul(i + 1, 0x9e3779b1) ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

export function runBacktest(ix: PortfolioIndex, s: AnalyticsSettings, opts: BacktestOptions = {}): BacktestResult | Insufficient {
  const B = s.backtest;
  const tEnd = opts.asOfColumn ?? ix.nP - 1;
  const haveMonths = tEnd + 1;
  if (ix.nP === 0 || haveMonths < B.minMonths) {
    return {
      status: 'insufficient',
      needMonths: B.minMonths,
      haveMonths: Math.max(0, haveMonths),
      reason: T(`回测至少需要 ${B.minMonths} 个月的历史，目前只有 ${Math.max(0, haveMonths)} 个月`, `The back-test needs ${B.minMonths} months of history; there are ${Math.max(0, haveMonths)}`),
      settings: s,
    };
  }
  const nP = ix.nP;
  const nG = ix.nG;
  const rev = revenueMatrix(ix, s.value.basis);
  const total = ix.m.totalRevenue;
  const ctx = signalContext(ix, s);
  const H = B.horizonMonths;
  const BL = B.baselineMonths;
  const ratio = B.dropRatio;
  const tFirst = BL;
  const tLast = tEnd - H + 1;

  // counts per fired-signal mask (≤ 2^10 cells); the score is a function of the mask
  const maskCount = 1 << N_SIGNALS;
  const posByMask = new Int32Array(maskCount);
  const negByMask = new Int32Array(maskCount);
  const scoreOfMask = ctx.scoreOfMask;

  // logistic sample: whole groups, chosen deterministically
  const doLogistic = opts.logistic !== false;
  const monthsPossible = Math.max(1, tLast - tFirst + 1);
  const sampleP = Math.min(1, s.logistic.maxRows / Math.max(1, nG * monthsPossible));
  const feats: number[] = [];
  const fLabels: number[] = [];
  const fScores: number[] = [];
  const fGroups: number[] = [];

  const rowsAtT = new Int32Array(nP);
  let rows = 0;
  let positives = 0;
  const rb = createSignalBuffer(Math.max(1, tLast - tFirst + 1), 0);
  const rbFeatures = createSignalBuffer(rb.cap, 1);
  const cap = rb.cap;
  const whiteMin = s.warnings.whiteMinHistory;
  const whiteZero = s.warnings.whiteZeroMonths;
  const all = B.outcome === 'all';
  // group-major: a group's rows stay in cache while its months are replayed
  for (let g = 0; g < nG; g++) {
    const f0 = ix.first[g] as number;
    if (f0 < 0) continue;
    const tStart = Math.max(tFirst, f0 + BL, f0 + whiteMin - 1);
    if (tStart > tLast) continue;
    const base = g * nP;
    let evaluated = false;
    const sampled = doLogistic && (sampleP >= 1 || unitHash(g, s.logistic.seed) < sampleP);
    // zero-revenue run ending at tStart − 1
    let zr = 0;
    for (let k = tStart - 1; k >= f0 && (total[base + k] as number) <= 0; k--) zr++;
    for (let t = tStart; t <= tLast; t++) {
      zr = (total[base + t] as number) <= 0 ? zr + 1 : 0;
      if (zr >= whiteZero) continue; // white at t: not scored
      let bsum = 0;
      for (let k = t - BL; k < t; k++) bsum += rev[base + k] as number;
      if (!(bsum > 0)) continue;
      const limit = (ratio * bsum) / BL;
      let allBelow = true;
      let osum = 0;
      let missing = false;
      for (let k = t; k < t + H; k++) {
        const v = rev[base + k] as number;
        if (Number.isNaN(v)) {
          missing = true;
          break;
        }
        osum += v;
        if (!(v < limit)) allBelow = false;
      }
      if (missing) continue;
      const buf = sampled ? rbFeatures : rb;
      if (!evaluated) {
        evaluateRange(ctx, g, tStart, tLast, buf);
        evaluated = true;
      }
      const k = t - tStart;
      const label = all ? allBelow : osum / H < limit;
      const mask = firedMaskAt(buf, k);
      if (label) {
        posByMask[mask] = (posByMask[mask] as number) + 1;
        positives++;
      } else negByMask[mask] = (negByMask[mask] as number) + 1;
      rows++;
      rowsAtT[t] = (rowsAtT[t] as number) + 1;
      if (sampled) {
        for (let i = 0; i < N_SIGNALS; i++) feats.push(rbFeatures.feature[i * cap + k] as number);
        fLabels.push(label ? 1 : 0);
        fScores.push(scoreOfMask[mask] as number);
        fGroups.push(g);
      }
    }
  }
  const usedMonths: string[] = [];
  for (let t = 0; t < nP; t++) if ((rowsAtT[t] as number) > 0) usedMonths.push(ix.periods[t] as string);

  // histogram by score
  const byScore = new Map<number, { score: number; pos: number; neg: number }>();
  for (let mask = 0; mask < maskCount; mask++) {
    const p = posByMask[mask] as number;
    const q = negByMask[mask] as number;
    if (p === 0 && q === 0) continue;
    const sc = scoreOfMask[mask] as number;
    const bin = byScore.get(sc) ?? { score: sc, pos: 0, neg: 0 };
    bin.pos += p;
    bin.neg += q;
    byScore.set(sc, bin);
  }
  const histogram = [...byScore.values()].sort((a, b) => a.score - b.score);
  const auc = aucFromCounts(histogram);
  const zones = s.warnings.zones;
  const thresholds: ThresholdQuality[] = (['red', 'yellow', 'blue'] as const).map((zone) => {
    const minScore = zones[zone];
    let tp = 0;
    let fp = 0;
    for (const b of histogram) {
      if (b.score >= minScore) {
        tp += b.pos;
        fp += b.neg;
      }
    }
    const fn = positives - tp;
    return {
      zone,
      minScore,
      flagged: tp + fp,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      precision: tp + fp > 0 ? tp / (tp + fp) : null,
      recall: positives > 0 ? tp / positives : null,
      precisionCaveat: fewDataCaveat(usedMonths.length, tp + fp, 'flagged'),
      recallCaveat: fewDataCaveat(usedMonths.length, positives),
    };
  });
  const lift = liftFromCounts(histogram, B.topShare);

  let logistic: LogisticComparison | { status: 'insufficient'; reason: LocalText };
  if (!doLogistic) logistic = { status: 'insufficient', reason: T('未计算', 'Not computed') };
  else logistic = logisticComparison(ix, s, feats, fLabels, fScores, fGroups, usedMonths.length);

  const trace: Trace = {
    rule: T(
      `逐月回放：第 t 月只用 t 月及以前的数据打分（白区不打分）；结果 = t…t+${H - 1} 月${B.outcome === 'all' ? '每月' : '平均'}收入低于 t−${BL}…t−1 月均值的 ${fmtPct(ratio)}`,
      `Month-by-month replay: month t is scored from data up to t only (white groups are not scored); outcome = revenue in t…t+${H - 1} ${B.outcome === 'all' ? 'each month' : 'on average'} below ${fmtPct(ratio)} of the t−${BL}…t−1 average`,
    ),
    inputs: [
      { label: T('回放月数', 'Months replayed'), value: usedMonths.length },
      { label: T('样本数（集团×月）', 'Rows (group × month)'), value: rows },
      { label: T('价值流失样本', 'Value-loss rows'), value: positives },
      { label: T('ROC AUC', 'ROC AUC'), value: auc === null ? '—' : round4(auc) },
      { label: T('样本偏少（标注“仅供参考”）', 'Too few to rely on (marked)'), value: `< ${FEW_MONTHS} / < ${FEW_EVENTS}` },
    ],
    settings: settingsTrace(s, ['backtest.minMonths', 'backtest.baselineMonths', 'backtest.horizonMonths', 'backtest.dropRatio', 'backtest.outcome', 'backtest.topShare', 'warnings.zones.red', 'warnings.zones.yellow', 'warnings.zones.blue']),
  };
  return {
    status: 'ok',
    settings: s,
    asOf: ix.periods[tEnd] as string,
    haveMonths,
    monthsUsed: usedMonths.length,
    periods: usedMonths,
    rows,
    positives,
    baseRate: rows > 0 ? positives / rows : null,
    auc,
    thresholds,
    lift: { share: B.topShare, lift: lift.lift },
    caveat: fewDataCaveat(usedMonths.length, positives),
    histogram,
    logistic,
    trace,
  };
}

function logisticComparison(
  ix: PortfolioIndex,
  s: AnalyticsSettings,
  feats: number[],
  labels: number[],
  scores: number[],
  groups: number[],
  months: number,
): LogisticComparison | { status: 'insufficient'; reason: LocalText } {
  const n = labels.length;
  const p = N_SIGNALS;
  let pos = 0;
  for (const l of labels) pos += l;
  const distinctGroups = new Set(groups).size;
  const L = s.logistic;
  if (pos < L.folds || n - pos < L.folds || distinctGroups < L.folds) {
    return {
      status: 'insufficient',
      reason: T(
        `样本不足以做 ${L.folds} 折交叉验证（${n} 行，${pos} 个流失样本，${distinctGroups} 个集团）`,
        `Too few rows for ${L.folds}-fold cross-validation (${n} rows, ${pos} value-loss rows, ${distinctGroups} groups)`,
      ),
    };
  }
  const X = Float64Array.from(feats);
  const y = Uint8Array.from(labels);
  const rowGroup = Int32Array.from(groups);
  const groupFold = assignFolds(ix.nG, L.folds, L.seed);
  const opts = { l2: L.l2, maxIterations: L.maxIterations, tolerance: L.tolerance };
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const st = fitStandardiser(X, n, p, all);
  const Z = standardise(X, p, st, all);
  const fit = fitLogistic(Z, y, n, st.keep.length, opts);
  // folds start from the full fit (same features unless a fold drops one)
  const cv = crossValidate(X, y, n, p, rowGroup, groupFold, L.folds, opts, { coefficients: fit.coefficients, standardiser: st });
  const features: LogisticFeature[] = st.keep.map((j, c) => {
    const id = SIGNAL_IDS[j] as SignalId;
    const coef = fit.coefficients[c + 1] as number;
    const sd = st.sd[j] as number;
    return { id, label: SIGNAL_LABELS[id], coefficient: coef, coefficientRaw: coef / sd, mean: st.mean[j] as number, sd };
  });
  const dropped = SIGNAL_IDS.filter((_, j) => !st.keep.includes(j));
  const rulesAuc = rocAuc(Float64Array.from(scores), y);
  return {
    status: 'ok',
    rows: n,
    positives: pos,
    groups: distinctGroups,
    folds: L.folds,
    auc: cv.auc,
    rulesAuc,
    caveat: fewDataCaveat(months, pos),
    intercept: fit.coefficients[0] as number,
    features,
    dropped,
    iterations: fit.iterations,
    converged: fit.converged,
    trace: {
      rule: T(
        `以各预警信号的原始值（标准化，缺失取均值）为自变量、价值流失为因变量的 L2 逻辑回归（牛顿法）；${L.folds} 折交叉验证按集团分折，AUC 为折外预测的 AUC，与同一批样本上规则评分的 AUC 对比`,
        `L2 logistic regression (Newton's method) of value loss on the signals' raw values (standardised, missing = mean); ${L.folds}-fold cross-validation with folds by group; AUC of the out-of-fold predictions beside the rules' AUC on the same rows`,
      ),
      inputs: [
        { label: T('样本数', 'Rows'), value: n },
        { label: T('流失样本', 'Value-loss rows'), value: pos },
        { label: T('集团数', 'Groups'), value: distinctGroups },
        { label: T('模型 AUC（交叉验证）', 'Model AUC (cross-validated)'), value: cv.auc === null ? '—' : round4(cv.auc) },
        { label: T('规则 AUC', 'Rules AUC'), value: rulesAuc === null ? '—' : round4(rulesAuc) },
      ],
      settings: settingsTrace(s, ['logistic.l2', 'logistic.folds', 'logistic.seed', 'logistic.maxRows']),
    },
  };
}
