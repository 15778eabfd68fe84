/**
 * 什么管用 (effectiveness of closed actions vs comparable groups) and 客户经理覆盖 (coverage per
 * account manager, management vacuum) on hand-made data, at their boundaries: no closed actions, all
 * lost, an empty comparable set, pending re-checks, the minimum count; and on the demo, with the
 * expectations derived from the engine.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionsStore } from '../../electron/backend/storage/actionsStore';
import { createWorkspace, OpenWorkspace } from '../../electron/backend/storage/workspaceStore';
import { effectiveness, matchMeasure, valueBands, type EffectivenessAction, type MonthPoint } from '../../shared/actions/effectiveness';
import { coverage, type CoverageAction, type CoverageGroup } from '../../shared/actions/coverage';
import { coverageOf, effectivenessOf, ledgerMonth, monthPoints } from '../../shared/actions/insights';
import { DEFAULT_LEDGER_SETTINGS } from '../../shared/actions/ledger';
import { buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics';
import type { Zone } from '../../shared/analytics/text';
import { demoActions } from '../../shared/demo/demoActions';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { demoPortfolio } from '../../shared/demo/demoPortfolio';
import { SHIPPED_COUNTERS } from '../../shared/scenarios';

type Pt = [Zone, number | null];
const months = (m: Record<string, Record<string, Pt>>) => (period: string): ReadonlyMap<string, MonthPoint> =>
  new Map(Object.entries(m[period] ?? {}).map(([code, [zone, value]]) => [code, { zone, value }]));

/** 9 groups billing in 2026-01: tertile cut-offs 210 and 300 (values sorted 100,120,200,210,220,300,300,310,320) */
const JAN: Record<string, Pt> = {
  a: ['red', 300], b: ['red', 100], c1: ['red', 310], c2: ['red', 320], c3: ['yellow', 300], m1: ['red', 200], m2: ['red', 210], m3: ['green', 220], l1: ['red', 120],
};
const MAR: Record<string, Pt> = { a: ['yellow', 270], c1: ['red', 310], c2: ['red', 160], c3: ['green', 300], m1: ['red', 100], m2: ['red', 210], m3: ['green', 220], l1: ['red', 60] }; // b no longer billed
const pointsAt = months({ '2026-01': JAN, '2026-03': MAR });
const act = (over: Partial<EffectivenessAction> & { id: string; groupCode: string }): EffectivenessAction => ({ cause: 'competition', status: 'done', outcome: 'retained', measure: null, basePeriod: '2026-01', ...over });
const base = { pointsAt, lastPeriod: '2026-04', months: 2, minClosed: 2, measures: SHIPPED_COUNTERS };

describe('effectiveness of closed actions', () => {
  it('value bands are the tertiles of the positive values', () => {
    const band = valueBands(pointsAt('2026-01'));
    expect([band(100), band(200), band(209.9), band(210), band(299), band(300), band(320), band(0), band(null)]).toEqual(['low', 'low', 'low', 'mid', 'mid', 'high', 'high', null, null]);
  });

  it('retention rate from outcomes; revenue kept vs same-zone, same-band groups without action', () => {
    const r = effectiveness({
      ...base,
      actions: [
        act({ id: 'x1', groupCode: 'a', measure: 'price-cut', outcome: 'retained' }),
        act({ id: 'x2', groupCode: 'b', measure: '直接降价', outcome: 'lost' }),
        // m2 has an action (open): it is no comparable for anyone, and an open action is not closed
        act({ id: 'x3', groupCode: 'm2', status: 'open', outcome: null, measure: 'Plain price cut' }),
      ],
    });
    expect(r.closed).toBe(2);
    expect(r.byMeasure).toHaveLength(1); // id, zh and en name are one library measure
    const m = r.byMeasure[0];
    if (!m) throw new Error('no row');
    expect(m.measureId).toBe('price-cut');
    expect([m.retained, m.lost]).toEqual([1, 1]);
    expect(m.retentionRate.value).toBe(0.5);
    // a: 300 → 270; b: 100 → 0 (no bill counts 0)
    expect(m.revenueKept.value).toBeCloseTo(270 / 400, 12);
    // a's comparables: red + high + no action = c1, c2 (c3 is yellow): 630 → 470; b's: red + low = m1, l1 (m2 has an action): 320 → 160
    const expected = 300 * (470 / 630) + 100 * 0.5;
    expect(m.comparableKept.value).toBeCloseTo(expected / 400, 12);
    expect(m.upliftVsComparable.value).toBeCloseTo(270 / 400 - expected / 400, 12);
    expect(m.revenueVsComparable.value).toBeCloseTo(270 - expected, 9);
    expect(m.compared).toBe(2);
    expect(m.comparableGroups).toBe(4);
    expect(m.enough).toBe(true);
    // the trace carries the definition and the inputs
    expect(m.comparableKept.trace.rule.zh).toContain('同一价值档');
    expect(m.comparableKept.trace.rule.en).toContain('same value band');
    expect(m.comparableKept.trace.inputs.find((i) => i.label.en.startsWith('comparable groups'))?.value).toBe(4);
    expect(m.retentionRate.trace.settings.map((s) => s.value)).toEqual([2, 2]);
    expect(r.byCause.map((c) => c.key)).toEqual(['cause:competition']);
    expect(r.total.closed).toBe(2);
  });

  it('no closed actions: counts 0 and every figure null', () => {
    for (const actions of [[], [act({ id: 'o', groupCode: 'a', status: 'open' }), act({ id: 'c', groupCode: 'b', status: 'cancelled', outcome: 'lost' })]]) {
      const r = effectiveness({ ...base, actions });
      expect(r.closed).toBe(0);
      expect(r.byMeasure).toEqual([]);
      expect(r.byCause).toEqual([]);
      expect([r.total.retentionRate.value, r.total.revenueKept.value, r.total.comparableKept.value, r.total.upliftVsComparable.value, r.total.revenueVsComparable.value]).toEqual([null, null, null, null, null]);
      expect(r.total.enough).toBe(false);
    }
  });

  it('all lost: retention 0, revenue kept 0, below the comparable groups by their whole rate', () => {
    const lostPts = months({ '2026-01': JAN, '2026-03': { ...MAR, a: ['white', 0] } });
    const r = effectiveness({ ...base, pointsAt: lostPts, actions: [act({ id: 'x1', groupCode: 'a', outcome: 'lost' }), act({ id: 'x2', groupCode: 'b', outcome: 'lost' })] });
    expect(r.total.retentionRate.value).toBe(0);
    expect(r.total.revenueKept.value).toBe(0);
    const cmp = (300 * (470 / 630) + 100 * 0.5) / 400;
    expect(r.total.upliftVsComparable.value).toBeCloseTo(-cmp, 12);
  });

  it('an empty comparable set: no comparison, and the trace says so', () => {
    // 'solo' is the only blue group; its band peers are in other zones
    const pts = months({ '2026-01': { ...JAN, solo: ['blue', 250] }, '2026-03': { ...MAR, solo: ['blue', 250] } });
    const r = effectiveness({ ...base, pointsAt: pts, actions: [act({ id: 's1', groupCode: 'solo', measure: 'free text 走访' })] });
    const m = r.byMeasure[0];
    if (!m) throw new Error('no row');
    expect(m.measureId).toBeNull();
    expect(m.label.zh).toBe('free text 走访');
    expect(m.withRecheck).toBe(1);
    expect(m.revenueKept.value).toBe(1);
    expect(m.compared).toBe(0);
    expect(m.comparableKept.value).toBeNull();
    expect(m.upliftVsComparable.value).toBeNull();
    expect(m.revenueVsComparable.value).toBeNull();
    expect(m.upliftVsComparable.trace.rule.en).toContain('no comparable groups');
    // and when every group has an action, no one is comparable
    const all = Object.keys(JAN).map((code, i) => act({ id: `all${i}`, groupCode: code }));
    expect(effectiveness({ ...base, actions: all }).total.comparableKept.value).toBeNull();
  });

  it('pending re-checks, too early and no outcome are counted but not rated; below the minimum a row is not enough', () => {
    const r = effectiveness({
      ...base,
      lastPeriod: '2026-02', // the re-check month 2026-03 is not in the data yet
      minClosed: 3,
      actions: [act({ id: 'p1', groupCode: 'a', outcome: 'tooEarly', measure: 'key-person-care' }), act({ id: 'p2', groupCode: 'b', outcome: null, measure: 'key-person-care' })],
    });
    const m = r.byMeasure[0];
    if (!m) throw new Error('no row');
    expect([m.closed, m.tooEarly, m.noOutcome, m.withRecheck]).toEqual([2, 1, 1, 0]);
    expect(m.retentionRate.value).toBeNull();
    expect(m.revenueKept.value).toBeNull();
    expect(m.enough).toBe(false);
    expect(m.retentionRate.trace.inputs.some((i) => i.label.en === 'caveat')).toBe(true);
    // exactly the minimum is enough
    expect(effectiveness({ ...base, minClosed: 2, actions: [act({ id: 'e1', groupCode: 'a' }), act({ id: 'e2', groupCode: 'b' })] }).total.enough).toBe(true);
  });

  it('an action without a base month or with no value then has no re-check figures', () => {
    const r = effectiveness({ ...base, actions: [act({ id: 'n1', groupCode: 'a', basePeriod: null }), act({ id: 'n2', groupCode: 'ghost' })] });
    expect(r.total.closed).toBe(2);
    expect(r.total.withRecheck).toBe(0);
    expect(r.total.revenueKept.value).toBeNull();
  });

  it('matches library measures by id, Chinese and English name, ignoring case and spaces', () => {
    expect(matchMeasure(' PRICE-cut ', SHIPPED_COUNTERS)?.id).toBe('price-cut');
    expect(matchMeasure('plain  price cut', SHIPPED_COUNTERS)?.id).toBe('price-cut');
    expect(matchMeasure('直接降价', SHIPPED_COUNTERS)?.id).toBe('price-cut');
    expect(matchMeasure('降价', SHIPPED_COUNTERS)).toBeNull();
    expect(matchMeasure('', SHIPPED_COUNTERS)).toBeNull();
  });
});

describe('account-manager coverage', () => {
  const g = (code: string, manager: string | null, zone: Zone, value: number | null, valueAtRisk: number | null): CoverageGroup => ({ groupCode: code, groupName: code, groupClass: 'C', accountManager: manager, zone, score: 0, value, valueAtRisk });
  const groups = [g('g1', '王', 'red', 1000, 600), g('g2', '王', 'yellow', 500, 100), g('g3', ' 李 ', 'green', 3000, 0), g('g4', null, 'red', 800, 700), g('g5', '  ', 'blue', 200, null), g('g6', '李', 'red', 100, 50)];
  const a = (code: string, status: CoverageAction['status'], due: string | null): CoverageAction => ({ groupCode: code, status, due });
  const actions = [a('g1', 'open', '2026-11-30'), a('g1', 'open', '2026-12-03'), a('g2', 'done', '2026-01-01'), a('g6', 'open', null), a('gone', 'open', '2020-01-01')];
  const r = coverage(groups, actions, '2026-10', '2026-12-03');

  it('sums per manager, trims names, and orders by value at risk', () => {
    expect(r.managers.map((m) => m.manager)).toEqual(['王', '李']);
    const wang = r.managers[0];
    const li = r.managers[1];
    if (!wang || !li) throw new Error('rows');
    expect([wang.groups, wang.value.value, wang.valueAtRisk.value, wang.red, wang.yellow]).toEqual([2, 1500, 700, 1, 1]);
    // due today is not overdue; a done action is not open
    expect([wang.openActions, wang.overdueActions]).toEqual([2, 1]);
    // g2 is yellow and has only a done action
    expect(wang.warnedWithoutAction).toBe(1);
    expect([li.groups, li.value.value, li.red, li.openActions, li.overdueActions, li.warnedWithoutAction]).toEqual([2, 3100, 1, 1, 0, 0]);
    expect(r.totalValue).toBe(5600);
    expect(wang.valueShare).toBeCloseTo(1500 / 5600, 12);
    expect(wang.value.trace.inputs.find((i) => i.label.en === 'groups')?.value).toBe(2);
  });

  it('groups with no (or a blank) manager are the vacuum, by value at risk', () => {
    expect(r.vacuum?.groups).toBe(2);
    expect(r.vacuum?.red).toBe(1);
    expect(r.vacuum?.warnedWithoutAction).toBe(1);
    expect(r.vacuumGroups.map((x) => x.groupCode)).toEqual(['g4', 'g5']);
  });

  it('no vacuum and no groups', () => {
    const none = coverage([g('g1', '王', 'red', 1, 1)], [], null, '2026-12-03');
    expect(none.vacuum).toBeNull();
    expect(none.vacuumGroups).toEqual([]);
    const empty = coverage([], actions, null, '2026-12-03');
    expect(empty.managers).toEqual([]);
    expect(empty.totalValue).toBe(0);
  });
});

describe('the demo makes both views meaningful', () => {
  const branch = generateDemoBranch();
  const actions = demoActions(branch);
  const ix = buildIndex(demoPortfolio(branch)); // as the demo workspace holds it (with key persons)

  it('ships closed actions with outcomes, on library measures, with comparable groups', () => {
    const e = effectivenessOf(ix, actions, DEFAULT_LEDGER_SETTINGS, monthPoints(ix, DEFAULT_SETTINGS), SHIPPED_COUNTERS, ledgerMonth(ix, DEFAULT_SETTINGS));
    expect(e.closed).toBe(actions.filter((a) => a.status === 'done').length);
    expect(e.closed).toBeGreaterThan(0);
    expect(e.total.retained).toBeGreaterThan(0);
    expect(e.total.lost).toBeGreaterThan(0);
    expect(e.total.compared).toBeGreaterThan(0);
    expect(e.byMeasure.some((m) => m.enough)).toBe(true);
    expect(e.byMeasure.some((m) => !m.enough && m.closed > 0)).toBe(true); // and one below the minimum, so the caveat shows
    // every demo measure is a library measure, so the library can show "your history"
    for (const m of e.byMeasure) expect(m.measureId).not.toBeNull();
    // the figures are the sums of their rows
    let closed = 0;
    for (const m of e.byMeasure) closed += m.closed;
    expect(closed).toBe(e.closed);
  });

  it('has groups without a manager and open, overdue actions', () => {
    const c = coverageOf(ix, DEFAULT_SETTINGS, actions, '2099-01-01');
    expect(c.vacuum?.groups ?? 0).toBeGreaterThan(0);
    expect(c.vacuumGroups.length).toBe(c.vacuum?.groups);
    const open = actions.filter((a) => a.status === 'open').length;
    let counted = 0;
    let overdue = 0;
    for (const m of c.managers.concat(c.vacuum ? [c.vacuum] : [])) {
      counted += m.openActions;
      overdue += m.overdueActions;
    }
    expect(open).toBeGreaterThan(0);
    expect(counted).toBe(open);
    expect(overdue).toBe(open); // by 2099 every open action with a due date is overdue
  });

  it('is deterministic', () => {
    expect(demoActions(branch)).toEqual(actions);
  });
});

describe('the ledger settings and a workspace created with its ledger', () => {
  it('a new workspace starts with the sections given (the demo ledger); minClosed survives a save that leaves it out', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-insights-'));
    try {
      const dir = path.join(root, 'ws');
      const branch = generateDemoBranch();
      const actions = demoActions(branch);
      await createWorkspace(dir, { name: 'x', branchName: null, source: 'demo', portfolio: { groups: [], facts: [] }, sections: { actions: { version: 1, actions } } });
      const ws = await OpenWorkspace.open('ws', dir);
      const store = await ActionsStore.open(ws);
      expect(store.list()).toEqual(actions);
      expect(store.ledgerSettings().minClosed).toBe(DEFAULT_LEDGER_SETTINGS.minClosed);
      await store.saveLedgerSettings({ recheckMonths: 3, chiefManager: '', minClosed: 8 });
      await store.saveLedgerSettings({ recheckMonths: 4, chiefManager: '陈总' }); // an older caller without minClosed
      expect(store.ledgerSettings()).toEqual({ recheckMonths: 4, chiefManager: '陈总', minClosed: 8 });
      await ws.close();
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
