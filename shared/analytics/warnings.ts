/**
 * Warning score, zone and value at risk for every group at one column.
 *
 * Score: the points of the fired signals summed, capped at SCORE_MAX (100),
 * so every view shows one 0–100 scale (see `scoreScale`).
 * Zone (DOMAIN defaults): 白 white when the group has fewer than 3 months of
 * history or no revenue for the last 2+ months; otherwise 红 ≥ 50, 黄 ≥ 30,
 * 蓝 ≥ 15, 绿 below. Value at risk = current value × 12 × the zone's loss
 * probability.
 */
import type { LocalText } from '../model/trace';
import type { PortfolioIndex } from './columnar';
import type { MetricColumns } from './metrics';
import { type AnalyticsSettings, SIGNAL_IDS } from './settings';
import { createSignalBuffer, evaluateRange, firedMaskAt, N_SIGNALS, SCORE_MAX, signalContext, type SignalContext, unavailableMaskAt } from './signals';
import { T, fmtShort, ZONES, type Zone } from './text';

export const ZONE_RED = 0;
export const ZONE_YELLOW = 1;
export const ZONE_BLUE = 2;
export const ZONE_GREEN = 3;
export const ZONE_WHITE = 4;

export const ZONE_RULES = ['score', 'shortHistory', 'noRevenue', 'noData'] as const;
export type ZoneRule = (typeof ZONE_RULES)[number];

export interface WarningColumns {
  t: number;
  ctx: SignalContext;
  score: Float64Array;
  /** sum of the points of the signals that could be evaluated (not capped: the score is) */
  maxAvailable: Float64Array;
  /** sum of the points of the fired signals before the cap at SCORE_MAX */
  points: Float64Array;
  /** bit i = signal i fired */
  fired: Uint16Array;
  /** bit i = signal i unavailable */
  unavailable: Uint16Array;
  /** index into ZONES */
  zone: Uint8Array;
  /** index into ZONE_RULES */
  zoneRule: Uint8Array;
  valueAtRisk: Float64Array;
}

/** Zone index × 8 + rule index (into ZONES, ZONE_RULES) for one group. */
export function zoneOf(score: number, history: number, zeroRun: number, s: AnalyticsSettings): number {
  const w = s.warnings;
  if (history <= 0) return ZONE_WHITE * 8 + 3;
  if (history < w.whiteMinHistory) return ZONE_WHITE * 8 + 1;
  if (zeroRun >= w.whiteZeroMonths) return ZONE_WHITE * 8 + 2;
  const z = w.zones;
  if (score >= z.red) return ZONE_RED * 8;
  if (score >= z.yellow) return ZONE_YELLOW * 8;
  if (score >= z.blue) return ZONE_BLUE * 8;
  return ZONE_GREEN * 8;
}

export function lossProbability(zone: number, s: AnalyticsSettings): number {
  const p = s.warnings.lossProbability;
  return zone === ZONE_RED ? p.red : zone === ZONE_YELLOW ? p.yellow : zone === ZONE_BLUE ? p.blue : zone === ZONE_GREEN ? p.green : p.white;
}

export function computeWarnings(ix: PortfolioIndex, s: AnalyticsSettings, mc: MetricColumns, ctx: SignalContext = signalContext(ix, s)): WarningColumns {
  const nG = ix.nG;
  const t = mc.t;
  const buf = createSignalBuffer(1, 0);
  const out: WarningColumns = {
    t,
    ctx,
    score: new Float64Array(nG),
    maxAvailable: new Float64Array(nG),
    points: new Float64Array(nG),
    fired: new Uint16Array(nG),
    unavailable: new Uint16Array(nG),
    zone: new Uint8Array(nG),
    zoneRule: new Uint8Array(nG),
    valueAtRisk: new Float64Array(nG).fill(NaN),
  };
  const allPoints = ctx.pointsOfMask[(1 << N_SIGNALS) - 1] as number;
  const prob = [0, 1, 2, 3, 4].map((z) => lossProbability(z, s));
  for (let g = 0; g < nG; g++) {
    const history = mc.history[g] as number;
    if (history > 0) {
      evaluateRange(ctx, g, t, t, buf);
      const fired = firedMaskAt(buf, 0);
      const unav = unavailableMaskAt(buf, 0);
      out.score[g] = ctx.scoreOfMask[fired] as number;
      out.points[g] = ctx.pointsOfMask[fired] as number;
      out.fired[g] = fired;
      out.unavailable[g] = unav;
      out.maxAvailable[g] = allPoints - (ctx.pointsOfMask[unav] as number);
    }
    const zr = zoneOf(out.score[g] as number, history, mc.zeroRun[g] as number, s);
    const zone = zr >> 3;
    const rule = zr & 7;
    out.zone[g] = zone;
    out.zoneRule[g] = rule;
    const v = mc.value[g] as number;
    out.valueAtRisk[g] = Number.isNaN(v) ? NaN : v * 12 * (prob[zone] as number);
  }
  return out;
}

export function zoneName(zone: number): Zone {
  return ZONES[zone] ?? 'white';
}

/** The rule text behind a zone, with the settings' numbers. */
export function zoneRuleText(rule: ZoneRule, s: AnalyticsSettings): LocalText {
  const w = s.warnings;
  switch (rule) {
    case 'shortHistory':
      return T(`历史不足 ${w.whiteMinHistory} 个月，计入白区`, `Less than ${w.whiteMinHistory} months of history: white`);
    case 'noRevenue':
      return T(`连续 ${w.whiteZeroMonths} 个月及以上无收入，计入白区（已流失）`, `No revenue for ${w.whiteZeroMonths}+ months: white (already lost)`);
    case 'noData':
      return T('截至该账期无出账数据，计入白区', 'No billing data up to this period: white');
    case 'score':
      return T(
        `预警分（0–${SCORE_MAX}）：红 ≥${fmtShort(w.zones.red)}，黄 ≥${fmtShort(w.zones.yellow)}，蓝 ≥${fmtShort(w.zones.blue)}，其余绿`,
        `Warning score (0–${SCORE_MAX}): red ≥${fmtShort(w.zones.red)}, yellow ≥${fmtShort(w.zones.yellow)}, blue ≥${fmtShort(w.zones.blue)}, else green`,
      );
  }
}

/** The warning score's one scale, for every axis, table and slide that shows a score. */
export interface ScoreScale {
  min: 0;
  max: number;
  /** the zone cut-offs of the settings: a score at or above `from` is in that zone (unless white) */
  cutOffs: { zone: 'red' | 'yellow' | 'blue'; from: number }[];
  /** how the score is built, with the settings' numbers */
  rule: LocalText;
  /** the points of every enabled signal, DOMAIN order */
  signals: { id: string; points: number }[];
  /** the enabled signals' points summed (may exceed max: the score is capped) */
  pointsTotal: number;
}

export function scoreScale(s: AnalyticsSettings): ScoreScale {
  const w = s.warnings;
  const signals: { id: string; points: number }[] = [];
  let pointsTotal = 0;
  for (const id of SIGNAL_IDS) {
    const cfg = w[id];
    if (!cfg.enabled) continue;
    signals.push({ id, points: cfg.points });
    pointsTotal += cfg.points;
  }
  const z = w.zones;
  const cap = pointsTotal > SCORE_MAX;
  return {
    min: 0,
    max: SCORE_MAX,
    cutOffs: [
      { zone: 'red', from: z.red },
      { zone: 'yellow', from: z.yellow },
      { zone: 'blue', from: z.blue },
    ],
    signals,
    pointsTotal,
    rule: T(
      `预警分（0–${SCORE_MAX}）= 已触发信号的分值之和${cap ? `，超过 ${SCORE_MAX} 按 ${SCORE_MAX} 计（已启用信号合计 ${fmtShort(pointsTotal)} 分）` : `（已启用信号合计 ${fmtShort(pointsTotal)} 分）`}；红 ≥${fmtShort(z.red)}，黄 ≥${fmtShort(z.yellow)}，蓝 ≥${fmtShort(z.blue)}，其余绿；白区（已流失或数据不足）不按分数判定`,
      `Warning score (0–${SCORE_MAX}) = sum of the points of the fired signals${cap ? `, capped at ${SCORE_MAX} (the enabled signals total ${fmtShort(pointsTotal)} points)` : ` (the enabled signals total ${fmtShort(pointsTotal)} points)`}; red ≥${fmtShort(z.red)}, yellow ≥${fmtShort(z.yellow)}, blue ≥${fmtShort(z.blue)}, else green; white (lost or too little data) is not decided by the score`,
    ),
  };
}
