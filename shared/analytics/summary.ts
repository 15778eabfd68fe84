/**
 * The 总览 figures: group count, latest monthly revenue, 3-month revenue
 * trend, top-20% concentration and the Value × Risk scatter. Until the
 * warning engine exists the risk axis is the group's own revenue decline.
 */
import type { Figure, ScatterPoint, Summary, Trace } from '../api/contract';
import type { Portfolio } from '../model/portfolio';
import { periodIndex, periodFromIndex } from '../util/period';
import { DEFAULT_OVERVIEW_SETTINGS, type OverviewSettings } from './overviewSettings';

interface GroupWindows {
  /** revenue summed over the value window */
  valueSum: number;
  /** revenue summed over the recent and the previous trend windows */
  recent: number;
  previous: number;
  latestRevenue: number;
  latestMembers: number | null;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] ?? 0;
  if (sorted.length % 2 === 1) return hi;
  return ((sorted[mid - 1] ?? 0) + hi) / 2;
}

function settingsTrace(s: OverviewSettings): Trace['settings'] {
  return [
    { label: { zh: '当前价值窗口（月）', en: 'Current-value window (months)' }, value: s.valueWindowMonths },
    { label: { zh: '趋势窗口（月）', en: 'Trend window (months)' }, value: s.trendWindowMonths },
    { label: { zh: '头部集团占比', en: 'Top share of groups' }, value: s.topShare },
  ];
}

export function computeSummary(portfolio: Portfolio, settings: OverviewSettings = DEFAULT_OVERVIEW_SETTINGS): Summary {
  const periodSet = new Set<string>();
  for (const f of portfolio.facts) periodSet.add(f.period);
  const periods = [...periodSet].sort();
  const asOf = periods.length > 0 ? (periods[periods.length - 1] ?? null) : null;
  const common = settingsTrace(settings);
  const groupCount = portfolio.groups.length;

  const groupsFigure: Figure = {
    value: groupCount,
    trace: {
      rule: { zh: '集团客户资料中的集团数', en: 'Groups in the group master' },
      inputs: [{ label: { zh: '集团数', en: 'Groups' }, value: groupCount }],
      settings: [],
    },
  };

  if (asOf === null) {
    const none = (zh: string, en: string): Figure => ({
      value: null,
      trace: { rule: { zh, en }, inputs: [], settings: common },
    });
    return {
      asOf: null,
      periods,
      groups: groupsFigure,
      activeGroups: none('尚无出账数据', 'No billing data yet'),
      latestRevenue: none('尚无出账数据', 'No billing data yet'),
      revenueTrend3m: none('尚无出账数据', 'No billing data yet'),
      top20Share: none('尚无出账数据', 'No billing data yet'),
      scatter: {
        points: [],
        valueSplit: 0,
        riskSplit: settings.riskSplitPercent,
        trace: { rule: { zh: '尚无出账数据', en: 'No billing data yet' }, inputs: [], settings: common },
      },
    };
  }

  const last = periodIndex(asOf);
  const vFirst = last - settings.valueWindowMonths + 1;
  const tRecentFirst = last - settings.trendWindowMonths + 1;
  const tPrevFirst = tRecentFirst - settings.trendWindowMonths;
  const hasTrend = periodSet.has(periodFromIndex(tPrevFirst));

  const windows = new Map<string, GroupWindows>();
  const windowFor = (code: string): GroupWindows => {
    let w = windows.get(code);
    if (!w) {
      w = { valueSum: 0, recent: 0, previous: 0, latestRevenue: 0, latestMembers: null };
      windows.set(code, w);
    }
    return w;
  };
  for (const f of portfolio.facts) {
    const i = periodIndex(f.period);
    if (i < tPrevFirst && i < vFirst) continue;
    const w = windowFor(f.groupCode);
    if (i >= vFirst) w.valueSum += f.totalRevenue;
    if (i >= tRecentFirst) w.recent += f.totalRevenue;
    else if (i >= tPrevFirst) w.previous += f.totalRevenue;
    if (i === last) {
      w.latestRevenue += f.totalRevenue;
      w.latestMembers = f.members;
    }
  }

  let latestRevenue = 0;
  let active = 0;
  let recentTotal = 0;
  let previousTotal = 0;
  const values: { code: string; value: number }[] = [];
  for (const [code, w] of windows) {
    latestRevenue += w.latestRevenue;
    if (w.latestRevenue > 0) active++;
    recentTotal += w.recent;
    previousTotal += w.previous;
    const value = w.valueSum / settings.valueWindowMonths;
    if (value > 0) values.push({ code, value });
  }

  const trendValue = hasTrend && previousTotal > 0 ? recentTotal / previousTotal - 1 : null;
  const recentLabel = `${periodFromIndex(tRecentFirst)}…${asOf}`;
  const previousLabel = `${periodFromIndex(tPrevFirst)}…${periodFromIndex(tRecentFirst - 1)}`;

  // Concentration: rank by current value, descending; ties broken by code so the result is order-independent.
  values.sort((a, b) => b.value - a.value || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const totalValue = values.reduce((s, v) => s + v.value, 0);
  const topCount = Math.ceil(values.length * settings.topShare);
  let topValue = 0;
  for (let i = 0; i < topCount; i++) topValue += values[i]?.value ?? 0;

  const names = new Map(portfolio.groups.map((g) => [g.groupCode, g.groupName]));
  const valueSplit = median(values.map((v) => v.value));
  const points: ScatterPoint[] = values.map(({ code, value }) => {
    const w = windows.get(code);
    const decline = w && w.previous > 0 ? Math.max(0, -(w.recent / w.previous - 1)) * 100 : 0;
    const risk = round2(decline);
    const highValue = value >= valueSplit;
    const highRisk = risk >= settings.riskSplitPercent;
    return {
      groupCode: code,
      groupName: names.get(code) ?? code,
      value: round2(value),
      risk,
      members: w?.latestMembers ?? null,
      cell: highValue ? (highRisk ? 'defend' : 'maintain') : highRisk ? 'save' : 'standard',
    };
  });

  return {
    asOf,
    periods,
    groups: groupsFigure,
    activeGroups: {
      value: active,
      trace: {
        rule: { zh: `${asOf} 出账收入大于 0 的集团数`, en: `Groups with total revenue > 0 in ${asOf}` },
        inputs: [{ label: { zh: '账期', en: 'Period' }, value: asOf }],
        settings: [],
      },
    },
    latestRevenue: {
      value: round2(latestRevenue),
      trace: {
        rule: { zh: `${asOf} 全部集团出账收入之和（元）`, en: `Sum of total revenue of all groups in ${asOf} (yuan)` },
        inputs: [
          { label: { zh: '账期', en: 'Period' }, value: asOf },
          { label: { zh: '有收入集团', en: 'Groups with revenue' }, value: active },
        ],
        settings: [],
      },
    },
    revenueTrend3m: {
      value: trendValue,
      trace: {
        rule: {
          zh: `近${settings.trendWindowMonths}个月出账收入合计 ÷ 之前${settings.trendWindowMonths}个月合计 − 1`,
          en: `Total revenue of the last ${settings.trendWindowMonths} months ÷ the ${settings.trendWindowMonths} months before − 1`,
        },
        inputs: hasTrend
          ? [
              { label: { zh: `近期（${recentLabel}）`, en: `Recent (${recentLabel})` }, value: round2(recentTotal) },
              { label: { zh: `前期（${previousLabel}）`, en: `Previous (${previousLabel})` }, value: round2(previousTotal) },
            ]
          : [{ label: { zh: '所需账期数', en: 'Periods needed' }, value: settings.trendWindowMonths * 2 }],
        settings: common,
      },
    },
    top20Share: {
      value: totalValue > 0 ? topValue / totalValue : null,
      trace: {
        rule: {
          zh: `按当前价值（近${settings.valueWindowMonths}个月月均出账收入）排序，前 ${Math.round(settings.topShare * 100)}% 集团的价值占全部有收入集团价值之比`,
          en: `Share of current value (average monthly revenue over the last ${settings.valueWindowMonths} months) held by the top ${Math.round(settings.topShare * 100)}% of groups with revenue`,
        },
        inputs: [
          { label: { zh: '头部集团数', en: 'Top groups' }, value: topCount },
          { label: { zh: '有收入集团数', en: 'Groups with revenue' }, value: values.length },
          { label: { zh: '头部价值（元/月）', en: 'Top value (yuan/month)' }, value: round2(topValue) },
          { label: { zh: '全部价值（元/月）', en: 'Total value (yuan/month)' }, value: round2(totalValue) },
        ],
        settings: common,
      },
    },
    scatter: {
      points,
      valueSplit: round2(valueSplit),
      riskSplit: settings.riskSplitPercent,
      trace: {
        rule: {
          zh: `横轴：当前价值（近${settings.valueWindowMonths}个月月均出账收入）；纵轴：近${settings.trendWindowMonths}个月收入较之前下滑幅度（预警引擎上线前的风险代理）。分割线：价值中位数、下滑 ${settings.riskSplitPercent}%`,
          en: `x: current value (average monthly revenue over the last ${settings.valueWindowMonths} months); y: revenue decline of the last ${settings.trendWindowMonths} months vs the ${settings.trendWindowMonths} before (a risk proxy until the warning engine exists). Splits: median value, ${settings.riskSplitPercent}% decline`,
        },
        inputs: [{ label: { zh: '价值中位数（元/月）', en: 'Median value (yuan/month)' }, value: round2(valueSplit) }],
        settings: [...common, { label: { zh: '风险分割线（%）', en: 'Risk split (%)' }, value: settings.riskSplitPercent }],
      },
    },
  };
}
