/**
 * Due date of a scenario plan's action for one group (issue 13): the measure
 * takes effect in horizon month leadMonths + 1, so it must be in place by
 * today + its lead time; the group's earliest measure sets the date. Never
 * today: a measure without a lead time still gets one month to reach the
 * customer. 31 Jan + 1 month is the month's last day, not 3 March.
 */
export const MIN_DUE_MONTHS = 1;

export function actionDueMonths(leadMonths: readonly number[]): number {
  let lead = Infinity;
  for (const n of leadMonths) if (Number.isFinite(n) && n < lead) lead = n;
  return Number.isFinite(lead) ? Math.max(MIN_DUE_MONTHS, lead) : MIN_DUE_MONTHS;
}

/** YYYY-MM-DD of today (UTC date parts) + the due months. */
export function actionDueDate(leadMonths: readonly number[], today: Date): string {
  const months = actionDueMonths(leadMonths);
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + months, today.getUTCDate()));
  if (d.getUTCDate() !== today.getUTCDate()) d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}
