/**
 * Import at Excel's row limit (issue 14): a 1,000,000-row × 10-column billing .xlsx with shared
 * strings, fully imported into a committed workspace (read → detect → map → normalise → plan →
 * commit, in process as the import worker runs it), beside plain SheetJS read + sheet_to_json of the
 * same file; the time split unzip / XML parse / normalise / store; then a full sheet (1,048,576 rows)
 * must import without error. Each measurement runs in its own process, so peak RSS is its own.
 * `node tests/bench/run.mjs importFullSheet` (HOLDFAST_BENCH_ROWS=200000 for a quick run).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { readFileBytes } from '../../electron/backend/import/fileBytes';
import { ImportService } from '../../electron/backend/import/importService';
import { collectStreamTimings } from '../../electron/backend/import/reader';
import type { StreamTimings } from '../../electron/backend/import/xlsxStream';
import { createWorkspace, OpenWorkspace } from '../../electron/backend/storage/workspaceStore';
import { printBench } from './benchUtil';
import { HEADERS, writeBillingXlsx } from './billingXlsx';

interface Measured {
  seconds: number;
  /** the run was stopped at its time limit: `seconds` is the limit */
  timedOut?: boolean;
  /** user + system CPU seconds of the measured part (the machine may be shared: wall time alone misleads) */
  cpuSeconds?: number;
  rows: number;
  peakMB: number;
  split?: { unzip: number; parse: number; normalise: number; store: number };
  error?: string;
}

/**
 * This process's peak RSS in MB. Linux's getrusage maxrss (process.resourceUsage) survives exec:
 * a child spawned by a parent that just wrote a 1M-row workbook reports the parent's peak. The
 * address space's own high-water mark (VmHWM) starts afresh at exec.
 */
function peakRssMB(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function measure(mode: string, file: string): Promise<void> {
  // as the CLI reads a file (one buffer, not a copy of it)
  const bytes = await readFileBytes(file);
  const t0 = performance.now();
  let cpu0 = process.cpuUsage();
  const cpuSince = (c: NodeJS.CpuUsage): number => {
    const d = process.cpuUsage(c);
    return (d.user + d.system) / 1e6;
  };
  let out: Measured;
  if (mode === 'import' || mode === 'import-worker') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-bench-fullsheet-ws-'));
    try {
      await createWorkspace(dir, { name: 'bench', branchName: null, source: 'empty', portfolio: { groups: [], facts: [] } });
      const ws = await OpenWorkspace.open('bench', dir);
      const t1 = performance.now();
      cpu0 = process.cpuUsage();
      const timings: StreamTimings = { unzipMs: 0, parseMs: 0 };
      collectStreamTimings(timings);
      const sampler = process.env.HOLDFAST_BENCH_RSS === '1'
        ? setInterval(() => {
            const m = process.memoryUsage();
            console.error(`# t=${((performance.now() - t1) / 1000).toFixed(1)}s rss ${(m.rss / 1048576).toFixed(0)} heap ${(m.heapUsed / 1048576).toFixed(0)} external ${(m.external / 1048576).toFixed(0)} arrayBuffers ${(m.arrayBuffers / 1048576).toFixed(0)} MB`);
          }, Number(process.env.HOLDFAST_BENCH_RSS_MS ?? 250))
        : null;
      // 'import-worker': the app's and the CLI's path (the worker thread shares the process: its RSS counts)
      const service = new ImportService({ workerPath: mode === 'import-worker' ? WORKER : null });
      const session = service.start(ws, [{ fileName: path.basename(file), bytes }]);
      await session.settled();
      const staged = performance.now();
      // HOLDFAST_BENCH_RSS=1: where the peak is reached (stderr, beside the one-line figures)
      const rss = (at: string): void => {
        if (process.env.HOLDFAST_BENCH_RSS === '1') console.error(`# rss ${at}: now ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB, peak ${(peakRssMB()).toFixed(0)} MB`);
      };
      rss('staged');
      const view = session.view(ws.portfolio);
      if (view.state !== 'ready') throw new Error(`import ${view.state}: ${JSON.stringify(session.error ?? view.files[0]?.readError)}`);
      const imported = view.files[0]?.stats.imported ?? 0;
      rss('viewed');
      await service.commit(ws, session);
      const done = performance.now();
      rss('committed');
      if (sampler) clearInterval(sampler);
      await ws.close();
      out = {
        seconds: (done - t1) / 1000,
        cpuSeconds: cpuSince(cpu0),
        rows: imported,
        peakMB: peakRssMB(),
        split: { unzip: timings.unzipMs / 1000, parse: timings.parseMs / 1000, normalise: (staged - t1 - timings.unzipMs - timings.parseMs) / 1000, store: (done - staged) / 1000 },
      };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  } else {
    const wb = XLSX.read(bytes, { type: 'array' });
    const sheet = wb.Sheets[wb.SheetNames[0] ?? ''];
    const rows = sheet ? XLSX.utils.sheet_to_json(sheet).length : 0;
    out = { seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSince(cpu0), rows, peakMB: peakRssMB() };
  }
  console.log(JSON.stringify(out));
}

const WORKER = path.join(process.cwd(), 'dist', 'import-worker.mjs');

function child(mode: string, file: string, timeoutS?: number): Measured {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', self, '--measure', mode, file], { encoding: 'utf8', maxBuffer: 1 << 24, ...(timeoutS ? { timeout: timeoutS * 1000 } : {}) });
  // SheetJS at 1M rows did not finish in 14 minutes on the shared 2-core machine: a time limit keeps the bench usable
  if (timeoutS && r.signal) return { seconds: timeoutS, timedOut: true, rows: 0, peakMB: NaN };
  if (process.env.HOLDFAST_BENCH_RSS === '1') process.stderr.write(r.stderr);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) return { seconds: NaN, rows: 0, peakMB: NaN, error: (r.stderr || r.stdout).slice(-2000) };
  return JSON.parse(last) as Measured;
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-bench-fullsheet-'));
  const rows = Number(process.env.HOLDFAST_BENCH_ROWS ?? 1_000_000);
  try {
    const file = path.join(dir, `billing-${rows}.xlsx`);
    writeBillingXlsx(file, rows);
    console.log(`# ${rows} rows × ${HEADERS.length} columns, file ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB`);
    const ours = child('import', file);
    if (ours.error) throw new Error(`import failed: ${ours.error}`);
    const skipBaseline = process.env.HOLDFAST_BENCH_NO_SHEETJS === '1';
    const limitS = Number(process.env.HOLDFAST_BENCH_SHEETJS_LIMIT_S ?? 600);
    const base = skipBaseline ? null : child('sheetjs', file, limitS);
    const label = rows === 1_000_000 ? '1m' : String(rows);
    const baseline = base && !base.error ? base : null;
    if (base?.error) console.log(`# sheetjs baseline failed: ${base.error.split('\n').slice(-3).join(' ')}`);
    if (base?.timedOut) console.log(`# sheetjs baseline did not finish within ${limitS} s (HOLDFAST_BENCH_SHEETJS_LIMIT_S): its time is a lower bound`);
    const bound = base?.timedOut ? { baselineBound: 'lower' as const } : {};
    printBench({ name: `import.xlsx.${label}.fullImport.time`, value: ours.seconds, unit: 's', baseline: 'sheetjs-read+sheet_to_json', baselineValue: baseline?.seconds ?? NaN, ...bound });
    printBench({ name: `import.xlsx.${label}.fullImport.cpu`, value: ours.cpuSeconds ?? NaN, unit: 's', baseline: 'sheetjs-read+sheet_to_json', baselineValue: baseline?.cpuSeconds ?? NaN });
    printBench({ name: `import.xlsx.${label}.fullImport.peakRss`, value: ours.peakMB, unit: 'MB', baseline: 'sheetjs-read+sheet_to_json', baselineValue: baseline?.peakMB ?? NaN });
    const s = ours.split;
    if (s) {
      for (const [k, v] of Object.entries(s)) printBench({ name: `import.xlsx.${label}.split.${k}`, value: v, unit: 's', baseline: 'fullImport', baselineValue: ours.seconds });
    }
    console.log(`# imported ${ours.rows} rows (sheetjs ${baseline?.rows ?? '-'} rows)`);
    if (fs.existsSync(WORKER)) {
      const w = child('import-worker', file);
      if (w.error) console.log(`# worker import failed: ${w.error.split('\n').slice(-3).join(' ')}`);
      printBench({ name: `import.xlsx.${label}.fullImportWorker.time`, value: w.error ? NaN : w.seconds, unit: 's', baseline: 'sheetjs-read+sheet_to_json', baselineValue: baseline?.seconds ?? NaN, ...bound });
      printBench({ name: `import.xlsx.${label}.fullImportWorker.peakRss`, value: w.error ? NaN : w.peakMB, unit: 'MB', baseline: 'sheetjs-read+sheet_to_json', baselineValue: baseline?.peakMB ?? NaN });
    } else console.log(`# ${WORKER} missing (npm run build): the worker path is not measured`);
    fs.rmSync(file, { force: true });
    if (process.env.HOLDFAST_BENCH_FULL !== '0') {
      const full = path.join(dir, 'billing-full-sheet.xlsx');
      writeBillingXlsx(full, 1_048_575); // + the header row = 1,048,576 rows
      const r = child('import', full);
      printBench({ name: 'import.xlsx.fullSheet1048576.time', value: r.error ? NaN : r.seconds, unit: 's', baseline: 'import.xlsx.1m', baselineValue: ours.seconds });
      console.log(r.error ? `# full sheet FAILED: ${r.error}` : `# full sheet: ${r.rows} rows imported, peak ${r.peakMB.toFixed(0)} MB`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--measure') void measure(args[1] ?? '', args[2] ?? '');
else main();
