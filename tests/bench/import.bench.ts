/**
 * Import speed and peak memory: the 24-month demo billing workbook and a
 * 200,000-row workbook, through the app's import engine (read + header
 * detection + mapping + normalisation + validation, as the worker runs it),
 * beside plain SheetJS (read + sheet_to_json) as the baseline. Each
 * measurement runs in its own process so peak RSS is its own.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { monthlyBillingSheet, sheetToAoa } from '../../shared/demo/demoWorkbooks';
import { ImportEngine } from '../../electron/backend/import/engine';
import { printBench } from './benchUtil';

function measure(mode: string, file: string): void {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const t0 = performance.now();
  let rows: number;
  if (mode === 'engine') {
    const files = new ImportEngine({ templates: [], knownGroupCodes: [] }).stage([{ fileName: path.basename(file), bytes }]);
    rows = files[0]?.result?.stats.imported ?? 0;
  } else {
    const wb = XLSX.read(bytes, { type: 'array' });
    const ws = wb.Sheets[wb.SheetNames[0] ?? ''];
    rows = ws ? XLSX.utils.sheet_to_json(ws, { range: 2 }).length : 0;
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ seconds, rows, peakMB: process.resourceUsage().maxRSS / 1024 }));
}

function child(mode: string, file: string): { seconds: number; rows: number; peakMB: number } {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', self, '--measure', mode, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  const last = r.stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as { seconds: number; rows: number; peakMB: number };
}

function writeWorkbook(file: string, aoa: (string | number | null)[][]): void {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), '月度出账');
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-bench-import-'));
  const demo = path.join(dir, 'demo-billing.xlsx');
  writeWorkbook(demo, sheetToAoa(monthlyBillingSheet(generateDemoBranch())));
  // 200,000 rows: the demo's rows repeated under new group codes.
  const base = sheetToAoa(monthlyBillingSheet(generateDemoBranch()));
  const header = base.slice(0, 3);
  const body = base.slice(3, -1);
  const big: (string | number | null)[][] = [...header];
  for (let copy = 0; big.length - 3 < 200_000; copy++) {
    for (const r of body) {
      if (big.length - 3 >= 200_000) break;
      big.push([`${copy}${String(r[0])}`.slice(0, 12), ...r.slice(1)]);
    }
  }
  const large = path.join(dir, 'billing-200k.xlsx');
  writeWorkbook(large, big);

  for (const [name, file] of [
    ['import.xlsx.demo24m', demo],
    ['import.xlsx.200k', large],
  ] as const) {
    const ours = child('engine', file);
    const baseline = child('sheetjs', file);
    printBench({ name: `${name}.time`, value: ours.seconds, unit: 's', baseline: 'sheetjs-read+sheet_to_json', baselineValue: baseline.seconds });
    printBench({ name: `${name}.peakRss`, value: ours.peakMB, unit: 'MB', baseline: 'sheetjs-read+sheet_to_json', baselineValue: baseline.peakMB });
    console.log(`# ${name}: ${ours.rows} rows imported, file ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

const args = process.argv.slice(2);
if (args[0] === '--measure') measure(args[1] ?? '', args[2] ?? '');
else main();
