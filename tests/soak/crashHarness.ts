/**
 * Kill -9 harness: a child process saves in a loop (crashScenario.ts); the parent kills it
 * with SIGKILL at a random moment, then opens the workspace and checks that it holds the
 * state after the last operation the child acknowledged or after the one in flight — all
 * tables, the document, the undo generation and the newest backup verified by checksum.
 * Then the next child continues from there. Used by tests/unit/storageCrash.test.ts (a
 * short run in CI) and by `npm run test:soak` (200 cycles).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { readGeneration } from '../../electron/backend/storage/manifest';
import { createWorkspace, OpenWorkspace, readWorkspaceDoc } from '../../electron/backend/storage/workspaceStore';
import type { Portfolio } from '../../shared/model/portfolio';
import { observe, opAt, portfolioFor, stateAfter, INITIAL, type State } from './crashScenario';

export interface CrashStats {
  cycles: number;
  /** kills after which the workspace held the state before the operation in flight */
  old: number;
  /** … the state after it */
  new: number;
  /** kills that landed before the child had finished opening (lock takeover, clean-up) */
  duringOpen: number;
  /** operations the children completed in all */
  operations: number;
  /** temporary files found (and cleaned up) after kills */
  leftovers: number;
  /** kills by the kind of operation in flight */
  inFlight: Record<string, number>;
  seed: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const fingerprints = new Map<number, string>();
function fingerprint(p: Portfolio): string {
  return createHash('sha256').update(JSON.stringify(p)).digest('hex');
}
function expectedFingerprint(k: number): string {
  let f = fingerprints.get(k);
  if (!f) {
    f = fingerprint(portfolioFor(k));
    fingerprints.set(k, f);
  }
  return f;
}

function same(a: State, b: State): boolean {
  return a.data === b.data && a.canUndo === b.canUndo && a.settings === b.settings && a.templates === b.templates && a.page === b.page;
}

async function bundleChild(outfile: string): Promise<void> {
  const here = path.resolve('tests/soak');
  await build({
    stdin: {
      contents: `import fs from 'node:fs';
        import { OpenWorkspace } from ${JSON.stringify(path.resolve('electron/backend/storage/workspaceStore.ts'))};
        import { opAt, runOp } from ${JSON.stringify(path.join(here, 'crashScenario.ts'))};
        const [dir, start] = process.argv.slice(2);
        const ws = await OpenWorkspace.open('crash', dir);
        if (ws.readOnly) { console.error('child: read-only: ' + ws.readOnlyReason.message.en); process.exit(3); }
        fs.writeSync(1, 'ready\\n');
        for (let n = Number(start) + 1; ; n++) { await runOp(ws, opAt(n)); fs.writeSync(1, 'done ' + n + '\\n'); }`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'silent',
    banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" },
  });
}

export interface HarnessOptions {
  cycles: number;
  seed?: number;
  log?: (line: string) => void;
}

export async function runCrashHarness(options: HarnessOptions): Promise<CrashStats> {
  const seed = options.seed ?? (Date.now() % 1_000_000) + 1;
  const random = rng(seed);
  const log = options.log ?? (() => undefined);
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-crash-'));
  const dir = path.join(root, 'ws');
  const script = path.join(root, 'child.mjs');
  const stats: CrashStats = { cycles: 0, old: 0, new: 0, duringOpen: 0, operations: 0, leftovers: 0, inFlight: {}, seed };
  try {
    await bundleChild(script);
    await createWorkspace(dir, { name: 'kill -9', branchName: null, source: 'import', portfolio: portfolioFor(0) });
    let at = 0; // index of the state the workspace holds: stateAfter(at)
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      const child = spawn(process.execPath, [script, dir, String(at)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      let ready!: () => void;
      const readySeen = new Promise<void>((r) => (ready = r));
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('ready\n')) ready();
      });
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const closed = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
      // Mostly kill in the middle of saving; sometimes (1 in 6) early, while it is still opening.
      const early = random() < 1 / 6;
      if (early) await new Promise((r) => setTimeout(r, Math.floor(random() * 250)));
      else {
        const gone = await Promise.race([readySeen.then(() => false), closed.then(() => true)]);
        if (gone) throw new Error(`cycle ${cycle}: the child exited before opening: ${err.trim()} (seed ${seed})`);
        await new Promise((r) => setTimeout(r, Math.floor(random() * 600)));
      }
      child.kill('SIGKILL');
      const code = await closed;
      if (code !== null && code !== 0) throw new Error(`cycle ${cycle}: the child failed (exit ${code}): ${err.trim()} (seed ${seed})`);
      const acked = [...out.matchAll(/done (\d+)/g)].map((m) => Number(m[1]));
      const last = acked.length ? acked.reduce((m, x) => Math.max(m, x), -Infinity) : at;
      stats.operations += last - at;
      const kind = out.includes('ready\n') ? opAt(last + 1).kind : 'open';
      stats.inFlight[kind] = (stats.inFlight[kind] ?? 0) + 1;
      if (kind === 'open') stats.duringOpen++;

      const tmpBefore = (await fs.readdir(dir)).filter((n) => n.endsWith('.tmp')).length;
      const ws = await OpenWorkspace.open('crash', dir).catch((e: unknown) => {
        throw new Error(`cycle ${cycle}: the workspace does not open after a kill: ${(e as Error).message} (seed ${seed})`);
      });
      try {
        if (ws.readOnly) throw new Error(`cycle ${cycle}: read-only after a kill: ${ws.readOnlyReason?.message.en} (seed ${seed})`);
        stats.leftovers += tmpBefore;
        const seen = observe(ws);
        const before = stateAfter(last);
        const after = stateAfter(last + 1);
        let now: number;
        if (same(seen, before)) {
          now = last;
          stats.old++;
        } else if (same(seen, after)) {
          now = last + 1;
          stats.new++;
        } else {
          throw new Error(
            `cycle ${cycle}: a mixed state after a kill during operation ${last + 1}: saw ${JSON.stringify(seen)}, expected ${JSON.stringify(before)} or ${JSON.stringify(after)} (seed ${seed})`,
          );
        }
        const expected = stateAfter(now);
        if (fingerprint(ws.portfolio) !== expectedFingerprint(expected.data)) throw new Error(`cycle ${cycle}: the data of version ${expected.data} is not intact (seed ${seed})`);
        const doc = await readWorkspaceDoc(dir);
        if (expected.canUndo) {
          const prev = await readGeneration(dir, doc.tables.previous ?? '');
          if (fingerprint(prev.portfolio) !== expectedFingerprint(expected.prev ?? -1)) throw new Error(`cycle ${cycle}: the undo data is not intact (seed ${seed})`);
        }
        await ws.flush();
        const [newest] = await ws.listBackups();
        const good = await ws.newestGoodBackup();
        if (!newest || good?.id !== newest.id) throw new Error(`cycle ${cycle}: the newest backup is not good (seed ${seed})`);
        at = now;
      } finally {
        await ws.close();
      }
      stats.cycles++;
      if (cycle % 20 === 0 || cycle === options.cycles) log(`kill -9 cycle ${cycle}/${options.cycles}: ${stats.old} old, ${stats.new} new, ${stats.duringOpen} during open, ${stats.operations} operations`);
    }
    if (INITIAL.data !== 0) throw new Error('scenario changed');
    return stats;
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}
