/**
 * The alternatives to our own sheet scanner, on the same 200,000-row × 10-column billing .xlsx:
 * SheetJS (XLSX.read, dense), the saxes streaming XML parser (a maintained SAX parser; needs
 * HOLDFAST_SAXES_DIR pointing at a folder where `npm install saxes` was run, it is not a
 * dependency), and readXlsxStreaming. Each produces the rows of cell values.
 * A calamine (Rust) binding with prebuilt binaries inside its npm package was not found on this
 * registry mirror (see docs/import.md, "Why our own scanner").
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { readXlsxStreaming } from '../../electron/backend/import/xlsxStream';
import { listEntries, readEntry } from '../../electron/backend/import/zipEntries';
import { DEFAULT_READ_LIMITS } from '../../electron/backend/import/reader';
import { printBench } from './benchUtil';
import { writeBillingXlsx } from './billingXlsx';

interface SaxParser {
  on(ev: string, fn: (x: never) => void): void;
  write(chunk: string): void;
  close(): void;
}

function bestOf(runs: number, fn: () => number): { ms: number; rows: number } {
  let best = Infinity;
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    rows = fn();
    best = Math.min(best, performance.now() - t);
  }
  return { ms: best, rows };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-bench-parsers-'));
try {
  const rowsWanted = Number(process.env.HOLDFAST_BENCH_ROWS ?? 200_000);
  const file = path.join(dir, 'billing.xlsx');
  writeBillingXlsx(file, rowsWanted);
  const bytes = new Uint8Array(fs.readFileSync(file));
  const limits = { ...DEFAULT_READ_LIMITS, maxEntryBytes: 1 << 30, maxCells: 50_000_000 };
  const ours = bestOf(2, () => readXlsxStreaming(bytes, 'b.xlsx', 'xlsx', limits)?.sheets[0]?.rows.length ?? 0);
  const sheetjs = bestOf(1, () => {
    const wb = XLSX.read(bytes, { type: 'array', dense: true });
    return ((wb.Sheets[wb.SheetNames[0] ?? ''] as { '!data'?: unknown[] } | undefined)?.['!data'] ?? []).length;
  });
  printBench({ name: `xlsxParsers.${rowsWanted}.ours`, value: ours.ms / 1000, unit: 's', baseline: 'sheetjs-read-dense', baselineValue: sheetjs.ms / 1000 });
  const saxDir = process.env.HOLDFAST_SAXES_DIR;
  if (saxDir) {
    const req = createRequire(path.join(saxDir, 'package.json'));
    const { SaxesParser } = req('saxes') as { SaxesParser: new () => SaxParser };
    const sax = bestOf(2, () => {
      const entries = listEntries(bytes);
      const sstXml = readEntry(bytes, entries.get('xl/sharedstrings.xml')!, 1 << 30).toString('utf8');
      const sst: string[] = [];
      {
        const p = new SaxesParser();
        let inT = false;
        let cur = '';
        p.on('opentag', ((t: { name: string }) => {
          if (t.name === 't') inT = true;
          if (t.name === 'si') cur = '';
        }) as never);
        p.on('text', ((x: string) => {
          if (inT) cur += x;
        }) as never);
        p.on('closetag', ((t: { name: string }) => {
          if (t.name === 't') inT = false;
          if (t.name === 'si') sst.push(cur);
        }) as never);
        p.write(sstXml);
        p.close();
      }
      const sheet = readEntry(bytes, entries.get('xl/worksheets/sheet1.xml')!, 1 << 30);
      const rows: (string | number | null)[][] = [];
      let row: (string | number | null)[] = [];
      let type = '';
      let inV = false;
      let text = '';
      const p = new SaxesParser();
      p.on('opentag', ((t: { name: string; attributes: Record<string, string> }) => {
        if (t.name === 'row') row = [];
        else if (t.name === 'c') type = t.attributes.t ?? 'n';
        else if (t.name === 'v') {
          inV = true;
          text = '';
        }
      }) as never);
      p.on('text', ((x: string) => {
        if (inV) text += x;
      }) as never);
      p.on('closetag', ((t: { name: string }) => {
        if (t.name === 'v') {
          inV = false;
          row.push(type === 's' ? (sst[Number(text)] ?? null) : Number(text));
        } else if (t.name === 'row') rows.push(row);
      }) as never);
      for (let i = 0; i < sheet.length; i += 1 << 20) p.write(sheet.toString('utf8', i, Math.min(sheet.length, i + (1 << 20))));
      p.close();
      return rows.length;
    });
    printBench({ name: `xlsxParsers.${rowsWanted}.saxes`, value: sax.ms / 1000, unit: 's', baseline: 'ours', baselineValue: ours.ms / 1000 });
    console.log(`# rows: ours ${ours.rows}, saxes ${sax.rows}, sheetjs ${sheetjs.rows}`);
  } else console.log('# saxes not measured: set HOLDFAST_SAXES_DIR to a folder with `npm install saxes`');
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
