/**
 * The analytics entry points. `analyzePortfolio` computes, for one as-of
 * month, every value metric, warning, zone, lifecycle stage and quadrant
 * cell per group, the KPIs and the aggregations; `migrationMatrix`,
 * `retention` and `backtest` answer the period-comparing questions;
 * `groupDetail` explains one group fully (every signal, every input).
 *
 * Each accepts a Portfolio or a prebuilt `PortfolioIndex` (buildIndex) so
 * that a caller running several analyses on the same data indexes it once.
 * Every result carries the settings it used.
 */
import type { Figure, LocalText, Trace } from '../api/contract';
import type { Portfolio } from '../model/portfolio';
import { type PortfolioIndex, resolvePeriod, toIndex } from './columnar';
import { type BacktestResult, type Insufficient, runBacktest } from './backtest';
import { computeStages, STAGE_RULES, stageOfRule, stageRuleText, type StageRule } from './lifecycle';
import { computeMetrics, concentration, type MetricColumns } from './metrics';
import { migrationBetween, type MigrationResult, POSITIONS, QUADRANT_IDS, QUADRANTS, quadrantSnapshot, type QuadrantSnapshot } from './quadrants';
import { computeRetention, type RetentionResult } from './retention';
import { type AnalyticsSettings, DEFAULT_SETTINGS, type QuadrantId, SIGNAL_IDS, type SignalId, settingsTrace } from './settings';
import { createSignalBuffer, describeSignal, describeSignals, evaluateSignals, N_SIGNALS, type SignalResult, signalContext } from './signals';
import { T, basisLabel, fmtMoney, fmtPct, round2, type Stage, STAGE_LABELS, ZONE_LABELS, ZONES, type Zone } from './text';
import { computeWarnings, type WarningColumns, ZONE_RULES, type ZoneRule, zoneRuleText } from './warnings';

export interface AnalyzeOptions {
  /** YYYY-MM or YYYYQn; default the last period of the data */
  asOf?: string;
  /** which rows carry explained fired signals: 'warned' (red/yellow/blue, default), 'all' or 'none' */
  explain?: 'warned' | 'all' | 'none';
}

export interface GroupRow {
  groupCode: string;
  groupName: string;
  groupClass: string | null;
  industry: string | null;
  region: string | null;
  accountManager: string | null;
  /** months of history up to asOf */
  history: number;
  /** current value, 元/月 (basis per settings) */
  value: number | null;
  /** total revenue in the asOf month */
  latestRevenue: number | null;
  /** short trend (default 3 months): change as a fraction (−0.234), null without 2×3 months of history */
  trendShortPct: number | null;
  /** least-squares slope of the last 3 months, 元 per month */
  trendShortSlope: number | null;
  /** long trend (default 12 months) */
  trendLongPct: number | null;
  trendLongSlope: number | null;
  purity: number | null;
  penetration: number | null;
  members: number | null;
  /** binding depth and its sub-scores, 0–100 */
  bindingDepth: number | null;
  bindingRelationship: number | null;
  bindingCost: number | null;
  bindingProduct: number | null;
  potential: number | null;
  /** 三高; null = unknown (an input is missing) */
  sanGao: boolean | null;
  /** 1-based rank by current value among groups with value > 0 */
  valueRank: number | null;
  /** in the top share (二八) */
  top: boolean;
  score: number;
  /** sum of the points of the signals that could be evaluated */
  maxAvailableScore: number;
  zone: Zone;
  zoneRule: ZoneRule;
  valueAtRisk: number | null;
  stage: Stage | null;
  stageRule: StageRule | null;
  /** cell id per quadrant (e.g. 'defend'), null when the group is not placed */
  quadrants: Record<QuadrantId, string | null>;
  /** ids of the fired signals (shared, read-only arrays) */
  firedSignals: readonly SignalId[];
  /** ids of the signals that could not be evaluated (shared, read-only arrays) */
  unavailableSignals: readonly SignalId[];
  /**
   * The fired signals with their numbers and explanations, for the rows that
   * `options.explain` covers (default: zones red, yellow and blue); null for
   * the others (groupDetail explains any group).
   */
  signals: SignalResult[] | null;
}

export interface Aggregate {
  key: string | null;
  groups: number;
  zones: Record<Zone, number>;
  valueAtRisk: number;
  /** Σ total revenue in the asOf month */
  latestRevenue: number;
  /** Σ current value */
  value: number;
}

export type QuadrantSummary = Omit<QuadrantSnapshot, 'position' | 'xValues' | 'yValues'>;

export interface AnalysisResult {
  asOf: string | null;
  periods: string[];
  settings: AnalyticsSettings;
  kpis: {
    groups: Figure;
    activeGroups: Figure;
    latestRevenue: Figure;
    unifiedShare: Figure;
    topShare: Figure;
    valueAtRisk: Figure;
    zoneCounts: { counts: Record<Zone, number>; trace: Trace };
  };
  concentration: { groups: number; topCount: number; topShare: number | null; curve: { x: number; y: number }[]; trace: Trace };
  rows: GroupRow[];
  quadrants: Record<QuadrantId, QuadrantSummary>;
  aggregations: { accountManager: Aggregate[]; region: Aggregate[]; groupClass: Aggregate[]; industry: Aggregate[] };
  signalStats: { id: SignalId; fired: number; unavailable: number }[];
  /** rule texts with the settings' numbers, for the ids used in the rows */
  rules: { stage: Record<StageRule, LocalText>; zone: Record<ZoneRule, LocalText>; sanGao: LocalText; binding: LocalText; potential: LocalText; value: LocalText };
  dataNotes: { duplicateFacts: number; invalidPeriodFacts: number; groupsOnlyInFacts: number; columnsMissing: string[] };
}

/** Everything computed at one column; shared by the entry points. */
interface Snapshot {
  ix: PortfolioIndex;
  s: AnalyticsSettings;
  t: number;
  mc: MetricColumns;
  wc: WarningColumns;
}

function snapshotAt(ix: PortfolioIndex, s: AnalyticsSettings, t: number): Snapshot {
  const mc = computeMetrics(ix, s, t);
  const wc = computeWarnings(ix, s, mc);
  return { ix, s, t, mc, wc };
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

const ID_ARRAYS = new Map<number, readonly SignalId[]>();
/** The signal ids of a bit mask, one frozen array per mask. */
function idsOfMask(mask: number): readonly SignalId[] {
  let ids = ID_ARRAYS.get(mask);
  if (!ids) {
    ids = Object.freeze(SIGNAL_IDS.filter((_, i) => (mask & (1 << i)) !== 0));
    ID_ARRAYS.set(mask, ids);
  }
  return ids;
}

function emptyZones(): Record<Zone, number> {
  return { red: 0, yellow: 0, blue: 0, green: 0, white: 0 };
}

function aggregate(ix: PortfolioIndex, sn: Snapshot, key: (g: number) => string | null): Aggregate[] {
  const map = new Map<string | null, Aggregate>();
  for (let g = 0; g < ix.nG; g++) {
    if ((sn.mc.history[g] as number) === 0) continue;
    const k = key(g);
    let a = map.get(k);
    if (!a) {
      a = { key: k, groups: 0, zones: emptyZones(), valueAtRisk: 0, latestRevenue: 0, value: 0 };
      map.set(k, a);
    }
    a.groups++;
    const z = ZONES[sn.wc.zone[g] as number] as Zone;
    a.zones[z]++;
    const v = sn.wc.valueAtRisk[g] as number;
    if (Number.isFinite(v)) a.valueAtRisk += v;
    const lr = sn.mc.latestTotal[g] as number;
    if (Number.isFinite(lr)) a.latestRevenue += lr;
    const val = sn.mc.value[g] as number;
    if (Number.isFinite(val)) a.value += val;
  }
  return [...map.values()].sort((x, y) => y.valueAtRisk - x.valueAtRisk || ((x.key ?? '') < (y.key ?? '') ? -1 : (x.key ?? '') > (y.key ?? '') ? 1 : 0));
}

function asOfColumn(ix: PortfolioIndex, asOf: string | undefined): number {
  if (ix.nP === 0) return -1;
  return asOf === undefined ? ix.nP - 1 : resolvePeriod(ix, asOf).column;
}

export function analyzePortfolio(portfolio: Portfolio | PortfolioIndex, settings: AnalyticsSettings = DEFAULT_SETTINGS, options: AnalyzeOptions = {}): AnalysisResult {
  const ix = toIndex(portfolio);
  const s = settings;
  const t = asOfColumn(ix, options.asOf);
  const explain = options.explain ?? 'warned';
  const rules = ruleTexts(s);
  const dataNotes = {
    duplicateFacts: ix.stats.duplicateFacts,
    invalidPeriodFacts: ix.stats.invalidPeriodFacts,
    groupsOnlyInFacts: ix.stats.orphanFactGroups,
    columnsMissing: Object.entries(ix.provided)
      .filter(([, v]) => !v)
      .map(([k]) => k),
  };
  const groupsFigure: Figure = {
    value: ix.nG,
    trace: {
      rule: T('集团客户资料中的集团数（含只在出账数据中出现的集团）', 'Groups in the group master (plus groups found only in the billing data)'),
      inputs: [
        { label: T('集团资料', 'Group master'), value: ix.nG - ix.stats.orphanFactGroups },
        { label: T('仅出现在出账数据中', 'Only in billing data'), value: ix.stats.orphanFactGroups },
      ],
      settings: [],
    },
  };
  if (t < 0) {
    const none = (zh: string, en: string): Figure => ({ value: null, trace: { rule: T(zh, en), inputs: [], settings: [] } });
    const noData = (): Figure => none('尚无出账数据', 'No billing data yet');
    const emptyTrace: Trace = { rule: T('尚无出账数据', 'No billing data yet'), inputs: [], settings: [] };
    const quadrants = {} as Record<QuadrantId, QuadrantSummary>;
    return {
      asOf: null,
      periods: [],
      settings: s,
      kpis: {
        groups: groupsFigure,
        activeGroups: noData(),
        latestRevenue: noData(),
        unifiedShare: noData(),
        topShare: noData(),
        valueAtRisk: noData(),
        zoneCounts: { counts: emptyZones(), trace: emptyTrace },
      },
      concentration: { groups: 0, topCount: 0, topShare: null, curve: [], trace: emptyTrace },
      rows: [],
      quadrants,
      aggregations: { accountManager: [], region: [], groupClass: [], industry: [] },
      signalStats: SIGNAL_IDS.map((id) => ({ id, fired: 0, unavailable: 0 })),
      rules,
      dataNotes,
    };
  }

  const sn = snapshotAt(ix, s, t);
  const { mc, wc } = sn;
  const asOf = ix.periods[t] as string;
  const conc = concentration(mc.value, s.value.topShare, s.value.paretoSteps);
  const rank = new Int32Array(ix.nG);
  conc.order.forEach((g, i) => {
    rank[g] = i + 1;
  });
  const stages = computeStages(ix, s, mc);
  const snaps = {} as Record<QuadrantId, QuadrantSnapshot>;
  for (const q of QUADRANT_IDS) snaps[q] = quadrantSnapshot(ix, s, q, mc, wc);

  // rows
  const ctx = wc.ctx;
  const buf = createSignalBuffer();
  const rows: GroupRow[] = [];
  const firedCount = new Int32Array(N_SIGNALS);
  const unavCount = new Int32Array(N_SIGNALS);
  const zoneCounts = emptyZones();
  let varTotal = 0;
  let active = 0;
  let latestRevenue = 0;
  let latestUnified = 0;
  let unifiedKnownTotal = 0;
  for (let g = 0; g < ix.nG; g++) {
    const history = mc.history[g] as number;
    if (history === 0) continue;
    const gr = ix.groups[g];
    const firedMask = wc.fired[g] as number;
    const unavMask = wc.unavailable[g] as number;
    const zoneIdx = wc.zone[g] as number;
    let signals: SignalResult[] | null = null;
    if (explain === 'all' || (explain === 'warned' && zoneIdx <= 2)) {
      signals = [];
      if (firedMask !== 0) {
        evaluateSignals(ctx, g, t, buf);
        for (let i = 0; i < N_SIGNALS; i++) if (firedMask & (1 << i)) signals.push(describeSignal(ctx, g, t, buf, SIGNAL_IDS[i] as SignalId, i));
      }
    }
    for (let i = 0; i < N_SIGNALS; i++) {
      if (firedMask & (1 << i)) firedCount[i] = (firedCount[i] as number) + 1;
      if (unavMask & (1 << i)) unavCount[i] = (unavCount[i] as number) + 1;
    }
    const zone = ZONES[zoneIdx] as Zone;
    zoneCounts[zone]++;
    const vr = wc.valueAtRisk[g] as number;
    if (Number.isFinite(vr)) varTotal += vr;
    const lt = mc.latestTotal[g] as number;
    if (lt > 0) active++;
    if (Number.isFinite(lt)) latestRevenue += lt;
    const lu = mc.unifiedLatest[g] as number;
    if (Number.isFinite(lu) && Number.isFinite(lt)) {
      latestUnified += lu;
      unifiedKnownTotal += lt;
    }
    const stageIdx = stages[g] as number;
    const stageRule = stageIdx === 255 ? null : (STAGE_RULES[stageIdx] as StageRule);
    const quadrants = {} as Record<QuadrantId, string | null>;
    for (const q of QUADRANT_IDS) {
      const p = (snaps[q] as QuadrantSnapshot).position[g] as number;
      quadrants[q] = p < 0 ? null : QUADRANTS[q].cells[POSITIONS[p] as (typeof POSITIONS)[number]].id;
    }
    const sg = mc.sanGao[g] as number;
    const r = rank[g] as number;
    rows.push({
      groupCode: ix.codes[g] as string,
      groupName: gr?.groupName ?? '',
      groupClass: gr?.groupClass ?? null,
      industry: gr?.industry ?? null,
      region: gr?.region ?? null,
      accountManager: gr?.accountManager ?? null,
      history,
      value: num(mc.value[g] as number),
      latestRevenue: num(lt),
      trendShortPct: num(mc.trendShortPct[g] as number),
      trendShortSlope: num(mc.trendShortSlope[g] as number),
      trendLongPct: num(mc.trendLongPct[g] as number),
      trendLongSlope: num(mc.trendLongSlope[g] as number),
      purity: num(mc.purity[g] as number),
      penetration: num(mc.penetration[g] as number),
      members: num(mc.members[g] as number),
      bindingDepth: num(mc.binding[g] as number),
      bindingRelationship: num(mc.relationship[g] as number),
      bindingCost: num(mc.cost[g] as number),
      bindingProduct: num(mc.product[g] as number),
      potential: num(mc.potential[g] as number),
      sanGao: sg === 1 ? true : sg === 0 ? false : null,
      valueRank: r > 0 ? r : null,
      top: r > 0 && r <= conc.topCount,
      score: wc.score[g] as number,
      maxAvailableScore: wc.maxAvailable[g] as number,
      zone,
      zoneRule: ZONE_RULES[wc.zoneRule[g] as number] as ZoneRule,
      valueAtRisk: num(vr),
      stage: stageRule === null ? null : stageOfRule(stageRule),
      stageRule,
      quadrants,
      firedSignals: idsOfMask(firedMask),
      unavailableSignals: idsOfMask(unavMask),
      signals,
    });
  }

  const basis = basisLabel(s.value.basis);
  const valueKeys = ['value.basis', 'value.windowMonths'];
  const zoneKeys = ['warnings.zones.red', 'warnings.zones.yellow', 'warnings.zones.blue', 'warnings.whiteZeroMonths', 'warnings.whiteMinHistory'];
  const probKeys = ['warnings.lossProbability.red', 'warnings.lossProbability.yellow', 'warnings.lossProbability.blue', 'warnings.lossProbability.green', 'warnings.lossProbability.white'];
  const zoneInputs = ZONES.map((z) => ({ label: ZONE_LABELS[z], value: zoneCounts[z] }));
  const quadrants = {} as Record<QuadrantId, QuadrantSummary>;
  for (const q of QUADRANT_IDS) {
    const { position: _p, xValues: _x, yValues: _y, ...rest } = snaps[q] as QuadrantSnapshot;
    quadrants[q] = rest;
  }
  const topPct = fmtPct(s.value.topShare);
  const concTrace: Trace = {
    rule: T(
      `按当前价值（近${s.value.windowMonths}个月${basis.zh}月均）由高到低排序，前 ${topPct} 集团（向上取整）的价值占全部有价值集团之比`,
      `Groups ranked by current value (average monthly ${basis.en.toLowerCase()} over ${s.value.windowMonths} months); share of value held by the top ${topPct} (rounded up) of groups with value`,
    ),
    inputs: [
      { label: T('头部集团数', 'Top groups'), value: conc.topCount },
      { label: T('有价值集团数', 'Groups with value'), value: conc.groups },
      { label: T('头部价值（元/月）', 'Top value (yuan/month)'), value: round2(conc.topValue) },
      { label: T('全部价值（元/月）', 'Total value (yuan/month)'), value: round2(conc.totalValue) },
    ],
    settings: settingsTrace(s, [...valueKeys, 'value.topShare']),
  };
  const unifiedProvided = ix.provided.unifiedPayRevenue;
  return {
    asOf,
    periods: ix.periods.slice(0, t + 1),
    settings: s,
    kpis: {
      groups: groupsFigure,
      activeGroups: {
        value: active,
        trace: {
          rule: T(`${asOf} 出账收入大于 0 的集团数`, `Groups with total revenue > 0 in ${asOf}`),
          inputs: [{ label: T('账期', 'Period'), value: asOf }],
          settings: [],
        },
      },
      latestRevenue: {
        value: round2(latestRevenue),
        trace: {
          rule: T(`${asOf} 全部集团出账收入之和（元）`, `Sum of total revenue of all groups in ${asOf} (yuan)`),
          inputs: [
            { label: T('账期', 'Period'), value: asOf },
            { label: T('有收入集团', 'Groups with revenue'), value: active },
          ],
          settings: [],
        },
      },
      unifiedShare: {
        value: unifiedProvided && unifiedKnownTotal > 0 ? latestUnified / unifiedKnownTotal : null,
        trace: {
          rule: unifiedProvided
            ? T(`${asOf} 统付收入 ÷ 出账收入（仅含统付收入已知的集团）`, `Unified-pay ÷ total revenue in ${asOf} (groups with unified pay known)`)
            : T('未导入统付收入', 'Unified-pay revenue was not imported'),
          inputs: [
            { label: T('统付收入（元）', 'Unified pay (yuan)'), value: round2(latestUnified) },
            { label: T('出账收入（元）', 'Total revenue (yuan)'), value: round2(unifiedKnownTotal) },
          ],
          settings: [],
        },
      },
      topShare: { value: conc.topShare, trace: concTrace },
      valueAtRisk: {
        value: round2(varTotal),
        trace: {
          rule: T('风险价值 = 当前价值 × 12 × 所在预警区的流失概率，全部集团求和（元/年）', 'Value at risk = current value × 12 × the zone loss probability, summed over groups (yuan/year)'),
          inputs: zoneInputs,
          settings: settingsTrace(s, [...valueKeys, ...probKeys]),
        },
      },
      zoneCounts: {
        counts: zoneCounts,
        trace: { rule: rules.zone.score, inputs: zoneInputs, settings: settingsTrace(s, zoneKeys) },
      },
    },
    concentration: { groups: conc.groups, topCount: conc.topCount, topShare: conc.topShare, curve: conc.curve, trace: concTrace },
    rows,
    quadrants,
    aggregations: {
      accountManager: aggregate(ix, sn, (g) => ix.groups[g]?.accountManager ?? null),
      region: aggregate(ix, sn, (g) => ix.groups[g]?.region ?? null),
      groupClass: aggregate(ix, sn, (g) => ix.groups[g]?.groupClass ?? null),
      industry: aggregate(ix, sn, (g) => ix.groups[g]?.industry ?? null),
    },
    signalStats: SIGNAL_IDS.map((id, i) => ({ id, fired: firedCount[i] as number, unavailable: unavCount[i] as number })),
    rules,
    dataNotes,
  };
}

function ruleTexts(s: AnalyticsSettings): AnalysisResult['rules'] {
  const stage = {} as Record<StageRule, LocalText>;
  for (const r of STAGE_RULES) stage[r] = stageRuleText(r, s);
  const zone = {} as Record<ZoneRule, LocalText>;
  for (const r of ZONE_RULES) zone[r] = zoneRuleText(r, s);
  const basis = basisLabel(s.value.basis);
  const q = (x: number): string => fmtPct(x, 0);
  return {
    stage,
    zone,
    value: T(`当前价值 = 近${s.value.windowMonths}个月${basis.zh}月均（元/月）`, `Current value = average monthly ${basis.en.toLowerCase()} over the last ${s.value.windowMonths} months (yuan/month)`),
    sanGao: T(
      `三高 = 重要性高（等级 ${s.sanGao.importantClasses.join('/')}${s.sanGao.useImportanceField ? ' 或有重要集团标识' : ''}）且员工收入高（个付ARPU ≥ 第${q(s.sanGao.incomeQuantile)}分位）且 ARPU 高（ARPU ≥ 第${q(s.sanGao.arpuQuantile)}分位）`,
      `Three-high = high importance (class ${s.sanGao.importantClasses.join('/')}${s.sanGao.useImportanceField ? ' or an importance flag' : ''}) and high member income (personal-pay ARPU ≥ the ${q(s.sanGao.incomeQuantile)} quantile) and high ARPU (≥ the ${q(s.sanGao.arpuQuantile)} quantile)`,
    ),
    binding: T(
      '捆绑深度 = 关系（有客户经理、关键人近期联系）、成本（协议在约、协议剩余期、统付纯度）、产品（产品数、新业务占比）三项子分的加权平均（0–100，缺失项不计入）',
      'Binding depth = weighted mean of relationship (account manager, recent key-person contact), cost (contract in force, time remaining, unified-pay purity) and product (products, new-business share) sub-scores (0–100, missing inputs left out)',
    ),
    potential: T(
      `潜力 = 增长（长期趋势 ÷ ${fmtPct(s.potential.growthFull)}）、渗透缺口（1 − 渗透率）、新业务占比（÷ ${fmtPct(s.potential.newBizShareFull)}）的加权平均（0–100）`,
      `Potential = weighted mean of growth (long trend ÷ ${fmtPct(s.potential.growthFull)}), penetration gap (1 − penetration) and new-business share (÷ ${fmtPct(s.potential.newBizShareFull)}) (0–100)`,
    ),
  };
}

// ---------------------------------------------------------------------------
// One group in full

export interface GroupDetail {
  row: GroupRow;
  asOf: string;
  settings: AnalyticsSettings;
  /** every signal, fired or not, with its explanation */
  signals: SignalResult[];
  /** how each figure of the row was produced */
  traces: {
    value: Trace;
    trendShort: Trace;
    trendLong: Trace;
    purity: Trace;
    penetration: Trace;
    binding: Trace;
    potential: Trace;
    sanGao: Trace;
    score: Trace;
    zone: Trace;
    valueAtRisk: Trace;
    stage: Trace;
  };
  stageLabel: LocalText | null;
  zoneLabel: LocalText;
  /** monthly series up to asOf, for charts */
  series: { period: string; revenue: number | null; unified: number | null; members: number | null; minutes: number | null }[];
}

/** Full explanation of one group at asOf (recomputes the portfolio-level splits). */
export function groupDetail(portfolio: Portfolio | PortfolioIndex, groupCode: string, settings: AnalyticsSettings = DEFAULT_SETTINGS, options: AnalyzeOptions = {}): GroupDetail | null {
  const ix = toIndex(portfolio);
  const g = ix.codeIndex.get(groupCode);
  if (g === undefined) return null;
  const result = analyzePortfolio(ix, settings, { ...options, explain: 'none' });
  const row = result.rows.find((r) => r.groupCode === groupCode);
  if (!row || result.asOf === null) return null;
  const s = settings;
  const t = resolvePeriod(ix, result.asOf).column;
  const mc = computeMetrics(ix, s, t);
  const ctx = signalContext(ix, s);
  const buf = createSignalBuffer();
  evaluateSignals(ctx, g, t, buf);
  const signals = describeSignals(ctx, g, t, buf);
  const basis = basisLabel(s.value.basis);
  const n = s.trend.shortMonths;
  const L = s.trend.longMonths;
  const v = (x: number | null): number | string => (x === null ? '—' : round2(x));
  const fired = signals.filter((x) => x.fired);
  const zoneLabel = ZONE_LABELS[row.zone];
  const prob = s.warnings.lossProbability[row.zone];
  const trendTrace = (months: number, tr: { pct: number | null; slope: number | null }): Trace => ({
    rule: T(
      `近${months}月${basis.zh}均值 ÷ 之前${months}月均值 − 1；斜率 = 近${months}月的最小二乘斜率（元/月）`,
      `Mean ${basis.en.toLowerCase()} of the last ${months} months ÷ the ${months} before − 1; slope = least-squares slope of the last ${months} months (yuan/month)`,
    ),
    inputs: [
      { label: T('变化', 'Change'), value: tr.pct === null ? '—' : fmtPct(tr.pct, 1) },
      { label: T('斜率（元/月）', 'Slope (yuan/month)'), value: v(tr.slope) },
    ],
    settings: settingsTrace(s, ['value.basis', months === n ? 'trend.shortMonths' : 'trend.longMonths']),
  });
  const series = [];
  for (let k = 0; k <= t; k++) {
    const i = g * ix.nP + k;
    const nn = (x: number): number | null => (Number.isNaN(x) ? null : x);
    series.push({
      period: ix.periods[k] as string,
      revenue: nn(ix.m.totalRevenue[i] as number),
      unified: nn(ix.m.unifiedPayRevenue[i] as number),
      members: nn(ix.m.members[i] as number),
      minutes: nn(ix.m.minutes[i] as number),
    });
  }
  const traces: GroupDetail['traces'] = {
    value: {
      rule: result.rules.value,
      inputs: [
        { label: T('当前价值（元/月）', 'Current value (yuan/month)'), value: v(row.value) },
        { label: T('历史月数', 'Months of history'), value: row.history },
      ],
      settings: settingsTrace(s, ['value.basis', 'value.windowMonths']),
    },
    trendShort: trendTrace(n, { pct: row.trendShortPct, slope: row.trendShortSlope }),
    trendLong: trendTrace(L, { pct: row.trendLongPct, slope: row.trendLongSlope }),
    purity: {
      rule: T(`纯度 = 近${s.value.windowMonths}月统付收入 ÷ 出账收入`, `Purity = unified-pay ÷ total revenue over the last ${s.value.windowMonths} months`),
      inputs: [{ label: T('纯度', 'Purity'), value: row.purity === null ? '—' : fmtPct(row.purity, 1) }],
      settings: settingsTrace(s, ['value.windowMonths']),
    },
    penetration: {
      rule: T('渗透率 = 成员数 ÷ 从业人员数', 'Penetration = members ÷ employees'),
      inputs: [
        { label: T('成员数', 'Members'), value: row.members ?? '—' },
        { label: T('从业人员数', 'Employees'), value: ix.groups[g]?.employees ?? '—' },
      ],
      settings: [],
    },
    binding: {
      rule: result.rules.binding,
      inputs: [
        { label: T('有客户经理', 'Has account manager'), value: v(num(mc.hasManagerInput[g] as number)) },
        { label: T('关键人近期联系', 'Key person contacted recently'), value: v(num(mc.recentContact[g] as number)) },
        { label: T('协议在约', 'Contract in force'), value: v(num(mc.contractInForce[g] as number)) },
        { label: T('协议剩余期（满分比例）', 'Contract time remaining (share of full)'), value: v(num(mc.contractRemaining[g] as number)) },
        { label: T('统付纯度', 'Unified-pay purity'), value: v(row.purity) },
        { label: T('产品数', 'Products'), value: v(num(mc.products[g] as number)) },
        { label: T('新业务占比', 'New-business share'), value: v(num(mc.newBizShare[g] as number)) },
        { label: T('关系子分', 'Relationship'), value: v(row.bindingRelationship) },
        { label: T('成本子分', 'Cost'), value: v(row.bindingCost) },
        { label: T('产品子分', 'Product'), value: v(row.bindingProduct) },
        { label: T('捆绑深度', 'Binding depth'), value: v(row.bindingDepth) },
      ],
      settings: settingsTrace(
        s,
        Object.keys(s.binding).map((k) => `binding.${k}`),
      ),
    },
    potential: {
      rule: result.rules.potential,
      inputs: [
        { label: T('长期趋势', 'Long trend'), value: row.trendLongPct === null ? '—' : fmtPct(row.trendLongPct, 1) },
        { label: T('短期趋势', 'Short trend'), value: row.trendShortPct === null ? '—' : fmtPct(row.trendShortPct, 1) },
        { label: T('渗透率', 'Penetration'), value: row.penetration === null ? '—' : fmtPct(row.penetration, 1) },
        { label: T('新业务占比', 'New-business share'), value: v(num(mc.newBizShare[g] as number)) },
        { label: T('潜力', 'Potential'), value: v(row.potential) },
      ],
      settings: settingsTrace(
        s,
        Object.keys(s.potential).map((k) => `potential.${k}`),
      ),
    },
    sanGao: {
      rule: result.rules.sanGao,
      inputs: [
        { label: T('集团等级', 'Class'), value: ix.groups[g]?.groupClass ?? '—' },
        { label: T('重要集团标识', 'Importance'), value: ix.groups[g]?.importance ?? '—' },
        { label: T('个付ARPU（元）', 'Personal-pay ARPU (yuan)'), value: v(num(mc.personalArpu[g] as number)) },
        { label: T('个付ARPU 阈值', 'Personal-pay ARPU threshold'), value: v(num(mc.thresholds.incomeArpu)) },
        { label: T('ARPU（元）', 'ARPU (yuan)'), value: v(num(mc.arpu[g] as number)) },
        { label: T('ARPU 阈值', 'ARPU threshold'), value: v(num(mc.thresholds.arpu)) },
      ],
      settings: settingsTrace(s, ['sanGao.importantClasses', 'sanGao.useImportanceField', 'sanGao.incomeQuantile', 'sanGao.arpuQuantile']),
    },
    score: {
      rule: T('预警分 = 已触发信号的分值之和', 'Warning score = sum of the points of the fired signals'),
      inputs: fired.map((x) => ({ label: x.label, value: x.points })),
      settings: settingsTrace(
        s,
        SIGNAL_IDS.map((id) => `warnings.${id}.points`),
      ),
    },
    zone: {
      rule: result.rules.zone[row.zoneRule],
      inputs: [
        { label: T('预警分', 'Score'), value: row.score },
        { label: T('历史月数', 'Months of history'), value: row.history },
      ],
      settings: settingsTrace(s, ['warnings.zones.red', 'warnings.zones.yellow', 'warnings.zones.blue', 'warnings.whiteZeroMonths', 'warnings.whiteMinHistory']),
    },
    valueAtRisk: {
      rule: T('风险价值 = 当前价值 × 12 × 预警区流失概率（元/年）', 'Value at risk = current value × 12 × zone loss probability (yuan/year)'),
      inputs: [
        { label: T('当前价值（元/月）', 'Current value (yuan/month)'), value: v(row.value) },
        { label: T('预警区', 'Zone'), value: `${zoneLabel.zh} ${zoneLabel.en}` },
        { label: T('流失概率', 'Loss probability'), value: prob },
        { label: T('风险价值（元/年）', 'Value at risk (yuan/year)'), value: row.valueAtRisk === null ? '—' : fmtMoney(row.valueAtRisk) },
      ],
      settings: settingsTrace(s, [`warnings.lossProbability.${row.zone}`]),
    },
    stage: {
      rule: row.stageRule ? result.rules.stage[row.stageRule] : T('无数据', 'No data'),
      inputs: [
        { label: T('历史月数', 'Months of history'), value: row.history },
        { label: T('短期趋势', 'Short trend'), value: row.trendShortPct === null ? '—' : fmtPct(row.trendShortPct, 1) },
      ],
      settings: settingsTrace(
        s,
        Object.keys(s.lifecycle).map((k) => `lifecycle.${k}`),
      ),
    },
  };
  return {
    row,
    asOf: result.asOf,
    settings: s,
    signals,
    traces,
    stageLabel: row.stage ? STAGE_LABELS[row.stage] : null,
    zoneLabel,
    series,
  };
}

// ---------------------------------------------------------------------------
// Period comparisons

export interface MigrationOptions {
  quadrant: QuadrantId;
  /** YYYY-MM or YYYYQn (last month of the quarter) */
  from: string;
  to: string;
}

export function migrationMatrix(portfolio: Portfolio | PortfolioIndex, settings: AnalyticsSettings, options: MigrationOptions): MigrationResult {
  const ix = toIndex(portfolio);
  const a = resolvePeriod(ix, options.from);
  const b = resolvePeriod(ix, options.to);
  const sa = snapshotAt(ix, settings, a.column);
  const sb = snapshotAt(ix, settings, b.column);
  const qa = quadrantSnapshot(ix, settings, options.quadrant, sa.mc, sa.wc);
  const qb = quadrantSnapshot(ix, settings, options.quadrant, sb.mc, sb.wc);
  return migrationBetween(ix, settings, options.quadrant, qa, qb, { from: options.from, to: options.to });
}

export interface RetentionOptions {
  /** snapshot month (YYYY-MM or YYYYQn) */
  snapshot: string;
  /** default: the last period */
  asOf?: string;
}

export function retention(portfolio: Portfolio | PortfolioIndex, settings: AnalyticsSettings, options: RetentionOptions): RetentionResult {
  const ix = toIndex(portfolio);
  const t = asOfColumn(ix, options.asOf);
  if (t < 0) throw new RangeError('尚无出账数据 / no billing data');
  return computeRetention(ix, settings, options.snapshot, t, ix.portfolio.memberSnapshots);
}

export interface BacktestEntryOptions {
  /** last month whose data may be used; default the last period */
  asOf?: string;
  /** fit the logistic model (default true) */
  logistic?: boolean;
}

export function backtest(portfolio: Portfolio | PortfolioIndex, settings: AnalyticsSettings, options: BacktestEntryOptions = {}): BacktestResult | Insufficient {
  const ix = toIndex(portfolio);
  const t = asOfColumn(ix, options.asOf);
  return runBacktest(ix, settings, { asOfColumn: t < 0 ? -1 : t, logistic: options.logistic });
}

export type { BacktestResult, Insufficient, MigrationResult, RetentionResult, SignalResult };
export { QUADRANTS, QUADRANT_IDS, STAGE_LABELS, ZONE_LABELS };
