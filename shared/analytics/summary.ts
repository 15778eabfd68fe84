/**
 * The `summary` figures (CLI `holdfast summary`): group count, latest monthly
 * revenue, 3-month revenue trend and the top-20% concentration. The
 * concentration is the engine's (computeMetrics' current value, then
 * `concentration`), so it equals the 总览 card and `analyze`.
 */
import type { Summary } from '../model/summary';
import type { Figure, Trace } from '../model/trace';
import { factColumnsOf } from '../model/factColumns';
import type { Portfolio } from '../model/portfolio';
import { periodIndex, periodFromIndex } from '../util/period';
import { buildIndex } from './columnar';
import { defaultPeriodNote, latestCompleteColumn, periodCompleteness } from './completeness';
import { groupCountsOf, groupCountTrace } from './groupCounts';
import { computeMetrics, concentration } from './metrics';
import { DEFAULT_OVERVIEW_SETTINGS, type OverviewSettings } from './overviewSettings';
import { type AnalyticsSettings, DEFAULT_SETTINGS } from './settings';

interface GroupWindows {
  /** revenue summed over the recent and the previous trend windows */
  recent: number;
  previous: number;
  latestRevenue: number;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** the revenue a group's current value is the mean of (settings: value.basis) */
const BASIS_ZH = { total: '出账收入', unified: '统付收入' } as const;
const BASIS_EN = { total: 'total revenue', unified: 'unified-pay revenue' } as const;

function settingsTrace(s: OverviewSettings): Trace['settings'] {
  return [
    { label: { zh: '当前价值窗口（月）', en: 'Current-value window (months)' }, value: s.valueWindowMonths },
    { label: { zh: '趋势窗口（月）', en: 'Trend window (months)' }, value: s.trendWindowMonths },
    { label: { zh: '头部集团占比', en: 'Top share of groups' }, value: s.topShare },
  ];
}

/**
 * `analytics` gives the completeness threshold (the default month is the last complete one) and
 * nothing else: the figures keep the 总览's first-release settings (`settings`).
 */
export function computeSummary(portfolio: Portfolio, settings: OverviewSettings = DEFAULT_OVERVIEW_SETTINGS, analytics: AnalyticsSettings = DEFAULT_SETTINGS): Summary {
  const fc = factColumnsOf(portfolio);
  const periodSet = new Set<string>(fc.periods);
  const periods = [...periodSet].sort();
  // the last complete month (an incomplete last month, e.g. 24 of 600 groups billed, is never the default)
  const ix = buildIndex(portfolio);
  const list = periodCompleteness(ix, analytics);
  const tAsOf = latestCompleteColumn(ix, analytics, list);
  const asOf = tAsOf >= 0 ? (ix.periods[tAsOf] ?? null) : null;
  const defaultNote = defaultPeriodNote(ix, analytics, list);
  const common = settingsTrace(settings);

  // without billing: the group master (plus billing-only groups, none then), as the engine counts 集团数
  let groupsFigure: Figure = {
    value: ix.nG,
    trace: {
      rule: { zh: '集团数 = 集团客户资料中的集团（含只在出账数据中出现的集团）', en: 'Groups = groups in the group master (plus groups found only in the billing data)' },
      inputs: [{ label: { zh: '集团数', en: 'Groups' }, value: ix.nG }],
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
    };
  }

  const last = periodIndex(asOf);
  const tRecentFirst = last - settings.trendWindowMonths + 1;
  const tPrevFirst = tRecentFirst - settings.trendWindowMonths;
  const hasTrend = periodSet.has(periodFromIndex(tPrevFirst));

  // per group (code dictionary entry), in the order groups first appear in the window
  const windows: GroupWindows[] = [];
  const windowOf: (GroupWindows | undefined)[] = new Array<GroupWindows | undefined>(fc.codes.length);
  const periodIdx = fc.periods.map((p) => periodIndex(p));
  const revenue = fc.values.totalRevenue;
  for (let k = 0; k < fc.length; k++) {
    const i = periodIdx[fc.period[k] as number] as number;
    if (i < tPrevFirst || i > last) continue;
    const c = fc.code[k] as number;
    let w = windowOf[c];
    if (!w) {
      w = { recent: 0, previous: 0, latestRevenue: 0 };
      windowOf[c] = w;
      windows.push(w);
    }
    const r = revenue[k] as number;
    if (i >= tRecentFirst) w.recent += r;
    else if (i >= tPrevFirst) w.previous += r;
    if (i === last) w.latestRevenue += r;
  }

  let latestRevenue = 0;
  let recentTotal = 0;
  let previousTotal = 0;
  for (const w of windows) {
    latestRevenue += w.latestRevenue;
    recentTotal += w.recent;
    previousTotal += w.previous;
  }

  const trendValue = hasTrend && previousTotal > 0 ? recentTotal / previousTotal - 1 : null;
  const recentLabel = `${periodFromIndex(tRecentFirst)}…${asOf}`;
  const previousLabel = `${periodFromIndex(tPrevFirst)}…${periodFromIndex(tRecentFirst - 1)}`;

  // Concentration: the engine's current value (mean monthly revenue over the window months inside each
  // group's history) and its `concentration`, so this figure equals the 总览 card and `analyze`.
  // With the workspace's value settings (basis, window, top share), as the 总览 card reads them: a
  // workspace set to the top 10% on 统付 revenue must not get a top-20% total-revenue figure here.
  const value = analytics.value;
  const mc = computeMetrics(ix, analytics, tAsOf);
  const conc = concentration(mc.value, value.topShare, 10);
  // the counts as the engine defines them (groupCounts.ts): the same numbers as 总览 and analyze
  const counts = groupCountsOf(ix, mc, conc.groups);
  const countOpts = { windowMonths: value.windowMonths };
  groupsFigure = { value: counts.inWorkspace, trace: groupCountTrace(counts, 'inWorkspace', countOpts) };

  return {
    asOf,
    periods,
    defaultNote,
    groups: groupsFigure,
    activeGroups: { value: counts.billed, trace: groupCountTrace(counts, 'billed', countOpts) },
    latestRevenue: {
      value: round2(latestRevenue),
      trace: {
        rule: { zh: `${asOf} 全部集团出账收入之和（元）`, en: `Sum of total revenue of all groups in ${asOf} (yuan)` },
        inputs: [
          { label: { zh: '账期', en: 'Period' }, value: asOf },
          { label: { zh: '本期出账集团数', en: 'Groups billed this month' }, value: counts.billed },
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
    topShareSetting: value.topShare,
    top20Share: {
      value: conc.topShare,
      trace: {
        rule: {
          zh: `按当前价值（近${value.windowMonths}个月中集团在网各月的月均${BASIS_ZH[value.basis]}）排序，前 ${Math.round(value.topShare * 1000) / 10}% 集团的价值占全部有价值集团价值之比`,
          en: `Share of current value (mean monthly ${BASIS_EN[value.basis]} over the last ${value.windowMonths} months inside each group's history) held by the top ${Math.round(value.topShare * 1000) / 10}% of groups with value`,
        },
        inputs: [
          { label: { zh: '头部集团数', en: 'Top groups' }, value: conc.topCount },
          { label: { zh: '有当前价值的集团数', en: 'Groups with current value' }, value: conc.groups },
          { label: { zh: '头部价值（元/月）', en: 'Top value (yuan/month)' }, value: round2(conc.topValue) },
          { label: { zh: '全部价值（元/月）', en: 'Total value (yuan/month)' }, value: round2(conc.totalValue) },
        ],
        settings: [
          { label: { zh: '价值口径', en: 'Revenue that drives value' }, value: { zh: BASIS_ZH[value.basis], en: BASIS_EN[value.basis] } },
          { label: { zh: '当前价值窗口（月）', en: 'Current-value window (months)' }, value: value.windowMonths },
          { label: { zh: '头部集团占比', en: 'Top share of groups' }, value: value.topShare },
        ],
      },
    },
  };
}
