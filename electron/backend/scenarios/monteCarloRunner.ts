/**
 * Runs a scenario's Monte Carlo off the caller's thread: in worker threads
 * (the bundled dist/scenario-worker.mjs) when it exists — the blocks of runs
 * split over up to two workers, which gives the same numbers as one (each
 * block has its own random streams) — else in-process after a tick (tests,
 * the CLI, a missing bundle). Cancel terminates the workers.
 */
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { MC_BLOCK, mergeMcParts, runMonteCarlo, type McRaw, type SimModel } from '../../../shared/scenarios';
import type { McMessage, McRequest } from './mcProtocol';

export class McCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export interface McJob {
  /** resolves with the raw runs, rejects with McCancelled or an error */
  result: Promise<McRaw>;
  cancel(): void;
}

/** Two workers at most: the app's machines (and this one) often have two cores, and the UI needs one now and then. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(2, os.availableParallelism()));
}

export function startMonteCarlo(
  model: SimModel,
  runs: number,
  seed: number,
  workerPath: string | URL | null,
  onProgress: (fraction: number) => void,
  workers: number = defaultWorkers(),
): McJob {
  const usable = workerPath !== null && (workerPath instanceof URL || fs.existsSync(workerPath));
  if (usable) return inWorkers(workerPath, model, runs, seed, onProgress, workers);
  return inProcess(model, runs, seed, onProgress);
}

function inWorkers(workerPath: string | URL, model: SimModel, runs: number, seed: number, onProgress: (fraction: number) => void, workers: number): McJob {
  const blocks = Math.ceil(runs / MC_BLOCK);
  const count = Math.max(1, Math.min(workers, blocks));
  const threads: Worker[] = [];
  const done = new Array<number>(count).fill(0);
  let settled = false;
  let cancel: () => void = () => undefined;
  const stopAll = (): void => {
    for (const w of threads) void w.terminate();
  };
  const parts = Array.from({ length: count }, (_, i) => {
    const fromBlock = Math.floor((blocks * i) / count);
    const toBlock = Math.floor((blocks * (i + 1)) / count);
    const worker = new Worker(workerPath);
    worker.unref();
    threads.push(worker);
    return new Promise<McRaw>((resolve, reject) => {
      worker.on('message', (m: McMessage) => {
        if (m.type === 'progress') {
          done[i] = m.done;
          if (!settled) onProgress(done.reduce((s, x) => s + x, 0) / runs);
        } else if (m.type === 'result') resolve(m.raw);
        else reject(new Error(m.message));
      });
      worker.on('error', reject);
      worker.on('exit', () => reject(new McCancelled()));
      worker.postMessage({ model, runs, seed, fromBlock, toBlock } satisfies McRequest);
    });
  });
  const result = new Promise<McRaw>((resolve, reject) => {
    cancel = () => {
      if (settled) return;
      settled = true;
      stopAll();
      reject(new McCancelled());
    };
    Promise.all(parts).then(
      (raws) => {
        if (settled) return;
        settled = true;
        stopAll();
        onProgress(1);
        resolve(mergeMcParts(raws));
      },
      (err: unknown) => {
        if (settled) return;
        settled = true;
        stopAll();
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
  return { result, cancel: () => cancel() };
}

function inProcess(model: SimModel, runs: number, seed: number, onProgress: (fraction: number) => void): McJob {
  let cancelled = false;
  const result = new Promise<McRaw>((resolve, reject) => {
    setImmediate(() => {
      if (cancelled) {
        reject(new McCancelled());
        return;
      }
      try {
        resolve(runMonteCarlo(model, { runs, seed, onProgress: (done) => onProgress(done / runs) }));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
  return {
    result,
    cancel: () => {
      cancelled = true;
    },
  };
}
