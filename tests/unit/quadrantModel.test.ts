import { describe, expect, it } from 'vitest';
import type { QuadrantView } from '../../shared/api/quadrantContract';
import { defaultMigration, filterRows, memberSizeClasses, filtersStorageKey, loadFilters, NO_FILTERS, periodOptions, rowsInAreas, saveFilters } from '../../renderer/src/pages/quadrant/quadrantModel';

const view = {
  facets: { region: ['东', '西'], groupClass: ['A1'], industry: [], accountManager: [] },
  points: { codes: ['a', 'b', 'c'], x: [10, 100, 1000], y: [5, 50, 95], region: [0, 1, -1], groupClass: [0, 0, 0], industry: [-1, -1, -1], accountManager: [-1, -1, -1], cell: [3, 1, 0], value: [10, 100, 1000] },
} as unknown as QuadrantView;

describe('quadrant page model', () => {
  it('keys filters by the workspace id, not its save time', () => {
    expect(filtersStorageKey('demo:2026-01-01T00:00:00.000Z')).toBe('holdfast.quadrant.filters.demo');
  });
  it('persists filters and survives junk', () => {
    const store = new Map<string, string>();
    const s = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    saveFilters(s, 'w:1', { ...NO_FILTERS, region: ['东'] });
    expect(loadFilters(s, 'w:2').region).toEqual(['东']);
    store.set(filtersStorageKey('w:1'), '{bad');
    expect(loadFilters(s, 'w:1')).toEqual(NO_FILTERS);
  });
  it('filters rows by facet values; unknown values never pass a set filter', () => {
    expect([...filterRows(view, NO_FILTERS)]).toEqual([0, 1, 2]);
    expect([...filterRows(view, { ...NO_FILTERS, region: ['西'] })]).toEqual([1]);
  });
  it('selects rows inside a rectangle and a lasso (on the log scale)', () => {
    const rows = new Int32Array([0, 1, 2]);
    expect(rowsInAreas(view, rows, [{ brushType: 'rect', coordRange: [[50, 2000], [40, 100]] }], true)).toEqual([1, 2]);
    const tri = [[5, 0], [5000, 0], [5, 200]];
    expect(rowsInAreas(view, rows, [{ brushType: 'polygon', coordRange: tri }], true)).toEqual([0, 1]);
  });
  it('offers complete quarters and defaults to the last two', () => {
    const periods = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07'];
    expect(periodOptions(periods).quarters).toEqual(['2026Q2', '2026Q1']);
    expect(defaultMigration(periods)).toEqual({ from: '2026Q1', to: '2026Q2' });
  });

  it('splits members into three size classes at the median and the 90th percentile of the rows shown', () => {
    const members = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null];
    const rows = Int32Array.from(members.keys());
    const { cls, thresholds } = memberSizeClasses(members, rows);
    expect(thresholds).toEqual([5, 9]);
    expect([...cls]).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 0]);
    // only the rows shown set the thresholds
    expect(memberSizeClasses(members, Int32Array.from([0, 1, 2])).thresholds).toEqual([2, 2]);
  });
});
