/** Lists to .xlsx: typed cells with number formats, and no text that a spreadsheet would run as a formula. */
import * as XLSX from 'xlsx';
import { NUMBER_FORMAT_CODES } from '../../shared/review/format';
import { escapeFormula } from './import/problemReport';

export type ColumnKind = 'text' | 'number' | 'yuan' | 'percent';

// THE formatter's rules (shared/review/format.ts): whole 元 with separators, no raw decimals
const FORMATS: Record<ColumnKind, string | undefined> = { text: undefined, number: NUMBER_FORMAT_CODES.short, yuan: NUMBER_FORMAT_CODES.yuan, percent: NUMBER_FORMAT_CODES.pct };

export function tableWorkbook(sheetName: string, columns: { title: string; kind: ColumnKind }[], rows: (string | number | null)[][]): Uint8Array {
  const aoa: (string | number | null)[][] = [columns.map((c) => escapeFormula(c.title))];
  for (const r of rows) aoa.push(columns.map((c, i) => {
    const v = r[i] ?? null;
    if (typeof v === 'string') return escapeFormula(v);
    if (typeof v === 'number' && !Number.isFinite(v)) return null;
    return v;
  }));
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  columns.forEach((c, ci) => {
    const z = FORMATS[c.kind];
    if (!z) return;
    for (let r = 1; r < aoa.length; r++) {
      const cell = ws[XLSX.utils.encode_cell({ r, c: ci })] as XLSX.CellObject | undefined;
      if (cell && cell.t === 'n') cell.z = z;
    }
  });
  ws['!cols'] = columns.map((c) => ({ wch: Math.min(60, Math.max(8, c.title.length * 2 + 2)) }));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, sheetName.replace(/[\\/?*[\]:]/g, ' '));
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}

/** The export.table channel: any page's list as .xlsx, under a file name safe on every system. */
export function exportTableHandlers() {
  return {
    'export.table': async ({ fileName, sheetName, columns, rows }: { fileName: string; sheetName: string; columns: { title: string; kind: ColumnKind }[]; rows: (string | number | null)[][] }) => {
      const safeName = fileName.replace(/[\\/:*?"<>|]/g, '_');
      return { fileName: safeName.endsWith('.xlsx') ? safeName : `${safeName}.xlsx`, dataBase64: Buffer.from(tableWorkbook(sheetName, columns, rows)).toString('base64') };
    },
  };
}
