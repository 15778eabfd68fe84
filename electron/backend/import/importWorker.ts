/** Worker-thread entry: hosts one ImportEngine per import session. */
import { parentPort, workerData } from 'node:worker_threads';
import { Cancelled, ImportEngine, type EngineOptions, type FileChoice, type StageInput } from './engine';

export type WorkerRequest = { type: 'stage'; inputs: StageInput[] } | { type: 'update'; fileIndex: number; choice: FileChoice };
export type WorkerMessage =
  | { type: 'progress'; phase: 'read' | 'normalise'; fileIndex: number; done: number; total: number }
  | { type: 'result'; files: unknown }
  | { type: 'error'; message: string };

const engine = new ImportEngine(workerData as EngineOptions);
const port = parentPort;
if (!port) throw new Error('importWorker must run in a worker thread');

let lastProgress = 0;
const progress = (phase: 'read' | 'normalise', fileIndex: number, done: number, total: number): void => {
  const now = Date.now();
  if (done !== total && now - lastProgress < 100) return; // at most ten reports a second
  lastProgress = now;
  port.postMessage({ type: 'progress', phase, fileIndex, done, total } satisfies WorkerMessage);
};

port.on('message', async (req: WorkerRequest) => {
  try {
    const files = req.type === 'stage' ? await engine.stageAsync(req.inputs, progress) : await engine.updateAsync(req.fileIndex, req.choice, progress);
    port.postMessage({ type: 'result', files } satisfies WorkerMessage);
  } catch (err) {
    port.postMessage({ type: 'error', message: err instanceof Cancelled ? 'cancelled' : err instanceof Error ? err.message : String(err) } satisfies WorkerMessage);
  }
});
