/**
 * The one small interface behind which workbook reading lives (a faster reader
 * can replace SheetJS later without touching the pipeline). Formulas are never
 * evaluated: only cached values are read.
 */
import { formatCount } from '../../../shared/review/format';
import * as XLSX from 'xlsx';
import { detectEncoding, parseDelimited, utf16Bom } from '../../../shared/import/csv';
import type { LocalText } from '../../../shared/api/contract';
import type { RawCell, RawSheet, RawWorkbook, SourceFormat } from '../../../shared/import/types';
import { ReadError } from './readError';
import { sniff } from './sniff';
import { checkZip, DEFAULT_ZIP_LIMITS, restoreZipStored, unpackZip, ZipProblem, type ZipLimits } from './zipInspect';
import { DEFAULT_MAX_CELLS, openXlsx, readXlsxStreaming, type StreamLimits, type StreamTimings, type XlsxBook } from './xlsxStream';

export interface ReadLimits {
  maxColumns: number;
  maxRows: number;
  /** Excel's own cell limit; longer text is cut and reported */
  maxCellChars: number;
  /** rows of all sheets together, counted up to each sheet's last row holding a value */
  maxTotalRows: number;
  /** cells holding a value, all sheets together */
  maxTotalCells: number;
  zip: ZipLimits;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxColumns: 2000,
  maxRows: 2_000_000,
  maxCellChars: 32_767,
  maxTotalRows: 3_000_000,
  maxTotalCells: 40_000_000,
  zip: DEFAULT_ZIP_LIMITS,
};

export interface WorkbookReader {
  read(bytes: Uint8Array, fileName: string, limits?: ReadLimits): RawWorkbook;
  /**
   * A workbook to scan sheet by sheet in chunks (.xlsx/.xlsm), or null: then `read` it whole.
   * Throws the same read errors as `read` for what it opens (zip checks, the small parts).
   */
  openStream?(bytes: Uint8Array, fileName: string, limits?: ReadLimits): XlsxBook | null;
}

function extensionOf(fileName: string): string {
  const m = /\.([^.]+)$/.exec(fileName);
  return (m?.[1] ?? '').toLowerCase();
}

const fmt = (n: number): string => formatCount(n);

function tooManyColumns(fileName: string, sheet: string, columns: number, max: number): ReadError {
  return new ReadError(fileName, 'too-many-columns', {
    zh: `${fileName}：工作表「${sheet}」有 ${fmt(columns)} 列，超过上限 ${fmt(max)} 列。请只导出需要的列。`,
    en: `${fileName}: sheet "${sheet}" has ${fmt(columns)} columns, over the limit of ${fmt(max)}. Export only the columns you need.`,
  });
}

function cellCutWarning(fileName: string, row: number, limit: number): { code: string; message: LocalText } {
  return {
    code: 'cell-too-long',
    message: {
      zh: `${fileName}：第 ${row} 行有单元格超过 ${fmt(limit)} 个字符，已截断。`,
      en: `${fileName}: a cell on row ${row} is longer than ${fmt(limit)} characters and was cut.`,
    },
  };
}

function readDelimited(bytes: Uint8Array, fileName: string, format: SourceFormat, limits: ReadLimits): RawWorkbook {
  // Excel's "Unicode text" export is UTF-16 with a BOM.
  const utf16 = utf16Bom(bytes);
  const encoding = utf16 ? 'utf-8' : detectEncoding(bytes);
  const label = utf16 ?? (encoding === 'gb18030' ? 'gb18030' : 'utf-8');
  let text: string;
  try {
    text = new TextDecoder(label, { fatal: false, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ReadError(fileName, 'encoding', { zh: `${fileName}：无法识别文本编码`, en: `${fileName}: cannot decode the text encoding` });
  }
  const parsed = parseDelimited(text, { maxColumns: limits.maxColumns, maxCellChars: limits.maxCellChars, maxRows: limits.maxRows });
  const warnings: NonNullable<RawWorkbook['warnings']> = [];
  for (const o of parsed.overflows) {
    if (o.kind === 'columns') {
      let widest = 0;
      for (const line of text.split(/\r\n|\n|\r/, 50)) widest = Math.max(widest, line.split(parsed.delimiter).length);
      throw tooManyColumns(fileName, fileName, Math.max(widest, o.limit + 1), limits.maxColumns);
    }
    if (o.kind === 'rows') {
      throw new ReadError(fileName, 'too-many-rows', {
        zh: `${fileName}：超过 ${fmt(o.limit)} 行的上限`,
        en: `${fileName}: more than the limit of ${fmt(o.limit)} rows`,
      });
    }
    warnings.push(cellCutWarning(fileName, o.row, o.limit));
  }
  if (parsed.unterminatedQuote) {
    warnings.push({
      code: 'unterminated-quote',
      message: {
        zh: `${fileName}：有一个引号没有闭合，之后的内容被读成了一个单元格。请检查原文件。`,
        en: `${fileName}: a quote is never closed, so the rest of the file was read as one cell. Check the file.`,
      },
    });
  }
  const rows: RawCell[][] = parsed.rows.map((r) => r.map((v) => (v === '' ? null : v)));
  return {
    warnings,
    fileName,
    format,
    date1904: false,
    encoding,
    delimiter: parsed.delimiter,
    sheets: [{ name: fileName.replace(/\.[^.]+$/, ''), hidden: false, rows, merges: [] }],
  };
}

type DenseSheet = (XLSX.CellObject | undefined)[][];

function hasValue(cell: XLSX.CellObject | undefined): boolean {
  return cell !== undefined && cell !== null && cell.v !== undefined && cell.t !== 'z';
}

/**
 * A sheet's size from the cells really present, never from its declared
 * `<dimension>` (which the file controls): the last row and column holding a
 * value, and the number of cells present. Holes of a sparse sheet are skipped.
 */
function measureSheet(ws: XLSX.WorkSheet): { height: number; width: number; cells: number } {
  const data = (ws as { '!data'?: DenseSheet })['!data'];
  if (!data) return { height: 0, width: 0, cells: 0 };
  let height = 0;
  let width = 0;
  let cells = 0;
  // Object.keys visits only the rows that exist, so one cell on row 2,000,000 costs one visit.
  for (const key of Object.keys(data)) {
    const r = Number(key);
    const src = data[r];
    if (!Array.isArray(src) || !Number.isInteger(r)) continue;
    let last = -1;
    for (let c = 0; c < src.length; c++) {
      if (!hasValue(src[c])) continue;
      cells++;
      last = c;
    }
    if (last >= 0) {
      if (r + 1 > height) height = r + 1;
      if (last + 1 > width) width = last + 1;
    }
  }
  return { height, width, cells };
}

function sheetRows(
  ws: XLSX.WorkSheet,
  height: number,
  width: number,
  fileName: string,
  sheetName: string,
  limits: ReadLimits,
  warnings: NonNullable<RawWorkbook['warnings']>,
): { rows: RawCell[][]; formats: Record<string, string> } {
  const data = (ws as { '!data'?: DenseSheet })['!data'] ?? [];
  const rows: RawCell[][] = [];
  const formats: Record<string, string> = {};
  for (let r = 0; r < height; r++) {
    const src = data[r];
    if (!src) {
      rows.push([]);
      continue;
    }
    const n = Math.min(src.length, width);
    const row: RawCell[] = new Array<RawCell>(n).fill(null);
    for (let c = 0; c < n; c++) {
      const cell = src[c];
      if (!cell || !hasValue(cell)) continue;
      if (cell.t === 'e') {
        row[c] = null; // #N/A, #DIV/0!: no value
        continue;
      }
      const v = cell.v;
      if (typeof v === 'string') {
        if (v.length > limits.maxCellChars) {
          row[c] = v.slice(0, limits.maxCellChars);
          if (!warnings.some((w) => w.code === 'cell-too-long')) warnings.push(cellCutWarning(`${fileName}「${sheetName}」`, r + 1, limits.maxCellChars));
        } else row[c] = v;
      }
      else if (typeof v === 'number' || typeof v === 'boolean') row[c] = v;
      else if (v instanceof Date) row[c] = v.toISOString().slice(0, 10);
      if (typeof cell.z === 'string' && /[ymd]|%/i.test(cell.z) && cell.z !== 'General') formats[`${r}:${c}`] = cell.z;
    }
    rows.push(row);
  }
  return { rows, formats };
}

function tooMuch(fileName: string, what: 'rows' | 'cells', count: number, max: number): ReadError {
  return what === 'rows'
    ? new ReadError(fileName, 'too-many-rows', {
        zh: `${fileName}：所有工作表合计 ${fmt(count)} 行，超过上限 ${fmt(max)} 行。请分成几个文件导入。`,
        en: `${fileName}: the sheets hold ${fmt(count)} rows together, over the limit of ${fmt(max)}. Import them as several files.`,
      })
    : new ReadError(fileName, 'too-many-cells', {
        zh: `${fileName}：所有工作表合计 ${fmt(count)} 个单元格，超过上限 ${fmt(max)} 个。请分成几个文件导入。`,
        en: `${fileName}: the sheets hold ${fmt(count)} cells together, over the limit of ${fmt(max)}. Import them as several files.`,
      });
}

function readSpreadsheet(bytes: Uint8Array, fileName: string, format: SourceFormat, limits: ReadLimits): RawWorkbook {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, {
      type: 'array',
      dense: true,
      cellFormula: false,
      cellHTML: false,
      cellText: false,
      cellDates: false,
      cellNF: true,
      sheetStubs: false,
      WTF: false,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/password|encrypt/i.test(message)) throw passwordError(fileName);
    // A parser's own message helps ("Unsupported file", "Bad uncompressed size"); a JavaScript engine error inside it does not.
    const engineError = err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || err instanceof SyntaxError;
    const detail = engineError || message.length > 200 || /undefined|null|NaN|\[object/.test(message) ? '' : `（${message}）`;
    throw new ReadError(fileName, 'corrupt', {
      // the parser's own message is English: the Chinese text does not end in it
      zh: `${fileName}：文件已损坏或不完整，无法读取。请重新导出。`,
      en: `${fileName}: the file is damaged or incomplete and cannot be read${detail ? ` (${message})` : ''}. Export it again.`,
    });
  }
  const info = wb.Workbook?.Sheets ?? [];
  const warnings: NonNullable<RawWorkbook['warnings']> = [];
  // Measure every sheet on the cells present, and check the limits across sheets, before building any rows.
  const sizes = wb.SheetNames.map((name) => {
    const ws = wb.Sheets[name];
    const size = ws ? measureSheet(ws) : { height: 0, width: 0, cells: 0 };
    if (size.width > limits.maxColumns) throw tooManyColumns(fileName, name, size.width, limits.maxColumns);
    if (size.height > limits.maxRows) {
      throw new ReadError(fileName, 'too-many-rows', {
        zh: `${fileName}：工作表「${name}」有 ${fmt(size.height)} 行，超过上限 ${fmt(limits.maxRows)} 行`,
        en: `${fileName}: sheet "${name}" has ${fmt(size.height)} rows, over the limit of ${fmt(limits.maxRows)}`,
      });
    }
    return size;
  });
  let totalRows = 0;
  let totalCells = 0;
  for (const s of sizes) {
    totalRows += s.height;
    totalCells += s.cells;
  }
  if (totalRows > limits.maxTotalRows) throw tooMuch(fileName, 'rows', totalRows, limits.maxTotalRows);
  if (totalCells > limits.maxTotalCells) throw tooMuch(fileName, 'cells', totalCells, limits.maxTotalCells);
  const sheets: RawSheet[] = wb.SheetNames.map((name, i) => {
    const ws = wb.Sheets[name];
    const size = sizes[i] ?? { height: 0, width: 0 };
    const { rows, formats } = ws ? sheetRows(ws, size.height, size.width, fileName, name, limits, warnings) : { rows: [], formats: {} };
    return {
      name,
      hidden: (info[i]?.Hidden ?? 0) !== 0,
      rows,
      merges: (ws?.['!merges'] ?? []).slice(0, MAX_MERGES).map((m) => ({ s: { r: m.s.r, c: m.s.c }, e: { r: m.e.r, c: m.e.c } })),
      formats,
    };
  });
  if (sheets.length === 0) {
    throw new ReadError(fileName, 'no-sheets', { zh: `${fileName}：工作簿中没有工作表`, en: `${fileName}: the workbook has no sheets` });
  }
  return { fileName, format, date1904: Boolean(wb.Workbook?.WBProps?.date1904), sheets, warnings };
}

/** Merged ranges kept per sheet (header detection looks at a few near the top). */
const MAX_MERGES = 10_000;

function passwordError(fileName: string): ReadError {
  return new ReadError(fileName, 'password', {
    zh: `${fileName}：工作簿有密码保护。请在 Excel 中取消密码（文件 → 信息 → 保护工作簿）后另存，再导入。`,
    en: `${fileName}: the workbook is password-protected. Remove the password in Excel (File → Info → Protect Workbook), save, and import again.`,
  });
}

function looksLikeHtmlTable(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096)).trimStart().toLowerCase();
  return (head.startsWith('<') && head.includes('<table')) || head.startsWith('<!doctype html') || head.startsWith('<html');
}

let streamingEnabled = true;
let lastTimings: StreamTimings | undefined;

/** For the differential test and the bench: SheetJS for every zip (false), and the time split of the streaming reader. */
export function useStreamingXlsx(on: boolean): void {
  streamingEnabled = on;
}
export function collectStreamTimings(t: StreamTimings | undefined): void {
  lastTimings = t;
}
/** Where the time split of the streaming reader goes (the bench), or undefined. */
export function streamTimings(): StreamTimings | undefined {
  return lastTimings;
}

function streamLimits(limits: ReadLimits): StreamLimits {
  return { ...limits, maxEntryBytes: limits.zip.maxUncompressed, maxCells: Math.min(DEFAULT_MAX_CELLS, limits.maxTotalCells), maxTotalRows: limits.maxTotalRows };
}

function declaredFormat(fileName: string): SourceFormat {
  const ext = extensionOf(fileName);
  return ext === 'xlsm' ? 'xlsm' : ext === 'xls' ? 'xls' : ext === 'csv' ? 'csv' : ext === 'txt' ? 'txt' : 'xlsx';
}

function zipError(fileName: string, err: unknown): ReadError {
  if (err instanceof ZipProblem && err.kind === 'encrypted') return passwordError(fileName);
  if (err instanceof ZipProblem && (err.kind === 'too-large' || err.kind === 'ratio')) {
    return new ReadError(fileName, 'zip-bomb', {
      zh: `${fileName}：文件解压后过大，疑似恶意文件，已拒绝`,
      en: `${fileName}: the file unpacks to far too much data and was refused as a possible zip bomb (${err.message})`,
    });
  }
  return new ReadError(fileName, 'corrupt', {
    zh: `${fileName}：文件已损坏或不完整（压缩结构无法读取）。请重新导出。`,
    en: `${fileName}: the file is damaged or incomplete (its zip structure cannot be read). Export it again.`,
  });
}

export const sheetJsReader: WorkbookReader = {
  openStream(bytes, fileName, limits = DEFAULT_READ_LIMITS) {
    if (!streamingEnabled || sniff(bytes) !== 'zip') return null;
    const declared = declaredFormat(fileName);
    const format: SourceFormat = declared === 'xls' || declared === 'csv' || declared === 'txt' ? 'xlsx' : declared;
    try {
      checkZip(bytes, limits.zip);
    } catch (err) {
      throw zipError(fileName, err);
    }
    return openXlsx(bytes, fileName, format, streamLimits(limits), lastTimings);
  },
  read(bytes, fileName, limits = DEFAULT_READ_LIMITS) {
    const declared = declaredFormat(fileName);
    const kind = sniff(bytes);
    switch (kind) {
      case 'empty':
        throw new ReadError(fileName, 'empty', { zh: `${fileName}：文件是空的（0 字节）`, en: `${fileName}: the file is empty (0 bytes)` });
      case 'zip': {
        const format: SourceFormat = declared === 'xls' || declared === 'csv' || declared === 'txt' ? 'xlsx' : declared;
        // .xlsx/.xlsm: the streaming reader (its own zlib inflation with an output limit, limits on cells present);
        // any other zip (.xlsb, .ods) goes to SheetJS.
        if (streamingEnabled) {
          try {
            checkZip(bytes, limits.zip);
          } catch (err) {
            throw zipError(fileName, err);
          }
          const streamed = readXlsxStreaming(bytes, fileName, format, streamLimits(limits), lastTimings);
          if (streamed) return streamed;
        }
        let stored: Uint8Array;
        try {
          // Every entry inflated by Node's zlib under a hard output limit; SheetJS then reads only stored entries.
          stored = restoreZipStored(unpackZip(bytes, limits.zip));
        } catch (err) {
          throw zipError(fileName, err);
        }
        return readSpreadsheet(stored, fileName, format, limits);
      }
      case 'cfb':
        // Old .xls, or an encrypted .xlsx (which Office stores in a CFB container).
        return readSpreadsheet(bytes, fileName, 'xls', limits);
      case 'binary':
        if (utf16Bom(bytes)) return readDelimited(bytes, fileName, declared === 'txt' ? 'txt' : 'csv', limits);
        throw new ReadError(fileName, 'unknown-format', {
          zh: `${fileName}：无法识别的文件格式。请导入 .xlsx、.xls、.csv 或 .txt 文件。`,
          en: `${fileName}: unrecognised file format. Import an .xlsx, .xls, .csv or .txt file.`,
        });
      case 'text':
        // Many BOSS "xls" exports are really HTML tables; SheetJS reads those.
        if (looksLikeHtmlTable(bytes)) return readSpreadsheet(bytes, fileName, 'xls', limits);
        return readDelimited(bytes, fileName, declared === 'txt' ? 'txt' : 'csv', limits);
      default:
        throw new ReadError(fileName, 'unknown-format', {
          zh: `${fileName}：无法识别的文件格式。请导入 .xlsx、.xls、.csv 或 .txt 文件。`,
          en: `${fileName}: unrecognised file format. Import an .xlsx, .xls, .csv or .txt file.`,
        });
    }
  },
};
