/** The quarterly review deck: quarters, the five parts as slides, and findings whose numbers are the engine's. */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePortfolio, backtest, buildIndex, DEFAULT_SETTINGS, migrationMatrix, retention, type PortfolioIndex } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { buildOverview } from '../../shared/overview/buildOverview';
import { actionsInput, collectReviewInputs, reviewQuarters } from '../../shared/review/collectInputs';
import { readScenarioSources } from '../../shared/review/scenarioInputs';
import { reviewFileName } from '../../electron/backend/review/reviewService';
import { assembleDeck } from '../../shared/review/deck';
import { buildSlides } from '../../shared/review/buildSlides';
import { formatChange, formatFigure } from '../../shared/review/format';
import type { ReviewInputs } from '../../shared/review/inputs';
import { BUILT_SLIDE_IDS, ReviewDeckSchema, type ReviewDeck, type ReviewFinding, type ReviewSlide } from '../../shared/review/types';
import type { GroupAction } from '../../shared/api/analysisContract';
import { isOverdue } from '../../shared/actions/ledger';
import type { Portfolio } from '../../shared/model/portfolio';

let ix: PortfolioIndex;
let inputs: ReviewInputs;
let zh: ReviewDeck;
let en: ReviewDeck;

const slideOf = (d: ReviewDeck, id: string): ReviewSlide => {
  const s = d.slides.find((x) => x.id === id);
  if (!s) throw new Error(`no slide ${id}`);
  return s;
};
const findingOf = (s: ReviewSlide, id: string): ReviewFinding => {
  const f = s.findings.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id} on ${s.id}`);
  return f;
};
const valueOf = (f: ReviewFinding, label: string): number | null => {
  const fig = f.figures.find((x) => x.label === label);
  if (!fig) throw new Error(`no figure "${label}" in "${f.text}" (${f.figures.map((x) => x.label).join(', ')})`);
  return fig.value;
};

beforeAll(() => {
  ix = buildIndex(generateDemoBranch().portfolio);
  inputs = collectReviewInputs(ix, DEFAULT_SETTINGS, { quarter: '2026Q3', branchName: '滨江区分公司', actions: [], scenarios: readScenarioSources(undefined, undefined), now: new Date('2026-11-20T08:00:00Z') });
  zh = assembleDeck(inputs, 'zh-CN', undefined);
  en = assembleDeck(inputs, 'en', undefined);
}, 60_000);

describe('quarters', () => {
  it('lists the quarters whose 3 months are all in the data', () => {
    // the demo: 24 months ending 2026-10 → 2024-11 … 2026-10
    expect(reviewQuarters(ix)).toEqual(['2025Q1', '2025Q2', '2025Q3', '2025Q4', '2026Q1', '2026Q2', '2026Q3']);
  });
  it('a quarter must start at its first month in the data', () => {
    const tiny: Portfolio = {
      groups: [],
      facts: ['2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07'].map((period) => ({ groupCode: 'A', period, totalRevenue: 10, unifiedPayRevenue: null, personalPayRevenue: null, newBusinessRevenue: null, members: null, offNetMembers: null, minutes: null, arrears: null, complaints: null, faults: null, products: null })),
    };
    expect(reviewQuarters(buildIndex(tiny))).toEqual(['2025Q2']);
  });
  it('refuses a quarter that is not fully in the data, naming the quarters there are', () => {
    expect(() => collectReviewInputs(ix, DEFAULT_SETTINGS, { quarter: '2026Q4', branchName: 'x', actions: [], scenarios: readScenarioSources(undefined, undefined) })).toThrow(/2026Q3/);
  });
  it('names the file <branch>-<year>Q<n>-季度回顾 and strips characters file systems reject', () => {
    expect(reviewFileName('滨江区分公司', '2026Q3', 'pptx')).toBe('滨江区分公司-2026Q3-季度回顾.pptx');
    expect(reviewFileName('a/b:c', '2026Q3', 'xlsx')).toBe('a_b_c-2026Q3-季度回顾.xlsx');
  });
});

describe('slides', () => {
  it('builds the five parts in order, each slide with a title, one visual and 2–3 findings', () => {
    expect(zh.slides.map((s) => s.id)).toEqual([...BUILT_SLIDE_IDS]);
    expect([...new Set(zh.slides.map((s) => s.part))]).toEqual(['position', 'value', 'risk', 'competition', 'plan']);
    for (const s of zh.slides) {
      expect(s.title.length).toBeGreaterThan(2);
      expect(s.visual).not.toBeNull();
      expect(s.findings.length, s.id).toBeGreaterThanOrEqual(2);
      expect(s.findings.length, s.id).toBeLessThanOrEqual(3);
    }
    expect(ReviewDeckSchema.parse(zh)).toEqual(zh);
    expect(zh.periods).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(zh.asOf).toBe('2026-09');
  });

  it('writes Chinese and English decks with the same figures', () => {
    expect(zh.slides[0]?.title).toBe('2026年第3季度经营全貌');
    expect(en.slides[0]?.title).toBe('2026 Q3: overall position');
    for (let i = 0; i < zh.slides.length; i++) {
      const a = zh.slides[i] as ReviewSlide;
      const b = en.slides[i] as ReviewSlide;
      expect(b.findings.map((f) => f.figures.map((x) => x.value))).toEqual(a.findings.map((f) => f.figures.map((x) => x.value)));
      expect(/[\u4e00-\u9fff]{4}/.test(a.findings.map((f) => f.text).join(''))).toBe(true);
    }
  });

  it('quotes every figure in its finding exactly as formatted, each with a trace', () => {
    for (const d of [zh, en]) {
      for (const s of d.slides) {
        for (const f of s.findings) {
          let at = 0;
          for (const fig of f.figures) {
            expect(fig.display).toBe(formatFigure(fig.value, fig.format, d.language));
            const k = f.text.indexOf(fig.display, at);
            expect(k, `${s.id}/${f.id}: "${fig.display}" in "${f.text}"`).toBeGreaterThanOrEqual(0);
            at = k + fig.display.length;
            expect(fig.trace.rule.zh.length + fig.trace.rule.en.length).toBeGreaterThan(0);
          }
        }
      }
    }
  });

  it('KPI cards are the 总览 figures of the quarter with 环比 and 同比', () => {
    const view = buildOverview(ix, DEFAULT_SETTINGS, '2026Q3');
    const v = slideOf(zh, 'position').visual;
    if (v?.kind !== 'kpis') throw new Error('position slide shows KPIs');
    const rev = v.items.find((i) => i.id === 'revenue');
    expect(rev?.value).toBe(view.kpis.revenue.current.value);
    expect(rev?.changes.map((c) => c.label)).toEqual(['环比', '同比']);
    expect(rev?.changes[0]?.change).toBe(view.kpis.revenue.previous.change);
    expect(rev?.changes[0]?.display).toBe(formatChange(view.kpis.revenue.previous.change, 'pct', 'zh-CN'));
    expect(v.items.find((i) => i.id === 'redYellow')?.value).toBe(view.kpis.redYellow.current.value);
  });
});

describe('findings carry the engine’s numbers', () => {
  it('overall position: revenue, its 环比/同比, retention and concentration', () => {
    const view = buildOverview(ix, DEFAULT_SETTINGS, '2026Q3');
    const s = slideOf(zh, 'position');
    const f1 = findingOf(s, 'f1');
    expect(valueOf(f1, '出账收入')).toBe(view.kpis.revenue.current.value);
    expect(valueOf(f1, '出账收入环比')).toBe(view.kpis.revenue.previous.change);
    expect(valueOf(f1, '出账收入同比')).toBe(view.kpis.revenue.yearAgo.change);
    // the demo's revenue fell: the text says so, with the absolute percentage
    expect(view.kpis.revenue.previous.change).toBeLessThan(0);
    expect(f1.text).toContain(`环比下降 ${formatFigure(view.kpis.revenue.previous.change, 'pct', 'zh-CN')}`);
    const ret = retention(ix, DEFAULT_SETTINGS, { snapshot: '2025-09', asOf: '2026-09' });
    const f2 = findingOf(s, 'f2');
    expect(valueOf(f2, '集团数保有率')).toBe(ret.groups.countRetention);
    expect(valueOf(f2, '价值保有率')).toBe(ret.groups.valueRetention);
    expect(valueOf(findingOf(s, 'f3'), '头部集团价值占比')).toBe(view.kpis.topShare.current.value);
  });

  it('slide 1 names the snapshot month it compares with (retentionAt, the settings’ 拍照期), not 同比', () => {
    const kpiItems = (d: ReviewDeck) => {
      const v = slideOf(d, 'position').visual;
      return v?.kind === 'kpis' ? v.items : [];
    };
    const item = kpiItems(zh).find((i) => i.id === 'valueRetention');
    expect(item?.label).toBe('价值保有率（对比 2025-09 拍照）');
    expect(kpiItems(en).find((i) => i.id === 'valueRetention')?.label).toBe('Value retention (vs 2025-09 snapshot)');
    expect(item?.value).toBe(retention(ix, DEFAULT_SETTINGS, { asOf: '2026-09' }).groups.valueRetention);
    expect(item?.trace.settings.some((x) => x.label.zh.startsWith('拍照期'))).toBe(true);
    // a chosen snapshot month moves the slide's figure and label with it
    const s = structuredClone(DEFAULT_SETTINGS);
    s.retention.snapshotPeriod = '2025-06';
    const moved = collectReviewInputs(ix, s, { quarter: '2026Q3', branchName: '滨江区分公司', actions: [], scenarios: readScenarioSources(undefined, undefined), now: new Date('2026-11-20T08:00:00Z') });
    expect(moved.retention?.snapshot).toBe('2025-06');
    const m = kpiItems(assembleDeck(moved, 'zh-CN', undefined)).find((i) => i.id === 'valueRetention');
    expect(m?.label).toBe('价值保有率（对比 2025-06 拍照）');
    expect(m?.value).toBe(retention(ix, DEFAULT_SETTINGS, { snapshot: '2025-06', asOf: '2026-09' }).groups.valueRetention);
    expect(m?.value).not.toBe(item?.value);
  });

  it('the fall is attributed to the zone whose groups lost most revenue, computed from the facts', () => {
    const r = analyzePortfolio(ix, DEFAULT_SETTINGS, { asOf: '2026-09' });
    const cur = [ix.periods.indexOf('2026-07'), ix.periods.indexOf('2026-08'), ix.periods.indexOf('2026-09')];
    const prev = cur.map((t) => t - 3);
    let redDelta = 0;
    let all = 0;
    let redGroups = 0;
    for (let g = 0; g < ix.nG; g++) {
      const sum = (ts: number[]) => ts.reduce((a, t) => a + (Number.isFinite(ix.m.totalRevenue[g * ix.nP + t] as number) ? (ix.m.totalRevenue[g * ix.nP + t] as number) : 0), 0);
      const d = sum(cur) - sum(prev);
      all += d;
      if (r.table.zone[g] === 0) {
        redDelta += d;
        redGroups++;
      }
    }
    const f1 = findingOf(slideOf(zh, 'position'), 'f1');
    expect(f1.text).toContain('红色预警集团');
    expect(valueOf(f1, '红区集团数')).toBe(redGroups);
    expect(valueOf(f1, '红区集团收入变化') as number).toBeCloseTo(Math.abs(redDelta), 0);
    expect(valueOf(f1, '红区占收入变化之比') as number).toBeCloseTo(redDelta / all, 4);
  });

  it('revenue trend: unified and personal pay against the previous quarter, summed from the facts', () => {
    const sum = (periods: string[], key: 'unifiedPayRevenue' | 'personalPayRevenue') => {
      let x = 0;
      for (const p of periods) {
        const t = ix.periods.indexOf(p);
        for (let g = 0; g < ix.nG; g++) {
          const v = ix.m[key][g * ix.nP + t] as number;
          if (Number.isFinite(v)) x += v;
        }
      }
      return x;
    };
    const cur = ['2026-07', '2026-08', '2026-09'];
    const prev = ['2026-04', '2026-05', '2026-06'];
    const f3 = findingOf(slideOf(zh, 'position-trend'), 'f3');
    expect(valueOf(f3, '统付收入环比') as number).toBeCloseTo(sum(cur, 'unifiedPayRevenue') / sum(prev, 'unifiedPayRevenue') - 1, 6);
    expect(valueOf(f3, '个付收入环比') as number).toBeCloseTo(sum(cur, 'personalPayRevenue') / sum(prev, 'personalPayRevenue') - 1, 6);
    expect(f3.text).toMatch(/^集团统付收入环比(下降|上升) \d+\.\d%/);
  });

  it('value structure: quadrant counts and migration between the quarter ends', () => {
    const r = analyzePortfolio(ix, DEFAULT_SETTINGS, { asOf: '2026-09' });
    const defend = r.quadrants.valueRisk.cells.find((c) => c.id === 'defend');
    const q = slideOf(zh, 'value-quadrant');
    expect(valueOf(findingOf(q, 'f1'), '重点保网集团数')).toBe(defend?.count);
    expect(valueOf(findingOf(q, 'f1'), '重点保网价值占比')).toBe(defend?.valueShare);
    const v = q.visual;
    if (v?.kind !== 'scatter') throw new Error('quadrant is a scatter');
    expect(v.series.reduce((n, s) => n + s.points.length, 0)).toBe(r.quadrants.valueRisk.placed);
    const m = migrationMatrix(ix, DEFAULT_SETTINGS, { quadrant: 'valueRisk', from: '2026Q2', to: '2026Q3' });
    const mg = slideOf(zh, 'value-migration');
    expect(valueOf(findingOf(mg, 'f1'), '换象限集团数')).toBe(m.moved);
    expect(valueOf(findingOf(mg, 'f1'), '留在原象限集团数')).toBe(m.stayed);
    const hv = mg.visual;
    if (hv?.kind !== 'heatmap') throw new Error('migration is a heat map');
    expect(hv.values).toEqual(m.counts);
  });

  it('risks: warnings, value at risk and back-test quality', () => {
    const view = buildOverview(ix, DEFAULT_SETTINGS, '2026Q3');
    const w = slideOf(zh, 'risk-warnings');
    expect(valueOf(findingOf(w, 'f1'), '红黄区集团数')).toBe(view.kpis.redYellow.current.value);
    expect(valueOf(findingOf(w, 'f2'), '风险价值')).toBe(view.kpis.valueAtRisk.current.value);
    const r = analyzePortfolio(ix, DEFAULT_SETTINGS, { asOf: '2026-09' });
    const top3 = r.warnings.filter((x) => x.zone === 'red').slice(0, 3);
    expect(findingOf(w, 'f3').text).toContain(top3[0]?.groupName ?? '?');
    expect(valueOf(findingOf(w, 'f3'), '前三红区集团风险价值') as number).toBeCloseTo(top3.reduce((a, x) => a + (x.valueAtRisk ?? 0), 0), 0);
    const bt = backtest(ix, DEFAULT_SETTINGS, { asOf: '2026-09' });
    if (bt.status !== 'ok') throw new Error('demo back-test');
    const b = slideOf(zh, 'risk-backtest');
    expect(valueOf(findingOf(b, 'f1'), 'AUC')).toBe(bt.auc);
    expect(valueOf(findingOf(b, 'f2'), '红区精确率')).toBe(bt.thresholds.find((t) => t.zone === 'red')?.precision);
    expect(valueOf(findingOf(b, 'f3'), '头部提升度')).toBe(bt.lift.lift);
  });

  it('competition lists the library’s moves; plan says no scenario is the plan and counts open actions', () => {
    const c = slideOf(zh, 'competition');
    expect(valueOf(findingOf(c, 'f1'), '竞争动作数')).toBe(9);
    expect(valueOf(findingOf(c, 'f1'), '推演方案数')).toBe(0);
    const p = slideOf(zh, 'plan');
    expect(findingOf(p, 'f1').text).toContain('尚未将推演方案设为计划');
    expect(valueOf(findingOf(p, 'f2'), '进行中的行动数')).toBe(0);
  });
});

describe('little data', () => {
  it('builds a deck from a single quarter, saying what cannot be compared instead of showing 0', () => {
    const tiny: Portfolio = {
      groups: [],
      facts: ['A', 'B', 'C'].flatMap((code, i) =>
        ['2026-01', '2026-02', '2026-03'].map((period) => ({ groupCode: code, period, totalRevenue: 100 * (i + 1), unifiedPayRevenue: 60 * (i + 1), personalPayRevenue: 40 * (i + 1), newBusinessRevenue: null, members: null, offNetMembers: null, minutes: null, arrears: null, complaints: null, faults: null, products: null })),
      ),
    };
    const tix = buildIndex(tiny);
    expect(reviewQuarters(tix)).toEqual(['2026Q1']);
    const deck = assembleDeck(collectReviewInputs(tix, DEFAULT_SETTINGS, { quarter: '2026Q1', branchName: 'x', actions: [], scenarios: readScenarioSources(undefined, undefined) }), 'zh-CN', undefined);
    expect(ReviewDeckSchema.parse(deck).slides.map((s) => s.id)).toEqual([...BUILT_SLIDE_IDS]);
    const text = (id: string) => slideOf(deck, id).findings.map((f) => f.text).join(' ');
    expect(text('value-migration')).toContain('无法比较迁移');
    expect(text('risk-backtest')).toContain('数据不足');
    expect(text('position-trend')).toContain('无法计算同比');
    const v = slideOf(deck, 'position').visual;
    if (v?.kind !== 'kpis') throw new Error('kpis');
    expect(v.items.find((i) => i.id === 'revenue')?.changes.map((c) => c.display)).toEqual(['—', '—']);
    expect(v.items.find((i) => i.id === 'revenue')?.changes[0]?.reason).toContain('2025Q4');
    for (const s of deck.slides) for (const f of s.findings) expect(f.text).not.toMatch(/NaN|undefined|null/);
  });
});

describe('risk slides say which month they show', () => {
  it('each of 流失预警, 重点红区集团 and the back-test carries 截至 <month> (重点红区集团 had none)', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const slides = buildSlides(inputs, lang).filter((x) => ['risk-warnings', 'risk-top', 'risk-backtest'].includes(x.id));
      expect(slides.length).toBe(3);
      for (const sl of slides) expect(sl.subtitle, sl.id).toBe(lang === 'en' ? `As of ${inputs.overview.asOf}` : `截至 ${inputs.overview.asOf}`);
    }
  });
});

describe('plan slide from the actions log and a plan scenario', () => {
  const action = (id: string, groupCode: string, status: GroupAction['status'], due: string | null, cause: GroupAction['cause'] = 'competition'): GroupAction => ({ id, groupCode, cause, action: '上门拜访', owner: '王经理', due, status, note: '', createdAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' });

  const fourActions = [action('aaaaaa', 'G1', 'open', '2026-09-15'), action('bbbbbb', 'G2', 'open', '2026-12-01', 'service'), action('cccccc', 'G3', 'done', '2026-08-01'), action('dddddd', 'G4', 'open', null)];

  it('counts open, overdue (due by the quarter end) and competition actions', () => {
    const a = actionsInput(fourActions, new Map([['G1', '甲公司']]), '2026Q3', '2026-09-20');
    expect(a.open).toBe(3);
    expect(a.overdue).toBe(1);
    expect(a.byCause.find((c) => c.cause === 'competition')?.open).toBe(2);
    expect(a.list.map((x) => x.groupName)).toEqual(['甲公司', 'G2', 'G4']);
  });

  it('a deck built after the quarter counts overdue on the day it is built, as the 行动台账 does (issue 13)', () => {
    // built on 2026-12-04: the action due 2026-12-01 is overdue in the ledger, so it is on the slide too
    const a = actionsInput(fourActions, new Map(), '2026Q3', '2026-12-04');
    expect(a.overdue).toBe(fourActions.filter((x) => isOverdue(x, '2026-12-04')).length);
    expect(a.overdue).toBe(2);
    expect(a.trace.rule.zh).toContain('2026-12-04');
    // built before the quarter ends: judged at the meeting (the day after the quarter's end)
    expect(actionsInput(fourActions, new Map(), '2026Q3', '2026-08-01').overdue).toBe(1);
  });

  it('shows the plan scenario’s budget and outcomes when one is marked as plan', () => {
    const stat = (expected: number) => ({ expected, p10: expected * 0.8, p50: expected, p90: expected * 1.2 });
    const withPlan: ReviewInputs = {
      ...inputs,
      plan: {
        ...inputs.plan,
        scenario: { id: 'plan1', name: '电信整体转网应对', budget: 500_000, cost: 420_000, groupsFunded: 25, revenueKept: stat(3_000_000), netBenefit: stat(1_200_000), roi: 2.857, paybackMonth: 5, trace: { rule: { zh: 'r', en: 'r' }, inputs: [], settings: [] } },
      },
    };
    const s = buildSlides(withPlan, 'zh-CN').find((x) => x.id === 'plan') as ReviewSlide;
    expect(s.visual?.kind).toBe('kpis');
    expect(s.findings.map((f) => f.id)).toEqual(['f1', 'f2', 'f3']);
    expect(findingOf(s, 'f1').text).toContain('电信整体转网应对');
    expect(findingOf(s, 'f1').text).toContain('50.0万元');
    expect(valueOf(findingOf(s, 'f1'), '保住收入（期望）')).toBe(3_000_000);
    expect(valueOf(findingOf(s, 'f2'), '回收月')).toBe(5);
    // the Chinese deck labels its cards in Chinese (ROI read 'ROI'), as step 6 of the scenario does (投入产出比)
    if (s.visual?.kind !== 'kpis') throw new Error('kpis');
    expect(s.visual.items.find((i) => i.id === 'roi')?.label).toBe('投入产出比');
    for (const i of s.visual.items) expect(i.label).not.toMatch(/[A-Za-z]{2,}/);
  });

  it('a plan whose payback is beyond the horizon in some runs says what share, not "never"', () => {
    const stat = (expected: number) => ({ expected, p10: expected * 0.8, p50: expected, p90: expected * 1.2 });
    const scenario = { id: 'plan1', name: '电信整体转网应对', budget: 500_000, cost: 420_000, groupsFunded: 25, revenueKept: stat(3_000_000), netBenefit: stat(1_200_000), roi: 2.857, paybackMonth: null, paybackBeyondShare: 0.3, trace: { rule: { zh: 'r', en: 'r' }, inputs: [], settings: [] } };
    const withPlan: ReviewInputs = { ...inputs, plan: { ...inputs.plan, scenario } };
    const zh = buildSlides(withPlan, 'zh-CN').find((x) => x.id === 'plan') as ReviewSlide;
    expect(findingOf(zh, 'f2').text).toContain('30.0% 的模拟在推演期内收不回投入');
    expect(findingOf(zh, 'f2').text).not.toContain('无法回收');
    const en = buildSlides(withPlan, 'en').find((x) => x.id === 'plan') as ReviewSlide;
    expect(findingOf(en, 'f2').text).toContain('30.0% of the runs do not pay back within the horizon');
    const kpi = en.visual?.kind === 'kpis' ? en.visual.items.find((i) => i.id === 'payback') : undefined;
    expect(kpi?.display).toBe('beyond the horizon');
  });
});
