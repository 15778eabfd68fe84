/**
 * Finds the header of a report-style sheet: skips title rows (one long text
 * cell, often merged across the table) and blank rows, picks the row that
 * looks most like a header, and joins two-row headers (收入 merged over
 * 统付 / 个付 → 统付收入, 个付收入).
 */
import type { CellRange, HeaderDetection, RawCell, RawSheet } from './types';
import { isBlankCell, looksLikeCode, looksLikeDate, looksLikePeriod, parseNumber } from './normalise';
import { normaliseHeader } from './headerText';
import { isExactSynonym, matchHeaderBase } from './synonyms';
import { isBlankRow, isTotalLabel } from './sheetUtil';

export interface DetectOptions {
  /** how many rows from the top to consider for the header (default 50) */
  maxScanRows?: number;
}

/** Header text as displayed: line breaks inside the cell removed, trimmed. */
export function headerCellText(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  const s = typeof cell === 'string' ? cell : String(cell);
  return s.replace(/\s*[\r\n]+\s*/g, '').replace(/[\s\u3000]+/g, ' ').trim();
}

function isHeaderLike(cell: RawCell | undefined): boolean {
  if (typeof cell !== 'string') return false;
  const t = cell.trim();
  if (t === '' || t.length > 60) return false;
  const n = parseNumber(t);
  if (n.ok) return false; // numbers and missing markers ('-', '无') are not header text
  if (looksLikePeriod(t) || looksLikeDate(t) || looksLikeCode(t)) return false;
  return !isTotalLabel(t);
}

interface RowStats {
  nonEmpty: number;
  headerLike: number;
  exact: number;
  contains: number;
  score: number;
}

function rowStats(row: readonly RawCell[] | undefined): RowStats {
  const s: RowStats = { nonEmpty: 0, headerLike: 0, exact: 0, contains: 0, score: 0 };
  if (!row) return s;
  for (const cell of row) {
    if (isBlankCell(cell)) continue;
    s.nonEmpty++;
    if (!isHeaderLike(cell)) continue;
    s.headerLike++;
    const base = normaliseHeader(headerCellText(cell)).base;
    if (isExactSynonym(base)) s.exact++;
    else if (base.length <= 16 && matchHeaderBase(base).length > 0) s.contains++;
  }
  s.score = s.exact * 10 + s.contains * 4 + s.headerLike;
  return s;
}

function isCandidate(s: RowStats, next: RowStats | null): boolean {
  if (s.nonEmpty < 2 || s.headerLike / s.nonEmpty < 0.8) return false;
  if (s.exact + s.contains >= 1) return true;
  // unknown header words: accept when the next row clearly holds data
  return s.headerLike >= 3 && next !== null && next.nonEmpty > 0 && next.headerLike < next.nonEmpty;
}

function rowWidth(row: readonly RawCell[] | undefined): number {
  if (!row) return 0;
  for (let c = row.length - 1; c >= 0; c--) if (!isBlankCell(row[c])) return c + 1;
  return 0;
}

function horizontalMergesIn(merges: readonly CellRange[], r: number): CellRange[] {
  return merges.filter((m) => m.s.r === r && m.e.r === r && m.e.c > m.s.c);
}

function mergeCovering(merges: readonly CellRange[], r: number, c: number): CellRange | undefined {
  return merges.find((m) => m.s.r <= r && m.e.r >= r && m.s.c <= c && m.e.c >= c);
}

function exactCount(headers: readonly string[]): number {
  let n = 0;
  for (const h of headers) if (isExactSynonym(normaliseHeader(h).base)) n++;
  return n;
}

/** parent over child → one header: a child that repeats the parent stays as is; otherwise the order that names a known field. */
export function joinHeaderParts(parent: string, child: string): string {
  if (parent === '') return child;
  if (child === '') return parent;
  const pb = normaliseHeader(parent).base;
  const cb = normaliseHeader(child).base;
  if (pb !== '' && cb.includes(pb)) return child;
  const options = [child + parent, parent + child];
  for (const o of options) if (isExactSynonym(normaliseHeader(o).base)) return o;
  let best = options[1] ?? parent + child;
  let bestConf = 0;
  for (const o of options) {
    const m = matchHeaderBase(normaliseHeader(o).base)[0];
    if (m && m.confidence > bestConf) {
      best = o;
      bestConf = m.confidence;
    }
  }
  return best;
}

/** Headers of a two-row header: upper row `u` over lower row `u + 1`; `implicit` = no merge info, a parent spans right over empty upper cells. */
function joinTwoRows(sheet: RawSheet, u: number, width: number, implicit: boolean): string[] {
  const upper = sheet.rows[u] ?? [];
  const lower = sheet.rows[u + 1] ?? [];
  const out: string[] = [];
  let carried = '';
  for (let c = 0; c < width; c++) {
    const child = headerCellText(lower[c]);
    let parent = headerCellText(upper[c]);
    let spanned = false;
    if (implicit) {
      if (parent !== '') carried = lower[c] !== undefined && child !== '' ? parent : '';
      else if (carried !== '' && child !== '') {
        parent = carried;
        spanned = true;
      } else carried = '';
    } else {
      const m = mergeCovering(sheet.merges, u, c);
      if (m && m.s.r === u && m.e.r === u && m.s.c < c) {
        parent = headerCellText(upper[m.s.c]);
        spanned = true;
      }
    }
    if (spanned && child === '') out.push('');
    else out.push(joinHeaderParts(parent, child));
  }
  return out;
}

function twoRowEvidence(sheet: RawSheet, u: number, width: number): boolean {
  const lower = sheet.rows[u + 1];
  if (!lower) return false;
  for (const m of horizontalMergesIn(sheet.merges, u)) {
    if (m.e.c - m.s.c + 1 >= Math.max(3, width * 0.9)) continue; // a title merged across the table
    let under = 0;
    for (let c = m.s.c; c <= m.e.c; c++) if (isHeaderLike(lower[c])) under++;
    if (under >= 1) return true;
  }
  const vertical = sheet.merges.some((m) => m.s.r === u && m.e.r >= u + 1);
  if (!vertical) return false;
  return lower.some((cell, c) => isHeaderLike(cell) && isBlankCell(sheet.rows[u]?.[c]));
}

/** null = no header found (the sheet holds no recognisable table). */
export function detectHeader(sheet: RawSheet, options: DetectOptions = {}): HeaderDetection | null {
  const limit = Math.min(sheet.rows.length, options.maxScanRows ?? 50);
  const stats: RowStats[] = [];
  for (let r = 0; r < limit; r++) stats.push(rowStats(sheet.rows[r]));
  const nextNonBlank = (r: number): RowStats | null => {
    for (let k = r + 1; k < Math.min(sheet.rows.length, r + 5); k++) if (!isBlankRow(sheet.rows[k])) return stats[k] ?? rowStats(sheet.rows[k]);
    return null;
  };
  let best = -1;
  let bestScore = -1;
  for (let r = 0; r < limit; r++) {
    const s = stats[r];
    if (!s || !isCandidate(s, nextNonBlank(r))) continue;
    if (s.score > bestScore) {
      best = r;
      bestScore = s.score;
    }
  }
  if (best < 0) return null;

  let width = 0;
  for (let r = Math.max(0, best - 1); r < Math.min(sheet.rows.length, best + 200); r++) width = Math.max(width, rowWidth(sheet.rows[r]));
  for (const m of sheet.merges) if (m.s.r >= best - 1 && m.s.r <= best + 1) width = Math.max(width, m.e.c + 1);

  const single = Array.from({ length: width }, (_, c) => headerCellText(sheet.rows[best]?.[c]));
  let headerRow = best;
  let headerRows = 1;
  let headers = single;
  let bestHits = exactCount(single);

  for (const u of [best - 1, best]) {
    if (u < 0 || u + 1 >= sheet.rows.length) continue;
    const upperStats = stats[u] ?? rowStats(sheet.rows[u]);
    const lowerStats = stats[u + 1] ?? rowStats(sheet.rows[u + 1]);
    if (upperStats.nonEmpty === 0 || lowerStats.nonEmpty === 0) continue;
    if (lowerStats.headerLike / lowerStats.nonEmpty < 0.8 || upperStats.headerLike / upperStats.nonEmpty < 0.8) continue;
    const merged = sheet.merges.length > 0 && twoRowEvidence(sheet, u, width);
    const joined = joinTwoRows(sheet, u, width, !merged);
    const hits = exactCount(joined);
    if ((merged && hits >= bestHits) || (!merged && hits > bestHits && hits > exactCount(Array.from({ length: width }, (_, c) => headerCellText(sheet.rows[u]?.[c]))))) {
      headerRow = u;
      headerRows = 2;
      headers = joined;
      bestHits = hits;
    }
  }
  return {
    headerRow,
    headerRows,
    dataStartRow: headerRow + headerRows,
    headers,
    titleRows: headerRow,
  };
}
