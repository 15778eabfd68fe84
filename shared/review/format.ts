/**
 * THE number formatter of Holdfast (issue 13): every count, amount, percentage and change the app,
 * the review deck (pptx), the xlsx exports and the CLI show is written here, so a figure reads the same
 * everywhere:
 * - counts: whole numbers with thousands separators (12,345);
 * - money on cards: 万元 with one decimal (1,234.5万元); in English ¥…M / ¥…k (no 元-only label);
 * - money in tables: whole 元 with thousands separators (7,130,903) — never raw decimals (2351.23);
 * - percentages: one decimal (12.3%); changes signed with a true minus (+4.2%, −1.3 pp);
 * - growth on a tiny base (see TINY_BASE_SHARE) reads 新增 / new instead of +99,960%; no base reads —.
 * renderer/src/format.ts, shared/analytics/text.ts, electron/backend/review and electron/cli delegate here;
 * tests/unit/formatGuard.test.ts fails on a `.toFixed(` / `toLocaleString(` outside this module.
 */
import type { Trace } from '../model/trace';
import { QUARTER_RE } from '../util/period';
import type { ReviewFigure, ReviewLanguage } from './types';

export const MINUS = '\u2212';

/**
 * The tiny-base rule: a previous value below this share of the current value is too small a base for a
 * growth rate (a rise of more than +900%); the change is shown as 新增 / new, not as +99,960%.
 */
export const TINY_BASE_SHARE = 0.1;
/** The largest relative rise still shown as a percentage: current ÷ previous − 1 when previous = TINY_BASE_SHARE × current. */
export const MAX_SHOWN_GROWTH = 1 / TINY_BASE_SHARE - 1;

function groupThousands(n: number): string {
  if (n < 1000) return String(n);
  let out = '';
  while (n >= 1000) {
    const r = n % 1000;
    out = `,${r < 10 ? '00' : r < 100 ? '0' : ''}${r}${out}`;
    n = Math.floor(n / 1000);
  }
  return String(n) + out;
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/** Fixed decimals, thousands separators, a real minus sign; not finite → '—'. */
export function fmtNum(x: number, decimals = 0): string {
  if (!Number.isFinite(x)) return '—';
  const f = POW10[decimals] ?? Math.pow(10, decimals);
  const scaled = Math.round(Math.abs(x) * f);
  if (scaled > Number.MAX_SAFE_INTEGER) return (x < 0 ? MINUS : '') + Math.abs(x).toFixed(decimals);
  const intPart = Math.floor(scaled / f);
  const frac = scaled - intPart * f;
  const neg = x < 0 && scaled !== 0;
  let s = (neg ? MINUS : '') + groupThousands(intPart);
  if (decimals > 0) s += `.${String(frac).padStart(decimals, '0')}`;
  return s;
}

/** Up to `maxDecimals`, trailing zeros dropped (1.5, 2, 0.25). */
export function fmtShort(x: number, maxDecimals = 2): string {
  if (!Number.isFinite(x)) return '—';
  const s = fmtNum(x, maxDecimals);
  if (maxDecimals === 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}

const missing = (x: number | null | undefined): x is null | undefined => x === null || x === undefined || !Number.isFinite(x);

/** A count: 12,345; null → '—'. */
export function formatCount(n: number | null | undefined): string {
  return missing(n) ? '—' : fmtNum(n, 0);
}

/** A plain decimal with separators and fixed decimals (AUC 0.812, 1.5 groups); null → '—'. */
export function formatDecimal(x: number | null | undefined, decimals: number): string {
  return missing(x) ? '—' : fmtNum(x, decimals);
}

/** Full 元 for tables: whole yuan with thousands separators (7,130,903), never raw decimals; null → '—'. */
export function formatYuan(value: number | null | undefined): string {
  return missing(value) ? '—' : fmtNum(value, 0);
}

/** The number of 万元 with one decimal, for a card whose unit is written beside it: 1,234.5. */
export function formatWanNumber(yuan: number | null | undefined): string {
  return missing(yuan) ? '—' : fmtNum(yuan / 1e4, 1);
}

/** Money on a card: 1,234.5万元; in English ¥12.35M / ¥713k (no 元 label in the English UI). */
export function formatWan(yuan: number | null | undefined, language: ReviewLanguage): string {
  if (missing(yuan)) return '—';
  if (language === 'en') {
    const a = Math.abs(yuan);
    const sign = yuan < 0 && Math.round(a / 1e3) !== 0 ? MINUS : '';
    return a >= 1e6 ? `${sign}¥${fmtNum(a / 1e6, 2)}M` : `${sign}¥${fmtNum(a / 1e3, 0)}k`;
  }
  return `${formatWanNumber(yuan)}万元`;
}

/** A compact axis tick: 1.2万 / 3.4亿 (zh), 12k / 3.4M (en); up to one decimal. */
export function formatCompact(v: number, language: ReviewLanguage): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (language === 'en') {
    if (a >= 1e6) return `${fmtShort(v / 1e6, 1)}M`;
    if (a >= 1e3) return `${fmtShort(v / 1e3, 1)}k`;
    return fmtShort(v, 1);
  }
  if (a >= 1e8) return `${fmtShort(v / 1e8, 1)}亿`;
  if (a >= 1e4) return `${fmtShort(v / 1e4, 1)}万`;
  return fmtShort(v, 1);
}

/** A share as a percentage with one decimal (12.3%); `signed` adds + for rises and a true minus for falls. */
export function formatPercent(ratio: number | null | undefined, signed = false, decimals = 1): string {
  if (missing(ratio)) return '—';
  const text = fmtNum(Math.abs(ratio * 100), decimals);
  const zero = /^[0.,]+$/.test(text);
  const sign = zero ? '' : ratio < 0 ? MINUS : signed ? '+' : '';
  return `${sign}${text}%`;
}

/** True when a relative change comes from a base too small for a growth rate (TINY_BASE_SHARE). */
export function isTinyBaseGrowth(change: number | null, kind: 'pct' | 'pp'): boolean {
  return kind === 'pct' && change !== null && Number.isFinite(change) && change > MAX_SHOWN_GROWTH;
}

/** The word for growth on a tiny base. */
export function newText(language: ReviewLanguage): string {
  return language === 'en' ? 'new' : '新增';
}

/** A signed change for KPI cards: "+4.2%", "−1.3 pp", "—"; a tiny base reads 新增 / new. */
export function formatChange(change: number | null, kind: 'pct' | 'pp', language: ReviewLanguage): string {
  if (change === null || !Number.isFinite(change)) return '—';
  if (isTinyBaseGrowth(change, kind)) return newText(language);
  const p = change * 100;
  const abs = fmtNum(Math.abs(p), 1);
  const sign = abs === '0.0' ? '' : p > 0 ? '+' : MINUS;
  return kind === 'pct' ? `${sign}${abs}%` : `${sign}${abs}${language === 'en' ? ' pp' : '个百分点'}`;
}

/** Writes a figure's value in its format; null → '—'. Signs of pct/pp are left to the words around them. */
export function formatFigure(value: number | null, format: ReviewFigure['format'], language: ReviewLanguage): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (format) {
    case 'count':
    case 'month':
      return formatCount(value);
    case 'wan':
      return formatWan(value, language);
    case 'pct':
      return `${fmtNum(Math.abs(value * 100), 1)}%`;
    case 'pp':
      return language === 'en' ? `${fmtNum(Math.abs(value * 100), 1)} pp` : `${fmtNum(Math.abs(value * 100), 1)}个百分点`;
    case 'ratio':
      return fmtNum(value, 2);
  }
}

export function figure(label: string, value: number | null, format: ReviewFigure['format'], language: ReviewLanguage, trace: Trace): ReviewFigure {
  return { label, value, display: formatFigure(value, format, language), format, trace };
}

/**
 * A value in a trace (hover): a number whole from 1,000 up, 2 decimals from 1, else up to 4 (a rate, a share);
 * a LocalText in the reader's language.
 */
export function formatTraceValue(value: number | string | { zh: string; en: string }, language: ReviewLanguage): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return language === 'en' ? value.en : value.zh;
  const a = Math.abs(value);
  return fmtShort(value, a >= 1000 ? 0 : a >= 1 ? 2 : 4);
}

/** A file size: 12 KB / 3.4 MB. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${fmtNum(bytes / 1024 / 1024, 1)} MB` : `${fmtNum(Math.max(1, Math.round(bytes / 1024)), 0)} KB`;
}

/** A duration: 1.2 s. */
export function formatSeconds(ms: number): string {
  return `${fmtNum(ms / 1000, 1)} s`;
}

/** A duration: 120 ms. */
export function formatMs(ms: number): string {
  return `${fmtNum(ms, 0)} ms`;
}

/** The quarter label: "2026年第3季度" / "2026 Q3". */
export function quarterLabel(quarter: string, language: ReviewLanguage): string {
  const m = QUARTER_RE.exec(quarter);
  if (!m) return quarter;
  return language === 'en' ? `${m[1]} Q${m[2]}` : `${m[1]}年第${m[2]}季度`;
}

/** The colon after a label: '：' in Chinese, ': ' in English (no full-width punctuation in the English UI). */
export function colonText(language: ReviewLanguage): string {
  return language === 'en' ? ': ' : '：';
}

/** A parenthesised aside: （…） in Chinese, ' (…)' in English. */
export function parenText(text: string, language: ReviewLanguage): string {
  return language === 'en' ? ` (${text})` : `（${text}）`;
}

/**
 * The same rules as spreadsheet / chart number-format codes (xlsx exports, pptx chart axes and labels):
 * counts and 元 whole with separators, shares with one decimal, ratios with two.
 */
export const NUMBER_FORMAT_CODES = {
  count: '#,##0',
  yuan: '#,##0',
  pct: '0.0%',
  /** a percentage already in percent units (chart values 12.3 meaning 12.3%) */
  pctValue: '0.0',
  decimal: '0.00',
  /** a number with up to two decimals (log axes with ticks below 1) */
  short: '#,##0.##',
  /** a difference of two shares, the value in percentage points (−0.1 = −0.1 个百分点), as formatChange writes it */
  ppZh: '+0.0"个百分点";-0.0"个百分点";0.0"个百分点"',
  ppEn: '+0.0" pp";-0.0" pp";0.0" pp"',
  /** a relative change, signed like formatChange (+0.3%, −3.6%) */
  changePct: '+0.0%;-0.0%;0.0%',
} as const;
