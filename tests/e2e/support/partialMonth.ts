/** A billing CSV for the month after the demo's last, covering only a few groups (a partial load), for the completeness tests. */
import { MONTHLY_BILLING_HEADERS } from '../../../shared/demo/demoWorkbooks';
import type { DemoBranch } from '../../../shared/demo/generateDemoBranch';
import { periodFromIndex, periodIndex } from '../../../shared/util/period';

export function partialMonthCsv(branch: DemoBranch, groups = 24): { csv: string; partial: string; last: string } {
  let last = '';
  for (const f of branch.portfolio.facts) if (f.period > last) last = f.period;
  const partial = periodFromIndex(periodIndex(last) + 1);
  const names = new Map(branch.portfolio.groups.map((g) => [g.groupCode, g.groupName]));
  const rows = branch.portfolio.facts.filter((f) => f.period === last && f.totalRevenue > 0).slice(0, groups);
  const cell = (v: string | number | null): string => (v === null ? '' : String(v));
  const lines = [MONTHLY_BILLING_HEADERS.join(',')];
  for (const f of rows) {
    lines.push(
      [f.groupCode, names.get(f.groupCode) ?? '', partial.replace('-', ''), f.unifiedPayRevenue, f.personalPayRevenue, f.totalRevenue, f.newBusinessRevenue, f.members, f.offNetMembers, f.minutes, f.arrears, f.complaints, f.faults, f.products]
        .map(cell)
        .join(','),
    );
  }
  return { csv: `${lines.join('\n')}\n`, partial, last };
}
