/** The actions log in workspace.json: saves, read-only refusal, backups, and the migration of an old actions.json. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS_FILE, ActionsStore } from '../../electron/backend/storage/actionsStore';
import { LOCK_FILE } from '../../electron/backend/storage/workspaceLock';
import { BACKUPS_DIR, createWorkspace, DOC_FILE, OpenWorkspace, WorkspaceReadOnlyError } from '../../electron/backend/storage/workspaceStore';

const action = (over: Partial<Parameters<ActionsStore['save']>[0]> = {}) => ({
  groupCode: 'G001',
  cause: 'competition' as const,
  action: '上门拜访，续签专线',
  owner: '张三',
  due: '2026-11-30',
  status: 'open' as const,
  note: '客户关注价格',
  ...over,
});

const legacy = {
  version: 1,
  actions: [
    { id: 'legacy-001', groupCode: 'G009', cause: 'service', action: '处理投诉', owner: '李四', due: null, status: 'done', note: '旧的记录', createdAt: '2026-01-02T03:04:05.000Z', updatedAt: '2026-01-02T03:04:05.000Z' },
  ],
};

describe('ActionsStore on workspace.json', () => {
  let root: string;
  let dir: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-actions-'));
    dir = path.join(root, 'ws');
    await createWorkspace(dir, { name: '测试', branchName: null, source: 'empty', portfolio: { groups: [], facts: [] } });
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('saves, edits and removes actions in the document, and each save is backed up', async () => {
    const ws = await OpenWorkspace.open('ws', dir);
    const store = await ActionsStore.open(ws);
    const saved = await store.save(action());
    const edited = await store.save({ ...action({ note: '改过的备注' }), id: saved.id }, new Date('2026-11-24T00:00:00Z'));
    expect(edited.createdAt).toBe(saved.createdAt);
    expect(edited.updatedAt).toBe('2026-11-24T00:00:00.000Z');
    await ws.flush();
    const onDisk = JSON.parse(await fs.readFile(path.join(dir, DOC_FILE), 'utf8')) as { sections: { actions: { actions: { note: string }[] } } };
    expect(onDisk.sections.actions.actions.map((a) => a.note)).toEqual(['改过的备注']);
    await expect(fs.access(path.join(dir, ACTIONS_FILE))).rejects.toThrow(); // nothing beside workspace.json
    expect((await ws.listBackups()).filter((b) => b.reason === 'actions').length).toBeGreaterThanOrEqual(1);
    expect(await store.remove(saved.id)).toBe(true);
    expect(await store.remove(saved.id)).toBe(false);
    await ws.close();
    const again = await ActionsStore.open(await OpenWorkspace.open('ws', dir));
    expect(again.list()).toEqual([]);
  });

  it('replaceMany removes and adds a batch in one save with one backup', async () => {
    const ws = await OpenWorkspace.open('ws', dir);
    const store = await ActionsStore.open(ws);
    const keep = await store.save(action({ groupCode: 'G100' }));
    const drop = await store.save(action({ groupCode: 'G200' }));
    const before = (await ws.listBackups()).filter((b) => b.reason === 'actions').length;
    await store.replaceMany([drop.id], [action({ groupCode: 'G300' }), { ...action({ groupCode: 'G100', note: '更新' }), id: keep.id }]);
    const after = (await ws.listBackups()).filter((b) => b.reason === 'actions').length;
    expect(after - before).toBeLessThanOrEqual(1);
    expect(store.list().map((a) => [a.groupCode, a.note]).sort()).toEqual([
      ['G100', '更新'],
      ['G300', '客户关注价格'],
    ]);
    expect(store.list().find((a) => a.groupCode === 'G100')?.createdAt).toBe(keep.createdAt);
    await ws.close();
    const again = await ActionsStore.open(await OpenWorkspace.open('ws', dir));
    expect(again.list().map((a) => a.groupCode).sort()).toEqual(['G100', 'G300']);
  });

  it('imports an old actions.json once, then moves it into backups/ (only after the save)', async () => {
    await fs.writeFile(path.join(dir, ACTIONS_FILE), JSON.stringify(legacy));
    const ws = await OpenWorkspace.open('ws', dir);
    const store = await ActionsStore.open(ws, new Date('2026-11-23T10:00:00Z'));
    expect(store.migration.imported).toBe(1);
    expect(store.list('G009').map((a) => a.note)).toEqual(['旧的记录']);
    await expect(fs.access(path.join(dir, ACTIONS_FILE))).rejects.toThrow();
    expect(store.migration.movedTo).toBe(path.join(dir, BACKUPS_DIR, 'actions-json-imported-20261123T100000Z.json'));
    expect(JSON.parse(await fs.readFile(store.migration.movedTo ?? '', 'utf8'))).toEqual(legacy);
    await ws.close();
    // Reopened: the actions come from the document alone.
    const ws2 = await OpenWorkspace.open('ws', dir);
    const store2 = await ActionsStore.open(ws2);
    expect(store2.migration.imported).toBe(0);
    expect(store2.list().map((a) => a.id)).toEqual(['legacy-001']);
    await ws2.close();
  });

  it('keeps actions.json when the document save fails', async () => {
    await fs.writeFile(path.join(dir, ACTIONS_FILE), JSON.stringify(legacy));
    const ws = await OpenWorkspace.open('ws', dir);
    const original = ws.saveSection.bind(ws);
    ws.saveSection = () => Promise.reject(new Error('disk full'));
    await expect(ActionsStore.open(ws)).rejects.toThrow('disk full');
    ws.saveSection = original;
    expect(JSON.parse(await fs.readFile(path.join(dir, ACTIONS_FILE), 'utf8'))).toEqual(legacy);
    await ws.close();
  });

  it('leaves a damaged actions.json untouched and says why', async () => {
    await fs.writeFile(path.join(dir, ACTIONS_FILE), '{"version":1,"actions":[{"id":');
    const ws = await OpenWorkspace.open('ws', dir);
    const store = await ActionsStore.open(ws);
    expect(store.migration.problem).toContain(ACTIONS_FILE);
    expect(await fs.readFile(path.join(dir, ACTIONS_FILE), 'utf8')).toBe('{"version":1,"actions":[{"id":');
    expect(store.list()).toEqual([]);
    await ws.close();
  });

  it('refuses writes on a read-only workspace, shows the old file without moving it', async () => {
    await fs.writeFile(path.join(dir, ACTIONS_FILE), JSON.stringify(legacy));
    // A lock from another host is always respected.
    await fs.writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 4242, host: 'other-laptop', user: 'u', app: 'Holdfast', appVersion: '9', since: '2026-11-23T08:00:00.000Z', token: 'abcdefabcdef' }));
    {
      const ws = await OpenWorkspace.open('ws', dir);
      expect(ws.readOnlyReason?.owner).toEqual({ pid: 4242, host: 'other-laptop', since: '2026-11-23T08:00:00.000Z' });
      expect(ws.readOnly).toBe(true);
      const before = await fs.readFile(path.join(dir, DOC_FILE), 'utf8');
      const store = await ActionsStore.open(ws);
      expect(store.list().map((a) => a.id)).toEqual(['legacy-001']);
      await expect(store.save(action())).rejects.toBeInstanceOf(WorkspaceReadOnlyError);
      await expect(store.remove('legacy-001')).rejects.toBeInstanceOf(WorkspaceReadOnlyError);
      expect(await fs.readFile(path.join(dir, DOC_FILE), 'utf8')).toBe(before);
      await fs.access(path.join(dir, ACTIONS_FILE));
      await ws.close();
    }
  });

  it('rejects a damaged actions section without writing', async () => {
    const ws = await OpenWorkspace.open('ws', dir);
    await ws.saveSection('actions', { version: 1, actions: [{ id: 'x' }] });
    await expect(ActionsStore.open(ws)).rejects.toThrow(/actions log .* is damaged/);
    await ws.close();
  });
});

describe('backups of the actions log', () => {
  it('a reopen after an actions save adds no backup of an unchanged state', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-actions-b-'));
    const dir = path.join(root, 'ws');
    try {
      await createWorkspace(dir, { name: '测试', branchName: null, source: 'empty', portfolio: { groups: [], facts: [] } });
      const ws = await OpenWorkspace.open('ws', dir);
      await (await ActionsStore.open(ws)).save(action());
      await ws.close();
      const again = await OpenWorkspace.open('ws', dir);
      const reasons = (await again.listBackups()).map((b) => b.reason);
      await again.close();
      expect(reasons[0]).toBe('actions');
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
