/**
 * The fast .xlsx/.xlsm reader: the zip entry by entry (zipEntries.ts), the small parts
 * (workbook, relationships, styles, shared strings) by simple scanning, and each sheet's XML
 * scanned byte by byte in one pass, without building an XML tree or one object per cell:
 * a cell becomes its value (string, number, boolean) straight in its row's array.
 * Shared strings, inline strings (also rich text runs), numbers, booleans, errors (→ empty),
 * cached formula values (formulas are never evaluated), dates as serial numbers with their
 * number format, merged cells and hidden sheets are read; row and column limits count the
 * cells actually present (not the declared <dimension>), and a total cell cap spans every sheet.
 * Returns null for a zip that is not an OOXML spreadsheet (e.g. .xlsb, .ods): SheetJS reads those.
 */
import { formatCount } from '../../../shared/review/format';
import * as XLSX from 'xlsx';
import type { LocalText } from '../../../shared/api/contract';
import type { RawCell, RawSheet, RawWorkbook, SourceFormat } from '../../../shared/import/types';
import { ReadError } from './readError';
import zlib from 'node:zlib';
import { entryData, listEntries, readEntry, ZipEntryError, type ZipEntry } from './zipEntries';

export interface StreamLimits {
  maxColumns: number;
  maxRows: number;
  maxCellChars: number;
  /** uncompressed bytes of any one entry */
  maxEntryBytes: number;
  /** cells with a value across all sheets */
  maxCells: number;
  /** rows of all sheets together, each sheet counted up to its last row holding a value (default: no cap beyond maxRows) */
  maxTotalRows?: number;
}

/** 1,048,576 rows × 48 columns: far above any export, far below what would exhaust memory */
export const DEFAULT_MAX_CELLS = 50_000_000;

/** Number formats are kept (as SheetJS's `formats`) for the first rows only: header detection looks there. */
const FORMAT_ROWS = 200;

export interface StreamTimings {
  unzipMs: number;
  parseMs: number;
}

const fmt = (n: number): string => formatCount(n);

function unescapeXml(s: string): string {
  if (s.indexOf('&') >= 0) {
    s = s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
      if (e === 'amp') return '&';
      if (e === 'lt') return '<';
      if (e === 'gt') return '>';
      if (e === 'quot') return '"';
      if (e === 'apos') return "'";
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    });
  }
  // OOXML's escape of characters XML cannot hold: _x000D_ (and _x005F_ for a literal underscore)
  if (s.indexOf('_x') >= 0) s = s.replace(/_x([0-9a-fA-F]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|[\\s<])(?:[A-Za-z0-9_]+:)?${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  if (!m) return undefined;
  return unescapeXml(m[2] ?? m[3] ?? '');
}

/** Every start tag `<(prefix:)name …>` in `xml`, as its text. */
function tags(xml: string, name: string): string[] {
  const re = new RegExp(`<(?:[A-Za-z0-9_]+:)?${name}(?=[\\s/>])[^>]*>`, 'g');
  return xml.match(re) ?? [];
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/');
  parts.pop();
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function relsOf(partName: string): string {
  const i = partName.lastIndexOf('/');
  return `${partName.slice(0, i + 1)}_rels/${partName.slice(i + 1)}.rels`;
}

interface Rel {
  type: string;
  target: string;
}

/** Text of every `<t>` of one `<si>` or `<is>`, phonetic runs (`<rPh>`) left out. */
function runsText(xml: string): string {
  const body = xml.indexOf('<rPh') >= 0 || xml.indexOf(':rPh') >= 0 ? xml.replace(/<(?:[A-Za-z0-9_]+:)?rPh[\s>][\s\S]*?<\/(?:[A-Za-z0-9_]+:)?rPh>/g, '') : xml;
  let out = '';
  const re = /<(?:[A-Za-z0-9_]+:)?t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:[A-Za-z0-9_]+:)?t>)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) out += m[1] ?? '';
  return unescapeXml(out);
}

function colOfRef(ref: string): number {
  let c = 0;
  for (let i = 0; i < ref.length; i++) {
    const x = ref.charCodeAt(i);
    if (x >= 65 && x <= 90) c = c * 26 + (x - 64);
    else if (x >= 97 && x <= 122) c = c * 26 + (x - 96);
    else break;
  }
  return c - 1;
}
function rowOfRef(ref: string): number {
  const m = /(\d+)$/.exec(ref);
  return m ? Number(m[1]) - 1 : -1;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * A decimal number between a and b: the exact mantissa (≤ 15 digits) over a power of ten is one
 * correctly rounded division, the same double as Number(text); anything else goes through Number.
 */
function parseNumber(buf: Buffer, a: number, b: number): number {
  let i = a;
  let neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
  }
  let mant = 0;
  let digits = 0;
  let frac = 0;
  let dot = false;
  for (; i < b; i++) {
    const x = buf[i] ?? 0;
    if (x >= 48 && x <= 57) {
      if (digits > 0 || x !== 48) digits++;
      mant = mant * 10 + (x - 48);
      if (dot) frac++;
    } else if (x === 46 && !dot) dot = true;
    else return Number(buf.toString('latin1', a, b));
  }
  if (digits > 15 || frac > 22 || i === a || (neg && i === a + 1)) return Number(buf.toString('latin1', a, b));
  const v = frac === 0 ? mant : mant / (POW10[frac] ?? 1);
  return neg ? -v : v;
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const QUOTE = 34;
const APOS = 39;

/** An opened .xlsx/.xlsm: its small parts read, its sheets still packed. */
export interface XlsxBook {
  fileName: string;
  format: SourceFormat;
  date1904: boolean;
  sheets: { name: string; hidden: boolean; entry: ZipEntry | null }[];
  /** what the reader had to change so far (cut cells); scans append to it */
  warnings: NonNullable<RawWorkbook['warnings']>;
  /** @internal */
  ctx: BookContext;
}

interface BookContext {
  bytes: Uint8Array;
  limits: StreamLimits;
  sst: string[];
  xfFormat: (string | null)[];
  corrupt: (detail: string | LocalText) => ReadError;
  /** cells with a value so far, all sheets (the cap spans them) */
  totalCells: number;
  /** rows of the sheets scanned so far (a cap across sheets) */
  rowsBefore: number;
}

/** What one sheet's scan found besides its rows. */
export interface SheetScan {
  /** the last row holding a row element, + 1 (as `rows.length` of the whole sheet) */
  rowCount: number;
  merges: RawSheet['merges'];
  formats: Record<string, string>;
}

/** The workbook, relationships, styles and shared strings; null = not an OOXML spreadsheet. */
export function openXlsx(bytes: Uint8Array, fileName: string, format: SourceFormat, limits: StreamLimits, timings?: StreamTimings): XlsxBook | null {
  const t0 = performance.now();
  let unzipMs = 0;
  let entries: Map<string, ZipEntry>;
  try {
    entries = listEntries(bytes);
  } catch {
    return null;
  }
  // the detail in both languages where we write it; a zip layer's own English detail only in English
  // (the Chinese message must not end in an English sentence)
  const corrupt = (detail: string | LocalText): ReadError => {
    const d = typeof detail === 'string' ? { zh: null, en: detail } : detail;
    return new ReadError(fileName, 'corrupt', {
      zh: `${fileName}：文件已损坏或不完整，无法读取${d.zh ? `（${d.zh}）` : ''}。请重新导出。`,
      en: `${fileName}: the file is damaged or incomplete and cannot be read (${d.en}). Export it again.`,
    });
  };
  const part = (name: string): Buffer | null => {
    const e = entries.get(name.toLowerCase());
    if (!e) return null;
    const u = performance.now();
    try {
      return readEntry(bytes, e, limits.maxEntryBytes);
    } catch (err) {
      if (err instanceof ZipEntryError) throw corrupt(err.message);
      throw err;
    } finally {
      unzipMs += performance.now() - u;
    }
  };
  const text = (name: string): string | null => part(name)?.toString('utf8') ?? null;
  const rels = (partName: string): Map<string, Rel> => {
    const out = new Map<string, Rel>();
    const xml = text(relsOf(partName));
    if (xml === null) return out;
    for (const t of tags(xml, 'Relationship')) {
      const id = attr(t, 'Id');
      const target = attr(t, 'Target');
      if (id === undefined || target === undefined || attr(t, 'TargetMode') === 'External') continue;
      out.set(id, { type: attr(t, 'Type') ?? '', target: resolveTarget(partName, target) });
    }
    return out;
  };

  const rootRels = [...rels('').values()];
  const wbPart = rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  if (!wbPart.toLowerCase().endsWith('.xml')) return null; // .xlsb's workbook.bin
  const wbXml = text(wbPart);
  if (wbXml === null) return null;
  const wbRels = rels(wbPart);
  const pr = tags(wbXml, 'workbookPr')[0];
  const d1904 = pr ? attr(pr, 'date1904') : undefined;
  const date1904 = d1904 === '1' || d1904 === 'true';

  const relOfType = (suffix: string): string | undefined => [...wbRels.values()].find((r) => r.type.endsWith(suffix))?.target;

  // styles: the number format of each cell style
  const builtIn = XLSX.SSF.get_table() as Record<number, string>;
  const fmtCodes = new Map<number, string>();
  const xfFormat: (string | null)[] = [];
  const stylesPart = relOfType('/styles');
  const stylesXml = stylesPart ? text(stylesPart) : null;
  if (stylesXml) {
    for (const t of tags(stylesXml, 'numFmt')) {
      const id = Number(attr(t, 'numFmtId'));
      const code = attr(t, 'formatCode');
      if (Number.isFinite(id) && code !== undefined) fmtCodes.set(id, code);
    }
    const cellXfs = /<(?:[A-Za-z0-9_]+:)?cellXfs[\s>][\s\S]*?<\/(?:[A-Za-z0-9_]+:)?cellXfs>/.exec(stylesXml)?.[0] ?? '';
    for (const t of tags(cellXfs, 'xf')) {
      const id = Number(attr(t, 'numFmtId') ?? 0);
      const code = fmtCodes.get(id) ?? builtIn[id] ?? null;
      xfFormat.push(code !== null && code !== 'General' && /[ymd]|%/i.test(code) ? code : null);
    }
  }

  // shared strings
  const sst: string[] = [];
  const sstPart = relOfType('/sharedStrings');
  const sstBuf = sstPart ? part(sstPart) : null;
  if (sstBuf) {
    const xml = sstBuf.toString('utf8');
    const re = /<(?:[A-Za-z0-9_]+:)?si(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:[A-Za-z0-9_]+:)?si>)/g;
    for (let m = re.exec(xml); m; m = re.exec(xml)) {
      const body = m[1] ?? '';
      // the usual case, one plain <t>, without the run regex
      const simple = /^<t(?: xml:space="preserve")?>([^<]*)<\/t>$/.exec(body);
      sst.push(simple ? unescapeXml(simple[1] ?? '') : runsText(body));
    }
  }

  const sheets: XlsxBook['sheets'] = [];
  for (const t of tags(wbXml, 'sheet')) {
    const name = attr(t, 'name') ?? `Sheet${sheets.length + 1}`;
    const state = attr(t, 'state');
    const rid = attr(t, 'id'); // r:id
    const target = rid !== undefined ? wbRels.get(rid)?.target : undefined;
    const entry = target ? (entries.get(target.toLowerCase()) ?? null) : null;
    sheets.push({ name, hidden: state === 'hidden' || state === 'veryHidden', entry });
  }
  if (sheets.length === 0) {
    throw new ReadError(fileName, 'no-sheets', { zh: `${fileName}：工作簿中没有工作表`, en: `${fileName}: the workbook has no sheets` });
  }
  if (timings) {
    timings.unzipMs += unzipMs;
    timings.parseMs += performance.now() - t0 - unzipMs;
  }
  return { fileName, format, date1904, sheets, warnings: [], ctx: { bytes, limits, sst, xfFormat, corrupt, totalCells: 0, rowsBefore: 0 } };
}

/** The whole workbook in memory (the `WorkbookReader` interface): every sheet inflated whole and scanned. */
export function readXlsxStreaming(
  bytes: Uint8Array,
  fileName: string,
  format: SourceFormat,
  limits: StreamLimits,
  timings?: StreamTimings,
): RawWorkbook | null {
  const book = openXlsx(bytes, fileName, format, limits, timings);
  if (!book) return null;
  const sheets: RawSheet[] = [];
  for (const s of book.sheets) {
    let buf: Buffer | null = null;
    if (s.entry) {
      const u = performance.now();
      try {
        buf = readEntry(bytes, s.entry, limits.maxEntryBytes);
      } catch (err) {
        if (err instanceof ZipEntryError) throw book.ctx.corrupt(err.message);
        throw err;
      } finally {
        if (timings) timings.unzipMs += performance.now() - u;
      }
    }
    if (!buf) {
      sheets.push({ name: s.name, hidden: s.hidden, rows: [], merges: [], formats: {} });
      continue;
    }
    const t = performance.now();
    const rows: RawCell[][] = [];
    const scanner = sheetScanner(
      book,
      s.name,
      (r, row) => {
        while (rows.length < r) rows.push([]);
        rows[r] = row;
      },
      newScanPosition(),
    );
    scanner.feed(buf, true);
    const scan = scanner.result();
    if (timings) timings.parseMs += performance.now() - t;
    sheets.push({ name: s.name, hidden: s.hidden, rows, merges: scan.merges, formats: scan.formats });
  }
  return { fileName, format, date1904: book.date1904, sheets, warnings: book.warnings };
}

/** Inflated bytes between two chunk hand-overs of a streamed sheet. */
const CHUNK_BYTES = 1 << 20;

/**
 * One sheet inflated in chunks (Node's streaming zlib, at most the entry's declared size)
 * and scanned chunk by chunk: `onRow` gets each row as it is scanned, so neither the sheet's
 * XML nor its rows are ever held whole. `onChunk` after each chunk: false stops the scan.
 */
export interface ScanOptions {
  /** after each chunk, with the packed bytes consumed so far of the entry's total: false stops the scan */
  onChunk?: (compressedDone: number, compressedTotal: number) => boolean;
  timings?: StreamTimings;
  /** inflated bytes per chunk (default 1 MB; tests use tiny chunks to cross every boundary) */
  chunkBytes?: number;
  /** updated as rows are scanned (see estimatedRows) */
  position?: ScanPosition;
}

/**
 * Where the scan is in the sheet's XML, updated at every row: enough to estimate the sheet's rows
 * from the bytes per row so far (the <dimension> element is optional and often wrong).
 */
export interface ScanPosition {
  /** the inflated size of the sheet's XML, as the zip declares it */
  total: number;
  /** the latest row's index (0-based) and the offset of its <row> in the XML */
  row: number;
  rowAt: number;
  /** the first row's index and offset (-1 before it) */
  firstRow: number;
  firstRowAt: number;
  /** rows and cells from the first row up to (not including) the latest, and the digits of those rows' numbers */
  rows: number;
  cells: number;
  digits: number;
}

export function newScanPosition(): ScanPosition {
  return { total: 0, row: -1, rowAt: 0, firstRow: -1, firstRowAt: -1, rows: 0, cells: 0, digits: 0 };
}

/** Decimal digits of n ≥ 1. */
export function digitsOf(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

/**
 * The sheet's row count estimated from the rows read so far, or null before two rows are read.
 * A row's XML carries its number once in <row r> and once in every cell's r="B12": a row near the
 * millionth is ~50 bytes longer than one near the 50th, so the bytes are split into a fixed part
 * and a part per digit, and the rest of the XML is walked digit band by digit band.
 */
export function estimatedRows(p: ScanPosition): number | null {
  if (p.firstRow < 0 || p.rows < 1 || p.rowAt <= p.firstRowAt) return null;
  const perRowDigits = p.cells / p.rows + 1; // each cell's ref, and <row r>
  const bytes = p.rowAt - p.firstRowAt;
  const fixed = Math.max(1, (bytes - perRowDigits * p.digits) / p.rows);
  let left = p.total - p.rowAt;
  let rowNumber = p.row + 1; // 1-based number of the latest row
  let count = p.row; // rows before the latest
  for (let d = digitsOf(rowNumber); left > 0 && d < 16; d++) {
    const perRow = fixed + perRowDigits * d;
    const bandEnd = 10 ** d; // the first row number with d + 1 digits
    const fit = Math.floor(left / perRow);
    if (rowNumber + fit < bandEnd) {
      count += fit;
      break;
    }
    count += bandEnd - rowNumber;
    left -= (bandEnd - rowNumber) * perRow;
    rowNumber = bandEnd;
  }
  return Math.max(p.row + 1, count);
}

export async function scanXlsxSheet(book: XlsxBook, sheetIndex: number, onRow: (r: number, row: RawCell[]) => void, options: ScanOptions = {}): Promise<SheetScan> {
  const onChunk = options.onChunk ?? (() => true);
  const timings = options.timings;
  const chunkBytes = Math.max(64, options.chunkBytes ?? CHUNK_BYTES);
  const s = book.sheets[sheetIndex];
  if (!s?.entry) return { rowCount: 0, merges: [], formats: {} };
  const e = s.entry;
  const { bytes, limits, corrupt } = book.ctx;
  const position = options.position ?? newScanPosition();
  position.total = e.uncompressed;
  const scanner = sheetScanner(book, s.name, onRow, position);
  let data: Uint8Array;
  try {
    data = entryData(bytes, e);
  } catch (err) {
    if (err instanceof ZipEntryError) throw corrupt(err.message);
    throw err;
  }
  const limit = Math.min(limits.maxEntryBytes, e.uncompressed);
  let parseMs = 0;
  const t0 = performance.now();
  const feed = (chunk: Buffer, last: boolean): void => {
    const t = performance.now();
    scanner.feed(chunk, last);
    parseMs += performance.now() - t;
  };
  if (e.method === 0) {
    if (data.length > limit) throw corrupt({ zh: `压缩条目 ${e.name} 比声明的大小更大`, en: `zip entry ${e.name} is larger than declared` });
    const all = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    for (let o = 0; o < all.length || o === 0; o += chunkBytes) {
      const end = Math.min(all.length, o + chunkBytes);
      feed(all.subarray(o, end), end >= all.length);
      if (!onChunk(end, all.length)) break;
      if (end >= all.length) break;
    }
  } else {
    if (e.method !== 8) throw corrupt({ zh: `压缩条目 ${e.name} 使用了不支持的压缩方式（${e.method}）`, en: `zip entry ${e.name} uses an unsupported compression (${e.method})` });
    await inflateChunks(data, limit, chunkBytes, e.name, feed, onChunk).catch((err: unknown) => {
      if (err instanceof ZipEntryError) throw corrupt(err.message);
      throw err;
    });
  }
  if (timings) {
    timings.parseMs += parseMs;
    timings.unzipMs += performance.now() - t0 - parseMs;
  }
  return scanner.result();
}

/** A stop asked for by `onChunk` (not an error). */
class StopScan extends Error {}

function inflateChunks(
  data: Uint8Array,
  limit: number,
  chunkBytes: number,
  name: string,
  feed: (chunk: Buffer, last: boolean) => void,
  onChunk: (done: number, total: number) => boolean,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const z = zlib.createInflateRaw({ chunkSize: chunkBytes });
    let out = 0;
    let held: Buffer | null = null;
    let failed = false;
    const fail = (err: unknown): void => {
      if (failed) return;
      failed = true;
      z.destroy();
      if (err instanceof StopScan) resolve();
      else reject(err);
    };
    z.on('data', (chunk: Buffer) => {
      if (failed) return;
      out += chunk.length;
      if (out > limit) return fail(new ZipEntryError(`zip entry ${name} unpacks to more than declared`));
      // one chunk held back, so that the last one is fed with last = true
      try {
        if (held) feed(held, false);
        held = chunk;
        if (!onChunk(Math.round((data.length * out) / Math.max(1, limit)), data.length)) fail(new StopScan());
      } catch (err) {
        fail(err);
      }
    });
    z.on('error', (err) => fail(new ZipEntryError(`zip entry ${name} cannot be inflated: ${err.message}`)));
    z.on('end', () => {
      if (failed) return;
      try {
        feed(held ?? Buffer.alloc(0), true);
        resolve();
      } catch (err) {
        fail(err);
      }
    });
    z.end(data);
  });
}

interface SheetScanner {
  /** the next bytes of the sheet's XML; `last` = the end of it */
  feed(chunk: Buffer, last: boolean): void;
  result(): SheetScan;
}

/** Position just after the last closing `</(prefix:)row>` in b from `from` on, or -1. */
/** Position just after the first closing `</(prefix:)row>` wholly inside b, or -1. */
function firstRowEnd(b: Buffer): number {
  let k = b.indexOf('row>');
  while (k >= 0) {
    let j = k - 1;
    if (b[j] === 58) {
      j--;
      while (j >= 0) {
        const x = b[j]!;
        if ((x >= 48 && x <= 57) || (x >= 65 && x <= 90) || (x >= 97 && x <= 122) || x === 95) j--;
        else break;
      }
    }
    if (j - 1 >= 0 && b[j] === SLASH && b[j - 1] === LT) return k + 4;
    k = b.indexOf('row>', k + 1);
  }
  return -1;
}

function lastRowEnd(b: Buffer, from: number): number {
  let k = b.lastIndexOf('row>');
  while (k >= from) {
    let j = k - 1;
    if (b[j] === 58) {
      j--;
      while (j >= from) {
        const x = b[j]!;
        if ((x >= 48 && x <= 57) || (x >= 65 && x <= 90) || (x >= 97 && x <= 122) || x === 95) j--;
        else break;
      }
    }
    if (j - 1 >= from && b[j] === SLASH && b[j - 1] === LT) return k + 4;
    k = k - 1 >= 0 ? b.lastIndexOf('row>', k - 1) : -1;
  }
  return -1;
}

/** Merged cells and the like after </sheetData>: scanned in their first 16 MB. */
const TAIL_BYTES = 16 * 1024 * 1024;

/**
 * The byte scanner of one sheet, resumable: each chunk is scanned up to its last complete row,
 * the rest carried over to the next chunk; the same scan as over the whole XML at once.
 */
function sheetScanner(book: XlsxBook, sheetName: string, emit: (r: number, row: RawCell[]) => void, position: ScanPosition): SheetScanner {
  const { fileName, date1904, warnings } = book;
  const ctx = book.ctx;
  const { limits, sst, xfFormat, corrupt } = ctx;
  const maxTotalRows = limits.maxTotalRows ?? Number.POSITIVE_INFINITY;
  const formats: Record<string, string> = {};
  const merges: RawSheet['merges'] = [];
  let rowCount = 0;
  let b: Buffer = Buffer.alloc(0);
  let n = 0;
  /** 0 before <sheetData>, 1 inside it, 2 after it, 3 done */
  let phase = 0;
  let pending: Buffer | null = null;
  /** bytes of the XML fed before the current chunk, and the XML offset of b[0] */
  let fed = 0;
  let base = 0;
  let cellsInRow = 0;
  const tail: Buffer[] = [];
  let tailBytes = 0;
  let rowIdx = -1;
  let row: RawCell[] | null = null;
  let cutWarned = false;
  let col = -1;
  let finished = false;
  const tooMany = (code: string, text: LocalText): ReadError => new ReadError(fileName, code, text);

  const endRow = (): void => {
    if (row === null) return;
    for (let k = 0; k < row.length; k++) if (row[k] === undefined) row[k] = null;
    if (ctx.rowsBefore + rowIdx + 1 > maxTotalRows) {
      const count = ctx.rowsBefore + rowIdx + 1;
      throw tooMany('too-many-rows', {
        zh: `${fileName}：到工作表「${sheetName}」第 ${fmt(rowIdx + 1)} 行，所有工作表合计已有 ${fmt(count)} 行，超过上限 ${fmt(maxTotalRows)} 行。请分成几个文件导入。`,
        en: `${fileName}: up to row ${fmt(rowIdx + 1)} of sheet "${sheetName}" the sheets hold ${fmt(count)} rows together, over the limit of ${fmt(maxTotalRows)}. Import them as several files.`,
      });
    }
    if (rowIdx + 1 > rowCount) rowCount = rowIdx + 1;
    const done = row;
    row = null;
    emit(rowIdx, done);
  };

  const addTail = (part: Buffer): void => {
    if (tailBytes >= TAIL_BYTES || part.length === 0) return;
    const take = part.subarray(0, Math.min(part.length, TAIL_BYTES - tailBytes));
    tail.push(Buffer.from(take)); // a copy: the chunk it is cut from can go
    tailBytes += take.length;
  };

  return {
    feed(chunk, last) {
      if (finished) return;
      if (phase === 1 && pending && pending.length > 0) {
        // the row cut at the last chunk's end is completed from this chunk's first bytes, and the
        // rest is scanned where it lies: joining the whole chunk to the carry copied all the XML once more
        const k = firstRowEnd(chunk);
        if (k > 0 && k < chunk.length) {
          this.feed(chunk.subarray(0, k), false);
          this.feed(chunk.subarray(k), last);
          return;
        }
      }
      const buf: Buffer = pending && pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      base = fed - (pending?.length ?? 0);
      fed += chunk.length;
      pending = null;
      let i = 0;
      if (phase === 0) {
        const k = buf.indexOf('sheetData');
        if (k < 0) {
          if (last) phase = 3;
          else pending = Buffer.from(buf.subarray(Math.max(0, buf.length - 16)));
          return;
        }
        i = k + 9;
        phase = 1;
      }
      if (phase === 1) {
        const cut = last ? buf.length : lastRowEnd(buf, i);
        if (cut < 0) {
          pending = buf.subarray(i);
          return;
        }
        b = buf;
        n = cut;
        i = scanData(i);
        if (phase === 1) {
          if (!last) pending = buf.subarray(cut);
        } else addTail(buf.subarray(i));
        b = Buffer.alloc(0);
        n = 0;
      } else if (phase === 2) addTail(buf);
      if (last) {
        if (tail.length > 0) {
          const rest = Buffer.concat(tail).toString('utf8');
          for (const t of tags(rest, 'mergeCell')) {
            const ref = attr(t, 'ref');
            if (!ref) continue;
            const [a, z = a] = ref.split(':') as [string, string | undefined];
            const s = { r: rowOfRef(a), c: colOfRef(a) };
            const e = { r: rowOfRef(z), c: colOfRef(z) };
            if (s.r >= 0 && s.c >= 0 && e.r >= 0 && e.c >= 0) merges.push({ s, e });
          }
        }
        tail.length = 0;
        phase = 3;
      }
    },
    result() {
      if (!finished) {
        finished = true;
        ctx.rowsBefore += rowCount;
      }
      return { rowCount, merges, formats };
    },
  };

  /** The rows between i and n; phase 2 once </sheetData> is passed. Returns where it stopped. */
  function scanData(i: number): number {
    for (;;) {
      while (i < n && b[i] !== LT) i++;
      if (i >= n) break;
      let p = i + 1;
      const closing = b[p] === SLASH;
      if (closing) p++;
      let ns = p;
      while (p < n) {
        const x = b[p]!;
        if (x <= 32 || x === GT || x === SLASH) break;
        if (x === 58) ns = p + 1;
        p++;
      }
      const len = p - ns;
      const c0 = b[ns];
      if (closing) {
        if (len === 3 && c0 === 114) endRow(); // </row>
        else if (len === 9 && c0 === 115 && b[ns + 5] === 68) {
          // </sheetData>
          endRow();
          phase = 2;
          return p;
        }
        i = p;
        continue;
      }
      if (len === 1 && c0 === 99) {
        i = cell(p);
        continue;
      }
      if (len === 3 && c0 === 114 && b[ns + 1] === 111) {
        // <row r="…">
        endRow();
        let q = p;
        let r = -1;
        let self = false;
        for (;;) {
          while (q < n && b[q]! <= 32) q++;
          const x = b[q];
          if (x === undefined || q >= n) break;
          if (x === GT) {
            q++;
            break;
          }
          if (x === SLASH) {
            self = true;
            q += 2;
            break;
          }
          let as = q;
          while (q < n && b[q] !== 61 && b[q]! > 32) {
            if (b[q] === 58) as = q + 1;
            q++;
          }
          const one = q - as === 1 && b[as] === 114;
          while (q < n && b[q] !== QUOTE && b[q] !== APOS) q++;
          const qc = b[q];
          q++;
          let num = 0;
          while (q < n && b[q] !== qc) {
            if (one) num = num * 10 + (b[q]! - 48);
            q++;
          }
          q++;
          if (one) r = num - 1;
        }
        rowIdx = r >= 0 ? r : rowIdx + 1;
        if (position.firstRow < 0) {
          position.firstRow = rowIdx;
          position.firstRowAt = base + i;
        } else {
          // the row just ended counts into the sample
          position.rows++;
          position.cells += cellsInRow;
          position.digits += digitsOf(position.row + 1);
        }
        position.row = rowIdx;
        position.rowAt = base + i;
        cellsInRow = 0;
        if (rowIdx + 1 > limits.maxRows) {
          throw tooMany('too-many-rows', {
            zh: `${fileName}：工作表「${sheetName}」第 ${fmt(rowIdx + 1)} 行有数据，超过上限 ${fmt(limits.maxRows)} 行`,
            en: `${fileName}: sheet "${sheetName}" has data on row ${fmt(rowIdx + 1)}, over the limit of ${fmt(limits.maxRows)} rows`,
          });
        }
        row = [];
        col = -1;
        if (self) endRow();
        i = q;
        continue;
      }
      i = p;
    }
    return i;
  }

  /** One `<c …>…</c>` from just after its name; returns the position after it. */
  function cell(p: number): number {
    cellsInRow++;
    let q = p;
    let c = -1;
    let r = -1;
    let type = 0; // 0 n, 1 s, 2 str, 3 inlineStr, 4 b, 5 e, 6 d
    let style = -1;
    let self = false;
    for (;;) {
      while (q < n && b[q]! <= 32) q++;
      const x = q < n ? b[q] : undefined;
      if (x === undefined) throw corrupt({ zh: `工作表「${sheetName}」在一个单元格中途结束`, en: `sheet "${sheetName}" ends inside a cell` });
      if (x === GT) {
        q++;
        break;
      }
      if (x === SLASH) {
        self = true;
        q += 2;
        break;
      }
      let as = q;
      while (q < n && b[q] !== 61 && b[q]! > 32) {
        if (b[q] === 58) as = q + 1;
        q++;
      }
      const one = q - as === 1 ? b[as]! : 0;
      while (q < n && b[q] !== QUOTE && b[q] !== APOS) q++;
      const qc = b[q];
      q++;
      const vs = q;
      while (q < n && b[q] !== qc) q++;
      const ve = q;
      q++;
      if (one === 114) {
        // r="AB12"
        let k = vs;
        let cc = 0;
        for (; k < ve; k++) {
          const y = b[k]!;
          if (y >= 65 && y <= 90) cc = cc * 26 + (y - 64);
          else if (y >= 97 && y <= 122) cc = cc * 26 + (y - 96);
          else break;
        }
        let rr = 0;
        for (; k < ve; k++) rr = rr * 10 + (b[k]! - 48);
        c = cc - 1;
        r = rr - 1;
      } else if (one === 116) {
        const l = ve - vs;
        const y = b[vs];
        type = l === 1 ? (y === 115 ? 1 : y === 98 ? 4 : y === 101 ? 5 : y === 100 ? 6 : 0) : l === 3 && y === 115 ? 2 : l === 9 ? 3 : 0;
      } else if (one === 115) {
        let v = 0;
        for (let k = vs; k < ve; k++) v = v * 10 + (b[k]! - 48);
        style = v;
      }
    }
    if (row === null) {
      // a cell outside <row> (not valid, but seen): its own row
      rowIdx = r >= 0 ? r : rowIdx + 1;
      row = [];
      col = -1;
    } else if (r >= 0 && r !== rowIdx && row.length === 0) rowIdx = r;
    col = c >= 0 ? c : col + 1;
    if (self) return q;
    let value: RawCell | undefined;
    for (;;) {
      while (q < n && b[q] !== LT) q++;
      if (q >= n) throw corrupt({ zh: `工作表「${sheetName}」在一个单元格中途结束`, en: `sheet "${sheetName}" ends inside a cell` });
      let e = q + 1;
      const cl = b[e] === SLASH;
      if (cl) e++;
      let ns = e;
      while (e < n) {
        const y = b[e]!;
        if (y <= 32 || y === GT || y === SLASH) break;
        if (y === 58) ns = e + 1;
        e++;
      }
      const l = e - ns;
      const y0 = b[ns];
      while (e < n && b[e] !== GT) e++;
      const selfc = b[e - 1] === SLASH;
      e++;
      if (cl) {
        q = e;
        if (l === 1 && y0 === 99) break; // </c>
        continue;
      }
      if (l === 1 && y0 === 118 && !selfc) {
        // <v>…</v>
        let ve = e;
        while (ve < n && b[ve] !== LT) ve++;
        value = decode(b, e, ve, type);
        q = ve;
        continue;
      }
      if (l === 2 && y0 === 105 && !selfc) {
        // <is>…</is>
        const end = findClose(b, e, 'is');
        if (end < 0 || end >= n) throw corrupt({ zh: `工作表「${sheetName}」在一个单元格中途结束`, en: `sheet "${sheetName}" ends inside a cell` });
        value = runsText(b.toString('utf8', e, end));
        q = end;
        continue;
      }
      q = e; // <f>…</f> and the like: its text is skipped by the scan for '<'
    }
    if (value === undefined) return q;
    if (col + 1 > limits.maxColumns) {
      throw tooMany('too-many-columns', {
        zh: `${fileName}：工作表「${sheetName}」有超过 ${fmt(limits.maxColumns)} 列，超过上限。请只导出需要的列。`,
        en: `${fileName}: sheet "${sheetName}" has more than ${fmt(limits.maxColumns)} columns, over the limit. Export only the columns you need.`,
      });
    }
    if (typeof value === 'string' && value.length > limits.maxCellChars) {
      value = value.slice(0, limits.maxCellChars);
      if (!cutWarned) {
        cutWarned = true;
        warnings.push({
          code: 'cell-too-long',
          message: {
            zh: `${fileName}「${sheetName}」：第 ${rowIdx + 1} 行有单元格超过 ${fmt(limits.maxCellChars)} 个字符，已截断。`,
            en: `${fileName}, sheet "${sheetName}": a cell on row ${rowIdx + 1} is longer than ${fmt(limits.maxCellChars)} characters and was cut.`,
          },
        });
      }
    }
    (row as RawCell[])[col] = value;
    if (++ctx.totalCells > limits.maxCells) {
      throw tooMany('too-many-cells', {
        zh: `${fileName}：单元格超过 ${fmt(limits.maxCells)} 个的上限。请只导出需要的行和列。`,
        en: `${fileName}: more than the limit of ${fmt(limits.maxCells)} cells. Export only the rows and columns you need.`,
      });
    }
    if (rowIdx < FORMAT_ROWS && style >= 0 && typeof value === 'number') {
      const z = xfFormat[style];
      if (z) formats[`${rowIdx}:${col}`] = z;
    }
    return q;
  }

  function decode(bb: Buffer, vs: number, ve: number, type: number): RawCell | undefined {
    switch (type) {
      case 0: {
        if (ve === vs) return undefined;
        const v = parseNumber(bb, vs, ve);
        return Number.isNaN(v) ? undefined : v;
      }
      case 1: {
        let k = 0;
        for (let j = vs; j < ve; j++) {
          const x = bb[j]!;
          if (x >= 48 && x <= 57) k = k * 10 + (x - 48);
        }
        return sst[k];
      }
      case 2:
        return unescapeXml(bb.toString('utf8', vs, ve));
      case 4:
        return bb[vs] === 49 || bb.toString('latin1', vs, ve) === 'true';
      case 5:
        return null;
      case 6: {
        const iso = bb.toString('latin1', vs, ve);
        const ms = Date.parse(iso.length <= 10 ? `${iso}T00:00:00Z` : /[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
        if (!Number.isFinite(ms)) return undefined;
        return ms / 86_400_000 + (date1904 ? -24107 : 25569);
      }
      default:
        return undefined;
    }
  }
}

/** Position of the `<` of the closing tag `</(prefix:)name>` from a, or -1. */
function findClose(b: Buffer, a: number, name: string): number {
  let q = a;
  const n = b.length;
  for (;;) {
    const lt = b.indexOf('</', q);
    if (lt < 0) return -1;
    let r = lt + 2;
    let ns = r;
    while (r < n) {
      const x = b[r] ?? 0;
      if (x === GT || x === 32) break;
      if (x === 58) ns = r + 1;
      r++;
    }
    if (r - ns === name.length) {
      let same = true;
      for (let k = 0; k < name.length; k++) if (b[ns + k] !== name.charCodeAt(k)) same = false;
      if (same) return lt;
    }
    q = r;
  }
}
