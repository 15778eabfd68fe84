/**
 * CSV / TXT: encoding detection on bytes (decoding is the reader's job:
 * shared/ has no TextDecoder) and RFC 4180 parsing with delimiter detection.
 * Nothing here throws; limits are reported as flags.
 */
import type { RawSheet } from './types';

export type TextEncoding = 'utf-8-bom' | 'utf-8' | 'gb18030';
export type Delimiter = ',' | '\t' | ';';

/** UTF-16 byte-order mark (Excel's "Unicode text" export), or null. */
export function utf16Bom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * Strict UTF-8 validity (no overlongs, no surrogates, nothing above U+10FFFF).
 * A sequence cut off by the end of `bytes` is accepted, so a prefix of a file can be checked.
 */
export function isValidUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b === 0xe0) {
      need = 2;
      lo = 0xa0;
    } else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) need = 2;
    else if (b === 0xed) {
      need = 2;
      hi = 0x9f;
    } else if (b === 0xf0) {
      need = 3;
      lo = 0x90;
    } else if (b >= 0xf1 && b <= 0xf3) need = 3;
    else if (b === 0xf4) {
      need = 3;
      hi = 0x8f;
    } else return false;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return true; // cut off by the end of the sample
      const c = bytes[i + k] ?? 0;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return false;
    }
    i += need + 1;
  }
  return true;
}

/** BOM → 'utf-8-bom'; valid UTF-8 (including plain ASCII) → 'utf-8'; otherwise GB18030 (a superset of GBK / GB2312). */
export function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8-bom';
  return isValidUtf8(bytes) ? 'utf-8' : 'gb18030';
}

export interface DelimitedOptions {
  /** skip detection */
  delimiter?: Delimiter;
  /** default 2000 */
  maxColumns?: number;
  /** default 100 000 */
  maxCellChars?: number;
  /** default 1 048 576 (Excel's row limit) */
  maxRows?: number;
}

export interface DelimitedOverflow {
  kind: 'rows' | 'columns' | 'cellChars';
  limit: number;
  /** 1-based row where the limit was first exceeded */
  row: number;
}

export interface DelimitedResult {
  rows: string[][];
  delimiter: Delimiter;
  /** first occurrence of each limit exceeded: extra rows / columns were dropped, long cells cut */
  overflows: DelimitedOverflow[];
  /** a quote was never closed: the rest of the file ended up in one cell */
  unterminatedQuote: boolean;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const CANDIDATES: readonly Delimiter[] = [',', '\t', ';'];

/** Counts of each candidate per logical line (quotes respected) over the first `maxLines` non-empty lines. */
function delimiterCounts(text: string, maxLines: number): Map<Delimiter, number[]> {
  const counts = new Map<Delimiter, number[]>(CANDIDATES.map((d) => [d, []]));
  const current = new Map<Delimiter, number>(CANDIDATES.map((d) => [d, 0]));
  let inQuotes = false;
  let lines = 0;
  let lineHasText = false;
  const endLine = (): void => {
    if (lineHasText) {
      for (const d of CANDIDATES) counts.get(d)?.push(current.get(d) ?? 0);
      lines++;
    }
    for (const d of CANDIDATES) current.set(d, 0);
    lineHasText = false;
  };
  for (let i = 0; i < text.length && lines < maxLines; i++) {
    const ch = text[i] ?? '';
    if (ch === '"') {
      inQuotes = !inQuotes;
      lineHasText = true;
      continue;
    }
    if (inQuotes) continue;
    if (ch === '\n' || ch === '\r') {
      endLine();
      continue;
    }
    lineHasText = true;
    if (ch === ',' || ch === '\t' || ch === ';') current.set(ch, (current.get(ch) ?? 0) + 1);
  }
  if (lines < maxLines) endLine();
  return counts;
}

/** The delimiter with the most consistent per-line count (then the larger count, then , before tab before ;). */
export function detectDelimiter(text: string, maxLines = 50): Delimiter {
  const counts = delimiterCounts(text, maxLines);
  let best: Delimiter = ',';
  let bestConsistency = -1;
  let bestMode = 0;
  for (const d of CANDIDATES) {
    const list = counts.get(d) ?? [];
    if (list.length === 0) continue;
    const freq = new Map<number, number>();
    for (const c of list) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    let mode = 0;
    let modeFreq = 0;
    for (const [c, f] of freq) if (f > modeFreq || (f === modeFreq && c > mode)) [mode, modeFreq] = [c, f];
    if (mode === 0) continue;
    const consistency = modeFreq / list.length;
    if (consistency > bestConsistency + 1e-9 || (Math.abs(consistency - bestConsistency) <= 1e-9 && mode > bestMode)) {
      best = d;
      bestConsistency = consistency;
      bestMode = mode;
    }
  }
  return best;
}

/** RFC 4180 parsing: "" escapes, line breaks inside quotes, CRLF / LF / CR; a trailing empty line is dropped. */
export function parseDelimited(text: string, options: DelimitedOptions = {}): DelimitedResult {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = options.delimiter ?? detectDelimiter(src);
  const maxColumns = options.maxColumns ?? 2000;
  const maxCellChars = options.maxCellChars ?? 100_000;
  const maxRows = options.maxRows ?? 1_048_576;
  const dl = delimiter.charCodeAt(0);
  const n = src.length;
  const rows: string[][] = [];
  const overflows: DelimitedOverflow[] = [];
  const flagged = new Set<DelimitedOverflow['kind']>();
  const flag = (kind: DelimitedOverflow['kind'], limit: number): void => {
    if (flagged.has(kind)) return;
    flagged.add(kind);
    overflows.push({ kind, limit, row: rows.length + 1 });
  };
  let unterminatedQuote = false;
  let row: string[] = [];
  let i = 0;
  while (i <= n) {
    let field: string;
    if (src.charCodeAt(i) === QUOTE) {
      let buf = '';
      let seg = i + 1;
      for (;;) {
        const k = src.indexOf('"', seg);
        if (k < 0) {
          buf += src.slice(seg);
          i = n;
          unterminatedQuote = true;
          break;
        }
        if (src.charCodeAt(k + 1) === QUOTE) {
          buf += src.slice(seg, k + 1);
          seg = k + 2;
          continue;
        }
        buf += src.slice(seg, k);
        i = k + 1;
        break;
      }
      let e = i;
      while (e < n) {
        const c = src.charCodeAt(e);
        if (c === dl || c === LF || c === CR) break;
        e++;
      }
      field = e > i ? buf + src.slice(i, e) : buf;
      i = e;
    } else {
      let e = i;
      while (e < n) {
        const c = src.charCodeAt(e);
        if (c === dl || c === LF || c === CR) break;
        e++;
      }
      field = src.slice(i, e);
      i = e;
    }
    if (field.length > maxCellChars) {
      field = field.slice(0, maxCellChars);
      flag('cellChars', maxCellChars);
    }
    if (row.length < maxColumns) row.push(field);
    else flag('columns', maxColumns);
    if (i >= n) {
      rows.push(row);
      break;
    }
    const c = src.charCodeAt(i);
    if (c === dl) {
      i++;
      continue;
    }
    i += c === CR && src.charCodeAt(i + 1) === LF ? 2 : 1;
    rows.push(row);
    row = [];
    if (i >= n) break;
    if (rows.length >= maxRows) {
      flag('rows', maxRows);
      break;
    }
  }
  const last = rows[rows.length - 1];
  if (last && last.length === 1 && last[0] === '') rows.pop();
  return { rows, delimiter, overflows, unterminatedQuote };
}

/** Parsed rows → a RawSheet (empty strings become null; values stay text, the normalisers read numbers from text). */
export function delimitedToSheet(name: string, rows: readonly (readonly string[])[]): RawSheet {
  return { name, hidden: false, merges: [], rows: rows.map((r) => r.map((v) => (v === '' ? null : v))) };
}
