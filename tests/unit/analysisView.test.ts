/** The analysis as the views and the CLI receive it: consistent, contract-shaped, and sane on an empty workspace. */
import { describe, expect, it } from 'vitest';
import { AnalysisViewSchema } from '../../shared/api/analysisContract';
import { DEFAULT_SETTINGS, withSetting } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { buildAnalysisView } from '../../shared/views/analysisView';

const demo = generateDemoBranch();

describe('analysis view', () => {
  const view = buildAnalysisView(demo.portfolio, DEFAULT_SETTINGS, []);

  it('fits the contract', () => {
    expect(AnalysisViewSchema.safeParse(view).success).toBe(true);
  });

  it('zone counts match the rows, and the rows are ordered by zone then value at risk', () => {
    const counts: Record<string, number> = { red: 0, yellow: 0, blue: 0, green: 0, white: 0 };
    for (const w of view.warnings) counts[w.zone] = (counts[w.zone] ?? 0) + 1;
    expect(counts).toEqual(view.zones.counts);
    const order = ['red', 'yellow', 'blue', 'white', 'green'];
    for (let i = 1; i < view.warnings.length; i++) {
      const a = view.warnings[i - 1];
      const b = view.warnings[i];
      if (!a || !b) continue;
      expect(order.indexOf(a.zone)).toBeLessThanOrEqual(order.indexOf(b.zone));
    }
  });

  it('every warned row explains each fired signal, and its points add up to the score', () => {
    for (const w of view.warnings.filter((x) => x.zone === 'red' || x.zone === 'yellow' || x.zone === 'blue')) {
      expect(w.signals.length).toBeGreaterThan(0);
      // the score is the points summed on its one 0–100 scale (capped at 100)
      expect(Math.min(view.scoreScale.max, w.signals.reduce((s, x) => s + x.points, 0))).toBe(w.score);
      expect(w.score).toBeLessThanOrEqual(100);
      for (const s of w.signals) {
        expect(s.explanation.zh.length).toBeGreaterThan(0);
        expect(s.explanation.en.length).toBeGreaterThan(0);
      }
    }
  });

  it('value at risk = current value × 12 × the zone loss probability', () => {
    for (const w of view.warnings) {
      if (w.value === null || w.valueAtRisk === null) continue;
      expect(w.valueAtRisk).toBeCloseTo(w.value * 12 * (view.zoneLossProbability[w.zone] ?? 0), 4);
    }
  });

  it('catches the planted decliners and spares the stable groups', () => {
    const zone = new Map(view.warnings.map((w) => [w.groupCode, w.zone]));
    const hot = (code: string) => zone.get(code) === 'red' || zone.get(code) === 'yellow';
    const caught = demo.planted.declining.filter(hot).length / demo.planted.declining.length;
    const falseAlarms = demo.planted.stable.filter(hot).length / demo.planted.stable.length;
    expect(caught).toBeGreaterThanOrEqual(0.9);
    expect(falseAlarms).toBeLessThanOrEqual(0.1);
  });

  it('a stricter red threshold moves groups out of red', () => {
    const strict = withSetting(DEFAULT_SETTINGS, 'warnings.zones.red', 90);
    if (!strict.ok) throw new Error('setting refused');
    const v2 = buildAnalysisView(demo.portfolio, strict.settings, []);
    expect(v2.zones.counts.red).toBeLessThan(view.zones.counts.red ?? 0);
  });

  it('an empty workspace gives an honest empty analysis', () => {
    const empty = buildAnalysisView({ groups: [], facts: [] }, DEFAULT_SETTINGS, []);
    expect(empty.asOf).toBeNull();
    expect(empty.warnings).toEqual([]);
    expect(empty.backtest.status).toBe('insufficient');
    expect(AnalysisViewSchema.safeParse(empty).success).toBe(true);
  });

  it('as of an earlier month, too little history is reported, not a number', () => {
    const early = buildAnalysisView(demo.portfolio, DEFAULT_SETTINGS, [], demo.periods[3]);
    expect(early.asOf).toBe(demo.periods[3]);
    expect(early.backtest.status).toBe('insufficient');
  });
});
