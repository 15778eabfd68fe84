/**
 * Atomic, durable file replacement: write a temporary file beside the target,
 * fsync it, rename it over the target, fsync the directory. A reader sees the
 * old file or the new one, never a mix. Windows antivirus and backup tools hold
 * brief locks (EPERM/EBUSY/EACCES), so the rename is retried with backoff, as
 * Actual Budget does.
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

const RETRYABLE = new Set(['EPERM', 'EBUSY', 'EACCES']);
const DEFAULT_DELAYS_MS = [20, 50, 100, 200, 400, 800];

export class SaveError extends Error {
  constructor(
    readonly file: string,
    readonly reason: unknown,
  ) {
    super(`Could not save ${file}: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'SaveError';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

export interface AtomicWriteOptions {
  /** retry delays for locked files; tests shorten them */
  retryDelaysMs?: readonly number[];
  /** injectable for tests that simulate a locked file */
  rename?: (from: string, to: string) => Promise<void>;
}

export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  await replaceAtomic(
    file,
    async (tmp) => {
      const handle = await fs.open(tmp, 'w');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    options,
  );
}

/**
 * Copies `from` to `file` with the same guarantees as writeFileAtomic (a copy-on-write clone
 * where the file system offers one, then fsync and rename).
 */
export async function copyFileAtomic(from: string, file: string, options: AtomicWriteOptions = {}): Promise<void> {
  await replaceAtomic(
    file,
    async (tmp) => {
      await fs.copyFile(from, tmp, fsConstants.COPYFILE_FICLONE);
      const handle = await fs.open(tmp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    options,
  );
}

async function replaceAtomic(file: string, fill: (tmp: string) => Promise<void>, options: AtomicWriteOptions): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const rename = options.rename ?? fs.rename;
  const delays = options.retryDelaysMs ?? DEFAULT_DELAYS_MS;
  try {
    await fill(tmp);
    await renameWithRetry(tmp, file, rename, delays);
    await fsyncDir(dir);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new SaveError(file, err);
  }
}

/** fs.rename, retried with backoff while a Windows antivirus or backup tool holds a lock. */
export async function renameWithRetry(
  from: string,
  to: string,
  rename: (from: string, to: string) => Promise<void> = fs.rename,
  delays: readonly number[] = DEFAULT_DELAYS_MS,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (err) {
      const code = errorCode(err);
      const delay = delays[attempt];
      if (code === undefined || !RETRYABLE.has(code) || delay === undefined) throw err;
      await sleep(delay);
    }
  }
}

/** Makes a rename or a new file in `dir` durable (a no-op on Windows, where NTFS journals it). */
export async function fsyncDir(dir: string): Promise<void> {
  // Directories cannot be opened for fsync on Windows; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * fs.readFile, retried with backoff while a Windows antivirus or backup tool holds the file
 * (EBUSY/EPERM/EACCES); other errors, and the last one, are thrown as they are.
 */
export async function readFileWithRetry(file: string, delays: readonly number[] = DEFAULT_DELAYS_MS): Promise<Buffer> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fs.readFile(file);
    } catch (err) {
      const code = errorCode(err);
      const delay = delays[attempt];
      if (code === undefined || !RETRYABLE.has(code) || delay === undefined) throw err;
      await sleep(delay);
    }
  }
}

/** True for the temporary files writeFileAtomic leaves behind when the process dies mid-write. */
export function isAtomicTempFile(name: string): boolean {
  return /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/.test(name);
}
