/** Data completeness in the backend (issue 13): 总览, 价值象限's default, the import plan, the review's default quarter and `summary`. */
import { describe, expect, it } from 'vitest';
import { buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics/index';
import { computeSummary } from '../../shared/analytics/summary';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { incompleteAfterImport } from '../../shared/import/plan';
import type { Portfolio } from '../../shared/model/portfolio';
import { columnsFromFacts } from '../../shared/model/factColumns';
import { periodFromIndex, periodIndex } from '../../shared/util/period';
import { buildOverview } from '../../shared/overview/buildOverview';
import { collectReviewInputs, reviewQuarters } from '../../shared/review/collectInputs';
import { readScenarioSources } from '../../shared/review/scenarioInputs';
import { buildSlides } from '../../shared/review/buildSlides';
import { defaultQuarterNote, incompleteQuarters, latestQuarter } from '../../electron/backend/review/reviewService';

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

  it('reads facts staged as columns (the import session stages columns, not rows)', () => {
    const list = incompleteAfterImport(demo.portfolio, { factColumns: columnsFromFacts(partialFacts(partial, 24)) });
    expect(list.map((c) => c.period)).toEqual([partial]);
    expect(list[0]?.groupsBilled).toBe(24);
  });

  it('the review defaults to the last quarter whose months are complete, marks the partial one and says why', () => {
    // fill the months after the data fully up to the month before a quarter end, then a partial quarter-end month
    let m = periodIndex(last) + 1;
    const facts = demo.portfolio.facts.slice();
    while (m % 3 !== 2) {
      for (const f of demo.portfolio.facts) if (f.period === last) facts.push({ ...f, period: periodFromIndex(m) });
      m++;
    }
    for (const f of partialFacts(periodFromIndex(m), 24)) facts.push(f);
    const ix = buildIndex({ ...demo.portfolio, facts });
    const quarterEnd = periodFromIndex(m);
    const partialQuarter = `${quarterEnd.slice(0, 4)}Q${Math.floor((m % 12) / 3) + 1}`;
    const quarters = reviewQuarters(ix);
    // the partial quarter is in the data (its 3 months are there) but is not the default
    expect(quarters[quarters.length - 1]).toBe(partialQuarter);
    const before = quarters[quarters.length - 2] as string;
    expect(latestQuarter(ix)).toBe(before);
    expect(incompleteQuarters(ix)).toEqual([partialQuarter]);
    const note = defaultQuarterNote(ix);
    expect(note?.zh).toContain(`${quarterEnd} 不完整：仅 24 / `);
    expect(note?.zh).toContain(`回顾最近的完整季度 ${before}`);
    expect(note?.en).toContain(`the review uses the last complete quarter, ${before}`);
    // the demo alone: no note, the last quarter
    const ix0 = buildIndex(demo.portfolio);
    expect(defaultQuarterNote(ix0)).toBeNull();
    expect(latestQuarter(ix0)).toBe(reviewQuarters(ix0).at(-1));
  });

  it('the review deck says the partial month is left out (slide 1 subtitle and notes, zh and en)', () => {
    const ix = buildIndex(withPartial);
    const quarter = latestQuarter(ix) as string;
    const inputs = collectReviewInputs(ix, DEFAULT_SETTINGS, { quarter, branchName: 'x', actions: [], scenarios: readScenarioSources(undefined, undefined) });
    const zh = buildSlides(inputs, 'zh-CN').find((x) => x.id === 'position');
    expect(zh?.subtitle).toContain(`${partial} 数据不完整，未计入`);
    expect(zh?.notes).toContain(`${partial} 不完整：仅 24 / `);
    const en = buildSlides(inputs, 'en').find((x) => x.id === 'position');
    expect(en?.subtitle).toContain(`${partial} incomplete, left out`);
    expect(en?.notes).toContain(`this review is of ${quarter}`);
    expect(`${en?.subtitle ?? ''} ${en?.notes ?? ''}`).not.toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/);
    // the demo alone: nothing said
    const plain = collectReviewInputs(buildIndex(demo.portfolio), DEFAULT_SETTINGS, { quarter, branchName: 'x', actions: [], scenarios: readScenarioSources(undefined, undefined) });
    expect(plain.completenessNote).toBeNull();
    expect(buildSlides(plain, 'zh-CN').find((x) => x.id === 'position')?.subtitle).not.toContain('不完整');
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
