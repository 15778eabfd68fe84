/**
 * The Monte Carlo: per run, one draw of every range (triangular, shared by
 * all groups — the uncertainty is about how strong the move and the measures
 * are, not about each group), then per group one uniform u that decides
 * whether and when the group is lost, with the plan and doing nothing on the
 * same u (common random numbers, so the difference is not noise).
 *
 * Fast path: groups with the same moves and measures share a "profile"; per
 * run the profile's monthly loss curve and kept share are computed once; per
 * group the loss month is found by inverting the cumulative loss curve (O(1)
 * without measures, a short scan with them) and only the group's value
 * (weighted by the kept share) is added to its (growth rate, month) cell.
 * Because the baseline is value × rate^k, the revenue lost per month is then
 * rebuilt per growth rate with a running sum, never per group and month.
 * Typed arrays, no allocation in the loops.
 */
import { Sfc32, streamSeed } from './prng';
import { triangularQuantile } from './triangular';
import type { SimModel } from './model';

/** Runs are simulated in blocks with their own random streams, so any split of the blocks (over workers) gives the same numbers. */
export const MC_BLOCK = 500;

export interface McRaw {
  /** runs in this part */
  runs: number;
  /** index of its first run */
  firstRun: number;
  H: number;
  /** per run: revenue kept over the horizon, 元 */
  revPlan: Float64Array;
  revNone: Float64Array;
  /** per run: groups lost within the horizon */
  lostPlan: Int32Array;
  lostNone: Int32Array;
  /** runs × H: revenue per month */
  monthPlan: Float64Array;
  monthNone: Float64Array;
}

export interface McOptions {
  /** total runs of the simulation */
  runs: number;
  seed: number;
  /** simulate only blocks [fromBlock, toBlock) of MC_BLOCK runs (default: all) */
  fromBlock?: number;
  toBlock?: number;
  /** called every `progressEvery` runs with the runs done */
  onProgress?: (done: number) => void;
  progressEvery?: number;
}

interface Profiles {
  count: number;
  moveMask: Int32Array;
  fundedMask: Int32Array;
  /** count × H: baseline revenue of the profile's groups per month */
  baseline: Float64Array;
  profileOf: Int32Array;
  /** per profile, the month indexes (1..H−1) where one of its measures starts working: bpStart[p] … bpStart[p+1] into bpMonth */
  bpStart: Int32Array;
  bpMonth: Int32Array;
  /** per profile, its funded measures by start month: csStart[p] … csStart[p+1] into csCounter */
  csStart: Int32Array;
  csCounter: Int32Array;
}

function buildProfiles(model: SimModel): Profiles {
  const { n, H } = model;
  const ids = new Map<string, number>();
  const profileOf = new Int32Array(n);
  const mm: number[] = [];
  const fm: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = model.moveMask[i] ?? 0;
    const b = model.fundedMask[i] ?? 0;
    const key = `${a}|${b}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = mm.length;
      ids.set(key, id);
      mm.push(a);
      fm.push(b);
    }
    profileOf[i] = id;
  }
  const count = mm.length;
  const baseline = new Float64Array(count * H);
  for (let i = 0; i < n; i++) {
    const p = profileOf[i] ?? 0;
    for (let k = 0; k < H; k++) baseline[p * H + k] = (baseline[p * H + k] ?? 0) + (model.baseline[i * H + k] ?? 0);
  }
  const bpStart = new Int32Array(count + 1);
  const months: number[] = [];
  for (let p = 0; p < count; p++) {
    bpStart[p] = months.length;
    const set = new Set<number>();
    model.counters.forEach((c, j) => {
      // a measure starting in month s (1-based) changes the kept share from month index s − 1
      if (((fm[p] ?? 0) & (1 << j)) !== 0 && c.start >= 2 && c.start <= H) set.add(c.start - 1);
    });
    for (const m of [...set].sort((x, y) => x - y)) months.push(m);
  }
  bpStart[count] = months.length;
  const csStart = new Int32Array(count + 1);
  const cs: number[] = [];
  for (let p = 0; p < count; p++) {
    csStart[p] = cs.length;
    const funded = model.counters.map((c, j) => ({ j, start: c.start })).filter((x) => ((fm[p] ?? 0) & (1 << x.j)) !== 0);
    funded.sort((x, y) => x.start - y.start || x.j - y.j);
    for (const x of funded) cs.push(x.j);
  }
  csStart[count] = cs.length;
  return {
    count,
    moveMask: Int32Array.from(mm),
    fundedMask: Int32Array.from(fm),
    baseline,
    profileOf,
    bpStart,
    bpMonth: Int32Array.from(months),
    csStart,
    csCounter: Int32Array.from(cs),
  };
}

export function runMonteCarlo(model: SimModel, options: McOptions): McRaw {
  const { H, n } = model;
  const blocks = Math.ceil(options.runs / MC_BLOCK);
  const fromBlock = Math.max(0, Math.min(blocks, options.fromBlock ?? 0));
  const toBlock = Math.max(fromBlock, Math.min(blocks, options.toBlock ?? blocks));
  const firstRun = fromBlock * MC_BLOCK;
  const runs = Math.min(options.runs, toBlock * MC_BLOCK) - firstRun;
  const M = model.moves.length;
  const C = model.counters.length;
  const prof = buildProfiles(model);
  const P = prof.count;
  let paramRng = new Sfc32(0);
  let groupRng = new Sfc32(0);

  const q = new Float64Array(M);
  const e = new Float64Array(M);
  const r = new Float64Array(C);
  const s = new Float64Array(C);
  const start = Int32Array.from(model.counters, (c) => c.start);
  const csStart = prof.csStart;
  const csCounter = prof.csCounter;
  const p0 = new Float64Array(P);
  const cumPlan = new Float64Array(P * H);
  const keepPlan = new Float64Array(P * H);
  const keepNone = new Float64Array(P);
  // growth factor powers: pow[rate·H + k] = rate^(k+1), built like the baseline so values match exactly
  const pow = new Float64Array(model.rates.length * H);
  for (let j = 0; j < model.rates.length; j++) {
    const factor = model.rates[j] ?? 1;
    let f = factor;
    for (let k = 0; k < H; k++) {
      pow[j * H + k] = f;
      f *= factor;
    }
  }
  const R = model.rates.length;
  // kept-share-weighted value lost, per (growth rate, month), cleared as it is read
  const lostN = new Float64Array(R * H);
  const lostP = new Float64Array(R * H);
  const mPlan = new Float64Array(H);
  const mNone = new Float64Array(H);
  const out: McRaw = {
    runs,
    firstRun,
    H,
    revPlan: new Float64Array(runs),
    revNone: new Float64Array(runs),
    lostPlan: new Int32Array(runs),
    lostNone: new Int32Array(runs),
    monthPlan: new Float64Array(runs * H),
    monthNone: new Float64Array(runs * H),
  };
  const value = model.value;
  const rateOf = model.rate;
  const profileOf = prof.profileOf;
  const bpStart = prof.bpStart;
  const bpMonth = prof.bpMonth;
  const every = Math.max(1, options.progressEvery ?? 500);

  for (let run = 0; run < runs; run++) {
    if ((firstRun + run) % MC_BLOCK === 0) {
      const block = (firstRun + run) / MC_BLOCK;
      paramRng = new Sfc32(streamSeed(options.seed, 2 * block));
      groupRng = new Sfc32(streamSeed(options.seed, 2 * block + 1));
    }
    // 1. this run's draw of every range
    for (let m = 0; m < M; m++) {
      const mv = model.moves[m];
      if (!mv) continue;
      q[m] = Math.min(1, mv.intensity * triangularQuantile(mv.loss, paramRng.next()));
      e[m] = Math.min(1, mv.intensity * triangularQuantile(mv.diversion, paramRng.next()));
    }
    for (let c = 0; c < C; c++) {
      const ct = model.counters[c];
      if (!ct) continue;
      r[c] = triangularQuantile(ct.lossReduction, paramRng.next());
      s[c] = triangularQuantile(ct.diversionReduction, paramRng.next());
    }
    // 2. per profile: cumulative loss curve and kept share per month; revenue if nobody were lost
    mPlan.fill(0);
    mNone.fill(0);
    for (let p = 0; p < P; p++) {
      const mm = prof.moveMask[p]!;
      let keepAll = 1;
      let keepDiv = 1;
      for (let m = 0; m < M; m++) {
        if ((mm & (1 << m)) !== 0) {
          keepAll *= 1 - q[m]!;
          keepDiv *= 1 - e[m]!;
        }
      }
      const P0 = 1 - keepAll;
      const D0 = 1 - keepDiv;
      p0[p] = P0;
      keepNone[p] = 1 - D0;
      let cum = 0;
      let lf = 1;
      let df = 1;
      let j = csStart[p]!;
      const jEnd = csStart[p + 1]!;
      for (let k = 1; k <= H; k++) {
        // measures that start working this month (sorted by start)
        while (j < jEnd && start[csCounter[j]!]! <= k) {
          const c = csCounter[j]!;
          lf *= 1 - r[c]!;
          df *= 1 - s[c]!;
          j++;
        }
        cum += (P0 * lf) / H;
        const at = p * H + k - 1;
        cumPlan[at] = cum;
        keepPlan[at] = 1 - D0 * df;
        const b = prof.baseline[at]!;
        mPlan[k - 1]! += keepPlan[at]! * b;
        mNone[k - 1]! += (1 - D0) * b;
      }
    }
    // 3. per group: lost or not, and when (inverse of the cumulative loss curve). A group lost in
    //    month L takes value × rate^k × kept share(k) off every month k ≥ L; it is recorded as its
    //    value × kept share at L, plus the change of the kept share where a measure starts later,
    //    in its growth rate's row: a running sum over months then rebuilds what is lost.
    let lostPc = 0;
    let lostNc = 0;
    // the group stream's sfc32 state in locals: the same numbers as groupRng.next(), without field traffic
    let ga = groupRng.a;
    let gb = groupRng.b;
    let gc = groupRng.c;
    let gd = groupRng.d;
    for (let i = 0; i < n; i++) {
      const p = profileOf[i]!;
      const t = (((ga + gb) | 0) + gd) | 0;
      gd = (gd + 1) | 0;
      ga = gb ^ (gb >>> 9);
      gb = (gc + (gc << 3)) | 0;
      gc = (gc << 21) | (gc >>> 11);
      gc = (gc + t) | 0;
      const u = (t >>> 0) / 4294967296;
      const P0 = p0[p]!;
      if (u >= P0) continue;
      // doing nothing: cum(k) = P0·k/H, so the loss month index is ⌊u·H/P0⌋
      const k0 = ((u * H) / P0) | 0;
      const v = value[i]!;
      const row = rateOf[i]! * H;
      lostN[row + k0]! += v * keepNone[p]!;
      lostNc++;
      const pro = p * H;
      if (u >= cumPlan[pro + H - 1]!) continue;
      // with the plan the curve is lower, so the month is at or after k0
      let k1 = k0;
      while (u >= cumPlan[pro + k1]!) k1++;
      lostP[row + k1]! += v * keepPlan[pro + k1]!;
      for (let j = bpStart[p]!, end = bpStart[p + 1]!; j < end; j++) {
        const b = bpMonth[j]!;
        if (b > k1) lostP[row + b]! += v * (keepPlan[pro + b]! - keepPlan[pro + b - 1]!);
      }
      lostPc++;
    }
    groupRng.a = ga;
    groupRng.b = gb;
    groupRng.c = gc;
    groupRng.d = gd;
    // 4. monthly totals: take off what the lost groups would have brought, per growth rate
    for (let rr = 0; rr < R; rr++) {
      const row = rr * H;
      let cumN = 0;
      let cumP = 0;
      for (let k = 0; k < H; k++) {
        cumN += lostN[row + k]!;
        cumP += lostP[row + k]!;
        lostN[row + k] = 0;
        lostP[row + k] = 0;
        const w = pow[row + k]!;
        mNone[k]! -= cumN * w;
        mPlan[k]! -= cumP * w;
      }
    }
    let totP = 0;
    let totN = 0;
    const mo = run * H;
    for (let k = 0; k < H; k++) {
      out.monthPlan[mo + k] = mPlan[k]!;
      out.monthNone[mo + k] = mNone[k]!;
      totP += mPlan[k]!;
      totN += mNone[k]!;
    }
    out.revPlan[run] = totP;
    out.revNone[run] = totN;
    out.lostPlan[run] = lostPc;
    out.lostNone[run] = lostNc;
    if (options.onProgress && (run + 1) % every === 0) options.onProgress(run + 1);
  }
  if (options.onProgress) options.onProgress(runs);
  return out;
}

/** Joins parts simulated separately (in any order) into the whole, in run order. */
export function mergeMcParts(parts: McRaw[]): McRaw {
  const sorted = [...parts].sort((a, b) => a.firstRun - b.firstRun);
  const H = sorted[0]?.H ?? 0;
  const runs = sorted.reduce((s, p) => s + p.runs, 0);
  const out: McRaw = {
    runs,
    firstRun: sorted[0]?.firstRun ?? 0,
    H,
    revPlan: new Float64Array(runs),
    revNone: new Float64Array(runs),
    lostPlan: new Int32Array(runs),
    lostNone: new Int32Array(runs),
    monthPlan: new Float64Array(runs * H),
    monthNone: new Float64Array(runs * H),
  };
  let at = 0;
  for (const p of sorted) {
    out.revPlan.set(p.revPlan, at);
    out.revNone.set(p.revNone, at);
    out.lostPlan.set(p.lostPlan, at);
    out.lostNone.set(p.lostNone, at);
    out.monthPlan.set(p.monthPlan, at * H);
    out.monthNone.set(p.monthNone, at * H);
    at += p.runs;
  }
  return out;
}
