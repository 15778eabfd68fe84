/** Billing periods are `YYYY-MM` strings; these helpers keep the arithmetic in one place. */

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

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
