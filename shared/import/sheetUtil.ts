/** Small helpers over raw sheets: column letters, blank and total rows. */
import type { RawCell } from './types';
import { isBlankCell, toHalfWidth } from './normalise';

/** 0 → 'A', 25 → 'Z', 26 → 'AA' (as Excel shows columns). */
export function columnLetter(column: number): string {
  let n = Math.max(0, Math.floor(column)) + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function isBlankRow(row: readonly RawCell[] | undefined): boolean {
  if (!row) return true;
  for (const cell of row) if (!isBlankCell(cell)) return false;
  return true;
}

const TOTAL_LABELS = new Set(['合计', '总计', '小计', '总合计', '全部合计', '共计', '总数', '汇总', '合计数', 'total', 'grandtotal', 'subtotal', 'sum', 'totals']);

/** 合计 / 总计 / 小计 / Total / Grand total (also '合计：', '合 计', '全市合计'). */
export function isTotalLabel(text: string): boolean {
  if (text.length > 24) return false;
  const c0 = text.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) return false; // starts with a digit: a code or a number
  const s = toHalfWidth(text)
    .replace(/[\s\u200b:：()（）*\-_.。]/g, '')
    .toLowerCase();
  if (s === '') return false;
  if (TOTAL_LABELS.has(s)) return true;
  return s.length <= 8 && /(合计|总计|小计)$/.test(s);
}

/** First non-empty text cell of the row, trimmed; null when none. */
export function firstText(row: readonly RawCell[]): string | null {
  for (const cell of row) if (typeof cell === 'string' && cell.trim() !== '') return cell.trim();
  return null;
}

/** Creates an object without a prototype: safe to key by user text (`__proto__`, `constructor`). */
export function nullProtoRecord<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}
