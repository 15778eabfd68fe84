/** 总览 backend mapping: period figures, comparisons with the previous period and the same period last year, computed by hand. */
import { describe, expect, it } from 'vitest';
import { analyzePortfolio, buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics';
import { OverviewViewSchema } from '../../shared/api/overviewContract';
import type { Group, MonthlyFact, Portfolio } from '../../shared/model/portfolio';
import { computeSummary } from '../../shared/analytics/summary';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { overviewHandlers } from '../../electron/backend/overviewHandlers';
import { buildOverview, periodFigures } from '../../shared/overview/buildOverview';
import { parsePeriod, previousPeriod, yearAgoPeriod } from '../../shared/util/period';
import type { AnalysisContext } from '../../electron/backend/analysisContext';

function group(code: string): Group {
  return { groupCode: code, groupName: code, groupClass: null, importance: null, industry: null, region: null, accountManager: null, employees: null, contractEnd: null, competitorPresence: null, lineGrade: null };
}
function fact(code: string, period: string, total: number, unified: number | null, personal: number | null): MonthlyFact {
  return { groupCode: code, period, totalRevenue: total, unifiedPayRevenue: unified, personalPayRevenue: personal, newBusinessRevenue: null, members: null, offNetMembers: null, minutes: null, arrears: null, complaints: null, faults: null, products: null };
}
const months = (from: number, to: number): string[] => {
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  return out;
};

/**
 * 2024-01 … 2025-03. A: 100 a month (60 unified, 40 personal). B: 50 a month in 2024-01…09, 60 in 2024-10…12,
 * 80 in 2025 (20 unified). C: billed only in 2025-03 (20, who pays unknown).
 */
function tiny(startIndex = 2024 * 12): Portfolio {
  const facts: MonthlyFact[] = [];
  for (const p of months(startIndex, 2025 * 12 + 2)) {
    facts.push(fact('A', p, 100, 60, 40));
    const b = p < '2024-10' ? 50 : p < '2025-01' ? 60 : 80;
    facts.push(fact('B', p, b, 20, b - 20));
  }
  facts.push(fact('C', '2025-03', 20, null, null));
  return { groups: [group('A'), group('B'), group('C')], facts };
}

describe('overview periods', () => {
  it('finds the previous period and the same period last year', () => {
    expect(previousPeriod(parsePeriod('2025-01'))).toBe('2024-12');
    expect(yearAgoPeriod(parsePeriod('2025-01'))).toBe('2024-01');
    expect(previousPeriod(parsePeriod('2025Q1'))).toBe('2024Q4');
    expect(yearAgoPeriod(parsePeriod('2025Q1'))).toBe('2024Q1');
    expect(parsePeriod('2025Q1').months).toEqual([2025 * 12, 2025 * 12 + 1, 2025 * 12 + 2]);
  });
});

describe('overview figures on a tiny portfolio', () => {
  const ix = buildIndex(tiny());
  const s = DEFAULT_SETTINGS;

  it('a month: revenue, unified share and groups billed against the month before and a year before', () => {
    const v = buildOverview(ix, s, '2025-01');
    expect(OverviewViewSchema.safeParse(v).success).toBe(true);
    expect(v.kind).toBe('month');
    expect(v.kpis.revenue.current.value).toBe(180);
    expect(v.kpis.revenue.previous).toMatchObject({ period: '2024-12', value: 160, kind: 'pct', reason: null });
    expect(v.kpis.revenue.previous.change).toBeCloseTo(180 / 160 - 1, 12);
    expect(v.kpis.revenue.yearAgo).toMatchObject({ period: '2024-01', value: 150 });
    expect(v.kpis.revenue.yearAgo.change).toBeCloseTo(0.2, 12);
    // unified share: (60 + 20) ÷ 180 now, (60 + 20) ÷ 160 before, (60 + 20) ÷ 150 a year before; changes in percentage points
    expect(v.kpis.unifiedShare.current.value).toBeCloseTo(80 / 180, 12);
    expect(v.kpis.unifiedShare.previous.kind).toBe('pp');
    expect(v.kpis.unifiedShare.previous.change).toBeCloseTo(80 / 180 - 80 / 160, 12);
    expect(v.kpis.unifiedShare.yearAgo.change).toBeCloseTo(80 / 180 - 80 / 150, 12);
    expect(v.kpis.activeGroups.current.value).toBe(2);
    expect(v.kpis.activeGroups.previous.change).toBe(0);
    // the trace names both periods and both values
    const inputs = v.kpis.revenue.previous.trace.inputs.map((i) => `${i.label.zh}=${i.value}`);
    expect(inputs.some((x) => x.includes('2025-01') && x.endsWith('=180'))).toBe(true);
    expect(inputs.some((x) => x.includes('2024-12') && x.endsWith('=160'))).toBe(true);
  });

  it('a quarter adds up its 3 months and compares with the quarter before and a year before', () => {
    const v = buildOverview(ix, s, '2025Q1');
    expect(v.kind).toBe('quarter');
    expect(v.months).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(v.asOf).toBe('2025-03');
    expect(v.kpis.revenue.current.value).toBe(180 + 180 + 200);
    expect(v.kpis.revenue.previous).toMatchObject({ period: '2024Q4', value: 3 * 160 });
    expect(v.kpis.revenue.previous.change).toBeCloseTo(560 / 480 - 1, 12);
    expect(v.kpis.revenue.yearAgo).toMatchObject({ period: '2024Q1', value: 3 * 150 });
    expect(v.kpis.revenue.yearAgo.change).toBeCloseTo(560 / 450 - 1, 12);
    // C's revenue has no unified pay known: left out of the share
    expect(v.kpis.unifiedShare.current.value).toBeCloseTo((3 * 80) / (3 * 180), 12);
    // C billed in one month of the quarter: counted
    expect(v.kpis.activeGroups.current.value).toBe(3);
    expect(v.kpis.activeGroups.previous.change).toBeCloseTo(0.5, 12);
    // snapshot figures are the engine's at the quarter's last month
    const r = analyzePortfolio(ix, s, { asOf: '2025-03' });
    expect(v.kpis.valueAtRisk.current.value).toBe(r.kpis.valueAtRisk.value);
    expect(v.zones.counts).toEqual(r.kpis.zoneCounts.counts);
    // the Pareto curve is the one of the top-share card's values
    expect(v.pareto.curve).toHaveLength(101);
    expect(v.pareto.curve[20]?.y).toBeCloseTo(v.kpis.topShare.current.value ?? NaN, 12);
    expect(v.pareto.curve[100]?.y).toBeCloseTo(1, 12);
  });

  it('no previous period: null with a reason, never 0', () => {
    const v = buildOverview(ix, s, '2024-01');
    for (const k of ['revenue', 'unifiedShare', 'activeGroups', 'topShare', 'valueAtRisk', 'redYellow'] as const) {
      expect(v.kpis[k].previous.change).toBeNull();
      expect(v.kpis[k].previous.value).toBeNull();
      expect(v.kpis[k].previous.reason?.zh).toContain('2023-12');
      expect(v.kpis[k].yearAgo.change).toBeNull();
      expect(v.kpis[k].yearAgo.reason?.en).toContain('outside the data');
    }
    const q = buildOverview(ix, s, '2024Q1');
    expect(q.kpis.revenue.previous).toMatchObject({ period: '2023Q4', value: null, change: null });
    expect(q.kpis.revenue.previous.reason).not.toBeNull();
  });

  it('a quarter only partly in the data is not compared', () => {
    const late = buildIndex(tiny(2024 * 12 + 1)); // data from 2024-02
    const f = periodFigures(late, s, '2024Q1');
    expect(f.missing?.en).toContain('Only 2 of the 3 months');
    const v = buildOverview(late, s, '2025Q1');
    expect(v.kpis.revenue.yearAgo.change).toBeNull();
    expect(v.kpis.revenue.yearAgo.reason?.zh).toContain('只有 2 个月');
    expect(v.options.quarters).toEqual(['2024Q2', '2024Q3', '2024Q4', '2025Q1']);
  });

  it('a previous value of 0 gives no relative change, with the reason', () => {
    const v = buildOverview(ix, s, '2025-03');
    const ry = v.kpis.redYellow;
    if (ry.previous.value === 0) {
      expect(ry.previous.change).toBeNull();
      expect(ry.previous.reason?.en).toContain('is 0');
    }
  });

  it('revenue trend stacks unified and personal pay for every month', () => {
    const v = buildOverview(ix, s);
    expect(v.period).toBe('2025-03');
    expect(v.revenueTrend.months).toHaveLength(15);
    expect(v.revenueTrend.months[14]).toEqual({ period: '2025-03', unified: 80, personal: 100, total: 200 });
  });
});

describe('overview on the demo branch', () => {
  const demo = generateDemoBranch();
  const ix = buildIndex(demo.portfolio);
  const s = DEFAULT_SETTINGS;
  const ctx: AnalysisContext = {
    workspace: () => {
      throw new Error('not used');
    },
    settings: () => s,
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
  const h = overviewHandlers(ctx);

  it('the latest month equals the engine figures; a quarter is valid; an unknown period is a user error', async () => {
    const v = await h['overview.get']({});
    const r = analyzePortfolio(ix, s);
    expect(v.period).toBe(r.asOf);
    expect(v.kpis.revenue.current.value).toBe(r.kpis.latestRevenue.value);
    expect(v.kpis.activeGroups.current.value).toBe(r.kpis.activeGroups.value);
    expect(v.kpis.unifiedShare.current.value).toBeCloseTo(r.kpis.unifiedShare.value ?? NaN, 12);
    expect(v.kpis.valueAtRisk.current.value).toBe(r.kpis.valueAtRisk.value);
    expect(v.zones.counts).toEqual(r.kpis.zoneCounts.counts);
    // the figures the 总览 has shown since the first release keep their meaning
    const legacy = computeSummary(demo.portfolio);
    expect(v.kpis.topShare.current.value).toBeCloseTo(legacy.top20Share.value ?? NaN, 12);
    expect(v.trend3m.value).toBeCloseTo(legacy.revenueTrend3m.value ?? NaN, 12);
    expect(v.groups.value).toBe(legacy.groups.value);
    const stages = Object.values(v.stages.counts).reduce((a, b) => a + b, 0);
    expect(stages).toBe(r.table.history.filter((x) => x > 0).length);
    const q = await h['overview.get']({ period: v.options.quarters[v.options.quarters.length - 1] });
    expect(OverviewViewSchema.safeParse(q).success).toBe(true);
    await expect(h['overview.get']({ period: '1999-01' })).rejects.toThrow(/outside the data/);
  });

  it('the Value × warning-score map is the engine’s value × risk cell of every placed group with value', async () => {
    const v = await h['overview.get']({});
    const r = analyzePortfolio(ix, s);
    const vr = v.valueRisk;
    if (!vr) throw new Error('no map');
    expect(vr.cells.map((c) => c.count)).toEqual(r.quadrants.valueRisk.cells.map((c) => c.count));
    const placed = r.table.codes.filter((_, g) => (r.table.quadrant.valueRisk[g] as number) >= 0 && (r.table.value[g] as number) > 0);
    expect(vr.points.map((p) => p.groupCode).sort()).toEqual([...placed].sort());
    const red = vr.points.find((p) => p.zone === 'red');
    expect(red?.topSignal).not.toBeNull();
  });
});
