/**
 * The columnar index every analytics computation reads: one typed-array
 * matrix per monthly field (groups × periods, row-major: g * nP + t), group
 * attributes as typed arrays, and groups sorted by code so that results do
 * not depend on the row order of the import.
 *
 * Missing data stays missing: a `null` fact field is NaN, never 0. Months
 * before a group's first fact row are NaN for every field. A month without a
 * fact row after the first one counts as "billed nothing" for the revenue
 * fields (0) and as unknown (NaN) for counts (members, minutes, …). Several
 * fact rows for the same group and month are summed (a group billed on more
 * than one account). A fact whose group is missing from the master still
 * counts: the group is added with its code as name.
 */
import { FACT_MEASURES, factColumnsOf, type FactMeasure } from '../model/factColumns';
import { minimalGroup, type Group, type KeyPerson, type Portfolio } from '../model/portfolio';
import { parsePeriod, periodFromIndex, periodIndex, type ParsedPeriod } from '../util/period';

/** The fact fields the index holds: the measures of a monthly fact (the one list, shared/model/factColumns.ts). */
export const FACT_FIELDS = FACT_MEASURES;
export type FactField = FactMeasure;
const REVENUE_FIELDS: ReadonlySet<FactField> = new Set(['totalRevenue', 'unifiedPayRevenue', 'personalPayRevenue', 'newBusinessRevenue']);
/**
 * Stored as 64-bit floats: the revenue that drives value and warnings. The
 * other fields (counts, and money used only in ratios) are 32-bit floats:
 * exact for whole numbers below 16,777,216, ~7 significant digits otherwise,
 * which keeps the index of 50,000 groups × 24 months near 60 MB.
 */
const F64_FIELDS: ReadonlySet<FactField> = new Set(['totalRevenue', 'unifiedPayRevenue']);
export type Column = Float64Array | Float32Array;

export interface PortfolioIndex {
  readonly portfolio: Portfolio;
  /** sorted by groupCode */
  readonly groups: readonly Group[];
  readonly codes: readonly string[];
  /** groupName per group */
  readonly names: readonly string[];
  readonly codeIndex: ReadonlyMap<string, number>;
  /** contiguous ascending YYYY-MM from the first to the last fact period */
  readonly periods: readonly string[];
  /** periodIndex(periods[0]) */
  readonly p0: number;
  readonly nG: number;
  readonly nP: number;
  /** g * nP + t; NaN = missing */
  readonly m: Readonly<Record<FactField, Column>> & { readonly totalRevenue: Float64Array; readonly unifiedPayRevenue: Float64Array };
  /** column of the first fact row per group, −1 when the group has none */
  readonly first: Int32Array;
  readonly employees: Float64Array;
  /** day number (days since 1970-01-01) of contractEnd; NaN when null or unreadable */
  readonly contractEndDay: Float64Array;
  /** 1 when contractEnd is null (no contract, if the column was imported at all) */
  readonly contractNone: Uint8Array;
  /** 1 when the group has an account manager */
  readonly hasManager: Uint8Array;
  /** whether a column carries any value at all (false = the import did not provide it) */
  readonly provided: Readonly<Record<FactField | 'contractEnd' | 'accountManager' | 'employees', boolean>>;
  /** key persons per group (undefined = none listed); null when the portfolio has no keyPersons */
  readonly keyPersons: readonly (readonly KeyPerson[] | undefined)[] | null;
  readonly stats: { facts: number; duplicateFacts: number; invalidPeriodFacts: number; orphanFactGroups: number };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})/;
/** Day number of a YYYY-MM-DD date, NaN when it does not read as one. */
export function parseDay(date: string | null | undefined): number {
  if (!date) return NaN;
  const m = DATE_RE.exec(date);
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  return dayNumber(y, mo, d);
}

/** The YYYY-MM-DD date of a day number. */
export function dayToDate(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Day number of the last day of the month with the given periodIndex. */
export function monthEndDay(pIndex: number): number {
  const y = Math.floor((pIndex + 1) / 12);
  const m = ((pIndex + 1) % 12) + 1;
  return dayNumber(y, m, 1) - 1;
}

export function isIndex(x: Portfolio | PortfolioIndex): x is PortfolioIndex {
  return (x as PortfolioIndex).m !== undefined && (x as PortfolioIndex).codeIndex !== undefined;
}

/** The index of a portfolio (built now) or the index itself. */
export function toIndex(x: Portfolio | PortfolioIndex): PortfolioIndex {
  return isIndex(x) ? x : buildIndex(x);
}

function orphanGroup(code: string): Group {
  return minimalGroup(code);
}

export function buildIndex(portfolio: Portfolio): PortfolioIndex {
  // The facts as columns (a workspace's own; built here for a portfolio of rows): per fact
  // only integer indexes into the code and period dictionaries, so each distinct code and
  // period is looked up once, not once per fact.
  const fc = factColumnsOf(portfolio);
  const nF = fc.length;
  // 1. codes: the master first (first occurrence wins), then codes found only in facts;
  // the period range.
  const tmpIndex = new Map<string, number>();
  const tmpCodes: string[] = [];
  const tmpGroups: Group[] = [];
  for (const g of portfolio.groups) {
    if (tmpIndex.has(g.groupCode)) continue;
    tmpIndex.set(g.groupCode, tmpCodes.length);
    tmpCodes.push(g.groupCode);
    tmpGroups.push(g);
  }
  const periodIdx = new Int32Array(fc.periods.length);
  for (let k = 0; k < fc.periods.length; k++) {
    let p: number;
    try {
      p = periodIndex(fc.periods[k] as string);
    } catch {
      p = -1;
    }
    periodIdx[k] = p;
  }
  let pMin = Infinity;
  let pMax = -Infinity;
  let invalidPeriodFacts = 0;
  let orphanFactGroups = 0;
  /** per code-dictionary entry: used by a fact with a valid period */
  const codeUsed = new Uint8Array(fc.codes.length);
  {
    const fPeriod = fc.period;
    const fCode = fc.code;
    for (let i = 0; i < nF; i++) {
      const p = periodIdx[fPeriod[i] as number] as number;
      if (p < 0) {
        invalidPeriodFacts++;
        continue;
      }
      if (p < pMin) pMin = p;
      if (p > pMax) pMax = p;
      codeUsed[fCode[i] as number] = 1;
    }
    for (let k = 0; k < fc.codes.length; k++) {
      if (!codeUsed[k]) continue;
      const code = fc.codes[k] as string;
      if (tmpIndex.has(code)) continue;
      orphanFactGroups++;
      tmpIndex.set(code, tmpCodes.length);
      tmpCodes.push(code);
      tmpGroups.push(orphanGroup(code));
    }
  }
  // 2. groups sorted by code
  const nG = tmpCodes.length;
  const order = Array.from({ length: nG }, (_, i) => i).sort((a, b) => cmp(tmpCodes[a] as string, tmpCodes[b] as string));
  const codes = order.map((tmp) => tmpCodes[tmp] as string);
  const groups = order.map((tmp) => tmpGroups[tmp] as Group);
  const codeIndex = new Map<string, number>();
  codes.forEach((c, i) => codeIndex.set(c, i));
  const hasPeriods = pMin !== Infinity;
  const p0 = hasPeriods ? pMin : 0;
  const nP = hasPeriods ? pMax - pMin + 1 : 0;
  const periods: string[] = [];
  for (let t = 0; t < nP; t++) periods.push(periodFromIndex(p0 + t));
  /** code-dictionary entry → group index (−1 = unused) */
  const groupOf = new Int32Array(fc.codes.length).fill(-1);
  for (let k = 0; k < fc.codes.length; k++) if (codeUsed[k]) groupOf[k] = codeIndex.get(fc.codes[k] as string) ?? -1;

  // 3. the matrices; a cell whose total is still NaN has no fact row yet
  const size = nG * nP;
  const mm = {} as Record<FactField, Column>;
  for (const f of FACT_FIELDS) mm[f] = (F64_FIELDS.has(f) ? new Float64Array(size) : new Float32Array(size)).fill(NaN);
  const m = mm as Record<FactField, Column> & { totalRevenue: Float64Array; unifiedPayRevenue: Float64Array };
  const provided = {} as Record<FactField | 'contractEnd' | 'accountManager' | 'employees', boolean>;
  for (const f of FACT_FIELDS) provided[f] = false;
  let duplicateFacts = 0;
  {
    // cell of each fact (−1 = invalid period), then one pass per measure over plain typed arrays
    const cell = new Int32Array(nF);
    const total = m.totalRevenue;
    const fTotal = fc.values.totalRevenue;
    const fPeriod = fc.period;
    const fCode = fc.code;
    /** 1 where a fact is not the first of its cell */
    const dup = new Uint8Array(nF);
    for (let i = 0; i < nF; i++) {
      const p = periodIdx[fPeriod[i] as number] as number;
      if (p < 0) {
        cell[i] = -1;
        continue;
      }
      const k = (groupOf[fCode[i] as number] as number) * nP + (p - p0);
      cell[i] = k;
      if (Number.isNaN(total[k] as number)) total[k] = fTotal[i] as number;
      else {
        duplicateFacts++;
        dup[i] = 1;
        total[k] = (total[k] as number) + (fTotal[i] as number);
      }
    }
    for (const field of FACT_FIELDS) {
      if (field === 'totalRevenue') continue;
      const arr = m[field];
      const src = fc.values[field];
      for (let i = 0; i < nF; i++) {
        const k = cell[i] as number;
        if (k < 0) continue;
        const v = src[i] as number;
        if (v !== v) continue; // null
        if (dup[i] === 0) arr[k] = v;
        else {
          const cur = arr[k] as number;
          arr[k] = cur !== cur ? v : cur + v;
        }
      }
    }
  }
  for (const field of FACT_FIELDS) {
    const arr = m[field];
    for (let k = 0; k < size; k++) {
      if (!Number.isNaN(arr[k] as number)) {
        provided[field] = true;
        break;
      }
    }
  }
  const total = m.totalRevenue;
  const first = new Int32Array(nG).fill(-1);
  for (let g = 0; g < nG; g++) {
    const base = g * nP;
    let f0 = -1;
    for (let t = 0; t < nP; t++) {
      if (!Number.isNaN(total[base + t] as number)) {
        f0 = t;
        break;
      }
    }
    first[g] = f0;
    if (f0 < 0) continue;
    for (let t = f0; t < nP; t++) {
      const k = base + t;
      if (!Number.isNaN(total[k] as number)) continue;
      // a month without a fact row after the first one: nothing billed
      total[k] = 0;
      for (const field of REVENUE_FIELDS) if (provided[field]) m[field][k] = 0;
    }
  }

  const employees = new Float64Array(nG).fill(NaN);
  const contractEndDay = new Float64Array(nG).fill(NaN);
  const contractNone = new Uint8Array(nG);
  const hasManager = new Uint8Array(nG);
  provided.contractEnd = false;
  provided.accountManager = false;
  provided.employees = false;
  for (let g = 0; g < nG; g++) {
    const gr = groups[g] as Group;
    if (gr.employees !== null && Number.isFinite(gr.employees)) {
      employees[g] = gr.employees;
      provided.employees = true;
    }
    if (gr.contractEnd !== null) {
      provided.contractEnd = true;
      contractEndDay[g] = parseDay(gr.contractEnd);
    } else contractNone[g] = 1;
    if (gr.accountManager !== null && gr.accountManager.trim() !== '') {
      hasManager[g] = 1;
      provided.accountManager = true;
    }
  }

  let keyPersons: (KeyPerson[] | undefined)[] | null = null;
  if (portfolio.keyPersons) {
    keyPersons = new Array<KeyPerson[] | undefined>(nG).fill(undefined);
    for (const kp of portfolio.keyPersons) {
      const g = codeIndex.get(kp.groupCode);
      if (g === undefined) continue;
      const list = keyPersons[g] ?? [];
      list.push(kp);
      keyPersons[g] = list;
    }
    // order-independent: sort each group's list
    for (const list of keyPersons) {
      list?.sort((a, b) => cmp(a.role ?? '', b.role ?? '') || cmp(a.name ?? '', b.name ?? '') || cmp(a.roleSince ?? '', b.roleSince ?? ''));
    }
  }

  return {
    portfolio,
    groups,
    codes,
    names: groups.map((g) => g.groupName),
    codeIndex,
    periods,
    p0,
    nG,
    nP,
    m,
    first,
    employees,
    contractEndDay,
    contractNone,
    hasManager,
    provided,
    keyPersons,
    stats: { facts: nF, duplicateFacts, invalidPeriodFacts, orphanFactGroups },
  };
}

/** Column of a period in the index, or −1 when outside. Accepts YYYY-MM. */
export function columnOf(ix: PortfolioIndex, period: string): number {
  const t = periodIndex(period) - ix.p0;
  return t >= 0 && t < ix.nP ? t : -1;
}

/** Revenue matrix for the chosen value basis. */
export function revenueMatrix(ix: PortfolioIndex, basis: 'total' | 'unified'): Float64Array {
  return basis === 'unified' ? ix.m.unifiedPayRevenue : ix.m.totalRevenue;
}

export interface ResolvedPeriod {
  /** what was asked for: YYYY-MM or YYYYQn */
  requested: string;
  /** the month used, YYYY-MM */
  period: string;
  column: number;
}

/**
 * A month (YYYY-MM) or a quarter (YYYYQn → its last month; for a quarter that
 * is still running, the last month of it in the data). Throws a RangeError
 * (message in zh and en) when the period lies outside the data.
 */
export function resolvePeriod(ix: PortfolioIndex, requested: string): ResolvedPeriod {
  let parsed: ParsedPeriod;
  try {
    parsed = parsePeriod(requested, { loose: true });
  } catch {
    throw new RangeError(`无法识别的账期 ${requested}（应为 YYYY-MM 或 YYYYQn）/ unreadable period ${requested} (expected YYYY-MM or YYYYQn)`);
  }
  let t: number;
  if (parsed.kind === 'quarter') {
    const firstMonth = parsed.months[0] as number;
    const lastMonth = parsed.months[2] as number;
    const lastData = ix.p0 + ix.nP - 1;
    const use = Math.min(lastMonth, lastData);
    if (ix.nP === 0 || use < firstMonth || use < ix.p0) throw new RangeError(`账期 ${requested} 不在数据范围内 / period ${requested} is outside the data`);
    t = use - ix.p0;
  } else {
    t = (parsed.months[0] as number) - ix.p0;
    if (t < 0 || t >= ix.nP) throw new RangeError(`账期 ${requested} 不在数据范围内 / period ${requested} is outside the data`);
  }
  return { requested, period: ix.periods[t] as string, column: t };
}
