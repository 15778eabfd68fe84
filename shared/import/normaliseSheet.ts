/**
 * One mapped sheet → domain records (Group / MonthlyFact / MemberSnapshot)
 * plus every problem found, each naming file, sheet, row, column, header,
 * original value and the reason in zh and en.
 *
 * Errors skip the row; warnings keep it. Money is stored in 元.
 */
import type { LocalText } from '../model/trace';
import { FactColumnsBuilder, type FactColumns } from '../model/factColumns';
import type { Group, KeyPerson, MemberSnapshot, SurveyResponse } from '../model/portfolio';
import { canonicalRole } from '../model/keyPersons';
import type { ColumnMapping, FieldId, HeaderDetection, ImportKind, ImportProblem, RawCell, RawSheet, Severity } from './types';
import {
  cellText,
  failureText,
  parseCode,
  parseDate,
  parseMemberStatus,
  parseNumber,
  parsePeriodCell,
  parseText,
  PLAIN_NUMBER_RE,
  scaleByPow10,
  toHalfWidth,
} from './normalise';
import { moneyUnitPow } from './headerText';
import { FIELDS_BY_KIND, FIELD_LABELS, FIELD_TYPE, isMoneyField } from './synonyms';
import { columnLetter, isBlankRow, isTotalLabel } from './sheetUtil';
import { GrowableInt32 } from './growableInt32';
import { PairIndex } from './pairIndex';
import { sameGroup } from './plan';

/** Problem codes and their severity. */
export const PROBLEM_SEVERITY = {
  missingColumn: 'error',
  duplicateMapping: 'warning',
  noData: 'warning',
  missingGroupCode: 'error',
  badGroupCode: 'error',
  missingPeriod: 'error',
  badPeriod: 'error',
  missingRevenue: 'error',
  duplicateGroup: 'error',
  duplicatePeriod: 'error',
  duplicateMember: 'error',
  missingMemberId: 'error',
  badMemberId: 'error',
  badStatus: 'error',
  negativeRevenue: 'warning',
  periodOutlier: 'warning',
  unknownGroup: 'warning',
  codeZeroRestored: 'warning',
  mangledCode: 'warning',
  zeroMembers: 'warning',
  badNumber: 'warning',
  badDate: 'warning',
  badSnapshotPeriod: 'warning',
  missingGroupName: 'warning',
  missingPersonName: 'error',
  duplicatePerson: 'error',
  badFlag: 'warning',
  unknownRole: 'warning',
  missingSurveyFactor: 'error',
  missingSurveyScore: 'error',
  duplicateSurveyAnswer: 'error',
} as const satisfies Record<string, Severity>;

export type ProblemCode = keyof typeof PROBLEM_SEVERITY;

export interface NormaliseInput {
  fileName: string;
  sheet: RawSheet;
  date1904: boolean;
  detection: HeaderDetection;
  mapping: readonly ColumnMapping[];
  kind: ImportKind;
  /** group codes already known (workspace + group master files of this import); enables the unknownGroup warning */
  knownGroupCodes?: ReadonlySet<string>;
  onProgress?: (done: number, total: number) => void;
  /** polled every few thousand rows; true stops and returns what was done with `cancelled: true` */
  shouldCancel?: () => boolean;
  /** problems kept in `problems` (default 10 000); the counts stay exact */
  maxProblems?: number;
  /** rows in `preview` (default 50) */
  previewRows?: number;
  /** months from the median period beyond which a period is flagged (default 24) */
  periodOutlierMonths?: number;
  /**
   * For a streamed sheet (`sheet.rows` holds only its first rows): the data rows expected, for
   * progress and the first allocation; the rows themselves arrive through `SheetNormaliser.row`.
   */
  expectedRows?: () => number;
}

/** A sheet normalised row by row (a streaming reader hands rows over as it scans them). */
export interface SheetNormaliser {
  /** the first data row (0-based); rows before it are ignored */
  readonly start: number;
  /** row `r` (0-based); rows must come in order, every index from `start` on, a missing row as []; false = cancelled, stop */
  row(r: number, cells: readonly RawCell[]): boolean;
  /** `rowCount`: the sheet's rows (its last row holding a value, + 1) */
  finish(rowCount: number): NormaliseResult;
}

export interface ImportStats {
  /** rows below the header */
  dataRows: number;
  imported: number;
  skippedBlank: number;
  skippedTotal: number;
  skippedErrors: number;
  /** exact duplicates (same values) collapsed into the first occurrence */
  duplicatesCollapsed: number;
}

export type PreviewStatus = 'imported' | 'total' | 'error' | 'duplicate';

export interface PreviewRow {
  /** 1-based row number as Excel shows it */
  row: number;
  /** normalised values, one per `SheetPreview.fields` entry */
  values: (string | number | null)[];
  /** per value: the worst problem in that cell */
  flags: (Severity | null)[];
  skipped: boolean;
  status: PreviewStatus;
}

export interface SheetPreview {
  fields: FieldId[];
  /** 0-based sheet column of each field */
  columns: number[];
  headers: string[];
  rows: PreviewRow[];
}

export interface NormaliseResult {
  kind: ImportKind;
  /** filled for kind groupMaster */
  groups: Group[];
  /** filled for kind monthlyBilling: columns, not one object per fact (factRows() for rows) */
  factColumns: FactColumns;
  /** filled for kind memberSnapshot */
  members: MemberSnapshot[];
  /** filled for kind keyPersons */
  keyPersons: KeyPerson[];
  /** filled for kind survey */
  surveyResponses: SurveyResponse[];
  /** code → first non-empty name seen in a billing / member sheet (to create missing groups) */
  groupNames: { groupCode: string; groupName: string }[];
  problems: ImportProblem[];
  errorCount: number;
  warningCount: number;
  /** problems beyond maxProblems, counted but not listed */
  problemsOmitted: number;
  stats: ImportStats;
  preview: SheetPreview;
  cancelled: boolean;
}

interface Slot {
  field: FieldId;
  /** sheet column, -1 = not mapped */
  c: number;
  /** power of ten to 元 (money fields) */
  pow: number;
  /** index in the preview values, -1 = none */
  pi: number;
}
const PLAIN_CODE_RE = /^[0-9A-Za-z]+$/;

/** 'YYYY-MM' → months since year 0 */
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

const quote = (v: string | null): string => (v === null ? '' : v.length > 60 ? `${v.slice(0, 57)}…` : v);

function sameMember(a: MemberSnapshot, b: MemberSnapshot): boolean {
  return a.groupCode === b.groupCode && a.status === b.status && a.snapshotArpu === b.snapshotArpu && a.currentArpu === b.currentArpu;
}

function requiredFields(kind: ImportKind, has: (f: FieldId) => boolean): FieldId[][] {
  if (kind === 'groupMaster') return [['groupCode']];
  if (kind === 'memberSnapshot') return [['memberId'], ['groupCode'], ['status']];
  if (kind === 'keyPersons') return [['groupCode'], ['personName']];
  if (kind === 'survey') return [['surveyFactor'], ['surveyImportance'], ['surveySatisfaction']];
  const revenue: FieldId[] = has('totalRevenue') || (has('unifiedPayRevenue') && has('personalPayRevenue')) ? [] : ['totalRevenue'];
  return [['groupCode'], ['period'], ...(revenue.length ? [revenue] : [])];
}

export function normaliseSheet(input: NormaliseInput): NormaliseResult {
  const n = createSheetNormaliser(input);
  const rows = input.sheet.rows;
  const end = rows.length;
  for (let r = n.start; r < end; r++) if (!n.row(r, rows[r] ?? [])) break;
  return n.finish(end);
}

export function createSheetNormaliser(input: NormaliseInput): SheetNormaliser {
  const { fileName, sheet, detection, kind, knownGroupCodes } = input;
  const dateOpts = { date1904: input.date1904 };
  const maxProblems = input.maxProblems ?? 10_000;
  const previewLimit = input.previewRows ?? 50;
  const outlierMonths = input.periodOutlierMonths ?? 24;

  const problems: ImportProblem[] = [];
  let errorCount = 0;
  let warningCount = 0;
  let problemsOmitted = 0;
  const push = (p: ImportProblem): void => {
    if (p.severity === 'error') errorCount++;
    else warningCount++;
    if (problems.length < maxProblems) problems.push(p);
    else problemsOmitted++;
  };
  const sheetProblem = (code: ProblemCode, message: LocalText, column: number | null = null, header: string | null = null): void =>
    push({ severity: PROBLEM_SEVERITY[code], code, file: fileName, sheet: sheet.name, row: null, column: column === null ? null : columnLetter(column), header, value: null, message });

  // ---- the mapping actually used: this kind's fields, first column per field
  const kindFields = new Set<FieldId>(FIELDS_BY_KIND[kind]);
  const colOf = new Map<FieldId, ColumnMapping>();
  for (const m of mapping(input.mapping)) {
    if (m.field === null || !kindFields.has(m.field)) continue;
    const prev = colOf.get(m.field);
    if (prev) {
      const label = FIELD_LABELS[m.field];
      sheetProblem(
        'duplicateMapping',
        {
          zh: `${columnLetter(m.column)}列与${columnLetter(prev.column)}列都映射为“${label.zh}”，只使用${columnLetter(prev.column)}列`,
          en: `columns ${columnLetter(prev.column)} and ${columnLetter(m.column)} are both mapped to ${label.en}; only ${columnLetter(prev.column)} is used`,
        },
        m.column,
        m.header,
      );
      continue;
    }
    colOf.set(m.field, m);
  }
  const has = (f: FieldId): boolean => colOf.has(f);
  const missing = requiredFields(kind, has).filter((alts) => !alts.some(has));
  for (const alts of missing) {
    const f = alts[0] ?? 'groupCode';
    const label = FIELD_LABELS[f];
    const extra =
      f === 'totalRevenue'
        ? { zh: '（或同时提供统付收入和个付收入）', en: ' (or both unified-pay and personal-pay revenue)' }
        : { zh: '', en: '' };
    sheetProblem('missingColumn', {
      zh: `缺少必需的“${label.zh}”列${extra.zh}，本表未导入`,
      en: `required column ${label.en}${extra.en} is not mapped; nothing imported from this sheet`,
    });
  }
  const usable = missing.length === 0;

  const fields = [...colOf.keys()].sort((a, b) => (colOf.get(a)?.column ?? 0) - (colOf.get(b)?.column ?? 0));
  const previewIndex = new Map<FieldId, number>();
  fields.forEach((f, i) => previewIndex.set(f, i));
  const preview: SheetPreview = {
    fields,
    columns: fields.map((f) => colOf.get(f)?.column ?? 0),
    headers: fields.map((f) => colOf.get(f)?.header ?? ''),
    rows: [],
  };
  const previewByRow = new Map<number, PreviewRow>();
  const previewByLetter = new Map<string, number>();
  fields.forEach((f, i) => previewByLetter.set(columnLetter(colOf.get(f)?.column ?? 0), i));

  // fixed-shape slots: the row loop runs hundreds of thousands of times
  const mk = (f: FieldId): Slot => ({
    field: f,
    c: colOf.get(f)?.column ?? -1,
    pow: isMoneyField(f) ? moneyUnitPow(colOf.get(f)?.unit ?? 'yuan') : 0,
    pi: previewIndex.get(f) ?? -1,
  });
  const S = {
    groupCode: mk('groupCode'),
    groupName: mk('groupName'),
    groupClass: mk('groupClass'),
    importance: mk('importance'),
    industry: mk('industry'),
    region: mk('region'),
    accountManager: mk('accountManager'),
    employees: mk('employees'),
    contractEnd: mk('contractEnd'),
    competitorPresence: mk('competitorPresence'),
    lineGrade: mk('lineGrade'),
    period: mk('period'),
    unifiedPayRevenue: mk('unifiedPayRevenue'),
    personalPayRevenue: mk('personalPayRevenue'),
    totalRevenue: mk('totalRevenue'),
    newBusinessRevenue: mk('newBusinessRevenue'),
    members: mk('members'),
    offNetMembers: mk('offNetMembers'),
    minutes: mk('minutes'),
    arrears: mk('arrears'),
    complaints: mk('complaints'),
    faults: mk('faults'),
    products: mk('products'),
    memberId: mk('memberId'),
    status: mk('status'),
    snapshotArpu: mk('snapshotArpu'),
    currentArpu: mk('currentArpu'),
    role: mk('role'),
    personName: mk('personName'),
    relationshipStrength: mk('relationshipStrength'),
    lastContactDate: mk('lastContactDate'),
    competitorContact: mk('competitorContact'),
    roleSince: mk('roleSince'),
    surveyFactor: mk('surveyFactor'),
    surveyImportance: mk('surveyImportance'),
    surveySatisfaction: mk('surveySatisfaction'),
    surveyRespondent: mk('surveyRespondent'),
  } satisfies Record<FieldId, Slot>;

  // ---- per-row state
  let r = 0;
  let row: readonly RawCell[] = [];
  let rowProblems: ImportProblem[] = [];
  let values: (string | number | null)[] = [];
  let wantPreview = false;

  const report = (code: ProblemCode, slot: Slot, message: LocalText, value?: string | null): void => {
    const c = slot.c;
    rowProblems.push({
      severity: PROBLEM_SEVERITY[code],
      code,
      file: fileName,
      sheet: sheet.name,
      row: r + 1,
      column: c < 0 ? null : columnLetter(c),
      header: colOf.get(slot.field)?.header ?? null,
      value: value !== undefined ? value : c < 0 ? null : cellText(row[c]),
      message,
    });
  };
  const setValue = (slot: Slot, v: string | number | null): void => {
    if (wantPreview && slot.pi >= 0) values[slot.pi] = v;
  };
  const headerOf = (f: FieldId): string => colOf.get(f)?.header || FIELD_LABELS[f].zh;
  const headerOfEn = (f: FieldId): string => colOf.get(f)?.header || FIELD_LABELS[f].en;

  const readNumber = (slot: Slot): number | null => {
    const c = slot.c;
    if (c < 0) return null;
    const cell = row[c];
    const pow = slot.pow;
    const f = slot.field;
    let v: number | null;
    if (typeof cell === 'number' && Number.isFinite(cell)) v = pow ? scaleByPow10(cell, pow) : cell;
    else if (typeof cell === 'string' && PLAIN_NUMBER_RE.test(cell)) v = pow ? scaleByPow10(Number(cell), pow) : Number(cell);
    else {
      const p = parseNumber(cell);
      if (!p.ok) {
        const t = failureText(p.reason);
        const text = quote(cellText(cell));
        report('badNumber', slot, { zh: `“${headerOf(f)}”的值“${text}”${t.zh}，已记为空值`, en: `${headerOfEn(f)} value "${text}" is ${t.en}; stored as empty` });
        setValue(slot, null);
        return null;
      }
      v = p.value === null ? null : pow && !p.unitInCell ? scaleByPow10(p.value, pow) : p.value;
    }
    setValue(slot, v);
    return v;
  };
  const readText = (slot: Slot): string | null => {
    const c = slot.c;
    const f = slot.field;
    if (c < 0) return null;
    let v = parseText(row[c]).value;
    if (v !== null && FIELD_TYPE[f] === 'class') v = toHalfWidth(v).toUpperCase();
    setValue(slot, v);
    return v;
  };
  const readDate = (slot: Slot): string | null => {
    const c = slot.c;
    const f = slot.field;
    if (c < 0) return null;
    const p = parseDate(row[c], dateOpts);
    if (!p.ok) {
      const t = failureText(p.reason);
      const text = quote(cellText(row[c]));
      report('badDate', slot, { zh: `“${headerOf(f)}”的值“${text}”${t.zh}，已记为空值`, en: `${headerOfEn(f)} value "${text}" is ${t.en}; stored as empty` });
      setValue(slot, null);
      return null;
    }
    setValue(slot, p.value);
    return p.value;
  };

  const knownLengths = new Set<number>();
  if (knownGroupCodes) for (const k of knownGroupCodes) knownLengths.add(k.length);

  /** the group code, or null after reporting an error */
  const readGroupCode = (checkKnown: boolean): string | null => {
    const c = S.groupCode.c;
    const cell = row[c];
    if (typeof cell === 'string' && (!checkKnown || !knownGroupCodes || knownGroupCodes.has(cell)) && PLAIN_CODE_RE.test(cell)) {
      setValue(S.groupCode, cell);
      return cell; // the common case, without allocations
    }
    const p = parseCode(cell);
    if (!p.ok) {
      const text = quote(cellText(cell));
      report('badGroupCode', S.groupCode, { zh: `集团编码“${text}”${failureText(p.reason).zh}，已跳过此行`, en: `group code "${text}" is ${failureText(p.reason).en}; row skipped` });
      return null;
    }
    if (p.value === null) {
      report('missingGroupCode', S.groupCode, { zh: '集团编码为空，已跳过此行', en: 'group code is empty; row skipped' });
      return null;
    }
    let code = p.value;
    if (p.mangled) {
      report('mangledCode', S.groupCode, {
        zh: `集团编码“${code}”疑似被Excel科学计数法截断，请把该列设为文本后重新导出`,
        en: `group code "${code}" looks cut by Excel's scientific notation; set the column to text and export again`,
      });
    }
    if (checkKnown && knownGroupCodes && !knownGroupCodes.has(code)) {
      let restored: string | null = null;
      if (typeof cell === 'number' && !p.mangled) {
        for (const len of knownLengths) {
          if (len <= code.length) continue;
          const padded = code.padStart(len, '0');
          if (knownGroupCodes.has(padded)) {
            restored = padded;
            break;
          }
        }
      }
      if (restored !== null) {
        report('codeZeroRestored', S.groupCode, {
          zh: `集团编码${code}是数字格式，丢失了前导0，已按集团资料补为${restored}`,
          en: `group code ${code} was stored as a number and lost its leading zeros; restored to ${restored} from the group master`,
        });
        code = restored;
      } else {
        report('unknownGroup', S.groupCode, {
          zh: `集团编码${code}不在集团客户资料中，已保留`,
          en: `group code ${code} is not in the group master; kept`,
        });
      }
    }
    setValue(S.groupCode, code);
    return code;
  };

  const hasErrors = (): boolean => rowProblems.some((p) => p.severity === 'error');

  // ---- outputs
  const groups: Group[] = [];
  // a streamed sheet's row count is an estimate that improves as it is read: the columns ask it again when they grow
  const factHint = kind === 'monthlyBilling' && input.expectedRows ? input.expectedRows : undefined;
  const facts = new FactColumnsBuilder(kind === 'monthlyBilling' ? (factHint ? factHint() : sheet.rows.length - Math.max(0, detection.dataStartRow)) : 16, factHint);
  const expectedFacts = kind === 'monthlyBilling' ? facts.capacity : 16;
  /** each fact's sheet row (0-based) */
  const factRows = new GrowableInt32(expectedFacts, factHint);
  /** each fact's period cell as read, as an id into periodCells (the outlier check after the last row
   * names it; a streamed row is gone by then, and one string per fact would cost ~40 bytes each) */
  const factPeriodCell = new GrowableInt32(expectedFacts, factHint);
  const periodCells: RawCell[] = [];
  const periodCellIds = new Map<RawCell, number>();
  const members: MemberSnapshot[] = [];
  const groupNames = new Map<string, string>();
  const seenGroup = new Map<string, { row: number; group: Group }>();
  /** (group id, period id) → index in facts: flat typed arrays, not a Map per group */
  const seenFact = new PairIndex(expectedFacts);
  const seenMember = new Map<string, { row: number; member: MemberSnapshot }>();
  const stats: ImportStats = { dataRows: 0, imported: 0, skippedBlank: 0, skippedTotal: 0, skippedErrors: 0, duplicatesCollapsed: 0 };

  const duplicateMessage = (what: LocalText, firstRow: number): LocalText => ({
    zh: `${what.zh}重复出现且数值不同（首次出现在第${firstRow}行），已跳过此行`,
    en: `${what.en} appears twice with different values (first at row ${firstRow}); row skipped`,
  });

  const processGroup = (): 'imported' | 'error' | 'duplicate' => {
    const code = readGroupCode(false);
    const groupName = readText(S.groupName);
    if (code !== null && groupName === null && has('groupName'))
      report('missingGroupName', S.groupName, { zh: '集团名称为空', en: 'group name is empty' });
    const employees = readNumber(S.employees);
    const g: Group = {
      groupCode: code ?? '',
      groupName: groupName ?? '',
      groupClass: readText(S.groupClass),
      importance: readText(S.importance),
      industry: readText(S.industry),
      region: readText(S.region),
      accountManager: readText(S.accountManager),
      employees,
      contractEnd: readDate(S.contractEnd),
      competitorPresence: readText(S.competitorPresence),
      lineGrade: readText(S.lineGrade),
    };
    if (code === null || hasErrors()) return 'error';
    const prev = seenGroup.get(code);
    if (prev) {
      if (sameGroup(prev.group, g)) return 'duplicate';
      report('duplicateGroup', S.groupCode, duplicateMessage({ zh: `集团${code}`, en: `group ${code}` }, prev.row));
      return 'error';
    }
    seenGroup.set(code, { row: r + 1, group: g });
    groups.push(g);
    return 'imported';
  };

  const periodCache = new Map<string | number, ReturnType<typeof parsePeriodCell>>();
  const processFact = (): 'imported' | 'error' | 'duplicate' => {
    const code = readGroupCode(true);
    const name = wantPreview || (code !== null && !groupNames.has(code)) ? readText(S.groupName) : null;
    const pc = S.period.c;
    const pcell = row[pc];
    let pr = typeof pcell === 'string' || typeof pcell === 'number' ? periodCache.get(pcell) : undefined;
    if (pr === undefined) {
      pr = parsePeriodCell(pcell, dateOpts);
      if ((typeof pcell === 'string' || typeof pcell === 'number') && periodCache.size < 4096) periodCache.set(pcell, pr);
    }
    let period: string | null = null;
    if (!pr.ok) {
      const text = quote(cellText(row[pc]));
      const t = failureText(pr.reason);
      report('badPeriod', S.period, { zh: `账期“${text}”${t.zh}，已跳过此行`, en: `period "${text}" is ${t.en}; row skipped` });
    } else if (pr.value === null) report('missingPeriod', S.period, { zh: '账期为空，已跳过此行', en: 'period is empty; row skipped' });
    else period = pr.value;
    setValue(S.period, period);
    const unified = readNumber(S.unifiedPayRevenue);
    const personal = readNumber(S.personalPayRevenue);
    let total = readNumber(S.totalRevenue);
    if (total === null && unified !== null && personal !== null) {
      total = addExact(unified, personal);
      setValue(S.totalRevenue, total);
    }
    const newBusinessRevenue = readNumber(S.newBusinessRevenue);
    const members = readNumber(S.members);
    const offNetMembers = readNumber(S.offNetMembers);
    const minutes = readNumber(S.minutes);
    const arrears = readNumber(S.arrears);
    const complaints = readNumber(S.complaints);
    const faults = readNumber(S.faults);
    const products = readNumber(S.products);
    if (total === null)
      report('missingRevenue', has('totalRevenue') ? S.totalRevenue : S.unifiedPayRevenue, {
        zh: '出账收入为空，且无法由统付收入+个付收入得出，已跳过此行',
        en: 'total revenue is empty and cannot be derived from unified + personal revenue; row skipped',
      });
    if ((unified !== null && unified < 0) || (personal !== null && personal < 0) || (total !== null && total < 0) || (newBusinessRevenue !== null && newBusinessRevenue < 0)) {
      const revenue: [Slot, number | null][] = [[S.unifiedPayRevenue, unified], [S.personalPayRevenue, personal], [S.totalRevenue, total], [S.newBusinessRevenue, newBusinessRevenue]];
      for (const [slot, v] of revenue)
        if (v !== null && v < 0)
          report('negativeRevenue', slot, { zh: `“${headerOf(slot.field)}”为负数（${v}元），已保留`, en: `${headerOfEn(slot.field)} is negative (${v} yuan); kept` });
    }
    if (members === 0) report('zeroMembers', S.members, { zh: '成员数为0，已保留', en: 'member count is 0; kept' });
    if (code !== null && name !== null && !groupNames.has(code)) groupNames.set(code, name);
    if (code === null || period === null || hasErrors()) return 'error';
    const codeId = facts.codeId(code);
    const periodId = facts.periodId(period);
    const prev = seenFact.get(codeId, periodId);
    // the fact goes straight into the columns; a duplicate is compared there and dropped again
    const i = facts.push(codeId, periodId, total ?? 0, unified, personal, newBusinessRevenue, members, offNetMembers, minutes, arrears, complaints, faults, products);
    if (prev !== -1) {
      const same = facts.sameMeasures(prev, i);
      facts.dropLast();
      if (same) return 'duplicate';
      report('duplicatePeriod', S.groupCode, duplicateMessage({ zh: `集团${code}在账期${period}`, en: `group ${code} in period ${period}` }, factRows.at(prev) + 1));
      return 'error';
    }
    seenFact.set(codeId, periodId, i);
    factRows.push(r);
    const cell = pcell ?? null;
    let cellId = periodCellIds.get(cell);
    if (cellId === undefined) {
      cellId = periodCells.length;
      periodCells.push(cell);
      periodCellIds.set(cell, cellId);
    }
    factPeriodCell.push(cellId);
    return 'imported';
  };

  const processMember = (): 'imported' | 'error' | 'duplicate' => {
    const mc = S.memberId.c;
    const mp = parseCode(row[mc]);
    let memberId: string | null = null;
    if (!mp.ok) {
      const text = quote(cellText(row[mc]));
      report('badMemberId', S.memberId, { zh: `成员号码“${text}”无法识别，已跳过此行`, en: `member id "${text}" not recognised; row skipped` });
    } else if (mp.value === null) report('missingMemberId', S.memberId, { zh: '成员号码为空，已跳过此行', en: 'member id is empty; row skipped' });
    else {
      memberId = mp.value;
      if (mp.mangled)
        report('mangledCode', S.memberId, {
          zh: `成员号码“${memberId}”疑似被Excel科学计数法截断，请把该列设为文本后重新导出`,
          en: `member id "${memberId}" looks cut by Excel's scientific notation; set the column to text and export again`,
        });
    }
    setValue(S.memberId, memberId);
    const code = readGroupCode(true);
    const sc = S.status.c;
    const st = parseMemberStatus(row[sc]);
    let status: MemberSnapshot['status'] | null = null;
    if (!st.ok || st.value === null) {
      const text = quote(cellText(row[sc]));
      report('badStatus', S.status, {
        zh: st.ok ? '成员状态为空，已跳过此行' : `成员状态“${text}”无法识别（应为在网/离网/携出），已跳过此行`,
        en: st.ok ? 'member status is empty; row skipped' : `member status "${text}" not recognised (expected 在网/离网/携出); row skipped`,
      });
    } else status = st.value;
    setValue(S.status, status);
    let period: string | null = null;
    const pc = S.period.c;
    if (pc >= 0) {
      const pr = parsePeriodCell(row[pc], dateOpts);
      if (!pr.ok) {
        const text = quote(cellText(row[pc]));
        report('badSnapshotPeriod', S.period, { zh: `拍照账期“${text}”无法识别，已记为空值`, en: `snapshot period "${text}" not recognised; stored as empty` });
      } else period = pr.value;
      setValue(S.period, period);
    }
    const m: MemberSnapshot = {
      memberId: memberId ?? '',
      groupCode: code ?? '',
      status: status ?? 'active',
      period,
      snapshotArpu: readNumber(S.snapshotArpu),
      currentArpu: readNumber(S.currentArpu),
    };
    if (memberId === null || code === null || status === null || hasErrors()) return 'error';
    const key = `${memberId}\u0000${period ?? ''}`;
    const prev = seenMember.get(key);
    if (prev) {
      if (sameMember(prev.member, m)) return 'duplicate';
      report('duplicateMember', S.memberId, duplicateMessage({ zh: `成员${memberId}`, en: `member ${memberId}` }, prev.row));
      return 'error';
    }
    seenMember.set(key, { row: r + 1, member: m });
    members.push(m);
    return 'imported';
  };

  const keyPersons: KeyPerson[] = [];
  const seenPerson = new Map<string, { row: number; person: KeyPerson }>();
  const YES = new Set(['是', '有', 'y', 'yes', 'true', '1', '已接触', '接触', '被接触', '已策反', '√', '✓']);
  const NO = new Set(['否', '无', '没有', 'n', 'no', 'false', '0', '未接触', '未发现', '×', '-']);
  const readFlag = (slot: Slot): boolean | null => {
    const c = slot.c;
    if (c < 0) return null;
    const cell = row[c];
    let v: boolean | null = null;
    if (typeof cell === 'boolean') v = cell;
    else if (typeof cell === 'number') v = cell === 1 ? true : cell === 0 ? false : null;
    else {
      const t = parseText(cell).value;
      if (t !== null) {
        const k = toHalfWidth(t).trim().toLowerCase();
        v = YES.has(k) ? true : NO.has(k) ? false : null;
      }
    }
    if (v === null && cell !== null && cell !== undefined && parseText(cell).value !== null) {
      const text = quote(cellText(cell));
      report('badFlag', slot, { zh: `“${headerOf(slot.field)}”的值“${text}”无法识别（应为是/否），已记为空值`, en: `${headerOfEn(slot.field)} value "${text}" is not yes/no; stored as empty` });
    }
    setValue(slot, v === null ? null : v ? 'Y' : 'N');
    return v;
  };
  const processKeyPerson = (): 'imported' | 'error' | 'duplicate' => {
    const code = readGroupCode(true);
    const name = readText(S.personName);
    if (name === null) report('missingPersonName', S.personName, { zh: '关键人姓名为空，已跳过此行', en: 'key-person name is empty; row skipped' });
    const roleText = readText(S.role);
    const role = canonicalRole(roleText);
    if (roleText !== null && role === null)
      report('unknownRole', S.role, { zh: `角色“${quote(roleText)}”不是决策者/联络人/技术负责人/采购负责人，已按原文保留`, en: `role "${quote(roleText)}" is not decision maker / contact / technical lead / procurement lead; kept as written` });
    if (role !== null) setValue(S.role, role);
    const groupName = readText(S.groupName);
    const p: KeyPerson = {
      groupCode: code ?? '',
      role: role ?? roleText,
      name,
      relationshipStrength: readNumber(S.relationshipStrength),
      lastContactDate: readDate(S.lastContactDate),
      competitorContact: readFlag(S.competitorContact),
      roleSince: readDate(S.roleSince),
    };
    if (code !== null && groupName !== null && !groupNames.has(code)) groupNames.set(code, groupName);
    if (code === null || name === null || hasErrors()) return 'error';
    const key = `${code}\u0000${p.role ?? ''}\u0000${name}`;
    const prev = seenPerson.get(key);
    if (prev) {
      const a = prev.person;
      if (a.relationshipStrength === p.relationshipStrength && a.lastContactDate === p.lastContactDate && a.competitorContact === p.competitorContact && a.roleSince === p.roleSince) return 'duplicate';
      report('duplicatePerson', S.personName, duplicateMessage({ zh: `集团${code}的${p.role ?? ''}${name}`, en: `${p.role ?? ''} ${name} of group ${code}` }, prev.row));
      return 'error';
    }
    seenPerson.set(key, { row: r + 1, person: p });
    keyPersons.push(p);
    return 'imported';
  };

  const surveyResponses: SurveyResponse[] = [];
  const seenAnswer = new Map<string, { row: number; answer: SurveyResponse }>();
  const processSurvey = (): 'imported' | 'error' | 'duplicate' => {
    const factor = readText(S.surveyFactor);
    if (factor === null) report('missingSurveyFactor', S.surveyFactor, { zh: '调研因素为空，已跳过此行', en: 'survey factor is empty; row skipped' });
    const importance = readNumber(S.surveyImportance);
    const satisfaction = readNumber(S.surveySatisfaction);
    for (const [slot, v] of [[S.surveyImportance, importance], [S.surveySatisfaction, satisfaction]] as const)
      if (v === null) report('missingSurveyScore', slot, { zh: `“${headerOf(slot.field)}”为空或无法识别，已跳过此行`, en: `${headerOfEn(slot.field)} is empty or not a number; row skipped` });
    // a survey may be branch-wide: an empty group code is a branch-wide answer, not an error
    let code: string | null = null;
    const gc = S.groupCode.c;
    if (gc >= 0 && parseText(row[gc]).value !== null) code = readGroupCode(true);
    const groupName = readText(S.groupName);
    if (code !== null && groupName !== null && !groupNames.has(code)) groupNames.set(code, groupName);
    const respondent = readText(S.surveyRespondent);
    let period: string | null = null;
    const pc = S.period.c;
    if (pc >= 0) {
      const pr = parsePeriodCell(row[pc], dateOpts);
      if (!pr.ok) {
        const text = quote(cellText(row[pc]));
        report('badSnapshotPeriod', S.period, { zh: `调查账期“${text}”无法识别，已记为空值`, en: `survey period "${text}" not recognised; stored as empty` });
      } else period = pr.value;
      setValue(S.period, period);
    }
    if (factor === null || importance === null || satisfaction === null || hasErrors()) return 'error';
    const a: SurveyResponse = { factor, importance, satisfaction, groupCode: code, respondent, period };
    if (respondent !== null) {
      const key = `${period ?? ''}\u0000${code ?? ''}\u0000${respondent}\u0000${factor}`;
      const prev = seenAnswer.get(key);
      if (prev) {
        if (prev.answer.importance === importance && prev.answer.satisfaction === satisfaction) return 'duplicate';
        report('duplicateSurveyAnswer', S.surveyFactor, duplicateMessage({ zh: `受访人${respondent}对“${factor}”的回答`, en: `the answer of ${respondent} on ${factor}` }, prev.row));
        return 'error';
      }
      seenAnswer.set(key, { row: r + 1, answer: a });
    }
    surveyResponses.push(a);
    return 'imported';
  };

  const process =
    kind === 'groupMaster' ? processGroup : kind === 'monthlyBilling' ? processFact : kind === 'keyPersons' ? processKeyPerson : kind === 'survey' ? processSurvey : processMember;
  const codeCol = S.groupCode.c;

  const start = Math.max(0, detection.dataStartRow);
  const streamed = input.expectedRows;
  const expected = (): number => (streamed ? streamed() : Math.max(0, sheet.rows.length - start));
  let cancelled = false;
  const CHUNK = 4096;

  // codes and names repeat row after row: each distinct text is classified once (up to a bound)
  const totalSeen = new Map<string, boolean>();
  const totalLabel = (text: string): boolean => {
    let v = totalSeen.get(text);
    if (v === undefined) {
      v = isTotalLabel(text);
      if (totalSeen.size < 200_000) totalSeen.set(text, v);
    }
    return v;
  };

  const onRow = (rr: number, cells: readonly RawCell[]): boolean => {
    if (cancelled) return false;
    if (rr < start) return true;
    r = rr;
    const done = r - start;
    if (done > 0 && done % CHUNK === 0) {
      input.onProgress?.(done, Math.max(done, expected()));
      if (input.shouldCancel?.()) {
        cancelled = true;
        stats.dataRows = done;
        return false;
      }
    }
    row = cells;
    if (isBlankRow(row)) {
      stats.skippedBlank++;
      return true;
    }
    wantPreview = preview.rows.length < previewLimit;
    let firstTextCell: string | null = null;
    for (const cell of row) {
      if (typeof cell === 'string' && cell.trim() !== '') {
        firstTextCell = cell;
        break;
      }
    }
    const codeCell = codeCol >= 0 ? row[codeCol] : undefined;
    const isTotal = (firstTextCell !== null && totalLabel(firstTextCell)) || (typeof codeCell === 'string' && totalLabel(codeCell));
    if (isTotal || !usable) {
      if (isTotal) stats.skippedTotal++;
      else stats.skippedErrors++;
      if (wantPreview && isTotal) {
        const pr: PreviewRow = {
          row: r + 1,
          values: fields.map((f) => {
            const v = row[colOf.get(f)?.column ?? -1];
            return v === undefined || typeof v === 'boolean' ? (v === undefined ? null : String(v)) : v;
          }),
          flags: fields.map(() => null),
          skipped: true,
          status: 'total',
        };
        preview.rows.push(pr);
      }
      return true;
    }
    if (rowProblems.length > 0) rowProblems = [];
    if (wantPreview) values = fields.map(() => null);
    const outcome = process();
    if (outcome === 'imported') stats.imported++;
    else if (outcome === 'error') stats.skippedErrors++;
    else stats.duplicatesCollapsed++;
    if (outcome !== 'duplicate') for (const p of rowProblems) push(p);
    if (wantPreview) {
      const flags: (Severity | null)[] = fields.map(() => null);
      for (const p of rowProblems) {
        const f = p.column === null ? undefined : previewByLetter.get(p.column);
        if (f !== undefined && flags[f] !== 'error') flags[f] = p.severity;
      }
      const pr: PreviewRow = { row: r + 1, values, flags, skipped: outcome !== 'imported', status: outcome === 'error' ? 'error' : outcome };
      preview.rows.push(pr);
      previewByRow.set(r, pr);
    }
    return true;
  };

  const finish = (end: number): NormaliseResult => {
    const total = Math.max(0, end - start);
    if (!cancelled) {
      stats.dataRows = total;
      input.onProgress?.(total, total);
    }

    // ---- periods far from the others (billing)
    if (kind === 'monthlyBilling' && facts.length > 0) {
      const idx = new Int32Array(facts.length);
      for (let i = 0; i < facts.length; i++) idx[i] = periodIdx(facts.periodAt(i));
      const sorted = Int32Array.from(idx).sort();
      const median = sorted[(sorted.length - 1) >> 1] ?? 0;
      const medianPeriod = `${String(Math.floor(median / 12)).padStart(4, '0')}-${String((median % 12) + 1).padStart(2, '0')}`;
      for (let i = 0; i < facts.length; i++) {
        const d = (idx[i] ?? 0) - median;
        if (Math.abs(d) <= outlierMonths) continue;
        const fp = facts.periodAt(i);
        r = factRows.at(i);
        const cells: RawCell[] = [];
        cells[S.period.c] = periodCells[factPeriodCell.at(i, -1)] ?? null;
        row = cells;
        rowProblems = [];
        report('periodOutlier', S.period, {
          zh: `账期${fp}与其他行的中位账期${medianPeriod}相差${Math.abs(d)}个月（超过${outlierMonths}个月），请检查`,
          en: `period ${fp} is ${Math.abs(d)} months from the median period ${medianPeriod} (more than ${outlierMonths}); please check`,
        });
        for (const p of rowProblems) push(p);
        const pr = previewByRow.get(r);
        const pi = previewIndex.get('period');
        if (pr && pi !== undefined && pr.flags[pi] === null) pr.flags[pi] = 'warning';
      }
    }

    if (usable && stats.imported === 0 && stats.duplicatesCollapsed === 0 && stats.skippedErrors === 0 && !cancelled)
      sheetProblem('noData', { zh: '表头下没有数据行', en: 'no data rows below the header' });

    problems.sort((a, b) => (a.row ?? -1) - (b.row ?? -1));
    return {
      kind,
      groups,
      factColumns: facts.finish(),
      members,
      keyPersons,
      surveyResponses,
      groupNames: [...groupNames].map(([groupCode, groupName]) => ({ groupCode, groupName })),
      problems,
      errorCount,
      warningCount,
      problemsOmitted,
      stats,
      preview,
      cancelled,
    };
  };
  return { start, row: onRow, finish };
}

function mapping(m: readonly ColumnMapping[]): ColumnMapping[] {
  return [...m].sort((a, b) => a.column - b.column);
}
