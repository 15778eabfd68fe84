/**
 * Scenario Monte Carlo: 10,000 runs × 5,000 exposed groups × 8 quarters (24
 * months), run in a worker thread as the app does (the time is measured on
 * the calling thread: post, simulate, transfer back), beside a
 * straightforward implementation (an object per group, every group and
 * every month visited in every run) measured on 1/10 of the runs and scaled.
 * Target (issue #7): ≤ 3 s.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { serveMonteCarlo } from '../../electron/backend/scenarios/mcProtocol';
import { startMonteCarlo } from '../../electron/backend/scenarios/monteCarloRunner';
import { MC_BLOCK, runMonteCarlo, Sfc32, streamSeed, triangularQuantile, type McRaw, type SimModel } from '../../shared/scenarios';
import { printBench } from './benchUtil';

const RUNS = 10_000;
const GROUPS = 5_000;
const H = 24;

/** A synthetic model like a large branch's: 3 moves, 4 measures with lead times, mixed exposure and funding. */
function syntheticModel(): SimModel {
  const rng = new Sfc32(20241);
  const baseline = new Float64Array(GROUPS * H);
  const moveMask = new Int32Array(GROUPS);
  const fundedMask = new Int32Array(GROUPS);
  const groupCost = new Float64Array(GROUPS);
  const value = new Float64Array(GROUPS);
  const rate = new Int32Array(GROUPS);
  // growth −5%…+3% a month in the engine's 0.5-point steps
  const rates = Float64Array.from({ length: 17 }, (_, j) => 1 + (j - 10) * 0.005);
  for (let i = 0; i < GROUPS; i++) {
    const v = 2000 + 60000 * rng.next() ** 3;
    value[i] = v;
    rate[i] = Math.min(16, Math.floor(rng.next() * 17));
    let f = rates[rate[i]!]!;
    for (let k = 0; k < H; k++) {
      baseline[i * H + k] = v * f;
      f *= rates[rate[i]!]!;
    }
    moveMask[i] = 1 + Math.floor(rng.next() * 7); // any non-empty subset of 3 moves
    fundedMask[i] = rng.next() < 0.4 ? Math.floor(rng.next() * 16) : 0;
    groupCost[i] = fundedMask[i] !== 0 ? 2000 : 0;
  }
  const R = (low: number, likely: number, high: number) => ({ low, likely, high });
  const T = (s: string) => ({ zh: s, en: s });
  return {
    H,
    n: GROUPS,
    baseline,
    value,
    rate,
    rates,
    moveMask,
    fundedMask,
    groupCost,
    oneOff: 50_000,
    moves: [
      { id: 'a', name: T('a'), loss: R(0.1, 0.25, 0.45), diversion: R(0, 0.05, 0.1), intensity: 1 },
      { id: 'b', name: T('b'), loss: R(0.15, 0.3, 0.59), diversion: R(0.05, 0.12, 0.2), intensity: 1.2 },
      { id: 'c', name: T('c'), loss: R(0.01, 0.03, 0.06), diversion: R(0.1, 0.18, 0.3), intensity: 0.8 },
    ],
    counters: [
      { id: 'w', name: T('w'), lossReduction: R(0.15, 0.3, 0.45), diversionReduction: R(0.02, 0.05, 0.1), start: 1, oneOff: 0, discountShare: null },
      { id: 'x', name: T('x'), lossReduction: R(0.1, 0.2, 0.3), diversionReduction: R(0.05, 0.1, 0.15), start: 3, oneOff: 0, discountShare: null },
      { id: 'y', name: T('y'), lossReduction: R(0.25, 0.4, 0.6), diversionReduction: R(0.1, 0.2, 0.3), start: 5, oneOff: 50_000, discountShare: null },
      { id: 'z', name: T('z'), lossReduction: R(0.3, 0.45, 0.6), diversionReduction: R(0.05, 0.1, 0.15), start: 2, oneOff: 0, discountShare: 0.05 },
    ],
  };
}

interface NaiveGroup {
  baseline: number[];
  moves: number[];
  counters: number[];
}

/** The same simulation written plainly: objects, and every group × month in every run. */
function naiveMonteCarlo(model: SimModel, runs: number, seed: number): { revPlan: number[]; revNone: number[] } {
  const groups: NaiveGroup[] = [];
  for (let i = 0; i < model.n; i++) {
    const baseline: number[] = [];
    for (let k = 0; k < model.H; k++) baseline.push(model.baseline[i * model.H + k] ?? 0);
    groups.push({
      baseline,
      moves: model.moves.map((_, m) => m).filter((m) => ((model.moveMask[i] ?? 0) & (1 << m)) !== 0),
      counters: model.counters.map((_, c) => c).filter((c) => ((model.fundedMask[i] ?? 0) & (1 << c)) !== 0),
    });
  }
  let paramRng = new Sfc32(0);
  let groupRng = new Sfc32(0);
  const revPlan: number[] = [];
  const revNone: number[] = [];
  for (let r = 0; r < runs; r++) {
    if (r % MC_BLOCK === 0) {
      paramRng = new Sfc32(streamSeed(seed, (2 * r) / MC_BLOCK));
      groupRng = new Sfc32(streamSeed(seed, (2 * r) / MC_BLOCK + 1));
    }
    const draws = { q: [] as number[], e: [] as number[], r: [] as number[], s: [] as number[] };
    for (const m of model.moves) {
      draws.q.push(Math.min(1, m.intensity * triangularQuantile(m.loss, paramRng.next())));
      draws.e.push(Math.min(1, m.intensity * triangularQuantile(m.diversion, paramRng.next())));
    }
    for (const c of model.counters) {
      draws.r.push(triangularQuantile(c.lossReduction, paramRng.next()));
      draws.s.push(triangularQuantile(c.diversionReduction, paramRng.next()));
    }
    let plan = 0;
    let none = 0;
    for (const g of groups) {
      const P0 = 1 - g.moves.reduce((p, m) => p * (1 - (draws.q[m] ?? 0)), 1);
      const D0 = 1 - g.moves.reduce((p, m) => p * (1 - (draws.e[m] ?? 0)), 1);
      const u = groupRng.next();
      let cumPlan = 0;
      let cumNone = 0;
      for (let k = 1; k <= model.H; k++) {
        const active = g.counters.filter((c) => (model.counters[c]?.start ?? 99) <= k);
        const lf = active.reduce((p, c) => p * (1 - (draws.r[c] ?? 0)), 1);
        const df = active.reduce((p, c) => p * (1 - (draws.s[c] ?? 0)), 1);
        cumPlan += (P0 * lf) / model.H;
        cumNone += P0 / model.H;
        const b = g.baseline[k - 1] ?? 0;
        if (u >= cumPlan) plan += b * (1 - D0 * df);
        if (u >= cumNone) none += b * (1 - D0);
      }
    }
    revPlan.push(plan);
    revNone.push(none);
  }
  return { revPlan, revNone };
}

if (!isMainThread) {
  // this same bundle is the worker: the app's worker protocol
  if (parentPort) serveMonteCarlo(parentPort);
} else {
  const model = syntheticModel();
  const self = new URL(import.meta.url);
  const timed = async (runs: number, workers: number): Promise<{ ms: number; raw: McRaw }> => {
    const t0 = performance.now();
    const raw = await startMonteCarlo(model, runs, 7, self, () => undefined, workers).result;
    return { ms: performance.now() - t0, raw };
  };
  await timed(1000, 2); // warm-up
  const median = async (workers: number): Promise<{ ms: number; raw: McRaw }> => {
    const all: { ms: number; raw: McRaw }[] = [];
    for (let i = 0; i < 3; i++) all.push(await timed(RUNS, workers));
    all.sort((a, b) => a.ms - b.ms);
    return all[1]!;
  };
  const two = await median(2);
  const one = await median(1);
  if (two.raw.revPlan.some((x, i) => x !== one.raw.revPlan[i])) throw new Error('one and two workers disagree');

  // CPU time on this thread (less sensitive to other load on the machine than wall time)
  const c0 = process.cpuUsage();
  runMonteCarlo(model, { runs: RUNS, seed: 7 });
  const fastCpuMs = process.cpuUsage(c0).user / 1000;

  const slice = RUNS / 10;
  naiveMonteCarlo(model, 20, 7); // warm-up
  const t0 = performance.now();
  const c1 = process.cpuUsage();
  const naive = naiveMonteCarlo(model, slice, 7);
  const naiveCpuMs = (process.cpuUsage(c1).user / 1000) * (RUNS / slice);
  const naiveMs = (performance.now() - t0) * (RUNS / slice);
  // same seed, same streams: the two implementations agree run by run
  for (let r = 0; r < 3; r++) {
    const fast = two.raw.revPlan[r] ?? 0;
    if (Math.abs(fast / (naive.revPlan[r] ?? 1) - 1) > 1e-9) throw new Error(`fast and naive disagree in run ${r}: ${fast} vs ${naive.revPlan[r]}`);
  }
  const baseline = 'plain object-per-group simulation visiting every group and month (1,000 runs measured, ×10)';
  printBench({ name: 'scenario.montecarlo.10k×5k×8q.2workers', value: two.ms / 1000, unit: 's', baseline, baselineValue: naiveMs / 1000 });
  printBench({ name: 'scenario.montecarlo.10k×5k×8q.1worker', value: one.ms / 1000, unit: 's', baseline, baselineValue: naiveMs / 1000 });
  printBench({ name: 'scenario.montecarlo.10k×5k×8q.cpu', value: fastCpuMs / 1000, unit: 'cpu s', baseline: `${baseline}, CPU time`, baselineValue: naiveCpuMs / 1000 });
}
