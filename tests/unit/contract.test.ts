import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient, ApiCallError } from '../../shared/api/client';
import { apiContract, CHANNELS, isChannel } from '../../shared/api/contract';
import { Backend } from '../../electron/backend/backend';

describe('API contract', () => {
  it('knows its channels', () => {
    expect(CHANNELS).toContain('summary.get');
    expect(isChannel('summary.get')).toBe(true);
    expect(isChannel('__proto__')).toBe(false);
    expect(isChannel('constructor')).toBe(false);
    expect(isChannel(42)).toBe(false);
  });

  it('rejects payloads that do not fit', () => {
    expect(apiContract['app.setLanguage'].request.safeParse({ language: 'fr' }).success).toBe(false);
    expect(apiContract['app.setLanguage'].request.safeParse({ language: 'en', extra: 1 }).success).toBe(false);
    expect(apiContract['workspace.open'].request.safeParse({ id: '' }).success).toBe(false);
    expect(apiContract['workspace.setPage'].request.safeParse({ page: 'overview' }).success).toBe(true);
  });

  it('the client refuses a response of the wrong shape', async () => {
    const client = createApiClient({ invoke: async () => ({ ok: true, data: { version: 1 } }) });
    await expect(client.call('app.getState', {})).rejects.toBeInstanceOf(ApiCallError);
  });

  it('the client surfaces backend errors with both languages', async () => {
    const client = createApiClient({
      invoke: async () => ({ ok: false, error: { code: 'no-workspace', message: { zh: '未打开', en: 'none open' } } }),
    });
    await expect(client.call('summary.get', {})).rejects.toMatchObject({ error: { code: 'no-workspace' } });
  });
});

describe('Backend validates every call', () => {
  let dir: string;
  let backend: Backend;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-backend-'));
    backend = await Backend.start({ dataDir: dir, version: 'test', mode: 'browser' });
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('refuses unknown channels and bad payloads', async () => {
    expect(await backend.handle('fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await backend.handle('app.setLanguage', { language: 'de' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await backend.handle('workspace.open', { id: '../../etc' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await backend.handle('summary.get', {})).toMatchObject({ ok: false, error: { code: 'no-workspace' } });
  });

  it('every response fits the contract', async () => {
    const state = await backend.handle('app.getState', {});
    expect(state.ok && apiContract['app.getState'].response.safeParse(state.data).success).toBe(true);
    const opened = await backend.handle('workspace.openDemo', {});
    expect(opened.ok && apiContract['workspace.openDemo'].response.safeParse(opened.data).success).toBe(true);
    const summary = await backend.handle('summary.get', {});
    expect(summary.ok && apiContract['summary.get'].response.safeParse(summary.data).success).toBe(true);
  });

  it('remembers language, workspace and page across a restart', async () => {
    await backend.call('workspace.openDemo', {});
    await backend.call('workspace.setPage', { page: 'warnings' });
    await backend.call('app.setLanguage', { language: 'en' });
    const again = await Backend.start({ dataDir: dir, version: 'test', mode: 'browser' });
    const state = await again.call('app.getState', {});
    expect(state.language).toBe('en');
    expect(state.workspace?.id).toBe('demo');
    expect(state.workspace?.page).toBe('warnings');
  });
});
