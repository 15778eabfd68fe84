/**
 * What an import will change, and the change itself. Groups are upserted by
 * code; a staged billing period replaces every existing fact of that period;
 * staged member snapshots replace the snapshots of their period; staged survey answers replace
 * the answers of their survey wave (period, or no period).
 * Pure: `current` is never mutated.
 */
import type { LocalText } from '../model/trace';
import { buildIndex } from '../analytics/columnar';
import { completenessOfTotals, periodCompleteness, type PeriodTotals } from '../analytics/completeness';
import { type AnalyticsSettings, DEFAULT_SETTINGS } from '../analytics/settings';
import { columnarPortfolio, columnsFromFacts, concatFactColumns, factColumnsOf, filterFactColumns, sortFactColumns, sortFactColumnsInPlace, type FactColumns } from '../model/factColumns';
import type { Group, KeyPerson, MemberSnapshot, MonthlyFact, Portfolio, SurveyResponse } from '../model/portfolio';
import { keyPersonChanges, mergeKeyPersons, periodEndDate } from '../model/keyPersons';
import { periodFromIndex, periodIndex } from '../util/period';

export interface StagedImport {
  groups?: readonly Group[];
  facts?: readonly MonthlyFact[];
  /** the staged facts as columns (the import's own form); used instead of `facts` when given */
  factColumns?: FactColumns;
  memberSnapshots?: readonly MemberSnapshot[];
  /** key persons: every group in the import gets exactly its imported list */
  keyPersons?: readonly KeyPerson[];
  /** satisfaction survey answers: they replace the answers of the same survey wave */
  surveyResponses?: readonly SurveyResponse[];
}

function stagedColumns(staged: StagedImport): FactColumns | null {
  if (staged.factColumns) return staged.factColumns;
  return staged.facts ? columnsFromFacts(staged.facts) : null;
}

/** facts per period of the dictionary */
function periodCounts(c: FactColumns): Int32Array {
  const counts = new Int32Array(c.periods.length);
  for (let i = 0; i < c.length; i++) {
    const k = c.period[i] as number;
    counts[k] = (counts[k] as number) + 1;
  }
  return counts;
}

export interface ImportPlanCounts {
  newGroups: number;
  changedGroups: number;
  unchangedGroups: number;
  /** staged periods the workspace does not have yet, sorted */
  newPeriods: string[];
  /** staged periods whose existing facts will be replaced, sorted */
  replacedPeriods: string[];
  /** staged fact rows */
  factRows: number;
  /** existing fact rows that the replaced periods drop */
  replacedFactRows: number;
  /** staged member snapshot rows */
  memberRows: number;
  /** existing member snapshot rows that are replaced */
  replacedMemberRows: number;
  /** staged key-person rows */
  keyPersonRows: number;
  /** staged key persons who are someone new in a role held by another before (a change between imports) */
  keyPersonChanges: number;
  /** staged survey answers */
  surveyRows: number;
  /** existing survey answers of the same waves that are replaced */
  replacedSurveyRows: number;
}

/**
 * The day a change between key-person imports is dated: the last day of the
 * newest billing month (the data's as-of day), else `fallback` (today).
 */
export function keyPersonAsOfDay(columns: readonly (FactColumns | null)[], fallback: string): string {
  let last = '';
  for (const c of columns) {
    if (!c || c.length === 0) continue;
    // the dictionary may keep periods a filter emptied: only periods with facts count
    const counts = periodCounts(c);
    c.periods.forEach((p, k) => {
      if ((counts[k] as number) > 0 && p > last) last = p;
    });
  }
  return last === '' ? fallback : periodEndDate(last);
}

function countNewChanges(current: Portfolio, merged: readonly KeyPerson[]): number {
  const before = new Set(keyPersonChanges(current.keyPersons).map((c) => `${c.groupCode}\u0000${c.role}\u0000${c.name}\u0000${c.detected}`));
  let n = 0;
  for (const c of keyPersonChanges(merged)) if (!before.has(`${c.groupCode}\u0000${c.role}\u0000${c.name}\u0000${c.detected}`)) n++;
  return n;
}

/** Every master field equal: an unchanged group (also used to collapse exact duplicate master rows). */
export function sameGroup(a: Group, b: Group): boolean {
  return (
    a.groupName === b.groupName &&
    a.groupClass === b.groupClass &&
    a.importance === b.importance &&
    a.industry === b.industry &&
    a.region === b.region &&
    a.accountManager === b.accountManager &&
    a.employees === b.employees &&
    a.contractEnd === b.contractEnd &&
    a.competitorPresence === b.competitorPresence &&
    a.lineGrade === b.lineGrade
  );
}

/** staged groups by code, the last one winning */
function stagedGroupMap(groups: readonly Group[]): Map<string, Group> {
  const m = new Map<string, Group>();
  for (const g of groups) m.set(g.groupCode, g);
  return m;
}

const memberPeriodKey = (p: string | null): string => p ?? '';

export function planImport(current: Portfolio, staged: StagedImport, today = '1970-01-01'): ImportPlanCounts {
  const existing = new Map<string, Group>();
  for (const g of current.groups) existing.set(g.groupCode, g);
  let newGroups = 0;
  let changedGroups = 0;
  let unchangedGroups = 0;
  for (const g of stagedGroupMap(staged.groups ?? []).values()) {
    const old = existing.get(g.groupCode);
    if (!old) newGroups++;
    else if (sameGroup(old, g)) unchangedGroups++;
    else changedGroups++;
  }

  const sc = stagedColumns(staged);
  const stagedPeriods = new Set<string>(sc && sc.length > 0 ? sc.periods : []);
  const existingPeriods = new Map<string, number>();
  const cur = factColumnsOf(current);
  const counts = periodCounts(cur);
  cur.periods.forEach((p, k) => {
    if ((counts[k] as number) > 0) existingPeriods.set(p, counts[k] as number);
  });
  const newPeriods: string[] = [];
  const replacedPeriods: string[] = [];
  let replacedFactRows = 0;
  for (const p of [...stagedPeriods].sort()) {
    const n = existingPeriods.get(p);
    if (n === undefined) newPeriods.push(p);
    else {
      replacedPeriods.push(p);
      replacedFactRows += n;
    }
  }

  let replacedMemberRows = 0;
  if (staged.memberSnapshots) {
    const periods = new Set(staged.memberSnapshots.map((m) => memberPeriodKey(m.period)));
    for (const m of current.memberSnapshots ?? []) if (periods.has(memberPeriodKey(m.period))) replacedMemberRows++;
  }

  let replacedSurveyRows = 0;
  if (staged.surveyResponses && staged.surveyResponses.length > 0) {
    const waves = new Set(staged.surveyResponses.map((a) => memberPeriodKey(a.period)));
    for (const a of current.surveyResponses ?? []) if (waves.has(memberPeriodKey(a.period))) replacedSurveyRows++;
  }

  return {
    newGroups,
    changedGroups,
    unchangedGroups,
    newPeriods,
    replacedPeriods,
    factRows: sc?.length ?? 0,
    replacedFactRows,
    memberRows: staged.memberSnapshots?.length ?? 0,
    replacedMemberRows,
    keyPersonRows: staged.keyPersons?.length ?? 0,
    keyPersonChanges:
      staged.keyPersons && staged.keyPersons.length > 0
        ? countNewChanges(current, mergeKeyPersons(current.keyPersons ?? [], staged.keyPersons, keyPersonAsOfDay([factColumnsOf(current), stagedColumns(staged)], today)))
        : 0,
    surveyRows: staged.surveyResponses?.length ?? 0,
    replacedSurveyRows,
  };
}

export interface ApplyImportOptions {
  /** the staged columns may be reordered in place (the import session is committing them and drops them after) */
  consumeStaged?: boolean;
}

/** The portfolio after the import. Unchanged parts (and other optional data such as keyPersons) are carried over as they are. */
export function applyImport(current: Portfolio, staged: StagedImport, today = '1970-01-01', options: ApplyImportOptions = {}): Portfolio {
  // Facts stay columns: no row object per fact (and no spread of `current`, which would build its rows).
  const sc = stagedColumns(staged);
  let next: Portfolio;
  if (sc && sc.length > 0) {
    const cur = factColumnsOf(current);
    const replaced = new Uint8Array(cur.periods.length);
    const stagedPeriods = new Set(sc.periods);
    cur.periods.forEach((p, k) => (replaced[k] = stagedPeriods.has(p) ? 1 : 0));
    const kept = filterFactColumns(cur, (i) => replaced[cur.period[i] as number] === 0);
    const merged = concatFactColumns(kept, sc);
    // a merge just built is ours to sort where it lies; the staged columns themselves only when the caller gives them up
    const owned = merged === sc ? options.consumeStaged === true && !staged.facts : merged !== cur;
    next = columnarPortfolio({ groups: current.groups, factColumns: owned ? sortFactColumnsInPlace(merged) : sortFactColumns(merged) });
  } else if (current.factColumns) next = columnarPortfolio({ groups: current.groups, factColumns: current.factColumns });
  else next = { groups: current.groups, facts: [...current.facts] };
  for (const key of Object.keys(current) as (keyof Portfolio)[]) {
    if (key === 'facts' || key === 'factColumns' || key === 'groups') continue;
    (next as unknown as Record<string, unknown>)[key] = current[key];
  }

  if (staged.groups && staged.groups.length > 0) {
    const incoming = stagedGroupMap(staged.groups);
    const groups: Group[] = [];
    const placed = new Set<string>();
    for (const g of current.groups) {
      const replacement = incoming.get(g.groupCode);
      groups.push(replacement ? { ...replacement } : g);
      placed.add(g.groupCode);
    }
    for (const g of incoming.values()) if (!placed.has(g.groupCode)) groups.push({ ...g });
    next.groups = groups;
  } else next.groups = [...current.groups];


  if (staged.memberSnapshots && staged.memberSnapshots.length > 0) {
    const periods = new Set(staged.memberSnapshots.map((m) => memberPeriodKey(m.period)));
    const kept = (current.memberSnapshots ?? []).filter((m) => !periods.has(memberPeriodKey(m.period)));
    next.memberSnapshots = [...kept, ...staged.memberSnapshots.map((m) => ({ ...m }))];
  } else if (current.memberSnapshots) next.memberSnapshots = [...current.memberSnapshots];

  if (staged.keyPersons && staged.keyPersons.length > 0) next.keyPersons = mergeKeyPersons(current.keyPersons ?? [], staged.keyPersons, keyPersonAsOfDay([factColumnsOf(next)], today));
  else if (current.keyPersons) next.keyPersons = [...current.keyPersons];

  if (staged.surveyResponses && staged.surveyResponses.length > 0) {
    const waves = new Set(staged.surveyResponses.map((a) => memberPeriodKey(a.period)));
    const kept = (current.surveyResponses ?? []).filter((a) => !waves.has(memberPeriodKey(a.period)));
    for (const a of staged.surveyResponses) kept.push({ ...a });
    next.surveyResponses = kept;
  } else if (current.surveyResponses) next.surveyResponses = [...current.surveyResponses];

  return next;
}

/** A staged billing month that will look incomplete once imported (few groups billed or little revenue vs the months before). */
export interface IncompleteImportPeriod {
  period: string;
  groupsBilled: number;
  typicalGroups: number | null;
  /** "2026-11 不完整：仅 24 / 600 个集团出账（4%）" / "2026-11 is incomplete: only 24 of 600 groups billed (4%)" */
  reason: LocalText;
}

/**
 * The staged billing months that, after the import, fall short of the completeness setting
 * (shared/analytics/completeness.ts): the import review warns before the user commits.
 */
export function incompleteAfterImport(current: Portfolio, staged: StagedImport, settings: AnalyticsSettings = DEFAULT_SETTINGS): IncompleteImportPeriod[] {
  // the import stages columns (factColumns); rows only from older callers
  const sc = stagedColumns(staged);
  if (!sc || sc.length === 0) return [];
  const counts = periodCounts(sc);
  const periods = new Set<string>();
  sc.periods.forEach((p, k) => {
    if ((counts[k] as number) > 0) periods.add(p);
  });
  const totals = periodTotalsAfterImport(factColumnsOf(current), sc);
  const list = totals ? completenessOfTotals(totals, settings) : periodCompleteness(buildIndex(applyImport(current, staged)), settings);
  const out: IncompleteImportPeriod[] = [];
  for (const c of list) {
    if (!periods.has(c.period) || c.complete || !c.reason) continue;
    out.push({ period: c.period, groupsBilled: c.groupsBilled, typicalGroups: c.typicalGroups === null ? null : Math.round(c.typicalGroups), reason: c.reason });
  }
  return out;
}

/** above this many group × month cells the totals come from the engine's index instead */
const TOTALS_CELL_LIMIT = 1 << 24;

/**
 * Per month, the groups billed and the revenue the portfolio will hold after the import, read
 * from the current and the staged columns directly: at a million facts, merging the columns and
 * building the engine's matrices only to count them cost about 150 MB. The same sums as
 * buildIndex(applyImport(…)): a staged month replaces the current one, a group's facts in one
 * month add up, a fact with an unreadable period counts nowhere. null when the group × month
 * grid would be too large (the caller then takes the index's way).
 */
export function periodTotalsAfterImport(cur: FactColumns, sc: FactColumns): PeriodTotals | null {
  const stagedPeriods = new Set(sc.periods);
  const codeIds = new Map<string, number>();
  const codeMap = (c: FactColumns): Int32Array => {
    const map = new Int32Array(c.codes.length);
    for (let k = 0; k < c.codes.length; k++) {
      const code = c.codes[k] as string;
      let id = codeIds.get(code);
      if (id === undefined) {
        id = codeIds.size;
        codeIds.set(code, id);
      }
      map[k] = id;
    }
    return map;
  };
  /** dictionary entry → month index, or −1 (unreadable, or replaced by the import) */
  const monthMap = (c: FactColumns, replacedByStaged: boolean): Int32Array => {
    const map = new Int32Array(c.periods.length);
    for (let k = 0; k < c.periods.length; k++) {
      const p = c.periods[k] as string;
      let m = -1;
      if (!(replacedByStaged && stagedPeriods.has(p))) {
        try {
          m = periodIndex(p);
        } catch {
          m = -1;
        }
      }
      map[k] = m;
    }
    return map;
  };
  const sources = [
    { c: cur, codes: codeMap(cur), months: monthMap(cur, true) },
    { c: sc, codes: codeMap(sc), months: monthMap(sc, false) },
  ];
  let pMin = Infinity;
  let pMax = -Infinity;
  for (const { c, months } of sources)
    for (let i = 0; i < c.length; i++) {
      const m = months[c.period[i] as number] as number;
      if (m < 0) continue;
      if (m < pMin) pMin = m;
      if (m > pMax) pMax = m;
    }
  if (pMin === Infinity) return { periods: [], billed: [], revenue: [] };
  const nP = pMax - pMin + 1;
  const nC = codeIds.size;
  if (nC * nP > TOTALS_CELL_LIMIT) return null;
  const total = new Float64Array(nC * nP).fill(NaN);
  for (const { c, codes, months } of sources) {
    const v = c.values.totalRevenue;
    for (let i = 0; i < c.length; i++) {
      const m = months[c.period[i] as number] as number;
      if (m < 0) continue;
      const k = (codes[c.code[i] as number] as number) * nP + (m - pMin);
      const x = total[k] as number;
      total[k] = x !== x ? (v[i] as number) : x + (v[i] as number);
    }
  }
  const periods: string[] = [];
  const billed: number[] = [];
  const revenue: number[] = [];
  for (let t = 0; t < nP; t++) {
    let n = 0;
    let rev = 0;
    for (let g = 0; g < nC; g++) {
      const x = total[g * nP + t] as number;
      if (x > 0) n++;
      if (Number.isFinite(x)) rev += x;
    }
    periods.push(periodFromIndex(pMin + t));
    billed.push(n);
    revenue.push(rev);
  }
  return { periods, billed, revenue };
}
