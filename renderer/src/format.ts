/** Number formats the users expect: 万元 with one decimal in cards, full 元 with separators in tables. */
import type { Language } from '../../shared/api/contract';

export function formatWan(yuan: number | null, language: Language): string {
  if (yuan === null) return '—';
  const wan = yuan / 10_000;
  const text = wan.toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return language === 'en' ? `${text} (10k yuan)` : `${text}万元`;
}

export function formatYuan(yuan: number | null): string {
  if (yuan === null) return '—';
  return yuan.toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
}

/** Percent with one decimal; `signed` adds + for rises and a true minus sign for falls. */
export function formatPercent(ratio: number | null, signed = false): string {
  if (ratio === null) return '—';
  const p = ratio * 100;
  const text = Math.abs(p).toFixed(1);
  if (!signed) return `${p.toFixed(1)}%`;
  return `${p > 0 ? '+' : p < 0 ? '−' : ''}${text}%`;
}

export function formatCount(n: number | null): string {
  return n === null ? '—' : n.toLocaleString('zh-CN');
}

/** A ratio such as an AUC or a lift, two decimals. */
export function formatRatio(x: number | null): string {
  return x === null ? '—' : x.toFixed(2);
}
