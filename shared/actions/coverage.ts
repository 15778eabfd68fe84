/**
 * 客户经理覆盖 (account-manager coverage, seed 003): per account manager the groups they hold, their
 * value and value at risk, red / yellow counts and the open and overdue actions on those groups; and the
 * groups with no account manager (管理真空, management vacuum), so a branch manager can rebalance.
 * Pure: the engine's rows at the as-of month come in.
 */
import type { LocalText, Trace } from '../model/trace';
import type { Zone } from '../analytics/text';
import { isOverdue } from './ledger';

export interface CoverageGroup {
  groupCode: string;
  groupName: string;
  groupClass: string | null;
  accountManager: string | null;
  zone: Zone;
  score: number;
  value: number | null;
  valueAtRisk: number | null;
}

export interface CoverageAction {
  groupCode: string;
  status: 'open' | 'done' | 'cancelled';
  due: string | null;
}

export interface CoverageFigure {
  value: number;
  trace: Trace;
}

export interface CoverageRow {
  /** the account manager as recorded; '' = no manager (management vacuum) */
  manager: string;
  groups: number;
  value: CoverageFigure;
  /** share of the branch's value */
  valueShare: number;
  valueAtRisk: CoverageFigure;
  red: number;
  yellow: number;
  openActions: number;
  overdueActions: number;
  /** red or yellow groups with no open action */
  warnedWithoutAction: number;
}

export interface CoverageResult {
  asOf: string | null;
  today: string;
  managers: CoverageRow[];
  /** the groups with no account manager, as a row (manager ''), null when there are none */
  vacuum: CoverageRow | null;
  /** the vacuum's groups, by value at risk then value (largest first) */
  vacuumGroups: CoverageGroup[];
  totalValue: number;
  totalValueAtRisk: number;
}

const T = (zh: string, en: string): LocalText => ({ zh, en });

export const managerOf = (g: { accountManager: string | null }): string => (g.accountManager ?? '').trim();

interface Acc {
  manager: string;
  groups: number;
  value: number;
  valueAtRisk: number;
  red: number;
  yellow: number;
  openActions: number;
  overdueActions: number;
  warned: Set<string>;
  withOpen: Set<string>;
}

/** Coverage per account manager at `asOf` (rows from the engine at that month), actions as of `today`. */
export function coverage(groups: readonly CoverageGroup[], actions: readonly CoverageAction[], asOf: string | null, today: string): CoverageResult {
  const acc = new Map<string, Acc>();
  const byGroup = new Map<string, string>();
  let totalValue = 0;
  let totalValueAtRisk = 0;
  const get = (m: string): Acc => {
    let a = acc.get(m);
    if (!a) {
      a = { manager: m, groups: 0, value: 0, valueAtRisk: 0, red: 0, yellow: 0, openActions: 0, overdueActions: 0, warned: new Set(), withOpen: new Set() };
      acc.set(m, a);
    }
    return a;
  };
  for (const g of groups) {
    const m = managerOf(g);
    byGroup.set(g.groupCode, m);
    const a = get(m);
    a.groups++;
    a.value += g.value ?? 0;
    a.valueAtRisk += g.valueAtRisk ?? 0;
    totalValue += g.value ?? 0;
    totalValueAtRisk += g.valueAtRisk ?? 0;
    if (g.zone === 'red') a.red++;
    if (g.zone === 'yellow') a.yellow++;
    if (g.zone === 'red' || g.zone === 'yellow') a.warned.add(g.groupCode);
  }
  for (const x of actions) {
    const m = byGroup.get(x.groupCode);
    if (m === undefined || x.status !== 'open') continue; // a group outside these rows
    const a = get(m);
    a.openActions++;
    a.withOpen.add(x.groupCode);
    if (isOverdue(x, today)) a.overdueActions++;
  }
  const settings = [{ label: T('数据月', 'as of'), value: asOf ?? '—' }];
  const finish = (a: Acc): CoverageRow => {
    let warnedWithout = 0;
    for (const c of a.warned) if (!a.withOpen.has(c)) warnedWithout++;
    const who = a.manager === '' ? T('无客户经理（管理真空）', 'no account manager (management vacuum)') : T(a.manager, a.manager);
    const inputs = [
      { label: T('客户经理', 'account manager'), value: who.zh === who.en ? who.zh : `${who.zh} / ${who.en}` },
      { label: T('集团数', 'groups'), value: a.groups },
    ];
    return {
      manager: a.manager,
      groups: a.groups,
      value: {
        value: a.value,
        trace: {
          rule: T('名下集团当前价值合计（元/月），按集团资料中的客户经理归属。', 'Σ current value of the groups held (yuan/month), by the account manager in the group master.'),
          inputs: [...inputs, { label: T('全分公司价值（元）', 'branch value (yuan)'), value: Math.round(totalValue) }],
          settings,
        },
      },
      valueShare: totalValue > 0 ? a.value / totalValue : 0,
      valueAtRisk: {
        value: a.valueAtRisk,
        trace: {
          rule: T('名下集团风险价值合计（元/月）：每个集团的风险价值按预警规则计算。', 'Σ value at risk of the groups held (yuan/month), each by the warning rule.'),
          inputs: [...inputs, { label: T('红色', 'red'), value: a.red }, { label: T('黄色', 'yellow'), value: a.yellow }],
          settings,
        },
      },
      red: a.red,
      yellow: a.yellow,
      openActions: a.openActions,
      overdueActions: a.overdueActions,
      warnedWithoutAction: warnedWithout,
    };
  };
  const managers: CoverageRow[] = [];
  let vacuum: CoverageRow | null = null;
  for (const a of acc.values()) {
    if (a.manager === '') vacuum = finish(a);
    else managers.push(finish(a));
  }
  managers.sort((x, y) => y.valueAtRisk.value - x.valueAtRisk.value || y.value.value - x.value.value || (x.manager < y.manager ? -1 : x.manager > y.manager ? 1 : 0));
  const vacuumGroups = groups
    .filter((g) => managerOf(g) === '')
    .sort((x, y) => (y.valueAtRisk ?? 0) - (x.valueAtRisk ?? 0) || (y.value ?? 0) - (x.value ?? 0) || (x.groupCode < y.groupCode ? -1 : 1));
  return { asOf, today, managers, vacuum, vacuumGroups, totalValue, totalValueAtRisk };
}
