/**
 * The streamed .xlsx path (issue 14): the sheet inflated and scanned in chunks, rows handed to the
 * normaliser as they are scanned. It must give what the whole-workbook path gives: cell by cell for
 * the scanner (with chunks small enough to cut every row and tag), and the same staged import for
 * every case of the fixture corpus and for large generated sheets (head, merges, several files).
 */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { ImportEngine, RowRelay, type StageInput, type StagedFile } from '../../electron/backend/import/engine';
import { DEFAULT_READ_LIMITS, sheetJsReader } from '../../electron/backend/import/reader';
import { openXlsx, readXlsxStreaming, scanXlsxSheet } from '../../electron/backend/import/xlsxStream';
import type { RawCell } from '../../shared/import/types';
import { factRows } from '../../shared/model/factColumns';
import { CASES } from '../fixtures/import/cases';

const LIMITS = { ...DEFAULT_READ_LIMITS, maxEntryBytes: 1 << 30, maxCells: 50_000_000 };

function xlsx(sheets: [string, RawCell[][], XLSX.Range[]?][], bookSST = true): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, aoa, merges] of sheets) {
    const ws = XLSX.utils.aoa_to_sheet(aoa);
    if (merges) ws['!merges'] = merges;
    XLSX.utils.book_append_sheet(wb, ws, name);
  }
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', bookSST, compression: true }) as ArrayBuffer);
}

function billing(rows: number, opts: { title?: boolean; blanks?: boolean } = {}): RawCell[][] {
  const aoa: RawCell[][] = [];
  if (opts.title) aoa.push(['2024年出账收入报表'], []);
  aoa.push(['集团编码', '集团名称', '账期', '出账收入(元)', '集团成员数']);
  for (let i = 0; i < rows; i++) {
    if (opts.blanks && i % 97 === 5) aoa.push([]);
    aoa.push([`57100${String(i % 3000).padStart(5, '0')}`, `集团${i % 3000}`, 202401 + Math.floor(i / 3000), i % 11 === 0 ? 'x' : i * 1.5, i % 13]);
  }
  aoa.push(['合计', null, null, 1, null]);
  return aoa;
}

/** What a staged file shows, without functions or typed arrays' identity. */
function summary(f: StagedFile): unknown {
  const r = f.result;
  return {
    ...f,
    result: r && { ...r, factColumns: undefined, facts: factRows(r.factColumns) },
  };
}

async function both(inputs: StageInput[], knownGroupCodes: string[] = []): Promise<[unknown, unknown]> {
  const whole = new ImportEngine({ templates: [], knownGroupCodes }).stage(inputs.map((i) => ({ ...i, bytes: i.bytes.slice() })));
  const streamed = await new ImportEngine({ templates: [], knownGroupCodes }).stageAsync(inputs.map((i) => ({ ...i, bytes: i.bytes.slice() })));
  return [whole.map(summary), streamed.map(summary)];
}

describe('streamed .xlsx = whole .xlsx', () => {
  it('the chunked scan gives every cell, merge and format of the whole scan, with chunks that cut every row', async () => {
    const bytes = xlsx([
      ['出账', billing(400, { title: true, blanks: true }), [{ s: { r: 0, c: 0 }, e: { r: 0, c: 4 } }]],
      ['二', [['a', true, 3.25], [], [null, '<&>']]],
    ]);
    const whole = readXlsxStreaming(bytes, 'a.xlsx', 'xlsx', LIMITS);
    if (!whole) throw new Error('not read');
    for (const chunkBytes of [64, 97, 1000, 1 << 20]) {
      const book = openXlsx(bytes, 'a.xlsx', 'xlsx', LIMITS);
      if (!book) throw new Error('not opened');
      for (let k = 0; k < book.sheets.length; k++) {
        const rows: RawCell[][] = [];
        const scan = await scanXlsxSheet(book, k, (r, row) => {
          while (rows.length < r) rows.push([]);
          rows[r] = row;
        }, { chunkBytes });
        const ref = whole.sheets[k];
        expect(rows).toEqual(ref?.rows);
        expect(scan.rowCount).toBe(ref?.rows.length);
        expect(scan.merges).toEqual(ref?.merges);
        expect(scan.formats).toEqual(ref?.formats);
      }
    }
    expect(whole.sheets[0]?.rows.length).toBeGreaterThan(400);
  });

  it('a damaged sheet stream is the same clear read error naming the file', async () => {
    const bytes = xlsx([['出账', billing(2000)]]);
    const book = sheetJsReader.openStream?.(bytes, '坏.xlsx');
    if (!book?.sheets[0]?.entry) throw new Error('not opened');
    const e = book.sheets[0].entry;
    // flip bytes inside the packed sheet
    const off = e.offset + 30 + e.name.length + 200;
    for (let k = 0; k < 40; k++) bytes[off + k] = (bytes[off + k] ?? 0) ^ 0x5a;
    await expect(scanXlsxSheet(book, 0, () => undefined)).rejects.toThrow(/坏\.xlsx.*damaged/);
  });

  it('every .xlsx/.xlsm of the fixture corpus stages the same', async () => {
    let n = 0;
    for (const c of CASES) {
      if (!/\.xls[xm]$/i.test(c.file)) continue;
      const [a, b] = await both([{ fileName: c.file, bytes: c.build() }], c.knownGroupCodes ?? []);
      expect(b, c.file).toEqual(a);
      n++;
    }
    expect(n).toBeGreaterThan(5);
  });

  it('large sheets: title rows, blank and total rows, errors, a merged title, a sheet without a header before, two files with a master', async () => {
    const big = xlsx([
      ['说明', [['本文件为出账数据'], ['导出时间', '2024-03-05']]],
      ['出账', billing(6000, { title: true, blanks: true }), [{ s: { r: 0, c: 0 }, e: { r: 0, c: 4 } }]],
    ]);
    const [a, b] = await both([{ fileName: 'big.xlsx', bytes: big }]);
    expect(b).toEqual(a);
    const staged = a as { result: { stats: { imported: number; skippedBlank: number } } }[];
    expect(staged[0]?.result.stats.imported).toBeGreaterThan(5000);
    expect(staged[0]?.result.stats.skippedBlank).toBeGreaterThan(50);
    // a group master after the billing file: the billing file's known codes change after its read
    const master = xlsx([['集团', [['集团编码', '集团名称', '行业'], ...Array.from({ length: 50 }, (_, i) => [`57100${String(i).padStart(5, '0')}`, `集团${i}`, '政府'])]]]);
    const [c, d] = await both([{ fileName: 'bill.xlsx', bytes: big }, { fileName: 'master.xlsx', bytes: master }], ['5710000001']);
    expect(d).toEqual(c);
    expect(JSON.stringify(c)).toContain('unknownGroup');
  });
});

describe('RowRelay head', () => {
  // The head must not keep the scanner's own row arrays: when hundreds of them outlived young
  // collections, V8 pretenured that allocation site and every later row of a 1M-row sheet was
  // allocated in the old generation (+30–50 MB peak, +1 s CPU; see docs/benchmarks.md).
  it('keeps copies of the rows it holds, equal to what was scanned', () => {
    const relay = new RowRelay(() => null);
    const pushed: RawCell[][] = [];
    for (let r = 0; r < 300; r++) {
      const row: RawCell[] = [`G${r}`, r * 1.5, r % 2 === 0];
      pushed.push(row);
      relay.push(r, row);
    }
    expect(relay.head.length).toBeGreaterThan(250);
    for (let r = 0; r < relay.head.length; r++) {
      expect(relay.head[r]).toEqual(pushed[r]);
      expect(relay.head[r]).not.toBe(pushed[r]);
    }
  });
});
