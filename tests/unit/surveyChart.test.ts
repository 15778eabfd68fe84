/** The survey page's scatter option: x = satisfaction, y = importance, split lines at the split values, the four named cells, escaped tooltips. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/analytics/settings';
import { SURVEY_CELL_COLOURS, surveyAxisRange, surveyMatrix } from '../../shared/analytics/surveyMatrix';
import { SurveyMatrixSchema, type SurveyMatrixView } from '../../shared/api/surveyContract';
import type { SurveyResponse } from '../../shared/model/portfolio';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { demoPortfolio } from '../../shared/demo/demoPortfolio';
import { surveyChartOption, SURVEY_CELL_SYMBOLS } from '../../renderer/src/pages/survey/surveyChart';
import { surveyEn, surveyZh } from '../../renderer/src/i18n/areas/survey';

const textsOf = (s: typeof surveyZh) => ({ importance: s.importance, satisfaction: s.satisfaction, split: s.split, answers: s.answers, groups: s.groups, cell: s.cell });
type Series = { id: string; symbol?: string; itemStyle?: { color?: string }; data: { value: number[]; factor: string; label?: { position?: string } }[]; markLine?: { data: { xAxis?: number; yAxis?: number; label: { formatter: string } }[] }; markArea?: { data: [{ name: string; xAxis: number; yAxis: number }, { xAxis: number; yAxis: number }][] } };
type Opt = { series: Series[]; xAxis: { name: string; min: number; max: number }; yAxis: { name: string; min: number; max: number }; tooltip: { formatter: (p: unknown) => string } };

const demo = (): SurveyMatrixView => {
  const m = surveyMatrix(demoPortfolio(generateDemoBranch()).surveyResponses ?? [], DEFAULT_SETTINGS);
  if (!m) throw new Error('demo survey');
  return SurveyMatrixSchema.parse(m);
};

describe('survey scatter option', () => {
  const m = demo();
  const o = surveyChartOption(m, 'zh-CN', textsOf(surveyZh)) as unknown as Opt;

  it('puts satisfaction on x and importance on y over the survey scale, one point per factor in its cell’s series', () => {
    expect(o.xAxis.name).toBe('满意度（1–5）');
    expect(o.yAxis.name).toBe('重要性（1–5）');
    // zoomed to the means and the split with half a point's margin, within the 1–5 scale (the demo: satisfaction 2.64–4.03, importance 3.03–4.53)
    expect([o.xAxis.min, o.xAxis.max, o.yAxis.min, o.yAxis.max]).toEqual([2, 4.5, 2.5, 5]);
    for (const f of m.factors) {
      expect(f.satisfaction).toBeGreaterThan(o.xAxis.min);
      expect(f.importance).toBeLessThan(o.yAxis.max);
    }
    const cells = o.series.filter((s) => s.id.startsWith('cell-'));
    expect(cells.map((s) => s.id)).toEqual(['cell-fixFirst', 'cell-keepUp', 'cell-advantage', 'cell-latent']);
    expect(cells.reduce((n, s) => n + s.data.length, 0)).toBe(m.factors.length);
    const fix = cells[0];
    expect(fix?.data.map((d) => d.factor)).toEqual(m.cells[0]?.factors);
    expect(fix?.symbol).toBe(SURVEY_CELL_SYMBOLS.fixFirst);
    expect(fix?.itemStyle?.color).toBe(SURVEY_CELL_COLOURS.fixFirst);
    const net = m.factors.find((f) => f.factor === '网络质量');
    expect(fix?.data.find((d) => d.factor === '网络质量')?.value.slice(0, 2)).toEqual([net?.satisfaction, net?.importance]);
  });

  it('names two close factors on opposite sides (the less satisfied on the left)', () => {
    const keep = o.series.find((s) => s.id === 'cell-keepUp');
    // the demo: 客户经理响应 (3.96, 4.11) and 账单准确 (4.03, 4.02)
    expect(keep?.data.find((d) => d.factor === '客户经理响应')?.label?.position).toBe('left');
    expect(keep?.data.find((d) => d.factor === '账单准确')?.label?.position).toBeUndefined();
    const fix = o.series.find((s) => s.id === 'cell-fixFirst');
    expect(fix?.data.find((d) => d.factor === '网络质量')?.label?.position).toBeUndefined();
  });

  it('draws the split lines at the split values, labelled with them, and the four cells as named areas bounded by them', () => {
    const cells = o.series.find((s) => s.id === 'cells');
    const lines = cells?.markLine?.data ?? [];
    expect(lines[0]?.xAxis).toBe(m.satisfaction.value);
    expect(lines[1]?.yAxis).toBe(m.importance.value);
    expect(lines[0]?.label.formatter).toMatch(/^分界 \d\.\d\d$/);
    const areas = cells?.markArea?.data ?? [];
    expect(areas.map((a) => a[0].name)).toEqual(['罪魁祸首 · 优先改进（3）', '忠诚关键 · 重点维护（2）', '满意区域 · 保持优势（1）', '潜在流失 · 适当调整（2）']);
    // fix first: low satisfaction (x from the scale's min to the split), high importance (y from the split to the max)
    const [a, b] = areas[0] ?? [];
    expect([a?.xAxis, b?.xAxis, Math.min(a?.yAxis ?? 0, b?.yAxis ?? 0), Math.max(a?.yAxis ?? 0, b?.yAxis ?? 0)]).toEqual([2, m.satisfaction.value, m.importance.value, 5]);
  });

  it('English axis and cell names carry no Chinese punctuation', () => {
    const e = surveyChartOption(m, 'en', textsOf(surveyEn)) as unknown as Opt;
    expect(e.xAxis.name).toBe('Satisfaction (1–5)');
    const names = (e.series.find((s) => s.id === 'cells')?.markArea?.data ?? []).map((a) => a[0].name);
    expect(names[0]).toBe('Chief culprit · fix first (3)');
    expect(names.join(' ')).not.toMatch(/[，。、；：（）“”]/);
  });

  it('builds each tooltip with the html helpers: lines joined, a factor name from the file escaped', () => {
    const tip = o.tooltip.formatter({ data: { factor: '网络质量' } });
    const lines = tip.split('<br/>');
    expect(lines[0]).toBe('<b>网络质量</b>');
    expect(lines[1]).toContain('罪魁祸首');
    expect(lines[2]).toMatch(/^重要性：\d\.\d\d ≥ \d\.\d\d$/);
    expect(lines[3]).toMatch(/^满意度：\d\.\d\d &#60; \d\.\d\d$/); // "<", escaped as markup
    expect(lines.some((l) => l.startsWith('回答集团数：'))).toBe(true);
    const evil: SurveyResponse[] = [
      { factor: '<img src=x onerror=alert(1)>', importance: 5, satisfaction: 1, groupCode: null, respondent: null, period: null },
      { factor: '价格', importance: 1, satisfaction: 5, groupCode: null, respondent: null, period: null },
    ];
    const em = SurveyMatrixSchema.parse(surveyMatrix(evil, DEFAULT_SETTINGS));
    const eo = surveyChartOption(em, 'en', textsOf(surveyEn)) as unknown as Opt;
    const t = eo.tooltip.formatter({ data: { factor: '<img src=x onerror=alert(1)>' } });
    expect(t).not.toContain('<img');
    expect(t).toContain('&#60;img');
  });
});

describe('survey axis range', () => {
  const axis = (min: number, max: number, value: number) => ({ value, rule: 'mean' as const, scale: { id: 'other' as const, min, max, mid: (min + max) / 2, seenMin: min, seenMax: max, trace: { rule: { zh: '', en: '' }, inputs: [], settings: [] } }, trace: { rule: { zh: '', en: '' }, inputs: [], settings: [] } });
  it('keeps the split and every mean inside, at most a step beyond the scale', () => {
    // means near the ends: a step beyond the scale, so the corner names clear the points
    expect(surveyAxisRange(axis(1, 5, 3), [1.1, 4.9], true)).toEqual({ min: 0.5, max: 5.5 });
    expect(surveyAxisRange(axis(1, 5, 3), [2.6, 5], true)).toEqual({ min: 2, max: 5.5 });
    // the slide: never beyond the scale
    expect(surveyAxisRange(axis(1, 5, 3), [2.6, 5])).toEqual({ min: 2, max: 5 });
    expect(surveyAxisRange(axis(0, 10, 6.2), [5.1, 8.8])).toEqual({ min: 4, max: 10 });
    expect(surveyAxisRange(axis(0, 100, 70), [55, 81])).toEqual({ min: 50, max: 90 });
  });
});

describe('survey texts', () => {
  it('zh has no English words; en has no Chinese characters or punctuation; both have the same keys', () => {
    expect(Object.keys(surveyEn)).toEqual(Object.keys(surveyZh));
    for (const [k, v] of Object.entries(surveyZh)) expect(v.replace(/\{\{\w+\}\}/g, ''), k).not.toMatch(/[A-Za-z]{2,}/);
    for (const [k, v] of Object.entries(surveyEn)) expect(v, k).not.toMatch(/[\u3000-\u303f\uff00-\uffef\u4e00-\u9fff“”]/);
  });
});
