/**
 * Billing periods are `YYYY-MM` strings and quarters `YYYYQn`; these helpers keep
 * the arithmetic and the parsing in one place (issue #17). A raw spreadsheet cell
 * is read as a period by the import's `parsePeriodCell` (shared/import/normalise.ts).
 */

/** A month, 'YYYY-MM' (month 01–12). */
export const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** A quarter, 'YYYYQn'. */
export const QUARTER_RE = /^(\d{4})Q([1-4])$/;
/** A month or a quarter: 'YYYY-MM' or 'YYYYQn'. */
export const PERIOD_OR_QUARTER_RE = /^\d{4}-(0[1-9]|1[0-2])$|^\d{4}Q[1-4]$/;
/**
 * A month or a quarter by its shape only ('YYYY-NN' with any two digits, or 'YYYYQn'): what the
 * channels' requests and the CLI's --as-of accept; parsePeriod then refuses a month outside 01–12
 * with its own message.
 */
export const PERIOD_SHAPE_RE = /^\d{4}(-\d{2}|Q[1-4])$/;
/** A quarter as people type it: '2026Q3', '2026 q3'. */
const LOOSE_QUARTER_RE = /^(\d{4})\s*Q([1-4])$/i;

export function isPeriod(value: string): boolean {
  return PERIOD_RE.test(value);
}

/** Months since year 0, so that periods can be subtracted. */
export function periodIndex(period: string): number {
  const m = PERIOD_RE.exec(period);
  if (!m) throw new Error(`not a period (YYYY-MM): ${period}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function periodFromIndex(index: number): string {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addMonths(period: string, months: number): string {
  return periodFromIndex(periodIndex(period) + months);
}

/** Inclusive list of periods from `first` to `last`. */
export function periodRange(first: string, last: string): string[] {
  const out: string[] = [];
  for (let i = periodIndex(first); i <= periodIndex(last); i++) out.push(periodFromIndex(i));
  return out;
}

/** A month or a quarter, read. */
export interface ParsedPeriod {
  period: string;
  kind: 'month' | 'quarter';
  /** periodIndex of each month, ascending */
  months: number[];
}

export interface ParsePeriodOptions {
  /** trim, and read a quarter as '2026 q3' too (what a person types); default false: exactly 'YYYY-MM' or 'YYYYQn' */
  loose?: boolean;
}

/** 'YYYY-MM' → that month; 'YYYYQn' → its 3 months. Throws a RangeError on anything else. */
export function parsePeriod(period: string, options: ParsePeriodOptions = {}): ParsedPeriod {
  const text = options.loose ? period.trim() : period;
  const q = (options.loose ? LOOSE_QUARTER_RE : QUARTER_RE).exec(text);
  if (q) {
    const last = Number(q[1]) * 12 + Number(q[2]) * 3 - 1;
    return { period, kind: 'quarter', months: [last - 2, last - 1, last] };
  }
  if (!PERIOD_RE.test(text)) throw new RangeError(`unreadable period ${period}`);
  return { period, kind: 'month', months: [periodIndex(text)] };
}

/** The quarter ('YYYYQn') a month (periodIndex) falls in. */
export function quarterOf(monthIndex: number): string {
  const y = Math.floor(monthIndex / 12);
  return `${y}Q${Math.floor((monthIndex % 12) / 3) + 1}`;
}

/** The period before (month → month before, quarter → quarter before). */
export function previousPeriod(p: ParsedPeriod): string {
  const first = p.months[0] as number;
  return p.kind === 'month' ? periodFromIndex(first - 1) : quarterOf(first - 3);
}

/** The same period a year earlier. */
export function yearAgoPeriod(p: ParsedPeriod): string {
  const first = p.months[0] as number;
  return p.kind === 'month' ? periodFromIndex(first - 12) : quarterOf(first - 12);
}
