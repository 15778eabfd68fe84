/**
 * Lifecycle stage (seed 004; DOMAIN defaults), first rule that applies wins:
 *   离网 exited      — no total revenue for the last 2+ months;
 *   获取 acquisition — tenure < 6 months (only when the first bill lies inside
 *                      the data: a group billed from the data's first month
 *                      has an unknown, longer tenure);
 *   衰退 decline     — short trend ≤ −10%, or revenue fell in each of the
 *                      last 2 months by at least 3% (the 3% floor is the
 *                      engine's default so that noise is not a "drop");
 *   提升 growth      — short trend > +5%;
 *   成熟 mature      — otherwise (trend between −10% and +5%).
 * When the trend cannot be computed and no other rule applies the stage is
 * null ('noTrend').
 */
import type { LocalText } from '../model/trace';
import { type PortfolioIndex, revenueMatrix } from './columnar';
import type { MetricColumns } from './metrics';
import type { AnalyticsSettings } from './settings';
import { STAGES, type Stage, T, fmtPct } from './text';

export const STAGE_RULES = ['exitZero', 'tenure', 'trendDecline', 'consecutiveDrops', 'trendGrowth', 'stable', 'noTrend'] as const;
export type StageRule = (typeof STAGE_RULES)[number];

const RULE_STAGE: Record<StageRule, Stage | null> = {
  exitZero: 'exited',
  tenure: 'acquisition',
  trendDecline: 'decline',
  consecutiveDrops: 'decline',
  trendGrowth: 'growth',
  stable: 'mature',
  noTrend: null,
};

export function stageOfRule(rule: StageRule): Stage | null {
  return RULE_STAGE[rule];
}

const EPS = 1e-9;

/** Stage rule index (into STAGE_RULES) for every group; 255 = no history. */
export function computeStages(ix: PortfolioIndex, s: AnalyticsSettings, mc: MetricColumns): Uint8Array {
  const L = s.lifecycle;
  const rev = revenueMatrix(ix, s.value.basis);
  const out = new Uint8Array(ix.nG).fill(255);
  const t = mc.t;
  for (let g = 0; g < ix.nG; g++) {
    const history = mc.history[g] as number;
    if (history <= 0) continue;
    const f0 = ix.first[g] as number;
    const base = g * ix.nP;
    let rule: StageRule;
    const trend = mc.trendShortPct[g] as number;
    if ((mc.zeroRun[g] as number) >= L.exitZeroMonths) rule = 'exitZero';
    else if (f0 > 0 && history < L.acquisitionMonths) rule = 'tenure';
    else if (!Number.isNaN(trend) && trend <= L.declinePct + EPS) rule = 'trendDecline';
    else if (consecutiveDrops(rev, base, f0, t, L.consecutiveDrops, L.dropMinPct)) rule = 'consecutiveDrops';
    else if (Number.isNaN(trend)) rule = 'noTrend';
    else if (trend > L.growthPct + EPS) rule = 'trendGrowth';
    else rule = 'stable';
    out[g] = STAGE_RULES.indexOf(rule);
  }
  return out;
}

/** Revenue fell in each of the last n months by at least minPct versus the month before. */
export function consecutiveDrops(rev: Float64Array, base: number, f0: number, t: number, n: number, minPct: number): boolean {
  if (t - n < f0) return false;
  for (let k = t; k > t - n; k--) {
    const cur = rev[base + k] as number;
    const prev = rev[base + k - 1] as number;
    if (Number.isNaN(cur) || Number.isNaN(prev) || !(prev > 0)) return false;
    if (!(cur <= prev * (1 - minPct) + EPS * Math.max(1, prev))) return false;
  }
  return true;
}

export function stageRuleText(rule: StageRule, s: AnalyticsSettings): LocalText {
  const L = s.lifecycle;
  const n = s.trend.shortMonths;
  switch (rule) {
    case 'exitZero':
      return T(`连续 ${L.exitZeroMonths} 个月及以上无收入 → 离网`, `No revenue for ${L.exitZeroMonths}+ months → exited`);
    case 'tenure':
      return T(`在网不足 ${L.acquisitionMonths} 个月 → 获取`, `Tenure below ${L.acquisitionMonths} months → acquisition`);
    case 'trendDecline':
      return T(`近${n}月趋势 ≤ ${fmtPct(L.declinePct)} → 衰退`, `${n}-month trend ≤ ${fmtPct(L.declinePct)} → decline`);
    case 'consecutiveDrops':
      return T(
        `连续 ${L.consecutiveDrops} 个月收入下降（每月至少 ${fmtPct(L.dropMinPct)}）→ 衰退`,
        `Revenue fell ${L.consecutiveDrops} months in a row (each by at least ${fmtPct(L.dropMinPct)}) → decline`,
      );
    case 'trendGrowth':
      return T(`近${n}月趋势 > +${fmtPct(L.growthPct)} → 提升`, `${n}-month trend > +${fmtPct(L.growthPct)} → growth`);
    case 'stable':
      return T(
        `近${n}月趋势在 ${fmtPct(L.declinePct)} 与 +${fmtPct(L.growthPct)} 之间 → 成熟`,
        `${n}-month trend between ${fmtPct(L.declinePct)} and +${fmtPct(L.growthPct)} → mature`,
      );
    case 'noTrend':
      return T(`历史不足 ${2 * n} 个月，无法判断趋势`, `Less than ${2 * n} months of history: no trend to judge`);
  }
}

export { STAGES };
