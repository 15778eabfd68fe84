/**
 * A workspace is a folder (format 2; docs/storage.md has the full picture):
 *   workspace.json            lowdb document for small, mutable things (name, UI state, mapping
 *                             templates, import log, settings), the pointer to the tables, and
 *                             a checksum. Rewriting it (one atomic rename) is the commit point.
 *   tables/<generation>/      the bulk tables as columnar .hft files + manifest.json (checksums)
 *   backups/                  the last saves and one per day (backups.ts)
 *   workspace.lock            the one process that may write (workspaceLock.ts)
 * Data changes write a NEW generation folder, then switch the pointer in workspace.json:
 * a crash leaves either the old or the new data, and the previous generation is kept for
 * "undo last import". A page switch, a setting or a note never rewrites the tables.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type { Page, WorkspaceInfo } from '../../../shared/api/contract';
import { factCount, factPeriods } from '../../../shared/model/factColumns';
import type { Portfolio } from '../../../shared/model/portfolio';
import { isAtomicTempFile, writeFileAtomic } from './atomicWrite';
import { BackupStore, BACKUPS_DIR, DEFAULT_BACKUP_POLICY, type BackupInfo, type BackupPolicy, type BackupReason } from './backups';
import { ColumnarError, type EncodedTable } from './columnarTable';
import { WorkspaceError, WorkspaceReadOnlyError, type ReadOnlyReason } from './errors';
import {
  GENERATION_RE,
  generationDir,
  MANIFEST_FILE,
  nextGeneration,
  readGeneration,
  TABLES_DIR,
  WORKSPACE_FORMAT_VERSION,
  writeGeneration,
  type GenerationManifest,
  type WrittenGeneration,
} from './manifest';
import { FORMAT1_FILES, GENERATION_READERS, upgradeDoc } from './migrations';
import type { TableName } from './portfolioTables';
import { TABLE_FILES } from './portfolioTables';
import {
  DOC_FILE,
  DOC_FORMAT,
  parseCurrentDoc,
  parseNewerDoc,
  readRawDoc,
  serializeDoc,
  WorkspaceDocFile,
  type ImportLogEntry,
  type MappingTemplate,
  type RawDoc,
  type WorkspaceDoc,
  type DocSection,
} from './workspaceDoc';
import { acquireWorkspaceLock, LOCK_FILE, type LockOptions, type LockOwner, type WorkspaceLock } from './workspaceLock';
import { APP_VERSION } from '../version';

export { DOC_FILE, TABLES_DIR, WORKSPACE_FORMAT_VERSION, BACKUPS_DIR, LOCK_FILE, MANIFEST_FILE };
export { WorkspaceError, WorkspaceReadOnlyError };
export type { DocSection, ReadOnlyReason, MappingTemplate, ImportLogEntry, WorkspaceDoc, BackupInfo, BackupPolicy, LockOwner };
export const GROUPS_FILE = TABLE_FILES.groups;
export const FACTS_FILE = TABLE_FILES.facts;
export const MEMBERS_FILE = TABLE_FILES.members;

function statsOf(portfolio: Portfolio, written?: WrittenGeneration): WorkspaceDoc['stats'] {
  // The facts' distinct periods come free with the encoding: no pass over a million rows.
  let periods: readonly string[] | undefined = written?.files.get('facts')?.distinct.get('period');
  if (!periods) periods = factPeriods(portfolio);
  let first: string | null = null;
  let last: string | null = null;
  for (const p of periods) {
    if (first === null || p < first) first = p;
    if (last === null || p > last) last = p;
  }
  return { groupCount: portfolio.groups.length, factCount: factCount(portfolio), firstPeriod: first, lastPeriod: last };
}

/** Wraps a failure to encode data (a value of the wrong type) as an error naming the file. */
async function writeGenerationChecked(
  dir: string,
  generation: string,
  portfolio: Portfolio,
  now: Date,
  alongside?: (table: TableName, encoded: EncodedTable) => Promise<unknown>,
): Promise<WrittenGeneration> {
  try {
    return await writeGeneration(dir, generation, portfolio, now, alongside);
  } catch (err) {
    await fs.rm(generationDir(dir, generation), { recursive: true, force: true }).catch(() => undefined);
    if (err instanceof ColumnarError) throw new WorkspaceError(generationDir(dir, generation), `cannot save the tables: ${err.message}`, 'unreadable');
    throw err;
  }
}

export interface NewWorkspace {
  name: string;
  branchName: string | null;
  source: WorkspaceDoc['source'];
  portfolio: Portfolio;
  page?: Page;
  /** sections to start with (the demo's actions ledger); each is checked by its feature when read */
  sections?: Record<string, unknown>;
}

export async function createWorkspace(dir: string, init: NewWorkspace, now: Date = new Date()): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const generation = await nextGeneration(dir);
  // Tables first, the document last: a folder without workspace.json is not yet a workspace.
  const written = await writeGenerationChecked(dir, generation, init.portfolio, now);
  const doc: WorkspaceDoc = {
    format: DOC_FORMAT,
    formatVersion: WORKSPACE_FORMAT_VERSION,
    name: init.name,
    branchName: init.branchName,
    source: init.source,
    createdAt: now.toISOString(),
    modifiedAt: now.toISOString(),
    ui: { page: init.page ?? 'overview' },
    stats: statsOf(init.portfolio, written),
    tables: { current: generation, previous: null },
    templates: [],
    importLog: [],
    appVersion: APP_VERSION,
    ...(init.sections ? { sections: init.sections } : {}),
  };
  await writeFileAtomic(path.join(dir, DOC_FILE), serializeDoc(doc));
  const backups = BackupStore.for(dir);
  await backups.reload();
  await backups.add(doc, written.manifest, 'create', now, { files: written.files }).catch(() => undefined); // a backup that cannot be written must not undo the creation
}

export async function isWorkspace(dir: string): Promise<boolean> {
  try {
    await fs.access(path.join(dir, DOC_FILE));
    return true;
  } catch {
    return false;
  }
}

/**
 * The document of any format this version knows (older ones upgraded in memory, newer ones
 * read loosely), for listings. Throws WorkspaceError naming the file when it is damaged.
 */
export async function readWorkspaceDoc(dir: string): Promise<WorkspaceDoc> {
  const raw = await readRawDoc(dir);
  if (raw.formatVersion > WORKSPACE_FORMAT_VERSION) return parseNewerDoc(raw);
  return upgradeDoc(raw);
}

export function workspaceInfo(id: string, dir: string, doc: WorkspaceDoc): WorkspaceInfo {
  const lastImport = doc.importLog[doc.importLog.length - 1];
  return {
    id,
    name: doc.name,
    path: dir,
    createdAt: doc.createdAt,
    modifiedAt: doc.modifiedAt,
    groupCount: doc.stats.groupCount,
    factCount: doc.stats.factCount,
    firstPeriod: doc.stats.firstPeriod,
    lastPeriod: doc.stats.lastPeriod,
    page: doc.ui.page,
    canUndoImport: doc.tables.previous !== null && lastImport?.generation === doc.tables.current,
  };
}

export interface OpenOptions {
  /** the clock for timestamps and backup rotation (tests inject one) */
  now?: () => Date;
  backupPolicy?: BackupPolicy;
  lock?: LockOptions;
}

/** An ISO time as local YYYY-MM-DD HH:mm (the lock's `since` in messages). */
function localMinute(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function lockedReason(owner: LockOwner | null): ReadOnlyReason {
  if (!owner) {
    return {
      code: 'locked',
      message: {
        zh: '另一个程序正在使用此工作区，已以只读方式打开。关闭另一个窗口后重新打开即可编辑。',
        en: 'Another program is using this workspace; it is open read-only. Close the other window and open it again to edit.',
      },
    };
  }
  const where = `${owner.host} 上的进程 ${owner.pid}`;
  const since = localMinute(owner.since);
  return {
    code: 'locked',
    owner: { pid: owner.pid, host: owner.host, since: owner.since },
    message: {
      zh: `此工作区正在被另一个 Holdfast 使用（${where}，自 ${since} 起），已以只读方式打开，修改不会保存。关闭另一个窗口后重新打开即可编辑。`,
      en: `This workspace is in use by another Holdfast (process ${owner.pid} on ${owner.host}, since ${since}); it is open read-only and changes are not saved. Close the other window and open it again to edit.`,
    },
  };
}

function newerReason(formatVersion: number, appVersion: string): ReadOnlyReason {
  return {
    code: 'newer-format',
    message: {
      zh: `此工作区由更新版本的 Holdfast 保存（格式 ${formatVersion}，版本 ${appVersion}；本程序读写格式 ${WORKSPACE_FORMAT_VERSION}），已以只读方式打开。请升级 Holdfast 后再编辑。`,
      en: `This workspace was saved by a newer Holdfast (format ${formatVersion}, version ${appVersion}; this version writes format ${WORKSPACE_FORMAT_VERSION}); it is open read-only. Update Holdfast to edit it.`,
    },
  };
}

function compactStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * Brings an older-format workspace to the current format on disk: new generations first,
 * then the pointer switch, then the old folders go to backups/pre-migration-format-<v>-<time>/.
 */
async function migrateOnDisk(dir: string, raw: RawDoc, now: Date): Promise<{ doc: WorkspaceDoc; portfolio: Portfolio; written: WrittenGeneration }> {
  const from = raw.formatVersion;
  const upgraded = upgradeDoc(raw);
  const reader = GENERATION_READERS[from];
  if (!reader) throw new WorkspaceError(raw.file, `${raw.file}: no reader for format ${from}`, 'newer-format');
  const old = upgraded.tables;
  const portfolio = await reader(dir, old.current);
  let previous: Portfolio | null = null;
  if (old.previous !== null) previous = await reader(dir, old.previous).catch(() => null); // undo is lost, the data is not
  const renamed = new Map<string, string>();
  let prevWritten: WrittenGeneration | null = null;
  if (previous && old.previous) {
    prevWritten = await writeGenerationChecked(dir, await nextGeneration(dir), previous, now);
    renamed.set(old.previous, prevWritten.generation);
  }
  const written = await writeGenerationChecked(dir, await nextGeneration(dir), portfolio, now);
  renamed.set(old.current, written.generation);
  const doc: WorkspaceDoc = {
    ...upgraded,
    appVersion: APP_VERSION,
    tables: { current: written.generation, previous: prevWritten?.generation ?? null },
    importLog: upgraded.importLog.map((e) => ({ ...e, generation: renamed.get(e.generation) ?? e.generation })),
  };
  // Keep the document as it was, then commit.
  const keep = path.join(dir, BACKUPS_DIR, `pre-migration-format-${from}-${compactStamp(now)}`);
  await fs.mkdir(keep, { recursive: true });
  await fs.copyFile(raw.file, path.join(keep, DOC_FILE));
  await writeFileAtomic(path.join(dir, DOC_FILE), serializeDoc(doc));
  for (const name of [old.current, old.previous]) {
    if (name === null) continue;
    await fs.mkdir(path.join(keep, TABLES_DIR), { recursive: true });
    await fs.rename(generationDir(dir, name), path.join(keep, TABLES_DIR, name)).catch(() => undefined);
  }
  return { doc, portfolio, written };
}

export class OpenWorkspace {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly backups: BackupStore;
  /** the last backup failure (saves succeed without a backup; the UI may warn) */
  backupError: Error | null = null;

  private constructor(
    readonly id: string,
    readonly dir: string,
    private readonly doc: Low<WorkspaceDoc>,
    private current: Portfolio,
    private manifest: GenerationManifest | null,
    private lock: WorkspaceLock | null,
    /** why the workspace is read-only, null when it can be saved */
    readonly readOnlyReason: ReadOnlyReason | null,
    private readonly options: OpenOptions,
  ) {
    this.backups = BackupStore.for(dir);
  }

  /**
   * Opens a workspace. Read-only (see readOnly/readOnlyReason) when another process holds it
   * or it comes from a newer format; an older format is migrated when it may be written.
   * Throws WorkspaceError naming the file when something cannot be read (kind 'damaged':
   * offer newestGoodBackup(dir)); nothing is written in that case.
   */
  static async open(id: string, dir: string, options: OpenOptions = {}): Promise<OpenWorkspace> {
    const clock = options.now ?? (() => new Date());
    const attempt = await acquireWorkspaceLock(dir, options.lock);
    let lock = attempt.lock;
    try {
      const raw = await readRawDoc(dir);
      let reason: ReadOnlyReason | null = lock ? null : lockedReason(attempt.owner);
      let doc: WorkspaceDoc;
      let portfolio: Portfolio;
      let manifest: GenerationManifest | null = null;
      let files: Map<TableName, EncodedTable> | undefined;
      if (raw.formatVersion > WORKSPACE_FORMAT_VERSION) {
        doc = parseNewerDoc(raw);
        try {
          ({ portfolio, manifest } = await readGeneration(dir, doc.tables.current));
        } catch (err) {
          if (!(err instanceof WorkspaceError)) throw err;
          throw new WorkspaceError(
            err.file,
            `${dir} was saved by a newer Holdfast (format ${raw.formatVersion}, version ${doc.appVersion}) that this version cannot read; update Holdfast. (${err.message})`,
            'newer-format',
          );
        }
        reason = newerReason(raw.formatVersion, doc.appVersion);
        await lock?.release();
        lock = null;
      } else if (raw.formatVersion < WORKSPACE_FORMAT_VERSION) {
        if (lock) {
          const migrated = await migrateOnDisk(dir, raw, clock());
          ({ doc, portfolio } = migrated);
          manifest = migrated.written.manifest;
          files = migrated.written.files;
        } else {
          doc = upgradeDoc(raw);
          const reader = GENERATION_READERS[raw.formatVersion];
          if (!reader) throw new WorkspaceError(raw.file, `${raw.file}: no reader for format ${raw.formatVersion}`);
          portfolio = await reader(dir, doc.tables.current);
        }
      } else {
        doc = parseCurrentDoc(raw);
        ({ portfolio, manifest } = await readGeneration(dir, doc.tables.current));
      }
      if (lock) await BackupStore.for(dir).reload();
      const low = new Low<WorkspaceDoc>(new WorkspaceDocFile(path.join(dir, DOC_FILE)), doc);
      const ws = new OpenWorkspace(id, dir, low, portfolio, manifest, lock, reason, options);
      if (lock) await ws.housekeeping(raw.formatVersion < WORKSPACE_FORMAT_VERSION ? 'migrate' : 'open', files);
      return ws;
    } catch (err) {
      await lock?.release();
      throw err;
    }
  }

  /** true when nothing can be saved: readOnlyReason says why */
  get readOnly(): boolean {
    return this.readOnlyReason !== null;
  }

  /** the format version of the workspace on disk (newer than WORKSPACE_FORMAT_VERSION: read-only) */
  get formatVersion(): number {
    return this.doc.data.formatVersion;
  }

  get portfolio(): Portfolio {
    return this.current;
  }

  get templates(): readonly MappingTemplate[] {
    return this.doc.data.templates;
  }

  info(): WorkspaceInfo {
    const info = workspaceInfo(this.id, this.dir, this.doc.data);
    return this.readOnly ? { ...info, canUndoImport: false } : info;
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  private touch(): void {
    this.doc.data.modifiedAt = this.now().toISOString();
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private assertWritable(): void {
    if (this.closed) throw new WorkspaceError(this.dir, `${this.dir} was closed`, 'read-only');
    if (this.readOnlyReason) throw new WorkspaceReadOnlyError(this.dir, this.readOnlyReason);
  }

  /**
   * After a (re)open with the lock: leftovers of interrupted writes go, and the state is
   * backed up unless the newest backup already is it.
   */
  private async housekeeping(reason: BackupReason, files?: Map<TableName, EncodedTable>): Promise<void> {
    await this.exclusive(async () => {
      for (const name of await fs.readdir(this.dir).catch(() => [] as string[])) {
        if (isAtomicTempFile(name)) await fs.rm(path.join(this.dir, name), { force: true }).catch(() => undefined);
      }
      await this.pruneGenerations();
      await this.backups.tidy().catch(() => undefined);
      await this.backupAfterSave(reason, files);
    });
  }

  /**
   * Backs up the state just saved (part of the save: when a save resolves, its backup is on
   * disk). A failure is kept in backupError, never thrown: the save itself succeeded.
   */
  private async backupAfterSave(reason: BackupReason, files?: Map<TableName, EncodedTable>): Promise<void> {
    const manifest = this.manifest;
    if (!manifest) return;
    try {
      await this.backups.add(this.doc.data, manifest, reason, this.now(), { ...(files ? { files } : {}), policy: this.options.backupPolicy ?? DEFAULT_BACKUP_POLICY });
      this.backupError = null;
    } catch (err) {
      this.backupError = err instanceof Error ? err : new Error(String(err));
    }
  }

  /** After a data change: back up, and drop generations nobody points at. */
  private async afterDataChange(reason: BackupReason, files?: Map<TableName, EncodedTable>): Promise<void> {
    await this.backupAfterSave(reason, files);
    await this.pruneGenerations();
  }

  /** Writes the document (the commit); on failure the in-memory document goes back to `before`. */
  private async commitDoc(next: WorkspaceDoc, before: WorkspaceDoc): Promise<void> {
    this.doc.data = next;
    try {
      await this.doc.write();
    } catch (err) {
      this.doc.data = before; // the pointer did not move: nothing changed
      throw err;
    }
  }

  async setPage(page: Page): Promise<void> {
    if (this.doc.data.ui.page === page) return;
    this.doc.data.ui.page = page;
    this.touch();
    // UI state of a read-only workspace lives in memory only; a page switch is not backed up.
    if (this.readOnly || this.closed) return;
    await this.exclusive(() => this.doc.write());
  }

  /**
   * Replaces the data with `portfolio` as one atomic step (new table generation,
   * then the pointer switch), remembering the previous generation for undo.
   */
  async commitData(portfolio: Portfolio, log: Omit<ImportLogEntry, 'generation' | 'at'>, templates?: MappingTemplate[]): Promise<void> {
    this.assertWritable();
    await this.exclusive(async () => {
      const now = this.now();
      const before = this.doc.data;
      const generation = await nextGeneration(this.dir, [before.tables.current, before.tables.previous ?? 'g000000']);
      // The backup copies of the new tables are written alongside (a failure there is not the save's).
      const written = await writeGenerationChecked(this.dir, generation, portfolio, now, (_table, encoded) => this.backups.stage(encoded).catch(() => undefined));
      const next: WorkspaceDoc = {
        ...before,
        appVersion: APP_VERSION,
        source: before.source === 'empty' ? 'import' : before.source,
        modifiedAt: now.toISOString(),
        stats: statsOf(portfolio, written),
        tables: { current: generation, previous: before.tables.current },
        templates: templates ?? before.templates,
        importLog: [...before.importLog, { ...log, at: now.toISOString(), generation }].slice(-50),
      };
      try {
        await this.commitDoc(next, before);
      } catch (err) {
        await fs.rm(generationDir(this.dir, generation), { recursive: true, force: true }).catch(() => undefined);
        throw err;
      }
      this.current = portfolio;
      this.manifest = written.manifest;
      await this.afterDataChange('import', written.files);
    });
  }

  /** Restores the data as it was before the last import. */
  async undoLastImport(): Promise<boolean> {
    if (this.readOnly) return false;
    this.assertWritable();
    return this.exclusive(async () => {
      const before = this.doc.data;
      const previous = before.tables.previous;
      const last = before.importLog[before.importLog.length - 1];
      if (previous === null || last?.generation !== before.tables.current) return false;
      const { portfolio, manifest } = await readGeneration(this.dir, previous);
      await this.commitDoc(
        {
          ...before,
          appVersion: APP_VERSION,
          modifiedAt: this.now().toISOString(),
          stats: statsOf(portfolio),
          tables: { current: previous, previous: null },
          importLog: before.importLog.slice(0, -1),
        },
        before,
      );
      this.current = portfolio;
      this.manifest = manifest;
      await this.afterDataChange('undo');
      return true;
    });
  }

  /** The stored analysis settings, raw (the caller validates them). */
  get rawSettings(): unknown {
    return this.doc.data.settings;
  }

  async saveSettings(settings: unknown): Promise<void> {
    this.assertWritable();
    await this.exclusive(async () => {
      this.doc.data.settings = settings;
      this.touch();
      await this.doc.write();
      await this.backupAfterSave('settings');
    });
  }

  async saveTemplates(templates: MappingTemplate[]): Promise<void> {
    this.assertWritable();
    await this.exclusive(async () => {
      this.doc.data.templates = templates;
      this.touch();
      await this.doc.write();
      await this.backupAfterSave('templates');
    });
  }

  /** A feature's section of workspace.json as stored (undefined: never saved); the caller validates it. */
  section(name: DocSection): unknown {
    return this.doc.data.sections?.[name];
  }

  /** Saves one section atomically (only workspace.json is rewritten), then backs up. */
  async saveSection(name: DocSection, value: unknown): Promise<void> {
    this.assertWritable();
    await this.exclusive(async () => {
      this.doc.data.sections = { ...this.doc.data.sections, [name]: value };
      this.touch();
      await this.doc.write();
      await this.backupAfterSave(name);
    });
  }

  /** Changes the display name (workspace.json only; the folder keeps its name). */
  async rename(name: string): Promise<void> {
    this.assertWritable();
    await this.exclusive(async () => {
      if (this.doc.data.name === name) return;
      this.doc.data.name = name;
      this.touch();
      await this.doc.write();
      await this.backupAfterSave('rename');
    });
  }

  /**
   * Runs `fn` with the document as committed while no save of this workspace can run, so
   * the files on disk (workspace.json and the current generation) stay as `fn` sees them.
   */
  async whileStable<T>(fn: (doc: WorkspaceDoc) => Promise<T>): Promise<T> {
    return this.exclusive(() => fn(structuredClone(this.doc.data)));
  }

  /** Backups of this workspace, newest first: id, time, size (bytes of the state), reason. */
  async listBackups(): Promise<BackupInfo[]> {
    if (!this.lock) await this.backups.reload(); // another process writes them: read afresh
    return this.backups.list();
  }

  /** The newest backup whose files all check out (null: none). */
  async newestGoodBackup(): Promise<BackupInfo | null> {
    if (!this.lock) await this.backups.reload();
    return this.backups.newestGood();
  }

  /**
   * Replaces the current state with a backup. The current state is backed up first (unless
   * the newest backup already is it), so a restore can itself be undone by restoring that one.
   */
  async restoreBackup(backupId: string): Promise<void> {
    this.assertWritable();
    await this.exclusive(async () => {
      await this.backupAfterSave('before-restore');
      if (this.backupError) throw new WorkspaceError(this.backups.root, `the current state could not be backed up, so nothing was restored: ${this.backupError.message}`, 'backup');
      const before = this.doc.data;
      const generation = await nextGeneration(this.dir, [before.tables.current, before.tables.previous ?? 'g000000']);
      let restored: { portfolio: Portfolio; manifest: GenerationManifest };
      let saved: WorkspaceDoc;
      try {
        ({ doc: saved } = await this.backups.materialize(backupId, generation));
        restored = await readGeneration(this.dir, generation);
      } catch (err) {
        await fs.rm(generationDir(this.dir, generation), { recursive: true, force: true }).catch(() => undefined);
        throw err;
      }
      const next: WorkspaceDoc = {
        ...saved,
        format: DOC_FORMAT,
        formatVersion: WORKSPACE_FORMAT_VERSION,
        appVersion: APP_VERSION,
        modifiedAt: this.now().toISOString(),
        tables: { current: generation, previous: null },
      };
      await this.commitDoc(next, before);
      this.current = restored.portfolio;
      this.manifest = restored.manifest;
      await this.afterDataChange('restore');
    });
  }

  /** Resolves when every pending save and backup task has finished. */
  async flush(): Promise<void> {
    await this.exclusive(async () => undefined);
    await this.backups.idle();
  }

  /** Waits for pending saves and releases the lock; the object is read-only afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    if (this.lock) {
      await this.lock.release();
      this.lock = null;
    }
  }

  /** Removes generations that neither the current nor the undo pointer names (format-1 leftovers are kept aside). */
  private async pruneGenerations(): Promise<void> {
    const keep = new Set([this.doc.data.tables.current, this.doc.data.tables.previous]);
    const root = path.join(this.dir, TABLES_DIR);
    for (const name of await fs.readdir(root).catch(() => [] as string[])) {
      const folder = path.join(root, name);
      if (GENERATION_RE.test(name) && !keep.has(name)) {
        const entries = await fs.readdir(folder).catch(() => [] as string[]);
        if (entries.includes(FORMAT1_FILES.facts) && !entries.includes(MANIFEST_FILE)) {
          // A format-1 generation left by a migration interrupted after its commit: keep it aside.
          const aside = path.join(this.dir, BACKUPS_DIR, 'pre-migration-format-1', TABLES_DIR);
          await fs.mkdir(aside, { recursive: true });
          await fs.rename(folder, path.join(aside, `${name}-${Date.now()}`)).catch(() => undefined);
        } else await fs.rm(folder, { recursive: true, force: true }).catch(() => undefined);
      } else if (GENERATION_RE.test(name)) {
        for (const entry of await fs.readdir(folder).catch(() => [] as string[])) {
          if (isAtomicTempFile(entry)) await fs.rm(path.join(folder, entry), { force: true }).catch(() => undefined);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// For workspaces that cannot be opened

/** Backups of the workspace in `dir`, newest first (works when the workspace itself cannot be opened). */
export async function listBackups(dir: string): Promise<BackupInfo[]> {
  await BackupStore.for(dir).reload();
  return BackupStore.for(dir).list();
}

/** The newest backup of `dir` whose files all check out, or null. */
export async function newestGoodBackup(dir: string): Promise<BackupInfo | null> {
  await BackupStore.for(dir).reload();
  return BackupStore.for(dir).newestGood();
}

/**
 * Restores a backup into a workspace that cannot be opened (damaged). What is there now is
 * never overwritten: workspace.json and every table generation are first moved into
 * backups/damaged-<time>/. Then opens and returns the workspace.
 */
export async function restoreWorkspaceFromBackup(id: string, dir: string, backupId: string, options: OpenOptions = {}): Promise<OpenWorkspace> {
  const attempt = await acquireWorkspaceLock(dir, options.lock);
  if (!attempt.lock) throw new WorkspaceReadOnlyError(dir, lockedReason(attempt.owner));
  const lock = attempt.lock;
  try {
    const now = (options.now ?? (() => new Date()))();
    const store = BackupStore.for(dir);
    await store.reload();
    const aside = path.join(dir, BACKUPS_DIR, `damaged-${compactStamp(now)}`);
    await fs.mkdir(path.join(aside, TABLES_DIR), { recursive: true });
    const generations = (await fs.readdir(path.join(dir, TABLES_DIR)).catch(() => [] as string[])).filter((n) => GENERATION_RE.test(n));
    const generation = await nextGeneration(dir);
    const { doc: saved } = await store.materialize(backupId, generation);
    await readGeneration(dir, generation); // check what was copied before committing to it
    const docFile = path.join(dir, DOC_FILE);
    await fs.copyFile(docFile, path.join(aside, DOC_FILE)).catch(() => undefined);
    const next: WorkspaceDoc = {
      ...saved,
      format: DOC_FORMAT,
      formatVersion: WORKSPACE_FORMAT_VERSION,
      appVersion: APP_VERSION,
      modifiedAt: now.toISOString(),
      tables: { current: generation, previous: null },
    };
    await writeFileAtomic(docFile, serializeDoc(next));
    for (const name of generations) await fs.rename(generationDir(dir, name), path.join(aside, TABLES_DIR, name)).catch(() => undefined);
  } finally {
    await lock.release();
  }
  return OpenWorkspace.open(id, dir, options);
}
