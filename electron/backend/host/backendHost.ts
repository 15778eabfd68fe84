/**
 * Runs the backend in a worker thread and relays calls to it: Electron's main
 * process and the browser-mode server keep their own thread for windows,
 * menus and HTTP while the backend analyses, saves or exports. A worker that
 * dies (out of memory, a bug) fails the calls in flight with a clear message
 * and is started again on the next call, reopening the last workspace.
 */
import { Worker } from 'node:worker_threads';
import type { Envelope } from '../../../shared/api/contract';
import type { BackendOptions } from '../backend';
import type { WorkspaceHooks } from '../workspaceHandlers';
import { HOOK_NAMES, type BackendWorkerData, type HookName, type HostMessage, type WorkerMessage } from './backendProtocol';

export interface BackendHostOptions {
  /** the bundled worker, dist/backend-worker.mjs */
  workerPath: string;
  backend: BackendOptions;
  /** Electron's trash and dialogs; they run on the host's thread */
  hooks?: WorkspaceHooks;
}

/** What the transports need: Electron IPC and the browser server call only this. */
export interface BackendEndpoint {
  handle(channel: unknown, payload: unknown): Promise<Envelope<unknown>>;
  /** the browser server's path: raw JSON in, JSON out, parsed and serialised in the worker */
  /** body: the JSON text, or its UTF-8 bytes (moved to the worker, not copied) */
  handleJson(channel: string, body: string | Uint8Array): Promise<{ ok: boolean; code: string | null; json: string }>;
}

type JsonAnswer = { ok: boolean; code: string | null; json: string };
type Pending = { kind: 'object'; resolve: (e: Envelope<unknown>) => void } | { kind: 'json'; resolve: (a: JsonAnswer) => void };

function stoppedEnvelope(detail: string): Envelope<unknown> {
  return {
    ok: false,
    error: {
      code: 'internal',
      message: {
        zh: `后台服务意外停止（${detail}），已重新启动；这一步没有完成，请再试一次。已保存的内容不受影响。`,
        en: `The backend stopped unexpectedly (${detail}) and has been restarted; this step did not finish, please try again. Saved work is not affected.`,
      },
    },
  };
}

function startFailedEnvelope(detail: string): Envelope<unknown> {
  return { ok: false, error: { code: 'internal', message: { zh: `后台服务无法启动：${detail}`, en: `The backend could not start: ${detail}` } } };
}

interface Running {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, Pending>;
  /** the backend reported that it could not start (not a crash) */
  failedStart?: boolean;
}

export class BackendHost implements BackendEndpoint {
  private running: Running | null = null;
  private nextId = 1;
  private closing = false;
  /** the UI language the worker last reported, for dialog titles */
  language: 'zh-CN' | 'en' = 'zh-CN';
  /** how often the worker stopped unexpectedly (it is started again on the next call) */
  restarts = 0;

  private constructor(private readonly options: BackendHostOptions) {}

  /** Starts the worker and waits until the backend has opened (reopening the last workspace). */
  static async start(options: BackendHostOptions): Promise<BackendHost> {
    const host = new BackendHost(options);
    await host.ensure().ready;
    return host;
  }

  private ensure(): Running {
    if (this.running) return this.running;
    const hooks: HookName[] = HOOK_NAMES.filter((n) => this.options.hooks?.[n] !== undefined);
    const workerData: BackendWorkerData = { options: this.options.backend, hooks };
    const worker = new Worker(this.options.workerPath, { workerData });
    const pending = new Map<number, Pending>();
    let settle: { resolve: () => void; reject: (e: Error) => void } = { resolve: () => undefined, reject: () => undefined };
    const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    ready.catch(() => undefined); // a failed start is reported to whoever awaits it
    const running: Running = { worker, ready, pending };
    worker.on('message', (m: WorkerMessage) => this.onMessage(running, m, settle));
    worker.on('error', (err) => {
      console.error('Backend worker error:', err);
      settle.reject(err);
    });
    worker.on('exit', (code) => {
      if (this.running === running) this.running = null;
      settle.reject(new Error(`backend worker exited with code ${code}`));
      if (this.closing || running.failedStart) return;
      const failed = stoppedEnvelope(`exit ${code}`);
      for (const p of pending.values()) {
        if (p.kind === 'object') p.resolve(failed);
        else p.resolve({ ok: false, code: 'internal', json: JSON.stringify(failed) });
      }
      pending.clear();
      this.restarts++;
    });
    this.running = running;
    return running;
  }

  private onMessage(running: Running, m: WorkerMessage, settle: { resolve: () => void; reject: (e: Error) => void }): void {
    switch (m.type) {
      case 'ready':
        settle.resolve();
        return;
      case 'startFailed':
        settle.reject(new Error(m.message));
        // stop this worker so that the next call tries a fresh start
        running.failedStart = true;
        if (this.running === running) this.running = null;
        void running.worker.terminate();
        return;
      case 'result': {
        const p = running.pending.get(m.id);
        running.pending.delete(m.id);
        if (p?.kind === 'object') p.resolve(m.envelope);
        return;
      }
      case 'resultJson': {
        const p = running.pending.get(m.id);
        running.pending.delete(m.id);
        if (p?.kind === 'json') p.resolve({ ok: m.ok, code: m.code, json: m.json });
        return;
      }
      case 'hook':
        this.language = m.language;
        void this.runHook(running, m.id, m.name, m.args);
        return;
      case 'closed':
        return;
    }
  }

  private async runHook(running: Running, id: number, name: HookName, args: unknown[]): Promise<void> {
    const hook = this.options.hooks?.[name] as ((...a: unknown[]) => Promise<unknown>) | undefined;
    let reply: HostMessage;
    try {
      if (!hook) throw new Error(`no ${name} hook`);
      reply = { type: 'hookResult', id, ok: true, value: await hook(...args) };
    } catch (err) {
      reply = { type: 'hookResult', id, ok: false, message: err instanceof Error ? err.message : String(err) };
    }
    running.worker.postMessage(reply);
  }

  private async send<T>(make: (id: number) => HostMessage, pending: (resolve: (v: T) => void) => Pending, onStartFailure: (err: Error) => T, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.closing) return onStartFailure(new Error('the app is closing'));
    const running = this.ensure();
    try {
      await running.ready;
    } catch (err) {
      return onStartFailure(err instanceof Error ? err : new Error(String(err)));
    }
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      running.pending.set(id, pending(resolve));
      running.worker.postMessage(make(id), transfer);
    });
  }

  handle(channel: unknown, payload: unknown): Promise<Envelope<unknown>> {
    return this.send<Envelope<unknown>>(
      (id) => ({ type: 'call', id, channel: String(channel), payload }),
      (resolve) => ({ kind: 'object', resolve }),
      (err) => startFailedEnvelope(err.message),
    );
  }

  handleJson(channel: string, body: string | Uint8Array): Promise<JsonAnswer> {
    // A whole upload's bytes move to the worker instead of being copied (only a buffer of its own can move).
    const movable = typeof body !== 'string' && body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
    return this.send<JsonAnswer>(
      (id) => ({ type: 'callJson', id, channel, body }),
      (resolve) => ({ kind: 'json', resolve }),
      (err) => ({ ok: false, code: 'internal', json: JSON.stringify(startFailedEnvelope(err.message)) }),
      movable ? [body.buffer as ArrayBuffer] : [],
    );
  }

  /** The worker thread, for tests that need to stop it the hard way. */
  get workerForTests(): Worker | null {
    return this.running?.worker ?? null;
  }

  /** Flushes pending saves, releases the workspace lock and stops the worker (at most `timeoutMs`). */
  async close(timeoutMs = 5000): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const running = this.running;
    if (!running) return;
    const closed = new Promise<void>((resolve) => {
      running.worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'closed') resolve();
      });
      running.worker.once('exit', () => resolve());
    });
    running.worker.postMessage({ type: 'close' } satisfies HostMessage);
    await Promise.race([closed, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    await running.worker.terminate();
  }
}
