/**
 * Data completeness (issue 13): a partially loaded month (24 groups billed of the usual hundreds) is marked
 * incomplete and is never the default analysis month; the analysis says why.
 */
import { describe, expect, it } from 'vitest';
import { analyzePortfolio, backtest, buildIndex, DEFAULT_SETTINGS, latestCompleteColumn, periodCompleteness, SETTINGS_META, withSetting } from '../../shared/analytics/index';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import type { Portfolio } from '../../shared/model/portfolio';
import { periodFromIndex, periodIndex } from '../../shared/util/period';

const demo = generateDemoBranch();

/** the demo plus a next month billed for only the first `n` groups */
export function withPartialMonth(p: Portfolio, n: number): { portfolio: Portfolio; partial: string; last: string } {
  let last = '';
  for (const f of p.facts) if (f.period > last) last = f.period;
  const partial = periodFromIndex(periodIndex(last) + 1);
  const facts = p.facts.slice();
  const lastFacts = p.facts.filter((f) => f.period === last && f.totalRevenue > 0).slice(0, n);
  for (const f of lastFacts) facts.push({ ...f, period: partial });
  return { portfolio: { ...p, facts }, partial, last };
}

describe('period completeness', () => {
  it('the demo alone: every month complete, the default month is the last', () => {
    const ix = buildIndex(demo.portfolio);
    const list = periodCompleteness(ix, DEFAULT_SETTINGS);
    expect(list.length).toBe(ix.nP);
    expect(list.filter((c) => !c.complete).map((c) => c.period)).toEqual([]);
    const r = analyzePortfolio(ix, DEFAULT_SETTINGS, { explainTop: 0 });
    expect(r.asOf).toBe(ix.periods[ix.nP - 1]);
    expect(r.defaultNote).toBeNull();
  });

  it('a month with 24 groups billed is incomplete, and the analysis defaults to the month before and says why', () => {
    const { portfolio, partial, last } = withPartialMonth(demo.portfolio, 24);
    const ix = buildIndex(portfolio);
    const list = periodCompleteness(ix, DEFAULT_SETTINGS);
    const c = list[list.length - 1];
    expect(c?.period).toBe(partial);
    expect(c?.groupsBilled).toBe(24);
    expect(c?.complete).toBe(false);
    const typical = list[list.length - 2]?.groupsBilled as number;
    expect(c?.typicalGroups).toBeGreaterThan(100);
    expect(c?.reason?.zh).toContain(`${partial} 不完整：仅 24 / `);
    expect(c?.reason?.en).toContain(`only 24 of`);
    expect(c?.trace.settings.length).toBe(4);
    expect(typical).toBeGreaterThan(24);
    expect(ix.periods[latestCompleteColumn(ix, DEFAULT_SETTINGS)]).toBe(last);

    const r = analyzePortfolio(ix, DEFAULT_SETTINGS, { explainTop: 0 });
    expect(r.asOf).toBe(last);
    expect(r.incomplete.map((x) => x.period)).toEqual([partial]);
    expect(r.defaultNote?.zh).toMatch(new RegExp(`^${partial} 不完整：仅 24 / [0-9,]+ 个集团出账（\\d+%），按 ${last} 分析$`));
    expect(r.defaultNote?.en).toContain(`analysed at ${last}`);
    // asked explicitly, the incomplete month is still analysed, without a note
    const explicit = analyzePortfolio(ix, DEFAULT_SETTINGS, { asOf: partial, explainTop: 0 });
    expect(explicit.asOf).toBe(partial);
    expect(explicit.defaultNote).toBeNull();
    // the back-test's default end follows
    const b = backtest(ix, DEFAULT_SETTINGS, { logistic: false });
    const bLast = backtest(ix, DEFAULT_SETTINGS, { asOf: last, logistic: false });
    expect(JSON.stringify(b)).toBe(JSON.stringify(bLast));
  });

  it('the threshold is a setting: at 1% the partial month counts as complete', () => {
    const { portfolio, partial } = withPartialMonth(demo.portfolio, 24);
    const ix = buildIndex(portfolio);
    const lowGroups = withSetting(DEFAULT_SETTINGS, 'completeness.minShare', 0.01);
    if (!lowGroups.ok) throw new Error('setting rejected');
    // the 24 groups also bill far less than the usual revenue: the revenue threshold still flags the month
    expect(analyzePortfolio(ix, lowGroups.settings, { explainTop: 0 }).asOf).not.toBe(partial);
    const low = withSetting(lowGroups.settings, 'completeness.minRevenueShare', 0);
    if (!low.ok) throw new Error('setting rejected');
    expect(analyzePortfolio(ix, low.settings, { explainTop: 0 }).asOf).toBe(partial);
    // and with minGroups above the usual count, the check is off
    const off = withSetting(DEFAULT_SETTINGS, 'completeness.minGroups', 1_000_000);
    if (!off.ok) throw new Error('setting rejected');
    expect(analyzePortfolio(ix, off.settings, { explainTop: 0 }).asOf).toBe(partial);
    const m = SETTINGS_META.find((x) => x.key === 'completeness.minShare');
    expect(m?.label.zh).toBeTruthy();
    expect(m?.label.en).toBeTruthy();
    expect(m?.scale).toBe(100);
  });

  it('a revenue collapse with every group billed is incomplete too', () => {
    let last = '';
    for (const f of demo.portfolio.facts) if (f.period > last) last = f.period;
    const partial = periodFromIndex(periodIndex(last) + 1);
    const facts = demo.portfolio.facts.slice();
    for (const f of demo.portfolio.facts) if (f.period === last && f.totalRevenue > 0) facts.push({ ...f, period: partial, totalRevenue: f.totalRevenue * 0.1 });
    const ix = buildIndex({ ...demo.portfolio, facts });
    const c = periodCompleteness(ix, DEFAULT_SETTINGS).at(-1);
    expect(c?.complete).toBe(false);
    expect(c?.reason?.en).toContain('revenue only');
  });

  it('a real fall (every group billed, 30% less revenue) is not hidden as incomplete', () => {
    let last = '';
    for (const f of demo.portfolio.facts) if (f.period > last) last = f.period;
    const next = periodFromIndex(periodIndex(last) + 1);
    const facts = demo.portfolio.facts.slice();
    for (const f of demo.portfolio.facts) if (f.period === last && f.totalRevenue > 0) facts.push({ ...f, period: next, totalRevenue: f.totalRevenue * 0.7 });
    const ix = buildIndex({ ...demo.portfolio, facts });
    expect(periodCompleteness(ix, DEFAULT_SETTINGS).at(-1)?.complete).toBe(true);
    expect(analyzePortfolio(ix, DEFAULT_SETTINGS, { explainTop: 0 }).asOf).toBe(next);
  });

  it('a handful of groups is not checked: one group losing most of its bill is a drop, not a partial load', () => {
    const g = demo.portfolio.groups.slice(0, 3);
    const codes = new Set(g.map((x) => x.groupCode));
    let last = '';
    for (const f of demo.portfolio.facts) if (f.period > last) last = f.period;
    const facts = demo.portfolio.facts.filter((f) => codes.has(f.groupCode) && (f.period !== last || f.groupCode === g[0]?.groupCode));
    const ix = buildIndex({ ...demo.portfolio, groups: g, facts });
    expect(periodCompleteness(ix, DEFAULT_SETTINGS).every((c) => c.complete)).toBe(true);
    expect(ix.periods[latestCompleteColumn(ix, DEFAULT_SETTINGS)]).toBe(last);
  });
});
