/**
 * Backups beside the workspace, in `<workspace>/backups/`:
 *
 *   backup-000042.json      one saved state: time, reason, the workspace document as saved and
 *                           the manifest of its table generation; its own SHA-256 at the end
 *   blobs/<sha256>.hft      the table files those states name, by checksum: a copy (never a
 *                           hard link: a damaged table must not damage its backup), shared by
 *                           every backup of the same data, removed when no backup names it
 *
 * After every save (not a page switch) the new state is added unless it equals the newest
 * backup; then rotation keeps the 10 newest plus the newest of each of the last 14 days
 * (local time) and drops the rest. Each file is written atomically and the blobs before the
 * backup naming them, so a crash leaves at worst an unused blob, cleaned up later.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { copyFileAtomic, isAtomicTempFile, writeFileAtomic } from './atomicWrite';
import { storedChecksum, type EncodedTable } from './columnarTable';
import { WorkspaceError } from './errors';
import { GenerationManifestSchema, generationDir, MANIFEST_FILE, type GenerationManifest, type TableEntry } from './manifest';
import type { TableName } from './portfolioTables';
import { docChecksum, WorkspaceDocSchema, type DocSection, type WorkspaceDoc } from './workspaceDoc';

export const BACKUPS_DIR = 'backups';
const BLOBS_DIR = 'blobs';
const ENTRY_RE = /^backup-(\d{6,})\.json$/;

export type BackupReason = 'create' | 'open' | 'import' | 'undo' | 'settings' | 'templates' | 'restore' | 'before-restore' | 'migrate' | 'rename' | 'copy' | DocSection;

export interface BackupPolicy {
  /** how many of the newest backups to keep (10) */
  recent: number;
  /** keep the newest backup of each of this many days, today included (14) */
  days: number;
}
export const DEFAULT_BACKUP_POLICY: BackupPolicy = { recent: 10, days: 14 };

export interface BackupInfo {
  id: string;
  /** ISO time of the save */
  time: string;
  /** bytes of the state it restores: the document plus its tables */
  size: number;
  reason: BackupReason;
  name: string;
  groupCount: number;
  factCount: number;
  formatVersion: number;
}

const EntrySchema = z.object({
  format: z.literal('holdfast-backup'),
  id: z.string(),
  time: z.string(),
  reason: z.string(),
  /** the workspace document as saved (with its own checksum field) */
  doc: z.record(z.string(), z.unknown()),
  manifest: GenerationManifestSchema,
  checksum: z.string(),
});
type Entry = z.infer<typeof EntrySchema>;

interface Indexed {
  info: BackupInfo;
  entry: Entry;
  /** the document without modifiedAt, ui and checksum: equal keys = nothing worth a new backup */
  key: string;
}

/** The value with every object's keys sorted: a document read back from disk has its keys in schema order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
  );
}

function stateKey(doc: Record<string, unknown>, manifest: GenerationManifest): string {
  const { modifiedAt: _m, ui: _u, checksum: _c, tables: _t, ...rest } = doc;
  const shas = Object.values(manifest.tables).map((t) => (t as TableEntry | undefined)?.sha256 ?? '');
  return docChecksum({ rest: canonical(rest), shas });
}

function sizeOf(entry: Entry, docBytes: number): number {
  return docBytes + Object.values(entry.manifest.tables).reduce((sum, t) => sum + ((t as TableEntry | undefined)?.bytes ?? 0), 0);
}

function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** Which backups the policy keeps, given them newest first. */
export function backupsToKeep(infos: readonly Pick<BackupInfo, 'id' | 'time'>[], now: Date, policy: BackupPolicy = DEFAULT_BACKUP_POLICY): Set<string> {
  const keep = new Set<string>();
  infos.slice(0, policy.recent).forEach((b) => keep.add(b.id));
  const days = new Set<string>();
  for (let d = 0; d < policy.days; d++) {
    const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() - d, 12);
    days.add(localDay(day.getTime()));
  }
  const seen = new Set<string>();
  for (const b of infos) {
    const t = Date.parse(b.time);
    if (!Number.isFinite(t) || t > now.getTime()) continue;
    const day = localDay(t);
    if (days.has(day) && !seen.has(day)) {
      seen.add(day);
      keep.add(b.id);
    }
  }
  return keep;
}

const stores = new Map<string, BackupStore>();

/**
 * The backups of one workspace. One instance per folder and process (the workspace lock
 * makes this process the only writer), so its index stays true.
 */
export class BackupStore {
  private index: Indexed[] | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  readonly root: string;

  private constructor(readonly dir: string) {
    this.root = path.join(dir, BACKUPS_DIR);
  }

  static for(dir: string): BackupStore {
    const key = path.resolve(dir);
    let store = stores.get(key);
    if (!store) {
      store = new BackupStore(key);
      stores.set(key, store);
    }
    return store;
  }

  /** Forgets the index (the workspace lock was released: another process may write now). */
  static forget(dir: string): void {
    stores.delete(path.resolve(dir));
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private blobPath(sha: string): string {
    return path.join(this.root, BLOBS_DIR, `${sha}.hft`);
  }

  private async readEntry(name: string): Promise<Indexed | null> {
    const file = path.join(this.root, name);
    try {
      const text = await fs.readFile(file, 'utf8');
      const raw = JSON.parse(text) as Record<string, unknown>;
      const { checksum, ...body } = raw;
      if (typeof checksum !== 'string' || docChecksum(body) !== checksum) return null;
      const entry = EntrySchema.parse(raw);
      const docBytes = Buffer.byteLength(JSON.stringify(entry.doc));
      const doc = entry.doc as { name?: unknown; stats?: { groupCount?: unknown; factCount?: unknown }; formatVersion?: unknown };
      return {
        entry,
        key: stateKey(entry.doc, entry.manifest),
        info: {
          id: entry.id,
          time: entry.time,
          size: sizeOf(entry, docBytes),
          reason: entry.reason as BackupReason,
          name: typeof doc.name === 'string' ? doc.name : '',
          groupCount: Number(doc.stats?.groupCount ?? 0),
          factCount: Number(doc.stats?.factCount ?? 0),
          formatVersion: Number(doc.formatVersion ?? 0),
        },
      };
    } catch {
      return null; // unreadable backups are never offered (and never deleted: see rotate)
    }
  }

  private async load(): Promise<Indexed[]> {
    if (this.index) return this.index;
    const names = await fs.readdir(this.root).catch(() => [] as string[]);
    const found: Indexed[] = [];
    for (const name of names.filter((n) => ENTRY_RE.test(n))) {
      const e = await this.readEntry(name);
      if (e && e.info.id === name.replace(/\.json$/, '')) found.push(e);
    }
    found.sort((a, b) => b.info.id.localeCompare(a.info.id));
    this.index = found;
    return found;
  }

  /** Resolves when every queued backup task (rotation, clean-up) has run. */
  idle(): Promise<void> {
    return this.exclusive(async () => undefined);
  }

  /** Drops the cached index: the next use reads the folder again. */
  reload(): Promise<void> {
    return this.exclusive(async () => {
      this.index = null;
    });
  }

  /** Every readable backup, newest first. */
  list(): Promise<BackupInfo[]> {
    return this.exclusive(async () => (await this.load()).map((e) => ({ ...e.info })));
  }

  /**
   * Adds the saved state unless it equals the newest backup. `files` are the table files
   * still in memory (from the save); others are copied from the generation folder.
   */
  add(
    doc: WorkspaceDoc,
    manifest: GenerationManifest,
    reason: BackupReason,
    now: Date,
    options: { files?: Map<TableName, EncodedTable>; force?: boolean; policy?: BackupPolicy } = {},
  ): Promise<BackupInfo | null> {
    return this.exclusive(async () => {
      const index = await this.load();
      const docRecord = JSON.parse(JSON.stringify({ ...doc, checksum: docChecksum(stripChecksum(doc)) })) as Record<string, unknown>;
      const key = stateKey(docRecord, manifest);
      if (!options.force && index[0]?.key === key) return null;
      await fs.mkdir(path.join(this.root, BLOBS_DIR), { recursive: true });
      const folder = generationDir(this.dir, doc.tables.current);
      for (const [table, entry] of Object.entries(manifest.tables) as [TableName, TableEntry | undefined][]) {
        if (!entry) continue;
        const blob = this.blobPath(entry.sha256);
        const st = await fs.stat(blob).catch(() => null);
        if (st?.size === entry.bytes) continue;
        const inMemory = options.files?.get(table);
        if (inMemory && inMemory.sha256 === entry.sha256) await writeFileAtomic(blob, inMemory.bytes);
        else await copyFileAtomic(path.join(folder, entry.file), blob);
      }
      const seq = index.reduce((m, e) => Math.max(m, Number(ENTRY_RE.exec(`${e.info.id}.json`)?.[1] ?? 0)), 0) + 1;
      const id = `backup-${String(seq).padStart(6, '0')}`;
      const body = { format: 'holdfast-backup' as const, id, time: now.toISOString(), reason, doc: docRecord, manifest };
      const entry: Entry = { ...body, checksum: docChecksum(body) };
      await writeFileAtomic(path.join(this.root, `${id}.json`), JSON.stringify(entry));
      const indexed: Indexed = {
        entry,
        key,
        info: {
          id,
          time: entry.time,
          size: sizeOf(entry, Buffer.byteLength(JSON.stringify(docRecord))),
          reason,
          name: doc.name,
          groupCount: doc.stats.groupCount,
          factCount: doc.stats.factCount,
          formatVersion: doc.formatVersion,
        },
      };
      index.unshift(indexed);
      await this.rotateLocked(now, options.policy ?? DEFAULT_BACKUP_POLICY);
      return { ...indexed.info };
    });
  }

  private async rotateLocked(now: Date, policy: BackupPolicy): Promise<void> {
    const index = await this.load();
    const keep = backupsToKeep(
      index.map((e) => e.info),
      now,
      policy,
    );
    const kept: Indexed[] = [];
    for (const e of index) {
      if (keep.has(e.info.id)) kept.push(e);
      else await fs.rm(path.join(this.root, `${e.info.id}.json`), { force: true });
    }
    this.index = kept;
    await this.collectGarbageLocked();
  }

  /** Removes blobs no backup names, and temporary files of interrupted writes. */
  private async collectGarbageLocked(): Promise<void> {
    const index = await this.load();
    const used = new Set<string>();
    for (const e of index) for (const t of Object.values(e.entry.manifest.tables)) if (t) used.add(`${(t as TableEntry).sha256}.hft`);
    // Unreadable backup files may name blobs too: keep every blob while one exists.
    const names = await fs.readdir(this.root).catch(() => [] as string[]);
    const unreadable = names.some((n) => ENTRY_RE.test(n) && !index.some((e) => `${e.info.id}.json` === n));
    for (const name of names) if (isAtomicTempFile(name)) await fs.rm(path.join(this.root, name), { force: true });
    const blobs = await fs.readdir(path.join(this.root, BLOBS_DIR)).catch(() => [] as string[]);
    for (const name of blobs) {
      if (isAtomicTempFile(name) || (!unreadable && /^[0-9a-f]{64}\.hft$/.test(name) && !used.has(name))) {
        await fs.rm(path.join(this.root, BLOBS_DIR, name), { force: true });
      }
    }
  }

  /** Housekeeping after a crash: drop temporary files and unused blobs. */
  tidy(): Promise<void> {
    return this.exclusive(() => this.collectGarbageLocked());
  }

  /**
   * Writes the backup copy of a table file that is about to be saved (so that the save and
   * its backup write at the same time). Harmless if the save then fails: a copy no backup
   * names is removed at the next rotation.
   */
  stage(encoded: EncodedTable): Promise<void> {
    return this.exclusive(async () => {
      const blob = this.blobPath(encoded.sha256);
      const st = await fs.stat(blob).catch(() => null);
      if (st?.size === encoded.bytes.length) return;
      await fs.mkdir(path.join(this.root, BLOBS_DIR), { recursive: true });
      await writeFileAtomic(blob, encoded.bytes);
    });
  }

  /** Checks a backup completely: its file, and every blob's size and SHA-256. Returns the problem, or null. */
  private async problemWith(e: Indexed): Promise<string | null> {
    const doc = WorkspaceDocSchema.safeParse(stripChecksum(e.entry.doc));
    if (!doc.success) return `${e.info.id}: the saved document is not readable`;
    for (const t of Object.values(e.entry.manifest.tables) as (TableEntry | undefined)[]) {
      if (!t) continue;
      const blob = this.blobPath(t.sha256);
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(blob);
      } catch {
        return `${blob} is missing`;
      }
      if (bytes.length !== t.bytes || storedChecksum(bytes) !== t.sha256) return `${blob} is damaged`;
      const actual = createHash('sha256')
        .update(bytes.subarray(0, bytes.length - 36))
        .digest('hex');
      if (actual !== t.sha256) return `${blob} is damaged (checksum)`;
    }
    return null;
  }

  /** The newest backup whose every file checks out, or null. */
  newestGood(): Promise<BackupInfo | null> {
    return this.exclusive(async () => {
      for (const e of await this.load()) if ((await this.problemWith(e)) === null) return { ...e.info };
      return null;
    });
  }

  /**
   * Writes the backup's tables into a new generation folder (copies, checked) and returns
   * the document and manifest to commit. Throws WorkspaceError ('backup') if it is not there or damaged.
   */
  materialize(id: string, generation: string): Promise<{ doc: WorkspaceDoc; manifest: GenerationManifest }> {
    return this.exclusive(async () => {
      const e = (await this.load()).find((x) => x.info.id === id);
      if (!e) throw new WorkspaceError(path.join(this.root, `${id}.json`), `backup ${id} does not exist`, 'backup');
      const problem = await this.problemWith(e);
      if (problem) throw new WorkspaceError(path.join(this.root, `${id}.json`), `backup ${id} cannot be restored: ${problem}`, 'backup');
      const doc = WorkspaceDocSchema.parse(stripChecksum(e.entry.doc));
      const folder = generationDir(this.dir, generation);
      await fs.mkdir(folder, { recursive: true });
      for (const t of Object.values(e.entry.manifest.tables) as (TableEntry | undefined)[]) {
        if (t) await copyFileAtomic(this.blobPath(t.sha256), path.join(folder, t.file));
      }
      await writeFileAtomic(path.join(folder, MANIFEST_FILE), JSON.stringify(e.entry.manifest, null, 2));
      return { doc, manifest: e.entry.manifest };
    });
  }
}

function stripChecksum<T extends object>(doc: T): Omit<T, 'checksum'> {
  const copy = { ...doc } as T & { checksum?: unknown };
  delete copy.checksum;
  return copy;
}
