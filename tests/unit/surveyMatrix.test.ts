import type { AnalysisContext } from '../../electron/backend/analysisContext';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, withSetting } from '../../shared/analytics';
import { detectSurveyScale, surveyCellOf, surveyGroups, surveyMatrix, surveyMatrixJson } from '../../shared/analytics/surveyMatrix';
import type { AnalyticsSettings } from '../../shared/analytics';
import type { SurveyResponse } from '../../shared/model/portfolio';

const ans = (factor: string, importance: number, satisfaction: number, groupCode: string | null = null, period: string | null = null, respondent: string | null = null): SurveyResponse => ({
  factor,
  importance,
  satisfaction,
  groupCode,
  period,
  respondent,
});

function midScale(): AnalyticsSettings {
  const r = withSetting(DEFAULT_SETTINGS, 'survey.split', 'midScale');
  if (!r.ok) throw new Error('setting refused');
  return r.settings;
}

describe('detectSurveyScale', () => {
  it('takes the smallest of 1–5, 0–10, 0–100 that holds every answer', () => {
    expect(detectSurveyScale([1, 2, 5]).id).toBe('1-5');
    expect(detectSurveyScale([1, 2, 5]).mid).toBe(3);
    // a 0 does not fit 1–5
    expect(detectSurveyScale([0, 3, 5]).id).toBe('0-10');
    expect(detectSurveyScale([5.5, 2]).id).toBe('0-10');
    expect(detectSurveyScale([10, 1]).id).toBe('0-10');
    expect(detectSurveyScale([10.5, 1]).id).toBe('0-100');
    expect(detectSurveyScale([100, 60]).mid).toBe(50);
    const other = detectSurveyScale([120, 20]);
    expect(other.id).toBe('other');
    expect([other.min, other.max, other.mid]).toEqual([20, 120, 70]);
    expect(detectSurveyScale([-1, 3]).id).toBe('other');
    expect(detectSurveyScale([]).id).toBe('1-5');
  });
  it('says what it saw in the trace', () => {
    const s = detectSurveyScale([2, 4.5, 9]);
    expect(s.trace.rule.zh).toContain('0–10');
    expect(s.trace.inputs.map((i) => i.value)).toEqual([3, 2, 9]);
  });
});

describe('surveyMatrix cells', () => {
  it('names the four cells as seed 001 does', () => {
    expect(surveyCellOf(true, false)).toBe('fixFirst');
    expect(surveyCellOf(true, true)).toBe('keepUp');
    expect(surveyCellOf(false, true)).toBe('advantage');
    expect(surveyCellOf(false, false)).toBe('latent');
  });

  it('splits at the mean of the factor means; a factor on the split is high', () => {
    // importance means 4, 2, 3 → split 3; satisfaction means 2, 4, 3 → split 3
    const m = surveyMatrix([ans('网络质量', 4, 2), ans('资费价格', 2, 4), ans('客户经理响应', 3, 3)], DEFAULT_SETTINGS);
    expect(m).not.toBeNull();
    if (!m) return;
    expect(m.importance.value).toBe(3);
    expect(m.satisfaction.value).toBe(3);
    const cell = (f: string): string | undefined => m.factors.find((x) => x.factor === f)?.cell;
    expect(cell('网络质量')).toBe('fixFirst');
    expect(cell('资费价格')).toBe('advantage');
    expect(cell('客户经理响应')).toBe('keepUp'); // exactly on both splits
    expect(m.cells.find((c) => c.id === 'fixFirst')?.factors).toEqual(['网络质量']);
    expect(m.cells.find((c) => c.id === 'fixFirst')?.name.zh).toBe('罪魁祸首');
    const t = m.factors.find((x) => x.factor === '网络质量')?.trace;
    expect(t?.rule.zh).toContain('罪魁祸首');
    expect(t?.inputs.find((i) => i.label.en === 'Importance split')?.value).toBe(3);
    expect(t?.settings[0]?.value).toEqual({ zh: '各因素均值', en: 'Mean over the factors' });
  });

  it('a hair below the split is low', () => {
    const m = surveyMatrix([ans('a', 4, 4), ans('b', 2, 2), ans('c', 2.999, 2.999)], midScale());
    expect(m?.importance.value).toBe(3);
    expect(m?.factors.find((f) => f.factor === 'c')?.cell).toBe('latent');
    expect(m?.factors.find((f) => f.factor === 'a')?.cell).toBe('keepUp');
  });

  it('fixed mid-scale split follows the detected scale (0–100 → 50)', () => {
    const rows = [ans('网络', 90, 45), ans('价格', 40, 80), ans('服务', 70, 60), ans('装维', 50, 50)];
    const mean = surveyMatrix(rows, DEFAULT_SETTINGS);
    const mid = surveyMatrix(rows, midScale());
    expect(mid?.importance.scale.id).toBe('0-100');
    expect(mid?.importance.value).toBe(50);
    expect(mid?.factors.find((f) => f.factor === '装维')?.cell).toBe('keepUp');
    // by the mean (62.5 importance, 58.75 satisfaction) 装维 is low on both
    expect(mean?.importance.value).toBe(62.5);
    expect(mean?.factors.find((f) => f.factor === '装维')?.cell).toBe('latent');
    expect(mean?.factors.find((f) => f.factor === '服务')?.cell).toBe('keepUp');
  });

  it('averages across respondents branch-wide and per group, latest wave by default', () => {
    const rows = [
      ans('网络', 5, 1, 'G1', '2026-09', 'a'),
      ans('网络', 3, 5, 'G2', '2026-09', 'b'),
      ans('价格', 2, 4, 'G1', '2026-09', 'a'),
      ans('价格', 4, 2, 'G2', '2026-09', 'b'),
      ans('网络', 1, 1, null, '2026-06', 'c'),
    ];
    const branch = surveyMatrix(rows, DEFAULT_SETTINGS);
    expect(branch?.period).toBe('2026-09');
    expect(branch?.periods).toEqual(['2026-06', '2026-09']);
    expect(branch?.answers).toBe(4);
    expect(branch?.groups).toBe(2);
    expect(branch?.factors.find((f) => f.factor === '网络')?.importance).toBe(4);
    expect(branch?.factors.find((f) => f.factor === '网络')?.satisfaction).toBe(3);
    const g1 = surveyMatrix(rows, DEFAULT_SETTINGS, { groupCode: 'G1' });
    expect(g1?.factors.find((f) => f.factor === '网络')?.cell).toBe('fixFirst');
    expect(g1?.factors.find((f) => f.factor === '价格')?.cell).toBe('advantage');
    const old = surveyMatrix(rows, DEFAULT_SETTINGS, { period: '2026-06' });
    expect(old?.answers).toBe(1);
    expect(surveyMatrix(rows, DEFAULT_SETTINGS, { groupCode: 'G9' })).toBeNull();
    expect(surveyGroups(rows)).toEqual([
      { groupCode: 'G1', answers: 2 },
      { groupCode: 'G2', answers: 2 },
    ]);
    const json = branch ? surveyMatrixJson(branch) : null;
    expect(json?.cells.map((c) => c.id)).toEqual(['fixFirst', 'keepUp', 'advantage', 'latent']);
  });
});

describe('demo survey', () => {
  it('fills all four cells branch-wide, network quality first to fix', async () => {
    const { generateDemoBranch } = await import('../../shared/demo/generateDemoBranch');
    const { demoPortfolio } = await import('../../shared/demo/demoPortfolio');
    const p = demoPortfolio(generateDemoBranch());
    const m = surveyMatrix(p.surveyResponses ?? [], DEFAULT_SETTINGS);
    expect(m?.importance.scale.id).toBe('1-5');
    for (const c of m?.cells ?? []) expect(c.factors.length).toBeGreaterThan(0);
    expect(m?.cells[0]?.factors).toContain('网络质量');
    expect(m?.groups).toBeGreaterThan(50);
  });
});

describe('answers without a survey period beside dated ones (review of session 8)', () => {
  it('survey.view counts them, so the page can say they are in no wave', async () => {
    const { buildIndex, DEFAULT_SETTINGS } = await import('../../shared/analytics');
    const { surveyHandlers } = await import('../../electron/backend/surveyHandlers');
    const a = (factor: string, period: string | null) => ({ factor, importance: 4, satisfaction: 3, groupCode: null, respondent: null, period });
    const portfolio = { groups: [], facts: [], surveyResponses: [a('网络质量', '2026-09'), a('资费价格', '2026-09'), a('网络质量', null), a('资费价格', null), a('投诉处理', null)] };
    const ctx = { index: () => buildIndex(portfolio), settings: () => DEFAULT_SETTINGS } as unknown as AnalysisContext;
    const v = await surveyHandlers(ctx)['survey.view']({});
    expect(v.waves).toEqual(['2026-09']);
    expect(v.matrix?.answers).toBe(2);
    expect(v.undatedAnswers).toBe(3);
    // all undated: they are the survey, not left out
    const none = { ...portfolio, surveyResponses: portfolio.surveyResponses.map((r) => ({ ...r, period: null })) };
    const w = await surveyHandlers({ ...ctx, index: () => buildIndex(none) } as typeof ctx)['survey.view']({});
    expect(w.undatedAnswers).toBeUndefined();
    expect(w.matrix?.answers).toBe(5);
  });
});
