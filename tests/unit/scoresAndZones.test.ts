/**
 * Issue 13, "Scores and zones": the warning score on one 0–100 scale with the
 * zone cut-offs unchanged, white groups without a quadrant cell (review xlsx
 * included), `analyze --all` listing every group's fired signals as
 * analysis.group does, and signal texts with a zero or tiny base.
 */
import { describe, expect, it } from 'vitest';
import {
  analyzePortfolio,
  buildIndex,
  DEFAULT_SETTINGS,
  groupDetail,
  groupRows,
  parseSettings,
  QUADRANT_IDS,
  SCORE_MAX,
  scoreScale,
  SIGNAL_IDS,
  type AnalyticsSettings,
} from '../../shared/analytics/index';
import { signalContext, memberChangeText } from '../../shared/analytics/signals';
import { zoneOf, ZONE_WHITE } from '../../shared/analytics/warnings';
import { changeText } from '../../shared/analytics/text';
import type { MonthlyFact, Portfolio } from '../../shared/model/portfolio';
import { addMonths, periodRange } from '../../shared/util/period';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { buildAnalysisView } from '../../shared/views/analysisView';
import { buildGroupDetailView } from '../../shared/views/groupDetailView';
import { quadrantMembershipRows } from '../../electron/backend/review/reviewXlsx';
import { allGroups } from '../../electron/cli/analyzeCommand';
import { GroupDetailViewSchema } from '../../shared/api/analysisContract';
import { collectReviewInputs } from '../../shared/review/collectInputs';
import { readScenarioSources } from '../../shared/review/scenarioInputs';
import { buildSlides } from '../../shared/review/buildSlides';
import { fact, group } from './support/handData';



const P = periodRange(addMonths('2025-12', -11), '2025-12'); // 12 months, 2025-01 … 2025-12
const series = (code: string, periods: string[], f: (i: number) => Partial<MonthlyFact> = () => ({})): MonthlyFact[] => periods.map((p, i) => fact(code, p, f(i)));

/**
 * HOT fires every signal that needs no key persons: revenue trend, traffic, members, off-net,
 * bill anomaly, complaints, no contract, no manager, arrears = 25+20+20+10+10+10+10+5+5 = 115 points.
 * LOST billed 100 until two months ago (no revenue 2 months: white) and fires signals too;
 * its current value (33 元/月) is low and its raw score high: the old code put it in 低成本挽留.
 * NEW has 2 months of history: white (too little data).
 */
function portfolio(): Portfolio {
  const last = P.length - 1;
  return {
    groups: [group('OK'), group('HOT', { accountManager: null, contractEnd: null }), group('LOST', { accountManager: null, contractEnd: null }), group('NEW'), group('BIG')],
    facts: [
      ...series('OK', P),
      ...series('BIG', P, () => ({ totalRevenue: 5000, unifiedPayRevenue: 3000, personalPayRevenue: 2000 })),
      ...series('HOT', P, (i) =>
        i === last
          ? { totalRevenue: 10, unifiedPayRevenue: 6, personalPayRevenue: 4, minutes: 500, members: 40, offNetMembers: 10, complaints: 2, arrears: 30 }
          : { arrears: i === last - 1 ? 30 : 0 },
      ),
      ...series('LOST', P, (i) => (i >= last - 1 ? { totalRevenue: 0, unifiedPayRevenue: 0, personalPayRevenue: 0, minutes: 0, members: 20, complaints: 3 } : {})),
      ...series('NEW', P.slice(-2), () => ({ totalRevenue: 300, unifiedPayRevenue: 200, personalPayRevenue: 100 })),
    ],
  };
}

describe('the warning score on one 0–100 scale', () => {
  it('caps the fired points at 100: a group firing 115 points scores 100, never more', () => {
    const p = portfolio();
    const d = groupDetail(p, 'HOT', DEFAULT_SETTINGS);
    expect(d).not.toBeNull();
    const fired = (d?.signals ?? []).filter((s) => s.fired);
    const points = fired.reduce((a, s) => a + s.points, 0);
    expect(points).toBe(115);
    expect(d?.row.score).toBe(100);
    expect(d?.row.zone).toBe('red');
    // the trace says how it is built: the points summed, the cap, the total
    expect(d?.traces.score.rule.zh).toContain('0–100');
    expect(d?.traces.score.rule.en).toContain('capped at 100');
    expect(d?.traces.score.inputs.find((i) => i.label.en === 'Fired points summed')?.value).toBe(115);
  });

  it('scores every mask at its boundary: 0, 95, 100 and above 100 → 100', () => {
    const ix = buildIndex(portfolio());
    const ctx = signalContext(ix, DEFAULT_SETTINGS);
    const bit = (ids: string[]): number => ids.reduce((m, id) => m | (1 << SIGNAL_IDS.indexOf(id as (typeof SIGNAL_IDS)[number])), 0);
    expect(ctx.scoreOfMask[0]).toBe(0);
    const m95 = bit(['revenueTrend', 'trafficDrop', 'memberLoss', 'offNetRising', 'billAnomaly', 'complaints']);
    expect(ctx.scoreOfMask[m95]).toBe(95);
    expect(ctx.scoreOfMask[m95 | bit(['noManager'])]).toBe(100);
    expect(ctx.pointsOfMask[m95 | bit(['noManager', 'arrears'])]).toBe(105);
    expect(ctx.scoreOfMask[m95 | bit(['noManager', 'arrears'])]).toBe(100);
    expect(ctx.scoreOfMask[(1 << SIGNAL_IDS.length) - 1]).toBe(SCORE_MAX);
    for (let m = 0; m < ctx.scoreOfMask.length; m++) {
      expect(ctx.scoreOfMask[m]).toBeGreaterThanOrEqual(0);
      expect(ctx.scoreOfMask[m]).toBeLessThanOrEqual(100);
    }
  });

  it('no group of the demo scores above 100, and the views carry the scale', () => {
    const demo = generateDemoBranch();
    const view = buildAnalysisView(demo.portfolio, DEFAULT_SETTINGS, []);
    for (const w of view.warnings) {
      expect(w.score).toBeGreaterThanOrEqual(0);
      expect(w.score).toBeLessThanOrEqual(100);
      // explained rows: the score is their fired points summed, capped at 100
      if (w.signals.length > 0) expect(w.score).toBe(Math.min(100, w.signals.reduce((a, x) => a + x.points, 0)));
    }
    expect(view.scoreScale.max).toBe(100);
    expect(view.scoreScale.min).toBe(0);
    // the scale lists the enabled signals' points and their total (125 by default)
    expect(view.scoreScale.pointsTotal).toBe(SIGNAL_IDS.reduce((a, id) => a + DEFAULT_SETTINGS.warnings[id].points, 0));
  });

  it('keeps every zone: the capped score falls in the same zone as the raw points, for every mask and cut-offs', () => {
    const ix = buildIndex(portfolio());
    const cutOffs: [number, number, number][] = [
      [50, 30, 15],
      [100, 60, 1],
      [99, 98, 97],
      [40, 24, 12],
    ];
    for (const [red, yellow, blue] of cutOffs) {
      const s: AnalyticsSettings = structuredClone(DEFAULT_SETTINGS);
      s.warnings.zones = { red, yellow, blue };
      const ctx = signalContext(ix, s);
      for (let m = 0; m < ctx.scoreOfMask.length; m++) {
        expect(zoneOf(ctx.scoreOfMask[m] as number, 12, 0, s)).toBe(zoneOf(ctx.pointsOfMask[m] as number, 12, 0, s));
      }
      // the scale's cut-offs are the settings' cut-offs, unconverted (all ≤ 100)
      expect(scoreScale(s).cutOffs).toEqual([
        { zone: 'red', from: red },
        { zone: 'yellow', from: yellow },
        { zone: 'blue', from: blue },
      ]);
    }
  });

  it('reads stored cut-offs unchanged: they were and stay points on the same scale, no zone moves', () => {
    const stored = structuredClone(DEFAULT_SETTINGS) as unknown as Record<string, unknown>;
    const { settings, issues } = parseSettings(stored);
    expect(issues).toEqual([]);
    expect(settings.warnings.zones).toEqual({ red: 50, yellow: 30, blue: 15 });
    // a cut-off above the scale cannot be stored
    const tooHigh = structuredClone(DEFAULT_SETTINGS) as unknown as { warnings: { zones: { red: number } } };
    tooHigh.warnings.zones.red = 120;
    expect(parseSettings(tooHigh).settings.warnings.zones.red).toBe(50);
  });
});

describe('white groups get no quadrant cell', () => {
  it('LOST and NEW are white and placed in no quadrant; the snapshot counts them apart', () => {
    const p = portfolio();
    const ix = buildIndex(p);
    const r = analyzePortfolio(ix, DEFAULT_SETTINGS);
    for (const code of ['LOST', 'NEW']) {
      const g = ix.codeIndex.get(code) as number;
      expect(r.table.zone[g]).toBe(ZONE_WHITE);
      for (const q of QUADRANT_IDS) expect(r.table.quadrant[q][g]).toBe(-1);
    }
    expect(r.quadrants.valueRisk.white).toBe(2);
    expect(r.quadrants.valueRisk.cells.reduce((a, c) => a + c.count, 0)).toBe(r.quadrants.valueRisk.placed);
    const rows = groupRows(ix, r);
    const lost = rows.find((x) => x.groupCode === 'LOST');
    expect(lost?.quadrants.valueRisk).toBeNull();
    expect(lost?.firedSignals.length).toBeGreaterThan(0);
  });

  it('the review xlsx quadrant sheet writes 白区，不入象限 with the reason, never a cell', () => {
    const p = portfolio();
    const ix = buildIndex(p);
    const r = analyzePortfolio(ix, DEFAULT_SETTINGS);
    for (const en of [false, true]) {
      const rows = quadrantMembershipRows(r, ix, en);
      const byCode = new Map(rows.map((row) => [row[0], row]));
      const lost = byCode.get('LOST');
      const fresh = byCode.get('NEW');
      expect(lost?.[2]).toBe(en ? 'White: no cell' : '白区，不入象限');
      expect(fresh?.[2]).toBe(en ? 'White: no cell' : '白区，不入象限');
      expect(String(lost?.[7])).toContain(en ? 'No revenue for 2+ months' : '连续 2 个月及以上无收入');
      expect(String(fresh?.[7])).toContain(en ? 'Less than 3 months of history' : '历史不足 3 个月');
      // a placed group has its cell and no reason
      const ok = byCode.get('OK');
      expect(ok?.[7]).toBe('');
      expect(['重点保网', '价值维系', '低成本挽留', '标准服务', 'Defend now', 'Maintain & grow', 'Low-cost save', 'Standard service']).toContain(ok?.[2]);
    }
  });

  it('the group detail says why a group is white', () => {
    const p = portfolio();
    const d = buildGroupDetailView(p, 'LOST', DEFAULT_SETTINGS, () => new Map());
    expect(GroupDetailViewSchema.safeParse(d).success).toBe(true);
    expect(d?.zone).toBe('white');
    expect(d?.valueRiskCell).toBeNull();
    expect(d?.whiteReason?.zh).toContain('无收入');
    expect(buildGroupDetailView(p, 'OK', DEFAULT_SETTINGS, () => new Map())?.whiteReason).toBeNull();
  });
});

describe('the review deck', () => {
  it('puts no white group in the quadrant slide, draws the cut-offs on its 0–100 score axis and counts the white groups', () => {
    const demo = generateDemoBranch();
    const ix = buildIndex(demo.portfolio);
    const inputs = collectReviewInputs(ix, DEFAULT_SETTINGS, { quarter: '2026Q3', branchName: '滨江', actions: [], scenarios: readScenarioSources(undefined, undefined) });
    const r = analyzePortfolio(ix, DEFAULT_SETTINGS, { asOf: inputs.overview.asOf as string });
    let white = 0;
    let placedWhite = 0;
    for (let g = 0; g < r.table.size; g++) {
      if (r.table.zone[g] !== ZONE_WHITE || (r.table.history[g] as number) === 0) continue;
      white++;
      if ((r.table.quadrant.valueRisk[g] as number) >= 0) placedWhite++;
    }
    expect(placedWhite).toBe(0);
    expect(inputs.quadrant.white).toBe(white);
    const points = Object.values(inputs.quadrant.points).reduce((a, list) => a + list.length, 0);
    expect(points).toBe(inputs.quadrant.placed);
    for (const lang of ['zh-CN', 'en'] as const) {
      const slide = buildSlides(inputs, lang).find((x) => x.id === 'value-quadrant');
      const v = slide?.visual;
      if (!v || v.kind !== 'scatter') throw new Error('no quadrant scatter');
      // slide 3 has the 价值象限 page's axes: the score on y (0–100, the zone cut-offs drawn), value on x
      expect(v.yRange).toEqual({ min: 0, max: 100 });
      expect(v.yMarks?.map((m) => m.value)).toEqual([50, 30, 15]);
      expect(v.yLabel).toContain('0–100');
      for (const sr of v.series) for (const [, score] of sr.points) expect(score).toBeLessThanOrEqual(100);
    }
  }, 60_000);
});

describe('analyze --all lists every group with its fired signals', () => {
  it('in the shape and with the content of analysis.group, white and green groups included', () => {
    const p = portfolio();
    const ix = buildIndex(p);
    const view = buildAnalysisView(p, DEFAULT_SETTINGS, [], undefined, ix);
    const all = allGroups(ix, DEFAULT_SETTINGS, view.asOf, view.warnings);
    expect(all.map((g) => g.groupCode).sort()).toEqual(['BIG', 'HOT', 'LOST', 'NEW', 'OK']);
    for (const g of all) {
      const d = buildGroupDetailView(p, g.groupCode, DEFAULT_SETTINGS, () => new Map(), ix);
      expect(d).not.toBeNull();
      expect(g.signals).toEqual(d?.signals.filter((s) => s.fired));
      expect(g.fired).toEqual(d?.signals.filter((s) => s.fired).map((s) => s.id));
      expect(g.score).toBe(d?.score);
      expect(g.valueRiskCell).toBe(d?.valueRiskCell);
    }
    const lost = all.find((g) => g.groupCode === 'LOST');
    expect(lost?.zone).toBe('white');
    expect(lost?.valueRiskCell).toBeNull();
    expect(lost?.signals.length).toBeGreaterThan(0);
    expect(lost?.zoneRule.en).toContain('No revenue');
  });
});

describe('signal texts with a zero or tiny base', () => {
  it('members from 0 to 94 read as a gain without a sign or a 0.0% (zh and en)', () => {
    const t = memberChangeText(3, 0, 94, '≥5 人或 ≥10%', '≥5 or ≥10%');
    expect(t.zh).toBe('成员近3月增加 94 人（0 → 94，基期为零，无变化比例；阈值 ≥5 人或 ≥10%）');
    expect(t.en).toBe('Members gained over 3 months: 94 (0 → 94, the base is zero, so no percentage; threshold ≥5 or ≥10%)');
    for (const s of [t.zh, t.en]) {
      expect(s).not.toContain('\u221294');
      expect(s).not.toContain('0.0%');
    }
    expect(t.zh).not.toContain('减少');
    expect(t.en).not.toContain('lost');
    // no full-width punctuation in the English text
    expect(t.en).not.toMatch(/[（），；：]/);
  });

  it('members from 94 to 0 read as a loss of 94, −100%; unchanged and 0 → 0 say so', () => {
    const lost = memberChangeText(3, 94, 0, '≥5 人或 ≥10%', '≥5 or ≥10%');
    expect(lost.zh).toBe('成员近3月减少 94 人（94 → 0，−100.0%；阈值 ≥5 人或 ≥10%）');
    expect(lost.en).toBe('Members lost over 3 months: 94 (94 → 0, −100.0%; threshold ≥5 or ≥10%)');
    const same = memberChangeText(3, 40, 40, 'x', 'x');
    expect(same.zh).toBe('成员近3月无变化（40 → 40，0.0%；阈值 x）');
    const none = memberChangeText(3, 0, 0, 'x', 'x');
    expect(none.zh).toBe('成员近3月无变化（0 → 0，基期为零；阈值 x）');
    expect(none.en).toBe('Members unchanged over 3 months (0 → 0, the base is zero; threshold x)');
  });

  it('the engine writes those texts for a group whose members start at zero, and a tiny revenue base reads as a multiple', () => {
    const last = P.length - 1;
    const p: Portfolio = {
      groups: [group('Z'), group('T')],
      facts: [
        ...series('Z', P, (i) => ({ members: i >= last - 2 ? 94 : 0, offNetMembers: 0 })),
        ...series('T', P, (i) => (i >= last - 2 ? { totalRevenue: 300 } : i >= last - 5 ? { totalRevenue: 0.01 } : {})),
      ],
    };
    const z = groupDetail(p, 'Z', DEFAULT_SETTINGS);
    const member = z?.signals.find((s) => s.id === 'memberLoss');
    expect(member?.fired).toBe(false);
    expect(member?.explanation.zh).toBe('成员近3月增加 94 人（0 → 94，基期为零，无变化比例；阈值 ≥5 人或 ≥10%）');
    expect(member?.explanation.en).toContain('Members gained over 3 months: 94 (0 → 94');
    // the off-net signal's zero base, for comparison: unavailable with the same words
    expect(z?.signals.find((s) => s.id === 'offNetRising')?.reason?.zh).toBe('基期为零，无法计算变化');

    const tr = groupDetail(p, 'T', DEFAULT_SETTINGS)?.signals.find((s) => s.id === 'revenueTrend');
    expect(tr?.explanation.zh).toBe('出账收入近3月 为基期的 30,000 倍（阈值 -10%）'.replace('-', '\u2212'));
    expect(tr?.explanation.en).toBe('Revenue over 3 months 30,000× the base (threshold \u221210%)');
    expect(tr?.explanation.zh).not.toContain('%（');
  });

  it('changeText: ordinary changes stay percentages, from a tiny base a multiple', () => {
    expect(changeText(-0.234)).toEqual({ zh: '\u221223.4%', en: '\u221223.4%' });
    expect(changeText(9.5)).toEqual({ zh: '+950.0%', en: '+950.0%' });
    expect(changeText(10)).toEqual({ zh: '为基期的 11 倍', en: '11× the base' });
    expect(changeText(Number.NaN)).toEqual({ zh: '—', en: '—' });
  });
});
