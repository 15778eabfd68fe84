/**
 * Whole-workspace file operations: copy a workspace folder (duplicate, save as) and move one
 * to the trash (delete). A copy takes the current table generation and workspace.json, checked
 * first, never the lock or the backups; it is assembled in a hidden folder beside the target
 * and renamed into place last, so a crash leaves no half workspace under the target name.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { copyFileAtomic, writeFileAtomic } from './atomicWrite';
import { BackupStore } from './backups';
import { WorkspaceError } from './errors';
import { generationDir, MANIFEST_FILE, readGeneration, WORKSPACE_FORMAT_VERSION, type GenerationManifest } from './manifest';
import { ACTIONS_FILE } from './actionsStore';
import { DOC_FILE, parseCurrentDoc, readRawDoc, serializeDoc, type WorkspaceDoc } from './workspaceDoc';
import { APP_VERSION } from '../version';

/** Turns a display name into a folder name (letters, digits, _ . -), at most 60 characters. */
export function folderNameFor(name: string): string {
  return name.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60) || 'workspace';
}

/** A folder name under `root` not yet taken: base, base-2, base-3 … */
export async function freeFolder(root: string, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    const taken = await fs.stat(path.join(root, name)).then(
      () => true,
      () => false,
    );
    if (!taken) return name;
  }
}

/** The committed document of a workspace folder in the current format (older: open it once to upgrade). */
export async function readCurrentDoc(dir: string): Promise<WorkspaceDoc> {
  const raw = await readRawDoc(dir);
  if (raw.formatVersion !== WORKSPACE_FORMAT_VERSION) {
    throw new WorkspaceError(
      raw.file,
      raw.formatVersion > WORKSPACE_FORMAT_VERSION
        ? `${raw.file} was saved by a newer Holdfast (format ${raw.formatVersion}): update Holdfast to copy it`
        : `${raw.file} is in the old format ${raw.formatVersion}: open the workspace once (it is upgraded on open), then copy it`,
      raw.formatVersion > WORKSPACE_FORMAT_VERSION ? 'newer-format' : 'unreadable',
    );
  }
  return parseCurrentDoc(raw);
}

async function assertFreeTarget(target: string): Promise<void> {
  const entries = await fs.readdir(target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    if (err.code === 'ENOTDIR') throw new WorkspaceError(target, `${target} is a file, not a folder`, 'unreadable');
    throw err;
  });
  if (entries && entries.length > 0) throw new WorkspaceError(target, `${target} is not empty: choose a new or empty folder`, 'unreadable');
}

export interface CopyOptions {
  /** the display name of the copy */
  name: string;
  now?: Date;
  /** the committed document when the source is open (read under its save queue); else read from disk */
  doc?: WorkspaceDoc;
}

/**
 * Copies the workspace in `source` to the new folder `target` (which must not exist or be
 * empty): every table file is checked against its manifest first, so a damaged workspace is
 * never copied. The copy has no undo generation and no backups but a first backup ('copy').
 */
export async function copyWorkspace(source: string, target: string, options: CopyOptions): Promise<WorkspaceDoc> {
  const src = path.resolve(source);
  const dest = path.resolve(target);
  if (dest === src || dest.startsWith(src + path.sep)) throw new WorkspaceError(dest, `${dest} is inside the workspace being copied: choose a folder outside it`, 'unreadable');
  await assertFreeTarget(dest);
  const now = options.now ?? new Date();
  const doc = options.doc ?? (await readCurrentDoc(src));
  const { manifest } = await readGeneration(src, doc.tables.current); // checks every file
  const parent = path.dirname(dest);
  await fs.mkdir(parent, { recursive: true });
  const staging = path.join(parent, `.${path.basename(dest)}.copy-${randomBytes(4).toString('hex')}`);
  try {
    const gen = doc.tables.current;
    await fs.mkdir(generationDir(staging, gen), { recursive: true });
    for (const entry of Object.values(manifest.tables)) {
      if (entry) await copyFileAtomic(path.join(generationDir(src, gen), entry.file), path.join(generationDir(staging, gen), entry.file));
    }
    await copyFileAtomic(path.join(generationDir(src, gen), MANIFEST_FILE), path.join(generationDir(staging, gen), MANIFEST_FILE));
    // An actions log of the old layout travels along; the copy imports it on first open.
    const legacy = path.join(src, ACTIONS_FILE);
    if (await fs.stat(legacy).then(() => true, () => false)) await copyFileAtomic(legacy, path.join(staging, ACTIONS_FILE));
    const copy: WorkspaceDoc = {
      ...doc,
      name: options.name,
      appVersion: APP_VERSION,
      createdAt: now.toISOString(),
      modifiedAt: now.toISOString(),
      tables: { current: gen, previous: null },
    };
    await writeFileAtomic(path.join(staging, DOC_FILE), serializeDoc(copy));
    await fs.rmdir(dest).catch(() => undefined); // an empty target folder
    await fs.rename(staging, dest);
    await addFirstBackup(dest, copy, manifest, now);
    return copy;
  } catch (err) {
    await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
}

/** The first backup of a new copy; a failure does not undo the copy (the next save backs up again). */
export async function addFirstBackup(dir: string, doc: WorkspaceDoc, manifest: GenerationManifest, now: Date): Promise<void> {
  const store = BackupStore.for(dir);
  await store.reload();
  await store.add(doc, manifest, 'copy', now).catch(() => undefined);
}

// ---------------------------------------------------------------------------
// Trash

export type TrashMethod = 'system' | 'freedesktop' | 'macos' | 'app';

export interface TrashResult {
  method: TrashMethod;
  /** where the folder went (null: the OS trash chose) */
  location: string | null;
}

export interface TrashOptions {
  /** the app's data directory: its `trash/` folder is the last resort */
  dataDir: string;
  /** the OS trash through Electron (shell.trashItem); absent in browser mode and the CLI */
  systemTrash?: ((target: string) => Promise<void>) | null;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  home?: string;
  now?: Date;
}

export const APP_TRASH_DIR = 'trash';

async function uniqueIn(dir: string, name: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  return path.join(dir, await freeFolder(dir, name));
}

function localStamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

async function renameOrNull(from: string, to: string): Promise<boolean> {
  try {
    await fs.rename(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EXDEV') return false; // another disk: the caller falls back
    throw err;
  }
}

/**
 * Moves a folder to the trash, never deleting it: the OS trash through Electron when given;
 * otherwise the freedesktop.org home trash on Linux (with its .trashinfo, so the file manager
 * can restore it), ~/.Trash on macOS, and on Windows (or another disk) `<data dir>/trash/`.
 */
export async function moveToTrash(target: string, options: TrashOptions): Promise<TrashResult> {
  const abs = path.resolve(target);
  if (options.systemTrash) {
    await options.systemTrash(abs);
    return { method: 'system', location: null };
  }
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const home = options.home ?? os.homedir();
  const now = options.now ?? new Date();
  const base = path.basename(abs);
  if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd') {
    const trash = path.join(env.XDG_DATA_HOME && env.XDG_DATA_HOME.trim() !== '' ? env.XDG_DATA_HOME : path.join(home, '.local', 'share'), 'Trash');
    const dest = await uniqueIn(path.join(trash, 'files'), base);
    const info = path.join(trash, 'info', `${path.basename(dest)}.trashinfo`);
    await fs.mkdir(path.dirname(info), { recursive: true });
    // The info file first (as the spec asks), so the file manager always knows where it came from.
    await writeFileAtomic(info, `[Trash Info]\nPath=${encodeURI(abs).replace(/[?#]/g, encodeURIComponent)}\nDeletionDate=${localStamp(now)}\n`);
    if (await renameOrNull(abs, dest)) return { method: 'freedesktop', location: dest };
    await fs.rm(info, { force: true });
  } else if (platform === 'darwin') {
    const dest = await uniqueIn(path.join(home, '.Trash'), base);
    if (await renameOrNull(abs, dest)) return { method: 'macos', location: dest };
  }
  const stamped = `${base}-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
  const dest = await uniqueIn(path.join(options.dataDir, APP_TRASH_DIR), stamped);
  if (!(await renameOrNull(abs, dest))) {
    // Another disk and no OS trash: copy, then remove the original (fs.cp throws before any removal).
    await fs.cp(abs, dest, { recursive: true, errorOnExist: true });
    await fs.rm(abs, { recursive: true, force: true });
  }
  return { method: 'app', location: dest };
}
