/** Number formatting and labels shared by the analytics explanations (zh and en). */
import type { LocalText } from '../model/trace';
import { dayToDate } from './columnar';
import { fmtNum, fmtShort, MINUS } from '../review/format';

// the number rules live in THE formatter (shared/review/format.ts); the analytics texts use them from there
export { fmtNum, fmtShort, MINUS };

export const T = (zh: string, en: string): LocalText => ({ zh, en });

/** Money in 元: whole yuan from 1,000 up, else up to 2 decimals. */
export function fmtMoney(x: number): string {
  // whole 元 with separators at any size (the one formatter's rule): a σ of 889.79 read as a raw decimal
  return fmtNum(x, 0);
}

/** A change as a signed percentage with one decimal: −23.4%, +5.0%. */
export function fmtChange(fraction: number, decimals = 1): string {
  if (!Number.isFinite(fraction)) return '—';
  const s = fmtNum(fraction * 100, decimals);
  const isZero = Math.round(Math.abs(fraction * 100) * Math.pow(10, decimals)) === 0;
  return (s.startsWith(MINUS) || isZero ? s : `+${s}`) + '%';
}

/**
 * A change for a signal text, in both languages: "−23.4%" / "+5.0%"; from a
 * tiny base (a rise of 1,000% or more) a multiple reads better than a huge
 * percentage: "为基期的 95 倍" / "95× the base". A zero base has no change
 * (callers say "基期为零" instead, as the off-net signal does).
 */
export function changeText(fraction: number): LocalText {
  if (!Number.isFinite(fraction)) return { zh: '—', en: '—' };
  if (fraction >= 10) {
    const x = fmtShort(1 + fraction, 1);
    return { zh: `为基期的 ${x} 倍`, en: `${x}× the base` };
  }
  const s = fmtChange(fraction);
  return { zh: s, en: s };
}

/** A threshold percentage with as few decimals as needed: −10%, 12.5%. */
export function fmtPct(fraction: number, maxDecimals = 2): string {
  return `${fmtShort(fraction * 100, maxDecimals)}%`;
}

/** A measured share or rate with a fixed number of decimals (40.0%, not 40%, beside 48.8%): the one formatter's rule for shares. */
export function fmtShare(fraction: number, decimals = 1): string {
  if (!Number.isFinite(fraction)) return '—';
  return `${fmtNum(fraction * 100, decimals)}%`;
}

/** Percentage points, signed: +4.5 */
export function fmtPp(fraction: number, decimals = 1): string {
  const s = fmtNum(fraction * 100, decimals);
  return s.startsWith(MINUS) || Math.round(Math.abs(fraction * 100) * Math.pow(10, decimals)) === 0 ? s : `+${s}`;
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;
export const round4 = (x: number): number => Math.round(x * 10000) / 10000;

export const ZONES = ['red', 'yellow', 'blue', 'green', 'white'] as const;
export type Zone = (typeof ZONES)[number];
export const ZONE_LABELS: Readonly<Record<Zone, LocalText>> = {
  red: T('红', 'Red'),
  yellow: T('黄', 'Yellow'),
  blue: T('蓝', 'Blue'),
  green: T('绿', 'Green'),
  white: T('白', 'White'),
};

export const STAGES = ['acquisition', 'growth', 'mature', 'decline', 'exited'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_LABELS: Readonly<Record<Stage, LocalText>> = {
  acquisition: T('获取', 'Acquisition'),
  growth: T('提升', 'Growth'),
  mature: T('成熟', 'Mature'),
  decline: T('衰退', 'Decline'),
  exited: T('离网', 'Exited'),
};

export function basisLabel(basis: 'total' | 'unified'): LocalText {
  return basis === 'unified' ? T('统付收入', 'Unified-pay revenue') : T('出账收入', 'Revenue');
}

/** YYYY-MM-DD of a day number. */
export function dayLabel(day: number): string {
  return Number.isFinite(day) ? dayToDate(day) : '—';
}
