/**
 * Workspace management for the backend: opening (recording damage, migrating the old actions
 * log, remembering recent folders), status, backups, rename / duplicate / delete / save as,
 * and the .holdfast export and import. Plain Node: Electron-only abilities (the OS trash, the
 * folder and save dialogs) come in through hooks that electron/main sets.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Low } from 'lowdb';
import type { ApiError, ApiRequest, WorkspaceInfo } from '../../shared/api/contract';
import type { BackupItem, Damage, RecentWorkspace, WorkspaceStatus } from '../../shared/api/workspaceContract';
import type { AnalysisContext } from './analysisContext';
import { createDemoWorkspace, DEMO_WORKSPACE_ID } from './demoWorkspace';
import { workspacesDir } from './paths';
import { ActionsStore } from './storage/actionsStore';
import { RECENT_LIMIT, type AppStateDoc } from './storage/appState';
import { writeFileAtomic } from './storage/atomicWrite';
import { HoldfastFileError, exportHoldfast, importHoldfast, HOLDFAST_EXTENSION } from './storage/holdfastFile';
import { acquireWorkspaceLock } from './storage/workspaceLock';
import { copyWorkspace, folderNameFor, freeFolder, moveToTrash, type TrashMethod } from './storage/workspaceFiles';
import {
  createWorkspace,
  isWorkspace,
  newestGoodBackup,
  OpenWorkspace,
  readWorkspaceDoc,
  restoreWorkspaceFromBackup,
  workspaceInfo,
  WORKSPACE_FORMAT_VERSION,
  WorkspaceError,
  WorkspaceReadOnlyError,
  type BackupInfo,
} from './storage/workspaceStore';

/** What only Electron can do; set by electron/main, absent in browser mode and the CLI. */
export interface WorkspaceHooks {
  /** the OS trash (shell.trashItem) */
  trashItem?: (target: string) => Promise<void>;
  /** a folder dialog; null when cancelled */
  chooseFolder?: (purpose: 'open' | 'saveAs') => Promise<string | null>;
  /** a save dialog for a .holdfast; null when cancelled */
  chooseSavePath?: (defaultName: string) => Promise<string | null>;
}

const hooks: WorkspaceHooks = {};

export function setWorkspaceHooks(next: WorkspaceHooks): void {
  Object.assign(hooks, next);
}

export interface WorkspaceHost {
  dataDir: string;
  appState: Low<AppStateDoc>;
  current(): OpenWorkspace | null;
  /** makes `ws` the open workspace (null: none) and closes the one before */
  switchTo(ws: OpenWorkspace | null): Promise<void>;
  userError(error: ApiError): Error;
}

const T = (zh: string, en: string) => ({ zh, en });

/** A workspace id in the data directory: a folder name, never a path. */
const SAFE_ID = /^[\p{L}\p{N}_.-]+$/u;

function localTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function backupItem(b: BackupInfo): BackupItem {
  return { id: b.id, time: b.time, size: b.size, reason: b.reason, name: b.name, groupCount: b.groupCount, factCount: b.factCount };
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string) => (process.platform === 'win32' ? path.resolve(p).toLowerCase() : path.resolve(p));
  return norm(a) === norm(b);
}

export class WorkspaceManager {
  /** the last workspace that failed to open because a file is damaged */
  damage: Damage | null = null;
  private readonly actionStores = new WeakMap<OpenWorkspace, ActionsStore>();

  constructor(readonly host: WorkspaceHost) {}

  get root(): string {
    return workspacesDir(this.host.dataDir);
  }

  /** The folder of workspace `id` in the data directory. */
  dirOf(id: string): string {
    if (!SAFE_ID.test(id)) throw this.host.userError({ code: 'bad-request', message: T(`工作区名称无效：${id}`, `Invalid workspace id: ${id}`) });
    return path.join(this.root, id);
  }

  /** The workspaces in the data directory that can be read, last changed first. */
  async list(): Promise<WorkspaceInfo[]> {
    const entries = await fs.readdir(this.root, { withFileTypes: true });
    const infos: WorkspaceInfo[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory() || !SAFE_ID.test(entry.name)) continue;
      const dir = path.join(this.root, entry.name);
      try {
        infos.push(workspaceInfo(entry.name, dir, await readWorkspaceDoc(dir)));
      } catch {
        // Not a workspace, or damaged: the list shows only what can be opened.
      }
    }
    return infos.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
  }

  /** Opens workspace `id` of the data directory and makes it current. */
  async openId(id: string): Promise<WorkspaceInfo> {
    const dir = this.dirOf(id);
    if (!(await isWorkspace(dir))) {
      throw this.host.userError({ code: 'not-found', message: T(`找不到工作区：${id}`, `Workspace not found: ${id}`) });
    }
    const ws = await this.openDir(id, dir);
    return ws.info();
  }

  /** Opens the demo workspace, creating it the first time. */
  async openDemo(): Promise<WorkspaceInfo> {
    const dir = this.dirOf(DEMO_WORKSPACE_ID);
    if (!(await isWorkspace(dir))) await createDemoWorkspace(dir);
    return this.openId(DEMO_WORKSPACE_ID);
  }

  /** Creates an empty workspace named `name` (its folder: the name made safe, numbered when taken) and opens it. */
  async create(name: string): Promise<WorkspaceInfo> {
    const base = name.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60) || 'workspace';
    let id = base;
    for (let n = 2; await isWorkspace(this.dirOf(id)); n++) id = `${base}-${n}`;
    await createWorkspace(this.dirOf(id), { name, branchName: null, source: 'empty', portfolio: { groups: [], facts: [] } });
    return this.openId(id);
  }

  /** The actions log of `ws` (opened once per open workspace; an old actions.json is imported then). */
  async actions(ws: OpenWorkspace): Promise<ActionsStore> {
    let store = this.actionStores.get(ws);
    if (!store) {
      store = await ActionsStore.open(ws);
      this.actionStores.set(ws, store);
    }
    return store;
  }

  /**
   * Opens the workspace in `dir` and makes it current. A damaged one is recorded (status.damage,
   * with the newest good backup) and answered with a message naming the file; nothing is written.
   */
  async openDir(id: string, dir: string): Promise<OpenWorkspace> {
    let ws: OpenWorkspace;
    try {
      ws = await OpenWorkspace.open(id, dir);
    } catch (err) {
      if (err instanceof WorkspaceError && (err.kind === 'damaged' || err.kind === 'unreadable')) throw await this.damaged(dir, err);
      throw err;
    }
    this.damage = null;
    await this.host.switchTo(ws);
    // The old actions.json moves into the document now, so copies and exports carry it.
    await this.actions(ws).catch(() => undefined);
    await this.remember(dir, id);
    return ws;
  }

  private async damaged(dir: string, err: WorkspaceError): Promise<Error> {
    const good = await newestGoodBackup(dir).catch(() => null);
    const when = good ? localTime(good.time) : '';
    const message = T(
      `工作区文件已损坏，无法打开：${err.file}。${good ? `有一个完好的备份（${when}），可以打开它；损坏的文件会原样移到 backups 文件夹保留，不会被覆盖。` : '没有找到完好的备份。'}`,
      `A workspace file is damaged and the workspace cannot be opened: ${err.file}. ${good ? `A good backup exists (${when}); you can open it, and the damaged files are kept untouched in the backups folder.` : 'No good backup was found.'} (${err.message})`,
    );
    this.damage = { path: dir, file: err.file, message, goodBackup: good ? backupItem(good) : null };
    return this.host.userError({ code: 'conflict', message });
  }

  /** Remembers `dir` as the last and a recent workspace. */
  private async remember(dir: string, id: string): Promise<void> {
    const state = this.host.appState.data;
    const inDataDir = samePath(path.dirname(dir), this.root);
    state.lastWorkspaceId = inDataDir ? id : null;
    state.lastWorkspacePath = inDataDir ? null : dir;
    state.recent = [{ path: dir, openedAt: new Date().toISOString() }, ...(state.recent ?? []).filter((r) => !samePath(r.path, dir))].slice(0, RECENT_LIMIT);
    await this.host.appState.write();
  }

  private async forget(dir: string): Promise<void> {
    const state = this.host.appState.data;
    state.recent = (state.recent ?? []).filter((r) => !samePath(r.path, dir));
    if (state.lastWorkspacePath && samePath(state.lastWorkspacePath, dir)) state.lastWorkspacePath = null;
    if (state.lastWorkspaceId && samePath(path.join(this.root, state.lastWorkspaceId), dir)) state.lastWorkspaceId = null;
    await this.host.appState.write();
  }

  /**
   * Hidden folders of a copy or an import that a crash interrupted: never a workspace (the
   * finished folder is renamed into place), so they go.
   */
  private async removeLeftovers(): Promise<void> {
    for (const name of await fs.readdir(this.root).catch(() => [] as string[])) {
      if (/^\.(import-[0-9a-f]{8}|.+\.copy-[0-9a-f]{8})$/.test(name)) await fs.rm(path.join(this.root, name), { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /** At start-up: the last workspace, if it still opens (a damaged one is recorded for the damage screen). */
  async reopenLast(): Promise<void> {
    await this.removeLeftovers();
    const state = this.host.appState.data;
    const dir = state.lastWorkspacePath ?? (state.lastWorkspaceId ? path.join(this.root, state.lastWorkspaceId) : null);
    if (!dir || !(await isWorkspace(dir))) return;
    await this.openDir(path.basename(dir), dir).catch(() => undefined);
  }

  private requireOpen(): OpenWorkspace {
    const ws = this.host.current();
    if (!ws) throw this.host.userError({ code: 'no-workspace', message: T('尚未打开工作区', 'No workspace is open') });
    return ws;
  }

  private async requireWorkspaceDir(p: string): Promise<string> {
    const dir = path.resolve(p);
    if (!(await isWorkspace(dir))) {
      throw this.host.userError({ code: 'not-found', message: T(`${dir} 不是 Holdfast 工作区（缺少 workspace.json）`, `${dir} is not a Holdfast workspace (no workspace.json)`) });
    }
    return dir;
  }

  private ref(ws: OpenWorkspace) {
    return { id: ws.id, name: ws.info().name, path: ws.dir };
  }

  trashMethod(): TrashMethod {
    if (hooks.trashItem) return 'system';
    if (process.platform === 'darwin') return 'macos';
    if (process.platform === 'win32') return 'app';
    return 'freedesktop';
  }

  status(): WorkspaceStatus {
    const ws = this.host.current();
    const reason = ws?.readOnlyReason ?? null;
    return {
      open: ws !== null,
      name: ws ? ws.info().name : null,
      path: ws?.dir ?? null,
      readOnly: reason ? { code: reason.code, message: reason.message, owner: reason.owner ?? null } : null,
      backupError: ws?.backupError?.message ?? null,
      damage: this.damage,
      trash: this.trashMethod(),
      dialogs: hooks.chooseFolder !== undefined,
    };
  }

  async recent(): Promise<RecentWorkspace[]> {
    const current = this.host.current();
    const seen = new Map<string, { path: string; openedAt: string | null }>();
    for (const r of this.host.appState.data.recent ?? []) seen.set(path.resolve(r.path), { path: path.resolve(r.path), openedAt: r.openedAt });
    for (const entry of await fs.readdir(this.root, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const dir = path.join(this.root, entry.name);
      if (!seen.has(dir) && (await isWorkspace(dir))) seen.set(dir, { path: dir, openedAt: null });
    }
    const list: RecentWorkspace[] = [];
    for (const { path: dir, openedAt } of seen.values()) {
      const base = {
        path: dir,
        inDataDir: samePath(path.dirname(dir), this.root),
        current: current !== null && samePath(current.dir, dir),
        openedAt,
      };
      try {
        if (base.current && current) {
          const info = current.info(); // the open one: as in memory, never re-read mid-save
          list.push({ ...base, name: info.name, state: 'ok', modifiedAt: info.modifiedAt, groupCount: info.groupCount, lastPeriod: info.lastPeriod });
          continue;
        }
        const doc = await readWorkspaceDoc(dir);
        list.push({
          ...base,
          name: doc.name,
          state: doc.formatVersion > WORKSPACE_FORMAT_VERSION ? 'newer-format' : 'ok',
          modifiedAt: doc.modifiedAt,
          groupCount: doc.stats.groupCount,
          lastPeriod: doc.stats.lastPeriod,
        });
      } catch (err) {
        const missing = !(await isWorkspace(dir));
        const state = missing ? 'missing' : err instanceof WorkspaceError && err.kind === 'newer-format' ? 'newer-format' : 'damaged';
        list.push({ ...base, name: path.basename(dir), state, modifiedAt: null, groupCount: null, lastPeriod: null });
      }
    }
    // Opened ones first (newest first), then the rest by last change.
    return list.sort((a, b) => (b.openedAt ?? '').localeCompare(a.openedAt ?? '') || (b.modifiedAt ?? '').localeCompare(a.modifiedAt ?? ''));
  }

  async rename(p: string, name: string): Promise<void> {
    const dir = await this.requireWorkspaceDir(p);
    const current = this.host.current();
    if (current && samePath(current.dir, dir)) {
      await current.rename(name);
      return;
    }
    const ws = await OpenWorkspace.open(path.basename(dir), dir);
    try {
      if (ws.readOnlyReason) throw new WorkspaceReadOnlyError(dir, ws.readOnlyReason);
      await ws.rename(name);
    } finally {
      await ws.close();
    }
  }

  async duplicate(p: string, name: string) {
    const dir = await this.requireWorkspaceDir(p);
    const target = path.join(this.root, await freeFolder(this.root, folderNameFor(name)));
    const current = this.host.current();
    if (current && samePath(current.dir, dir)) await current.whileStable((doc) => copyWorkspace(dir, target, { name, doc }));
    else await copyWorkspace(dir, target, { name });
    return { id: path.basename(target), name, path: target };
  }

  async remove(p: string) {
    const dir = await this.requireWorkspaceDir(p);
    if (samePath(dir, this.root) || samePath(dir, this.host.dataDir)) {
      throw this.host.userError({ code: 'bad-request', message: T('不能删除数据目录本身', 'The data directory itself cannot be deleted') });
    }
    const current = this.host.current();
    if (current && samePath(current.dir, dir)) await this.host.switchTo(null);
    else {
      // Another process may be working in it: then it stays.
      const attempt = await acquireWorkspaceLock(dir);
      if (!attempt.lock) {
        const who = attempt.owner ? `${attempt.owner.host} / pid ${attempt.owner.pid}` : '?';
        throw this.host.userError({ code: 'conflict', message: T(`此工作区正被另一个程序使用（${who}），未删除`, `This workspace is in use by another program (${who}); it was not deleted`) });
      }
      await attempt.lock.release();
    }
    const result = await moveToTrash(dir, { dataDir: this.host.dataDir, systemTrash: hooks.trashItem ?? null });
    await this.forget(dir);
    if (this.damage && samePath(this.damage.path, dir)) this.damage = null;
    return result;
  }

  async saveAs(p: string) {
    const ws = this.requireOpen();
    const target = path.resolve(p);
    const name = ws.info().name;
    await ws.whileStable((doc) => copyWorkspace(ws.dir, target, { name, doc }));
    return this.ref(await this.openDir(path.basename(target), target));
  }

  async export(delivery: 'download' | 'dialog') {
    const ws = this.requireOpen();
    const bytes = await ws.whileStable((doc) => exportHoldfast(ws.dir, doc));
    const fileName = `${folderNameFor(ws.info().name)}${HOLDFAST_EXTENSION}`;
    if (delivery === 'dialog' && hooks.chooseSavePath) {
      const target = await hooks.chooseSavePath(fileName);
      if (target) await writeFileAtomic(target, bytes);
      return { fileName, dataBase64: null, savedTo: target, bytes: bytes.byteLength };
    }
    return { fileName, dataBase64: Buffer.from(bytes).toString('base64'), savedTo: null, bytes: bytes.byteLength };
  }

  async import(dataBase64: string, name?: string) {
    const bytes = new Uint8Array(Buffer.from(dataBase64, 'base64'));
    let imported;
    try {
      imported = await importHoldfast(bytes, this.root, name ? { name } : {});
    } catch (err) {
      if (err instanceof HoldfastFileError) throw this.host.userError({ code: 'bad-request', message: err.text });
      throw err;
    }
    return this.ref(await this.openDir(imported.id, imported.dir));
  }

  async openGoodBackup(p: string) {
    const dir = path.resolve(p);
    const good = await newestGoodBackup(dir);
    if (!good) throw this.host.userError({ code: 'not-found', message: T(`${dir} 没有完好的备份`, `${dir} has no good backup`) });
    const ws = await restoreWorkspaceFromBackup(path.basename(dir), dir, good.id);
    this.damage = null;
    await this.host.switchTo(ws);
    await this.actions(ws).catch(() => undefined);
    await this.remember(dir, ws.id);
    return this.ref(ws);
  }
}

/** `manager` is a getter: the backend's handler table is built before its constructor body runs. */
export function workspaceHandlers(m: () => WorkspaceManager, ctx: Pick<AnalysisContext, 'workspace'>) {
  return {
    'workspace.list': async () => m().list(),
    'workspace.openDemo': async () => m().openDemo(),
    'workspace.open': async ({ id }: ApiRequest<'workspace.open'>) => m().openId(id),
    'workspace.create': async ({ name }: ApiRequest<'workspace.create'>) => m().create(name),
    'workspace.setPage': async ({ page }: ApiRequest<'workspace.setPage'>) => {
      await ctx.workspace().setPage(page);
      return { ok: true as const };
    },
    'workspace.status': async () => m().status(),
    'workspace.recent': async () => m().recent(),
    'workspace.openFolder': async ({ path: p }: { path: string }) => {
      const dir = path.resolve(p);
      if (!(await isWorkspace(dir))) {
        throw m().host.userError({ code: 'not-found', message: T(`${dir} 不是 Holdfast 工作区（缺少 workspace.json）`, `${dir} is not a Holdfast workspace (no workspace.json)`) });
      }
      const ws = await m().openDir(path.basename(dir), dir);
      return { id: ws.id, name: ws.info().name, path: ws.dir };
    },
    'workspace.openGoodBackup': async ({ path: p }: { path: string }) => m().openGoodBackup(p),
    'workspace.rename': async ({ path: p, name }: { path: string; name: string }) => {
      await m().rename(p, name);
      return { ok: true as const };
    },
    'workspace.duplicate': async ({ path: p, name }: { path: string; name: string }) => m().duplicate(p, name),
    'workspace.delete': async ({ path: p }: { path: string }) => m().remove(p),
    'workspace.saveAs': async ({ path: p }: { path: string }) => m().saveAs(p),
    'workspace.chooseFolder': async ({ purpose }: { purpose: 'open' | 'saveAs' }) => ({ path: hooks.chooseFolder ? await hooks.chooseFolder(purpose) : null }),
    'workspace.export': async ({ delivery }: { delivery: 'download' | 'dialog' }) => m().export(delivery),
    'workspace.import': async ({ dataBase64, name }: { fileName: string; dataBase64: string; name?: string }) => m().import(dataBase64, name),
    'backups.list': async () => {
      const ws = m().host.current();
      if (!ws) throw m().host.userError({ code: 'no-workspace', message: T('尚未打开工作区', 'No workspace is open') });
      return (await ws.listBackups()).map(backupItem);
    },
    'backups.restore': async ({ id }: { id: string }) => {
      const ws = m().host.current();
      if (!ws) throw m().host.userError({ code: 'no-workspace', message: T('尚未打开工作区', 'No workspace is open') });
      if (!(await ws.listBackups()).some((b) => b.id === id)) throw m().host.userError({ code: 'not-found', message: T(`找不到备份：${id}`, `No such backup: ${id}`) });
      await ws.restoreBackup(id);
      return { ok: true as const };
    },
  };
}
