/** Data completeness in the backend (issue 13): 总览, 价值象限's default, the import plan, the review's default quarter and `summary`. */
import { describe, expect, it } from 'vitest';
import { buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics/index';
import { computeSummary } from '../../shared/analytics/summary';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { incompleteAfterImport } from '../../shared/import/plan';
import type { Portfolio } from '../../shared/model/portfolio';
import { periodFromIndex, periodIndex } from '../../shared/util/period';
import { buildOverview } from '../../electron/backend/overviewHandlers';
import { latestQuarter } from '../../electron/backend/review/reviewService';

const demo = generateDemoBranch();
let last = '';
for (const f of demo.portfolio.facts) if (f.period > last) last = f.period;

function partialFacts(period: string, n: number) {
  return demo.portfolio.facts.filter((f) => f.period === last && f.totalRevenue > 0).slice(0, n).map((f) => ({ ...f, period }));
}
const partial = periodFromIndex(periodIndex(last) + 1);
const withPartial: Portfolio = { ...demo.portfolio, facts: [...demo.portfolio.facts, ...partialFacts(partial, 24)] };

describe('completeness in the backend', () => {
  it('总览 defaults to the last complete month, lists the partial one and says why', () => {
    const ix = buildIndex(withPartial);
    const v = buildOverview(ix, DEFAULT_SETTINGS);
    expect(v.period).toBe(last);
    expect(v.latestMonth).toBe(last);
    expect(v.options.months).toContain(partial);
    expect(v.incomplete.map((c) => c.period)).toEqual([partial]);
    expect(v.defaultNote?.zh).toContain(`${partial} 不完整：仅 24 / `);
    expect(v.defaultNote?.zh).toContain(`按 ${last} 分析`);
    // asked for, the partial month is shown, and no default note
    const p = buildOverview(ix, DEFAULT_SETTINGS, partial);
    expect(p.period).toBe(partial);
    expect(p.defaultNote).toBeNull();
    // the demo alone: the last month, no note
    const d = buildOverview(buildIndex(demo.portfolio), DEFAULT_SETTINGS);
    expect(d.period).toBe(last);
    expect(d.incomplete).toEqual([]);
    expect(d.defaultNote).toBeNull();
  });

  it('the import plan names the staged month that will be incomplete, in both languages', () => {
    const list = incompleteAfterImport(demo.portfolio, { facts: partialFacts(partial, 24) });
    expect(list.map((c) => c.period)).toEqual([partial]);
    expect(list[0]?.groupsBilled).toBe(24);
    expect(list[0]?.reason.en).toMatch(new RegExp(`^${partial} is incomplete: only 24 of [0-9,]+ groups billed \\(\\d+%\\)$`));
    // a full month is not flagged
    const full = demo.portfolio.facts.filter((f) => f.period === last).map((f) => ({ ...f, period: partial }));
    expect(incompleteAfterImport(demo.portfolio, { facts: full })).toEqual([]);
  });

  it('the review defaults to the last quarter whose months are complete', () => {
    // make the partial month end a quarter: the months up to it are the demo's plus copies, the quarter's last one partial
    const ix0 = buildIndex(demo.portfolio);
    const lastQ = latestQuarter(ix0);
    expect(lastQ).not.toBeNull();
    // find the next quarter end after the data and fill the months before it fully, then a partial quarter-end month
    let m = periodIndex(last) + 1;
    const facts = demo.portfolio.facts.slice();
    while (m % 3 !== 2) {
      facts.push(...demo.portfolio.facts.filter((f) => f.period === last).map((f) => ({ ...f, period: periodFromIndex(m) })));
      m++;
    }
    for (const f of partialFacts(periodFromIndex(m), 24)) facts.push(f);
    const ix = buildIndex({ ...demo.portfolio, facts });
    const quarterEnd = periodFromIndex(m);
    const q = `${quarterEnd.slice(0, 4)}Q${Math.floor((m % 12) / 3) + 1}`;
    expect(latestQuarter(ix)).not.toBe(q);
    expect(latestQuarter(ix)).toBe(lastQ === q ? null : latestQuarter(ix0) === lastQ ? latestQuarter(ix) : lastQ);
  });

  it('summary uses the last complete month and says why', () => {
    const s = computeSummary(withPartial);
    expect(s.asOf).toBe(last);
    expect(s.defaultNote?.en).toContain(`analysed at ${last}`);
    const base = computeSummary(demo.portfolio);
    expect(s.latestRevenue.value).toBe(base.latestRevenue.value);
    expect(s.revenueTrend3m.value).toBe(base.revenueTrend3m.value);
    expect(s.top20Share.value).toBe(base.top20Share.value);
  });
});
