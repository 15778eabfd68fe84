/**
 * The 总览 view (pure: the engine's index and settings in, the view out): the figures of one period (a month, or a
 * quarter = its 3 months) with the change against the previous period and the
 * same period a year earlier, the monthly revenue by who pays, the Pareto
 * curve and the zone and lifecycle distributions.
 *
 * Flow figures (revenue, unified-pay share, groups billed) add up the
 * period's months; snapshot figures (zones, value at risk, concentration) are
 * the engine's at the period's last month. A comparison whose period is not
 * (completely) in the data is null with a reason — never 0.
 */
import type { LocalText, Trace } from '../model/trace';
import type { Comparison, OverviewKpi, OverviewView } from '../model/overview';
import { analyzePortfolio, defaultPeriodNote, latestCompleteColumn, periodCompleteness, retentionAt, retentionSummary, scoreScale, SIGNAL_IDS, SIGNAL_LABELS, STAGE_RULES, ZONES, type AnalysisResult, type AnalyticsSettings, type PortfolioIndex } from '../analytics';
import { groupCountTrace } from '../analytics/groupCounts';
import { valueRiskFrame } from '../views/valueRiskFrame';
import { parsePeriod, periodFromIndex, periodIndex, previousPeriod, quarterOf, yearAgoPeriod } from '../util/period';

const T = (zh: string, en: string): LocalText => ({ zh, en });
const round2 = (x: number): number => Math.round(x * 100) / 100;
/** the trend card keeps the first release's fixed window */
const TREND_MONTHS = 3;

/** The figures of one period. */
export interface PeriodFigures {
  period: string;
  /** null when every month of the period is in the data; else why it cannot be used */
  missing: LocalText | null;
  months: string[];
  asOf: string | null;
  activeGroups: number | null;
  revenue: number | null;
  unified: number;
  unifiedKnownTotal: number;
  unifiedShare: number | null;
  topShare: number | null;
  topCount: number;
  valueGroups: number;
  topValue: number;
  totalValue: number;
  /** Pareto curve of the values behind topShare */
  curve: { x: number; y: number }[];
  redYellow: number | null;
  valueAtRisk: number | null;
  result: AnalysisResult | null;
}

function dataRange(ix: PortfolioIndex): string {
  return ix.nP === 0 ? '—' : `${ix.periods[0]}…${ix.periods[ix.nP - 1]}`;
}

export function periodFigures(ix: PortfolioIndex, s: AnalyticsSettings, period: string): PeriodFigures {
  const p = parsePeriod(period);
  const months = p.months.map(periodFromIndex);
  const cols = p.months.map((m) => m - ix.p0);
  const inData = cols.filter((t) => t >= 0 && t < ix.nP).length;
  const empty: PeriodFigures = {
    period,
    missing: null,
    months,
    asOf: null,
    activeGroups: null,
    revenue: null,
    unified: 0,
    unifiedKnownTotal: 0,
    unifiedShare: null,
    topShare: null,
    topCount: 0,
    valueGroups: 0,
    topValue: 0,
    totalValue: 0,
    curve: [],
    redYellow: null,
    valueAtRisk: null,
    result: null,
  };
  if (inData === 0) return { ...empty, missing: T(`${period} 不在数据范围内（${dataRange(ix)}）`, `${period} is outside the data (${dataRange(ix)})`) };
  if (inData < cols.length) {
    return { ...empty, missing: T(`${period} 只有 ${inData} 个月在数据中（共需 ${cols.length} 个月）`, `Only ${inData} of the ${cols.length} months of ${period} are in the data`) };
  }
  const total = ix.m.totalRevenue;
  const unifiedM = ix.m.unifiedPayRevenue;
  let revenue = 0;
  let unified = 0;
  let unifiedKnownTotal = 0;
  let active = 0;
  for (const t of cols) {
    for (let g = 0; g < ix.nG; g++) {
      const x = total[g * ix.nP + t] as number;
      if (!Number.isFinite(x)) continue;
      revenue += x;
      const u = unifiedM[g * ix.nP + t] as number;
      if (Number.isFinite(u)) {
        unified += u;
        unifiedKnownTotal += x;
      }
    }
  }
  for (let g = 0; g < ix.nG; g++) {
    if (cols.some((t) => (total[g * ix.nP + t] as number) > 0)) active++;
  }
  const tLast = cols[cols.length - 1] as number;
  const asOf = ix.periods[tLast] as string;
  const r = analyzePortfolio(ix, s, { asOf, explainTop: 0 });
  // the engine's concentration: one definition for 总览, `summary` and `analyze`
  const c = r.concentration;
  const top = { topShare: c.topShare, topCount: c.topCount, valueGroups: c.groups, topValue: c.topValue, totalValue: c.totalValue, curve: c.curve };
  return {
    period,
    missing: null,
    months,
    asOf,
    activeGroups: active,
    revenue: round2(revenue),
    unified: round2(unified),
    unifiedKnownTotal: round2(unifiedKnownTotal),
    unifiedShare: ix.provided.unifiedPayRevenue && unifiedKnownTotal > 0 ? unified / unifiedKnownTotal : null,
    ...top,
    redYellow: r.kpis.zoneCounts.counts.red + r.kpis.zoneCounts.counts.yellow,
    valueAtRisk: r.kpis.valueAtRisk.value,
    result: r,
  };
}

type KpiId = keyof OverviewView['kpis'];
const KPI_NAMES: Record<KpiId, LocalText> = {
  activeGroups: T('出账集团数', 'Groups billed'),
  revenue: T('出账收入（元）', 'Revenue (yuan)'),
  unifiedShare: T('统付收入占比', 'Unified-pay share'),
  topShare: T('头部集团价值占比', 'Top groups’ value share'),
  redYellow: T('红黄区集团数', 'Groups in red/yellow'),
  valueAtRisk: T('风险价值（元/年）', 'Value at risk (yuan/year)'),
};
const KPI_KIND: Record<KpiId, 'pct' | 'pp'> = { activeGroups: 'pct', revenue: 'pct', unifiedShare: 'pp', topShare: 'pp', redYellow: 'pct', valueAtRisk: 'pct' };

function kpiValue(f: PeriodFigures, id: KpiId): number | null {
  return f[id];
}

export function compare(id: KpiId, cur: PeriodFigures, other: PeriodFigures | null, otherPeriod: string | null, which: 'previous' | 'yearAgo'): Comparison {
  const kind = KPI_KIND[id];
  const whichText = which === 'previous' ? T('上期', 'Previous period') : T('去年同期', 'Same period last year');
  const rule =
    kind === 'pct'
      ? T(`变化 = 本期${KPI_NAMES[id].zh} ÷ ${whichText.zh} − 1`, `Change = ${KPI_NAMES[id].en} this period ÷ ${whichText.en.toLowerCase()} − 1`)
      : T(`变化 = 本期${KPI_NAMES[id].zh} − ${whichText.zh}（百分点）`, `Change = ${KPI_NAMES[id].en} this period − ${whichText.en.toLowerCase()} (percentage points)`);
  const curValue = kpiValue(cur, id);
  const otherValue = other && !other.missing ? kpiValue(other, id) : null;
  const show = (v: number | null): number | string => (v === null ? '—' : kind === 'pp' ? Math.round(v * 1e6) / 1e4 : v);
  const label = (p: string, zh: string, en: string) => T(`${zh}（${p}）`, `${en} (${p})`);
  const inputs: Trace['inputs'] = [
    { label: label(cur.period, `本期${KPI_NAMES[id].zh}${kind === 'pp' ? '（%）' : ''}`, `This period${kind === 'pp' ? ' (%)' : ''}`), value: show(curValue) },
  ];
  if (otherPeriod) inputs.push({ label: label(otherPeriod, `${whichText.zh}${kind === 'pp' ? '（%）' : ''}`, `${whichText.en}${kind === 'pp' ? ' (%)' : ''}`), value: show(otherValue) });
  let reason: LocalText | null = null;
  let change: number | null = null;
  if (!otherPeriod) reason = T('没有可比的账期', 'No period to compare with');
  else if (!other || other.missing) reason = other?.missing ?? T(`${otherPeriod} 不在数据范围内`, `${otherPeriod} is outside the data`);
  else if (curValue === null) reason = T('本期数值无法计算', 'This period’s figure cannot be computed');
  else if (otherValue === null) reason = T(`${otherPeriod} 的数值无法计算`, `The figure of ${otherPeriod} cannot be computed`);
  else if (kind === 'pct' && otherValue === 0) reason = T(`${otherPeriod} 为 0，无法计算变化率`, `${otherPeriod} is 0: no relative change`);
  else change = kind === 'pct' ? curValue / otherValue - 1 : curValue - otherValue;
  if (reason) inputs.push({ label: T('无变化的原因', 'Why no change'), value: reason.zh === reason.en ? reason.zh : `${reason.zh} / ${reason.en}` });
  return { period: otherPeriod, value: otherValue, kind, change, reason, trace: { rule, inputs, settings: [] } };
}

function currentFigure(id: KpiId, f: PeriodFigures, s: AnalyticsSettings): { value: number | null; trace: Trace } {
  const r = f.result;
  const monthsText = f.months.length > 1 ? `${f.months[0]}…${f.months[f.months.length - 1]}` : (f.months[0] ?? '');
  switch (id) {
    case 'activeGroups': {
      const counts = r?.groupCounts ?? null;
      // a month: the engine's count with every other count beside it (groupCounts.ts)
      if (f.months.length === 1 && r && counts) return { value: f.activeGroups, trace: groupCountTrace(counts, 'billed', { windowMonths: s.value.windowMonths }) };
      const reconciliation = counts ? groupCountTrace(counts, 'billed', { windowMonths: s.value.windowMonths }) : null;
      return {
        value: f.activeGroups,
        trace: {
          rule: T(
            `本期出账（${f.period}）= ${monthsText} 中至少一个月出账收入大于 0 的集团；按月看的本期出账只数一个月${reconciliation ? `。${reconciliation.rule.zh}` : ''}`,
            `Billed this period (${f.period}) = groups with total revenue > 0 in at least one month of ${monthsText}; the monthly count looks at one month only${reconciliation ? `. ${reconciliation.rule.en}` : ''}`,
          ),
          inputs: [
            { label: T(`本期出账集团数（${f.period}，任一月）`, `Groups billed (${f.period}, any month)`), value: f.activeGroups ?? '—' },
            ...(reconciliation ? reconciliation.inputs : []),
          ],
          settings: [],
        },
      };
    }
    case 'revenue':
      return {
        value: f.revenue,
        trace: {
          rule: T(`${monthsText} 全部集团出账收入之和（元）`, `Sum of total revenue of all groups in ${monthsText} (yuan)`),
          inputs: [
            { label: T('账期', 'Period'), value: f.period },
            { label: T('月数', 'Months'), value: f.months.length },
            { label: T('出账集团', 'Groups billed'), value: f.activeGroups ?? '—' },
          ],
          settings: [],
        },
      };
    case 'unifiedShare':
      return {
        value: f.unifiedShare,
        trace: {
          rule: T(`${monthsText} 统付收入 ÷ 出账收入（仅含统付收入已知的集团月份）`, `Unified-pay ÷ total revenue in ${monthsText} (group-months with unified pay known)`),
          inputs: [
            { label: T('统付收入（元）', 'Unified pay (yuan)'), value: f.unified },
            { label: T('出账收入（元）', 'Total revenue (yuan)'), value: f.unifiedKnownTotal },
          ],
          settings: [],
        },
      };
    case 'topShare': {
      const pct = `${Math.round(s.value.topShare * 1000) / 10}%`;
      return {
        value: f.topShare,
        trace: {
          rule: T(
            `截至 ${f.asOf}：各集团当前价值（近${s.value.windowMonths}个月中集团在网各月的月均收入）由高到低排序，前 ${pct} 集团（向上取整）的价值占全部有价值集团之比`,
            `At ${f.asOf}: groups ranked by current value (mean monthly revenue over the last ${s.value.windowMonths} months inside each group's history); share of value held by the top ${pct} of groups with value (rounded up)`,
          ),
          inputs: [
            { label: T('账期', 'Period'), value: f.period },
            { label: T('头部集团数', 'Top groups'), value: f.topCount },
            { label: T('有价值集团数', 'Groups with value'), value: f.valueGroups },
            { label: T('头部价值（元/月）', 'Top value (yuan/month)'), value: round2(f.topValue) },
            { label: T('全部价值（元/月）', 'Total value (yuan/month)'), value: round2(f.totalValue) },
          ],
          settings: [
            { label: T('当前价值窗口（月）', 'Current-value window (months)'), value: s.value.windowMonths },
            { label: T('头部集团占比（%）', 'Top share of groups (%)'), value: Math.round(s.value.topShare * 1e4) / 100 },
          ],
        },
      };
    }
    case 'redYellow':
      return {
        value: f.redYellow,
        trace: {
          rule: T(`截至 ${f.asOf} 处于红区或黄区的集团数（${r ? r.rules.zone.score.zh : ''}）`, `Groups in the red or yellow zone at ${f.asOf} (${r ? r.rules.zone.score.en : ''})`),
          inputs: r
            ? [
                { label: T('红', 'Red'), value: r.kpis.zoneCounts.counts.red },
                { label: T('黄', 'Yellow'), value: r.kpis.zoneCounts.counts.yellow },
              ]
            : [],
          settings: r ? r.kpis.zoneCounts.trace.settings : [],
        },
      };
    case 'valueAtRisk':
      return {
        value: f.valueAtRisk,
        trace: r
          ? { ...r.kpis.valueAtRisk.trace, inputs: [{ label: T('截至', 'As of'), value: f.asOf ?? '—' }, ...r.kpis.valueAtRisk.trace.inputs] }
          : { rule: T('尚无出账数据', 'No billing data yet'), inputs: [], settings: [] },
      };
  }
}

const NO_DATA: Trace = { rule: T('尚无出账数据', 'No billing data yet'), inputs: [], settings: [] };

/** The quarters whose 3 months are all in the data. */
function completeQuarters(ix: PortfolioIndex): string[] {
  const out: string[] = [];
  for (let t = 0; t < ix.nP; t++) {
    const m = ix.p0 + t;
    if (m % 3 === 2 && t >= 2) out.push(quarterOf(m));
  }
  return out;
}

/**
 * Every figure of the 总览 for one period (default: the latest month).
 * `figures` gives the figures of the periods compared with (a cache may keep them without their analysis).
 */
export function buildOverview(ix: PortfolioIndex, s: AnalyticsSettings, requested?: string, figures: (p: string) => PeriodFigures = (p) => periodFigures(ix, s, p)): OverviewView {
  const months = [...ix.periods];
  const quarters = completeQuarters(ix);
  const completeness = periodCompleteness(ix, s);
  const latestCol = latestCompleteColumn(ix, s, completeness);
  const latestMonth = latestCol >= 0 ? (months[latestCol] ?? null) : null;
  const incomplete = completeness.filter((c) => !c.complete).map((c) => ({ period: c.period, reason: c.reason as LocalText, trace: c.trace }));
  const defaultNote = requested === undefined ? defaultPeriodNote(ix, s, completeness) : null;
  const zeroZones = { red: 0, yellow: 0, blue: 0, green: 0, white: 0 };
  const lossProbability = { ...s.warnings.lossProbability };
  if (latestMonth === null) {
    const base = analyzePortfolio(ix, s, { explainTop: 0 });
    const nullFigure = { value: null, trace: NO_DATA };
    const none: Comparison = { period: null, value: null, kind: 'pct', change: null, reason: T('尚无出账数据', 'No billing data yet'), trace: NO_DATA };
    const kpi: OverviewKpi = { current: nullFigure, previous: none, yearAgo: none };
    return {
      period: null,
      kind: 'month',
      asOf: null,
      months: [],
      options: { months: [], quarters: [] },
      latestMonth: null,
      incomplete: [],
      defaultNote: null,
      groups: base.kpis.groups,
      kpis: { activeGroups: kpi, revenue: kpi, unifiedShare: kpi, topShare: kpi, redYellow: kpi, valueAtRisk: kpi },
      trend3m: nullFigure,
      revenueTrend: { months: [], trace: NO_DATA },
      pareto: { curve: [], topShare: null, topCount: 0, groups: 0, settingShare: s.value.topShare, trace: NO_DATA },
      zones: { counts: { ...zeroZones, white: ix.nG }, trace: NO_DATA },
      stages: { counts: { acquisition: 0, growth: 0, mature: 0, decline: 0, exited: 0, none: 0 }, rules: {}, trace: NO_DATA },
      valueRisk: null,
      zoneLossProbability: lossProbability,
      scoreScale: scoreScale(s),
      retention: null,
    };
  }
  const period = requested ?? latestMonth;
  const parsed = parsePeriod(period);
  const cur = periodFigures(ix, s, period);
  if (cur.missing || !cur.result) throw new RangeError(`${cur.missing?.zh ?? period} / ${cur.missing?.en ?? period}`);
  const prevPeriod = previousPeriod(parsed);
  const yoyPeriod = yearAgoPeriod(parsed);
  const prev = figures(prevPeriod);
  const yoy = figures(yoyPeriod);
  const kpis = {} as OverviewView['kpis'];
  for (const id of Object.keys(KPI_NAMES) as KpiId[]) {
    kpis[id] = { current: currentFigure(id, cur, s), previous: compare(id, cur, prev, prevPeriod, 'previous'), yearAgo: compare(id, cur, yoy, yoyPeriod, 'yearAgo') };
  }
  const r = cur.result;

  // 3-month trend at asOf, as the 总览 has shown it since the first release
  const tLast = periodIndex(cur.asOf as string) - ix.p0;
  const sumCols = (from: number, to: number): number => {
    let x = 0;
    for (let g = 0; g < ix.nG; g++) {
      for (let t = from; t <= to; t++) {
        const v = ix.m.totalRevenue[g * ix.nP + t] as number;
        if (Number.isFinite(v)) x += v;
      }
    }
    return x;
  };
  const recentFrom = tLast - TREND_MONTHS + 1;
  const prevFrom = recentFrom - TREND_MONTHS;
  const hasTrend = prevFrom >= 0;
  const recent = hasTrend ? sumCols(recentFrom, tLast) : 0;
  const previous = hasTrend ? sumCols(prevFrom, recentFrom - 1) : 0;
  const recentLabel = `${ix.periods[recentFrom]}…${ix.periods[tLast]}`;
  const previousLabel = hasTrend ? `${ix.periods[prevFrom]}…${ix.periods[recentFrom - 1]}` : '';
  const trend3m = {
    value: hasTrend && previous > 0 ? recent / previous - 1 : null,
    trace: {
      rule: T(`近${TREND_MONTHS}个月出账收入合计 ÷ 之前${TREND_MONTHS}个月合计 − 1（截至 ${cur.asOf}）`, `Total revenue of the last ${TREND_MONTHS} months ÷ the ${TREND_MONTHS} months before − 1 (at ${cur.asOf})`),
      inputs: hasTrend
        ? [
            { label: T(`近期（${recentLabel}）`, `Recent (${recentLabel})`), value: round2(recent) },
            { label: T(`前期（${previousLabel}）`, `Previous (${previousLabel})`), value: round2(previous) },
          ]
        : [{ label: T('所需账期数', 'Periods needed'), value: TREND_MONTHS * 2 }],
      settings: [{ label: T('趋势窗口（月）', 'Trend window (months)'), value: TREND_MONTHS }],
    },
  };

  // monthly revenue by who pays
  const trendMonths: OverviewView['revenueTrend']['months'] = [];
  for (let t = 0; t < ix.nP; t++) {
    let tot = 0;
    let uni = 0;
    let per = 0;
    let uniKnown = false;
    let perKnown = false;
    for (let g = 0; g < ix.nG; g++) {
      const i = g * ix.nP + t;
      const x = ix.m.totalRevenue[i] as number;
      if (Number.isFinite(x)) tot += x;
      const u = ix.m.unifiedPayRevenue[i] as number;
      if (Number.isFinite(u)) {
        uni += u;
        uniKnown = true;
      }
      const p = ix.m.personalPayRevenue[i] as number;
      if (Number.isFinite(p)) {
        per += p;
        perKnown = true;
      }
    }
    trendMonths.push({ period: ix.periods[t] as string, unified: uniKnown ? round2(uni) : null, personal: perKnown ? round2(per) : null, total: round2(tot) });
  }

  // lifecycle distribution
  const stageCounts = { acquisition: 0, growth: 0, mature: 0, decline: 0, exited: 0, none: 0 };
  const STAGE_OF: Record<string, keyof typeof stageCounts> = {
    exitZero: 'exited',
    tenure: 'acquisition',
    trendDecline: 'decline',
    consecutiveDrops: 'decline',
    trendGrowth: 'growth',
    stable: 'mature',
    noTrend: 'none',
  };
  for (let g = 0; g < r.table.size; g++) {
    const k = r.table.stageRule[g] as number;
    if (k === 255) continue;
    const rule = STAGE_RULES[k];
    if (rule) stageCounts[STAGE_OF[rule] ?? 'none']++;
  }
  const L = s.lifecycle;
  const stageRules: Record<string, LocalText> = {};
  for (const rule of STAGE_RULES) stageRules[rule] = r.rules.stage[rule];

  return {
    period,
    kind: parsed.kind,
    asOf: cur.asOf,
    months: cur.months,
    options: { months, quarters },
    latestMonth,
    incomplete,
    defaultNote,
    groups: cur.result.kpis.groups,
    kpis,
    trend3m,
    revenueTrend: {
      months: trendMonths,
      trace: {
        rule: T('每月全部集团的统付收入、个付收入与出账收入之和（元）；未导入的收入项不画出', 'Per month: unified-pay, personal-pay and total revenue summed over all groups (yuan); revenue not imported is not drawn'),
        inputs: [
          { label: T('月数', 'Months'), value: ix.nP },
          { label: T('数据范围', 'Data range'), value: dataRange(ix) },
        ],
        settings: [],
      },
    },
    // the curve of the same values as the top-share card, so the two always agree
    pareto: {
      curve: cur.curve,
      topShare: cur.topShare,
      topCount: cur.topCount,
      groups: cur.valueGroups,
      settingShare: s.value.topShare,
      trace: kpis.topShare.current.trace,
    },
    zones: { counts: r.kpis.zoneCounts.counts, trace: { ...r.kpis.zoneCounts.trace, inputs: [{ label: T('截至', 'As of'), value: cur.asOf as string }, ...r.kpis.zoneCounts.trace.inputs] } },
    stages: {
      counts: stageCounts,
      rules: stageRules,
      trace: {
        rule: T(
          `截至 ${cur.asOf} 各生命周期阶段的集团数；按顺序取第一条适用的规则：离网 → 获取 → 衰退 → 提升 → 成熟；趋势无法计算时为“未定”`,
          `Groups per lifecycle stage at ${cur.asOf}; the first rule that applies: exited → acquisition → decline → growth → mature; “unknown” when the trend cannot be computed`,
        ),
        inputs: [
          { label: T('获取', 'Acquisition'), value: stageCounts.acquisition },
          { label: T('提升', 'Growth'), value: stageCounts.growth },
          { label: T('成熟', 'Mature'), value: stageCounts.mature },
          { label: T('衰退', 'Decline'), value: stageCounts.decline },
          { label: T('离网', 'Exited'), value: stageCounts.exited },
          { label: T('未定', 'Unknown'), value: stageCounts.none },
        ],
        settings: [
          { label: T('离网：连续无收入（月）', 'Exited: months without revenue'), value: L.exitZeroMonths },
          { label: T('获取：在网不足（月）', 'Acquisition: tenure below (months)'), value: L.acquisitionMonths },
          { label: T('衰退：趋势 ≤（%）', 'Decline: trend ≤ (%)'), value: Math.round(L.declinePct * 1e4) / 100 },
          { label: T('提升：趋势 >（%）', 'Growth: trend > (%)'), value: Math.round(L.growthPct * 1e4) / 100 },
          { label: T('趋势窗口（月）', 'Trend window (months)'), value: s.trend.shortMonths },
        ],
      },
    },
    valueRisk: valueRiskMap(r, s),
    zoneLossProbability: lossProbability,
    scoreScale: r.scoreScale,
    // groups and members, count and value, at the period's month against the settings' 拍照期
    retention: retentionSummary(retentionAt(ix, s, tLast, ix.portfolio.memberSnapshots)),
  };
}

/** The Value × warning-score map at the period's month, from the period's own analysis (no second call). */
export function valueRiskMap(r: AnalysisResult, s: AnalyticsSettings): OverviewView['valueRisk'] {
  const q = r.quadrants.valueRisk;
  if (!q) return null;
  const t = r.table;
  const col = t.quadrant.valueRisk;
  // strongest fired signal first (ties: the engine's signal order)
  const order = SIGNAL_IDS.map((id, i) => ({ i, id, points: s.warnings[id].points })).sort((a, b) => b.points - a.points || a.i - b.i);
  const points: NonNullable<OverviewView['valueRisk']>['points'] = [];
  for (let g = 0; g < t.size; g++) {
    const cell = col[g] as number;
    const value = t.value[g] as number;
    if (cell < 0 || !(value > 0)) continue;
    const mask = t.firedMask[g] as number;
    const top = order.find((o) => (mask & (1 << o.i)) !== 0);
    const members = t.members[g] as number;
    points.push({
      groupCode: t.codes[g] as string,
      groupName: t.names[g] as string,
      value,
      score: t.score[g] as number,
      members: Number.isFinite(members) ? members : null,
      zone: ZONES[t.zone[g] as number] ?? 'white',
      cell: q.cells[cell]?.id ?? '',
      topSignal: top ? T(`${SIGNAL_LABELS[top.id].zh}（+${top.points}）`, `${SIGNAL_LABELS[top.id].en} (+${top.points})`) : null,
    });
  }
  return { ...valueRiskFrame(q), points };
}
