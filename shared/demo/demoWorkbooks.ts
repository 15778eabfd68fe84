/**
 * The demo branch as an analyst receives it: BOSS-style sheets with a merged
 * title row, a blank row, Chinese headers, data rows and a trailing 合计 row.
 * Pure data (arrays of arrays); writing .xlsx is someone else's job.
 */
import type { Group, MonthlyFact } from '../model/portfolio';
import type { DemoBranch } from './generateDemoBranch';

export type Cell = string | number | null;

export interface SheetData {
  sheetName: string;
  title: string;
  headers: string[];
  rows: Cell[][];
  totalRow: Cell[];
}

export const GROUP_MASTER_HEADERS: readonly string[] = [
  '集团编码',
  '集团名称',
  '集团等级',
  '重点标识',
  '行业',
  '区县',
  '客户经理',
  '从业人员数',
  '协议到期日',
  '异网情况',
  '专线等级',
];

export const MONTHLY_BILLING_HEADERS: readonly string[] = [
  '集团编码',
  '集团名称',
  '账期',
  '统付收入(元)',
  '个付收入(元)',
  '出账收入(元)',
  '新业务收入(元)',
  '集团成员数',
  '异网成员数',
  '通话分钟数',
  '欠费金额(元)',
  '投诉次数',
  '故障次数',
  '产品数',
];

/** '2026-10' → '2026年10月' */
function periodLabel(period: string): string {
  return `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
}

/**
 * 合计 row: '合计' in the first cell, column sums (to 2 decimals) where
 * `summed[i]` is true, null elsewhere. Sums are taken in cents so that
 * floating-point drift cannot creep in.
 */
function totalRowOf(rows: readonly Cell[][], width: number, summed: readonly boolean[]): Cell[] {
  const cents: number[] = new Array<number>(width).fill(0);
  for (const row of rows) {
    for (let c = 0; c < width; c++) {
      const v = row[c];
      if (summed[c] && typeof v === 'number') cents[c] = (cents[c] ?? 0) + Math.round(v * 100);
    }
  }
  const out: Cell[] = [];
  for (let c = 0; c < width; c++) {
    if (c === 0) out.push('合计');
    else out.push(summed[c] ? (cents[c] ?? 0) / 100 : null);
  }
  return out;
}

function lastPeriod(branch: DemoBranch): string {
  const p = branch.periods[branch.periods.length - 1];
  if (p === undefined) throw new Error('demo branch has no periods');
  return p;
}

export function groupMasterSheet(branch: DemoBranch): SheetData {
  const groups: Group[] = [...branch.portfolio.groups].sort((a, b) =>
    a.groupCode < b.groupCode ? -1 : a.groupCode > b.groupCode ? 1 : 0,
  );
  const rows: Cell[][] = groups.map((g) => [
    g.groupCode,
    g.groupName,
    g.groupClass,
    g.importance,
    g.industry,
    g.region,
    g.accountManager,
    g.employees,
    g.contractEnd,
    g.competitorPresence,
    g.lineGrade,
  ]);
  const summed = GROUP_MASTER_HEADERS.map((h) => h === '从业人员数');
  return {
    sheetName: '集团客户资料',
    title: `${branch.branchName}集团客户资料（截至${periodLabel(lastPeriod(branch))}）`,
    headers: [...GROUP_MASTER_HEADERS],
    rows,
    totalRow: totalRowOf(rows, GROUP_MASTER_HEADERS.length, summed),
  };
}

export function monthlyBillingSheet(branch: DemoBranch): SheetData {
  const names = new Map<string, string>();
  for (const g of branch.portfolio.groups) names.set(g.groupCode, g.groupName);
  const facts: MonthlyFact[] = [...branch.portfolio.facts].sort((a, b) =>
    a.period < b.period
      ? -1
      : a.period > b.period
        ? 1
        : a.groupCode < b.groupCode
          ? -1
          : a.groupCode > b.groupCode
            ? 1
            : 0,
  );
  const rows: Cell[][] = facts.map((f) => [
    f.groupCode,
    names.get(f.groupCode) ?? null,
    f.period.replace('-', ''),
    f.unifiedPayRevenue,
    f.personalPayRevenue,
    f.totalRevenue,
    f.newBusinessRevenue,
    f.members,
    f.offNetMembers,
    f.minutes,
    f.arrears,
    f.complaints,
    f.faults,
    f.products,
  ]);
  // every column from 统付收入 on is a money or count column
  const summed = MONTHLY_BILLING_HEADERS.map((_, i) => i >= 3);
  const first = branch.periods[0] ?? lastPeriod(branch);
  return {
    sheetName: '月度出账',
    title: `${branch.branchName}集团客户月度出账明细（${periodLabel(first)}—${periodLabel(lastPeriod(branch))}）`,
    headers: [...MONTHLY_BILLING_HEADERS],
    rows,
    totalRow: totalRowOf(rows, MONTHLY_BILLING_HEADERS.length, summed),
  };
}

/** [ [title], [], headers, ...rows, totalRow ] */
export function sheetToAoa(sheet: SheetData): Cell[][] {
  return [[sheet.title], [], [...sheet.headers], ...sheet.rows.map((r) => [...r]), [...sheet.totalRow]];
}
