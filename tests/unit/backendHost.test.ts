/**
 * The backend worker and its host: calls relay to the worker and back (object
 * and raw-JSON paths), Electron's hooks run on the host's thread, a worker
 * that dies fails the calls in flight with a clear message and comes back with
 * the last workspace (not read-only: the lock is its own), and close() flushes
 * and releases the workspace lock.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BackendHost } from '../../electron/backend/host/backendHost';
import type { Envelope } from '../../shared/api/contract';

const root = path.resolve(__dirname, '..', '..');
let bundleDir: string;
let workerPath: string;
let dataDir: string;
let host: BackendHost | null = null;

beforeAll(async () => {
  bundleDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-host-bundle-'));
  workerPath = path.join(bundleDir, 'backend-worker.mjs');
  await build({
    entryPoints: [path.join(root, 'electron/backend/host/backendWorker.ts')],
    outfile: workerPath,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    external: ['electron'],
    define: { __HOLDFAST_VERSION__: JSON.stringify('test') },
    banner: { js: "import { createRequire as __hfCreateRequire } from 'node:module'; const require = __hfCreateRequire(import.meta.url);" },
  });
});
afterAll(async () => {
  await fs.rm(bundleDir, { recursive: true, force: true });
});
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-host-data-'));
});
afterEach(async () => {
  await host?.close();
  host = null;
  await fs.rm(dataDir, { recursive: true, force: true });
});

function data<T>(e: Envelope<unknown>): T {
  if (!e.ok) throw new Error(e.error.message.en);
  return e.data as T;
}

const options = () => ({ dataDir, version: 'test', mode: 'browser' as const, importWorkerPath: null, scenarioWorkerPath: null });

describe('backend host', () => {
  it('relays calls to the worker, as objects and as raw JSON, and refuses bad input there', async () => {
    host = await BackendHost.start({ workerPath, backend: options() });
    const created = data<{ name: string; path: string }>(await host.handle('workspace.create', { name: '滨江分公司' }));
    expect(created.name).toBe('滨江分公司');
    const status = data<{ open: boolean; name: string; readOnly: unknown }>(await host.handle('workspace.status', {}));
    expect(status).toMatchObject({ open: true, name: '滨江分公司', readOnly: null });

    const json = await host.handleJson('workspace.status', '{}');
    expect(json.ok).toBe(true);
    expect(JSON.parse(json.json)).toEqual({ ok: true, data: expect.objectContaining({ name: '滨江分公司' }) });

    const broken = await host.handleJson('workspace.status', '{not json');
    expect(broken).toMatchObject({ ok: false, code: 'bad-request' });
    expect(JSON.parse(broken.json).error.message.zh).toContain('请求体无法解析');

    const unknown = await host.handle('no.such.channel', {});
    expect(unknown.ok).toBe(false);
    const invalid = await host.handle('workspace.create', { name: '' });
    expect(!invalid.ok && invalid.error.code).toBe('bad-request');
  });

  it("runs the host's hooks on its own thread: a delete goes to the trash hook with the UI language", async () => {
    const trashed: string[] = [];
    host = await BackendHost.start({
      workerPath,
      backend: options(),
      hooks: {
        trashItem: async (target) => {
          trashed.push(target);
          await fs.rm(target, { recursive: true, force: true });
        },
        chooseFolder: async (purpose) => (purpose === 'open' ? '/chosen/by/dialog' : null),
      },
    });
    data(await host.handle('app.setLanguage', { language: 'en' }));
    const a = data<{ path: string }>(await host.handle('workspace.create', { name: 'A' }));
    data(await host.handle('workspace.create', { name: 'B' }));
    const status = data<{ trash: string; dialogs: boolean }>(await host.handle('workspace.status', {}));
    expect(status).toMatchObject({ trash: 'system', dialogs: true });

    const result = data<{ method: string }>(await host.handle('workspace.delete', { path: a.path }));
    expect(result.method).toBe('system');
    expect(trashed).toEqual([a.path]);
    await expect(fs.access(a.path)).rejects.toThrow();
    expect(host.language).toBe('en');

    expect(data<{ path: string | null }>(await host.handle('workspace.chooseFolder', { purpose: 'open' })).path).toBe('/chosen/by/dialog');
    expect(data<{ path: string | null }>(await host.handle('workspace.chooseFolder', { purpose: 'saveAs' })).path).toBeNull();
  });

  it('a worker that dies fails the calls in flight clearly, then restarts with the last workspace writable', async () => {
    // a folder dialog that stays open keeps a call in flight for as long as the test needs
    let dialogOpened: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => (dialogOpened = resolve));
    host = await BackendHost.start({
      workerPath,
      backend: options(),
      hooks: {
        chooseFolder: () => {
          dialogOpened();
          return new Promise<string | null>(() => undefined);
        },
      },
    });
    const ws = data<{ path: string }>(await host.handle('workspace.openDemo', {}));
    const worker = host.workerForTests;
    expect(worker).not.toBeNull();
    const inFlight = host.handle('workspace.chooseFolder', { purpose: 'open' });
    await opened;
    await worker?.terminate();
    const failed = await inFlight;
    expect(failed.ok).toBe(false);
    if (!failed.ok) {
      expect(failed.error.code).toBe('internal');
      expect(failed.error.message.zh).toContain('后台服务意外停止');
      expect(failed.error.message.en).toContain('try again');
    }
    expect(host.restarts).toBe(1);

    // the next call starts a new worker, which reopens the demo; the lock (same pid, earlier thread) is taken over
    const status = data<{ open: boolean; path: string; readOnly: unknown }>(await host.handle('workspace.status', {}));
    expect(status).toMatchObject({ open: true, path: ws.path, readOnly: null });
    const summary = data<{ groups: { value: number } }>(await host.handle('summary.get', {}));
    expect(summary.groups.value).toBeGreaterThan(0);
    expect(host.workerForTests).not.toBe(worker);
  });

  it('close() flushes the workspace and releases its lock', async () => {
    host = await BackendHost.start({ workerPath, backend: options() });
    const ws = data<{ path: string }>(await host.handle('workspace.create', { name: 'C' }));
    await expect(fs.access(path.join(ws.path, 'workspace.lock'))).resolves.toBeUndefined();
    await host.close();
    await expect(fs.access(path.join(ws.path, 'workspace.lock'))).rejects.toThrow();
    const after = await host.handle('workspace.status', {});
    expect(after.ok).toBe(false);
    host = null;
  });

  it('a restart that cannot start says so, and the next call tries again', async () => {
    host = await BackendHost.start({ workerPath, backend: options() });
    data(await host.handle('workspace.create', { name: 'D' }));
    await host.workerForTests?.terminate();
    // the data folder is replaced by a file: the backend cannot start
    const aside = `${dataDir}-aside`;
    await fs.rename(dataDir, aside);
    await fs.writeFile(dataDir, 'not a folder');
    const failed = await host.handle('workspace.status', {});
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.message.zh).toContain('后台服务无法启动');
    await fs.rm(dataDir);
    await fs.rename(aside, dataDir);
    const status = data<{ open: boolean; name: string }>(await host.handle('workspace.status', {}));
    expect(status).toMatchObject({ open: true, name: 'D' });
  });

  it('reports a backend that cannot start', async () => {
    await expect(BackendHost.start({ workerPath: path.join(bundleDir, 'missing.mjs'), backend: options() })).rejects.toThrow();
  });
});
