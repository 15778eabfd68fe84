/**
 * Rows of monthly billing (月度出账): facts straight into columns (FactColumnsBuilder), no object
 * per fact; one fact per group and period (an exact repeat collapses, a different one is an error);
 * after the last row, periods far from the sheet's median are flagged.
 */
import { FactColumnsBuilder, type FactColumns } from '../../model/factColumns';
import { GrowableInt32 } from '../growableInt32';
import { cellText, failureText, parsePeriodCell } from '../normalise';
import { PairIndex } from '../pairIndex';
import { periodFromIndex } from '../../util/period';
import type { FieldId, ImportProblem, RawCell } from '../types';
import { duplicateMessage, type GroupNames, type KindRows, type RowOutcome } from './kindRows';
import { quote, type RowCursor, type Slot } from './rowCursor';

/** periodIndex without its check, for the outlier scan over every fact: the periods were read by parsePeriodCell, so they are 'YYYY-MM'. */
function periodIdx(p: string): number {
  return Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)) - 1;
}

function decimalsOf(n: number): number {
  const s = String(n);
  if (s.includes('e')) return 10;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** a + b without binary noise: rounded to the decimals of the inputs */
function addExact(a: number, b: number): number {
  const d = Math.min(10, Math.max(decimalsOf(a), decimalsOf(b)));
  return Number((a + b).toFixed(d));
}

export class FactRows implements KindRows {
  private readonly facts: FactColumnsBuilder;
  /** each fact's sheet row (0-based) */
  private readonly factRows: GrowableInt32;
  /** each fact's period cell as read, as an id into periodCells (the outlier check after the last row
   * names it; a streamed row is gone by then, and one string per fact would cost ~40 bytes each) */
  private readonly factPeriodCell: GrowableInt32;
  private readonly periodCells: RawCell[] = [];
  private readonly periodCellIds = new Map<RawCell, number>();
  /** (group id, period id) → index in facts: flat typed arrays, not a Map per group */
  private readonly seen: PairIndex;
  private readonly periodCache = new Map<string | number, ReturnType<typeof parsePeriodCell>>();

  /**
   * `expected`: the facts expected; `hint`: a streamed sheet's row estimate, which improves as it
   * is read (the columns ask it again when they grow)
   */
  constructor(
    private readonly c: RowCursor,
    private readonly groupNames: GroupNames,
    expected: number,
    hint: (() => number) | undefined,
  ) {
    this.facts = new FactColumnsBuilder(expected, hint);
    const n = this.facts.capacity;
    this.factRows = new GrowableInt32(n, hint);
    this.factPeriodCell = new GrowableInt32(n, hint);
    this.seen = new PairIndex(n);
  }

  process(): RowOutcome {
    const c = this.c;
    const S = c.S;
    const row = c.row;
    const groupNames = this.groupNames;
    const facts = this.facts;
    const code = c.readGroupCode(true);
    const name = c.wantPreview || (code !== null && !groupNames.has(code)) ? c.readText(S.groupName) : null;
    const pc = S.period.c;
    const pcell = row[pc];
    let pr = typeof pcell === 'string' || typeof pcell === 'number' ? this.periodCache.get(pcell) : undefined;
    if (pr === undefined) {
      pr = parsePeriodCell(pcell, c.dateOptions);
      if ((typeof pcell === 'string' || typeof pcell === 'number') && this.periodCache.size < 4096) this.periodCache.set(pcell, pr);
    }
    let period: string | null = null;
    if (!pr.ok) {
      const text = quote(cellText(row[pc]));
      const t = failureText(pr.reason);
      c.report('badPeriod', S.period, { zh: `账期“${text}”${t.zh}，已跳过此行`, en: `period "${text}" is ${t.en}; row skipped` });
    } else if (pr.value === null) c.report('missingPeriod', S.period, { zh: '账期为空，已跳过此行', en: 'period is empty; row skipped' });
    else period = pr.value;
    c.setValue(S.period, period);
    const unified = c.readNumber(S.unifiedPayRevenue);
    const personal = c.readNumber(S.personalPayRevenue);
    let total = c.readNumber(S.totalRevenue);
    if (total === null && unified !== null && personal !== null) {
      total = addExact(unified, personal);
      c.setValue(S.totalRevenue, total);
    }
    const newBusinessRevenue = c.readNumber(S.newBusinessRevenue);
    const members = c.readNumber(S.members);
    const offNetMembers = c.readNumber(S.offNetMembers);
    const minutes = c.readNumber(S.minutes);
    const arrears = c.readNumber(S.arrears);
    const complaints = c.readNumber(S.complaints);
    const faults = c.readNumber(S.faults);
    const products = c.readNumber(S.products);
    if (total === null)
      c.report('missingRevenue', c.has('totalRevenue') ? S.totalRevenue : S.unifiedPayRevenue, {
        zh: '出账收入为空，且无法由统付收入+个付收入得出，已跳过此行',
        en: 'total revenue is empty and cannot be derived from unified + personal revenue; row skipped',
      });
    if ((unified !== null && unified < 0) || (personal !== null && personal < 0) || (total !== null && total < 0) || (newBusinessRevenue !== null && newBusinessRevenue < 0)) {
      const revenue: [Slot, number | null][] = [
        [S.unifiedPayRevenue, unified],
        [S.personalPayRevenue, personal],
        [S.totalRevenue, total],
        [S.newBusinessRevenue, newBusinessRevenue],
      ];
      for (const [slot, v] of revenue)
        if (v !== null && v < 0)
          c.report('negativeRevenue', slot, { zh: `“${c.headerOf(slot.field)}”为负数（${v}元），已保留`, en: `${c.headerOfEn(slot.field)} is negative (${v} yuan); kept` });
    }
    if (members === 0) c.report('zeroMembers', S.members, { zh: '成员数为0，已保留', en: 'member count is 0; kept' });
    if (code !== null && name !== null && !groupNames.has(code)) groupNames.set(code, name);
    if (code === null || period === null || c.hasErrors()) return 'error';
    const codeId = facts.codeId(code);
    const periodId = facts.periodId(period);
    const prev = this.seen.get(codeId, periodId);
    // the fact goes straight into the columns; a duplicate is compared there and dropped again
    const i = facts.push(codeId, periodId, total ?? 0, unified, personal, newBusinessRevenue, members, offNetMembers, minutes, arrears, complaints, faults, products);
    if (prev !== -1) {
      const same = facts.sameMeasures(prev, i);
      facts.dropLast();
      if (same) return 'duplicate';
      c.report('duplicatePeriod', S.groupCode, duplicateMessage({ zh: `集团${code}在账期${period}`, en: `group ${code} in period ${period}` }, this.factRows.at(prev) + 1));
      return 'error';
    }
    this.seen.set(codeId, periodId, i);
    this.factRows.push(c.r);
    const cell = pcell ?? null;
    let cellId = this.periodCellIds.get(cell);
    if (cellId === undefined) {
      cellId = this.periodCells.length;
      this.periodCells.push(cell);
      this.periodCellIds.set(cell, cellId);
    }
    this.factPeriodCell.push(cellId);
    return 'imported';
  }

  /**
   * After the last row: a warning for each fact whose period is more than `outlierMonths` from the
   * median period (a typo such as 2042-06 among 2024 months); `flag` marks the preview's cell.
   */
  checkPeriodOutliers(outlierMonths: number, push: (p: ImportProblem) => void, flag: (row: number, field: FieldId) => void): void {
    const facts = this.facts;
    if (facts.length === 0) return;
    const c = this.c;
    const idx = new Int32Array(facts.length);
    for (let i = 0; i < facts.length; i++) idx[i] = periodIdx(facts.periodAt(i));
    const sorted = Int32Array.from(idx).sort();
    const median = sorted[(sorted.length - 1) >> 1] ?? 0;
    const medianPeriod = periodFromIndex(median);
    for (let i = 0; i < facts.length; i++) {
      const d = (idx[i] ?? 0) - median;
      if (Math.abs(d) <= outlierMonths) continue;
      const fp = facts.periodAt(i);
      c.r = this.factRows.at(i);
      const cells: RawCell[] = [];
      cells[c.S.period.c] = this.periodCells[this.factPeriodCell.at(i, -1)] ?? null;
      c.row = cells;
      c.rowProblems = [];
      c.report('periodOutlier', c.S.period, {
        zh: `账期${fp}与其他行的中位账期${medianPeriod}相差${Math.abs(d)}个月（超过${outlierMonths}个月），请检查`,
        en: `period ${fp} is ${Math.abs(d)} months from the median period ${medianPeriod} (more than ${outlierMonths}); please check`,
      });
      for (const p of c.rowProblems) push(p);
      flag(c.r, 'period');
    }
  }

  finish(): FactColumns {
    return this.facts.finish();
  }
}
