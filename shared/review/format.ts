/** How the review writes numbers: 万元 with one decimal, percent with one decimal, counts with separators. */
import type { Trace } from '../api/contract';
import type { ReviewFigure, ReviewLanguage } from './types';

export const MINUS = '\u2212';

function groupDigits(n: number): string {
  const s = Math.abs(Math.round(n)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 && Math.round(n) !== 0 ? `${MINUS}${s}` : s;
}

/** Writes a figure's value in its format; null → '—'. Signs of pct/pp are left to the words around them. */
export function formatFigure(value: number | null, format: ReviewFigure['format'], language: ReviewLanguage): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (format) {
    case 'count':
    case 'month':
      return groupDigits(value);
    case 'wan': {
      if (language === 'en') {
        const a = Math.abs(value);
        const sign = value < 0 ? MINUS : '';
        return a >= 1e6 ? `${sign}¥${(a / 1e6).toFixed(2)}M` : `${sign}¥${Math.round(a / 1e3)}k`;
      }
      const wan = value / 1e4;
      const text = Math.abs(wan).toFixed(1).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
      return `${wan < 0 && text !== '0.0' ? MINUS : ''}${text}万元`;
    }
    case 'pct':
      return `${Math.abs(value * 100).toFixed(1)}%`;
    case 'pp':
      return language === 'en' ? `${Math.abs(value * 100).toFixed(1)} pp` : `${Math.abs(value * 100).toFixed(1)}个百分点`;
    case 'ratio':
      return value.toFixed(2);
  }
}

/** A signed change for KPI cards: "+4.2%", "−1.3 pp", "—". */
export function formatChange(change: number | null, kind: 'pct' | 'pp', language: ReviewLanguage): string {
  if (change === null || !Number.isFinite(change)) return '—';
  const p = change * 100;
  const abs = Math.abs(p).toFixed(1);
  const sign = abs === '0.0' ? '' : p > 0 ? '+' : MINUS;
  return kind === 'pct' ? `${sign}${abs}%` : `${sign}${abs}${language === 'en' ? ' pp' : '个百分点'}`;
}

export function figure(label: string, value: number | null, format: ReviewFigure['format'], language: ReviewLanguage, trace: Trace): ReviewFigure {
  return { label, value, display: formatFigure(value, format, language), format, trace };
}

/** Full 元 with thousands separators, for tables. */
export function formatYuan(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : groupDigits(value);
}

/** The quarter label: "2026年第3季度" / "2026 Q3". */
export function quarterLabel(quarter: string, language: ReviewLanguage): string {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!m) return quarter;
  return language === 'en' ? `${m[1]} Q${m[2]}` : `${m[1]}年第${m[2]}季度`;
}
