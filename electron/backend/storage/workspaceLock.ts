/**
 * One writer per workspace: `workspace.lock` in the folder names the owner (pid, host,
 * since, a random token). It is created atomically with its content (written to a private
 * file, then hard-linked into place, which fails if the name exists), so of two processes
 * opening at once exactly one gets it; the other opens the workspace read-only.
 *
 * A lock is stale when its host is this machine and its process is gone, or it was taken
 * before the machine last booted (after a power cut the pid may already belong to someone
 * else). A stale lock is taken over under a second lock, `workspace.lock.takeover-<token>`,
 * named after the stale lock's token and created the same way: one contender wins, checks
 * again that the lock still holds that token, and replaces it with one atomic rename. If
 * that contender dies midway, the next level is named after it (`…-<token>.<its token>`),
 * so no file ever has to be deleted by someone who does not own it. A lock from another
 * host (a shared folder) is never taken over automatically.
 *
 * Within one process, opening a workspace again shares the lock (reference counted);
 * the last release removes the file, and so does process exit.
 */
import { createHash, randomBytes } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from './atomicWrite';
import { APP_VERSION } from '../version';

export const LOCK_FILE = 'workspace.lock';
const TAKEOVER_SUFFIX = '.takeover';
/** lock-side files (takeover locks, private temporaries) older than this are leftovers */
const TAKEOVER_STALE_MS = 10_000;
/** an empty or unreadable lock younger than this is being written right now (FAT: no hard links) */
const UNREADABLE_GRACE_MS = 3_000;

export interface LockOwner {
  pid: number;
  host: string;
  user: string;
  app: string;
  appVersion: string;
  /** ISO time the lock was taken */
  since: string;
  token: string;
}

export interface LockOptions {
  /** injectable for tests: is the process with this pid alive (on this host)? */
  isAlive?: (pid: number) => boolean;
  /** injectable for tests: when this machine booted (ms since epoch) */
  bootTime?: () => number;
}

interface Held {
  token: string;
  refs: number;
  file: string;
}

/** locks this process holds, by resolved lock-file path */
const held = new Map<string, Held>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const h of held.values()) {
      try {
        const owner = JSON.parse(fsSync.readFileSync(h.file, 'utf8')) as Partial<LockOwner>;
        if (owner.token === h.token) fsSync.unlinkSync(h.file);
      } catch {
        // Already gone, or replaced: nothing of ours to remove.
      }
    }
    held.clear();
  });
}

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const defaultBootTime = (): number => Date.now() - os.uptime() * 1000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function parseOwner(text: string): LockOwner | null {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.token === 'string') {
      return { pid: o.pid, host: o.host, user: String(o.user ?? ''), app: String(o.app ?? ''), appVersion: String(o.appVersion ?? ''), since: String(o.since ?? ''), token: o.token };
    }
  } catch {
    // fall through
  }
  return null;
}

async function readLock(file: string): Promise<{ owner: LockOwner | null; mtimeMs: number } | null> {
  try {
    const [text, st] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
    return { owner: parseOwner(text), mtimeMs: st.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function newOwner(): LockOwner {
  let user = '';
  try {
    user = os.userInfo().username;
  } catch {
    // no user name available (some containers)
  }
  return { pid: process.pid, host: os.hostname(), user, app: 'Holdfast', appVersion: APP_VERSION, since: new Date().toISOString(), token: randomBytes(12).toString('hex') };
}

/** A held lock; release() once per successful acquire. */
export class WorkspaceLock {
  private released = false;
  constructor(
    readonly file: string,
    readonly owner: LockOwner,
  ) {}

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const h = held.get(this.file);
    if (!h || h.token !== this.owner.token) return;
    if (--h.refs > 0) return;
    held.delete(this.file);
    const current = await readLock(this.file).catch(() => null);
    if (current?.owner?.token === this.owner.token) await fs.rm(this.file, { force: true }).catch(() => undefined);
  }
}

export type LockAttempt = { lock: WorkspaceLock; owner: null } | { lock: null; owner: LockOwner | null };

function isStale(owner: LockOwner, options: Required<LockOptions>): boolean {
  if (owner.host !== os.hostname()) return false;
  if (owner.pid === process.pid) {
    // Our own pid: ours if this process holds that token, else a previous process that had our pid.
    return ![...held.values()].some((h) => h.token === owner.token);
  }
  const since = Date.parse(owner.since);
  if (Number.isFinite(since) && since < options.bootTime() - 60_000) return true;
  return !options.isAlive(owner.pid);
}

const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EACCES']);

/**
 * Creates `file` with `content` unless it exists (false then). Written to a private file and
 * hard-linked into place, so nobody ever sees it empty; where the file system has no hard
 * links (FAT), falls back to O_EXCL create-then-write.
 */
async function createExclusive(file: string, content: string): Promise<boolean> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.new`;
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.link(tmp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!LINK_UNSUPPORTED.has(code)) throw err;
  } finally {
    await fs.rm(tmp, { force: true });
  }
  try {
    const handle2 = await fs.open(file, 'wx');
    try {
      await handle2.writeFile(content);
      await handle2.sync();
    } finally {
      await handle2.close();
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Removes takeover files and private temporaries left by processes that died (only the lock owner calls this). */
async function tidyLockFiles(file: string): Promise<void> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(`${base}.`)) continue;
    const full = path.join(dir, name);
    const st = await fs.stat(full).catch(() => null);
    if (st && Date.now() - st.mtimeMs > TAKEOVER_STALE_MS) await fs.rm(full, { force: true }).catch(() => undefined);
  }
}

/**
 * Tries to take the workspace's lock. Returns the lock, or `lock: null` with the owner
 * (null when the lock file cannot be read) when another live process holds it.
 */
export async function acquireWorkspaceLock(dir: string, options: LockOptions = {}): Promise<LockAttempt> {
  const opts: Required<LockOptions> = { isAlive: options.isAlive ?? processAlive, bootTime: options.bootTime ?? defaultBootTime };
  const file = path.resolve(dir, LOCK_FILE);
  installExitHook();
  for (let attempt = 0; attempt < 50; attempt++) {
    const mine = held.get(file);
    const owner = newOwner();
    if (await createExclusive(file, JSON.stringify(owner, null, 2))) {
      held.set(file, { token: owner.token, refs: 1, file });
      await tidyLockFiles(file);
      return { lock: new WorkspaceLock(file, owner), owner: null };
    }
    const current = await readLock(file);
    if (current === null) continue; // removed meanwhile: try again
    const existing = current.owner;
    if (existing && mine && existing.token === mine.token) {
      mine.refs++;
      return { lock: new WorkspaceLock(file, { ...existing }), owner: null };
    }
    if (existing === null) {
      // Unreadable: being written this instant (no hard links here), or left by a crash then.
      if (Date.now() - current.mtimeMs < UNREADABLE_GRACE_MS) {
        await sleep(50);
        continue;
      }
    } else if (!isStale(existing, opts)) {
      return { lock: null, owner: existing };
    }
    const result = await takeOver(file, existing?.token ?? `unreadable-${Math.floor(current.mtimeMs)}`, existing?.token ?? null, owner, opts);
    if (result === 'taken') {
      if (mine) held.delete(file);
      held.set(file, { token: owner.token, refs: 1, file });
      await tidyLockFiles(file);
      return { lock: new WorkspaceLock(file, owner), owner: null };
    }
    await sleep(result === 'busy' ? 25 + Math.floor(Math.random() * 25) : 5);
  }
  const last = await readLock(file).catch(() => null);
  return { lock: null, owner: last?.owner ?? null };
}

/** The takeover level after one whose holder died (a short hash: names stay short). */
function nextLevel(key: string, deadToken: string): string {
  return createHash('sha256').update(`${key}.${deadToken}`).digest('hex').slice(0, 24);
}

/**
 * Replaces the stale lock (still holding `staleToken`) with ours. 'taken': ours now;
 * 'changed': the lock is no longer the stale one (look again); 'busy': another live
 * process is taking it over right now.
 */
async function takeOver(file: string, levelKey: string, staleToken: string | null, owner: LockOwner, opts: Required<LockOptions>): Promise<'taken' | 'changed' | 'busy'> {
  let key = levelKey;
  for (let level = 0; level < 20; level++) {
    const mutex = `${file}${TAKEOVER_SUFFIX}-${key}`;
    const me = { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), token: owner.token };
    if (await createExclusive(mutex, JSON.stringify(me))) {
      try {
        const current = await readLock(file);
        if (current === null || (current.owner?.token ?? null) !== staleToken) return 'changed';
        await writeFileAtomic(file, JSON.stringify(owner, null, 2));
        return 'taken';
      } finally {
        await fs.rm(mutex, { force: true });
      }
    }
    const holder = await readLock(mutex);
    if (holder === null) return 'changed'; // finished and removed meanwhile
    const other = holder.owner;
    if (other === null) {
      if (Date.now() - holder.mtimeMs < UNREADABLE_GRACE_MS) return 'busy';
      key = nextLevel(key, `x${Math.floor(holder.mtimeMs)}`);
    } else if (isStale(other, opts)) {
      key = nextLevel(key, other.token); // its holder died mid-takeover: the next level
    } else return 'busy';
  }
  return 'busy';
}

/** Who holds the lock now (null: nobody, or unreadable). */
export async function lockOwner(dir: string): Promise<LockOwner | null> {
  return (await readLock(path.resolve(dir, LOCK_FILE)).catch(() => null))?.owner ?? null;
}
