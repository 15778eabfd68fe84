import { formatDecimal } from '../../shared/review/format';

/**
 * The renderer's number formats are THE formatter's (shared/review/format.ts): one set of rules for the app,
 * the review deck, the xlsx exports and the CLI. Counts with separators, 万元 with one decimal on cards,
 * whole 元 with separators in tables, percentages with one decimal, growth on a tiny base as 新增 / new.
 */
/** A ratio such as an AUC or a lift, two decimals; null → '—'. */
export function formatRatio(x: number | null): string {
  return formatDecimal(x, 2);
}

export {
  colonText,
  parenText,
  fmtNum,
  fmtShort,
  formatBytes,
  formatChange,
  formatCompact,
  formatCount,
  formatDecimal,
  formatPercent,
  formatSeconds,
  formatTraceValue,
  formatWan,
  formatWanNumber,
  formatYuan,
  isTinyBaseGrowth,
  newText,
  MINUS,
  TINY_BASE_SHARE,
} from '../../shared/review/format';
