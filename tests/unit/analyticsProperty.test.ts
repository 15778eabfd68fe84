/**
 * Properties of the analytics engine on random portfolios (fast-check):
 * quadrant membership agrees with the split values, the score never falls
 * when an input gets worse, the top-20% share lies in [0.2, 1], and results
 * do not depend on the order of the rows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyzePortfolio,
  backtest,
  DEFAULT_SETTINGS,
  migrationMatrix,
  POSITIONS,
  QUADRANT_IDS,
  SPLIT_RULES,
  ZONES,
  type AnalyticsSettings,
  type GroupTable,
  type QuadrantId,
} from '../../shared/analytics/index';
import type { Group, MonthlyFact, Portfolio } from '../../shared/model/portfolio';
import { addMonths, periodRange } from '../../shared/util/period';
import { createRng } from '../../shared/util/random';
import { argsortNonNegative, medianInPlace, quantileInPlace, selectKth } from '../../shared/analytics/stats';

const END = '2025-12';

/** A random but plausible portfolio, fully determined by its parameters. */
function makePortfolio(nGroups: number, nMonths: number, seed: number): Portfolio {
  const rng = createRng(seed);
  const periods = periodRange(addMonths(END, -(nMonths - 1)), END);
  const groups: Group[] = [];
  const facts: MonthlyFact[] = [];
  for (let g = 0; g < nGroups; g++) {
    const code = `G${String(g).padStart(3, '0')}`;
    groups.push({
      groupCode: code,
      groupName: code,
      groupClass: rng.pick(['A1', 'B1', 'C', 'D']),
      importance: rng.chance(0.2) ? '市重点' : null,
      industry: rng.pick(['制造', '教育', '零售']),
      region: rng.pick(['东', '西']),
      accountManager: rng.chance(0.8) ? rng.pick(['王', '李']) : null,
      employees: rng.int(20, 400),
      contractEnd: rng.chance(0.15) ? null : `202${rng.int(5, 7)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
      competitorPresence: null,
      lineGrade: null,
    });
    const start = rng.chance(0.2) ? rng.int(0, nMonths - 2) : 0;
    const base = rng.int(50, 2000);
    let members = rng.int(5, 120);
    const decline = rng.chance(0.3);
    for (let t = start; t < nMonths; t++) {
      const level = decline && t > nMonths - 5 ? 0.7 : 1;
      const total = rng.chance(0.05) ? 0 : Math.round(base * level * (0.8 + 0.4 * rng.next()) * 100) / 100;
      if (rng.chance(0.2)) members = Math.max(1, members - rng.int(0, 6));
      facts.push({
        groupCode: code,
        period: periods[t] as string,
        unifiedPayRevenue: Math.round(total * 60) / 100,
        personalPayRevenue: Math.round(total * 40) / 100,
        totalRevenue: total,
        newBusinessRevenue: Math.round(total * 10) / 100,
        members,
        offNetMembers: rng.int(0, Math.floor(members / 3)),
        minutes: rng.int(0, 5000),
        arrears: rng.chance(0.1) ? rng.int(1, 100) : 0,
        complaints: rng.chance(0.15) ? rng.int(1, 2) : 0,
        faults: rng.chance(0.1) ? 1 : 0,
        products: rng.int(1, 8),
      });
    }
  }
  return { groups, facts };
}

const portfolioArb = fc
  .record({ nGroups: fc.integer({ min: 3, max: 9 }), nMonths: fc.integer({ min: 7, max: 15 }), seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }) })
  .map(({ nGroups, nMonths, seed }) => makePortfolio(nGroups, nMonths, seed));

const splitArb = fc.record({
  rule: fc.constantFrom(...SPLIT_RULES),
  share: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
  value: fc.double({ min: 0, max: 2000, noNaN: true }),
});

function yAxis(table: GroupTable, q: QuadrantId): Float64Array {
  return q === 'valueRisk' ? table.score : q === 'revenueNewBiz' ? table.newBusiness : q === 'valueBinding' ? table.bindingDepth : table.potential;
}

describe('analytics properties', () => {
  it('places every group on the side of each split its axis values say', () => {
    fc.assert(
      fc.property(portfolioArb, fc.constantFrom(...QUADRANT_IDS), splitArb, splitArb, (p, q, x, y) => {
        const s: AnalyticsSettings = structuredClone(DEFAULT_SETTINGS);
        s.quadrants[q] = { x, y };
        const r = analyzePortfolio(p, s);
        const t = r.table;
        const summary = r.quadrants[q];
        const xs = summary.x.value;
        const ys = summary.y.value;
        const ya = yAxis(t, q);
        const high = (v: number, split: number | null, rule: string): boolean => (split === null ? false : rule === 'median' ? v > split : v >= split);
        let placed = 0;
        for (let g = 0; g < t.size; g++) {
          const pos = t.quadrant[q][g] as number;
          // white groups (lost or too little data) are never placed
          const inPopulation = (t.value[g] as number) > 0 && Number.isFinite(ya[g] as number) && ZONES[t.zone[g] as number] !== 'white';
          expect(pos >= 0).toBe(inPopulation);
          if (pos < 0) continue;
          placed++;
          const hx = high(t.value[g] as number, xs, x.rule);
          const hy = high(ya[g] as number, ys, y.rule);
          expect(POSITIONS[pos]).toBe(hx ? (hy ? 'hh' : 'hl') : hy ? 'lh' : 'll');
        }
        expect(summary.cells.reduce((a, c) => a + c.count, 0)).toBe(placed);
        if (x.rule === 'fixed') expect(xs).toBe(x.value);
      }),
      { numRuns: 60 },
    );
  });

  it('never lowers the score when one input gets worse', () => {
    const worsen = fc.constantFrom('revenue', 'minutes', 'members', 'offNet', 'complaints', 'arrears', 'contract', 'manager');
    fc.assert(
      fc.property(portfolioArb, fc.nat(), worsen, fc.double({ min: 0, max: 1, noNaN: true }), (p, pick, what, amount) => {
        const code = p.groups[pick % p.groups.length]?.groupCode as string;
        const before = analyzePortfolio(p);
        const g = before.table.codes.indexOf(code);
        if ((before.table.history[g] as number) === 0) return;
        const facts = p.facts.map((f) => ({ ...f }));
        const last = facts.filter((f) => f.groupCode === code && f.period === END);
        const prev = facts.filter((f) => f.groupCode === code && f.period === addMonths(END, -1));
        const groups = p.groups.map((x) => ({ ...x }));
        const gr = groups.find((x) => x.groupCode === code) as Group;
        for (const f of last) {
          if (what === 'revenue') {
            f.totalRevenue *= amount;
            f.unifiedPayRevenue = (f.unifiedPayRevenue ?? 0) * amount;
          }
          if (what === 'minutes') f.minutes = (f.minutes ?? 0) * amount;
          if (what === 'members') f.members = Math.max(1, Math.round((f.members ?? 1) * amount));
          if (what === 'offNet') f.offNetMembers = Math.min(f.members ?? 0, (f.offNetMembers ?? 0) + Math.round(amount * 10));
          if (what === 'complaints') f.complaints = (f.complaints ?? 0) + Math.round(amount * 3);
          if (what === 'arrears') f.arrears = 10;
        }
        if (what === 'arrears') for (const f of prev) f.arrears = 10;
        if (what === 'contract' && gr.contractEnd !== null) gr.contractEnd = '2025-11-30';
        if (what === 'manager') gr.accountManager = null;
        const after = analyzePortfolio({ groups, facts });
        expect(after.table.score[g]).toBeGreaterThanOrEqual(before.table.score[g] as number);
      }),
      { numRuns: 120 },
    );
  });

  it('keeps the top-20% share within [0.2, 1]', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }), (values) => {
        const p: Portfolio = {
          groups: values.map((_, i) => ({ groupCode: `G${i}`, groupName: `G${i}`, groupClass: null, importance: null, industry: null, region: null, accountManager: null, employees: null, contractEnd: null, competitorPresence: null, lineGrade: null })),
          facts: values.map((v, i) => ({ groupCode: `G${i}`, period: END, totalRevenue: v, unifiedPayRevenue: null, personalPayRevenue: null, newBusinessRevenue: null, members: null, offNetMembers: null, minutes: null, arrears: null, complaints: null, faults: null, products: null })),
        };
        const share = analyzePortfolio(p).concentration.topShare;
        if (values.some((v) => v > 0)) {
          expect(share).not.toBeNull();
          expect(share as number).toBeGreaterThanOrEqual(0.2 - 1e-12);
          expect(share as number).toBeLessThanOrEqual(1 + 1e-12);
        } else expect(share).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same results whatever the order of the rows', () => {
    fc.assert(
      fc.property(portfolioArb, fc.integer({ min: 1, max: 1000 }), (p, seed) => {
        const rng = createRng(seed);
        const shuffle = <T,>(xs: T[]): T[] => {
          const out = [...xs];
          for (let i = out.length - 1; i > 0; i--) {
            const j = rng.int(0, i);
            [out[i], out[j]] = [out[j] as T, out[i] as T];
          }
          return out;
        };
        const q: Portfolio = { groups: shuffle(p.groups), facts: shuffle(p.facts) };
        const a = analyzePortfolio(p);
        const b = analyzePortfolio(q);
        expect(b.table).toEqual(a.table);
        expect(b.kpis).toEqual(a.kpis);
        expect(b.warnings).toEqual(a.warnings);
        expect(b.quadrants).toEqual(a.quadrants);
        expect(b.aggregations).toEqual(a.aggregations);
        expect(backtest(q, DEFAULT_SETTINGS)).toEqual(backtest(p, DEFAULT_SETTINGS));
      }),
      { numRuns: 40 },
    );
  });

  it('accounts for every placed group in a migration', () => {
    fc.assert(
      fc.property(portfolioArb, fc.constantFrom(...QUADRANT_IDS), (p, q) => {
        const m = migrationMatrix(p, DEFAULT_SETTINGS, { quadrant: q, from: addMonths(END, -3), to: END });
        const inner = m.counts.flat().reduce((a, b) => a + b, 0);
        expect(inner + m.leftQuadrant.counts.reduce((a, b) => a + b, 0)).toBe(m.fromSnapshot.placed);
        expect(inner + m.enteredQuadrant.counts.reduce((a, b) => a + b, 0)).toBe(m.toSnapshot.placed);
        expect(m.stayed + m.moved).toBe(inner);
        m.counts.forEach((rowCounts, i) => rowCounts.forEach((c, j) => expect(m.groups[i]?.[j]).toHaveLength(c)));
      }),
      { numRuns: 40 },
    );
  });

  it('selects order statistics and sorts like a full sort', () => {
    const values = fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.double({ min: 0, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 80 });
    fc.assert(
      fc.property(values, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (xs, k, q) => {
        const sorted = [...xs].sort((a, b) => a - b);
        const n = xs.length;
        expect(selectKth(Float64Array.from(xs), k % n)).toBe(sorted[k % n]);
        const mid = n >> 1;
        expect(medianInPlace(Float64Array.from(xs))).toBe(n % 2 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
        const h = (n - 1) * q;
        const lo = Math.floor(h);
        const expected = (sorted[lo] as number) + (h - lo) * ((sorted[Math.min(n - 1, lo + 1)] as number) - (sorted[lo] as number));
        expect(quantileInPlace(Float64Array.from(xs), q)).toBeCloseTo(expected, 6);
        const mask = Uint8Array.from(xs, (_, i) => (i % 3 === 0 ? 0 : 1));
        const order = Array.from(argsortNonNegative(Float64Array.from(xs), mask));
        const ref = xs.map((_, i) => i).filter((i) => mask[i] === 1).sort((a, b) => (xs[a] as number) - (xs[b] as number) || a - b);
        expect(order).toEqual(ref);
      }),
      { numRuns: 300 },
    );
  });
});
