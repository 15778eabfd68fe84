/**
 * Monthly billing facts as columns: the bulk path (import → storage → open → engine) carries
 * a million facts as a dictionary of group codes with an Int32Array of indexes, a dictionary of
 * periods with an Int32Array of indexes, and one Float64Array per measure (NaN = null), not as
 * a million MonthlyFact objects. A plain object of arrays and typed arrays: structured clone
 * (worker threads) copies it cheaply.
 *
 * A Portfolio built with columnarPortfolio() holds the columns (non-enumerable `factColumns`)
 * and offers `facts` as rows built on first use only, so code that still reads rows keeps
 * working, and generic copies (spread, structured clone, JSON) stay correct. Hot paths read
 * factColumnsOf(p) instead.
 */
import type { KeyPerson, MemberSnapshot, MonthlyFact, Portfolio } from './portfolio';

/** The measures of a monthly fact, in the engine's order. */
export const FACT_MEASURES = [
  'totalRevenue',
  'unifiedPayRevenue',
  'personalPayRevenue',
  'newBusinessRevenue',
  'members',
  'offNetMembers',
  'minutes',
  'arrears',
  'complaints',
  'faults',
  'products',
] as const;
export type FactMeasure = (typeof FACT_MEASURES)[number];

export interface FactColumns {
  readonly length: number;
  /** distinct group codes; code[i] indexes it */
  readonly codes: readonly string[];
  readonly code: Int32Array;
  /** distinct periods (YYYY-MM); period[i] indexes it */
  readonly periods: readonly string[];
  readonly period: Int32Array;
  /** one value per fact; NaN = null (totalRevenue is never null) */
  readonly values: Readonly<Record<FactMeasure, Float64Array>>;
}

const nullable = (v: number): number | null => (v === v ? v : null);

/** Appends facts one at a time into growing typed arrays (no object per fact). */
export class FactColumnsBuilder {
  private n = 0;
  private cap: number;
  private code: Int32Array;
  private period: Int32Array;
  private values: Record<FactMeasure, Float64Array>;
  private readonly codes: string[] = [];
  private readonly codeIds = new Map<string, number>();
  private lastCode: string | null = null;
  private lastCodeId = -1;
  private readonly periods: string[] = [];
  private readonly periodIds = new Map<string, number>();
  private lastPeriod: string | null = null;
  private lastPeriodId = -1;

  /**
   * `capacity`: the expected number of facts (the arrays grow beyond it when needed).
   * `hint`: asked again at each growth (a streamed sheet's row estimate improves as it is read):
   * one growth to the estimate instead of a dozen 1.5× steps, each a copy of every column.
   */
  constructor(
    capacity = 1024,
    private readonly hint?: () => number,
  ) {
    this.cap = Math.max(16, capacity);
    this.code = new Int32Array(this.cap);
    this.period = new Int32Array(this.cap);
    this.values = {} as Record<FactMeasure, Float64Array>;
    for (const m of FACT_MEASURES) this.values[m] = new Float64Array(this.cap);
  }

  get length(): number {
    return this.n;
  }

  codeId(code: string): number {
    if (code === this.lastCode) return this.lastCodeId;
    let id = this.codeIds.get(code);
    if (id === undefined) {
      id = this.codes.length;
      this.codes.push(code);
      this.codeIds.set(code, id);
    }
    this.lastCode = code;
    this.lastCodeId = id;
    return id;
  }

  periodId(period: string): number {
    if (period === this.lastPeriod) return this.lastPeriodId;
    let id = this.periodIds.get(period);
    if (id === undefined) {
      id = this.periods.length;
      this.periods.push(period);
      this.periodIds.set(period, id);
    }
    this.lastPeriod = period;
    this.lastPeriodId = id;
    return id;
  }

  /** the number of facts the columns hold before they next grow */
  get capacity(): number {
    return this.cap;
  }

  private grow(): void {
    // 1.5×, not 2×: the capacity usually starts from an estimate of the rows, and a small shortfall
    // must not leave half the columns empty; a hint (with 2% to spare) jumps straight to the estimate
    const wanted = this.hint ? Math.ceil(this.hint() * 1.02) : 0;
    const cap = Math.max(Math.ceil(this.cap * 1.5), wanted);
    const g = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.code = g(this.code, (k) => new Int32Array(k));
    this.period = g(this.period, (k) => new Int32Array(k));
    for (const m of FACT_MEASURES) this.values[m] = g(this.values[m], (k) => new Float64Array(k));
    this.cap = cap;
  }

  /** Starts a fact; set its measures with set(); returns its row number. Measures start as null (NaN). */
  begin(codeId: number, periodId: number): number {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.code[i] = codeId;
    this.period[i] = periodId;
    const v = this.values;
    v.totalRevenue[i] = 0;
    v.unifiedPayRevenue[i] = NaN;
    v.personalPayRevenue[i] = NaN;
    v.newBusinessRevenue[i] = NaN;
    v.members[i] = NaN;
    v.offNetMembers[i] = NaN;
    v.minutes[i] = NaN;
    v.arrears[i] = NaN;
    v.complaints[i] = NaN;
    v.faults[i] = NaN;
    v.products[i] = NaN;
    return i;
  }

  /** Appends a fact with all its measures (null = missing); returns its row number. The normaliser's hot path. */
  push(
    codeId: number,
    periodId: number,
    totalRevenue: number,
    unifiedPayRevenue: number | null,
    personalPayRevenue: number | null,
    newBusinessRevenue: number | null,
    members: number | null,
    offNetMembers: number | null,
    minutes: number | null,
    arrears: number | null,
    complaints: number | null,
    faults: number | null,
    products: number | null,
  ): number {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.code[i] = codeId;
    this.period[i] = periodId;
    const v = this.values;
    v.totalRevenue[i] = totalRevenue;
    v.unifiedPayRevenue[i] = unifiedPayRevenue === null ? NaN : unifiedPayRevenue;
    v.personalPayRevenue[i] = personalPayRevenue === null ? NaN : personalPayRevenue;
    v.newBusinessRevenue[i] = newBusinessRevenue === null ? NaN : newBusinessRevenue;
    v.members[i] = members === null ? NaN : members;
    v.offNetMembers[i] = offNetMembers === null ? NaN : offNetMembers;
    v.minutes[i] = minutes === null ? NaN : minutes;
    v.arrears[i] = arrears === null ? NaN : arrears;
    v.complaints[i] = complaints === null ? NaN : complaints;
    v.faults[i] = faults === null ? NaN : faults;
    v.products[i] = products === null ? NaN : products;
    return i;
  }

  /** The row's measure (null stored as NaN). */
  set(i: number, m: FactMeasure, v: number | null): void {
    this.values[m][i] = v === null ? NaN : v;
  }

  /** Removes the last fact (a row found to be in error after it was begun). */
  dropLast(): void {
    if (this.n > 0) this.n--;
  }

  /** true when rows i and j hold the same measures (null equals null) */
  sameMeasures(i: number, j: number): boolean {
    for (const m of FACT_MEASURES) {
      const a = this.values[m][i] as number;
      const b = this.values[m][j] as number;
      if (a !== b && (a === a || b === b)) return false;
    }
    return true;
  }

  /** the period of row i */
  periodAt(i: number): string {
    return this.periods[this.period[i] as number] as string;
  }

  /** A fact as a row (for the few places that want one). */
  get(i: number): MonthlyFact {
    return rowAt(this.snapshotView(), i);
  }

  private snapshotView(): FactColumns {
    return { length: this.n, codes: this.codes, code: this.code, periods: this.periods, period: this.period, values: this.values };
  }

  add(f: MonthlyFact): number {
    const i = this.begin(this.codeId(f.groupCode), this.periodId(f.period));
    const v = this.values;
    v.totalRevenue[i] = f.totalRevenue;
    for (let k = 1; k < FACT_MEASURES.length; k++) {
      const m = FACT_MEASURES[k] as FactMeasure;
      const x = f[m];
      v[m][i] = x === null ? NaN : x;
    }
    return i;
  }

  /** The columns (trimmed copies of exactly `length` entries; dictionaries hold only used values). */
  finish(): FactColumns {
    const n = this.n;
    // A view when the spare room is small (copying a million facts' columns to trim them costs ~90 MB
    // at once); an exact copy when it is large, as a view carries its whole buffer through
    // structured clone (worker threads).
    const fit = <T extends Int32Array | Float64Array>(a: T): T => (a.length === n ? a : a.length - n <= a.length / 8 ? (a.subarray(0, n) as T) : (a.slice(0, n) as T));
    const values = {} as Record<FactMeasure, Float64Array>;
    for (const m of FACT_MEASURES) values[m] = fit(this.values[m]);
    return compactDictionaries({ length: n, codes: this.codes.slice(), code: fit(this.code), periods: this.periods.slice(), period: fit(this.period), values });
  }
}

/** Drops dictionary entries no row uses (after dropLast or a filter), keeping first-use order. */
function compactDictionaries(c: FactColumns): FactColumns {
  const compact = (dict: readonly string[], idx: Int32Array, n: number): { dict: string[]; idx: Int32Array } => {
    const map = new Int32Array(dict.length).fill(-1);
    const out: string[] = [];
    let changed = false;
    for (let i = 0; i < n; i++) {
      const k = idx[i] as number;
      if (map[k] === -1) {
        map[k] = out.length;
        if (out.length !== k) changed = true;
        out.push(dict[k] as string);
      }
    }
    if (!changed && out.length === dict.length) return { dict: out, idx };
    const next = new Int32Array(n);
    for (let i = 0; i < n; i++) next[i] = map[idx[i] as number] as number;
    return { dict: out, idx: next };
  };
  const codes = compact(c.codes, c.code, c.length);
  const periods = compact(c.periods, c.period, c.length);
  return { length: c.length, codes: codes.dict, code: codes.idx, periods: periods.dict, period: periods.idx, values: c.values };
}

export function emptyFactColumns(): FactColumns {
  return new FactColumnsBuilder(16).finish();
}

/** Row i as a MonthlyFact. */
export function rowAt(c: FactColumns, i: number): MonthlyFact {
  const v = c.values;
  return {
    groupCode: c.codes[c.code[i] as number] as string,
    period: c.periods[c.period[i] as number] as string,
    unifiedPayRevenue: nullable(v.unifiedPayRevenue[i] as number),
    personalPayRevenue: nullable(v.personalPayRevenue[i] as number),
    totalRevenue: v.totalRevenue[i] as number,
    newBusinessRevenue: nullable(v.newBusinessRevenue[i] as number),
    members: nullable(v.members[i] as number),
    offNetMembers: nullable(v.offNetMembers[i] as number),
    minutes: nullable(v.minutes[i] as number),
    arrears: nullable(v.arrears[i] as number),
    complaints: nullable(v.complaints[i] as number),
    faults: nullable(v.faults[i] as number),
    products: nullable(v.products[i] as number),
  };
}

/** Every fact as a row (builds `length` objects: for small tables, tests and tools). */
export function factRows(c: FactColumns): MonthlyFact[] {
  const out = new Array<MonthlyFact>(c.length);
  for (let i = 0; i < c.length; i++) out[i] = rowAt(c, i);
  return out;
}

/** Columns of rows. */
export function columnsFromFacts(rows: readonly MonthlyFact[]): FactColumns {
  const b = new FactColumnsBuilder(rows.length);
  for (const f of rows) b.add(f);
  return b.finish();
}

/** The facts whose row passes `keep`, as new columns (dictionaries compacted). */
export function filterFactColumns(c: FactColumns, keep: (i: number) => boolean): FactColumns {
  const rows = new Int32Array(c.length);
  let n = 0;
  for (let i = 0; i < c.length; i++) if (keep(i)) rows[n++] = i;
  return takeRows(c, rows.subarray(0, n));
}

/** The given rows, in the given order. */
export function takeRows(c: FactColumns, rows: Int32Array): FactColumns {
  const n = rows.length;
  const code = new Int32Array(n);
  const period = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const i = rows[j] as number;
    code[j] = c.code[i] as number;
    period[j] = c.period[i] as number;
  }
  const values = {} as Record<FactMeasure, Float64Array>;
  for (const m of FACT_MEASURES) {
    const src = c.values[m];
    const dst = new Float64Array(n);
    for (let j = 0; j < n; j++) dst[j] = src[rows[j] as number] as number;
    values[m] = dst;
  }
  return compactDictionaries({ length: n, codes: c.codes, code, periods: c.periods, period, values });
}

/** a's rows then b's, with merged dictionaries. */
export function concatFactColumns(a: FactColumns, b: FactColumns): FactColumns {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const merge = (da: readonly string[], db: readonly string[]): { dict: string[]; map: Int32Array } => {
    const dict = da.slice();
    const at = new Map<string, number>();
    for (let k = 0; k < da.length; k++) at.set(da[k] as string, k);
    const map = new Int32Array(db.length);
    for (let k = 0; k < db.length; k++) {
      const s = db[k] as string;
      let id = at.get(s);
      if (id === undefined) {
        id = dict.length;
        dict.push(s);
        at.set(s, id);
      }
      map[k] = id;
    }
    return { dict, map };
  };
  const codes = merge(a.codes, b.codes);
  const periods = merge(a.periods, b.periods);
  const n = a.length + b.length;
  const code = new Int32Array(n);
  const period = new Int32Array(n);
  code.set(a.code.subarray(0, a.length));
  period.set(a.period.subarray(0, a.length));
  for (let j = 0; j < b.length; j++) {
    code[a.length + j] = codes.map[b.code[j] as number] as number;
    period[a.length + j] = periods.map[b.period[j] as number] as number;
  }
  const values = {} as Record<FactMeasure, Float64Array>;
  for (const m of FACT_MEASURES) {
    const v = new Float64Array(n);
    v.set(a.values[m].subarray(0, a.length));
    v.set(b.values[m].subarray(0, b.length), a.length);
    values[m] = v;
  }
  return { length: n, codes: codes.dict, code, periods: periods.dict, period, values };
}

/** Sorts by period, then group code (the order a committed workspace keeps). */
export function sortFactColumns(c: FactColumns): FactColumns {
  const rows = sortOrder(c);
  return rows ? takeRows(c, rows) : c;
}

/**
 * As sortFactColumns, moving the facts within c's own arrays (c is changed and returned): for
 * columns nobody else holds, such as a merge just built or staged facts about to be committed.
 * At a million facts a sorted copy costs ~100 MB; this costs 16 bytes a fact (the order and one
 * scratch column), ~16 MB.
 */
export function sortFactColumnsInPlace(c: FactColumns): FactColumns {
  const rows = sortOrder(c);
  if (!rows) return c;
  // a gather through one scratch buffer per column kind (8 bytes a fact, reused): sequential writes,
  // and one monomorphic loop per array type (a cycle walk over mixed arrays ran ~10× slower)
  const n = c.length;
  const scratch = new ArrayBuffer(n * 8);
  const f64 = new Float64Array(scratch);
  const i32 = new Int32Array(scratch, 0, n);
  gatherInt32(c.code, rows, i32);
  gatherInt32(c.period, rows, i32);
  for (const m of FACT_MEASURES) gatherFloat64(c.values[m], rows, f64);
  return c;
}

function gatherInt32(a: Int32Array, rows: Int32Array, tmp: Int32Array): void {
  const n = rows.length;
  for (let j = 0; j < n; j++) tmp[j] = a[rows[j] as number] as number;
  a.set(tmp.subarray(0, n));
}

function gatherFloat64(a: Float64Array, rows: Int32Array, tmp: Float64Array): void {
  const n = rows.length;
  for (let j = 0; j < n; j++) tmp[j] = a[rows[j] as number] as number;
  a.set(tmp.subarray(0, n));
}

/** The rank of each dictionary entry in string order. */
function rankOf(dict: readonly string[]): Int32Array {
  const order = Array.from({ length: dict.length }, (_, k) => k).sort((x, y) => {
    const a = dict[x] as string;
    const b = dict[y] as string;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const rank = new Int32Array(dict.length);
  order.forEach((k, r) => (rank[k] = r));
  return rank;
}

/**
 * One stable counting-sort pass: the positions of `from` reordered by key[idx[from[j]]] (keys
 * 0..size-1), ties keeping their order.
 */
function countingPass(from: Int32Array, idx: Int32Array, rank: Int32Array, size: number, out: Int32Array): void {
  const n = from.length;
  const start = new Int32Array(size + 1);
  for (let j = 0; j < n; j++) {
    const k = (rank[idx[from[j] as number] as number] as number) + 1;
    start[k] = (start[k] as number) + 1;
  }
  for (let k = 0; k < size; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
  for (let j = 0; j < n; j++) {
    const i = from[j] as number;
    const k = rank[idx[i] as number] as number;
    out[start[k] as number] = i;
    start[k] = (start[k] as number) + 1;
  }
}

/** The rows in sorted order (rows[j] = the fact that belongs at j), or null when c is sorted already. */
function sortOrder(c: FactColumns): Int32Array | null {
  const pr = rankOf(c.periods);
  const cr = rankOf(c.codes);
  const n = c.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) {
    const dp = (pr[c.period[i] as number] as number) - (pr[c.period[i - 1] as number] as number);
    if (dp < 0 || (dp === 0 && (cr[c.code[i] as number] as number) < (cr[c.code[i - 1] as number] as number))) sorted = false;
  }
  if (sorted) return null;
  // Least significant key first: a stable counting sort by code, then by period. The result is by
  // (period, code), equal pairs in their original order. O(facts + codes + periods).
  const identity = new Int32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const byCode = new Int32Array(n);
  countingPass(identity, c.code, cr, c.codes.length, byCode);
  const rows = identity; // reused: the identity is no longer needed
  countingPass(byCode, c.period, pr, c.periods.length, rows);
  return rows;
}

/** The facts of a portfolio as columns: its own when it has them, else built from its rows (not cached). */
export function factColumnsOf(p: Portfolio): FactColumns {
  return p.factColumns ?? columnsFromFacts(p.facts);
}

/** How many facts, without building rows. */
export function factCount(p: Portfolio): number {
  return p.factColumns ? p.factColumns.length : p.facts.length;
}

/** Distinct periods of the facts (unsorted), without building rows. */
export function factPeriods(p: Portfolio): string[] {
  if (p.factColumns) return p.factColumns.periods.slice();
  const seen = new Set<string>();
  for (const f of p.facts) seen.add(f.period);
  return [...seen];
}

/** Portfolios whose rows were built from their columns (tests check that the bulk path never does). */
const rowsBuilt = new WeakSet<Portfolio>();

/** true once `facts` of a columnar portfolio was read (its rows built). */
export function factRowsBuilt(p: Portfolio): boolean {
  return rowsBuilt.has(p);
}

export interface ColumnarPortfolioParts {
  groups: Portfolio['groups'];
  factColumns: FactColumns;
  memberSnapshots?: MemberSnapshot[];
  keyPersons?: KeyPerson[];
}

/**
 * A portfolio whose facts are columns. `facts` builds the rows on first read (and keeps
 * them); assigning `facts` replaces the columns by those rows.
 */
export function columnarPortfolio(parts: ColumnarPortfolioParts): Portfolio {
  const p = { groups: parts.groups } as Portfolio;
  let rows: MonthlyFact[] | null = null;
  Object.defineProperty(p, 'factColumns', { value: parts.factColumns, enumerable: false, configurable: true, writable: true });
  Object.defineProperty(p, 'facts', {
    enumerable: true,
    configurable: true,
    get(): MonthlyFact[] {
      if (rows === null) {
        rows = factRows(parts.factColumns);
        rowsBuilt.add(p);
      }
      return rows;
    },
    set(v: MonthlyFact[]) {
      Object.defineProperty(p, 'facts', { value: v, enumerable: true, configurable: true, writable: true });
      delete (p as { factColumns?: FactColumns }).factColumns;
    },
  });
  if (parts.memberSnapshots) p.memberSnapshots = parts.memberSnapshots;
  if (parts.keyPersons) p.keyPersons = parts.keyPersons;
  return p;
}
