/** The quarterly review's satisfaction-survey slide (seed 001): the wave by the quarter's end, the four cells, the fix-first factors; and the slide without a survey. */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, DEFAULT_SETTINGS, type PortfolioIndex } from '../../shared/analytics';
import { surveyMatrix, surveyWaveFor } from '../../shared/analytics/surveyMatrix';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { demoPortfolio } from '../../shared/demo/demoPortfolio';
import { collectReviewInputs } from '../../shared/review/collectInputs';
import { readScenarioSources } from '../../shared/review/scenarioInputs';
import { assembleDeck } from '../../shared/review/deck';
import { formatDecimal, formatFigure } from '../../shared/review/format';
import type { ReviewInputs } from '../../shared/review/inputs';
import JSZip from 'jszip';
import { reviewPptx } from '../../electron/backend/review/reviewPptx';
import { placeLabels, visualOption } from '../../renderer/src/pages/review/visualOption';
import { BUILT_SLIDE_IDS, ReviewDeckSchema, type ReviewDeck, type ReviewSlide } from '../../shared/review/types';

let ix: PortfolioIndex;
let bare: PortfolioIndex;
const inputsOf = (index: PortfolioIndex, quarter: string): ReviewInputs =>
  collectReviewInputs(index, DEFAULT_SETTINGS, { quarter, branchName: '滨江区分公司', actions: [], scenarios: readScenarioSources(undefined, undefined), now: new Date('2026-11-20T08:00:00Z') });
const surveyOf = (d: ReviewDeck): ReviewSlide => {
  const s = d.slides.find((x) => x.id === 'risk-survey');
  if (!s) throw new Error('no survey slide');
  return s;
};
const CN_PUNCT = /[，。、；：（）“”？！]/;

let q3: ReviewInputs;
let zh: ReviewDeck;
let en: ReviewDeck;

beforeAll(() => {
  const branch = generateDemoBranch();
  ix = buildIndex(demoPortfolio(branch));
  bare = buildIndex(branch.portfolio);
  q3 = inputsOf(ix, '2026Q3');
  zh = assembleDeck(q3, 'zh-CN', undefined);
  en = assembleDeck(q3, 'en', undefined);
}, 60_000);

describe('the survey wave a review quotes', () => {
  it('is the latest wave ending by the quarter’s last month (months or quarters)', () => {
    expect(surveyWaveFor(['2026-06', '2026-09'], '2026Q3')).toBe('2026-09');
    expect(surveyWaveFor(['2026-06', '2026-09'], '2026Q2')).toBe('2026-06');
    expect(surveyWaveFor(['2026-06', '2026-10'], '2026Q3')).toBe('2026-06');
    expect(surveyWaveFor(['2026-06', '2026-09'], '2026Q1')).toBeNull();
    expect(surveyWaveFor(['2026Q2', '2026-07'], '2026Q2')).toBe('2026Q2');
    expect(surveyWaveFor(['2026Q3'], '2026Q2')).toBeNull();
  });
});

describe('survey slide with the demo survey', () => {
  it('sits among the risks, after the backtest, in both languages, and validates', () => {
    expect(zh.slides.map((s) => s.id)).toEqual([...BUILT_SLIDE_IDS]);
    expect(BUILT_SLIDE_IDS.indexOf('risk-survey')).toBe(BUILT_SLIDE_IDS.indexOf('risk-backtest') + 1);
    expect(surveyOf(zh).part).toBe('risk');
    expect(ReviewDeckSchema.parse(zh)).toEqual(zh);
    expect(ReviewDeckSchema.parse(en)).toEqual(en);
  });

  it('quotes the 2026-09 wave for 2026Q3: its fix-first factors are the matrix’s', () => {
    const m = surveyMatrix(ix.portfolio.surveyResponses ?? [], DEFAULT_SETTINGS, { period: '2026-09' });
    expect(q3.survey?.matrix?.period).toBe('2026-09');
    expect(q3.survey?.waves).toEqual(['2026-06', '2026-09']);
    const fix = m?.cells.find((c) => c.id === 'fixFirst')?.factors ?? [];
    expect(fix).toEqual(['网络质量', '资费价格', '投诉处理']);
    const s = surveyOf(zh);
    expect(s.subtitle).toContain('2026-09');
    const f1 = s.findings.find((f) => f.id === 'f1');
    expect(f1?.text).toContain(`共 ${fix.length} 项：${fix.join('、')}`);
    expect(f1?.figures.find((x) => x.label === '罪魁祸首因素数')?.value).toBe(fix.length);
    expect(f1?.figures.find((x) => x.label === '网络质量重要性')?.value).toBeCloseTo(m?.factors.find((f) => f.factor === '网络质量')?.importance ?? NaN, 10);
    const keep = m?.cells.find((c) => c.id === 'keepUp')?.factors ?? [];
    expect(s.findings.find((f) => f.id === 'f2')?.text).toContain(keep.join('、'));
    expect(s.findings.find((f) => f.id === 'f3')?.figures.find((x) => x.label === '回答数')?.value).toBe(m?.answers);
  });

  it('writes the split as the 满意度调查 page does, on the axis and in the text (3.50, not 3.5 beside 3.50)', () => {
    // a split on a round value: 3.5 was written "3.5" on the axis and "3.50" in the text and on the page
    const m0 = q3.survey?.matrix;
    if (!q3.survey || !m0) throw new Error('the demo has a survey for 2026Q3');
    const round = { ...q3, survey: { ...q3.survey, matrix: { ...m0, satisfaction: { ...m0.satisfaction, value: 3.5 } } } };
    const s = surveyOf(assembleDeck(round, 'zh-CN', undefined));
    const v = s.visual;
    const split = v && 'split' in v ? (v.split as { xLabel: string; yLabel: string } | undefined) : undefined;
    if (!split) throw new Error('the survey slide draws its split lines');
    const fig = s.findings.flatMap((f) => f.figures).find((f) => f.label === '满意度分界');
    expect(fig?.display).toBe('3.50');
    expect(split.xLabel).toBe('分界 3.50');
    expect(split.yLabel).toBe(`分界 ${formatDecimal(m0.importance.value, 2)}`);
  });

  it('keeps the survey figures under one finding id whether or not there are keys to loyalty (edits are kept by id)', () => {
    const m = q3.survey?.matrix;
    if (!q3.survey || !m) throw new Error('the demo has a survey for 2026Q3');
    const noKeep = { ...q3, survey: { ...q3.survey, matrix: { ...m, factors: m.factors.filter((f) => f.cell !== 'keepUp'), cells: m.cells.map((c) => (c.id === 'keepUp' ? { ...c, factors: [] } : c)) } } };
    const s = surveyOf(assembleDeck(noKeep, 'zh-CN', undefined));
    expect(s.findings.find((f) => f.id === 'f2')).toBeUndefined();
    expect(s.findings.find((f) => f.id === 'f3')?.figures.find((x) => x.label === '回答数')?.value).toBe(m.answers);
  });

  it('draws the four cells: points per cell at the factor means, split lines at the split values, names in the corners', () => {
    const m = q3.survey?.matrix;
    const v = surveyOf(zh).visual;
    if (v?.kind !== 'scatter' || !m) throw new Error('the survey slide draws a scatter');
    expect(v.split?.x).toBe(m.satisfaction.value);
    expect(v.split?.y).toBe(m.importance.value);
    // zoomed to the means (satisfaction 2.64–4.03, split 3.24), within the 1–5 scale
    expect(v.xRange).toEqual({ min: 2, max: 4.5 });
    expect(v.yRange).toEqual({ min: 2.5, max: 5 });
    expect(v.xLabel).toContain('满意度');
    expect(v.yLabel).toContain('重要性');
    const points = v.series.reduce((n, s) => n + s.points.length, 0);
    expect(points).toBe(m.factors.length);
    const fixSeries = v.series.find((s) => s.name.startsWith('罪魁祸首'));
    for (const [x, y] of fixSeries?.points ?? []) {
      expect(x).toBeLessThan(m.satisfaction.value);
      expect(y).toBeGreaterThanOrEqual(m.importance.value);
    }
    const corner = (p: string): string => v.corners?.find((c) => c.position === p)?.text ?? '';
    expect(corner('lh')).toMatch(/^罪魁祸首 · 优先改进\n网络质量、资费价格、投诉处理/);
    expect(corner('hh')).toMatch(/^忠诚关键/);
    expect(corner('hl')).toMatch(/^满意区域/);
    expect(corner('ll')).toMatch(/^潜在流失/);
    const ve = surveyOf(en).visual;
    if (ve?.kind !== 'scatter') throw new Error('scatter');
    expect(ve.corners?.find((c) => c.position === 'lh')?.text).toMatch(/^Chief culprit · fix first\n/);
  });

  it('reads right: the split rule is its own sentence, the latent cell under its chart name, every point named (also in the .pptx)', async () => {
    const m = q3.survey?.matrix;
    if (!m) throw new Error('no matrix');
    const latent = m.cells.find((c) => c.id === 'latent')?.factors ?? [];
    const f3 = (d: ReviewDeck) => surveyOf(d).findings.find((f) => f.id === 'f3')?.text ?? '';
    // "来自 212 家集团（按各因素均值分高低）" read as if the brackets described the groups
    expect(f3(zh)).not.toMatch(/集团（/);
    expect(f3(zh)).toContain('家集团；高低按各因素均值划分。');
    expect(f3(zh)).toContain(`潜在流失（适当调整）：${latent.join('、')}。`);
    expect(f3(zh)).not.toContain('潜在流失区域');
    expect(f3(en)).toContain('groups; high and low are split at the mean of the factors.');
    expect(f3(en)).toContain(`Latent churn (adjust): ${latent.join(', ')}.`);
    for (const d of [zh, en]) {
      const v = surveyOf(d).visual;
      if (v?.kind !== 'scatter') throw new Error('no scatter');
      expect(v.pointLabels?.map((p) => p.label).sort()).toEqual(m.factors.map((f) => f.factor).sort());
      for (const p of v.pointLabels ?? []) expect(v.series.some((sr) => sr.points.some(([x, y]) => x === p.x && y === p.y))).toBe(true);
      // the preview names them too, two close points on different sides
      const o = visualOption(v, 'print', 700, false) as { series: { data: unknown[] }[] };
      const named = o.series.flatMap((sr) => sr.data).filter((x): x is { name: string; label: { position: string } } => typeof x === 'object' && x !== null && 'name' in x);
      expect(named.map((x) => x.name).sort()).toEqual(m.factors.map((f) => f.factor).sort());
      const close = placeLabels([{ x: 3.97, y: 4.11, label: '客户经理响应' }, { x: 4.03, y: 4.02, label: '账单准确' }], v.xRange, v.yRange);
      expect(close[0]?.position).not.toBe(close[1]?.position);
      const zip = await JSZip.loadAsync(await reviewPptx(d));
      const idx = d.slides.filter((x) => !x.hidden).findIndex((x) => x.id === 'risk-survey');
      const xml = await (zip.file(`ppt/slides/slide${idx + 1}.xml`) as JSZip.JSZipObject).async('string');
      const texts = (xml.match(/<a:t>[^<]*<\/a:t>/g) ?? []).map((t) => t.slice(5, -6));
      for (const f of m.factors) expect(texts).toContain(f.factor);
    }
  });

  it('writes the same figures in zh and en, each quoted as formatted; no Chinese punctuation in the English slide', () => {
    const a = surveyOf(zh);
    const b = surveyOf(en);
    expect(b.findings.map((f) => f.figures.map((x) => x.value))).toEqual(a.findings.map((f) => f.figures.map((x) => x.value)));
    for (const [s, lang] of [[a, 'zh-CN'], [b, 'en']] as const)
      for (const f of s.findings) for (const fig of f.figures) {
        expect(fig.display).toBe(formatFigure(fig.value, fig.format, lang));
        expect(f.text).toContain(fig.display);
        expect(fig.trace.rule.zh.length).toBeGreaterThan(0);
      }
    const enText = [b.title, b.subtitle ?? '', b.notes, ...b.findings.map((f) => f.text), b.visual?.kind === 'scatter' ? [b.visual.title, b.visual.xLabel, b.visual.yLabel, ...(b.visual.corners ?? []).map((c) => c.text), ...b.visual.series.map((s) => s.name)].join(' ') : ''].join(' ');
    expect(enText).not.toMatch(CN_PUNCT);
    expect(/[\u4e00-\u9fff]{4}/.test(a.findings.map((f) => f.text).join(''))).toBe(true);
  });

  it('an earlier quarter quotes its own wave (2026Q2: account-manager response was still to fix)', () => {
    const d = assembleDeck(inputsOf(ix, '2026Q2'), 'zh-CN', undefined);
    const s = surveyOf(d);
    expect(s.subtitle).toContain('2026-06');
    expect(s.subtitle).toContain('2026-09');
    expect(s.findings[0]?.text).toContain('客户经理响应');
  });

  it('a quarter before every wave says so and quotes none', () => {
    const d = assembleDeck(inputsOf(ix, '2026Q1'), 'en', undefined);
    const s = surveyOf(d);
    expect(s.findings[0]?.text).toContain('all come after 2026Q1');
    expect(s.findings.flatMap((f) => f.figures)).toEqual([]);
    expect(s.visual?.kind).toBe('table');
  });
});

describe('survey slide without a survey', () => {
  it('stays in the deck and says clearly that no survey is imported, showing the four cells with no factors', () => {
    const inputs = inputsOf(bare, '2026Q3');
    expect(inputs.survey).toBeNull();
    const d = assembleDeck(inputs, 'zh-CN', undefined);
    expect(d.slides.map((s) => s.id)).toEqual([...BUILT_SLIDE_IDS]);
    const s = surveyOf(d);
    expect(s.subtitle).toBe('未导入满意度调查');
    expect(s.findings[0]?.text).toMatch(/^尚未导入满意度调查：在“导入”中导入/);
    const v = s.visual;
    if (v?.kind !== 'table') throw new Error('the model as a table');
    expect(v.rows.map((r) => r[0])).toEqual(['罪魁祸首', '忠诚关键', '满意区域', '潜在流失']);
    expect(v.rows.map((r) => r[4])).toEqual(['—', '—', '—', '—']);
    const e = surveyOf(assembleDeck(inputs, 'en', undefined));
    expect(e.findings.map((f) => f.text).join(' ')).not.toMatch(CN_PUNCT);
    expect(e.subtitle).toBe('No satisfaction survey imported');
  });

  it('hiding it is an ordinary edit: the slide is hidden, the others keep their order', () => {
    const inputs = inputsOf(bare, '2026Q3');
    const d = assembleDeck(inputs, 'zh-CN', { order: [], hidden: ['risk-survey'], text: {}, free: [], duplicates: [], nextId: 1, updatedAt: '2026-11-20T08:00:00Z' });
    expect(d.slides.find((s) => s.id === 'risk-survey')?.hidden).toBe(true);
    expect(d.slides.filter((s) => !s.hidden).map((s) => s.id)).toEqual(BUILT_SLIDE_IDS.filter((id) => id !== 'risk-survey'));
  });
});
