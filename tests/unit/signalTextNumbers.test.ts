/**
 * Issue 13 walk: signal explanations (the drawer, the review workbook's warnings sheet, `analyze`) follow the
 * one formatter. They read "异网成员占比 40% → 48.8%" (a share with and without its decimal side by side) and
 * "均值 − 2σ（7,472 − 2×889.79 = 5,692 元）" (a raw decimal below 1,000 元, whole above).
 */
import { describe, expect, it } from 'vitest';
import { analyzePortfolio, buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics';
import { fmtMoney, fmtShare } from '../../shared/analytics/text';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';

describe('numbers in the signal texts', () => {
  it('money is whole 元 at any size; a measured share keeps its one decimal', () => {
    expect(fmtMoney(889.79)).toBe('890');
    expect(fmtMoney(149.1)).toBe('149');
    expect(fmtMoney(7472.4)).toBe('7,472');
    expect(fmtShare(0.4)).toBe('40.0%');
    expect(fmtShare(0.488)).toBe('48.8%');
  });

  it('every fired signal of the demo: no raw decimal money, shares with one decimal', () => {
    const ix = buildIndex(generateDemoBranch().portfolio);
    const r = analyzePortfolio(ix, DEFAULT_SETTINGS, { explainTop: 100_000 });
    let texts = 0;
    let offNet = 0;
    for (const w of r.warnings) {
      for (const s of w.signals ?? []) {
        if (!s.fired) continue;
        for (const t of [s.explanation.zh, s.explanation.en]) {
          texts++;
          // 元 amounts: no two-decimal numbers anywhere (ratios are not written in signal texts)
          expect(t, t).not.toMatch(/\d\.\d{2}(?!\d)/);
          // the unit right after the number, as on the cards and the deck (−0.1个百分点)
          expect(t, t).not.toContain(' 个百分点');
          const m = /(?:异网成员占比|Off-net member share) (\S+)% → (\S+)%/.exec(t);
          if (m) {
            offNet++;
            expect(m[1], t).toMatch(/^\d+\.\d$/);
            expect(m[2], t).toMatch(/^\d+\.\d$/);
          }
        }
      }
    }
    expect(texts).toBeGreaterThan(100);
    expect(offNet).toBeGreaterThan(0);
  });
});
