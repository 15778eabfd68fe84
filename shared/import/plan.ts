/**
 * What an import will change, and the change itself. Groups are upserted by
 * code; a staged billing period replaces every existing fact of that period;
 * staged member snapshots replace the snapshots of their period.
 * Pure: `current` is never mutated.
 */
import type { Group, KeyPerson, MemberSnapshot, MonthlyFact, Portfolio } from '../model/portfolio';
import { keyPersonChanges, mergeKeyPersons, periodEndDate } from '../model/keyPersons';

export interface StagedImport {
  groups?: readonly Group[];
  facts?: readonly MonthlyFact[];
  memberSnapshots?: readonly MemberSnapshot[];
  /** key persons: every group in the import gets exactly its imported list */
  keyPersons?: readonly KeyPerson[];
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
}

/**
 * The day a change between key-person imports is dated: the last day of the
 * newest billing month (the data's as-of day), else `fallback` (today).
 */
export function keyPersonAsOfDay(facts: readonly MonthlyFact[], fallback: string): string {
  let last = '';
  for (const f of facts) if (f.period > last) last = f.period;
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

  const stagedPeriods = new Set<string>();
  for (const f of staged.facts ?? []) stagedPeriods.add(f.period);
  const existingPeriods = new Map<string, number>();
  for (const f of current.facts) existingPeriods.set(f.period, (existingPeriods.get(f.period) ?? 0) + 1);
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

  return {
    newGroups,
    changedGroups,
    unchangedGroups,
    newPeriods,
    replacedPeriods,
    factRows: staged.facts?.length ?? 0,
    replacedFactRows,
    memberRows: staged.memberSnapshots?.length ?? 0,
    replacedMemberRows,
    keyPersonRows: staged.keyPersons?.length ?? 0,
    keyPersonChanges:
      staged.keyPersons && staged.keyPersons.length > 0
        ? countNewChanges(current, mergeKeyPersons(current.keyPersons ?? [], staged.keyPersons, keyPersonAsOfDay(staged.facts && staged.facts.length > 0 ? [...current.facts, ...staged.facts] : current.facts, today)))
        : 0,
  };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The portfolio after the import. Unchanged parts (and other optional data such as keyPersons) are carried over as they are. */
export function applyImport(current: Portfolio, staged: StagedImport, today = '1970-01-01'): Portfolio {
  const next: Portfolio = { ...current };

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

  if (staged.facts && staged.facts.length > 0) {
    const periods = new Set(staged.facts.map((f) => f.period));
    const facts: MonthlyFact[] = current.facts.filter((f) => !periods.has(f.period));
    for (const f of staged.facts) facts.push({ ...f });
    facts.sort((a, b) => cmp(a.period, b.period) || cmp(a.groupCode, b.groupCode));
    next.facts = facts;
  } else next.facts = [...current.facts];

  if (staged.memberSnapshots && staged.memberSnapshots.length > 0) {
    const periods = new Set(staged.memberSnapshots.map((m) => memberPeriodKey(m.period)));
    const kept = (current.memberSnapshots ?? []).filter((m) => !periods.has(memberPeriodKey(m.period)));
    next.memberSnapshots = [...kept, ...staged.memberSnapshots.map((m) => ({ ...m }))];
  } else if (current.memberSnapshots) next.memberSnapshots = [...current.memberSnapshots];

  if (staged.keyPersons && staged.keyPersons.length > 0) next.keyPersons = mergeKeyPersons(current.keyPersons ?? [], staged.keyPersons, keyPersonAsOfDay(next.facts, today));
  else if (current.keyPersons) next.keyPersons = [...current.keyPersons];

  return next;
}
