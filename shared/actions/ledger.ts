/**
 * 行动台账 (actions ledger, docs/domain.md §5 response: signal → grade → owner →
 * cause → action → outcome → re-check). Pure: the owner rule, the re-check
 * window, and the ledger's ordering. The numbers at a month come from the
 * analytics engine through `pointAt`, so the re-check shows exactly what the
 * warning list showed at that month.
 */
import { addMonths } from '../util/period';
import type { Zone } from '../analytics/text';

export const ACTION_OUTCOMES = ['retained', 'partly', 'lost', 'tooEarly'] as const;
export type ActionOutcome = (typeof ACTION_OUTCOMES)[number];

export interface LedgerSettings {
  /** months after the action's base month when the re-check compares zone, score and value [default 2] */
  recheckMonths: number;
  /** 首席客户经理 for A/B groups when the group master has no such column ('' = none set) */
  chiefManager: string;
  /** 什么管用: below this many closed actions a measure's history carries a caveat and is not offered to the scenario library [default 5] */
  minClosed?: number;
}

export const DEFAULT_MIN_CLOSED = 5;
export const DEFAULT_LEDGER_SETTINGS: Required<LedgerSettings> = { recheckMonths: 2, chiefManager: '', minClosed: DEFAULT_MIN_CLOSED };

/** A/B groups (A1, A2, B1, B2, A, B …) are the chief account manager's (seeds 002/003). */
export function isChiefClass(groupClass: string | null): boolean {
  if (groupClass === null) return false;
  const c = groupClass.trim().toUpperCase();
  return c.startsWith('A') || c.startsWith('B');
}

export type OwnerSource = 'chiefColumn' | 'chiefSetting' | 'accountManager' | 'none';

/**
 * Who owns a group's response by the seed rule: A/B groups the chief account
 * manager (the group's own column first, else the setting), C and below the
 * account manager. An A/B group without a chief falls back to its account manager.
 */
export function ownerByRule(
  group: { groupClass: string | null; accountManager: string | null; chiefManager?: string | null },
  settings: LedgerSettings,
): { owner: string; source: OwnerSource } {
  if (isChiefClass(group.groupClass)) {
    const col = (group.chiefManager ?? '').trim();
    if (col !== '') return { owner: col, source: 'chiefColumn' };
    const set = settings.chiefManager.trim();
    if (set !== '') return { owner: set, source: 'chiefSetting' };
  }
  const am = (group.accountManager ?? '').trim();
  return am !== '' ? { owner: am, source: 'accountManager' } : { owner: '', source: 'none' };
}

export interface RecheckPoint {
  period: string;
  zone: Zone;
  score: number;
  /** current value (元/month) at that month, null when the engine has none */
  value: number | null;
}

export interface Recheck {
  /** pending: the data does not reach the re-check month yet; done: both months known; noBase: the base month is unknown */
  status: 'pending' | 'done' | 'noBase';
  months: number;
  basePeriod: string | null;
  /** the month compared with the base: basePeriod + months */
  checkPeriod: string | null;
  before: RecheckPoint | null;
  after: RecheckPoint | null;
  /** after − before */
  scoreChange: number | null;
  /** after ÷ before − 1 (null when before is 0 or missing) */
  valueChange: number | null;
}

/**
 * The re-check of an action: its group's zone, score and value at the base
 * month (the newest data month when the action was logged) and `months`
 * later. `lastPeriod` is the newest month of the data now; `pointAt` reads
 * the engine at a month (null when the group is not in the data then).
 */
export function recheck(basePeriod: string | null, months: number, lastPeriod: string | null, pointAt: (period: string) => RecheckPoint | null): Recheck {
  if (basePeriod === null) return { status: 'noBase', months, basePeriod, checkPeriod: null, before: null, after: null, scoreChange: null, valueChange: null };
  const checkPeriod = addMonths(basePeriod, months);
  const before = pointAt(basePeriod);
  if (lastPeriod === null || lastPeriod < checkPeriod) return { status: 'pending', months, basePeriod, checkPeriod, before, after: null, scoreChange: null, valueChange: null };
  const after = pointAt(checkPeriod);
  const scoreChange = before && after ? after.score - before.score : null;
  const valueChange = before && after && before.value !== null && after.value !== null && before.value > 0 ? after.value / before.value - 1 : null;
  return { status: 'done', months, basePeriod, checkPeriod, before, after, scoreChange, valueChange };
}

/** YYYY-MM-DD strictly before today, on an open action: overdue. */
export function isOverdue(a: { due: string | null; status: string }, today: string): boolean {
  return a.status === 'open' && a.due !== null && a.due < today;
}

/** Ledger order: overdue first (oldest due first), then open by due date (no date last), then the rest by due date. */
export function compareLedger(a: { due: string | null; status: string; id: string }, b: { due: string | null; status: string; id: string }, today: string): number {
  const rank = (x: { due: string | null; status: string }): number => (isOverdue(x, today) ? 0 : x.status === 'open' ? 1 : 2);
  const r = rank(a) - rank(b);
  if (r !== 0) return r;
  const da = a.due ?? '9999-99-99';
  const db = b.due ?? '9999-99-99';
  if (da !== db) return da < db ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
