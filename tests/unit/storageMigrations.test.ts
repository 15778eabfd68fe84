import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BACKUPS_DIR,
  DOC_FILE,
  LOCK_FILE,
  OpenWorkspace,
  readWorkspaceDoc,
  TABLES_DIR,
  WORKSPACE_FORMAT_VERSION,
  WorkspaceError,
  WorkspaceReadOnlyError,
  workspaceInfo,
} from '../../electron/backend/storage/workspaceStore';
import { serializeDoc, type WorkspaceDoc } from '../../electron/backend/storage/workspaceDoc';
import { FIXTURE_CURRENT, FIXTURE_INITIAL, FIXTURE_LOG, FIXTURE_NAME, FIXTURE_SETTINGS, FIXTURE_TEMPLATES, fixtureCurrent } from '../fixtures/workspaces/fixtureData';

const FIXTURES = path.resolve('tests/fixtures/workspaces');
/** every released format; a new format adds its folder here */
const RELEASED = [1, 2];

describe('format versions and migrations', () => {
  let root: string;
  const open: OpenWorkspace[] = [];
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-migrate-'));
  });
  afterEach(async () => {
    for (const ws of open.splice(0)) await ws.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  /** A copy of a fixture folder (opening migrates and writes: never open the fixture itself). */
  async function copyOf(format: number): Promise<string> {
    const dir = path.join(root, `format-${format}`);
    await fs.cp(path.join(FIXTURES, `format-${format}`), dir, { recursive: true });
    return dir;
  }

  it('there is a fixture for every released format, the current one included', async () => {
    expect(RELEASED).toContain(WORKSPACE_FORMAT_VERSION);
    for (const v of RELEASED) {
      const doc = JSON.parse(await fs.readFile(path.join(FIXTURES, `format-${v}`, DOC_FILE), 'utf8')) as { formatVersion: number };
      expect(doc.formatVersion).toBe(v);
    }
  });

  for (const format of RELEASED) {
    it(`a format-${format} workspace opens with the same portfolio, templates, settings and undo`, async () => {
      const dir = await copyOf(format);
      const ws = await OpenWorkspace.open('fx', dir);
      open.push(ws);
      expect(ws.readOnly).toBe(false);
      expect(ws.portfolio).toEqual(fixtureCurrent(format));
      expect(ws.templates).toEqual(FIXTURE_TEMPLATES);
      expect(ws.rawSettings).toEqual(FIXTURE_SETTINGS);
      expect(ws.info()).toMatchObject({ name: FIXTURE_NAME, page: 'warnings', groupCount: 4, factCount: 10, firstPeriod: '2024-01', lastPeriod: '2024-03', canUndoImport: true });

      // now in the current format on disk, and the same again when reopened
      await ws.close();
      const doc = await readWorkspaceDoc(dir);
      expect(doc.formatVersion).toBe(WORKSPACE_FORMAT_VERSION);
      const files = await fs.readdir(path.join(dir, TABLES_DIR, doc.tables.current));
      expect(files.sort()).toEqual(['facts.hft', 'groups.hft', ...(format >= 2 ? ['keyPersons.hft'] : []), 'manifest.json', 'members.hft']);
      const again = await OpenWorkspace.open('fx', dir);
      open.push(again);
      expect(again.portfolio).toEqual(fixtureCurrent(format));
      expect(again.info().canUndoImport).toBe(true);
      expect(await again.undoLastImport()).toBe(true);
      expect(again.portfolio).toEqual({ ...FIXTURE_INITIAL, memberSnapshots: [] });
      expect(again.info().canUndoImport).toBe(false);
    });
  }

  it('format 1 → 2 keeps the old files aside and records the import log against the new generation', async () => {
    const dir = await copyOf(1);
    const original = await fs.readFile(path.join(dir, DOC_FILE));
    const ws = await OpenWorkspace.open('fx', dir);
    open.push(ws);
    const doc = await readWorkspaceDoc(dir);
    expect(doc.importLog).toEqual([expect.objectContaining({ ...FIXTURE_LOG, generation: doc.tables.current })]);
    const kept = (await fs.readdir(path.join(dir, BACKUPS_DIR))).find((n) => n.startsWith('pre-migration-format-1-')) ?? '';
    expect(await fs.readFile(path.join(dir, BACKUPS_DIR, kept, DOC_FILE))).toEqual(original);
    expect((await fs.readdir(path.join(dir, BACKUPS_DIR, kept, TABLES_DIR))).sort()).toEqual(['g000001', 'g000002']);
    expect((await fs.readdir(path.join(dir, TABLES_DIR))).sort()).toEqual([doc.tables.previous, doc.tables.current].sort());
    expect((await ws.listBackups()).map((b) => b.reason)).toEqual(['migrate']);
  });

  it('an interrupted migration (new tables written, pointer not switched) is simply done again', async () => {
    const dir = await copyOf(1);
    // what a crash before the commit leaves: a finished format-2 generation nobody points at
    await fs.cp(path.join(FIXTURES, 'format-2', TABLES_DIR, 'g000002'), path.join(dir, TABLES_DIR, 'g000003'), { recursive: true });
    await fs.mkdir(path.join(dir, TABLES_DIR, 'g000004'));
    const ws = await OpenWorkspace.open('fx', dir);
    open.push(ws);
    expect(ws.portfolio).toEqual(FIXTURE_CURRENT);
    const doc = await readWorkspaceDoc(dir);
    expect((await fs.readdir(path.join(dir, TABLES_DIR))).sort()).toEqual([doc.tables.previous, doc.tables.current].sort());
  });

  it('a format-1 workspace that another process holds is converted in memory only (read-only)', async () => {
    const dir = await copyOf(1);
    await fs.writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 999_999, host: os.hostname(), since: new Date().toISOString(), token: 'other' }));
    const before = await fs.readFile(path.join(dir, DOC_FILE));
    const ws = await OpenWorkspace.open('fx', dir, { lock: { isAlive: () => true } });
    expect(ws.readOnly).toBe(true);
    expect(ws.portfolio).toEqual(FIXTURE_CURRENT);
    await ws.close();
    expect(await fs.readFile(path.join(dir, DOC_FILE))).toEqual(before);
    expect((await fs.readdir(path.join(dir, TABLES_DIR, 'g000002'))).sort()).toEqual(['facts.json', 'groups.json', 'members.json']);
  });

  async function asNewer(dir: string, mutate: (raw: Record<string, unknown>) => void): Promise<void> {
    const file = path.join(dir, DOC_FILE);
    const raw = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    raw.formatVersion = WORKSPACE_FORMAT_VERSION + 1;
    raw.appVersion = '9.0.0';
    mutate(raw);
    await fs.writeFile(file, serializeDoc(raw as WorkspaceDoc));
  }

  it('a workspace from a newer format opens read-only with a message, and nothing is written', async () => {
    const dir = await copyOf(2);
    await asNewer(dir, (raw) => {
      raw.futureField = { anything: true };
    });
    const snapshot = async () => {
      const out: Record<string, string> = {};
      const walk = async (d: string): Promise<void> => {
        for (const e of await fs.readdir(d, { withFileTypes: true })) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) await walk(p);
          else out[path.relative(dir, p)] = createHash('sha256').update(await fs.readFile(p)).digest('hex');
        }
      };
      await walk(dir);
      return out;
    };
    const before = await snapshot();
    const ws = await OpenWorkspace.open('fx', dir);
    expect(ws.readOnly).toBe(true);
    expect(ws.readOnlyReason?.code).toBe('newer-format');
    expect(ws.readOnlyReason?.message.zh).toMatch(/更新版本/);
    expect(ws.readOnlyReason?.message.en).toMatch(/newer Holdfast.*9\.0\.0/);
    expect(ws.formatVersion).toBe(WORKSPACE_FORMAT_VERSION + 1);
    expect(ws.portfolio).toEqual(fixtureCurrent(2));
    expect(ws.info().canUndoImport).toBe(false);
    await expect(ws.saveSettings({})).rejects.toBeInstanceOf(WorkspaceReadOnlyError);
    await expect(ws.commitData(FIXTURE_INITIAL, { files: [], summary: '' })).rejects.toBeInstanceOf(WorkspaceReadOnlyError);
    await ws.setPage('overview'); // UI state: in memory only
    expect(ws.info().page).toBe('overview');
    expect(await ws.undoLastImport()).toBe(false);
    await ws.close();
    expect(await snapshot()).toEqual(before);
    // listings read it too
    expect(workspaceInfo('fx', dir, await readWorkspaceDoc(dir)).name).toBe(FIXTURE_NAME);
  });

  it('a newer format this version cannot read at all: a clear error, not "damaged"', async () => {
    const dir = await copyOf(2);
    await asNewer(dir, (raw) => {
      raw.tables = { current: 'g000002', previous: null };
    });
    const doc = await readWorkspaceDoc(dir);
    // a newer table file version
    const facts = path.join(dir, TABLES_DIR, doc.tables.current, 'facts.hft');
    const bytes = await fs.readFile(facts);
    bytes.writeUInt16LE(7, 4);
    createHash('sha256')
      .update(bytes.subarray(0, bytes.length - 36))
      .digest()
      .copy(bytes, bytes.length - 36);
    await fs.writeFile(facts, bytes);
    const manifestFile = path.join(dir, TABLES_DIR, doc.tables.current, 'manifest.json');
    const manifest = JSON.parse(await fs.readFile(manifestFile, 'utf8')) as { tables: { facts: { sha256: string } } };
    manifest.tables.facts.sha256 = bytes.subarray(bytes.length - 36, bytes.length - 4).toString('hex');
    await fs.writeFile(manifestFile, JSON.stringify(manifest));
    const err = await OpenWorkspace.open('fx', dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkspaceError);
    expect((err as WorkspaceError).kind).toBe('newer-format');
    expect((err as WorkspaceError).message).toMatch(/newer Holdfast/);
  });
});
