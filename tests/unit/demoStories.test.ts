/**
 * The demo branch must look like a real one (issue #13): some 黄 groups, one-off
 * billing dips that recover, decline whose precursors (traffic, members,
 * off-net share) come before revenue, sudden losses without precursors, and a
 * back-test that is believable (well below an AUC of 1 and below the maximum
 * lift). Every expectation is read from the engine on the generated data, not
 * pinned to counts.
 */
import { describe, expect, it } from 'vitest';
import { analyzePortfolio, backtest, buildIndex, DEFAULT_SETTINGS, groupRows } from '../../shared/analytics/index';
import { SIGNAL_IDS, type SignalId } from '../../shared/analytics/settings';
import { createSignalBuffer, evaluateRange, FIRED, signalContext } from '../../shared/analytics/signals';
import { generateDemoBranch, seasonalFactors, type PlantedEvent } from '../../shared/demo/generateDemoBranch';

const demo = generateDemoBranch();
const ix = buildIndex(demo.portfolio);
const s = DEFAULT_SETTINGS;
const ctx = signalContext(ix, s);
const nP = ix.nP;
const col = (period: string): number => ix.periods.indexOf(period);
const rev = (g: number, t: number): number => ix.m.totalRevenue[g * nP + t] as number;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** fired[signal][t] for one group over the whole history */
function firedByMonth(code: string): Record<SignalId, boolean[]> {
  const g = ix.codeIndex.get(code);
  if (g === undefined) throw new Error(`no group ${code}`);
  const buf = createSignalBuffer(nP, 1);
  evaluateRange(ctx, g, 0, nP - 1, buf);
  const out = {} as Record<SignalId, boolean[]>;
  SIGNAL_IDS.forEach((id, i) => {
    const row: boolean[] = [];
    for (let t = 0; t < nP; t++) row.push(buf.status[i * buf.cap + t] === FIRED);
    out[id] = row;
  });
  return out;
}

const PRECURSORS: SignalId[] = ['trafficDrop', 'memberLoss', 'offNetRising'];
const REVENUE: SignalId[] = ['revenueTrend', 'billAnomaly'];
const anyFired = (f: Record<SignalId, boolean[]>, ids: SignalId[], t: number): boolean => ids.some((id) => f[id][t] === true);

describe('the demo branch tells the stories of a real branch', () => {
  const analysis = analyzePortfolio(ix, s);
  const zones = analysis.kpis.zoneCounts.counts;

  it('has 红, 黄, 蓝, 绿 and 白 groups in the last month, and yellow is not a token few', () => {
    console.log(`demo zones ${JSON.stringify(zones)}`);
    for (const z of ['red', 'yellow', 'blue', 'green', 'white'] as const) expect(zones[z]).toBeGreaterThan(0);
    expect(zones.yellow).toBeGreaterThanOrEqual(0.02 * analysis.kpis.groups.value!);
    // yellow is fed by the early-warning story: precursors in the last months, revenue not down yet
    const zoneOf = new Map(groupRows(ix, analysis).map((r) => [r.groupCode, r.zone]));
    const early = demo.planted.early.map((c) => zoneOf.get(c));
    console.log(`early-warning groups by zone: ${JSON.stringify(early.reduce<Record<string, number>>((a, z) => ({ ...a, [String(z)]: (a[String(z)] ?? 0) + 1 }), {}))}`);
    expect(early.filter((z) => z === 'yellow').length).toBeGreaterThanOrEqual(0.25 * early.length);
    expect(early.filter((z) => z === 'green').length).toBeLessThan(0.25 * early.length);
  });

  it('has one-off billing dips that recover the next month, and the revenue rules fire on them (false alarms)', () => {
    expect(demo.events.dip.length).toBeGreaterThan(10);
    let revenueAlarms = 0;
    for (const e of demo.events.dip) {
      const g = ix.codeIndex.get(e.groupCode) as number;
      const t = col(e.period);
      expect(t).toBeGreaterThan(2);
      expect(t).toBeLessThan(nP - 1);
      const before = mean([rev(g, t - 3), rev(g, t - 2), rev(g, t - 1)]);
      expect(rev(g, t)).toBeLessThan(0.8 * before);
      expect(rev(g, t + 1)).toBeGreaterThan(0.93 * before); // recovered
      const f = firedByMonth(e.groupCode);
      if (anyFired(f, REVENUE, t) || anyFired(f, REVENUE, t + 1)) revenueAlarms++;
    }
    expect(revenueAlarms).toBeGreaterThanOrEqual(0.8 * demo.events.dip.length);
  });

  it('shows precursors (traffic, members, off-net share) 1–3 months before revenue falls', () => {
    const stories: PlantedEvent[] = [...demo.events.declining, ...demo.events.pastDecline];
    expect(stories.length).toBeGreaterThan(30);
    let early = 0;
    for (const e of stories) {
      const t = col(e.period);
      const from = col(e.precursorsFrom ?? '');
      expect(from).toBeGreaterThanOrEqual(0);
      expect(t - from).toBeGreaterThanOrEqual(1);
      expect(t - from).toBeLessThanOrEqual(3);
      const f = firedByMonth(e.groupCode);
      // a precursor fired before revenue started to fall, while the revenue rules were still quiet
      let lead = false;
      for (let k = from; k < t; k++) if (anyFired(f, PRECURSORS, k) && !anyFired(f, ['revenueTrend'], k)) lead = true;
      if (lead) early++;
      // and revenue does fall afterwards
      const g = ix.codeIndex.get(e.groupCode) as number;
      const after = Math.min(nP - 1, t + 3);
      expect(rev(g, after)).toBeLessThan(0.9 * mean([rev(g, from - 3), rev(g, from - 2), rev(g, from - 1)]));
    }
    expect(early).toBeGreaterThanOrEqual(0.85 * stories.length);
  });

  it('has sudden losses with no precursor in the 3 months before', () => {
    expect(demo.events.sudden.length).toBeGreaterThan(3);
    for (const e of demo.events.sudden) {
      const g = ix.codeIndex.get(e.groupCode) as number;
      const t = col(e.period);
      expect(rev(g, t)).toBe(0);
      const f = firedByMonth(e.groupCode);
      for (let k = Math.max(0, t - 3); k < t; k++) {
        const period = ix.periods[k] as string;
        expect(f.memberLoss[k], `${e.groupCode} memberLoss at ${period}`).toBe(false);
        expect(f.offNetRising[k], `${e.groupCode} offNetRising at ${period}`).toBe(false);
        // minutes only dip with the Spring Festival, as everyone's do
        if (f.trafficDrop[k]) expect(seasonalFactors(period).minutes, `${e.groupCode} trafficDrop at ${period}`).toBeLessThan(1);
        expect(rev(g, k)).toBeGreaterThan(0);
      }
    }
    // revenue cuts without precursors, too
    expect(demo.events.stepDown.length).toBeGreaterThan(5);
  });

  it('back-tests believably: AUC well below 1, lift well below its maximum', () => {
    const bt = backtest(ix, s);
    if (bt.status !== 'ok') throw new Error('the demo has 24 months of history');
    const maxLift = 1 / s.backtest.topShare;
    console.log(`demo back-test: AUC ${bt.auc?.toFixed(3)}, lift ${bt.lift.lift?.toFixed(2)} (max ${maxLift}), ${bt.positives} value-loss rows of ${bt.rows}`);
    expect(bt.auc).toBeGreaterThan(0.7);
    expect(bt.auc).toBeLessThan(0.88);
    expect(bt.lift.lift).toBeGreaterThan(2);
    expect(bt.lift.lift).toBeLessThan(0.8 * maxLift);
    // neither the red zone's precision nor its recall is perfect
    const red = bt.thresholds.find((x) => x.zone === 'red');
    expect(red?.precision).toBeLessThan(0.9);
    expect(red?.recall).toBeLessThan(0.9);
    // the quarter-end back-test the review deck shows is believable too
    const q = backtest(ix, s, { asOf: '2026-09' });
    if (q.status !== 'ok') throw new Error('2026-09 has 23 months of history');
    expect(q.auc).toBeLessThan(0.88);
    expect(q.lift.lift).toBeLessThan(0.8 * maxLift);
  });
});
