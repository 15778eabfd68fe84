/**
 * Issue 14 (memory at a full sheet): the normaliser's duplicate check keeps (group, period) → fact
 * in flat typed arrays, and the import review's completeness check counts the months from the
 * columns without merging them; both must give exactly what the Map / index ways gave.
 */
import { describe, expect, it } from 'vitest';
import { buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics/index';
import { periodCompleteness } from '../../shared/analytics/completeness';
import { GrowableInt32 } from '../../shared/import/growableInt32';
import { PairIndex } from '../../shared/import/pairIndex';
import { applyImport, periodTotalsAfterImport } from '../../shared/import/plan';
import { columnarPortfolio, columnsFromFacts, factRows, sortFactColumns, sortFactColumnsInPlace } from '../../shared/model/factColumns';
import type { MonthlyFact } from '../../shared/model/portfolio';

/** a small deterministic generator (tests must not depend on Math.random) */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('PairIndex', () => {
  it('stores and finds pairs exactly as a Map of Maps does, across growth', () => {
    const r = rng(7);
    const idx = new PairIndex(4);
    const ref = new Map<string, number>();
    for (let n = 0; n < 50_000; n++) {
      const a = Math.floor(r() * 3000);
      const b = Math.floor(r() * 40);
      const key = `${a}|${b}`;
      if (r() < 0.3) expect(idx.get(a, b)).toBe(ref.get(key) ?? -1);
      idx.set(a, b, n);
      ref.set(key, n);
    }
    expect(idx.count).toBe(ref.size);
    for (const [key, v] of ref) {
      const [a, b] = key.split('|').map(Number) as [number, number];
      expect(idx.get(a, b)).toBe(v);
    }
    // absent pairs, including swapped ones and ids never seen
    expect(idx.get(3001, 0)).toBe(-1);
    expect(idx.get(0, 41)).toBe(-1);
  });

  it('tells (a, b) from (b, a) and keeps 0 as a value', () => {
    const idx = new PairIndex();
    idx.set(1, 2, 0);
    expect(idx.get(1, 2)).toBe(0);
    expect(idx.get(2, 1)).toBe(-1);
    idx.set(1, 2, 5);
    expect(idx.get(1, 2)).toBe(5);
    expect(idx.count).toBe(1);
  });

  it('refuses negative keys (−1 marks an empty slot)', () => {
    expect(() => new PairIndex().set(-1, 0, 1)).toThrow(RangeError);
  });
});

describe('GrowableInt32', () => {
  it('keeps every value across doubling and answers out of range with the fallback', () => {
    const a = new GrowableInt32(2);
    for (let i = 0; i < 1000; i++) a.push(i * 3);
    expect(a.length).toBe(1000);
    expect(a.at(999)).toBe(2997);
    expect(a.at(1000, -7)).toBe(-7);
    expect(a.at(-1, -7)).toBe(-7);
  });
});

describe('periodTotalsAfterImport', () => {
  const fact = (groupCode: string, period: string, totalRevenue: number): MonthlyFact => ({ groupCode, period, totalRevenue, unifiedPayRevenue: null, personalPayRevenue: null, newBusinessRevenue: null, members: null, offNetMembers: null, minutes: null, arrears: null, complaints: null, faults: null, products: null });

  it('equals the completeness of the merged portfolio, with replaced months, gaps, duplicates and unreadable periods', () => {
    const r = rng(11);
    for (let round = 0; round < 20; round++) {
      const current: MonthlyFact[] = [];
      const staged: MonthlyFact[] = [];
      const months = ['2025-01', '2025-02', '2025-03', '2025-05', '2025-06', '2025-07'];
      for (let g = 0; g < 80; g++) {
        const code = `G${String(g).padStart(3, '0')}`;
        for (const p of months) if (r() < 0.85) current.push(fact(code, p, r() < 0.1 ? 0 : Math.round(r() * 10_000)));
        if (r() < 0.05) current.push(fact(code, '2025-02', 500)); // a duplicate in the workspace: it adds up
        if (r() < 0.9) staged.push(fact(code, '2025-07', Math.round(r() * 10_000))); // replaces July
        if (r() < (round % 2 === 0 ? 0.1 : 0.9)) staged.push(fact(`N${g}`, '2025-08', Math.round(r() * 10_000))); // a new month, partial or full
      }
      current.push(fact('G001', 'not-a-month', 999));
      const cur = columnsFromFacts(current);
      const sc = columnsFromFacts(staged);
      const totals = periodTotalsAfterImport(cur, sc);
      expect(totals).not.toBeNull();
      const ix = buildIndex(applyImport(columnarPortfolio({ groups: [], factColumns: cur }), { factColumns: sc }));
      const want = periodCompleteness(ix, DEFAULT_SETTINGS);
      expect(totals!.periods).toEqual(ix.periods);
      expect(totals!.billed).toEqual(want.map((c) => c.groupsBilled));
      expect(totals!.revenue.map((x) => Math.round(x * 100))).toEqual(want.map((c) => Math.round(c.revenue * 100)));
    }
  });

  it('has no months when neither side has a readable period', () => {
    expect(periodTotalsAfterImport(columnsFromFacts([]), columnsFromFacts([fact('A', '2025-13', 1)]))).toEqual({ periods: [], billed: [], revenue: [] });
  });
});

describe('sorting the facts where they lie', () => {
  const fact = (groupCode: string, period: string, totalRevenue: number): MonthlyFact => ({ groupCode, period, totalRevenue, unifiedPayRevenue: totalRevenue / 2, personalPayRevenue: null, newBusinessRevenue: null, members: Math.round(totalRevenue) % 50, offNetMembers: null, minutes: null, arrears: null, complaints: null, faults: null, products: null });

  it('gives exactly the sorted copy, and changes the columns it was given', () => {
    const r = rng(5);
    const rows: MonthlyFact[] = [];
    for (let i = 0; i < 5000; i++) rows.push(fact(`G${Math.floor(r() * 700)}`, `2025-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}`, Math.round(r() * 1e6) / 100));
    const want = factRows(sortFactColumns(columnsFromFacts(rows)));
    const c = columnsFromFacts(rows);
    const out = sortFactColumnsInPlace(c);
    expect(out).toBe(c);
    expect(factRows(out)).toEqual(want);
    // by period, then code, equal pairs in their original order (a stable reference sort)
    const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    expect(factRows(out)).toEqual(rows.slice().sort((a, b) => cmp(a.period, b.period) || cmp(a.groupCode, b.groupCode)));
    // sorted input is left as it is
    expect(factRows(sortFactColumnsInPlace(out))).toEqual(want);
  });

  it('applyImport with consumeStaged commits the same portfolio as without', () => {
    const r = rng(9);
    const cur: MonthlyFact[] = [];
    const staged: MonthlyFact[] = [];
    for (let g = 0; g < 300; g++) {
      for (const p of ['2025-01', '2025-02', '2025-03']) cur.push(fact(`G${g}`, p, Math.round(r() * 1e5)));
      staged.push(fact(`G${(g * 37) % 300}`, g % 2 ? '2025-03' : '2025-04', Math.round(r() * 1e5)));
    }
    for (const current of [columnarPortfolio({ groups: [], factColumns: columnsFromFacts(cur) }), columnarPortfolio({ groups: [], factColumns: columnsFromFacts([]) })]) {
      const want = factRows(applyImport(current, { factColumns: columnsFromFacts(staged) }).factColumns!);
      const sc = columnsFromFacts(staged);
      const got = factRows(applyImport(current, { factColumns: sc }, '1970-01-01', { consumeStaged: true }).factColumns!);
      expect(got).toEqual(want);
    }
    // without the option the staged columns are never touched
    const sc = columnsFromFacts(staged);
    const before = factRows(sc);
    applyImport(columnarPortfolio({ groups: [], factColumns: columnsFromFacts([]) }), { factColumns: sc });
    expect(factRows(sc)).toEqual(before);
  });
});
