/**
 * What the thread that owns the windows (Electron main) or the HTTP server
 * feels while the backend opens a 50,000-group workspace and answers the
 * first 总览 (overview.get, the heaviest first call): its longest stall,
 * measured with a 5 ms ticker, with the backend in a worker thread (the app)
 * against the same backend on the same thread (the baseline). Also the wall
 * time of the sequence both ways, i.e. what the relay costs; it is biased
 * against the worker, which starts a thread and parses the backend bundle
 * (3 MB) that this process has already loaded (the app's server and main
 * bundles no longer contain the backend, so in the app that parse just moves).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../electron/backend/backend';
import { BackendHost } from '../../electron/backend/host/backendHost';
import { createWorkspace } from '../../electron/backend/storage/workspaceStore';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import type { Group, MonthlyFact } from '../../shared/model/portfolio';
import { printBench } from './benchUtil';

/** Runs `work` while a 5 ms interval timer notes the longest gap between its ticks. */
async function withStallMeter(work: () => Promise<void>): Promise<{ stallMs: number; wallMs: number }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  const t0 = performance.now();
  await work();
  const wallMs = performance.now() - t0;
  longest = Math.max(longest, performance.now() - last);
  clearInterval(timer);
  return { stallMs: longest, wallMs };
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-bench-host-'));
  const dataDir = path.join(tmp, 'data');
  const groups: Group[] = [];
  const facts: MonthlyFact[] = [];
  for (let k = 0; k < 10; k++) {
    const demo = generateDemoBranch({ seed: 20241 + k, groups: 5000 });
    for (const g of demo.portfolio.groups) groups.push({ ...g, groupCode: `${k}${g.groupCode}` });
    for (const f of demo.portfolio.facts) facts.push({ ...f, groupCode: `${k}${f.groupCode}` });
  }
  await createWorkspace(path.join(dataDir, 'workspaces', 'big'), { name: '50k', branchName: null, source: 'demo', portfolio: { groups, facts }, page: 'overview' });
  fs.writeFileSync(path.join(dataDir, 'app-state.json'), JSON.stringify({ language: 'zh-CN', lastWorkspaceId: 'big' }));
  const options = { dataDir, version: 'bench', mode: 'browser' as const, importWorkerPath: null };

  // Baseline: the backend on this thread (how it ran before the worker).
  let inProcessAnswer = '';
  const inProcess = await withStallMeter(async () => {
    const backend = await Backend.start(options);
    inProcessAnswer = (await backend.handleJson('overview.get', '{}')).json;
    await backend.close();
  });

  const workerPath = path.resolve('dist', 'backend-worker.mjs');
  if (!fs.existsSync(workerPath)) throw new Error(`${workerPath} is missing: run npm run build first`);
  let workerAnswer = '';
  const relayed = await withStallMeter(async () => {
    const host = await BackendHost.start({ workerPath, backend: options });
    workerAnswer = (await host.handleJson('overview.get', '{}')).json;
    await host.close();
  });
  if (workerAnswer !== inProcessAnswer) throw new Error('the worker answered differently from the in-process backend');

  printBench({ name: 'backend.hostThreadStall.50k', value: relayed.stallMs, unit: 'ms', baseline: 'backend on the same thread', baselineValue: inProcess.stallMs });
  printBench({ name: 'backend.openAndOverview.50k', value: relayed.wallMs / 1000, unit: 's', baseline: 'backend on the same thread', baselineValue: inProcess.wallMs / 1000 });
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
