import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorkspace, LOCK_FILE, OpenWorkspace, WorkspaceReadOnlyError } from '../../electron/backend/storage/workspaceStore';
import { lockOwner } from '../../electron/backend/storage/workspaceLock';

/** A child process that opens the workspace, reports, and holds it until killed or its stdin closes. */
let holderScript: string;
let scriptDir: string;

beforeAll(async () => {
  scriptDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-lock-script-'));
  holderScript = path.join(scriptDir, 'holder.mjs');
  await build({
    stdin: {
      contents: `import { OpenWorkspace } from ${JSON.stringify(path.resolve('electron/backend/storage/workspaceStore.ts'))};
        const ws = await OpenWorkspace.open('ws', process.argv[2]);
        process.stdout.write(JSON.stringify({ pid: process.pid, readOnly: ws.readOnly }) + '\\n');
        process.stdin.resume();
        process.stdin.on('end', async () => { await ws.close(); process.exit(0); });`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: holderScript,
    logLevel: 'silent',
    banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" },
  });
});
afterAll(async () => {
  await fs.rm(scriptDir, { recursive: true, force: true });
});

interface Holder {
  child: ChildProcessWithoutNullStreams;
  pid: number;
  readOnly: boolean;
}

function startHolder(dir: string): Promise<Holder> {
  const child = spawn(process.execPath, [holderScript, dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve({ child, ...(JSON.parse(line) as { pid: number; readOnly: boolean }) });
    });
    child.once('exit', (code) => reject(new Error(`holder exited (${code}): ${err}`)));
  });
}

async function kill(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** The pid of a process that has certainly exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid ?? 999_999;
}

describe('one writer per workspace', () => {
  let root: string;
  let dir: string;
  const children: ChildProcessWithoutNullStreams[] = [];
  const open: OpenWorkspace[] = [];

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-lock-'));
    dir = path.join(root, 'ws');
    await createWorkspace(dir, { name: '锁', branchName: null, source: 'empty', portfolio: { groups: [], facts: [] } });
  });
  afterEach(async () => {
    for (const ws of open.splice(0)) await ws.close();
    for (const c of children.splice(0)) await kill(c);
    await fs.rm(root, { recursive: true, force: true });
  });

  it('a second process gets the workspace read-only, naming the owner; after the owner dies (SIGKILL) the stale lock is taken over', async () => {
    const holder = await startHolder(dir);
    children.push(holder.child);
    expect(holder.readOnly).toBe(false);
    expect(await lockOwner(dir)).toMatchObject({ pid: holder.pid, host: os.hostname() });

    const second = await OpenWorkspace.open('ws', dir);
    expect(second.readOnly).toBe(true);
    expect(second.readOnlyReason?.code).toBe('locked');
    expect(second.readOnlyReason?.message.en).toContain(`process ${holder.pid} on ${os.hostname()}`);
    expect(second.readOnlyReason?.message.zh).toContain('只读');
    await expect(second.commitData({ groups: [], facts: [] }, { files: [], summary: '' })).rejects.toBeInstanceOf(WorkspaceReadOnlyError);
    await expect(second.saveSettings({ a: 1 })).rejects.toBeInstanceOf(WorkspaceReadOnlyError);
    await second.close();
    expect((await lockOwner(dir))?.pid).toBe(holder.pid); // closing a read-only view leaves the owner's lock alone

    await kill(holder.child);
    const third = await OpenWorkspace.open('ws', dir);
    open.push(third);
    expect(third.readOnly).toBe(false);
    expect((await lockOwner(dir))?.pid).toBe(process.pid);
    await third.saveSettings({ after: 'takeover' });
  });

  it('the owner closing releases the lock for the next process', async () => {
    const holder = await startHolder(dir);
    children.push(holder.child);
    const exited = new Promise((r) => holder.child.once('exit', r));
    holder.child.stdin.end();
    await exited;
    await expect(fs.access(path.join(dir, LOCK_FILE))).rejects.toThrow();
    const ws = await OpenWorkspace.open('ws', dir);
    open.push(ws);
    expect(ws.readOnly).toBe(false);
  });

  it('a lock left by a dead process on this host is stale; one from another host is respected', async () => {
    const lockFile = path.join(dir, LOCK_FILE);
    await fs.writeFile(lockFile, JSON.stringify({ pid: await deadPid(), host: os.hostname(), since: new Date().toISOString(), token: 'dead' }));
    const ws = await OpenWorkspace.open('ws', dir);
    expect(ws.readOnly).toBe(false);
    await ws.close();
    await expect(fs.access(lockFile)).rejects.toThrow();

    await fs.writeFile(lockFile, JSON.stringify({ pid: process.pid, host: 'another-laptop', since: new Date().toISOString(), token: 'remote' }));
    const remote = await OpenWorkspace.open('ws', dir);
    expect(remote.readOnly).toBe(true);
    expect(remote.readOnlyReason?.message.en).toContain('another-laptop');
    await remote.close();
    expect((await lockOwner(dir))?.host).toBe('another-laptop');
  });

  it('a lock taken before this machine booted is stale even if its pid is in use again', async () => {
    await fs.writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: os.hostname(), since: '2000-01-01T00:00:00.000Z', token: 'old' }));
    const ws = await OpenWorkspace.open('ws', dir);
    open.push(ws);
    expect(ws.readOnly).toBe(false);
  });

  it('an empty lock file (a crash between create and write) is taken over once it is old', async () => {
    const lockFile = path.join(dir, LOCK_FILE);
    await fs.writeFile(lockFile, '');
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(lockFile, old, old);
    const ws = await OpenWorkspace.open('ws', dir);
    open.push(ws);
    expect(ws.readOnly).toBe(false);
  });

  it('of several processes racing for a stale lock, exactly one wins', async () => {
    await fs.writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid: await deadPid(), host: os.hostname(), since: new Date().toISOString(), token: 'dead' }));
    const holders = await Promise.all(Array.from({ length: 4 }, () => startHolder(dir)));
    for (const h of holders) children.push(h.child);
    expect(holders.filter((h) => !h.readOnly)).toHaveLength(1);
    const winner = holders.find((h) => !h.readOnly);
    expect((await lockOwner(dir))?.pid).toBe(winner?.pid);
  });

  it('a process that died in the middle of a takeover does not block the next one', async () => {
    const dead = await deadPid();
    const lockFile = path.join(dir, LOCK_FILE);
    await fs.writeFile(lockFile, JSON.stringify({ pid: dead, host: os.hostname(), since: new Date().toISOString(), token: 'stale' }));
    await fs.writeFile(`${lockFile}.takeover-stale`, JSON.stringify({ pid: dead, host: os.hostname(), since: new Date().toISOString(), token: 'taker' }));
    const ws = await OpenWorkspace.open('ws', dir);
    open.push(ws);
    expect(ws.readOnly).toBe(false);
    expect((await lockOwner(dir))?.pid).toBe(process.pid);
  });

  it('within one process, opening again shares the lock; the last close releases it', async () => {
    const a = await OpenWorkspace.open('ws', dir);
    const b = await OpenWorkspace.open('ws', dir);
    expect([a.readOnly, b.readOnly]).toEqual([false, false]);
    await a.close();
    expect((await lockOwner(dir))?.pid).toBe(process.pid);
    await b.saveSettings({ still: 'writable' });
    await b.close();
    await expect(fs.access(path.join(dir, LOCK_FILE))).rejects.toThrow();
    await expect(b.saveSettings({})).rejects.toThrow(/closed/);
  });
});
