/**
 * A scope: the part of a portfolio one analysis, page, deck or export is about —
 * one or more regions (区县/片区/营业部, the group master's `region`) and/or
 * account managers. Restricting is one pure function applied *before* the
 * analysis, so every consumer (pages, decks, packs, CLI, batch) computes its
 * figures on exactly the data a workspace holding only that scope would hold:
 * the scope's groups, their monthly facts, key persons and member snapshots.
 *
 * Semantics: within a dimension the values are alternatives (region A or B),
 * across dimensions they all hold (region A and manager X). A group without a
 * region (or manager) is in no region (manager) scope; it stays in the whole
 * portfolio. Facts whose group has no master record are in no scope either
 * (they carry no region).
 */
import { columnarPortfolio, filterFactColumns, takeRows, type FactColumns } from './factColumns';
import type { Group, OutsideScope, Portfolio } from './portfolio';
import { factColumnsOf } from './factColumns';
import { periodFromIndex, periodIndex } from '../util/period';

export interface Scope {
  /** 区县/片区/营业部 values; empty or absent = every region */
  regions?: string[] | undefined;
  /** account managers; empty or absent = every manager */
  managers?: string[] | undefined;
}

export const WHOLE_PORTFOLIO: Scope = {};

export type ScopeDimension = 'region' | 'manager';

function clean(values: readonly string[] | undefined): string[] {
  if (!values) return [];
  const set = new Set<string>();
  for (const v of values) {
    const t = v.trim();
    if (t !== '') set.add(t);
  }
  return [...set].sort();
}

/** Trimmed, deduplicated, sorted; empty dimensions dropped. */
export function normaliseScope(scope: Scope | null | undefined): Scope {
  const regions = clean(scope?.regions);
  const managers = clean(scope?.managers);
  return { ...(regions.length ? { regions } : {}), ...(managers.length ? { managers } : {}) };
}

export function isWholePortfolio(scope: Scope | null | undefined): boolean {
  const s = normaliseScope(scope);
  return !s.regions && !s.managers;
}

/** A stable key ('' for the whole portfolio), for caches and for storing edits per scope. */
export function scopeKey(scope: Scope | null | undefined): string {
  const s = normaliseScope(scope);
  const parts: string[] = [];
  if (s.regions) parts.push(`region=${JSON.stringify(s.regions)}`);
  if (s.managers) parts.push(`manager=${JSON.stringify(s.managers)}`);
  return parts.join(';');
}

/** A short title for a scoped deck: "长河片区", "长河片区、东城区 · 张伟". '' for the whole portfolio. */
export function scopeLabel(scope: Scope | null | undefined): string {
  const s = normaliseScope(scope);
  const parts: string[] = [];
  if (s.regions) parts.push(s.regions.join('、'));
  if (s.managers) parts.push(s.managers.join('、'));
  return parts.join(' · ');
}

export function dimensionValue(g: Group, by: ScopeDimension): string | null {
  const v = by === 'region' ? g.region : g.accountManager;
  if (v === null) return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/** A predicate over groups for a (normalised) scope. */
function groupPredicate(scope: Scope): (g: Group) => boolean {
  const regions = scope.regions ? new Set(scope.regions) : null;
  const managers = scope.managers ? new Set(scope.managers) : null;
  return (g) => {
    if (regions) {
      const r = dimensionValue(g, 'region');
      if (r === null || !regions.has(r)) return false;
    }
    if (managers) {
      const m = dimensionValue(g, 'manager');
      if (m === null || !managers.has(m)) return false;
    }
    return true;
  };
}

/** The facts of the given groups, as columns (each code looked up once, not once per fact). */
export function factsOfGroups(c: FactColumns, codes: ReadonlySet<string>): FactColumns {
  const keep = new Uint8Array(c.codes.length);
  for (let k = 0; k < c.codes.length; k++) keep[k] = codes.has(c.codes[k] as string) ? 1 : 0;
  return filterFactColumns(c, (i) => keep[c.code[i] as number] === 1);
}

/** Rows (facts, key persons, snapshots, actions …) of the groups whose codes are in `codes`. */
export function rowsOfGroups<T extends { groupCode: string }>(rows: readonly T[], codes: ReadonlySet<string>): T[] {
  const out: T[] = [];
  for (const r of rows) if (codes.has(r.groupCode)) out.push(r);
  return out;
}

/** The codes of a portfolio's groups (first occurrence of each code). */
export function groupCodes(p: Portfolio): Set<string> {
  const out = new Set<string>();
  for (const g of p.groups) out.add(g.groupCode);
  return out;
}

/**
 * The portfolio restricted to a scope: the groups in it (a code's first master row decides,
 * as the engine's index does), their facts, key persons and member snapshots, in their
 * original order. The whole-portfolio scope returns `p` itself.
 */
export function restrictPortfolio(p: Portfolio, scope: Scope | null | undefined): Portfolio {
  const s = normaliseScope(scope);
  if (!s.regions && !s.managers) return p;
  const inScope = groupPredicate(s);
  const seen = new Set<string>();
  const codes = new Set<string>();
  const groups: Group[] = [];
  for (const g of p.groups) {
    if (seen.has(g.groupCode)) continue;
    seen.add(g.groupCode);
    if (!inScope(g)) continue;
    codes.add(g.groupCode);
    groups.push(g);
  }
  const out: Portfolio = p.factColumns ? columnarPortfolio({ groups, factColumns: factsOfGroups(p.factColumns, codes) }) : { groups, facts: rowsOfGroups(p.facts, codes) };
  if (p.keyPersons) out.keyPersons = rowsOfGroups(p.keyPersons, codes);
  if (p.memberSnapshots) out.memberSnapshots = rowsOfGroups(p.memberSnapshots, codes);
  // survey answers of the scope's groups; branch-wide answers (no group) belong to no region or manager
  if (p.surveyResponses) out.surveyResponses = p.surveyResponses.filter((a) => a.groupCode !== null && codes.has(a.groupCode));
  out.outsideScope = outsideOf(p, out);
  return out;
}

/** What a part leaves out of the whole (restrictPortfolio's and partitionPortfolio's parts alike). */
function outsideOf(whole: Portfolio, part: Portfolio, totals: OutsideScope['periodTotals'] = periodTotalsOf(whole)): OutsideScope {
  return {
    keyPersons: (whole.keyPersons?.length ?? 0) - (part.keyPersons?.length ?? 0),
    memberSnapshots: (whole.memberSnapshots?.length ?? 0) - (part.memberSnapshots?.length ?? 0),
    surveyResponses: (whole.surveyResponses?.length ?? 0) - (part.surveyResponses?.length ?? 0),
    ...(totals ? { periodTotals: totals } : {}),
  };
}

/**
 * Per month of the whole data's range, the groups billed (total revenue above 0) and the revenue,
 * in one pass over the fact columns (one fact per group and month, as the import keeps them).
 */
function periodTotalsOf(p: Portfolio): OutsideScope['periodTotals'] {
  const c = factColumnsOf(p);
  if (c.length === 0 || c.periods.length === 0) return undefined;
  const idx = c.periods.map((x) => periodIndex(x));
  let lo = Infinity;
  let hi = -Infinity;
  for (const i of idx) {
    if (i < lo) lo = i;
    if (i > hi) hi = i;
  }
  const n = hi - lo + 1;
  const billed = new Array<number>(n).fill(0);
  const revenue = new Array<number>(n).fill(0);
  const total = c.values.totalRevenue;
  for (let k = 0; k < c.length; k++) {
    const t = (idx[c.period[k] as number] as number) - lo;
    const x = total[k] as number;
    if (x > 0) billed[t] = (billed[t] as number) + 1;
    if (Number.isFinite(x)) revenue[t] = (revenue[t] as number) + x;
  }
  const periods: string[] = [];
  for (let t = 0; t < n; t++) periods.push(periodFromIndex(lo + t));
  return { periods, billed, revenue };
}

export interface ScopeFacet {
  value: string;
  groups: number;
}

/** The regions and managers of a portfolio with their group counts (sorted by value), for pickers and batches. */
export function scopeFacets(p: Portfolio): { region: ScopeFacet[]; manager: ScopeFacet[]; noRegion: number; noManager: number } {
  const seen = new Set<string>();
  const region = new Map<string, number>();
  const manager = new Map<string, number>();
  let noRegion = 0;
  let noManager = 0;
  for (const g of p.groups) {
    if (seen.has(g.groupCode)) continue;
    seen.add(g.groupCode);
    const r = dimensionValue(g, 'region');
    if (r === null) noRegion++;
    else region.set(r, (region.get(r) ?? 0) + 1);
    const m = dimensionValue(g, 'manager');
    if (m === null) noManager++;
    else manager.set(m, (manager.get(m) ?? 0) + 1);
  }
  const list = (m: Map<string, number>): ScopeFacet[] =>
    [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([value, groups]) => ({ value, groups }));
  return { region: list(region), manager: list(manager), noRegion, noManager };
}

/**
 * Every value of one dimension with its restricted portfolio, in one pass over the facts.
 * Each part equals `restrictPortfolio(p, {regions: [value]})` (or managers); tested.
 */
export function partitionPortfolio(p: Portfolio, by: ScopeDimension): Map<string, Portfolio> {
  const seen = new Set<string>();
  const parts = new Map<string, Portfolio>();
  const partOf = new Map<string, Portfolio>();
  for (const g of p.groups) {
    if (seen.has(g.groupCode)) continue;
    seen.add(g.groupCode);
    const v = dimensionValue(g, by);
    if (v === null) continue;
    let part = parts.get(v);
    if (!part) {
      part = { groups: [], facts: [] };
      if (p.keyPersons) part.keyPersons = [];
      if (p.memberSnapshots) part.memberSnapshots = [];
      if (p.surveyResponses) part.surveyResponses = [];
      parts.set(v, part);
    }
    part.groups.push(g);
    partOf.set(g.groupCode, part);
  }
  if (!p.factColumns) for (const f of p.facts) partOf.get(f.groupCode)?.facts.push(f);
  if (p.keyPersons) for (const k of p.keyPersons) partOf.get(k.groupCode)?.keyPersons?.push(k);
  if (p.memberSnapshots) for (const m of p.memberSnapshots) partOf.get(m.groupCode)?.memberSnapshots?.push(m);
  if (p.surveyResponses) for (const a of p.surveyResponses) if (a.groupCode !== null) partOf.get(a.groupCode)?.surveyResponses?.push(a);
  const totals = periodTotalsOf(p);
  for (const part of parts.values()) part.outsideScope = outsideOf(p, part, totals);
  if (p.factColumns) {
    // columns: bucket the rows per part in one pass over the code indexes (no row objects)
    const c = p.factColumns;
    const list = [...parts.entries()];
    const partIdx = new Map<Portfolio, number>();
    list.forEach(([, x], k) => partIdx.set(x, k));
    const ofCode = new Int32Array(c.codes.length).fill(-1);
    for (let k = 0; k < c.codes.length; k++) {
      const part = partOf.get(c.codes[k] as string);
      if (part) ofCode[k] = partIdx.get(part) as number;
    }
    const counts = new Int32Array(list.length);
    for (let i = 0; i < c.length; i++) {
      const k = ofCode[c.code[i] as number] as number;
      if (k >= 0) counts[k] = (counts[k] as number) + 1;
    }
    const rows = list.map((_, k) => new Int32Array(counts[k] as number));
    const fill = new Int32Array(list.length);
    for (let i = 0; i < c.length; i++) {
      const k = ofCode[c.code[i] as number] as number;
      if (k < 0) continue;
      (rows[k] as Int32Array)[fill[k] as number] = i;
      fill[k] = (fill[k] as number) + 1;
    }
    list.forEach(([v, part], k) => {
      const cols = columnarPortfolio({ groups: part.groups, factColumns: takeRows(c, rows[k] as Int32Array) });
      if (part.keyPersons) cols.keyPersons = part.keyPersons;
      if (part.memberSnapshots) cols.memberSnapshots = part.memberSnapshots;
      if (part.surveyResponses) cols.surveyResponses = part.surveyResponses;
      parts.set(v, cols);
    });
  }
  return new Map([...parts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}
