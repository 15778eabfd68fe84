/** The quadrant page's pure logic: filters (persisted per workspace), brush geometry, selections and period options. */
import { QUADRANT_FILTER_FIELDS, type QuadrantView } from '../../../../shared/api/quadrantContract';
import { formatCompact } from '../../../../shared/review/format';
import { isPeriod, periodFromIndex, periodIndex, quarterOf } from '../../../../shared/util/period';

export const FACETS = QUADRANT_FILTER_FIELDS;
export type Facet = (typeof FACETS)[number];
/** selected facet values (strings, so they survive a change of the facet lists) */
export type Filters = Record<Facet, string[]>;

export const NO_FILTERS: Filters = { region: [], groupClass: [], industry: [], accountManager: [] };

/** `workspaceKey` is `${id}:${modifiedAt}`; the filters belong to the workspace, not to one save of it. */
export function filtersStorageKey(workspaceKey: string): string {
  const i = workspaceKey.indexOf(':');
  return `holdfast.quadrant.filters.${i < 0 ? workspaceKey : workspaceKey.slice(0, i)}`;
}

export function loadFilters(storage: Pick<Storage, 'getItem'>, workspaceKey: string): Filters {
  try {
    const raw = storage.getItem(filtersStorageKey(workspaceKey));
    if (!raw) return NO_FILTERS;
    const parsed = JSON.parse(raw) as Partial<Record<Facet, unknown>>;
    const out = { ...NO_FILTERS };
    for (const f of FACETS) {
      const v = parsed[f];
      out[f] = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    }
    return out;
  } catch {
    return NO_FILTERS;
  }
}

export function saveFilters(storage: Pick<Storage, 'setItem'>, workspaceKey: string, filters: Filters): void {
  try {
    storage.setItem(filtersStorageKey(workspaceKey), JSON.stringify(filters));
  } catch {
    // storage full or disabled: the filters just do not persist
  }
}

export function hasFilters(f: Filters): boolean {
  return FACETS.some((k) => f[k].length > 0);
}

/** Row indexes of the points that pass the filters (every row when none is set). */
export function filterRows(view: QuadrantView, filters: Filters): Int32Array {
  const n = view.points.codes.length;
  const allowed = FACETS.map((f) => {
    if (filters[f].length === 0) return null;
    const want = new Set(filters[f]);
    const list = view.facets[f];
    const ok = new Uint8Array(list.length);
    list.forEach((v, i) => {
      if (want.has(v)) ok[i] = 1;
    });
    return { col: view.points[f], ok };
  });
  const out = new Int32Array(n);
  let k = 0;
  outer: for (let i = 0; i < n; i++) {
    for (const a of allowed) {
      if (a === null) continue;
      const idx = a.col[i] as number;
      if (idx < 0 || a.ok[idx] !== 1) continue outer;
    }
    out[k++] = i;
  }
  return out.subarray(0, k);
}

/** Counts and value shares per cell over the given rows. */
export function cellTotals(view: QuadrantView, rows: Int32Array): { count: number; value: number; share: number | null }[] {
  const counts = [0, 0, 0, 0];
  const sums = [0, 0, 0, 0];
  let total = 0;
  for (const i of rows) {
    const c = view.points.cell[i] as number;
    const v = view.points.value[i] as number;
    counts[c] = (counts[c] ?? 0) + 1;
    sums[c] = (sums[c] ?? 0) + v;
    total += v;
  }
  return counts.map((count, c) => ({ count, value: sums[c] ?? 0, share: total > 0 ? (sums[c] ?? 0) / total : null }));
}

/** A brush area in data coordinates, as ECharts reports it. */
export type BrushArea = { brushType: 'rect'; coordRange: [[number, number], [number, number]] } | { brushType: 'polygon' | 'lineX' | 'lineY'; coordRange: unknown };

function pointInPolygon(x: number, y: number, poly: [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i] as [number, number];
    const [xj, yj] = poly[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Rows (from `rows`) inside any of the brush areas; `logX` compares x on the log scale the user sees. */
export function rowsInAreas(view: QuadrantView, rows: Int32Array, areas: BrushArea[], logX: boolean): number[] {
  const tx = (v: number) => (logX ? Math.log10(Math.max(v, 1e-12)) : v);
  const tests = areas.flatMap((a): ((x: number, y: number) => boolean)[] => {
    if (a.brushType === 'rect') {
      const [[x0, x1], [y0, y1]] = a.coordRange as [[number, number], [number, number]];
      const lo = Math.min(x0, x1);
      const hi = Math.max(x0, x1);
      const ylo = Math.min(y0, y1);
      const yhi = Math.max(y0, y1);
      return [(x, y) => x >= lo && x <= hi && y >= ylo && y <= yhi];
    }
    if (a.brushType === 'polygon' && Array.isArray(a.coordRange)) {
      const poly = (a.coordRange as [number, number][]).map(([x, y]) => [tx(x), y] as [number, number]);
      return [(x, y) => pointInPolygon(tx(x), y, poly)];
    }
    return [];
  });
  if (tests.length === 0) return [];
  const out: number[] = [];
  for (const i of rows) {
    const x = view.points.x[i] as number;
    const y = view.points.y[i] as number;
    if (tests.some((f) => f(x, y))) out.push(i);
  }
  return out;
}

/** Period choices for the migration: complete quarters (newest first), then months. */
export function periodOptions(periods: readonly string[]): { quarters: string[]; months: string[] } {
  const have = new Set(periods);
  const quarters: string[] = [];
  for (const p of periods) {
    if (!isPeriod(p)) continue;
    const m = periodIndex(p);
    if (m % 12 % 3 === 2 && have.has(periodFromIndex(m - 2))) quarters.push(quarterOf(m));
  }
  return { quarters: quarters.reverse(), months: [...periods].reverse() };
}

/** Default migration: the last complete quarter against the one before (else the last month against three months earlier). */
export function defaultMigration(periods: readonly string[]): { from: string; to: string } | null {
  const { quarters, months } = periodOptions(periods);
  if (quarters.length >= 2) return { from: quarters[1] as string, to: quarters[0] as string };
  if (months.length >= 2) return { from: months[Math.min(3, months.length - 1)] as string, to: months[0] as string };
  return null;
}

/** Bubble sizes of the large-mode scatter (ECharts large mode draws one size per series). */
export const SIZE_CLASS_PX = [4, 7, 11] as const;

/**
 * Members split into three size classes so bubble size still means members in
 * large mode: up to the median, up to the 90th percentile, above it (of the
 * rows shown; a missing member count is the smallest class). Returns the class
 * per row (index = row) and the two thresholds.
 */
export function memberSizeClasses(members: readonly (number | null)[], rows: Int32Array): { cls: Uint8Array; thresholds: [number, number] } {
  const known: number[] = [];
  for (const i of rows) {
    const m = members[i];
    if (m !== null && m !== undefined) known.push(m);
  }
  known.sort((a, b) => a - b);
  const q = (p: number) => (known.length === 0 ? 0 : (known[Math.min(known.length - 1, Math.floor(p * (known.length - 1)))] as number));
  const thresholds: [number, number] = [q(0.5), q(0.9)];
  const cls = new Uint8Array(members.length);
  for (const i of rows) {
    const m = members[i] ?? 0;
    cls[i] = m > thresholds[1] ? 2 : m > thresholds[0] ? 1 : 0;
  }
  return { cls, thresholds };
}

/** Compact axis numbers: 12.3万 / 123k. */
export function compactNumber(v: number, en: boolean): string {
  return formatCompact(v, en ? 'en' : 'zh-CN');
}
