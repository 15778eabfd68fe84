/** Worker-thread entry: hosts one ImportEngine per import session. */
import { parentPort, workerData } from 'node:worker_threads';
import { Cancelled, ImportEngine, type EngineOptions, type FileChoice, type StageInput, type StagedFile } from './engine';
import { KEPT } from './workerProtocol';

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

/**
 * Results already handed over. Their fact columns were moved, not copied (a million facts are
 * ~100 MB: a copy would hold them twice in the process while the main thread takes them); a
 * result sent again unchanged goes as KEPT and the main thread keeps its own.
 */
const sent = new WeakSet<object>();

function handOver(files: readonly StagedFile[]): { files: unknown[]; transfer: ArrayBuffer[] } {
  const transfer = new Set<ArrayBuffer>();
  const out = files.map((f) => {
    const r = f.result;
    if (!r) return f;
    if (sent.has(r)) return { ...f, result: KEPT };
    sent.add(r);
    const c = r.factColumns;
    const arrays: (Int32Array | Float64Array)[] = Object.values(c.values);
    arrays.push(c.code, c.period);
    for (const a of arrays) if (a.buffer instanceof ArrayBuffer && a.buffer.byteLength > 0) transfer.add(a.buffer);
    return f;
  });
  return { files: out, transfer: Array.from(transfer) };
}

port.on('message', async (req: WorkerRequest) => {
  try {
    const files = req.type === 'stage' ? await engine.stageAsync(req.inputs, progress) : await engine.updateAsync(req.fileIndex, req.choice, progress);
    const moved = handOver(files);
    port.postMessage({ type: 'result', files: moved.files } satisfies WorkerMessage, moved.transfer);
  } catch (err) {
    port.postMessage({ type: 'error', message: err instanceof Cancelled ? 'cancelled' : err instanceof Error ? err.message : String(err) } satisfies WorkerMessage);
  }
});
