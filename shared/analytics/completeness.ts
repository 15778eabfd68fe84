/**
 * Data completeness per month: a month whose billing covers far fewer groups
 * (or far less revenue) than the trailing months' typical figure is a partial
 * load (the month is still being billed, or only one file was imported), not
 * a collapse of the portfolio. Such a month is never the default analysis
 * month: `latestCompleteColumn` gives the last complete one.
 *
 * "Typical" = the median over the `completeness.trailingMonths` months before
 * (fewer at the start of the data; the first month is always complete).
 * Groups are held to `minShare`, revenue to the lower `minRevenueShare` (a
 * real fall of 20% with every group billed must show, not hide); portfolios
 * usually billing fewer than `minGroups` groups are not checked.
 * Counted from the engine's index: a group "billed" in a month when its total
 * revenue there is above 0.
 */
import type { LocalText, Trace } from '../model/trace';
import type { PortfolioIndex } from './columnar';
import { type AnalyticsSettings, settingsTrace } from './settings';
import { fmtMoney, fmtNum, fmtPct, T } from './text';

export interface PeriodCompleteness {
  period: string;
  /** groups with revenue above 0 in the month */
  groupsBilled: number;
  /** median of the trailing months' billed groups; null for the first month */
  typicalGroups: number | null;
  revenue: number;
  typicalRevenue: number | null;
  /** groupsBilled / typicalGroups (null when not comparable) */
  groupShare: number | null;
  revenueShare: number | null;
  complete: boolean;
  /** why the month is incomplete (null when complete) */
  reason: LocalText | null;
  trace: Trace;
}

function median(xs: number[]): number {
  const a = xs.slice().sort((x, y) => x - y);
  const n = a.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (a[mid] as number) : ((a[mid - 1] as number) + (a[mid] as number)) / 2;
}

const SETTING_KEYS = ['completeness.minShare', 'completeness.minRevenueShare', 'completeness.minGroups', 'completeness.trailingMonths'] as const;

/** One entry per month of the data, in order. */
export function periodCompleteness(ix: PortfolioIndex, settings: AnalyticsSettings): PeriodCompleteness[] {
  const total = ix.m.totalRevenue;
  const billed: number[] = [];
  const revenue: number[] = [];
  for (let t = 0; t < ix.nP; t++) {
    let n = 0;
    let rev = 0;
    for (let g = 0; g < ix.nG; g++) {
      const x = total[g * ix.nP + t] as number;
      if (x > 0) n++;
      if (Number.isFinite(x)) rev += x;
    }
    billed.push(n);
    revenue.push(rev);
  }
  const own = completenessOfTotals({ periods: ix.periods, billed, revenue }, settings);
  // a scope: a month the whole workspace has only partly loaded is incomplete here too (a scope of a
  // few groups is below the check's minimum, and would take the partial month as its latest)
  const whole = ix.portfolio.outsideScope?.periodTotals;
  if (!whole) return own;
  const wholeByPeriod = new Map(completenessOfTotals(whole, settings).map((c) => [c.period, c]));
  return own.map((c) => {
    const w = wholeByPeriod.get(c.period);
    if (!c.complete || !w || w.complete || !w.reason) return c;
    const reason = T(`工作区整体：${w.reason.zh}`, `The whole workspace: ${w.reason.en}`);
    return { ...c, complete: false, reason, trace: { ...c.trace, inputs: [...c.trace.inputs, { label: T('工作区整体', 'Whole workspace'), value: reason }] } };
  });
}

/** Per month of a continuous range: the groups billed (total revenue above 0) and the revenue. */
export interface PeriodTotals {
  periods: readonly string[];
  billed: readonly number[];
  revenue: readonly number[];
}

/** The completeness of each month from its totals (the import review computes them without building the index). */
export function completenessOfTotals(totals: PeriodTotals, settings: AnalyticsSettings): PeriodCompleteness[] {
  const { minShare, minRevenueShare, minGroups, trailingMonths } = settings.completeness;
  const { billed, revenue } = totals;
  const nP = totals.periods.length;
  const out: PeriodCompleteness[] = [];
  for (let t = 0; t < nP; t++) {
    const from = Math.max(0, t - trailingMonths);
    const prevB: number[] = [];
    const prevR: number[] = [];
    for (let k = from; k < t; k++) {
      prevB.push(billed[k] as number);
      prevR.push(revenue[k] as number);
    }
    const typicalGroups = prevB.length > 0 ? median(prevB) : null;
    const typicalRevenue = prevR.length > 0 ? median(prevR) : null;
    const b = billed[t] as number;
    const r = revenue[t] as number;
    const groupShare = typicalGroups !== null && typicalGroups > 0 ? b / typicalGroups : null;
    const revenueShare = typicalRevenue !== null && typicalRevenue > 0 ? r / typicalRevenue : null;
    // a handful of groups: a drop is a drop, not a partial load
    const checked = typicalGroups !== null && typicalGroups >= minGroups;
    const lowGroups = checked && groupShare !== null && groupShare < minShare;
    const lowRevenue = checked && revenueShare !== null && revenueShare < minRevenueShare;
    const period = totals.periods[t] as string;
    const typ = typicalGroups === null ? '—' : fmtNum(Math.round(typicalGroups));
    let reason: LocalText | null = null;
    if (lowGroups) {
      reason = T(
        `${period} 不完整：仅 ${fmtNum(b)} / ${typ} 个集团出账（${fmtPct(groupShare as number, 0)}）`,
        `${period} is incomplete: only ${fmtNum(b)} of ${typ} groups billed (${fmtPct(groupShare as number, 0)})`,
      );
    } else if (lowRevenue) {
      reason = T(
        `${period} 不完整：出账收入仅为近几月常见水平的 ${fmtPct(revenueShare as number, 0)}（${fmtMoney(r)} / ${fmtMoney(typicalRevenue as number)}）`,
        `${period} is incomplete: revenue only ${fmtPct(revenueShare as number, 0)} of the usual (${fmtMoney(r)} of ${fmtMoney(typicalRevenue as number)})`,
      );
    }
    const window = t > 0 ? `${totals.periods[from]}…${totals.periods[t - 1]}` : '—';
    out.push({
      period,
      groupsBilled: b,
      typicalGroups,
      revenue: r,
      typicalRevenue,
      groupShare,
      revenueShare,
      complete: reason === null,
      reason,
      trace: {
        rule: T(
          `出账集团数（收入 > 0）与出账收入各不低于前几个月（${window}）中位数的设定比例，该月才算完整；第一个月、以及常见出账集团数少于设定值时总算完整。不完整的月份不作默认分析月`,
          `A month is complete when its billed groups (revenue > 0) and its revenue each reach the set share of the median of the months before (${window}); the first month, and any month when fewer groups than the set minimum are usually billed, count as complete. An incomplete month is never the default analysis month`,
        ),
        inputs: [
          { label: T('出账集团数', 'Groups billed'), value: b },
          { label: T('近几月常见出账集团数（中位数）', 'Usual groups billed (median)'), value: typicalGroups === null ? '—' : Math.round(typicalGroups) },
          { label: T('出账收入（元）', 'Revenue (yuan)'), value: Math.round(r * 100) / 100 },
          { label: T('近几月常见出账收入（元，中位数）', 'Usual revenue (yuan, median)'), value: typicalRevenue === null ? '—' : Math.round(typicalRevenue * 100) / 100 },
        ],
        settings: settingsTrace(settings, SETTING_KEYS),
      },
    });
  }
  return out;
}

/** The column of the last complete month (−1 when there is no data). Falls back to the last month when none is complete. */
export function latestCompleteColumn(ix: PortfolioIndex, settings: AnalyticsSettings, list: readonly PeriodCompleteness[] = periodCompleteness(ix, settings)): number {
  if (ix.nP === 0) return -1;
  for (let t = ix.nP - 1; t >= 0; t--) if (list[t]?.complete) return t;
  return ix.nP - 1;
}

/**
 * When the default analysis month is not the data's last month: why, in the page's words
 * ("2026-11 不完整：仅 24 / 600 个集团出账（4%），按 2026-10 分析"); null when the last month is used.
 */
export function defaultPeriodNote(ix: PortfolioIndex, settings: AnalyticsSettings, list: readonly PeriodCompleteness[] = periodCompleteness(ix, settings)): LocalText | null {
  const t = latestCompleteColumn(ix, settings, list);
  if (t < 0 || t === ix.nP - 1) return null;
  const used = ix.periods[t] as string;
  const skipped: LocalText[] = [];
  for (let k = t + 1; k < ix.nP; k++) {
    const r = list[k]?.reason;
    if (r) skipped.push(r);
  }
  return T(`${skipped.map((r) => r.zh).join('；')}，按 ${used} 分析`, `${skipped.map((r) => r.en).join('; ')}; analysed at ${used}`);
}
