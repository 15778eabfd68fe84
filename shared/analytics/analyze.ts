/**
 * The analytics entry points. `analyzePortfolio` computes, for one as-of
 * month, every value metric, warning, zone, lifecycle stage and quadrant
 * cell of every group (a columnar `table`), the KPIs, the quadrant
 * summaries, the aggregations and the explained warning list;
 * `groupRows` turns any groups of the table into row objects;
 * `migrationMatrix`, `retention` and `backtest` answer the period-comparing
 * questions; `groupDetail` explains one group fully (every signal, every
 * input).
 *
 * Each accepts a Portfolio or a prebuilt `PortfolioIndex` (buildIndex): build
 * the index once per data load and pass it to every call. Every result
 * carries the settings it used.
 */
import type { Figure, LocalText, Trace } from '../model/trace';
import type { Portfolio } from '../model/portfolio';
import { type PortfolioIndex, resolvePeriod, toIndex } from './columnar';
import { type BacktestResult, type Insufficient, runBacktest } from './backtest';
import { defaultPeriodNote, latestCompleteColumn, periodCompleteness, type PeriodCompleteness } from './completeness';
import { type GroupCounts, groupCountsOf, groupCountTrace } from './groupCounts';
import { computeStages, STAGE_RULES, stageOfRule, stageRuleText, type StageRule } from './lifecycle';
import { computeMetrics, concentration, type MetricColumns } from './metrics';
import { migrationBetween, type MigrationResult, POSITIONS, type Position, QUADRANT_IDS, QUADRANTS, quadrantSnapshot, type QuadrantSnapshot } from './quadrants';
import { retentionAt, type RetentionAt, type RetentionResult } from './retention';
import { type AnalyticsSettings, DEFAULT_SETTINGS, type QuadrantId, SIGNAL_IDS, type SignalId, settingsTrace } from './settings';
import { createSignalBuffer, describeSignal, describeSignals, evaluateSignals, N_SIGNALS, SCORE_MAX, type SignalBuffer, type SignalContext, type SignalResult, signalContext } from './signals';
import { T, basisLabel, fmtMoney, fmtPct, fmtShare, round2, type Stage, STAGE_LABELS, ZONE_LABELS, ZONES, type Zone } from './text';
import { computeWarnings, type ScoreScale, scoreScale, type WarningColumns, ZONE_RULES, type ZoneRule, zoneRuleText } from './warnings';

export interface AnalyzeOptions {
  /** YYYY-MM or YYYYQn; default the last complete month of the data (see completeness.ts) */
  asOf?: string;
  /**
   * How many entries at the top of the warning list (highest value at risk)
   * carry explained signals (default 500); the others carry signal ids, and
   * `groupRows(…, { explain: true })` explains any group on demand.
   */
  explainTop?: number;
}

/**
 * Every group's figures as columns (index = position in `codes`, sorted by
 * code). NaN = unknown / not computable. Groups with `history` 0 have no
 * data up to asOf and take no part in the analysis.
 */
export interface GroupTable {
  size: number;
  codes: readonly string[];
  names: readonly string[];
  /** months of history up to asOf */
  history: Int32Array;
  /** current value, 元/月 (basis per settings) */
  value: Float64Array;
  /** total revenue in the asOf month */
  latestRevenue: Float64Array;
  /** short trend (default 3 months): change as a fraction (−0.234) */
  trendShortPct: Float64Array;
  /** least-squares slope of the last 3 months, 元 per month */
  trendShortSlope: Float64Array;
  trendLongPct: Float64Array;
  trendLongSlope: Float64Array;
  purity: Float64Array;
  penetration: Float64Array;
  members: Float64Array;
  /** mean new-business revenue over the value window, 元/月 (the y axis of revenue × new business) */
  newBusiness: Float64Array;
  /** binding depth and sub-scores, 0–100 */
  bindingDepth: Float64Array;
  bindingRelationship: Float64Array;
  bindingCost: Float64Array;
  bindingProduct: Float64Array;
  /** potential, 0–100 */
  potential: Float64Array;
  /** 三高: 1 yes, 0 no, −1 unknown */
  sanGao: Int8Array;
  /** 1-based rank by current value (0 = no value) */
  valueRank: Int32Array;
  /** number of groups in the top share (二八): valueRank ≤ topCount */
  topCount: number;
  /** warning score, 0–100: the fired signals' points summed, capped at SCORE_MAX */
  score: Float64Array;
  /** sum of the points of the signals that could be evaluated (not capped) */
  maxAvailableScore: Float64Array;
  /** index into ZONES */
  zone: Uint8Array;
  /** index into ZONE_RULES */
  zoneRule: Uint8Array;
  valueAtRisk: Float64Array;
  /** index into STAGE_RULES (stage = stageOfRule), 255 = no history */
  stageRule: Uint8Array;
  /** per quadrant: index into POSITIONS, −1 = not placed */
  quadrant: Record<QuadrantId, Int8Array>;
  /** bit i = SIGNAL_IDS[i] fired */
  firedMask: Uint16Array;
  /** bit i = SIGNAL_IDS[i] could not be evaluated */
  unavailableMask: Uint16Array;
}

/** One group as an object (from `groupRows`, the warning list, `groupDetail`). */
export interface GroupRow {
  groupCode: string;
  groupName: string;
  groupClass: string | null;
  industry: string | null;
  region: string | null;
  accountManager: string | null;
  history: number;
  value: number | null;
  latestRevenue: number | null;
  trendShortPct: number | null;
  trendShortSlope: number | null;
  trendLongPct: number | null;
  trendLongSlope: number | null;
  purity: number | null;
  penetration: number | null;
  members: number | null;
  newBusiness: number | null;
  bindingDepth: number | null;
  bindingRelationship: number | null;
  bindingCost: number | null;
  bindingProduct: number | null;
  potential: number | null;
  /** 三高; null = unknown (an input is missing) */
  sanGao: boolean | null;
  valueRank: number | null;
  /** in the top share (二八) */
  top: boolean;
  score: number;
  maxAvailableScore: number;
  zone: Zone;
  zoneRule: ZoneRule;
  valueAtRisk: number | null;
  stage: Stage | null;
  stageRule: StageRule | null;
  /** cell id per quadrant (e.g. 'defend'), null when not placed */
  quadrants: Record<QuadrantId, string | null>;
  /** ids of the fired signals (shared, read-only arrays) */
  firedSignals: readonly SignalId[];
  /** ids of the signals that could not be evaluated (shared, read-only arrays) */
  unavailableSignals: readonly SignalId[];
  /** the fired signals with numbers and explanations (null when not asked for) */
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
  concentration: { groups: number; topCount: number; topValue: number; totalValue: number; topShare: number | null; curve: { x: number; y: number }[]; trace: Trace };
  /** every group's figures, columnar */
  table: GroupTable;
  /** the warning list: red and yellow groups, highest value at risk first; the first `explainTop` with fired signals explained */
  warnings: GroupRow[];
  quadrants: Record<QuadrantId, QuadrantSummary>;
  aggregations: { accountManager: Aggregate[]; region: Aggregate[]; groupClass: Aggregate[]; industry: Aggregate[] };
  signalStats: { id: SignalId; fired: number; unavailable: number }[];
  /** the warning score's scale (0–100), its zone cut-offs and how it is built */
  scoreScale: ScoreScale;
  /** rule texts with the settings' numbers, for the rule ids in the table and rows */
  rules: { stage: Record<StageRule, LocalText>; zone: Record<ZoneRule, LocalText>; sanGao: LocalText; binding: LocalText; potential: LocalText; value: LocalText };
  dataNotes: { duplicateFacts: number; invalidPeriodFacts: number; groupsOnlyInFacts: number; columnsMissing: string[] };
  /** every month of the data's completeness; only the incomplete ones */
  incomplete: PeriodCompleteness[];
  /** when asOf was not given and the data's last month(s) are incomplete: why the analysis uses an earlier month; else null */
  defaultNote: LocalText | null;
  /** the group counts of the analysis month, one definition each (groupCounts.ts); null without billing data */
  groupCounts: GroupCounts | null;
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
const ZONE_WHITE_INDEX = ZONES.indexOf('white');

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

type AggregateKey = 'accountManager' | 'region' | 'groupClass' | 'industry';
const AGGREGATE_KEYS: readonly AggregateKey[] = ['accountManager', 'region', 'groupClass', 'industry'];

/** Per attribute: the distinct values and each group's value id (cached per index). */
const ATTRIBUTE_IDS = new WeakMap<PortfolioIndex, Map<AggregateKey, { keys: (string | null)[]; id: Int32Array }>>();
function attributeIds(ix: PortfolioIndex, key: AggregateKey): { keys: (string | null)[]; id: Int32Array } {
  let perIndex = ATTRIBUTE_IDS.get(ix);
  if (!perIndex) {
    perIndex = new Map();
    ATTRIBUTE_IDS.set(ix, perIndex);
  }
  let entry = perIndex.get(key);
  if (!entry) {
    const keys: (string | null)[] = [];
    const seen = new Map<string | null, number>();
    const id = new Int32Array(ix.nG);
    for (let g = 0; g < ix.nG; g++) {
      const v = ix.groups[g]?.[key] ?? null;
      let k = seen.get(v);
      if (k === undefined) {
        k = keys.length;
        keys.push(v);
        seen.set(v, k);
      }
      id[g] = k;
    }
    entry = { keys, id };
    perIndex.set(key, entry);
  }
  return entry;
}

function aggregateAll(ix: PortfolioIndex, mc: MetricColumns, wc: WarningColumns): Record<AggregateKey, Aggregate[]> {
  const out = {} as Record<AggregateKey, Aggregate[]>;
  for (const key of AGGREGATE_KEYS) {
    const { keys, id } = attributeIds(ix, key);
    const m = keys.length;
    const groups = new Int32Array(m);
    const zones = new Int32Array(m * 5);
    const varSum = new Float64Array(m);
    const revSum = new Float64Array(m);
    const valSum = new Float64Array(m);
    for (let g = 0; g < ix.nG; g++) {
      const k = id[g] as number;
      groups[k] = (groups[k] as number) + 1;
      const zi = k * 5 + (wc.zone[g] as number);
      zones[zi] = (zones[zi] as number) + 1;
      const v = wc.valueAtRisk[g] as number;
      if (Number.isFinite(v)) varSum[k] = (varSum[k] as number) + v;
      const lr = mc.latestTotal[g] as number;
      if (Number.isFinite(lr)) revSum[k] = (revSum[k] as number) + lr;
      const val = mc.value[g] as number;
      if (Number.isFinite(val)) valSum[k] = (valSum[k] as number) + val;
    }
    const list: Aggregate[] = [];
    for (let k = 0; k < m; k++) {
      if ((groups[k] as number) === 0) continue;
      const z = (i: number): number => zones[k * 5 + i] as number;
      list.push({
        key: keys[k] ?? null,
        groups: groups[k] as number,
        zones: { red: z(0), yellow: z(1), blue: z(2), green: z(3), white: z(4) },
        valueAtRisk: varSum[k] as number,
        latestRevenue: revSum[k] as number,
        value: valSum[k] as number,
      });
    }
    list.sort((x, y) => y.valueAtRisk - x.valueAtRisk || ((x.key ?? '') < (y.key ?? '') ? -1 : (x.key ?? '') > (y.key ?? '') ? 1 : 0));
    out[key] = list;
  }
  return out;
}

function asOfColumn(ix: PortfolioIndex, asOf: string | undefined, s: AnalyticsSettings, list: readonly PeriodCompleteness[]): number {
  if (ix.nP === 0) return -1;
  return asOf === undefined ? latestCompleteColumn(ix, s, list) : resolvePeriod(ix, asOf).column;
}

function emptyTable(ix: PortfolioIndex): GroupTable {
  const n = ix.nG;
  const f = (): Float64Array => new Float64Array(n).fill(NaN);
  const q = (): Int8Array => new Int8Array(n).fill(-1);
  return {
    size: n,
    codes: ix.codes,
    names: ix.names,
    history: new Int32Array(n),
    value: f(),
    latestRevenue: f(),
    trendShortPct: f(),
    trendShortSlope: f(),
    trendLongPct: f(),
    trendLongSlope: f(),
    purity: f(),
    penetration: f(),
    members: f(),
    newBusiness: f(),
    bindingDepth: f(),
    bindingRelationship: f(),
    bindingCost: f(),
    bindingProduct: f(),
    potential: f(),
    sanGao: new Int8Array(n).fill(-1),
    valueRank: new Int32Array(n),
    topCount: 0,
    score: new Float64Array(n),
    maxAvailableScore: new Float64Array(n),
    zone: new Uint8Array(n).fill(4),
    zoneRule: new Uint8Array(n).fill(3),
    valueAtRisk: f(),
    stageRule: new Uint8Array(n).fill(255),
    quadrant: { valueRisk: q(), revenueNewBiz: q(), valueBinding: q(), currentPotential: q() },
    firedMask: new Uint16Array(n),
    unavailableMask: new Uint16Array(n),
  };
}

export function analyzePortfolio(portfolio: Portfolio | PortfolioIndex, settings: AnalyticsSettings = DEFAULT_SETTINGS, options: AnalyzeOptions = {}): AnalysisResult {
  const ix = toIndex(portfolio);
  const s = settings;
  const completeness = periodCompleteness(ix, s);
  const t = asOfColumn(ix, options.asOf, s, completeness);
  const incomplete = completeness.filter((c) => !c.complete);
  const defaultNote = options.asOf === undefined ? defaultPeriodNote(ix, s, completeness) : null;
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
    const noData = (): Figure => ({ value: null, trace: { rule: T('尚无出账数据', 'No billing data yet'), inputs: [], settings: [] } });
    const emptyTrace: Trace = { rule: T('尚无出账数据', 'No billing data yet'), inputs: [], settings: [] };
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
        zoneCounts: { counts: { ...emptyZones(), white: ix.nG }, trace: emptyTrace },
      },
      concentration: { groups: 0, topCount: 0, topValue: 0, totalValue: 0, topShare: null, curve: [], trace: emptyTrace },
      table: emptyTable(ix),
      warnings: [],
      quadrants: {} as Record<QuadrantId, QuadrantSummary>,
      aggregations: { accountManager: [], region: [], groupClass: [], industry: [] },
      signalStats: SIGNAL_IDS.map((id) => ({ id, fired: 0, unavailable: 0 })),
      scoreScale: scoreScale(s),
      rules,
      dataNotes,
      incomplete,
      defaultNote,
      groupCounts: null,
    };
  }

  const mc = computeMetrics(ix, s, t);
  const wc = computeWarnings(ix, s, mc);
  const asOf = ix.periods[t] as string;
  const conc = concentration(mc.value, s.value.topShare, s.value.paretoSteps);
  const stages = computeStages(ix, s, mc);
  const snaps = {} as Record<QuadrantId, QuadrantSnapshot>;
  for (const q of QUADRANT_IDS) snaps[q] = quadrantSnapshot(ix, s, q, mc, wc);
  const table: GroupTable = {
    size: ix.nG,
    codes: ix.codes,
    names: ix.names,
    history: mc.history,
    value: mc.value,
    latestRevenue: mc.latestTotal,
    trendShortPct: mc.trendShortPct,
    trendShortSlope: mc.trendShortSlope,
    trendLongPct: mc.trendLongPct,
    trendLongSlope: mc.trendLongSlope,
    purity: mc.purity,
    penetration: mc.penetration,
    members: mc.members,
    newBusiness: mc.newBiz,
    bindingDepth: mc.binding,
    bindingRelationship: mc.relationship,
    bindingCost: mc.cost,
    bindingProduct: mc.product,
    potential: mc.potential,
    sanGao: mc.sanGao,
    valueRank: conc.rank,
    topCount: conc.topCount,
    score: wc.score,
    maxAvailableScore: wc.maxAvailable,
    zone: wc.zone,
    zoneRule: wc.zoneRule,
    valueAtRisk: wc.valueAtRisk,
    stageRule: stages,
    quadrant: {
      valueRisk: snaps.valueRisk.position,
      revenueNewBiz: snaps.revenueNewBiz.position,
      valueBinding: snaps.valueBinding.position,
      currentPotential: snaps.currentPotential.position,
    },
    firedMask: wc.fired,
    unavailableMask: wc.unavailable,
  };

  // totals
  const firedCount = new Int32Array(N_SIGNALS);
  const unavCount = new Int32Array(N_SIGNALS);
  const zoneN = new Int32Array(ZONES.length);
  let varTotal = 0;
  let active = 0;
  let latestRevenue = 0;
  let latestUnified = 0;
  let unifiedKnownTotal = 0;
  const warned: number[] = [];
  for (let g = 0; g < ix.nG; g++) {
    if ((mc.history[g] as number) === 0) {
      zoneN[ZONE_WHITE_INDEX] = (zoneN[ZONE_WHITE_INDEX] as number) + 1; // no data: white
      continue;
    }
    const firedMask = wc.fired[g] as number;
    const unavMask = wc.unavailable[g] as number;
    for (let m = firedMask; m !== 0; m &= m - 1) {
      const i = 31 - Math.clz32(m & -m);
      firedCount[i] = (firedCount[i] as number) + 1;
    }
    for (let m = unavMask; m !== 0; m &= m - 1) {
      const i = 31 - Math.clz32(m & -m);
      unavCount[i] = (unavCount[i] as number) + 1;
    }
    const zoneIdx = wc.zone[g] as number;
    zoneN[zoneIdx] = (zoneN[zoneIdx] as number) + 1;
    if (zoneIdx <= 1) warned.push(g);
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
  }
  warned.sort((a, b) => ((wc.valueAtRisk[b] as number) || 0) - ((wc.valueAtRisk[a] as number) || 0) || a - b);
  const ctx = wc.ctx;
  const rowMaker = makeRowMaker(ix, table, ctx, t);
  const explainTop = options.explainTop ?? 500;
  const warnings = warned.map((g, i) => rowMaker(g, i < explainTop));
  const zoneCounts = emptyZones();
  ZONES.forEach((z, i) => {
    zoneCounts[z] = zoneN[i] as number;
  });
  const placedBy: GroupCounts['placed'] = {};
  for (const q of QUADRANT_IDS) placedBy[q] = { label: QUADRANTS[q].label, placed: (snaps[q] as QuadrantSnapshot).placed };
  const groupCounts = groupCountsOf(ix, mc, conc.groups, placedBy);
  const countOpts = { windowMonths: s.value.windowMonths };

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
      { label: T('有当前价值的集团数', 'Groups with current value'), value: conc.groups },
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
      groups: { value: ix.nG, trace: groupCountTrace(groupCounts, 'inWorkspace', countOpts) },
      activeGroups: { value: active, trace: groupCountTrace(groupCounts, 'billed', countOpts) },
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
    concentration: { groups: conc.groups, topCount: conc.topCount, topValue: conc.topValue, totalValue: conc.totalValue, topShare: conc.topShare, curve: conc.curve, trace: concTrace },
    table,
    warnings,
    quadrants,
    aggregations: aggregateAll(ix, mc, wc),
    signalStats: SIGNAL_IDS.map((id, i) => ({ id, fired: firedCount[i] as number, unavailable: unavCount[i] as number })),
    scoreScale: scoreScale(s),
    rules,
    dataNotes,
    incomplete,
    defaultNote,
    groupCounts,
  };
}

/** Builds row objects from a table; explained rows get their fired signals described. */
function makeRowMaker(ix: PortfolioIndex, table: GroupTable, ctx: SignalContext, t: number): (g: number, explain: boolean) => GroupRow {
  const cellIds = (q: QuadrantId): string[] => POSITIONS.map((p: Position) => QUADRANTS[q].cells[p].id);
  const cells = { valueRisk: cellIds('valueRisk'), revenueNewBiz: cellIds('revenueNewBiz'), valueBinding: cellIds('valueBinding'), currentPotential: cellIds('currentPotential') };
  let buf: SignalBuffer | null = null;
  const cell = (q: QuadrantId, g: number): string | null => {
    const p = table.quadrant[q][g] as number;
    return p < 0 ? null : (cells[q][p] as string);
  };
  return (g, explain) => {
    const gr = ix.groups[g];
    const firedMask = table.firedMask[g] as number;
    let signals: SignalResult[] | null = null;
    if (explain) {
      signals = [];
      if (firedMask !== 0) {
        buf ??= createSignalBuffer();
        evaluateSignals(ctx, g, t, buf);
        for (let i = 0; i < N_SIGNALS; i++) if (firedMask & (1 << i)) signals.push(describeSignal(ctx, g, t, buf, SIGNAL_IDS[i] as SignalId, i));
      }
    }
    const stageIdx = table.stageRule[g] as number;
    const stageRule = stageIdx === 255 ? null : (STAGE_RULES[stageIdx] as StageRule);
    const sg = table.sanGao[g] as number;
    const r = table.valueRank[g] as number;
    return {
      groupCode: ix.codes[g] as string,
      groupName: gr?.groupName ?? '',
      groupClass: gr?.groupClass ?? null,
      industry: gr?.industry ?? null,
      region: gr?.region ?? null,
      accountManager: gr?.accountManager ?? null,
      history: table.history[g] as number,
      value: num(table.value[g] as number),
      latestRevenue: num(table.latestRevenue[g] as number),
      trendShortPct: num(table.trendShortPct[g] as number),
      trendShortSlope: num(table.trendShortSlope[g] as number),
      trendLongPct: num(table.trendLongPct[g] as number),
      trendLongSlope: num(table.trendLongSlope[g] as number),
      purity: num(table.purity[g] as number),
      penetration: num(table.penetration[g] as number),
      members: num(table.members[g] as number),
      newBusiness: num(table.newBusiness[g] as number),
      bindingDepth: num(table.bindingDepth[g] as number),
      bindingRelationship: num(table.bindingRelationship[g] as number),
      bindingCost: num(table.bindingCost[g] as number),
      bindingProduct: num(table.bindingProduct[g] as number),
      potential: num(table.potential[g] as number),
      sanGao: sg === 1 ? true : sg === 0 ? false : null,
      valueRank: r > 0 ? r : null,
      top: r > 0 && r <= table.topCount,
      score: table.score[g] as number,
      maxAvailableScore: table.maxAvailableScore[g] as number,
      zone: ZONES[table.zone[g] as number] as Zone,
      zoneRule: ZONE_RULES[table.zoneRule[g] as number] as ZoneRule,
      valueAtRisk: num(table.valueAtRisk[g] as number),
      stage: stageRule === null ? null : stageOfRule(stageRule),
      stageRule,
      quadrants: {
        valueRisk: cell('valueRisk', g),
        revenueNewBiz: cell('revenueNewBiz', g),
        valueBinding: cell('valueBinding', g),
        currentPotential: cell('currentPotential', g),
      },
      firedSignals: idsOfMask(firedMask),
      unavailableSignals: idsOfMask(table.unavailableMask[g] as number),
      signals,
    };
  };
}

export interface GroupRowsOptions {
  /** these groups (in this order); default: every group with data up to asOf, by code */
  codes?: readonly string[];
  /** describe the fired signals (default false) */
  explain?: boolean;
}

/**
 * Row objects for groups of an analysis result. `source` must be the
 * portfolio or index the result was computed from.
 */
export function groupRows(source: Portfolio | PortfolioIndex, result: AnalysisResult, options: GroupRowsOptions = {}): GroupRow[] {
  const ix = toIndex(source);
  if (result.asOf === null) return [];
  const t = resolvePeriod(ix, result.asOf).column;
  const maker = makeRowMaker(ix, result.table, signalContext(ix, result.settings), t);
  const explain = options.explain ?? false;
  if (options.codes) {
    const out: GroupRow[] = [];
    for (const code of options.codes) {
      const g = ix.codeIndex.get(code);
      if (g !== undefined && (result.table.history[g] as number) > 0) out.push(maker(g, explain));
    }
    return out;
  }
  const out: GroupRow[] = [];
  for (let g = 0; g < ix.nG; g++) if ((result.table.history[g] as number) > 0) out.push(maker(g, explain));
  return out;
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

/**
 * Full explanation of one group at asOf. Pass `options.result` (computed
 * from the same index and settings) to skip recomputing the portfolio.
 */
export function groupDetail(
  portfolio: Portfolio | PortfolioIndex,
  groupCode: string,
  settings: AnalyticsSettings = DEFAULT_SETTINGS,
  options: AnalyzeOptions & { result?: AnalysisResult } = {},
): GroupDetail | null {
  const ix = toIndex(portfolio);
  const g = ix.codeIndex.get(groupCode);
  if (g === undefined) return null;
  const result = options.result ?? analyzePortfolio(ix, settings, { ...options, explainTop: 0 });
  if (result.asOf === null || (result.table.history[g] as number) === 0) return null;
  const row = groupRows(ix, result, { codes: [groupCode], explain: true })[0];
  if (!row) return null;
  const s = result.settings;
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
  let firedPoints = 0;
  for (const x of fired) firedPoints += x.points;
  const zoneLabel = ZONE_LABELS[row.zone];
  const prob = s.warnings.lossProbability[row.zone];
  const trendTrace = (months: number, tr: { pct: number | null; slope: number | null }): Trace => ({
    rule: T(
      `近${months}月${basis.zh}均值 ÷ 之前${months}月均值 − 1；斜率 = 近${months}月的最小二乘斜率（元/月）`,
      `Mean ${basis.en.toLowerCase()} of the last ${months} months ÷ the ${months} before − 1; slope = least-squares slope of the last ${months} months (yuan/month)`,
    ),
    inputs: [
      { label: T('变化', 'Change'), value: tr.pct === null ? '—' : fmtShare(tr.pct) },
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
      inputs: [{ label: T('纯度', 'Purity'), value: row.purity === null ? '—' : fmtShare(row.purity) }],
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
        { label: T('长期趋势', 'Long trend'), value: row.trendLongPct === null ? '—' : fmtShare(row.trendLongPct) },
        { label: T('短期趋势', 'Short trend'), value: row.trendShortPct === null ? '—' : fmtShare(row.trendShortPct) },
        { label: T('渗透率', 'Penetration'), value: row.penetration === null ? '—' : fmtShare(row.penetration) },
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
      rule: result.scoreScale.rule,
      inputs: [
        ...fired.map((x) => ({ label: x.label, value: x.points })),
        { label: T('已触发信号分值合计', 'Fired points summed'), value: firedPoints },
        { label: T(`预警分（0–${SCORE_MAX}）`, `Warning score (0–${SCORE_MAX})`), value: row.score },
        { label: T('可评估信号分值合计', 'Points of the signals that could be evaluated'), value: row.maxAvailableScore },
      ],
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
        { label: T('短期趋势', 'Short trend'), value: row.trendShortPct === null ? '—' : fmtShare(row.trendShortPct) },
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

// Period comparisons

export interface MigrationOptions {
  quadrant: QuadrantId;
  /** YYYY-MM or YYYYQn (last month of the quarter) */
  from: string;
  to: string;
}

function snapshotAt(ix: PortfolioIndex, s: AnalyticsSettings, t: number): { mc: MetricColumns; wc: WarningColumns } {
  const mc = computeMetrics(ix, s, t);
  return { mc, wc: computeWarnings(ix, s, mc) };
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
  /** snapshot month (YYYY-MM or YYYYQn); default the settings' (retention.snapshotPeriod, else retention.monthsBack before asOf) */
  snapshot?: string;
  /** default: the last complete month */
  asOf?: string;
}

export function retention(portfolio: Portfolio | PortfolioIndex, settings: AnalyticsSettings, options: RetentionOptions): RetentionResult {
  const ix = toIndex(portfolio);
  const t = asOfColumn(ix, options.asOf, settings, periodCompleteness(ix, settings));
  if (t < 0) throw new RangeError('尚无出账数据 / no billing data');
  const r = retentionAt(ix, settings, t, ix.portfolio.memberSnapshots, options.snapshot !== undefined ? { snapshot: options.snapshot } : {});
  if (!r.detail) throw new RangeError(`${r.reason?.zh ?? ''} / ${r.reason?.en ?? ''}`);
  return r.detail;
}

/** Count and value retention, groups and members, with a trace per figure (retention.ts `retentionAt`); the snapshot month from the settings unless given. */
export function retentionView(portfolio: Portfolio | PortfolioIndex, settings: AnalyticsSettings, options: RetentionOptions = {}): RetentionAt {
  const ix = toIndex(portfolio);
  const t = asOfColumn(ix, options.asOf, settings, periodCompleteness(ix, settings));
  if (t < 0) throw new RangeError('尚无出账数据 / no billing data');
  return retentionAt(ix, settings, t, ix.portfolio.memberSnapshots, options.snapshot !== undefined ? { snapshot: options.snapshot } : {});
}

export interface BacktestEntryOptions {
  /** last month whose data may be used; default the last complete month */
  asOf?: string;
  /** fit the logistic model (default true) */
  logistic?: boolean;
}

export function backtest(portfolio: Portfolio | PortfolioIndex, settings: AnalyticsSettings, options: BacktestEntryOptions = {}): BacktestResult | Insufficient {
  const ix = toIndex(portfolio);
  const t = asOfColumn(ix, options.asOf, settings, periodCompleteness(ix, settings));
  return runBacktest(ix, settings, { asOfColumn: t < 0 ? -1 : t, logistic: options.logistic });
}

export type { BacktestResult, Insufficient, MigrationResult, RetentionAt, RetentionResult, SignalResult };
export { QUADRANTS, QUADRANT_IDS, STAGE_LABELS, ZONE_LABELS };

/** A GroupTable as plain arrays (NaN → null), e.g. for JSON transport. */
export type GroupTableJson = {
  [K in keyof GroupTable]: GroupTable[K] extends Float64Array
    ? (number | null)[]
    : GroupTable[K] extends Int32Array | Uint8Array | Int8Array | Uint16Array
      ? number[]
      : GroupTable[K] extends Record<QuadrantId, Int8Array>
        ? Record<QuadrantId, number[]>
        : GroupTable[K];
};

export function tableToJson(table: GroupTable): GroupTableJson {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(table)) {
    if (v instanceof Float64Array) out[key] = Array.from(v, (x) => (Number.isFinite(x) ? x : null));
    else if (ArrayBuffer.isView(v)) out[key] = Array.from(v as unknown as ArrayLike<number>);
    else if (key === 'quadrant') {
      const q: Record<string, number[]> = {};
      for (const [id, arr] of Object.entries(v as Record<string, Int8Array>)) q[id] = Array.from(arr);
      out[key] = q;
    } else out[key] = v;
  }
  return out as GroupTableJson;
}
