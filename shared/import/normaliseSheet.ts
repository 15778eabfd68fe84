/**
 * One mapped sheet → domain records (Group / MonthlyFact columns / MemberSnapshot / KeyPerson /
 * SurveyResponse) plus every problem found, each naming file, sheet, row, column, header, original
 * value and the reason in zh and en.
 *
 * This file resolves the mapping, checks the required columns, runs the row loop (blank and total
 * rows, progress, cancel, preview) and assembles the result; each kind's rows are read by its own
 * normaliser in ./rows (groupRows, factRows, memberRows, keyPersonRows, surveyRows) through one
 * RowCursor, and problems are counted by ./sheetProblems.
 *
 * Errors skip the row; warnings keep it. Money is stored in 元.
 */
import { emptyFactColumns, type FactColumns } from '../model/factColumns';
import type { Group, KeyPerson, MemberSnapshot, SurveyResponse } from '../model/portfolio';
import type { ColumnMapping, FieldId, HeaderDetection, ImportKind, ImportProblem, RawCell, RawSheet, Severity } from './types';
import { FIELDS_BY_KIND, FIELD_LABELS } from './synonyms';
import { columnLetter, isBlankRow, isTotalLabel } from './sheetUtil';
import { ProblemReporter } from './sheetProblems';
import { RowCursor } from './rows/rowCursor';
import type { GroupNames, KindRows } from './rows/kindRows';
import { GroupRows } from './rows/groupRows';
import { FactRows } from './rows/factRows';
import { MemberRows } from './rows/memberRows';
import { KeyPersonRows } from './rows/keyPersonRows';
import { SurveyRows } from './rows/surveyRows';

export { PROBLEM_SEVERITY, type ProblemCode } from './sheetProblems';

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

/** The mapping in use: this kind's fields, the first column per field (a second one is a warning). */
function resolveMapping(input: NormaliseInput, reporter: ProblemReporter): Map<FieldId, ColumnMapping> {
  const kindFields = new Set<FieldId>(FIELDS_BY_KIND[input.kind]);
  const colOf = new Map<FieldId, ColumnMapping>();
  for (const m of [...input.mapping].sort((a, b) => a.column - b.column)) {
    if (m.field === null || !kindFields.has(m.field)) continue;
    const prev = colOf.get(m.field);
    if (prev) {
      const label = FIELD_LABELS[m.field];
      reporter.sheetProblem(
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
  return colOf;
}

/** Whether every required column is mapped; each missing one is a sheet error. */
function checkRequired(kind: ImportKind, colOf: ReadonlyMap<FieldId, ColumnMapping>, reporter: ProblemReporter): boolean {
  const has = (f: FieldId): boolean => colOf.has(f);
  const missing = requiredFields(kind, has).filter((alts) => !alts.some(has));
  for (const alts of missing) {
    const f = alts[0] ?? 'groupCode';
    const label = FIELD_LABELS[f];
    const extra = f === 'totalRevenue' ? { zh: '（或同时提供统付收入和个付收入）', en: ' (or both unified-pay and personal-pay revenue)' } : { zh: '', en: '' };
    reporter.sheetProblem('missingColumn', {
      zh: `缺少必需的“${label.zh}”列${extra.zh}，本表未导入`,
      en: `required column ${label.en}${extra.en} is not mapped; nothing imported from this sheet`,
    });
  }
  return missing.length === 0;
}

export function createSheetNormaliser(input: NormaliseInput): SheetNormaliser {
  const { fileName, sheet, detection, kind } = input;
  const previewLimit = input.previewRows ?? 50;
  const outlierMonths = input.periodOutlierMonths ?? 24;
  const reporter = new ProblemReporter(fileName, sheet.name, input.maxProblems ?? 10_000);

  const colOf = resolveMapping(input, reporter);
  const usable = checkRequired(kind, colOf, reporter);

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

  const cursor = new RowCursor({ fileName, sheetName: sheet.name, colOf, previewIndex, date1904: input.date1904, knownGroupCodes: input.knownGroupCodes });
  const groupNames: GroupNames = new Map();
  const groupRows = kind === 'groupMaster' ? new GroupRows(cursor) : null;
  const factRows =
    kind === 'monthlyBilling'
      ? // a streamed sheet's row count is an estimate that improves as it is read
        new FactRows(cursor, groupNames, input.expectedRows ? input.expectedRows() : sheet.rows.length - Math.max(0, detection.dataStartRow), input.expectedRows)
      : null;
  const memberRows = kind === 'memberSnapshot' ? new MemberRows(cursor) : null;
  const keyPersonRows = kind === 'keyPersons' ? new KeyPersonRows(cursor, groupNames) : null;
  const surveyRows = kind === 'survey' ? new SurveyRows(cursor, groupNames) : null;
  const rows: KindRows | null = groupRows ?? factRows ?? memberRows ?? keyPersonRows ?? surveyRows;
  if (!rows) throw new Error(`no row normaliser for import kind ${String(kind)}`);

  const stats: ImportStats = { dataRows: 0, imported: 0, skippedBlank: 0, skippedTotal: 0, skippedErrors: 0, duplicatesCollapsed: 0 };
  const codeCol = cursor.S.groupCode.c;
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

  /** a total row (合计) as the preview shows it: its cells as they are, skipped */
  const totalPreviewRow = (r: number, row: readonly RawCell[]): PreviewRow => ({
    row: r + 1,
    values: fields.map((f) => {
      const v = row[colOf.get(f)?.column ?? -1];
      return v === undefined || typeof v === 'boolean' ? (v === undefined ? null : String(v)) : v;
    }),
    flags: fields.map(() => null),
    skipped: true,
    status: 'total',
  });

  const onRow = (r: number, row: readonly RawCell[]): boolean => {
    if (cancelled) return false;
    if (r < start) return true;
    const done = r - start;
    if (done > 0 && done % CHUNK === 0) {
      input.onProgress?.(done, Math.max(done, expected()));
      if (input.shouldCancel?.()) {
        cancelled = true;
        stats.dataRows = done;
        return false;
      }
    }
    cursor.r = r;
    cursor.row = row;
    if (isBlankRow(row)) {
      stats.skippedBlank++;
      return true;
    }
    const wantPreview = preview.rows.length < previewLimit;
    cursor.wantPreview = wantPreview;
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
      if (wantPreview && isTotal) preview.rows.push(totalPreviewRow(r, row));
      return true;
    }
    if (cursor.rowProblems.length > 0) cursor.rowProblems = [];
    if (wantPreview) cursor.values = fields.map(() => null);
    const outcome = rows.process();
    if (outcome === 'imported') stats.imported++;
    else if (outcome === 'error') stats.skippedErrors++;
    else stats.duplicatesCollapsed++;
    const rowProblems = cursor.rowProblems;
    if (outcome !== 'duplicate') for (const p of rowProblems) reporter.push(p);
    if (wantPreview) {
      const flags: (Severity | null)[] = fields.map(() => null);
      for (const p of rowProblems) {
        const f = p.column === null ? undefined : previewByLetter.get(p.column);
        if (f !== undefined && flags[f] !== 'error') flags[f] = p.severity;
      }
      const pr: PreviewRow = { row: r + 1, values: cursor.values, flags, skipped: outcome !== 'imported', status: outcome === 'error' ? 'error' : outcome };
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
    factRows?.checkPeriodOutliers(
      outlierMonths,
      (p) => reporter.push(p),
      (r, field) => {
        const pr = previewByRow.get(r);
        const pi = previewIndex.get(field);
        if (pr && pi !== undefined && pr.flags[pi] === null) pr.flags[pi] = 'warning';
      },
    );
    if (usable && stats.imported === 0 && stats.duplicatesCollapsed === 0 && stats.skippedErrors === 0 && !cancelled)
      reporter.sheetProblem('noData', { zh: '表头下没有数据行', en: 'no data rows below the header' });

    return {
      kind,
      groups: groupRows?.groups ?? [],
      factColumns: factRows ? factRows.finish() : emptyFactColumns(),
      members: memberRows?.members ?? [],
      keyPersons: keyPersonRows?.keyPersons ?? [],
      surveyResponses: surveyRows?.surveyResponses ?? [],
      groupNames: [...groupNames].map(([groupCode, groupName]) => ({ groupCode, groupName })),
      problems: reporter.sorted(),
      errorCount: reporter.errorCount,
      warningCount: reporter.warningCount,
      problemsOmitted: reporter.omitted,
      stats,
      preview,
      cancelled,
    };
  };
  return { start, row: onRow, finish };
}
