/** The messages between the Monte Carlo runner and its worker threads, and the worker's side of them. */
import type { MessagePort } from 'node:worker_threads';
import { runMonteCarlo, type McRaw, type SimModel } from '../../../shared/scenarios';

export interface McRequest {
  model: SimModel;
  runs: number;
  seed: number;
  /** the blocks of runs this worker simulates */
  fromBlock: number;
  toBlock: number;
}
export type McMessage = { type: 'progress'; done: number } | { type: 'result'; raw: McRaw } | { type: 'error'; message: string };

/** Answers each request on `port` with progress messages (at most ten a second) and the raw runs (transferred, not copied). */
export function serveMonteCarlo(port: Pick<MessagePort, 'on' | 'postMessage'>): void {
  port.on('message', (req: McRequest) => {
    try {
      let last = 0;
      const raw = runMonteCarlo(req.model, {
        runs: req.runs,
        seed: req.seed,
        fromBlock: req.fromBlock,
        toBlock: req.toBlock,
        progressEvery: 100,
        onProgress: (done) => {
          const now = Date.now();
          if (now - last < 100) return;
          last = now;
          port.postMessage({ type: 'progress', done } satisfies McMessage);
        },
      });
      const buffers = [raw.revPlan, raw.revNone, raw.lostPlan, raw.lostNone, raw.monthPlan, raw.monthNone].map((a) => a.buffer as ArrayBuffer);
      port.postMessage({ type: 'result', raw } satisfies McMessage, buffers);
    } catch (err) {
      port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies McMessage);
    }
  });
}
