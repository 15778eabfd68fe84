import { describe, expect, it } from 'vitest';
import { analyzePortfolio, buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics';
import { computeSummary } from '../../shared/analytics/summary';
import type { Group, MonthlyFact, Portfolio } from '../../shared/model/portfolio';

function group(code: string): Group {
  return {
    groupCode: code,
    groupName: `集团${code}`,
    groupClass: 'C',
    importance: null,
    industry: null,
    region: null,
    accountManager: null,
    employees: null,
    contractEnd: null,
    competitorPresence: null,
    lineGrade: null,
  };
}

function fact(code: string, period: string, total: number, members: number | null = 10): MonthlyFact {
  return {
    groupCode: code,
    period,
    unifiedPayRevenue: null,
    personalPayRevenue: null,
    totalRevenue: total,
    newBusinessRevenue: null,
    members,
    offNetMembers: null,
    minutes: null,
    arrears: null,
    complaints: null,
    faults: null,
    products: null,
  };
}

const PERIODS = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'];

/** Five groups over six months with hand-chosen revenue. */
function handPortfolio(): Portfolio {
  const revenue: Record<string, number[]> = {
    '001': [100, 100, 100, 100, 100, 100], // flat, value 100
    '002': [200, 200, 200, 100, 100, 100], // −50%, value 100
    '003': [1000, 1000, 1000, 1000, 1000, 1000], // flat, value 1000
    '004': [50, 50, 50, 60, 60, 60], // +20%, value 60
    '005': [10, 10, 10, 0, 0, 0], // lost: value 0
  };
  const facts: MonthlyFact[] = [];
  for (const [code, series] of Object.entries(revenue)) {
    series.forEach((r, i) => facts.push(fact(code, PERIODS[i] ?? '', r)));
  }
  return { groups: [...Object.keys(revenue), '006'].map(group), facts };
}

describe('computeSummary', () => {
  it('computes the overview figures by hand', () => {
    const s = computeSummary(handPortfolio());
    expect(s.asOf).toBe('2024-06');
    expect(s.groups.value).toBe(6);
    expect(s.activeGroups.value).toBe(4);
    expect(s.latestRevenue.value).toBe(100 + 100 + 1000 + 60);
    // recent = 3*(100+100+1000+60) = 3780; previous = 3*(100+200+1000+50+10) = 4080
    expect(s.revenueTrend3m.value).toBeCloseTo(3780 / 4080 - 1, 12);
    // values with revenue: 1000, 100, 100, 60 → top ceil(4*0.2)=1 → 1000 / 1260
    expect(s.top20Share.value).toBeCloseTo(1000 / 1260, 12);
    expect(s.top20Share.trace.inputs.find((i) => i.label.en === 'Top groups')?.value).toBe(1);
  });

  it('follows the workspace’s value settings, as the 总览 card does, and is named for its share', async () => {
    // a workspace set to the top 10% on unified-pay revenue over 6 months: `summary` printed the top 20%
    // of total revenue over 3 months under the 总览 card's name
    const { generateDemoBranch } = await import('../../shared/demo/generateDemoBranch');
    const { summaryLines } = await import('../../electron/cli/summaryText');
    const p = generateDemoBranch().portfolio;
    const settings = { ...DEFAULT_SETTINGS, value: { ...DEFAULT_SETTINGS.value, topShare: 0.1, basis: 'unified' as const, windowMonths: 6 } };
    const s = computeSummary(p, undefined, settings);
    const ix = buildIndex(p);
    const card = analyzePortfolio(ix, settings, { asOf: s.asOf ?? undefined }).kpis.topShare.value;
    expect(s.top20Share.value).toBe(card);
    expect(s.top20Share.value).not.toBe(computeSummary(p).top20Share.value);
    expect(s.topShareSetting).toBe(0.1);
    const lines = summaryLines('ws', { asOf: s.asOf, groups: 1, activeGroups: 1, latestRevenue: 1, revenueTrend3m: 0, top20Share: s.top20Share.value, topShareSetting: 0.1 }, 'zh-CN');
    expect(lines.some((l) => l.startsWith('头部10%集团价值占比'))).toBe(true);
    expect(JSON.stringify(s.top20Share.trace)).toContain('统付收入');
  });

  it('top share averages only the months inside a group’s history, as the engine does', () => {
    const p = handPortfolio();
    // a new group billed only in the last month: its value is 300 (one month), not 300 / 3
    p.groups.push(group('007'));
    p.facts.push(fact('007', '2024-06', 300));
    const s = computeSummary(p);
    // values: 1000, 300, 100, 100, 60 → top ceil(5*0.2)=1 → 1000 / 1560
    expect(s.top20Share.value).toBeCloseTo(1000 / 1560, 12);
    expect(s.top20Share.value).toBe(analyzePortfolio(buildIndex(p), DEFAULT_SETTINGS).kpis.topShare.value);
  });

  it('says a trend needs six months instead of inventing one', () => {
    const p = handPortfolio();
    p.facts = p.facts.filter((f) => f.period >= '2024-02');
    const s = computeSummary(p);
    expect(s.revenueTrend3m.value).toBeNull();
    expect(s.latestRevenue.value).toBe(1260);
  });

  it('handles a workspace without billing', () => {
    const s = computeSummary({ groups: [group('1')], facts: [] });
    expect(s.asOf).toBeNull();
    expect(s.groups.value).toBe(1);
    expect(s.latestRevenue.value).toBeNull();
    expect(s.top20Share.value).toBeNull();
  });

  it('does not depend on row order', () => {
    const p = handPortfolio();
    const reversed = { groups: [...p.groups].reverse(), facts: [...p.facts].reverse() };
    const a = computeSummary(p);
    const b = computeSummary(reversed);
    expect(b.top20Share.value).toBe(a.top20Share.value);
    expect(b.revenueTrend3m.value).toBe(a.revenueTrend3m.value);
  });
});
