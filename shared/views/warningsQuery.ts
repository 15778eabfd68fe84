/**
 * 流失预警 on the backend: filter, search and sort the cached analysis's
 * warning rows, so the table fetches only the window it shows (at 50,000
 * groups the whole list is ~45 MB of JSON). The sorted result of the last
 * query is kept, so scrolling through it costs one slice per window.
 */
import type { WarningFilter, WarningRow, WarningSort } from '../model/analysisView';
import { isPeriod, periodIndex } from '../util/period';

/** Days from the end of the as-of month to the contract end (negative = already ended). */
export function daysToContractEnd(contractEnd: string | null, asOf: string | null): number | null {
  if (!contractEnd || !asOf) return null;
  if (!isPeriod(asOf)) return null;
  const i = periodIndex(asOf);
  const monthEnd = Date.UTC(Math.floor(i / 12), (i % 12) + 1, 0);
  const end = Date.parse(`${contractEnd.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(end)) return null;
  return Math.round((end - monthEnd) / 86_400_000);
}

export function matchesFilter(w: WarningRow, f: WarningFilter, query = f.search.trim().toLowerCase()): boolean {
  if (f.zones.length > 0 && !f.zones.includes(w.zone)) return false;
  if (f.abOnly && !/^[AB]/i.test(w.groupClass ?? '')) return false;
  if (f.contractSoon && (w.contractDays === null || w.contractDays < 0 || w.contractDays > 90)) return false;
  if (f.noManager && w.accountManager !== null) return false;
  if (f.region !== null && w.region !== f.region) return false;
  if (f.groupClass !== null && w.groupClass !== f.groupClass) return false;
  if (f.industry !== null && w.industry !== f.industry) return false;
  if (f.manager !== null && w.accountManager !== f.manager) return false;
  if (f.stage !== null && w.stage !== f.stage) return false;
  if (query !== '' && !w.groupName.toLowerCase().includes(query) && !w.groupCode.toLowerCase().includes(query)) return false;
  return true;
}

const ZONE_ORDER: Record<string, number> = { red: 0, yellow: 1, blue: 2, white: 3, green: 4 };

/** Missing values sort last in either direction, as in Excel. */
function nullsLast(a: number | null, b: number | null, dir: number): number {
  if (a === null || Number.isNaN(a)) return b === null || Number.isNaN(b) ? 0 : 1;
  if (b === null || Number.isNaN(b)) return -1;
  return (a - b) * dir;
}

export function compareRows(sort: WarningSort): (a: WarningRow, b: WarningRow) => number {
  const dir = sort.order === 'asc' ? 1 : -1;
  const byDefault = (a: WarningRow, b: WarningRow) =>
    (ZONE_ORDER[a.zone] ?? 9) - (ZONE_ORDER[b.zone] ?? 9) || (b.valueAtRisk ?? 0) - (a.valueAtRisk ?? 0) || b.score - a.score || a.groupCode.localeCompare(b.groupCode);
  switch (sort.key) {
    case 'default':
      return sort.order === 'asc' ? byDefault : (a, b) => byDefault(b, a);
    case 'score':
      return (a, b) => (a.score - b.score) * dir || byDefault(a, b);
    case 'valueAtRisk':
      return (a, b) => nullsLast(a.valueAtRisk, b.valueAtRisk, dir) || byDefault(a, b);
    case 'value':
      return (a, b) => nullsLast(a.value, b.value, dir) || byDefault(a, b);
    case 'trend':
      return (a, b) => nullsLast(a.trendShortPct, b.trendShortPct, dir) || byDefault(a, b);
    case 'contractEnd':
      // what a manager acts on first (issue 13): contracts still running, soonest end first (asc) or
      // latest first (desc); then the ones already expired, most recently expired first (flagged 已过期 N 天
      // on the page) in either direction; then groups without a contract
      return (a, b) => {
        if (a.contractEnd === null) return b.contractEnd === null ? byDefault(a, b) : 1;
        if (b.contractEnd === null) return -1;
        const ea = a.contractDays !== null && a.contractDays < 0;
        const eb = b.contractDays !== null && b.contractDays < 0;
        if (ea !== eb) return ea ? 1 : -1;
        if (ea) return b.contractEnd.localeCompare(a.contractEnd) || byDefault(a, b);
        return a.contractEnd.localeCompare(b.contractEnd) * dir || byDefault(a, b);
      };
  }
}

export function distinctValues(rows: readonly WarningRow[], pick: (w: WarningRow) => string | null): string[] {
  const set = new Set<string>();
  for (const w of rows) {
    const v = pick(w);
    if (v !== null && v !== '') set.add(v);
  }
  return [...set].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

/**
 * Filters and sorts `rows`, remembering the last answer per source array:
 * a window request for the same filter and sort is a slice.
 */
export class WarningQueryCache {
  private last: { source: readonly WarningRow[]; key: string; rows: WarningRow[] } | null = null;
  private facetCache: { source: readonly WarningRow[]; facets: { region: string[]; groupClass: string[]; industry: string[]; manager: string[] } } | null = null;

  select(source: readonly WarningRow[], asOf: string | null, filter: WarningFilter, sort: WarningSort): WarningRow[] {
    const key = JSON.stringify([asOf, filter, sort]);
    if (this.last && this.last.source === source && this.last.key === key) return this.last.rows;
    const q = filter.search.trim().toLowerCase();
    const rows = source.filter((w) => matchesFilter(w, filter, q));
    // the analysis already comes in the default order
    if (!(sort.key === 'default' && sort.order === 'desc')) rows.sort(compareRows(sort));
    this.last = { source, key, rows };
    return rows;
  }

  /** With a search: how many groups it matches in each unticked zone (every other filter held). */
  searchElsewhere(source: readonly WarningRow[], filter: WarningFilter): { zone: WarningRow['zone']; count: number }[] {
    const q = filter.search.trim().toLowerCase();
    if (q === '' || filter.zones.length === 0) return [];
    const anyZone: WarningFilter = { ...filter, zones: [] };
    const counts = new Map<WarningRow['zone'], number>();
    for (const w of source) {
      if (filter.zones.includes(w.zone) || !matchesFilter(w, anyZone, q)) continue;
      counts.set(w.zone, (counts.get(w.zone) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => (ZONE_ORDER[a[0]] ?? 9) - (ZONE_ORDER[b[0]] ?? 9)).map(([zone, count]) => ({ zone, count }));
  }

  facets(source: readonly WarningRow[]) {
    if (this.facetCache?.source !== source) {
      this.facetCache = {
        source,
        facets: {
          region: distinctValues(source, (w) => w.region),
          groupClass: distinctValues(source, (w) => w.groupClass),
          industry: distinctValues(source, (w) => w.industry),
          manager: distinctValues(source, (w) => w.accountManager),
        },
      };
    }
    return this.facetCache.facets;
  }
}
