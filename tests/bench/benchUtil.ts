/** Shared helpers for benches: timing and the one-line BENCH output format. */
export interface BenchLine {
  name: string;
  value: number;
  unit: string;
  baseline: string;
  baselineValue: number;
  /** 'lower': the baseline did not finish within its time limit; baselineValue is the limit (the ratio a lower bound) */
  baselineBound?: 'lower';
}

export function printBench(line: BenchLine): void {
  const ratio = line.value > 0 ? line.baselineValue / line.value : 0;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  console.log(
    `BENCH ${JSON.stringify({ name: line.name, value: round(line.value), unit: line.unit, baseline: line.baseline, baselineValue: round(line.baselineValue), ratio: Math.round(ratio * 10) / 10, ...(line.baselineBound ? { baselineBound: line.baselineBound } : {}) })}`,
  );
}

/** Median wall time in ms of `runs` calls (after one warm-up call). */
export function timeMs(fn: () => unknown, runs = 3): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}
