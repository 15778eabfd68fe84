import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SaveError, writeFileAtomic } from '../../electron/backend/storage/atomicWrite';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-atomic-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('replaces the file and leaves no temporary files', async () => {
    const file = path.join(dir, 'doc.json');
    await writeFileAtomic(file, 'old');
    await writeFileAtomic(file, '新的内容');
    expect(await fs.readFile(file, 'utf8')).toBe('新的内容');
    expect(await fs.readdir(dir)).toEqual(['doc.json']);
  });

  it('retries a locked rename (Windows antivirus) and then succeeds', async () => {
    const file = path.join(dir, 'doc.json');
    let calls = 0;
    await writeFileAtomic(file, 'data', {
      retryDelaysMs: [1, 1, 1],
      rename: async (from, to) => {
        calls++;
        if (calls < 3) throw Object.assign(new Error('locked'), { code: 'EBUSY' });
        await fs.rename(from, to);
      },
    });
    expect(calls).toBe(3);
    expect(await fs.readFile(file, 'utf8')).toBe('data');
  });

  it('gives up after the retries, keeps the old file and cleans up', async () => {
    const file = path.join(dir, 'doc.json');
    await writeFileAtomic(file, 'old');
    const failing = writeFileAtomic(file, 'new', {
      retryDelaysMs: [1, 1],
      rename: async () => {
        throw Object.assign(new Error('locked'), { code: 'EPERM' });
      },
    });
    await expect(failing).rejects.toBeInstanceOf(SaveError);
    expect(await fs.readFile(file, 'utf8')).toBe('old');
    expect(await fs.readdir(dir)).toEqual(['doc.json']);
  });

  it('does not retry errors that are not locks', async () => {
    let calls = 0;
    const failing = writeFileAtomic(path.join(dir, 'x'), 'y', {
      retryDelaysMs: [1, 1, 1],
      rename: async () => {
        calls++;
        throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      },
    });
    await expect(failing).rejects.toBeInstanceOf(SaveError);
    expect(calls).toBe(1);
  });

  it('a process killed (SIGKILL) mid-save leaves the old or the new file, never a mix', async () => {
    // Bundle a tiny writer that saves alternating large documents in a loop, kill it at random moments.
    const harness = path.join(dir, 'writer.mjs');
    await build({
      stdin: {
        contents: `import { writeFileAtomic } from ${JSON.stringify(path.resolve('electron/backend/storage/atomicWrite.ts'))};
          const file = process.argv[2];
          const doc = (n) => JSON.stringify({ n, rows: Array.from({ length: 20000 }, (_, i) => ({ i, n, name: '集团' + i })) });
          let n = 0;
          for (;;) { await writeFileAtomic(file, doc(n % 2)); n++; process.stdout.write('.'); }`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: harness,
      logLevel: 'silent',
    });
    const file = path.join(dir, 'doc.json');
    await writeFileAtomic(file, JSON.stringify({ n: 0, rows: [] }));
    for (let round = 0; round < 12; round++) {
      const child = spawn(process.execPath, [harness, file], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 40)));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as { n: number; rows: unknown[] };
      expect([0, 1]).toContain(parsed.n);
    }
  }, 60_000);
});
