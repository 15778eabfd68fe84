/**
 * Worker-thread entry (dist/backend-worker.mjs): runs the whole backend, so
 * the thread that owns the windows (Electron main) or the HTTP server stays
 * free while a 50,000-group analysis or a save runs. Hooks the host provides
 * (OS trash, native dialogs) are called back on the host's thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Envelope } from '../../../shared/api/contract';
import { Backend } from '../backend';
import { setWorkspaceHooks, type WorkspaceHooks } from '../workspaceHandlers';
import type { BackendWorkerData, HookName, HostMessage, WorkerMessage } from './backendProtocol';

const port = parentPort;
if (!port) throw new Error('backendWorker must run in a worker thread');
const data = workerData as BackendWorkerData;
const post = (m: WorkerMessage): void => port.postMessage(m);

let backend: Backend | null = null;
let nextHookId = 1;
const hookCalls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

function proxy(name: HookName) {
  return (...args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextHookId++;
      hookCalls.set(id, { resolve, reject });
      post({ type: 'hook', id, name, args, language: backend?.workspaces.host.appState.data.language ?? 'zh-CN' });
    });
}

const hooks: Record<string, unknown> = {};
for (const name of data.hooks) hooks[name] = proxy(name);
setWorkspaceHooks(hooks as WorkspaceHooks);

function internalError(err: unknown): Envelope<unknown> {
  const message = err instanceof Error ? err.message : String(err);
  return { ok: false, error: { code: 'internal', message: { zh: `内部错误：${message}`, en: `Internal error: ${message}` } } };
}

port.on('message', (m: HostMessage) => {
  if (m.type === 'hookResult') {
    const call = hookCalls.get(m.id);
    hookCalls.delete(m.id);
    if (m.ok) call?.resolve(m.value);
    else call?.reject(new Error(m.message));
    return;
  }
  if (!backend) return; // the host sends calls only after 'ready'
  const ready = backend;
  if (m.type === 'call') {
    void ready
      .handle(m.channel, m.payload)
      .catch(internalError)
      .then((envelope) => post({ type: 'result', id: m.id, envelope }));
  } else if (m.type === 'callJson') {
    void ready.handleJson(m.channel, m.body).then(
      (answer) => post({ type: 'resultJson', id: m.id, ...answer }),
      (err: unknown) => post({ type: 'resultJson', id: m.id, ok: false, code: 'internal', json: JSON.stringify(internalError(err)) }),
    );
  } else if (m.type === 'close') {
    void ready.close().finally(() => post({ type: 'closed' }));
  }
});

Backend.start(data.options).then(
  (b) => {
    backend = b;
    post({ type: 'ready' });
  },
  (err: unknown) => post({ type: 'startFailed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
);
