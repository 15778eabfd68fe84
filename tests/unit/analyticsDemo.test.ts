/**
 * The warning engine on the demo branch: the planted decliners must show up
 * red or yellow, the planted stable groups must not, and the back-test must
 * find the rules (and the logistic model) useful but not perfect on this data.
 */
import { describe, expect, it } from 'vitest';
import { analyzePortfolio, backtest, buildIndex, DEFAULT_SETTINGS, groupRows, migrationMatrix, retention } from '../../shared/analytics/index';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';

const demo = generateDemoBranch();
const ix = buildIndex(demo.portfolio);
const result = analyzePortfolio(ix, DEFAULT_SETTINGS);
const rows = new Map(groupRows(ix, result).map((r) => [r.groupCode, r]));
const warned = (code: string): boolean => {
  const z = rows.get(code)?.zone;
  return z === 'red' || z === 'yellow';
};
const share = (codes: string[], f: (code: string) => boolean): number => codes.filter(f).length / codes.length;

describe('analytics on the demo branch', () => {
  it('flags ≥ 90% of the planted decliners red or yellow and ≤ 10% of the stable groups', () => {
    const decliners = share(demo.planted.declining, warned);
    const stable = share(demo.planted.stable, warned);
    console.log(`demo: decliners red/yellow ${(decliners * 100).toFixed(1)}% (${demo.planted.declining.length}), stable red/yellow ${(stable * 100).toFixed(1)}% (${demo.planted.stable.length})`);
    expect(decliners).toBeGreaterThanOrEqual(0.9);
    expect(stable).toBeLessThanOrEqual(0.1);
  });

  it('puts the lost groups in the white zone, exited', () => {
    for (const code of demo.planted.lost) {
      expect(rows.get(code)?.zone).toBe('white');
      expect(rows.get(code)?.stage).toBe('exited');
    }
  });

  it('sees growth and decline in the lifecycle stages', () => {
    expect(share(demo.planted.growing, (c) => rows.get(c)?.stage === 'growth')).toBeGreaterThan(0.8);
    expect(share(demo.planted.declining, (c) => rows.get(c)?.stage === 'decline')).toBeGreaterThan(0.9);
  });

  it('back-tests the rules with a believable AUC and reports the logistic model beside them', () => {
    const bt = backtest(ix, DEFAULT_SETTINGS);
    if (bt.status !== 'ok') throw new Error('the demo has 24 months of history');
    const lr = bt.logistic;
    console.log(
      `demo back-test: ${bt.monthsUsed} months, ${bt.rows} rows, ${bt.positives} value-loss rows; rules AUC ${bt.auc?.toFixed(4)}, ` +
        `top-decile lift ${bt.lift.lift?.toFixed(2)}; ` +
        (lr.status === 'ok' ? `logistic AUC (5-fold CV by group) ${lr.auc?.toFixed(4)} vs rules ${lr.rulesAuc?.toFixed(4)} on the same ${lr.rows} rows` : 'logistic: insufficient'),
    );
    for (const t of bt.thresholds) console.log(`  ≥${t.minScore} (${t.zone}): precision ${t.precision?.toFixed(3)}, recall ${t.recall?.toFixed(3)}`);
    expect(bt.monthsUsed).toBe(20);
    // the demo is built to look like a real branch (issue #13): good, not perfect
    expect(bt.auc).toBeGreaterThan(0.7);
    expect(bt.auc).toBeLessThan(0.88);
    expect(lr.status).toBe('ok');
    if (lr.status === 'ok') {
      expect(lr.auc).toBeGreaterThan(0.7);
      expect(lr.auc).toBeLessThan(0.95);
      expect(lr.features.length).toBeGreaterThan(5);
      expect(lr.dropped).toContain('keyPerson');
      // revenue, traffic and member loss push towards value loss
      expect(lr.features.find((f) => f.id === 'trafficDrop')?.coefficient).toBeLessThan(0);
      expect(lr.features.find((f) => f.id === 'memberLoss')?.coefficient).toBeGreaterThan(0);
    }
    const red = bt.thresholds.find((t) => t.zone === 'red');
    expect(red?.precision).toBeGreaterThan(0.5);
    expect(red?.precision).toBeLessThan(0.9);
  });

  it('is deterministic', () => {
    expect(analyzePortfolio(buildIndex(generateDemoBranch().portfolio), DEFAULT_SETTINGS)).toEqual(result);
    expect(backtest(ix, DEFAULT_SETTINGS)).toEqual(backtest(ix, DEFAULT_SETTINGS));
  });

  it('shows count vs value retention and quarter migration', () => {
    const r = retention(ix, DEFAULT_SETTINGS, { snapshot: '2025-10' });
    expect(r.groups.countRetention).toBeGreaterThan(0.95);
    expect(r.groups.valueRetention).toBeLessThan(r.groups.countRetention ?? 0);
    const m = migrationMatrix(ix, DEFAULT_SETTINGS, { quadrant: 'valueRisk', from: '2026Q2', to: '2026Q4' });
    // decliners move into the high-risk row
    const intoRisk = (m.counts[1]?.[0] ?? 0) + (m.counts[3]?.[2] ?? 0);
    expect(intoRisk).toBeGreaterThan(10);
  });
});
