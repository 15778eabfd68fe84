/** The scenario engine (shared/scenarios): hand-computed cases, closed form vs Monte Carlo, allocation, guardrails, library. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzePortfolio, buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import {
  allocationReport,
  autoAllocate,
  cappedScaledMean,
  closedForm,
  EMPTY_EDITS,
  filterMask,
  guardrails,
  MC_BLOCK,
  meanEffects,
  mergeMcParts,
  mergeLibrary,
  planScenario,
  prepareScenario,
  resetLibraryEdit,
  runMonteCarlo,
  scenarioGroups,
  ScenarioDefinitionSchema,
  SHIPPED_COUNTERS,
  SHIPPED_MOVES,
  shippedLibrary,
  simulateScenario,
  TACTICS,
  triangularMean,
  triangularQuantile,
  withFunding,
  withLibraryEdit,
  type CompetitorMove,
  type CounterMeasure,
  type Range3,
  type ScenarioDefinition,
  type ScenarioDefinitionInput,
  type ScenarioGroups,
  type ScenarioLibrary,
  type Stat,
} from '../../shared/scenarios';

const R = (low: number, likely = low, high = likely): Range3 => ({ low, likely, high });
const T = (s: string) => ({ zh: s, en: s });

interface G {
  code: string;
  value: number;
  growth?: number;
  industry?: string;
  zone?: number;
  /** index into STAGE_IDS, 255 = unknown */
  stage?: number;
  contractMonthsLeft?: number;
  groupClass?: string;
}

/** A hand-made ScenarioGroups (the engine's per-group facts) for exact cases. */
function makeGroups(list: G[]): ScenarioGroups {
  const n = list.length;
  const q = () => new Int8Array(n).fill(-1);
  return {
    size: n,
    asOf: '2026-10',
    codes: list.map((g) => g.code),
    names: list.map((g) => `集团${g.code}`),
    industry: list.map((g) => g.industry ?? '政府'),
    groupClass: list.map((g) => g.groupClass ?? 'A1'),
    region: list.map(() => '西兴片区'),
    accountManager: list.map(() => '王海峰'),
    competitorPresence: list.map(() => '电信'),
    zone: Uint8Array.from(list, (g) => g.zone ?? 0),
    stage: Uint8Array.from(list, (g) => g.stage ?? 2),
    quadrant: { valueRisk: q(), revenueNewBiz: q(), valueBinding: q(), currentPotential: q() },
    value: Float64Array.from(list, (g) => g.value),
    trendPct: new Float64Array(n),
    trendMonths: 3,
    growth: Float64Array.from(list, (g) => g.growth ?? 0),
    members: new Float64Array(n).fill(100),
    sanGao: new Int8Array(n),
    contractMonthsLeft: Float64Array.from(list, (g) => g.contractMonthsLeft ?? NaN),
    contractNone: new Uint8Array(n),
    active: new Uint8Array(n).fill(1),
  };
}

function move(id: string, loss: Range3, diversion: Range3, exposes: CompetitorMove['exposes'] = {}): CompetitorMove {
  return { id, name: T(id), description: T(id), basis: T(''), exposes, lossProbability: loss, diversionShare: diversion, shipped: false, disabled: false };
}

function counter(id: string, over: Partial<CounterMeasure> = {}): CounterMeasure {
  return {
    id,
    name: T(id),
    description: T(id),
    basis: T(''),
    fits: {},
    cost: { perGroup: 100, revenueShare: 0, oneOff: 0 },
    lossReduction: R(0.5),
    diversionReduction: R(0.5),
    leadMonths: 2,
    answers: [],
    discountShare: null,
    shipped: false,
    disabled: false,
    ...over,
  };
}

function lib(moves: CompetitorMove[], counters: CounterMeasure[]): ScenarioLibrary {
  return { moves, counters, tactics: [] };
}

function def(over: Partial<ScenarioDefinitionInput> = {}): ScenarioDefinition {
  return ScenarioDefinitionSchema.parse({
    id: 'test-1',
    name: '测试',
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    step: 5,
    scope: { kind: 'branch' },
    moves: [{ moveId: 'm', intensity: 1 }],
    counters: [{ measureId: 'c', segment: null }],
    budget: 1_000_000,
    allocation: 'auto',
    quarters: 4,
    runs: 10_000,
    seed: 42,
    isPlan: false,
    ...over,
  });
}

const ordered = (s: Stat): boolean => s.p10 === null || s.p50 === null || s.p90 === null || (s.p10 <= s.p50 + 1e-9 && s.p50 <= s.p90 + 1e-9);

describe('hand-computed: one group, one move, one counter', () => {
  // 1,000 元/月 flat; move: loss 30%, diversion 10% over 12 months; counter from month 3 halves both, 100 元.
  const groups = makeGroups([{ code: 'G1', value: 1000 }]);
  const library = lib([move('m', R(0.3), R(0.1))], [counter('c')]);

  it('matches the closed form worked by hand', () => {
    const plan = planScenario(groups, library, def(), 0.3);
    const e = plan.expected;
    // do nothing: Σ_k 1000 × 0.9 × (1 − 0.025k) = 900 × (12 − 0.025 × 78) = 9,045
    expect(e.revenueNone).toBeCloseTo(9045, 6);
    // plan: months 1–2 as before; months 3–12 loss 0.0125 a month, keep 0.95 → 1000 × (0.9 × 1.925 + 0.95 × 8.8125)
    expect(e.revenuePlan).toBeCloseTo(10104.375, 6);
    expect(e.cost).toBe(100);
    expect(e.netBenefit).toBeCloseTo(10104.375 - 9045 - 100, 6);
    expect(e.roi).toBeCloseTo((10104.375 - 9045 - 100) / 100, 9);
    expect(e.lostNone).toBeCloseTo(0.3, 12);
    expect(e.lostPlan).toBeCloseTo(0.05 + 0.0125 * 10, 12);
    // extra revenue: month 3 = 58.125, month 4 = 68.75 → 126.875 ≥ 100 in month 4
    expect(e.paybackMonth).toBe(4);
    expect(plan.allocation.funded.map((f) => f.groupCode)).toEqual(['G1']);
  });

  it('Monte Carlo mean converges to it (200,000 runs of one group)', () => {
    const d = def({ runs: 100_000 });
    const plan = planScenario(groups, library, d, 0.3);
    const mc = runMonteCarlo(plan.model, { runs: 200_000, seed: 9 });
    const mean = (a: Float64Array | Int32Array) => Array.from(a).reduce((s, x) => s + x, 0) / a.length;
    expect(Math.abs(mean(mc.revPlan) / 10104.375 - 1)).toBeLessThan(0.01);
    expect(Math.abs(mean(mc.revNone) / 9045 - 1)).toBeLessThan(0.01);
    expect(Math.abs(mean(mc.lostNone) - 0.3)).toBeLessThan(0.005);
    expect(Math.abs(mean(mc.lostPlan) - 0.175)).toBeLessThan(0.005);
  });

  it('deterministic ranges (low = likely = high, no loss) give P10 = P50 = P90 = expected', () => {
    const detLib = lib([move('m', R(0), R(0.2))], [counter('c', { diversionReduction: R(0.5), cost: { perGroup: 50, revenueShare: 0, oneOff: 0 } })]);
    const r = simulateScenario(groups, detLib, def(), 0.3);
    // no counter: 1000 × 0.8 × 12; with it from month 3: 1000 × (0.8 × 2 + 0.9 × 10)
    expect(r.doNothing.revenueKept.expected).toBeCloseTo(9600, 6);
    expect(r.plan.revenueKept.expected).toBeCloseTo(10600, 6);
    for (const s of [r.plan.revenueKept, r.plan.netBenefit, r.plan.cost, r.plan.groupsLost, r.doNothing.revenueKept, r.plan.paybackMonth]) {
      expect(s.p10).toBeCloseTo(s.expected ?? NaN, 6);
      expect(s.p50).toBeCloseTo(s.expected ?? NaN, 6);
      expect(s.p90).toBeCloseTo(s.expected ?? NaN, 6);
    }
    expect(r.plan.paybackMonth.expected).toBe(3); // 100 元 extra in month 3 ≥ 50
  });

  it('two moves combine as independent: 1 − Π(1 − p)', () => {
    const two = lib([move('a', R(0.2), R(0)), move('b', R(0.5), R(0))], []);
    const p = prepareScenario(groups, two, def({ moves: [{ moveId: 'a', intensity: 1 }, { moveId: 'b', intensity: 1 }], counters: [] }));
    const e = closedForm(p.model, meanEffects(p.model));
    expect(e.lostNone).toBeCloseTo(1 - 0.8 * 0.5, 12);
  });

  it('intensity scales and caps at 1; the closed form uses E[min(1, c·X)]', () => {
    const r = R(0.4, 0.7, 0.9);
    expect(cappedScaledMean(r, 1)).toBeCloseTo(triangularMean(r), 12);
    // numeric check of E[min(1, 1.5 X)]
    let s = 0;
    const N = 200_000;
    for (let i = 0; i < N; i++) s += Math.min(1, 1.5 * triangularQuantile(r, (i + 0.5) / N));
    expect(cappedScaledMean(r, 1.5)).toBeCloseTo(s / N, 4);
    const high = lib([move('m', R(0.8), R(0))], []);
    const p = prepareScenario(groups, high, def({ moves: [{ moveId: 'm', intensity: 1.5 }], counters: [] }));
    expect(closedForm(p.model, meanEffects(p.model)).lostNone).toBeCloseTo(1, 12);
  });
});

describe('on the demo branch', () => {
  const demo = generateDemoBranch();
  const ix = buildIndex(demo.portfolio);
  const groups = scenarioGroups(ix, analyzePortfolio(ix, DEFAULT_SETTINGS, { explainTop: 0 }));
  const library = shippedLibrary();
  const demoDef = def({
    scope: { kind: 'filter', filter: { industries: ['政府', '教育'] } },
    moves: [{ moveId: 'wiring-for-switch', intensity: 1 }],
    counters: [
      { measureId: 'key-person-care', segment: null },
      { measureId: 'service-upgrade', segment: null },
    ],
    budget: 300_000,
    quarters: 8,
    seed: 7,
  });
  const result = simulateScenario(groups, library, demoDef, 0.3);

  it('exposes the 政府/教育 groups where Telecom is present, and funds some within the budget', () => {
    expect(result.exposure.exposedGroups).toBeGreaterThan(10);
    for (const row of result.exposure.rows) {
      expect(['政府', '教育']).toContain(row.industry);
      expect(row.moveIds).toEqual(['wiring-for-switch']);
    }
    expect(result.allocation.funded.length).toBeGreaterThan(0);
    expect(result.allocation.totalCost).toBeLessThanOrEqual(300_000);
    expect(result.months).toHaveLength(24);
    expect(result.months[0]).toBe('2026-11');
  });

  it('the Monte Carlo mean is within 1% of the closed form', () => {
    expect(result.runs).toBeGreaterThanOrEqual(10_000);
    expect(Math.abs(result.check.relativeDifference)).toBeLessThan(0.01);
    const plan = planScenario(groups, library, demoDef, 0.3);
    const mc = runMonteCarlo(plan.model, { runs: 10_000, seed: 7 });
    const mean = (a: Float64Array | Int32Array) => Array.from(a).reduce((s, x) => s + x, 0) / a.length;
    expect(Math.abs(mean(mc.revNone) / plan.expected.revenueNone - 1)).toBeLessThan(0.01);
    // net benefit is a difference of two close totals: held to 3 standard errors of its Monte Carlo mean
    const nets = Array.from(mc.revPlan, (x, i) => x - (mc.revNone[i] ?? 0) - plan.expected.cost);
    const netMean = nets.reduce((a, b) => a + b, 0) / nets.length;
    const se = Math.sqrt(nets.reduce((a, b) => a + (b - netMean) ** 2, 0) / (nets.length - 1) / nets.length);
    expect(Math.abs(netMean - plan.expected.netBenefit)).toBeLessThan(3 * se);
    expect(se / plan.expected.netBenefit).toBeLessThan(0.05);
    expect(Math.abs(mean(mc.lostNone) / plan.expected.lostNone - 1)).toBeLessThan(0.01);
  });

  it('the same seed gives identical results; another seed differs', () => {
    const again = simulateScenario(groups, library, demoDef, 0.3);
    expect({ ...again, elapsedMs: 0 }).toEqual({ ...result, elapsedMs: 0 });
    const other = simulateScenario(groups, library, { ...demoDef, seed: 8 }, 0.3);
    expect(other.plan.revenueKept.p50).not.toBe(result.plan.revenueKept.p50);
    expect(other.plan.revenueKept.expected).toBe(result.plan.revenueKept.expected);
  });

  it('blocks of runs simulated apart (as two workers do) give exactly the whole run', () => {
    const plan = planScenario(groups, library, demoDef, 0.3);
    const runs = 5 * MC_BLOCK + 123;
    const whole = runMonteCarlo(plan.model, { runs, seed: 11 });
    const parts = [runMonteCarlo(plan.model, { runs, seed: 11, fromBlock: 3, toBlock: 6 }), runMonteCarlo(plan.model, { runs, seed: 11, fromBlock: 0, toBlock: 3 })];
    expect(parts.map((p) => p.runs)).toEqual([2 * MC_BLOCK + 123, 3 * MC_BLOCK]);
    expect(mergeMcParts(parts)).toEqual(whole);
  });

  it('P10 ≤ P50 ≤ P90 for every outcome and every month of the fan', () => {
    for (const o of [result.plan, result.doNothing]) for (const s of Object.values(o)) expect(ordered(s)).toBe(true);
    expect(ordered(result.exposure.revenueAtRisk)).toBe(true);
    for (const band of [result.fan.plan, result.fan.doNothing]) {
      band.p10.forEach((p10, k) => {
        expect(p10).toBeLessThanOrEqual((band.p50[k] ?? 0) + 1e-6);
        expect(band.p50[k] ?? 0).toBeLessThanOrEqual((band.p90[k] ?? 0) + 1e-6);
      });
    }
    // the plan keeps more than doing nothing in expectation, never more than the baseline
    expect(result.plan.revenueKept.expected ?? 0).toBeGreaterThan(result.doNothing.revenueKept.expected ?? 0);
    expect(result.plan.revenueKept.expected ?? 0).toBeLessThan(result.exposure.baselineRevenue);
  });

  it('the tornado is sorted by swing, and the move’s loss probability moves net benefit most', () => {
    const rows = result.tornado.rows;
    expect(rows.length).toBe(2 + 2 * new Set(result.allocation.funded.flatMap((f) => f.measureIds)).size);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.swing).toBeGreaterThanOrEqual(rows[i]!.swing);
    expect(rows[0]!.inputId).toBe('move:wiring-for-switch:loss');
    expect(rows[0]!.netBenefitHigh).toBeGreaterThan(rows[0]!.netBenefitLow); // more threat → measures worth more
  });

  it('every exposed group matches the move filter and the scope', () => {
    const mask = filterMask(groups, { industries: ['政府', '教育'], competitors: ['电信'] });
    const expected = groups.codes.filter((_, g) => mask[g] === 1).sort();
    expect(result.exposure.rows.map((r) => r.groupCode).sort()).toEqual(expected);
  });
});

describe('allocation', () => {
  const industries = ['政府', '教育', '制造'];
  const arb = fc.record({
    groups: fc.array(fc.record({ value: fc.integer({ min: 0, max: 200_000 }), industry: fc.constantFrom(...industries), growth: fc.double({ min: -0.05, max: 0.03, noNaN: true }) }), { minLength: 1, maxLength: 25 }),
    counters: fc.array(
      fc.record({
        perGroup: fc.integer({ min: 0, max: 50_000 }),
        revenueShare: fc.double({ min: 0, max: 0.3, noNaN: true }),
        oneOff: fc.integer({ min: 0, max: 100_000 }),
        fits: fc.subarray(industries, { minLength: 1 }),
        red: fc.double({ min: 0, max: 0.9, noNaN: true }),
        lead: fc.integer({ min: 0, max: 6 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    budget: fc.integer({ min: 0, max: 1_000_000 }),
    loss: fc.double({ min: 0, max: 1, noNaN: true }),
  });

  it('never exceeds the budget and never funds a measure on a group it does not fit (property)', () => {
    fc.assert(
      fc.property(arb, ({ groups: gs, counters: cs, budget, loss }) => {
        const groups = makeGroups(gs.map((g, i) => ({ code: `G${i}`, value: g.value, industry: g.industry, growth: g.growth })));
        const counters = cs.map((c, i) =>
          counter(`c${i}`, { fits: { industries: c.fits }, cost: { perGroup: c.perGroup, revenueShare: c.revenueShare, oneOff: c.oneOff }, lossReduction: R(c.red), diversionReduction: R(c.red / 2), leadMonths: c.lead }),
        );
        const d = def({ budget, counters: counters.map((c) => ({ measureId: c.id, segment: null })) });
        const p = prepareScenario(groups, lib([move('m', R(loss * 0.5, loss * 0.8, loss), R(0.1, 0.2, 0.3))], counters), d);
        const funded = autoAllocate(p, budget);
        const report = allocationReport(p, funded, []);
        expect(report.totalCost).toBeLessThanOrEqual(budget + 1e-6);
        for (let i = 0; i < p.model.n; i++) {
          const g = p.exposed[i]!;
          for (let c = 0; c < counters.length; c++) {
            if (((funded[i] ?? 0) & (1 << c)) === 0) continue;
            expect(counters[c]!.fits.industries).toContain(groups.industry[g]);
          }
        }
        // nothing funded loses money in expectation on its own group
        for (const row of report.funded) expect(row.expectedGain).toBeGreaterThan(row.cost - 1e-6);
      }),
      { numRuns: 150 },
    );
  });

  it('prefers the measure with the most expected gain per yuan', () => {
    const groups = makeGroups([{ code: 'G1', value: 10_000 }]);
    const cheap = counter('cheap', { cost: { perGroup: 500, revenueShare: 0, oneOff: 0 }, lossReduction: R(0.4), leadMonths: 0 });
    const dear = counter('dear', { cost: { perGroup: 5000, revenueShare: 0, oneOff: 0 }, lossReduction: R(0.5), leadMonths: 0 });
    const d = def({ budget: 5000, counters: [{ measureId: 'dear', segment: null }, { measureId: 'cheap', segment: null }] });
    const p = prepareScenario(groups, lib([move('m', R(0.5), R(0))], [cheap, dear]), d);
    const funded = autoAllocate(p, 5000);
    expect(allocationReport(p, funded, []).funded[0]?.measureIds).toEqual(['cheap']); // dear no longer fits after cheap
  });

  it('manual mode keeps the choices, drops misfits with a reason, and reports over budget', () => {
    const groups = makeGroups([
      { code: 'G1', value: 1000, industry: '政府' },
      { code: 'G2', value: 1000, industry: '制造' },
    ]);
    const c = counter('c', { fits: { industries: ['政府'] }, cost: { perGroup: 5000, revenueShare: 0, oneOff: 0 } });
    const d = def({ allocation: 'manual', budget: 1000, manual: [{ groupCode: 'G1', measureIds: ['c'] }, { groupCode: 'G2', measureIds: ['c'] }] });
    const plan = planScenario(groups, lib([move('m', R(0.3), R(0.1))], [c]), d, 0.3);
    expect(plan.allocation.funded.map((f) => f.groupCode)).toEqual(['G1']); // kept although it does not pay
    expect(plan.allocation.skipped).toEqual([expect.objectContaining({ groupCode: 'G2', measureId: 'c' })]);
    expect(plan.guardrails.map((g) => g.kind)).toContain('over-budget');
    expect(plan.allocation.method.en).toMatch(/Manual/);
  });
});

describe('guardrails', () => {
  it('fire on green-zone spend, discount over margin, payback over contract and over 24 months', () => {
    const green = 3; // ZONE_IDS index of 'green'
    const groups = makeGroups([
      { code: 'GREEN', value: 50_000, zone: green },
      { code: 'SHORT', value: 50_000, zone: 0, contractMonthsLeft: 0.5 },
      { code: 'SLOW', value: 100, zone: 0 },
    ]);
    const deep = counter('deep', { discountShare: 0.4, cost: { perGroup: 3000, revenueShare: 0, oneOff: 0 }, leadMonths: 0 });
    const d = def({
      allocation: 'manual',
      counters: [{ measureId: 'deep', segment: null }],
      manual: ['GREEN', 'SHORT', 'SLOW'].map((g) => ({ groupCode: g, measureIds: ['deep'] })),
      budget: 100_000,
    });
    const plan = planScenario(groups, lib([move('m', R(0.3), R(0.1))], [deep]), d, 0.3);
    const by = new Map(plan.guardrails.map((g) => [g.kind, g]));
    expect(by.get('green-spend')?.groupCodes).toEqual(['GREEN']);
    expect(by.get('discount-over-margin')?.groupCodes.sort()).toEqual(['GREEN', 'SHORT', 'SLOW']);
    expect(by.get('payback-over-contract')?.groupCodes).toEqual(['SHORT']);
    expect(by.get('payback-over-24m')?.groupCodes).toEqual(['SLOW']);
    expect(by.has('over-budget')).toBe(false);
    // a margin setting above the discount silences that one
    expect(guardrails(plan.prepared, plan.allocation, 0.5).map((g) => g.kind)).not.toContain('discount-over-margin');
    for (const g of plan.guardrails) expect(g.message.zh.length * g.message.en.length).toBeGreaterThan(0);
  });
});

describe('library', () => {
  it('ships the nine moves of DOMAIN §6, the counters and the tactics (借力, 陷阱 as threats)', () => {
    expect(SHIPPED_MOVES.map((m) => m.id)).toEqual([
      'leader-handsets',
      'welfare-handsets',
      'opaque-prepaid',
      'wiring-for-switch',
      'resource-swap-cash',
      'bundle-discounts',
      'all-staff-marketing',
      'handset-alliance',
      'sme-tariff-war',
    ]);
    expect(SHIPPED_MOVES.find((m) => m.id === 'sme-tariff-war')?.lossProbability.high).toBe(0.59); // seed 003
    expect(SHIPPED_COUNTERS.length).toBeGreaterThanOrEqual(11);
    const ids = new Set(SHIPPED_MOVES.map((m) => m.id));
    for (const c of SHIPPED_COUNTERS) for (const a of c.answers) expect(ids.has(a)).toBe(true);
    expect(TACTICS.filter((t) => t.kind === 'threat').map((t) => t.name.zh)).toEqual(['借力（识别对手）', '陷阱（识别对手）']);
    for (const t of TACTICS) expect(t.kind === 'threat' ? t.reason !== null : t.reason === null).toBe(true);
  });

  it('merges edits over shipped by id, appends new items, resets per item and all', () => {
    const shipped = SHIPPED_MOVES[0]!;
    const edited = { ...shipped, lossProbability: R(0.1, 0.2, 0.3), disabled: true };
    const fresh = move('my-move', R(0.1), R(0.1));
    let edits = withLibraryEdit(EMPTY_EDITS, { kind: 'move', item: edited });
    edits = withLibraryEdit(edits, { kind: 'move', item: fresh });
    const merged = mergeLibrary(edits);
    expect(merged.moves).toHaveLength(10);
    expect(merged.moves[0]).toEqual({ ...edited, shipped: true });
    expect(merged.moves[9]).toEqual({ ...fresh, shipped: false });
    const reset = mergeLibrary(resetLibraryEdit(edits, 'move', shipped.id));
    expect(reset.moves[0]).toEqual(shipped);
    expect(reset.moves.map((m) => m.id)).toContain('my-move');
    expect(mergeLibrary(resetLibraryEdit(edits, 'move', 'my-move')).moves.map((m) => m.id)).not.toContain('my-move');
    expect(mergeLibrary(resetLibraryEdit(edits, 'all'))).toEqual(shippedLibrary());
  });

  it('a disabled move exposes nothing and is reported as ignored', () => {
    const groups = makeGroups([{ code: 'G1', value: 1000 }]);
    const p = prepareScenario(groups, lib([{ ...move('m', R(0.3), R(0.1)), disabled: true }], [counter('c')]), def());
    expect(p.model.n).toBe(0);
    expect(p.ignored).toEqual([{ kind: 'move', id: 'm' }]);
    const e = closedForm(withFunding(p, new Int32Array(0)), meanEffects(p.model));
    expect(e.revenuePlan).toBe(0);
  });
});
