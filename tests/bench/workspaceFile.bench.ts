/**
 * The one-file `.holdfast` export and import on 50,000 groups and 1,000,000 monthly facts,
 * beside plain baselines measured in the same run:
 *   workspaceFile.export.1m     exportHoldfast (read the generation, zip with DEFLATE) vs a plain folder copy (fs.cp)
 *   workspaceFile.import.1m     importHoldfast (unzip, verify every checksum, decode every table, write) vs unzip + write without checks
 *   workspaceFile.size.1m       the .holdfast size (MB) vs the live workspace folder on disk (MB)
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import type { Group, MonthlyFact, Portfolio } from '../../shared/model/portfolio';
import { exportHoldfast, importHoldfast } from '../../electron/backend/storage/holdfastFile';
import { createWorkspace, OpenWorkspace } from '../../electron/backend/storage/workspaceStore';
import { printBench } from './benchUtil';

const FACTS = 1_000_000;

function makeData(): Portfolio {
  const groups: Group[] = [];
  const facts: MonthlyFact[] = [];
  for (let k = 0; k < 10; k++) {
    const demo = generateDemoBranch({ seed: 20241 + k, groups: 5000 });
    for (const g of demo.portfolio.groups) groups.push({ ...g, groupCode: `${k}${g.groupCode}` });
    for (const f of demo.portfolio.facts) facts.push({ ...f, groupCode: `${k}${f.groupCode}` });
  }
  return { groups, facts: facts.slice(0, FACTS), memberSnapshots: [] };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function folderBytes(dir: string, skip: (name: string) => boolean): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (skip(e.name)) continue;
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? folderBytes(p, skip) : fs.statSync(p).size;
  }
  return total;
}

async function main(): Promise<void> {
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'hf-bench-holdfast-'));
  try {
    const dir = path.join(root, 'ws');
    await createWorkspace(dir, { name: '基准', branchName: null, source: 'import', portfolio: makeData() });
    const ws = await OpenWorkspace.open('bench', dir);
    let bytes: Uint8Array = new Uint8Array();
    const exportMs = await timed(async () => {
      bytes = await ws.whileStable((doc) => exportHoldfast(dir, doc));
    });
    const copyMs = await timed(() => fsp.cp(dir, path.join(root, 'copy'), { recursive: true, filter: (src) => !src.includes(`${path.sep}backups`) && !src.endsWith('.lock') }));
    await ws.close();

    const target = path.join(root, 'imported');
    const importMs = await timed(() => importHoldfast(bytes, target));
    const plainMs = await timed(async () => {
      const zip = await JSZip.loadAsync(bytes);
      for (const [name, file] of Object.entries(zip.files)) {
        if (file.dir) continue;
        const out = path.join(root, 'plain', ...name.split('/'));
        await fsp.mkdir(path.dirname(out), { recursive: true });
        await fsp.writeFile(out, await file.async('uint8array'));
      }
    });
    const live = folderBytes(dir, (n) => n === 'backups' || n.endsWith('.lock'));
    printBench({ name: 'workspaceFile.export.1m', value: exportMs, unit: 'ms', baseline: 'plain folder copy (fs.cp, no zip)', baselineValue: copyMs });
    printBench({ name: 'workspaceFile.import.1m', value: importMs, unit: 'ms', baseline: 'unzip + write without any check', baselineValue: plainMs });
    printBench({ name: 'workspaceFile.size.1m', value: bytes.byteLength / 1e6, unit: 'MB', baseline: 'live workspace folder (no backups)', baselineValue: live / 1e6 });
  } finally {
    await fsp.rm(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
