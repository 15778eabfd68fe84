/**
 * The streamed sheet's row estimate (issue 14): the fact columns are sized once from it, so a bad
 * estimate costs a copy of every column (too low) or memory held to the end (too high).
 */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { ImportEngine } from '../../electron/backend/import/engine';
import { DEFAULT_READ_LIMITS } from '../../electron/backend/import/reader';
import { digitsOf, estimatedRows, newScanPosition, openXlsx, scanXlsxSheet, type ScanPosition } from '../../electron/backend/import/xlsxStream';
import { FactColumnsBuilder } from '../../shared/model/factColumns';
import { GrowableInt32 } from '../../shared/import/growableInt32';
import type { RawCell } from '../../shared/import/types';

function billingXlsx(rows: number): Uint8Array {
  const aoa: RawCell[][] = [['集团编码', '集团名称', '账期', '出账收入(元)', '集团成员数']];
  for (let i = 0; i < rows; i++) aoa.push([`57100${String(i % 3000).padStart(5, '0')}`, `集团${i % 3000}`, 202401 + Math.floor(i / 3000), i * 1.5, i % 13]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), '出账');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', bookSST: true, compression: true }) as ArrayBuffer);
}

/** A position after `seen` rows of a sheet whose row i (1-based) is `fixed + (cells + 1) · digits(i)` bytes. */
function positionAfter(seen: number, rows: number, cells: number, fixed: number, prelude = 600, tail = 200): ScanPosition {
  const len = (i: number): number => fixed + (cells + 1) * digitsOf(i);
  let total = prelude;
  for (let i = 1; i <= rows; i++) total += len(i);
  total += tail;
  const p = newScanPosition();
  p.total = total;
  let at = prelude;
  for (let i = 1; i <= seen; i++) {
    if (i === 1) {
      p.firstRow = 0;
      p.firstRowAt = at;
    } else {
      p.rows++;
      p.cells += cells;
      p.digits += digitsOf(i - 1);
    }
    p.row = i - 1;
    p.rowAt = at;
    at += len(i);
  }
  return p;
}

describe('estimating a streamed sheet’s rows', () => {
  it('counts digits', () => {
    expect([1, 9, 10, 99, 100, 1_048_576].map(digitsOf)).toEqual([1, 1, 2, 2, 3, 7]);
  });

  it('is within 1% of a million rows after the first 60, though later rows are longer', () => {
    const p = positionAfter(60, 1_000_000, 10, 120);
    const est = estimatedRows(p) as number;
    expect(Math.abs(est - 1_000_000) / 1_000_000).toBeLessThan(0.01);
    // bytes per row alone (no digit bands) would be far over: the first rows are ~60 bytes shorter
    const naive = p.firstRow + ((p.total - p.firstRowAt) * p.rows) / (p.rowAt - p.firstRowAt);
    expect(naive / 1_000_000).toBeGreaterThan(1.2);
  });

  it('holds for a full sheet, a small sheet and rows without cell refs', () => {
    for (const [rows, cells, fixed] of [
      [1_048_576, 10, 150],
      [5_000, 4, 80],
      [200, 20, 400],
    ] as const) {
      const est = estimatedRows(positionAfter(Math.min(60, rows), rows, cells, fixed)) as number;
      expect(Math.abs(est - rows) / rows).toBeLessThan(0.02);
    }
  });

  it('has no estimate before two rows, and never fewer rows than it has seen', () => {
    expect(estimatedRows(newScanPosition())).toBeNull();
    expect(estimatedRows(positionAfter(1, 100, 3, 50))).toBeNull();
    const p = positionAfter(100, 100, 3, 50);
    p.total = p.rowAt; // a declared size that is too small
    expect(estimatedRows(p)).toBeGreaterThanOrEqual(100);
  });

  it('follows the scanner: 60 rows into a real sheet it is within 5% of the sheet’s rows (its values grow longer too)', async () => {
    const rows = 3000;
    const book = openXlsx(billingXlsx(rows), 'a.xlsx', 'xlsx', { ...DEFAULT_READ_LIMITS, maxEntryBytes: 1 << 30, maxCells: 50_000_000 });
    if (!book) throw new Error('not opened');
    const position = newScanPosition();
    let at60: number | null = null;
    await scanXlsxSheet(
      book,
      0,
      (r) => {
        if (r === 60) at60 = estimatedRows(position);
      },
      { position, chunkBytes: 4096 },
    );
    expect(position.row).toBe(rows);
    expect(at60).not.toBeNull();
    expect(Math.abs((at60 ?? 0) - (rows + 1)) / rows).toBeLessThan(0.05);
  });

  it('sizes a streamed import’s fact columns (at most 5% to spare) and its progress total from the first report', async () => {
    const totals: number[] = [];
    const [f] = await new ImportEngine({ templates: [], knownGroupCodes: [] }).stageAsync([{ fileName: 'b.xlsx', bytes: billingXlsx(20_000) }], (phase, _i, _done, total) => {
      if (phase === 'normalise') totals.push(total);
    });
    // the progress bar's total is right from its first report (it was the rows read so far)
    expect(totals.length).toBeGreaterThan(2);
    expect(Math.abs((totals[0] ?? 0) - 20_000) / 20_000).toBeLessThan(0.05);
    const c = f?.result?.factColumns;
    if (!c) throw new Error(`not staged: ${JSON.stringify(f?.readError ?? f?.result?.problems?.slice(0, 3))}`);
    expect(c.length).toBe(20_000);
    const held = c.values.totalRevenue.buffer.byteLength / 8;
    expect(held).toBeGreaterThanOrEqual(20_000);
    expect(held / 20_000).toBeLessThan(1.05);
  });
});

describe('columns sized from a hint', () => {
  it('grow once to the hint (with 2% to spare), not in 1.5× steps', () => {
    let asked = 0;
    const b = new FactColumnsBuilder(100, () => {
      asked++;
      return 10_000;
    });
    for (let i = 0; i < 10_000; i++) b.push(b.codeId(`G${i % 50}`), b.periodId('2026-01'), i, null, null, null, null, null, null, null, null, null, null);
    expect(asked).toBe(1);
    expect(b.capacity).toBe(10_200);
    const c = b.finish();
    expect(c.length).toBe(10_000);
    // 2% spare: a view of the columns, not a trimmed copy
    expect(c.code.buffer.byteLength).toBe(10_200 * 4);
  });

  it('still grow 1.5× when the hint is low, and GrowableInt32 takes the same hint', () => {
    const b = new FactColumnsBuilder(100, () => 50);
    for (let i = 0; i < 101; i++) b.push(b.codeId('G'), b.periodId('2026-01'), i, null, null, null, null, null, null, null, null, null, null);
    expect(b.capacity).toBe(150);
    const g = new GrowableInt32(16, () => 1000);
    for (let i = 0; i < 17; i++) g.push(i);
    expect(g.at(16)).toBe(16);
    expect(g.length).toBe(17);
  });
});
