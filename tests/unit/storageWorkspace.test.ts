import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Portfolio } from '../../shared/model/portfolio';
import {
  BACKUPS_DIR,
  createWorkspace,
  DOC_FILE,
  FACTS_FILE,
  GROUPS_FILE,
  LOCK_FILE,
  MANIFEST_FILE,
  newestGoodBackup,
  OpenWorkspace,
  readWorkspaceDoc,
  restoreWorkspaceFromBackup,
  TABLES_DIR,
  WorkspaceError,
} from '../../electron/backend/storage/workspaceStore';
import { FIXTURE_CURRENT } from '../fixtures/workspaces/fixtureData';

const withKeyPersons: Portfolio = {
  ...FIXTURE_CURRENT,
  keyPersons: [{ groupCode: '5710001', role: '决策者', name: '张总', relationshipStrength: 5, lastContactDate: '2024-03-01', competitorContact: false, roleSince: null }],
};

async function errorOf(p: Promise<unknown>): Promise<WorkspaceError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WorkspaceError) return err;
    throw err;
  }
  throw new Error('expected a WorkspaceError');
}

async function tableFile(dir: string, name: string): Promise<string> {
  const doc = await readWorkspaceDoc(dir);
  return path.join(dir, TABLES_DIR, doc.tables.current, name);
}

describe('workspace storage (format 2)', () => {
  let root: string;
  let dir: string;
  const open: OpenWorkspace[] = [];
  const openWs = async (d = dir): Promise<OpenWorkspace> => {
    const ws = await OpenWorkspace.open('ws', d);
    open.push(ws);
    return ws;
  };

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-storage-'));
    dir = path.join(root, 'ws');
    await createWorkspace(dir, { name: '测试', branchName: null, source: 'empty', portfolio: { groups: [], facts: [] } });
  });
  afterEach(async () => {
    for (const ws of open.splice(0)) await ws.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('round-trips a portfolio through the columnar tables, key persons included', async () => {
    const ws = await openWs();
    await ws.commitData(withKeyPersons, { files: ['a.xlsx'], summary: 'x' });
    await ws.close();
    const again = await openWs();
    expect(again.portfolio).toEqual(withKeyPersons);
    const files = (await fs.readdir(path.dirname(await tableFile(dir, GROUPS_FILE)))).sort();
    expect(files).toEqual(['facts.hft', 'groups.hft', 'keyPersons.hft', MANIFEST_FILE, 'members.hft']);
  });

  it('a setting, a template or a page change rewrites workspace.json only, never a table', async () => {
    const ws = await openWs();
    await ws.commitData(FIXTURE_CURRENT, { files: [], summary: '' });
    const tables = path.dirname(await tableFile(dir, FACTS_FILE));
    const before = await Promise.all((await fs.readdir(tables)).map(async (f) => [f, (await fs.stat(path.join(tables, f))).mtimeMs, (await fs.stat(path.join(tables, f))).ino] as const));
    await new Promise((r) => setTimeout(r, 20));
    await ws.saveSettings({ version: 1, note: '季度会前检查' });
    await ws.saveTemplates([]);
    await ws.setPage('warnings');
    const after = await Promise.all((await fs.readdir(tables)).map(async (f) => [f, (await fs.stat(path.join(tables, f))).mtimeMs, (await fs.stat(path.join(tables, f))).ino] as const));
    expect(after).toEqual(before);
    expect((await readWorkspaceDoc(dir)).settings).toEqual({ version: 1, note: '季度会前检查' });
  });

  it('writes a manifest with format version, app version and a checksum per table', async () => {
    const ws = await openWs();
    await ws.commitData(FIXTURE_CURRENT, { files: [], summary: '' });
    const doc = JSON.parse(await fs.readFile(path.join(dir, DOC_FILE), 'utf8')) as Record<string, unknown>;
    expect(doc).toMatchObject({ format: 'holdfast-workspace', formatVersion: 2, appVersion: expect.any(String), checksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const manifest = JSON.parse(await fs.readFile(path.join(path.dirname(await tableFile(dir, FACTS_FILE)), MANIFEST_FILE), 'utf8')) as {
      formatVersion: number;
      tables: Record<string, { rows: number; sha256: string; bytes: number }>;
    };
    expect(manifest.formatVersion).toBe(2);
    expect(manifest.tables.facts).toMatchObject({ rows: FIXTURE_CURRENT.facts.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  describe('damage', () => {
    async function damagedWorkspace(): Promise<{ good: Portfolio }> {
      const ws = await openWs();
      await ws.commitData(FIXTURE_CURRENT, { files: [], summary: 'good' });
      await ws.close();
      return { good: FIXTURE_CURRENT };
    }

    it('a truncated table: a clear error naming the file, nothing written, the newest good backup offered and restorable', async () => {
      const { good } = await damagedWorkspace();
      const facts = await tableFile(dir, FACTS_FILE);
      const bytes = await fs.readFile(facts);
      await fs.writeFile(facts, bytes.subarray(0, bytes.length - 100));
      const damaged = await fs.readFile(facts);
      const docBefore = await fs.readFile(path.join(dir, DOC_FILE));

      const err = await errorOf(OpenWorkspace.open('ws', dir));
      expect(err.kind).toBe('damaged');
      expect(err.file).toBe(facts);
      expect(err.message).toContain(facts);
      expect(err.message).toMatch(/truncated/);
      // never overwrite a file that could not be read; the lock is released again
      expect(await fs.readFile(facts)).toEqual(damaged);
      expect(await fs.readFile(path.join(dir, DOC_FILE))).toEqual(docBefore);
      await expect(fs.access(path.join(dir, LOCK_FILE))).rejects.toThrow();

      const backup = await newestGoodBackup(dir);
      expect(backup).toMatchObject({ reason: 'import', groupCount: good.groups.length, factCount: good.facts.length });
      const restored = await restoreWorkspaceFromBackup('ws', dir, backup?.id ?? '');
      open.push(restored);
      expect(restored.portfolio).toEqual(good);
      // what could not be read was kept aside, byte for byte
      const aside = (await fs.readdir(path.join(dir, BACKUPS_DIR))).find((n) => n.startsWith('damaged-')) ?? '';
      const keptFacts = path.join(dir, BACKUPS_DIR, aside, TABLES_DIR, path.basename(path.dirname(facts)), FACTS_FILE);
      expect(await fs.readFile(keptFacts)).toEqual(damaged);
    });

    it('a flipped bit in a table: checksum error naming the file', async () => {
      await damagedWorkspace();
      const groups = await tableFile(dir, GROUPS_FILE);
      const bytes = await fs.readFile(groups);
      bytes[40] = (bytes[40] as number) ^ 0x10;
      await fs.writeFile(groups, bytes);
      const err = await errorOf(OpenWorkspace.open('ws', dir));
      expect(err.file).toBe(groups);
      expect(err.message).toMatch(/checksum/);
    });

    it('a table swapped for another one: the manifest checksum catches it', async () => {
      await damagedWorkspace();
      const doc = await readWorkspaceDoc(dir);
      const other = path.join(dir, TABLES_DIR, doc.tables.previous ?? '', FACTS_FILE);
      const facts = await tableFile(dir, FACTS_FILE);
      await fs.copyFile(other, facts);
      const err = await errorOf(OpenWorkspace.open('ws', dir));
      expect(err.file).toBe(facts);
      expect(err.message).toMatch(/truncated|manifest/);
    });

    it('a missing manifest or table file is named', async () => {
      await damagedWorkspace();
      const facts = await tableFile(dir, FACTS_FILE);
      await fs.rm(facts);
      expect((await errorOf(OpenWorkspace.open('ws', dir))).file).toBe(facts);
      const manifest = path.join(path.dirname(facts), MANIFEST_FILE);
      await fs.rm(manifest);
      expect((await errorOf(OpenWorkspace.open('ws', dir))).file).toBe(manifest);
    });

    it('workspace.json edited or corrupted: its checksum fails, it is named, a backup is offered', async () => {
      await damagedWorkspace();
      const docFile = path.join(dir, DOC_FILE);
      const text = await fs.readFile(docFile, 'utf8');
      await fs.writeFile(docFile, text.replace('"groupCount": 4', '"groupCount": 5'));
      const err = await errorOf(OpenWorkspace.open('ws', dir));
      expect(err.file).toBe(docFile);
      expect(err.message).toMatch(/checksum/);
      await fs.writeFile(docFile, text.slice(0, 200));
      expect((await errorOf(OpenWorkspace.open('ws', dir))).message).toMatch(/workspace\.json is damaged/);
      expect(await newestGoodBackup(dir)).not.toBeNull();
    });

    it('a damaged backup is never offered', async () => {
      await damagedWorkspace();
      const ws = await openWs();
      const [newest, older] = await ws.listBackups();
      await ws.close();
      const blobs = path.join(dir, BACKUPS_DIR, 'blobs');
      // damage every blob: no backup with tables checks out any more
      for (const b of await fs.readdir(blobs)) await fs.appendFile(path.join(blobs, b), 'x');
      expect(newest).toBeDefined();
      expect(older).toBeDefined();
      expect(await newestGoodBackup(dir)).toBeNull();
    });
  });

  describe('backups', () => {
    it('lists saves (time, size) and restores one, backing up the current state first', async () => {
      let t = Date.parse('2025-03-01T09:00:00Z');
      const now = () => new Date((t += 60_000));
      const ws = await OpenWorkspace.open('ws', dir, { now });
      open.push(ws);
      await ws.commitData(FIXTURE_CURRENT, { files: ['a.xlsx'], summary: 'a' });
      await ws.saveSettings({ version: 1, mark: 'after import' });
      const list = await ws.listBackups();
      expect(list.map((b) => b.reason)).toEqual(['settings', 'import', 'create']);
      expect(list[0]).toMatchObject({ time: expect.any(String), size: expect.any(Number) });
      expect(list[0]?.size).toBeGreaterThan(1000);
      expect(Date.parse(list[0]?.time ?? '')).toBeGreaterThan(Date.parse(list[1]?.time ?? ''));

      const empty = list[2]?.id ?? '';
      await ws.restoreBackup(empty);
      expect(ws.portfolio.groups).toEqual([]);
      expect(ws.rawSettings).toBeUndefined();
      const after = await ws.listBackups();
      expect(after.map((b) => b.reason)).toEqual(['restore', 'settings', 'import', 'create']);
      // and back again: the state before the restore is itself a backup
      await ws.restoreBackup(after[1]?.id ?? '');
      expect(ws.portfolio).toEqual(FIXTURE_CURRENT);
      expect(ws.rawSettings).toEqual({ version: 1, mark: 'after import' });
      await ws.close();
      const reopened = await openWs();
      expect(reopened.portfolio).toEqual(FIXTURE_CURRENT);
    });

    it('a page switch is not a backup, and an unchanged state is not backed up twice', async () => {
      const ws = await openWs();
      await ws.setPage('warnings');
      await ws.saveSettings(undefined);
      await ws.close();
      await openWs();
      expect((await open[1]?.listBackups())?.map((b) => b.reason)).toEqual(['create']);
    });

    it('table copies are shared between backups of the same data and removed with the last one', async () => {
      const ws = await OpenWorkspace.open('ws', dir, { backupPolicy: { recent: 2, days: 0 } });
      open.push(ws);
      await ws.commitData(FIXTURE_CURRENT, { files: [], summary: '' });
      for (let i = 0; i < 3; i++) await ws.saveSettings({ i });
      const blobs = path.join(dir, BACKUPS_DIR, 'blobs');
      expect((await fs.readdir(blobs)).length).toBe(3); // groups, facts, members of the one data state
      expect((await ws.listBackups()).length).toBe(2);
      await ws.restoreBackup((await ws.listBackups())[1]?.id ?? '');
      await ws.commitData({ groups: [], facts: [] }, { files: [], summary: '' });
      await ws.saveSettings({ i: 9 });
      await ws.flush();
      const remaining = (await fs.readdir(blobs)).length;
      expect(remaining).toBe(3); // only the empty tables' copies are still named
    });
  });
});
