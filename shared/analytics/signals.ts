/**
 * The warning signals of docs/domain.md §5, as one allocation-free kernel that the
 * as-of analysis and the month-by-month back-test share, plus the code that
 * turns the kernel's numbers into explained results (zh and en).
 *
 * Rules (defaults from DOMAIN; every number is a setting):
 * - revenueTrend: mean revenue of the last 3 months vs the 3 before ≤ −10%.
 * - trafficDrop: minutes this month vs the mean of the 3 months before ≤ −15%.
 * - memberLoss: members now vs 3 months ago: lost ≥ 5, or lost ≥ 10%.
 * - offNetRising: off-net members / members now minus 3 months ago ≥ +1 pp
 *   (DOMAIN says "rising"; the 1 pp floor is the engine's default).
 * - billAnomaly: revenue this month < mean − 2σ (population σ) of the
 *   trailing 12 months (at least 6 of them must exist).
 * - complaints: complaints + faults this month ≥ 2.
 * - contract: no contract (contractEnd empty while the column was imported),
 *   contract already ended, or ending within 90 days of the month's end.
 * - noManager: no account manager (when the column was imported).
 * - arrears: arrears > 0 in each of the last 2+ months.
 * - keyPerson: a key person took the role within 90 days, was seen with a
 *   competitor, or was last contacted 90+ days ago; or (setting
 *   noDecisionMaker) none of the group's key persons is a 决策者.
 * A signal whose data is missing is "unavailable" with a reason, never fired
 * and never read as zero. Comparisons at a threshold tolerate 1e-9 rounding.
 *
 * The warning score is on one 0–100 scale: the points of the fired signals
 * summed and capped at SCORE_MAX (100). The default points add up to 125, so
 * a group with (almost) every signal fired would pass 100; the cap loses no
 * zone, because every zone cut-off is itself at most 100 (settings), so
 * "sum ≥ cut-off" and "min(sum, 100) ≥ cut-off" pick the same zone.
 */
import type { KeyPerson } from '../model/portfolio';
import { canonicalRole, isDecisionMaker, ROLE_LABELS } from '../model/keyPersons';
import type { LocalText } from '../model/trace';
import { monthEndDay, parseDay, type PortfolioIndex, revenueMatrix } from './columnar';
import { type AnalyticsSettings, SIGNAL_IDS, SIGNAL_LABELS, type SignalId } from './settings';
import { T, basisLabel, changeText, dayLabel, fmtMoney, fmtPct, fmtPp, fmtShare, fmtShort } from './text';

export const N_SIGNALS = SIGNAL_IDS.length;
/** The top of the warning score's scale: the fired points summed, capped here. */
export const SCORE_MAX = 100;
/** observation slots per signal in the kernel buffer */
export const SLOTS = 6;

export const NOT_FIRED = 0;
export const FIRED = 1;
export const UNAVAILABLE = 2;
export const DISABLED = 3;

export const R_NONE = 0;
export const R_HISTORY = 1;
export const R_MISSING = 2;
export const R_ZERO_BASE = 3;
export const R_COLUMN = 4;
export const R_NO_KEY_PERSONS = 5;

/**
 * Kernel output for a range of columns of one group, signal-major:
 * status[i * cap + k], reason[i * cap + k], feature[i * cap + k] and
 * obs[(i * cap + k) * SLOTS + slot] for signal i at column tFrom + k.
 * A buffer of capacity 1 holds one (group, month).
 */
export interface SignalBuffer {
  cap: number;
  /** 0: fired/unavailable masks only; 1: + status, reason, feature; 2: + observed numbers */
  detail: 0 | 1 | 2;
  status: Uint8Array;
  reason: Uint8Array;
  obs: Float64Array;
  /** one raw number per signal for the logistic model (NaN when unavailable) */
  feature: Float64Array;
  /** per column: bit i = signal i fired (enabled signals only) */
  firedMask: Uint16Array;
  /** per column: bit i = signal i unavailable (enabled signals only) */
  unavailableMask: Uint16Array;
}

export function createSignalBuffer(cap = 1, detail: 0 | 1 | 2 = 2): SignalBuffer {
  return {
    cap,
    detail,
    status: new Uint8Array(N_SIGNALS * cap),
    reason: new Uint8Array(N_SIGNALS * cap),
    obs: new Float64Array(detail > 1 ? N_SIGNALS * cap * SLOTS : 0),
    feature: new Float64Array(N_SIGNALS * cap),
    firedMask: new Uint16Array(cap),
    unavailableMask: new Uint16Array(cap),
  };
}

interface KpDays {
  since: number;
  lastContact: number;
  poached: boolean | null;
  decisionMaker: boolean;
}

/** Everything the kernel needs, resolved once per settings. */
export interface SignalContext {
  ix: PortfolioIndex;
  s: AnalyticsSettings;
  rev: ArrayLike<number>;
  points: Float64Array;
  enabled: Uint8Array;
  /** score of every fired-signal mask (enabled signals only): the points summed, capped at SCORE_MAX */
  scoreOfMask: Float64Array;
  /** the points of every mask summed (enabled signals only), not capped */
  pointsOfMask: Float64Array;
  /** bit i = signal i enabled */
  enabledMask: number;
  /** day number of the last day of each column's month */
  monthEnd: Float64Array;
  kp: (KpDays[] | undefined)[] | null;
}

export function signalContext(ix: PortfolioIndex, s: AnalyticsSettings): SignalContext {
  const w = s.warnings;
  const points = new Float64Array(N_SIGNALS);
  const enabled = new Uint8Array(N_SIGNALS);
  SIGNAL_IDS.forEach((id, i) => {
    points[i] = w[id].points;
    enabled[i] = w[id].enabled ? 1 : 0;
  });
  const scoreOfMask = new Float64Array(1 << N_SIGNALS);
  const pointsOfMask = new Float64Array(1 << N_SIGNALS);
  for (let mask = 0; mask < scoreOfMask.length; mask++) {
    let sc = 0;
    for (let i = 0; i < N_SIGNALS; i++) if (mask & (1 << i) && enabled[i] === 1) sc += points[i] as number;
    pointsOfMask[mask] = sc;
    scoreOfMask[mask] = Math.min(SCORE_MAX, sc);
  }
  const monthEnd = new Float64Array(ix.nP);
  for (let t = 0; t < ix.nP; t++) monthEnd[t] = monthEndDay(ix.p0 + t);
  let kp: (KpDays[] | undefined)[] | null = null;
  if (ix.keyPersons) {
    kp = ix.keyPersons.map((list) =>
      list?.map((p: KeyPerson) => ({ since: parseDay(p.roleSince), lastContact: parseDay(p.lastContactDate), poached: p.competitorContact, decisionMaker: isDecisionMaker(p) })),
    );
  }
  let enabledMask = 0;
  for (let i = 0; i < N_SIGNALS; i++) if (enabled[i] === 1) enabledMask |= 1 << i;
  return { ix, s, rev: revenueMatrix(ix, s.value.basis), points, enabled, enabledMask, scoreOfMask, pointsOfMask, monthEnd, kp };
}

const EPS = 1e-9;

type Pass = (ctx: SignalContext, g: number, tFrom: number, tTo: number, b: SignalBuffer) => void;

/** Writes "unavailable" with a reason for column k of signal i. */
function unavailable(b: SignalBuffer, i: number, k: number, reason: number): void {
  b.unavailableMask[k] = (b.unavailableMask[k] as number) | (1 << i);
  if (b.detail === 0) return;
  const j = i * b.cap + k;
  b.status[j] = UNAVAILABLE;
  b.reason[j] = reason;
  b.feature[j] = NaN;
}

/**
 * The checks a pass opens a column with (too little history, a column not imported, missing
 * numbers): when `cond` holds, signal i is unavailable at column k for `reason`. True = skip k.
 */
export function unavailableIf(cond: boolean, b: SignalBuffer, i: number, k: number, reason: number): boolean {
  if (cond) unavailable(b, i, k, reason);
  return cond;
}

/** Writes fired / not fired for column k of signal i. */
function put(b: SignalBuffer, i: number, k: number, fired: boolean): void {
  if (fired) b.firedMask[k] = (b.firedMask[k] as number) | (1 << i);
  if (b.detail > 0) b.status[i * b.cap + k] = fired ? FIRED : NOT_FIRED;
}

const revenueTrend: Pass = (ctx, g, tFrom, tTo, b) => {
  const { ix, rev } = ctx;
  const cfg = ctx.s.warnings.revenueTrend;
  const m = cfg.months;
  const thr = cfg.thresholdPct + EPS;
  const base = g * ix.nP;
  const f0 = ix.first[g] as number;
  for (let t = tFrom; t <= tTo; t++) {
    const k = t - tFrom;
    if (unavailableIf(f0 < 0 || t - 2 * m + 1 < f0, b, 0, k, R_HISTORY)) continue;
    let recent = 0;
    let prev = 0;
    for (let q = t - m + 1; q <= t; q++) recent += rev[base + q] as number;
    for (let q = t - 2 * m + 1; q <= t - m; q++) prev += rev[base + q] as number;
    if (Number.isNaN(recent) || Number.isNaN(prev)) unavailable(b, 0, k, R_MISSING);
    else if (prev <= 0) unavailable(b, 0, k, R_ZERO_BASE);
    else {
      const pct = recent / prev - 1;
      if (b.detail > 1) {
        const o = k * SLOTS;
        b.obs[o] = recent / m;
        b.obs[o + 1] = prev / m;
        b.obs[o + 2] = pct;
      }
      if (b.detail > 0) b.feature[k] = pct;
      put(b, 0, k, pct <= thr);
    }
  }
};

const trafficDrop: Pass = (ctx, g, tFrom, tTo, b) => {
  const ix = ctx.ix;
  const cfg = ctx.s.warnings.trafficDrop;
  const a = cfg.avgMonths;
  const thr = cfg.thresholdPct + EPS;
  const mins = ix.m.minutes;
  const base = g * ix.nP;
  const f0 = ix.first[g] as number;
  const off = b.cap;
  for (let t = tFrom; t <= tTo; t++) {
    const k = t - tFrom;
    if (unavailableIf(f0 < 0 || t - a < f0, b, 1, k, R_HISTORY)) continue;
    let sum = 0;
    for (let q = t - a; q < t; q++) sum += mins[base + q] as number;
    const cur = mins[base + t] as number;
    if (Number.isNaN(sum) || Number.isNaN(cur)) unavailable(b, 1, k, R_MISSING);
    else if (sum <= 0) unavailable(b, 1, k, R_ZERO_BASE);
    else {
      const avg = sum / a;
      const pct = cur / avg - 1;
      if (b.detail > 1) {
        const o = (off + k) * SLOTS;
        b.obs[o] = cur;
        b.obs[o + 1] = avg;
        b.obs[o + 2] = pct;
      }
      if (b.detail > 0) b.feature[off + k] = pct;
      put(b, 1, k, pct <= thr);
    }
  }
};

const memberLoss: Pass = (ctx, g, tFrom, tTo, b) => {
  const ix = ctx.ix;
  const cfg = ctx.s.warnings.memberLoss;
  const m = cfg.months;
  const countThr = cfg.lossCount - EPS;
  const pctThr = cfg.lossPct - EPS;
  const mem = ix.m.members;
  const base = g * ix.nP;
  const f0 = ix.first[g] as number;
  const off = 2 * b.cap;
  for (let t = tFrom; t <= tTo; t++) {
    const k = t - tFrom;
    if (unavailableIf(f0 < 0 || t - m < f0, b, 2, k, R_HISTORY)) continue;
    const before = mem[base + t - m] as number;
    const now = mem[base + t] as number;
    if (unavailableIf(Number.isNaN(before) || Number.isNaN(now), b, 2, k, R_MISSING)) continue;
    const lost = before - now;
    const lostPct = before > 0 ? lost / before : 0;
    if (b.detail > 1) {
      const o = (off + k) * SLOTS;
      b.obs[o] = before;
      b.obs[o + 1] = now;
      b.obs[o + 2] = lost;
      b.obs[o + 3] = lostPct;
    }
    if (b.detail > 0) b.feature[off + k] = lostPct;
    const fired = lost >= countThr || (before > 0 && lost > 0 && lostPct >= pctThr);
    put(b, 2, k, fired);
  }
};

const offNetRising: Pass = (ctx, g, tFrom, tTo, b) => {
  const ix = ctx.ix;
  const cfg = ctx.s.warnings.offNetRising;
  const m = cfg.months;
  const thr = cfg.risePp - EPS;
  const offM = ix.m.offNetMembers;
  const mem = ix.m.members;
  const base = g * ix.nP;
  const f0 = ix.first[g] as number;
  const off = 3 * b.cap;
  for (let t = tFrom; t <= tTo; t++) {
    const k = t - tFrom;
    if (unavailableIf(f0 < 0 || t - m < f0, b, 3, k, R_HISTORY)) continue;
    const o0 = offM[base + t - m] as number;
    const n0 = mem[base + t - m] as number;
    const o1 = offM[base + t] as number;
    const n1 = mem[base + t] as number;
    if (Number.isNaN(o0) || Number.isNaN(n0) || Number.isNaN(o1) || Number.isNaN(n1)) unavailable(b, 3, k, R_MISSING);
    else if (n0 <= 0 || n1 <= 0) unavailable(b, 3, k, R_ZERO_BASE);
    else {
      const s0 = o0 / n0;
      const s1 = o1 / n1;
      const diff = s1 - s0;
      if (b.detail > 1) {
        const o = (off + k) * SLOTS;
        b.obs[o] = s0;
        b.obs[o + 1] = s1;
        b.obs[o + 2] = diff;
      }
      if (b.detail > 0) b.feature[off + k] = diff;
      put(b, 3, k, diff > 0 && diff >= thr);
    }
  }
};

const billAnomaly: Pass = (ctx, g, tFrom, tTo, b) => {
  const { ix, rev } = ctx;
  const cfg = ctx.s.warnings.billAnomaly;
  const L = cfg.trailingMonths;
  const minMonths = cfg.minMonths;
  const sig = cfg.sigmas;
  const base = g * ix.nP;
  const f0 = ix.first[g] as number;
  const off = 4 * b.cap;
  // sliding sums over the trailing window [from, t−1], shifted by K (the
  // window's first value) so that the variance keeps its precision
  let K = 0;
  let s1 = 0;
  let s2 = 0;
  let nan = 0;
  let wFrom = -1;
  let wTo = -1;
  for (let t = tFrom; t <= tTo; t++) {
    const k = t - tFrom;
    const from = Math.max(f0, t - L);
    const count = t - from;
    if (unavailableIf(f0 < 0 || count < minMonths, b, 4, k, R_HISTORY)) continue;
    let addFrom: number;
    if (wFrom < 0) {
      const x0 = rev[base + from] as number;
      K = Number.isNaN(x0) ? 0 : x0;
      addFrom = from;
    } else {
      addFrom = wTo + 1;
      // drop the months that left the window
      for (let q = wFrom; q < from; q++) {
        const x = rev[base + q] as number;
        if (Number.isNaN(x)) nan--;
        else {
          const d = x - K;
          s1 -= d;
          s2 -= d * d;
        }
      }
    }
    for (let q = addFrom; q < t; q++) {
      const x = rev[base + q] as number;
      if (Number.isNaN(x)) nan++;
      else {
        const d = x - K;
        s1 += d;
        s2 += d * d;
      }
    }
    wFrom = from;
    wTo = t - 1;
    const cur = rev[base + t] as number;
    if (unavailableIf(nan > 0 || Number.isNaN(cur), b, 4, k, R_MISSING)) continue;
    const m1 = s1 / count;
    const mean = K + m1;
    if (b.detail === 0 && cur >= mean) {
      put(b, 4, k, false); // at or above the mean: never below mean − kσ
      continue;
    }
    const sd = Math.sqrt(Math.max(0, s2 / count - m1 * m1));
    const bound = mean - sig * sd;
    const z = sd > 0 ? Math.max(-10, Math.min(10, (cur - mean) / sd)) : cur < mean ? -10 : cur > mean ? 10 : 0;
    if (b.detail > 1) {
      const o = (off + k) * SLOTS;
      b.obs[o] = cur;
      b.obs[o + 1] = mean;
      b.obs[o + 2] = sd;
      b.obs[o + 3] = bound;
      b.obs[o + 4] = z;
      b.obs[o + 5] = count;
    }
    if (b.detail > 0) b.feature[off + k] = z;
    put(b, 4, k, cur < bound - EPS * Math.max(1, Math.abs(bound)));
  }
};

const complaints: Pass = (ctx, g, tFrom, tTo, b) => {
  const ix = ctx.ix;
  const thr = ctx.s.warnings.complaints.count - EPS;
  const useC = ix.provided.complaints;
  const useF = ix.provided.faults;
  const cm = ix.m.complaints;
  const fm = ix.m.faults;
  const base = g * ix.nP;
  const f0 = ix.first[g] as number;
  const off = 5 * b.cap;
  for (let t = tFrom; t <= tTo; t++) {
    const k = t - tFrom;
    if (unavailableIf(f0 < 0 || t < f0, b, 5, k, R_HISTORY)) continue;
    if (unavailableIf(!useC && !useF, b, 5, k, R_COLUMN)) continue;
    const c = useC ? (cm[base + t] as number) : NaN;
    const f = useF ? (fm[base + t] as number) : NaN;
    const known = (Number.isNaN(c) ? 0 : c) + (Number.isNaN(f) ? 0 : f);
    const partial = (useC && Number.isNaN(c)) || (useF && Number.isNaN(f));
    if (unavailableIf(known < thr && partial, b, 5, k, R_MISSING)) continue;
    if (b.detail > 1) {
      const o = (off + k) * SLOTS;
      b.obs[o] = c;
      b.obs[o + 1] = f;
      b.obs[o + 2] = known;
    }
    if (b.detail > 0) b.feature[off + k] = known;
    put(b, 5, k, known >= thr);
  }
};

const contract: Pass = (ctx, g, tFrom, tTo, b) => {
  const ix = ctx.ix;
  const days = ctx.s.warnings.contract.days;
  const off = 6 * b.cap;
  const provided = ix.provided.contractEnd;
  const end = ix.contractEndDay[g] as number;
  const none = Number.isNaN(end) && ix.contractNone[g] === 1;
  for (let t = tFrom; t <= tTo; t++) {
    const k = t - tFrom;
    if (unavailableIf(!provided, b, 6, k, R_COLUMN)) continue;
    const o = (off + k) * SLOTS;
    if (Number.isNaN(end)) {
      if (unavailableIf(!none, b, 6, k, R_MISSING)) continue; // unreadable date
      if (b.detail > 1) {
        b.obs[o] = NaN;
        b.obs[o + 1] = 0; // no contract
        b.obs[o + 2] = NaN;
      }
      if (b.detail > 0) b.feature[off + k] = 0;
      put(b, 6, k, true);
      continue;
    }
    const remaining = end - (ctx.monthEnd[t] as number);
    if (b.detail > 1) {
      b.obs[o] = remaining;
      b.obs[o + 1] = remaining < 0 ? 1 : 2;
      b.obs[o + 2] = end;
    }
    if (b.detail > 0) b.feature[off + k] = Math.max(0, Math.min(365, remaining));
    put(b, 6, k, remaining < 0 || remaining <= days);
  }
};

const noManager: Pass = (ctx, g, tFrom, tTo, b) => {
  const ix = ctx.ix;
  const off = 7 * b.cap;
  const none = ix.hasManager[g] === 0;
  for (let t = tFrom; t <= tTo; t++) {
    const k = t - tFrom;
    if (unavailableIf(!ix.provided.accountManager, b, 7, k, R_COLUMN)) continue;
    if (b.detail > 1) b.obs[(off + k) * SLOTS] = none ? 1 : 0;
    if (b.detail > 0) b.feature[off + k] = none ? 1 : 0;
    put(b, 7, k, none);
  }
};

const arrears: Pass = (ctx, g, tFrom, tTo, b) => {
  const ix = ctx.ix;
  const need = ctx.s.warnings.arrears.months;
  const arr = ix.m.arrears;
  const base = g * ix.nP;
  const f0 = ix.first[g] as number;
  const off = 8 * b.cap;
  for (let t = tFrom; t <= tTo; t++) {
    const k = t - tFrom;
    if (unavailableIf(f0 < 0 || t < f0, b, 8, k, R_HISTORY)) continue;
    let run = 0;
    let unknown = R_NONE;
    for (let q = t; q >= f0 && run < need; q--) {
      const v = arr[base + q] as number;
      if (Number.isNaN(v)) {
        unknown = R_MISSING;
        break;
      }
      if (v > 0) run++;
      else break;
    }
    // the run reaches back to the first month: history too short to tell
    if (run < need && unknown === R_NONE && run === t - f0 + 1) unknown = R_HISTORY;
    if (unavailableIf(run < need && unknown !== R_NONE, b, 8, k, unknown)) continue;
    if (b.detail > 1) {
      const o = (off + k) * SLOTS;
      b.obs[o] = run;
      b.obs[o + 1] = arr[base + t] as number;
    }
    if (b.detail > 0) b.feature[off + k] = run;
    put(b, 8, k, run >= need);
  }
};

const NO_KEY_PERSONS: readonly KpDays[] = [];

const keyPerson: Pass = (ctx, g, tFrom, tTo, b) => {
  const off = 9 * b.cap;
  const days = ctx.s.warnings.keyPerson.days;
  const list = (ctx.kp === null ? undefined : ctx.kp[g]) ?? NO_KEY_PERSONS;
  for (let t = tFrom; t <= tTo; t++) {
    const k = t - tFrom;
    if (unavailableIf(ctx.kp === null, b, 9, k, R_COLUMN)) continue;
    if (unavailableIf(list.length === 0, b, 9, k, R_NO_KEY_PERSONS)) continue;
    const asOfDay = ctx.monthEnd[t] as number;
    let flags = 0;
    let assessed = false;
    let maxSinceContact = NaN;
    let minSinceChange = NaN;
    let who = -1;
    let hasDm = false;
    for (let i = 0; i < list.length; i++) {
      const p = list[i] as KpDays;
      if (!Number.isNaN(p.since) && p.since > asOfDay) continue; // not in the role yet at t
      let hit = false;
      if (!Number.isNaN(p.since)) {
        assessed = true;
        const d = asOfDay - p.since;
        if (Number.isNaN(minSinceChange) || d < minSinceChange) minSinceChange = d;
        if (d <= days) {
          flags |= 1;
          hit = true;
        }
      }
      if (p.poached !== null) {
        assessed = true;
        if (p.poached) {
          flags |= 2;
          hit = true;
        }
      }
      if (!Number.isNaN(p.lastContact) && p.lastContact <= asOfDay) {
        assessed = true;
        const d = asOfDay - p.lastContact;
        if (Number.isNaN(maxSinceContact) || d > maxSinceContact) maxSinceContact = d;
        if (d >= days) {
          flags |= 4;
          hit = true;
        }
      }
      if (hit && who < 0) who = i;
      if (p.decisionMaker) hasDm = true;
    }
    if (ctx.s.warnings.keyPerson.noDecisionMaker && !hasDm) {
      flags |= 8;
      assessed = true;
    }
    if (unavailableIf(flags === 0 && !assessed, b, 9, k, R_MISSING)) continue;
    if (b.detail > 1) {
      const o = (off + k) * SLOTS;
      b.obs[o] = flags;
      b.obs[o + 1] = maxSinceContact;
      b.obs[o + 2] = minSinceChange;
      b.obs[o + 3] = who;
    }
    if (b.detail > 0) b.feature[off + k] = flags !== 0 ? 1 : 0;
    put(b, 9, k, flags !== 0);
  }
};


/**
 * Evaluates every signal for group g at each column t in [tFrom, tTo] (each
 * from data up to its own t only) into `b` (capacity ≥ tTo − tFrom + 1).
 */
export function evaluateRange(ctx: SignalContext, g: number, tFrom: number, tTo: number, b: SignalBuffer): void {
  const len = tTo - tFrom + 1;
  b.firedMask.fill(0, 0, len);
  b.unavailableMask.fill(0, 0, len);
  // direct calls (one call site per pass) so that the compiler can inline them
  revenueTrend(ctx, g, tFrom, tTo, b);
  trafficDrop(ctx, g, tFrom, tTo, b);
  memberLoss(ctx, g, tFrom, tTo, b);
  offNetRising(ctx, g, tFrom, tTo, b);
  billAnomaly(ctx, g, tFrom, tTo, b);
  complaints(ctx, g, tFrom, tTo, b);
  contract(ctx, g, tFrom, tTo, b);
  noManager(ctx, g, tFrom, tTo, b);
  arrears(ctx, g, tFrom, tTo, b);
  keyPerson(ctx, g, tFrom, tTo, b);
  const en = ctx.enabledMask;
  if (en === ALL_ENABLED) return;
  const cap = b.cap;
  for (let i = 0; i < N_SIGNALS; i++) {
    if (en & (1 << i) || b.detail === 0) continue;
    for (let k = 0; k < len; k++) b.status[i * cap + k] = DISABLED;
  }
  for (let k = 0; k < len; k++) {
    b.firedMask[k] = (b.firedMask[k] as number) & en;
    b.unavailableMask[k] = (b.unavailableMask[k] as number) & en;
  }
}

const ALL_ENABLED = (1 << N_SIGNALS) - 1;

/** Fired-signal bit mask at column offset k of a buffer (enabled signals). */
export function firedMaskAt(b: SignalBuffer, k: number): number {
  return b.firedMask[k] as number;
}

/** Unavailable-signal bit mask at column offset k of a buffer (enabled signals). */
export function unavailableMaskAt(b: SignalBuffer, k: number): number {
  return b.unavailableMask[k] as number;
}

/**
 * Evaluates every signal for group g at column t into a capacity-1 buffer and
 * returns the score (sum of the points of fired, enabled signals, capped at SCORE_MAX).
 */
export function evaluateSignals(ctx: SignalContext, g: number, t: number, buf: SignalBuffer): number {
  evaluateRange(ctx, g, t, t, buf);
  return ctx.scoreOfMask[firedMaskAt(buf, 0)] as number;
}


// ---------------------------------------------------------------------------
// Explained results

export interface SignalResult {
  id: SignalId;
  label: LocalText;
  enabled: boolean;
  fired: boolean;
  /** points earned: the configured points when fired, else 0 */
  points: number;
  /** configured points */
  maxPoints: number;
  unavailable: boolean;
  /** why the signal could not be evaluated (null when it could) */
  reason: LocalText | null;
  /** the observed numbers (fractions for percentages, 元, counts, days); null = not observed */
  observed: Record<string, number | null>;
  /** the thresholds applied (fractions for percentages) */
  threshold: Record<string, number>;
  explanation: LocalText;
}

const REASONS: Record<number, (id: SignalId) => LocalText> = {
  [R_HISTORY]: () => T('历史月份不足', 'Not enough months of history'),
  [R_MISSING]: (id) => T(`缺少数据：${FIELD_LABEL[id].zh}`, `Missing data: ${FIELD_LABEL[id].en}`),
  [R_ZERO_BASE]: () => T('基期为零，无法计算变化', 'The base period is zero, so no change can be computed'),
  [R_COLUMN]: (id) => T(`未导入：${FIELD_LABEL[id].zh}`, `Not imported: ${FIELD_LABEL[id].en}`),
  [R_NO_KEY_PERSONS]: () => T('该集团未登记关键人', 'No key person recorded for this group'),
};

const FIELD_LABEL: Record<SignalId, LocalText> = {
  revenueTrend: T('月收入', 'monthly revenue'),
  trafficDrop: T('通话分钟数', 'minutes'),
  memberLoss: T('成员数', 'members'),
  offNetRising: T('异网成员数、成员数', 'off-net members, members'),
  billAnomaly: T('月收入', 'monthly revenue'),
  complaints: T('投诉次数、故障次数', 'complaints, faults'),
  contract: T('协议到期日', 'contract end date'),
  noManager: T('客户经理', 'account manager'),
  arrears: T('欠费金额', 'arrears'),
  keyPerson: T('关键人资料', 'key persons'),
};

const nzRaw = (x: number): number | null => (Number.isNaN(x) ? null : x);

/**
 * The member signal's text: the direction in words and the count without a
 * sign ("减少 12 人", "增加 94 人"), the counts before → now, and the change as
 * a share of the base — none when the base is zero (as the off-net signal
 * says "基期为零"), never "0.0%" for a change from 0.
 */
export function memberChangeText(m: number, before: number, now: number, thrZh: string, thrEn: string): LocalText {
  const lost = before - now;
  const counts = `${fmtShort(before, 0)} → ${fmtShort(now, 0)}`;
  const n = fmtShort(Math.abs(lost), 0);
  const zeroBase = !(before > 0);
  const share = zeroBase ? null : changeText(-lost / before);
  const tail = (zh: string, en: string): LocalText => ({
    zh: `（${counts}，${share ? share.zh : zh}；阈值 ${thrZh}）`,
    en: ` (${counts}, ${share ? share.en : en}; threshold ${thrEn})`,
  });
  if (Math.round(Math.abs(lost)) === 0) {
    const t = tail('基期为零', 'the base is zero');
    return T(`成员近${m}月无变化${t.zh}`, `Members unchanged over ${m} months${t.en}`);
  }
  const t = tail('基期为零，无变化比例', 'the base is zero, so no percentage');
  return lost > 0
    ? T(`成员近${m}月减少 ${n} 人${t.zh}`, `Members lost over ${m} months: ${n}${t.en}`)
    : T(`成员近${m}月增加 ${n} 人${t.zh}`, `Members gained over ${m} months: ${n}${t.en}`);
}

/** Turns the kernel's numbers for one group into explained signal results. */
export function describeSignals(ctx: SignalContext, g: number, t: number, buf: SignalBuffer): SignalResult[] {
  return SIGNAL_IDS.map((id, i) => describeSignal(ctx, g, t, buf, id, i));
}

/** `buf` must be a capacity-1 buffer evaluated for (g, t). */
export function describeSignal(ctx: SignalContext, g: number, t: number, buf: SignalBuffer, id: SignalId, i: number): SignalResult {
  const w = ctx.s.warnings;
  const st = buf.status[i] as number;
  const o = i * SLOTS;
  const ob = (k: number): number => (st === UNAVAILABLE ? NaN : (buf.obs[o + k] as number));
  const nz = nzRaw;
  const fired = st === FIRED;
  const unavailable = st === UNAVAILABLE;
  const maxPoints = w[id].points;
  const reasonCode = buf.reason[i] as number;
  const reason = unavailable ? (REASONS[reasonCode]?.(id) ?? T('数据不足', 'Not enough data')) : null;
  const basis = basisLabel(ctx.s.value.basis);
  let observed: Record<string, number | null> = {};
  let threshold: Record<string, number> = {};
  let explanation: LocalText;
  switch (id) {
    case 'revenueTrend': {
      const m = w.revenueTrend.months;
      observed = { recentMean: nz(ob(0)), previousMean: nz(ob(1)), change: nz(ob(2)) };
      threshold = { change: w.revenueTrend.thresholdPct, months: m };
      const thr = fmtPct(w.revenueTrend.thresholdPct);
      explanation = unavailable
        ? T(`${basis.zh}近${m}月：${reason?.zh ?? ''}（阈值 ${thr}）`, `${basis.en} over ${m} months: ${reason?.en ?? ''} (threshold ${thr})`)
        : T(`${basis.zh}近${m}月 ${changeText(ob(2)).zh}（阈值 ${thr}）`, `${basis.en} over ${m} months ${changeText(ob(2)).en} (threshold ${thr})`);
      break;
    }
    case 'trafficDrop': {
      const a = w.trafficDrop.avgMonths;
      observed = { minutes: nz(ob(0)), average: nz(ob(1)), change: nz(ob(2)) };
      threshold = { change: w.trafficDrop.thresholdPct, months: a };
      const thr = fmtPct(w.trafficDrop.thresholdPct);
      explanation = unavailable
        ? T(`通话分钟数较前${a}月均值：${reason?.zh ?? ''}（阈值 ${thr}）`, `Minutes vs the ${a}-month average: ${reason?.en ?? ''} (threshold ${thr})`)
        : T(`通话分钟数较前${a}月均值 ${changeText(ob(2)).zh}（阈值 ${thr}）`, `Minutes vs the ${a}-month average ${changeText(ob(2)).en} (threshold ${thr})`);
      break;
    }
    case 'memberLoss': {
      const m = w.memberLoss.months;
      observed = { before: nz(ob(0)), now: nz(ob(1)), lost: nz(ob(2)), lostPct: nz(ob(3)) };
      threshold = { lossCount: w.memberLoss.lossCount, lossPct: w.memberLoss.lossPct, months: m };
      const thrZh = `≥${w.memberLoss.lossCount} 人或 ≥${fmtPct(w.memberLoss.lossPct)}`;
      const thrEn = `≥${w.memberLoss.lossCount} or ≥${fmtPct(w.memberLoss.lossPct)}`;
      explanation = unavailable
        ? T(`成员近${m}月变化：${reason?.zh ?? ''}（阈值 ${thrZh}）`, `Members over ${m} months: ${reason?.en ?? ''} (threshold ${thrEn})`)
        : memberChangeText(m, ob(0), ob(1), thrZh, thrEn);
      break;
    }
    case 'offNetRising': {
      const m = w.offNetRising.months;
      observed = { shareBefore: nz(ob(0)), shareNow: nz(ob(1)), change: nz(ob(2)) };
      threshold = { risePp: w.offNetRising.risePp, months: m };
      const thr = fmtPp(w.offNetRising.risePp);
      explanation = unavailable
        ? T(`异网成员占比近${m}月：${reason?.zh ?? ''}（阈值 ${thr}个百分点）`, `Off-net member share over ${m} months: ${reason?.en ?? ''} (threshold ${thr} pp)`)
        : T(
            `异网成员占比 ${fmtShare(ob(0))} → ${fmtShare(ob(1))}（${fmtPp(ob(2))}个百分点；阈值 ${thr}）`,
            `Off-net member share ${fmtShare(ob(0))} → ${fmtShare(ob(1))} (${fmtPp(ob(2))} pp; threshold ${thr} pp)`,
          );
      break;
    }
    case 'billAnomaly': {
      const k = w.billAnomaly.sigmas;
      const L = w.billAnomaly.trailingMonths;
      observed = { revenue: nz(ob(0)), mean: nz(ob(1)), sd: nz(ob(2)), bound: nz(ob(3)), z: nz(ob(4)), months: nz(ob(5)) };
      threshold = { sigmas: k, trailingMonths: L, minMonths: w.billAnomaly.minMonths };
      explanation = unavailable
        ? T(`本月${basis.zh}与近${L}月比较：${reason?.zh ?? ''}`, `${basis.en} this month vs the trailing ${L} months: ${reason?.en ?? ''}`)
        : T(
            `本月${basis.zh} ${fmtMoney(ob(0))} 元，${fired ? '低于' : '不低于'}近${fmtShort(ob(5), 0)}月均值 − ${fmtShort(k)}σ（${fmtMoney(ob(1))} − ${fmtShort(k)}×${fmtMoney(ob(2))} = ${fmtMoney(ob(3))} 元）`,
            `${basis.en} this month ${fmtMoney(ob(0))} yuan, ${fired ? 'below' : 'not below'} the ${fmtShort(ob(5), 0)}-month mean − ${fmtShort(k)}σ (${fmtMoney(ob(1))} − ${fmtShort(k)}×${fmtMoney(ob(2))} = ${fmtMoney(ob(3))} yuan)`,
          );
      break;
    }
    case 'complaints': {
      observed = { complaints: nz(ob(0)), faults: nz(ob(1)), total: nz(ob(2)) };
      threshold = { count: w.complaints.count };
      const c = Number.isNaN(ob(0)) ? '—' : fmtShort(ob(0), 0);
      const f = Number.isNaN(ob(1)) ? '—' : fmtShort(ob(1), 0);
      explanation = unavailable
        ? T(`本月投诉/故障：${reason?.zh ?? ''}（阈值 ≥${w.complaints.count}）`, `Complaints/faults this month: ${reason?.en ?? ''} (threshold ≥${w.complaints.count})`)
        : T(
            `本月投诉 ${c} 次、故障 ${f} 次，共 ${fmtShort(ob(2), 0)} 次（阈值 ≥${w.complaints.count}）`,
            `This month ${c} complaints and ${f} faults, ${fmtShort(ob(2), 0)} in all (threshold ≥${w.complaints.count})`,
          );
      break;
    }
    case 'contract': {
      const days = w.contract.days;
      observed = { daysRemaining: nz(ob(0)), kind: nz(ob(1)) };
      threshold = { days };
      if (unavailable) explanation = T(`协议到期：${reason?.zh ?? ''}`, `Contract: ${reason?.en ?? ''}`);
      else if (ob(1) === 0) explanation = T('无协议', 'No contract');
      else if (ob(1) === 1)
        explanation = T(`协议已于 ${dayLabel(ob(2))} 到期（${fmtShort(-ob(0), 0)} 天前）`, `Contract ended on ${dayLabel(ob(2))} (${fmtShort(-ob(0), 0)} days ago)`);
      else
        explanation = T(
          `协议 ${fmtShort(ob(0), 0)} 天后到期（${dayLabel(ob(2))}；阈值 ≤${days} 天）`,
          `Contract ends in ${fmtShort(ob(0), 0)} days (${dayLabel(ob(2))}; threshold ≤${days} days)`,
        );
      break;
    }
    case 'noManager': {
      observed = { noManager: nz(ob(0)) };
      threshold = {};
      explanation = unavailable
        ? T(`客户经理：${reason?.zh ?? ''}`, `Account manager: ${reason?.en ?? ''}`)
        : fired
          ? T('无客户经理（管理真空）', 'No account manager (management vacuum)')
          : T(`客户经理：${ctx.ix.groups[g]?.accountManager ?? ''}`, `Account manager: ${ctx.ix.groups[g]?.accountManager ?? ''}`);
      break;
    }
    case 'arrears': {
      const need = w.arrears.months;
      observed = { consecutiveMonths: nz(ob(0)), arrears: nz(ob(1)) };
      threshold = { months: need };
      explanation = unavailable
        ? T(`欠费：${reason?.zh ?? ''}（阈值 连续 ≥${need} 个月）`, `Arrears: ${reason?.en ?? ''} (threshold ≥${need} consecutive months)`)
        : T(
            `连续 ${fmtShort(ob(0), 0)} 个月欠费，本月欠费 ${fmtMoney(ob(1))} 元（阈值 ≥${need} 个月）`,
            `Arrears in ${fmtShort(ob(0), 0)} consecutive months, ${fmtMoney(ob(1))} yuan this month (threshold ≥${need} months)`,
          );
      break;
    }
    case 'keyPerson': {
      const days = w.keyPerson.days;
      const flags = ob(0);
      observed = { flags: nz(flags), daysSinceContact: nz(ob(1)), daysSinceChange: nz(ob(2)) };
      threshold = { days };
      if (unavailable) explanation = T(`关键人：${reason?.zh ?? ''}`, `Key persons: ${reason?.en ?? ''}`);
      else {
        const list = ctx.ix.keyPersons?.[g];
        const who = list?.[ob(3)];
        const name = who ? `${who.name ?? ''}${who.role ? `（${who.role}）` : ''}` : '';
        // the role in English (决策者 → decision maker); a role outside the four stays as imported
        const canonical = who ? canonicalRole(who.role) : null;
        const roleEn = canonical ? ROLE_LABELS[canonical].en : (who?.role ?? '');
        const nameEn = who ? `${who.name ?? ''}${roleEn ? ` (${roleEn})` : ''}` : '';
        const partsZh: string[] = [];
        const partsEn: string[] = [];
        if (flags & 1) {
          partsZh.push(`${fmtShort(ob(2), 0)} 天内更换`);
          partsEn.push(`changed ${fmtShort(ob(2), 0)} days ago`);
        }
        if (flags & 2) {
          partsZh.push('竞争对手已接触');
          partsEn.push('seen with a competitor');
        }
        if (flags & 4) {
          partsZh.push(`${fmtShort(ob(1), 0)} 天未联系`);
          partsEn.push(`not contacted for ${fmtShort(ob(1), 0)} days`);
        }
        if (flags & 8) {
          partsZh.push('未登记决策者');
          partsEn.push('no decision maker on record');
        }
        const prevZh = who?.previousName ? `，接替 ${who.previousName}` : '';
        const prevEn = who?.previousName ? `, replacing ${who.previousName}` : '';
        explanation = fired
          ? who
            ? T(`关键人 ${name}：${partsZh.join('、')}${prevZh}（阈值 ${days} 天）`, `Key person ${nameEn}: ${partsEn.join(', ')}${prevEn} (threshold ${days} days)`)
            : T(`关键人：${partsZh.join('、')}`, `Key persons: ${partsEn.join(', ')}`)
          : T(
              `关键人正常（最久未联系 ${Number.isNaN(ob(1)) ? '—' : fmtShort(ob(1), 0)} 天；阈值 ${days} 天）`,
              `Key persons fine (longest without contact ${Number.isNaN(ob(1)) ? '—' : fmtShort(ob(1), 0)} days; threshold ${days} days)`,
            );
      }
      break;
    }
  }
  return {
    id,
    label: SIGNAL_LABELS[id],
    enabled: st !== DISABLED,
    fired,
    points: fired ? maxPoints : 0,
    maxPoints,
    unavailable,
    reason,
    observed,
    threshold,
    explanation,
  };
}
