/**
 * Workspace management through the backend's channels: rename, duplicate, delete to the trash,
 * save as, open folder, recent list, damage with the newest good backup, backups.restore, and
 * the .holdfast round trip (identical analysis) with tampered files refused before any write.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend';
import { checkHoldfast, exportHoldfast, HoldfastFileError } from '../../electron/backend/storage/holdfastFile';
import { moveToTrash } from '../../electron/backend/storage/workspaceFiles';
import { readWorkspaceDoc } from '../../electron/backend/storage/workspaceStore';

let root: string;
let dataDir: string;
let backend: Backend;
const savedXdg = process.env.XDG_DATA_HOME;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-wsm-'));
  dataDir = path.join(root, 'data');
  process.env.XDG_DATA_HOME = path.join(root, 'xdg');
  backend = await Backend.start({ dataDir, version: 'test', mode: 'browser' });
});
afterEach(async () => {
  await backend.workspace?.close();
  if (savedXdg === undefined) delete process.env.XDG_DATA_HOME;
  else process.env.XDG_DATA_HOME = savedXdg;
  await fs.rm(root, { recursive: true, force: true });
});

async function errorText(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a failure');
}

describe('workspace manager channels', () => {
  it('renames, duplicates, saves as, lists recent and deletes to the freedesktop trash', async () => {
    const ws = await backend.call('workspace.create', { name: '滨江分公司' });
    await backend.call('workspace.rename', { path: ws.path, name: '滨江 2026Q4' });
    expect((await backend.call('workspace.status', {})).name).toBe('滨江 2026Q4');
    expect((await readWorkspaceDoc(ws.path)).name).toBe('滨江 2026Q4');

    const copy = await backend.call('workspace.duplicate', { path: ws.path, name: '滨江 副本' });
    expect(copy.path).not.toBe(ws.path);
    const copyDoc = await readWorkspaceDoc(copy.path);
    expect(copyDoc.name).toBe('滨江 副本');
    expect(copyDoc.tables.previous).toBeNull();
    await expect(fs.access(path.join(copy.path, 'workspace.lock'))).rejects.toThrow();

    // Rename a workspace that is not open.
    await backend.call('workspace.rename', { path: copy.path, name: '副本改名' });
    expect((await readWorkspaceDoc(copy.path)).name).toBe('副本改名');

    const elsewhere = path.join(root, 'elsewhere', 'my-ws');
    const saved = await backend.call('workspace.saveAs', { path: elsewhere });
    expect(saved.path).toBe(elsewhere);
    expect((await backend.call('workspace.status', {})).path).toBe(elsewhere);
    // A non-empty target, or the workspace itself, is refused.
    await fs.writeFile(path.join(root, 'elsewhere', 'note.txt'), 'x');
    expect(await errorText(backend.call('workspace.saveAs', { path: path.join(root, 'elsewhere') }))).toContain('not empty');
    expect(await errorText(backend.call('workspace.saveAs', { path: elsewhere }))).toContain('inside the workspace');

    const recent = await backend.call('workspace.recent', {});
    expect(recent[0]?.path).toBe(elsewhere);
    expect(recent[0]?.current).toBe(true);
    expect(recent.map((r) => r.path)).toEqual(expect.arrayContaining([ws.path, copy.path, elsewhere]));

    // Reopening after a restart comes back to the folder outside the data directory, and the
    // hidden folder of an interrupted import is cleared away (a finished one is renamed into place).
    await backend.workspace?.close();
    const leftover = path.join(dataDir, 'workspaces', '.import-deadbeef');
    await fs.mkdir(path.join(leftover, 'tables'), { recursive: true });
    backend = await Backend.start({ dataDir, version: 'test', mode: 'browser' });
    expect(backend.workspace?.dir).toBe(elsewhere);
    await expect(fs.access(leftover)).rejects.toThrow();

    const trashed = await backend.call('workspace.delete', { path: copy.path });
    expect(trashed.method).toBe('freedesktop');
    expect(trashed.location).toBe(path.join(root, 'xdg', 'Trash', 'files', path.basename(copy.path)));
    await fs.access(path.join(trashed.location ?? '', 'workspace.json'));
    const info = await fs.readFile(path.join(root, 'xdg', 'Trash', 'info', `${path.basename(copy.path)}.trashinfo`), 'utf8');
    expect(info).toContain(`Path=${encodeURI(copy.path)}`);
    expect((await backend.call('workspace.recent', {})).some((r) => r.path === copy.path)).toBe(false);

    // Deleting the open workspace closes it first.
    await backend.call('workspace.delete', { path: elsewhere });
    expect((await backend.call('workspace.status', {})).open).toBe(false);
    await expect(fs.access(elsewhere)).rejects.toThrow();
  });

  it('moves to the app trash on Windows and refuses a folder that is not a workspace', async () => {
    const target = path.join(root, 'victim');
    await fs.mkdir(target);
    await fs.writeFile(path.join(target, 'a.txt'), 'x');
    const r = await moveToTrash(target, { dataDir, platform: 'win32', now: new Date('2026-11-23T10:00:00Z') });
    expect(r.method).toBe('app');
    expect(r.location).toBe(path.join(dataDir, 'trash', 'victim-20261123T100000Z'));
    expect(await fs.readFile(path.join(r.location ?? '', 'a.txt'), 'utf8')).toBe('x');
    expect(await errorText(backend.call('workspace.delete', { path: root }))).toContain('not a Holdfast workspace');
  });

  it('restores a backup after backing up the current state', async () => {
    await backend.call('workspace.create', { name: '备份测试' });
    await backend.call('settings.update', { key: 'value.windowMonths', value: 6 });
    const before = await backend.call('backups.list', {});
    const oldest = before[before.length - 1];
    expect(oldest?.reason).toBe('create');
    await backend.call('backups.restore', { id: oldest?.id ?? '' });
    const after = await backend.call('backups.list', {});
    expect(after.map((b) => b.reason)).toEqual(expect.arrayContaining(['restore']));
    expect((await backend.call('settings.get', {})).settings).toEqual((await backend.call('settings.get', {})).defaults);
    expect(await errorText(backend.call('backups.restore', { id: 'backup-999999' }))).toContain('No such backup');
  });

  it('reports a damaged workspace with its newest good backup and opens that backup', async () => {
    const ws = await backend.call('workspace.create', { name: '会损坏' });
    await backend.workspace?.close();
    const docFile = path.join(ws.path, 'workspace.json');
    const text = await fs.readFile(docFile, 'utf8');
    await fs.writeFile(docFile, text.replace('会损坏', '被改了'));
    const message = await errorText(backend.call('workspace.openFolder', { path: ws.path }));
    expect(message).toContain(docFile);
    const status = await backend.call('workspace.status', {});
    expect(status.damage?.file).toBe(docFile);
    expect(status.damage?.goodBackup).not.toBeNull();
    const reopened = await backend.call('workspace.openGoodBackup', { path: ws.path });
    expect(reopened.name).toBe('会损坏');
    expect((await backend.call('workspace.status', {})).damage).toBeNull();
    // The file that could not be read was kept, untouched.
    const backups = await fs.readdir(path.join(ws.path, 'backups'));
    const aside = backups.find((n) => n.startsWith('damaged-'));
    expect(await fs.readFile(path.join(ws.path, 'backups', aside ?? '', 'workspace.json'), 'utf8')).toContain('被改了');
  });
});

describe('.holdfast export and import', () => {
  let dir: string;
  let exported: Uint8Array;
  let analysis: unknown;
  let demoBackend: Backend;
  let actionsBefore: unknown;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-holdfast-'));
    demoBackend = await Backend.start({ dataDir: path.join(dir, 'data'), version: 'test', mode: 'browser' });
    await demoBackend.call('workspace.openDemo', {});
    const group = (await demoBackend.call('analysis.get', {})).warnings[0];
    await demoBackend.call('actions.save', { groupCode: group?.groupCode ?? '', cause: 'service', action: '走访', owner: '王五', due: null, status: 'open', note: '随导出带走' });
    analysis = await demoBackend.call('analysis.get', {});
    actionsBefore = await demoBackend.call('actions.list', {});
    const out = await demoBackend.call('workspace.export', { delivery: 'download' });
    expect(out.fileName.endsWith('.holdfast')).toBe(true);
    exported = new Uint8Array(Buffer.from(out.dataBase64 ?? '', 'base64'));
  }, 60_000);
  afterAll(async () => {
    await demoBackend.workspace?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("analysis.get brief (设置's preview) keeps every figure and drops the rows and points", async () => {
    const full = await demoBackend.call('analysis.get', {});
    const brief = await demoBackend.call('analysis.get', { brief: true });
    expect(full.warnings.length).toBeGreaterThan(100);
    expect(full.valueRisk.points.length).toBeGreaterThan(100);
    expect(brief.warnings).toEqual([]);
    expect(brief.valueRisk.points).toEqual([]);
    expect({ ...brief, warnings: full.warnings, valueRisk: { ...brief.valueRisk, points: full.valueRisk.points } }).toEqual(full);
    expect(JSON.stringify(brief).length * 20).toBeLessThan(JSON.stringify(full).length);
  });

  it('contains the document, the manifest and the tables, not the lock or backups', async () => {
    const zip = await JSZip.loadAsync(exported);
    const names = Object.keys(zip.files);
    expect(names).toContain('workspace.json');
    expect(names).toContain('holdfast-export.json');
    expect(names.some((n) => /^tables\/g\d{6}\/manifest\.json$/.test(n))).toBe(true);
    expect(names.some((n) => n.endsWith('facts.hft'))).toBe(true);
    expect(names.some((n) => n.includes('lock') || n.startsWith('backups'))).toBe(false);
  });

  it('imports as a new workspace with identical analysis results and the actions', async () => {
    const data2 = path.join(dir, 'data2');
    const other = await Backend.start({ dataDir: data2, version: 'test', mode: 'browser' });
    const ref = await other.call('workspace.import', { fileName: 'x.holdfast', dataBase64: Buffer.from(exported).toString('base64') });
    expect(path.dirname(ref.path)).toBe(path.join(data2, 'workspaces'));
    expect(await other.call('analysis.get', {})).toEqual(analysis);
    // the demo ships a ledger; every action travels, the one added here too
    const actions = await other.call('actions.list', {});
    expect(actions).toEqual(actionsBefore);
    expect(actions.filter((a) => a.note === '随导出带走')).toHaveLength(1);
    // Imported twice: a second folder, nothing overwritten.
    const again = await other.call('workspace.import', { fileName: 'x.holdfast', dataBase64: Buffer.from(exported).toString('base64'), name: '同事的副本' });
    expect(again.path).not.toBe(ref.path);
    expect(again.name).toBe('同事的副本');
    await other.workspace?.close();
  }, 60_000);

  async function tampered(change: (zip: JSZip) => Promise<void>): Promise<Uint8Array> {
    const zip = await JSZip.loadAsync(exported);
    await change(zip);
    return zip.generateAsync({ type: 'uint8array' });
  }

  async function rejection(bytes: Uint8Array): Promise<HoldfastFileError> {
    try {
      await checkHoldfast(bytes);
    } catch (err) {
      if (err instanceof HoldfastFileError) return err;
      throw err;
    }
    throw new Error('expected a rejection');
  }

  it('refuses a table with one changed byte, naming the entry, and writes nothing', async () => {
    const bytes = await tampered(async (zip) => {
      const name = Object.keys(zip.files).find((n) => n.endsWith('facts.hft')) ?? '';
      const data = await zip.file(name)?.async('uint8array');
      if (!data) throw new Error('no facts');
      data[200] = (data[200] ?? 0) ^ 0xff;
      zip.file(name, data);
    });
    const err = await rejection(bytes);
    expect(err.entry).toMatch(/^tables\/g\d{6}\/facts\.hft$/);
    expect(err.text.zh).toContain('facts.hft');
    expect(err.text.en).toContain('checksum');

    const data3 = path.join(dir, 'data3');
    const other = await Backend.start({ dataDir: data3, version: 'test', mode: 'browser' });
    const envelope = await other.handle('workspace.import', { fileName: 'bad.holdfast', dataBase64: Buffer.from(bytes).toString('base64') });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) expect(envelope.error.message.en).toContain('facts.hft');
    expect(await fs.readdir(path.join(data3, 'workspaces'))).toEqual([]);
  });

  it('refuses an edited workspace.json, a missing table, a truncated table and a non-zip', async () => {
    const edited = await tampered(async (zip) => {
      const text = (await zip.file('workspace.json')?.async('string')) ?? '';
      zip.file('workspace.json', text.replace('"source": "demo"', '"source": "import"'));
    });
    expect((await rejection(edited)).entry).toBe('workspace.json');

    const missing = await tampered(async (zip) => {
      zip.remove(Object.keys(zip.files).find((n) => n.endsWith('groups.hft')) ?? '');
    });
    const m = await rejection(missing);
    expect(m.entry).toMatch(/groups\.hft$/);
    expect(m.text.en).toContain('has no');

    const truncated = await tampered(async (zip) => {
      const name = Object.keys(zip.files).find((n) => n.endsWith('members.hft')) ?? '';
      const data = (await zip.file(name)?.async('uint8array')) ?? new Uint8Array();
      zip.file(name, data.subarray(0, data.length - 10));
    });
    expect((await rejection(truncated)).text.en).toContain('truncated');

    const notZip = await rejection(new TextEncoder().encode('hello, not a zip'));
    expect(notZip.entry).toBeNull();
    expect(notZip.text.zh).toContain('不是有效的 .holdfast 文件');
  });

  it('exports only the committed state of a workspace folder', async () => {
    const ws = demoBackend.workspace;
    if (!ws) throw new Error('no workspace');
    const bytes = await ws.whileStable((doc) => exportHoldfast(ws.dir, doc));
    const checked = await checkHoldfast(bytes);
    expect(checked.doc.tables.previous).toBeNull();
    expect(checked.doc.stats.groupCount).toBe(ws.portfolio.groups.length);
  });
});
