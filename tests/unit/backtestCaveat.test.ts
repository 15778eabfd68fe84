/**
 * A back-test figure that rests on few months or few events says so beside it
 * (issue #13): in the engine's result, the app's view, the review deck and the
 * review workbook, in zh and en. The thresholds are FEW_MONTHS / FEW_EVENTS;
 * expectations are derived from the engine's own counts, not pinned.
 */
import { describe, expect, it } from 'vitest';
import { backtest, buildIndex, DEFAULT_SETTINGS, FEW_EVENTS, FEW_MONTHS, fewDataCaveat, type BacktestResult } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { buildAnalysisView } from '../../shared/views/analysisView';
import { collectReviewInputs } from '../../shared/review/collectInputs';
import { reviewSheets } from '../../electron/backend/review/reviewXlsx';
import { readScenarioSources } from '../../shared/review/scenarioInputs';
import { assembleDeck } from '../../shared/review/deck';
import type { ReviewDeck } from '../../shared/review/types';

const FULL_WIDTH = /[，。；：（）、！？“”]/;

function ok(r: ReturnType<typeof backtest>): BacktestResult {
  if (r.status !== 'ok') throw new Error(`back-test not ok: ${r.reason.en}`);
  return r;
}

describe('fewDataCaveat', () => {
  it('is null at and above the thresholds, and names what is short below them, in zh and en', () => {
    expect(FEW_MONTHS).toBe(6);
    expect(FEW_EVENTS).toBe(20);
    expect(fewDataCaveat(FEW_MONTHS, FEW_EVENTS)).toBeNull();
    expect(fewDataCaveat(24, 500)).toBeNull();
    const months = fewDataCaveat(FEW_MONTHS - 1, 500);
    expect(months?.zh).toContain('仅基于 5 个月');
    expect(months?.zh).not.toContain('流失样本');
    expect(months?.en).toContain('based on only 5 months');
    const events = fewDataCaveat(24, FEW_EVENTS - 1);
    expect(events?.zh).toContain('19 个流失样本');
    expect(events?.zh).not.toContain('个月、');
    expect(events?.en).toContain('19 value-loss rows');
    const both = fewDataCaveat(4, 1);
    expect(both?.zh).toContain('仅基于 4 个月、1 个流失样本');
    expect(both?.en).toBe('based on only 4 months and 1 value-loss row: read with care');
    expect(both?.zh).toBe('仅基于 4 个月、1 个流失样本，仅供参考');
    const flagged = fewDataCaveat(12, 3, 'flagged');
    expect(flagged?.zh).toContain('3 个预警样本');
    expect(flagged?.en).toContain('3 flagged rows');
    for (const c of [months, events, both, flagged]) {
      expect(c?.en).not.toMatch(FULL_WIDTH);
      expect(c?.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('the back-test labels figures that rest on little data', () => {
  // a small branch: 40 groups, 9 months → the back-test replays fewer than 6 months
  const small = generateDemoBranch({ seed: 5, groups: 40, months: 9 });
  const sIx = buildIndex(small.portfolio);
  const demoIx = buildIndex(generateDemoBranch().portfolio);

  it('on little data: AUC/lift, precision and recall each carry the caveat their own counts call for', () => {
    const r = ok(backtest(sIx, DEFAULT_SETTINGS));
    expect(r.monthsUsed).toBeLessThan(FEW_MONTHS);
    expect(r.caveat).toEqual(fewDataCaveat(r.monthsUsed, r.positives));
    expect(r.caveat).not.toBeNull();
    for (const t of r.thresholds) {
      expect(t.precisionCaveat).toEqual(fewDataCaveat(r.monthsUsed, t.flagged, 'flagged'));
      expect(t.recallCaveat).toEqual(fewDataCaveat(r.monthsUsed, r.positives));
    }
  });

  it('on the demo: the caveats follow the counts (none where there are enough)', () => {
    const r = ok(backtest(demoIx, DEFAULT_SETTINGS));
    expect(r.monthsUsed).toBeGreaterThanOrEqual(FEW_MONTHS);
    expect(r.caveat === null).toBe(r.positives >= FEW_EVENTS);
    for (const t of r.thresholds) expect(t.precisionCaveat === null).toBe(t.flagged >= FEW_EVENTS);
    if (r.logistic.status === 'ok') expect(r.logistic.caveat === null).toBe(r.logistic.positives >= FEW_EVENTS);
  });

  it('the app view carries the caveats beside the figures', () => {
    const v = buildAnalysisView(small.portfolio, DEFAULT_SETTINGS, []);
    if (v.backtest.status !== 'ok') throw new Error('view back-test');
    const r = ok(backtest(sIx, DEFAULT_SETTINGS));
    expect(v.backtest.caveat).toEqual(r.caveat);
    expect(v.backtest.thresholds.map((t) => t.precisionCaveat)).toEqual(r.thresholds.map((t) => t.precisionCaveat));
    expect(v.backtest.thresholds.map((t) => t.recallCaveat)).toEqual(r.thresholds.map((t) => t.recallCaveat));
    const full = buildAnalysisView(generateDemoBranch().portfolio, DEFAULT_SETTINGS, []);
    if (full.backtest.status !== 'ok') throw new Error('demo view back-test');
    expect(full.backtest.caveat ?? null).toEqual(ok(backtest(demoIx, DEFAULT_SETTINGS)).caveat);
  });

  const deckOf = (language: 'zh-CN' | 'en', which: 'small' | 'demo'): { deck: ReviewDeck; inputs: ReturnType<typeof collectReviewInputs> } => {
    const ix = which === 'small' ? sIx : demoIx;
    const inputs = collectReviewInputs(ix, DEFAULT_SETTINGS, { quarter: '2026Q3', branchName: '滨江区分公司', actions: [], scenarios: readScenarioSources(undefined, undefined), now: new Date('2026-11-20T08:00:00Z') });
    return { deck: assembleDeck(inputs, language, undefined), inputs };
  };

  it('the review deck says so right after the AUC, the lift and the red precision/recall, in zh and en', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      const { deck, inputs } = deckOf(language, 'small');
      const b = inputs.backtest;
      if (b.status !== 'ok') throw new Error('small deck back-test');
      expect(b.caveat).not.toBeNull();
      const slide = deck.slides.find((s) => s.id === 'risk-backtest');
      const text = (id: string): string => slide?.findings.find((f) => f.id === id)?.text ?? '';
      const c = language === 'en' ? (b.caveat?.en ?? '') : (b.caveat?.zh ?? '');
      const auc = slide?.findings.find((f) => f.id === 'f1')?.figures.find((x) => x.label === 'AUC')?.display ?? '?';
      // beside the figure: the caveat directly follows the AUC's display
      expect(text('f1')).toContain(language === 'en' ? `${auc} (${c}` : `${auc}（${c}`);
      if (b.lift.lift !== null) expect(text('f3')).toContain(c);
      const red = b.thresholds.find((t) => t.zone === 'red');
      const pc = red?.precisionCaveat;
      if (pc) expect(text('f2')).toContain(language === 'en' ? pc.en : pc.zh);
      if (language === 'en') for (const f of slide?.findings ?? []) expect(f.text).not.toMatch(FULL_WIDTH);
    }
  });

  it('the demo deck carries no caveat where the figures rest on enough, and never claims AUC 1.00 / lift 10.00', () => {
    const { deck, inputs } = deckOf('zh-CN', 'demo');
    const b = inputs.backtest;
    if (b.status !== 'ok') throw new Error('demo deck back-test');
    const slide = deck.slides.find((s) => s.id === 'risk-backtest');
    const all = (slide?.findings ?? []).map((f) => f.text).join(' ');
    expect(all.includes('仅供参考')).toBe(b.caveat !== null || b.thresholds.some((t) => t.zone === 'red' && (t.precisionCaveat || t.recallCaveat)));
    const fig = (label: string): string | undefined => slide?.findings.flatMap((f) => f.figures).find((x) => x.label === label)?.display;
    expect(fig('AUC')).not.toBe('1.00');
    expect(fig('头部提升度')).not.toBe('10.00');
    expect(Number(fig('AUC'))).toBeLessThan(0.9);
  });

  it('the review workbook puts the caveat in the rule column of the back-test rows, in zh and en', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      const { deck, inputs } = deckOf(language, 'small');
      const b = inputs.backtest;
      if (b.status !== 'ok' || !b.caveat) throw new Error('small deck back-test caveat');
      const kpis = reviewSheets(deck, inputs, sIx, DEFAULT_SETTINGS, [])[0];
      const label = language === 'en' ? 'Back-test AUC' : '回测 AUC';
      const row = kpis?.rows.find((r) => r[0] === label);
      expect(row?.[1]).toBe(b.auc);
      expect(String(row?.[6])).toContain(language === 'en' ? b.caveat.en : b.caveat.zh);
      const lift = kpis?.rows.find((r) => String(r[0]).includes(language === 'en' ? 'Back-test lift' : '提升度'));
      expect(lift?.[1]).toBe(b.lift.lift);
      expect(String(lift?.[6])).toContain(language === 'en' ? b.caveat.en : b.caveat.zh);
    }
  });
});
