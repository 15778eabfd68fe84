/**
 * Group counts (issue 13): the same concept gives the same number on 总览, 价值象限, the review's inputs,
 * `summary` and `analyze`, on the demo and on the demo plus a partial month; each count's hover says what
 * it counts with the other counts beside it. Expected numbers come from the raw facts (not pinned demo counts).
 */
import { describe, expect, it } from 'vitest';
import { analyzePortfolio, buildIndex, DEFAULT_SETTINGS, type PortfolioIndex } from '../../shared/analytics';
import { computeSummary } from '../../shared/analytics/summary';
import type { Trace } from '../../shared/api/contract';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import type { Portfolio } from '../../shared/model/portfolio';
import { periodFromIndex, periodIndex } from '../../shared/util/period';
import type { AnalysisContext } from '../../electron/backend/analysisContext';
import { buildOverview } from '../../shared/overview/buildOverview';
import { quadrantHandlers } from '../../electron/backend/quadrantHandlers';
import { collectReviewInputs } from '../../shared/review/collectInputs';
import { latestQuarter } from '../../electron/backend/review/reviewService';
import { readScenarioSources } from '../../shared/review/scenarioInputs';

const demo = generateDemoBranch().portfolio;
let last = '';
for (const f of demo.facts) if (f.period > last) last = f.period;
const partial = periodFromIndex(periodIndex(last) + 1);
const withPartial: Portfolio = { ...demo, facts: [...demo.facts, ...demo.facts.filter((f) => f.period === last && f.totalRevenue > 0).slice(0, 24).map((f) => ({ ...f, period: partial }))] };

/** counted from the raw rows, independently of the engine */
function rawCounts(p: Portfolio, month: string): { inWorkspace: number; billed: number } {
  const codes = new Set(p.groups.map((g) => g.groupCode));
  const revenue = new Map<string, number>();
  for (const f of p.facts) {
    codes.add(f.groupCode);
    if (f.period === month) revenue.set(f.groupCode, (revenue.get(f.groupCode) ?? 0) + f.totalRevenue);
  }
  let billed = 0;
  for (const v of revenue.values()) if (v > 0) billed++;
  return { inWorkspace: codes.size, billed };
}

function ctxOf(ix: PortfolioIndex): AnalysisContext {
  return {
    workspace: () => {
      throw new Error('not used');
    },
    settings: () => DEFAULT_SETTINGS,
    index: () => ix,
    analysis: () => {
      throw new Error('not used');
    },
    cacheKey: () => 'k',
    dataKey: () => 'k',
    portfolio: () => {
      throw new Error('not used');
    },
    userError: (e) => new Error(e.message.en),
  };
}

const input = (t: Trace, en: string): unknown => t.inputs.find((i) => i.label.en === en)?.value;

describe.each([
  ['the demo', demo],
  ['the demo plus a partial month', withPartial],
])('group counts agree across pages on %s', (_name, portfolio) => {
  const ix = buildIndex(portfolio);

  it('集团数 and 本期出账: 总览, summary, analyze and 价值象限 give the same numbers, equal to the raw count', async () => {
    const ov = buildOverview(ix, DEFAULT_SETTINGS);
    // the default month is the last complete one on both data sets
    expect(ov.period).toBe(last);
    const raw = rawCounts(portfolio, last);
    expect(ov.groups.value).toBe(raw.inWorkspace);
    expect(ov.kpis.activeGroups.current.value).toBe(raw.billed);

    const s = computeSummary(portfolio);
    expect(s.asOf).toBe(last);
    expect(s.groups.value).toBe(raw.inWorkspace);
    expect(s.activeGroups.value).toBe(raw.billed);

    const r = analyzePortfolio(ix, DEFAULT_SETTINGS, { explainTop: 0 });
    expect(r.kpis.groups.value).toBe(raw.inWorkspace);
    expect(r.kpis.activeGroups.value).toBe(raw.billed);
    // the warning zones cover every group of the workspace
    expect(Object.values(r.kpis.zoneCounts.counts).reduce((a, b) => a + b, 0)).toBe(raw.inWorkspace);
    // the lifecycle distribution counts the groups with history
    expect(Object.values(ov.stages.counts).reduce((a, b) => a + b, 0)).toBe(r.groupCounts?.withHistory);

    const qv = await quadrantHandlers(ctxOf(ix))['quadrant.view']({ framework: 'valueRisk' });
    expect(qv.asOf).toBe(last);
    expect(qv.placed).toBe(r.quadrants.valueRisk.placed);
    expect(qv.placed + qv.notPlaced).toBe(r.groupCounts?.withHistory);
    // the 参与分组 hover shows 集团数 and 本期出账 beside it, with the same numbers
    expect(input(qv.trace, 'Groups')).toBe(raw.inWorkspace);
    expect(input(qv.trace, `Groups billed (${last})`)).toBe(raw.billed);
    expect(qv.trace.rule.zh).toContain('参与分组 = ');
    expect(qv.trace.rule.zh).toContain('本期出账 = ');
  });

  it('every count says what it counts, with the other counts beside it (zh and en)', () => {
    const ov = buildOverview(ix, DEFAULT_SETTINGS);
    const raw = rawCounts(portfolio, last);
    for (const t of [ov.groups.trace, ov.kpis.activeGroups.current.trace, computeSummary(portfolio).groups.trace]) {
      expect(t.rule.zh).toContain('集团数 = 集团客户资料中的集团');
      expect(t.rule.zh).toContain(`本期出账 = ${last} 出账收入大于 0 的集团`);
      expect(t.rule.en).toContain(`Billed this month = groups with total revenue > 0 in ${last}`);
      expect(t.rule.en).not.toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/);
      expect(input(t, 'Groups')).toBe(raw.inWorkspace);
      expect(input(t, `Groups billed (${last})`)).toBe(raw.billed);
      expect(input(t, `Groups not billed (${last})`)).toBe(raw.inWorkspace - raw.billed);
    }
    // 集团数's hover starts with its own definition, 本期出账's with its own
    expect(ov.groups.trace.rule.zh.startsWith('集团数 = ')).toBe(true);
    expect(ov.kpis.activeGroups.current.trace.rule.zh.startsWith('本期出账 = ')).toBe(true);
  });

  it('the review (default quarter) shows the counts of its quarter-end month as 总览 shows that month', () => {
    const quarter = latestQuarter(ix, DEFAULT_SETTINGS) as string;
    expect(quarter).not.toBeNull();
    const inputs = collectReviewInputs(ix, DEFAULT_SETTINGS, { quarter, branchName: 'x', actions: [], scenarios: readScenarioSources(undefined, undefined) });
    const end = inputs.overview.asOf as string;
    const month = buildOverview(ix, DEFAULT_SETTINGS, end);
    const raw = rawCounts(portfolio, end);
    expect(inputs.overview.groups.value).toBe(month.groups.value);
    expect(inputs.overview.groups.value).toBe(raw.inWorkspace);
    // slide 1's count is of the quarter (billed in any of its months), labelled so, and its hover gives the month-end count
    const q = inputs.overview.kpis.activeGroups.current;
    const months = new Set(inputs.overview.months);
    const rev = new Map<string, number>();
    for (const f of portfolio.facts) if (months.has(f.period)) rev.set(`${f.groupCode}|${f.period}`, (rev.get(`${f.groupCode}|${f.period}`) ?? 0) + f.totalRevenue);
    const billedAny = new Set<string>();
    for (const [k, v] of rev) if (v > 0) billedAny.add(k.split('|')[0] as string);
    expect(q.value).toBe(billedAny.size);
    expect(input(q.trace, `Groups billed (${end})`)).toBe(month.kpis.activeGroups.current.value);
    expect(q.trace.rule.en).toContain(`at least one month of`);
    // the quadrant slide's placed count is 价值象限's at that month, with the counts beside it
    const r = analyzePortfolio(ix, DEFAULT_SETTINGS, { asOf: end, explainTop: 0 });
    expect(inputs.quadrant.placed).toBe(r.quadrants.valueRisk.placed);
    expect(input(inputs.quadrant.trace, 'Groups')).toBe(raw.inWorkspace);
  });
});
