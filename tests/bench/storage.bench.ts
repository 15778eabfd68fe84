/**
 * Workspace storage on 50,000 groups and 1,000,000 monthly facts: the workspace format
 * (workspace.json + a columnar table generation + backups) against the same data stored
 * as one plain JSON document (JSON.stringify of document + tables, written with the same
 * atomic, fsynced write), measured in the same run.
 *
 * The parent generates the data (ten demo branches of 5,000 groups, facts cut to 1,000,000)
 * and writes both stores once. Each measurement round runs in a fresh Node process, as the
 * app would: open (timed: read, verify every checksum, decode the facts into columns — no
 * object per fact — and every group row object), then
 * commit a copy of the data with one fact changed (timed: new generation, pointer switch,
 * backup copy of the changed tables, pruning), then change one setting and save (timed).
 * Three rounds per store; medians are printed.
 *
 * Prints: storage.open.1m, storage.fullSave.1m, storage.settingSave.1m, and
 * storage.size.1m (live data on disk: workspace.json + the current generation; the undo
 * generation and the backups are on a comment line).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { columnarPortfolio, factCount } from '../../shared/model/factColumns';
import type { Group, MonthlyFact, Portfolio } from '../../shared/model/portfolio';
import { writeFileAtomic } from '../../electron/backend/storage/atomicWrite';
import { BACKUPS_DIR, createWorkspace, DOC_FILE, FACTS_FILE, OpenWorkspace, TABLES_DIR } from '../../electron/backend/storage/workspaceStore';
import { printBench } from './benchUtil';

const GROUPS_PER_BRANCH = 5000;
const BRANCHES = 10;
const FACTS = 1_000_000;
const ROUNDS = 3;
const SETTING_SAVES = 7;

interface Round {
  open: number;
  fullSave: number;
  settingSave: number;
}

function makeData(): Portfolio {
  const groups: Group[] = [];
  const facts: MonthlyFact[] = [];
  for (let k = 0; k < BRANCHES; k++) {
    const demo = generateDemoBranch({ seed: 20241 + k, groups: GROUPS_PER_BRANCH });
    for (const g of demo.portfolio.groups) groups.push({ ...g, groupCode: `${k}${g.groupCode}` });
    for (const f of demo.portfolio.facts) facts.push({ ...f, groupCode: `${k}${f.groupCode}` });
  }
  return { groups, facts: facts.slice(0, FACTS), memberSnapshots: [] };
}

/** The data with its first fact changed, so that a save writes a new facts file. */
function variant(p: Portfolio, n: number): Portfolio {
  if (p.factColumns) {
    // an opened workspace holds columns: change them (building its million rows here would be the app's cost, not the store's)
    const c = p.factColumns;
    const totalRevenue = c.values.totalRevenue.slice();
    totalRevenue[0] = 1000 + n;
    return columnarPortfolio({ groups: p.groups, factColumns: { ...c, values: { ...c.values, totalRevenue } }, memberSnapshots: p.memberSnapshots ?? [] });
  }
  const facts = p.facts.slice();
  facts[0] = { ...(facts[0] as MonthlyFact), totalRevenue: 1000 + n };
  return { ...p, facts };
}

function median(xs: number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)] ?? 0;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** One round in a fresh process: open, full save, one-setting saves. */
async function measure(mode: string, target: string, round: number): Promise<Round> {
  if (mode === 'workspace') {
    let ws: OpenWorkspace | null = null;
    const open = await timed(async () => {
      ws = await OpenWorkspace.open('bench', target);
    });
    const w = ws as unknown as OpenWorkspace;
    if (factCount(w.portfolio) !== FACTS) throw new Error('the workspace does not hold the data');
    const next = variant(w.portfolio, round);
    const fullSave = await timed(() => w.commitData(next, { files: ['bench.xlsx'], summary: 'bench' }));
    const settings: number[] = [];
    for (let k = 0; k < SETTING_SAVES; k++) settings.push(await timed(() => w.saveSettings({ version: 1, warnings: { zones: { red: 60 + round * 10 + k } } })));
    await w.close();
    return { open, fullSave, settingSave: median(settings) };
  }
  let state: Portfolio & { settings?: unknown } = { groups: [], facts: [] };
  const open = await timed(async () => {
    state = JSON.parse(await fsp.readFile(target, 'utf8')) as typeof state;
  });
  if (state.facts.length !== FACTS) throw new Error('the JSON document does not hold the data');
  const next = { ...state, ...variant(state, round) };
  const fullSave = await timed(() => writeFileAtomic(target, JSON.stringify(next)));
  const settings: number[] = [];
  for (let k = 0; k < SETTING_SAVES; k++) {
    next.settings = { version: 1, warnings: { zones: { red: 60 + round * 10 + k } } };
    settings.push(await timed(() => writeFileAtomic(target, JSON.stringify(next))));
  }
  return { open, fullSave, settingSave: median(settings) };
}

function child(mode: string, target: string, round: number): Round {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', self, '--measure', mode, target, String(round)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Round;
}

function sizeOf(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((sum, name) => sum + sizeOf(path.join(p, name)), 0);
}

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const t0 = performance.now();
  const portfolio = makeData();
  console.log(`# data: ${portfolio.groups.length} groups, ${portfolio.facts.length} facts (${Math.round(performance.now() - t0)} ms to generate)`);
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'hf-bench-storage-'));
  try {
    const dir = path.join(root, 'ws');
    const jsonFile = path.join(root, 'workspace-plain.json');
    await createWorkspace(dir, { name: 'bench', branchName: null, source: 'import', portfolio });
    await writeFileAtomic(jsonFile, JSON.stringify({ name: 'bench', ui: { page: 'overview' }, settings: {}, ...portfolio }));
    const ours: Round[] = [];
    const json: Round[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      ours.push(child('workspace', dir, round));
      json.push(child('json', jsonFile, round));
    }
    const m = (rs: Round[], k: keyof Round): number => median(rs.map((r) => r[k]));

    const doc = JSON.parse(fs.readFileSync(path.join(dir, DOC_FILE), 'utf8')) as { tables: { current: string } };
    const liveBytes = sizeOf(path.join(dir, DOC_FILE)) + sizeOf(path.join(dir, TABLES_DIR, doc.tables.current));
    const factsBytes = sizeOf(path.join(dir, TABLES_DIR, doc.tables.current, FACTS_FILE));
    const ws = await OpenWorkspace.open('bench', dir);
    const backups = (await ws.listBackups()).length;
    await ws.close();
    const jsonBytes = sizeOf(jsonFile);

    printBench({ name: 'storage.open.1m', value: m(ours, 'open') / 1000, unit: 's', baseline: 'single-json', baselineValue: m(json, 'open') / 1000 });
    printBench({ name: 'storage.fullSave.1m', value: m(ours, 'fullSave') / 1000, unit: 's', baseline: 'single-json', baselineValue: m(json, 'fullSave') / 1000 });
    printBench({ name: 'storage.settingSave.1m', value: m(ours, 'settingSave'), unit: 'ms', baseline: 'single-json', baselineValue: m(json, 'settingSave') });
    printBench({ name: 'storage.size.1m', value: liveBytes / MB, unit: 'MB', baseline: 'single-json', baselineValue: jsonBytes / MB });
    console.log(`# rounds (open/full/setting ms): ${ours.map((r) => `${r.open.toFixed(0)}/${r.fullSave.toFixed(0)}/${r.settingSave.toFixed(1)}`).join('  ')}`);
    console.log(
      `# disk: facts.hft ${(factsBytes / MB).toFixed(1)} MB; whole folder ${(sizeOf(dir) / MB).toFixed(1)} MB with the undo generation and ${backups} backups (${(sizeOf(path.join(dir, BACKUPS_DIR)) / MB).toFixed(1)} MB: table copies shared by checksum)`,
    );
    const met = [m(ours, 'open') <= 500, m(ours, 'fullSave') <= 800, m(ours, 'settingSave') <= 50, liveBytes <= 60 * MB];
    console.log(`# targets (open ≤ 0.5 s, full save ≤ 0.8 s, one-setting save ≤ 50 ms, size ≤ 60 MB): ${met.map((ok) => (ok ? 'met' : 'MISSED')).join(', ')}`);
  } finally {
    await fsp.rm(root, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--measure') console.log(JSON.stringify(await measure(args[1] ?? '', args[2] ?? '', Number(args[3] ?? 0))));
else await main();
