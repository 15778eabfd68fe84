/**
 * The import pipeline's data shapes. A reader (electron/backend/import) turns
 * a file into a RawWorkbook; everything after that is pure and lives in shared/import.
 */
import type { LocalText } from '../model/trace';

/** A cell as read: cached formula results only, never a formula. Dates arrive as Excel serial numbers. */
export type RawCell = string | number | boolean | null;

export interface CellRange {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

export interface RawSheet {
  name: string;
  hidden: boolean;
  /** rows[r][c], 0-based; ragged rows allowed */
  rows: RawCell[][];
  merges: CellRange[];
  /** number formats of cells that have one that matters (dates, percent), keyed `${r}:${c}` */
  formats?: Record<string, string>;
}

export type SourceFormat = 'xlsx' | 'xlsm' | 'xls' | 'csv' | 'txt';

export interface RawWorkbook {
  fileName: string;
  format: SourceFormat;
  /** Excel's 1904 date system (old Mac workbooks) */
  date1904: boolean;
  /** text encoding detected for CSV/TXT */
  encoding?: 'utf-8' | 'utf-8-bom' | 'gb18030';
  delimiter?: ',' | '\t' | ';';
  sheets: RawSheet[];
  /** things the reader had to change (a cut cell, dropped rows), shown to the user before confirming */
  warnings?: { code: string; message: LocalText }[];
}

/** The kinds of sheet the import reads, in the order the screens and the CLI offer them. */
export const IMPORT_KINDS = ['groupMaster', 'monthlyBilling', 'memberSnapshot', 'keyPersons', 'survey'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const GROUP_FIELDS = [
  'groupCode',
  'groupName',
  'groupClass',
  'importance',
  'industry',
  'region',
  'accountManager',
  'employees',
  'contractEnd',
  'competitorPresence',
  'lineGrade',
] as const;

export const FACT_FIELDS = [
  'groupCode',
  'groupName',
  'period',
  'unifiedPayRevenue',
  'personalPayRevenue',
  'totalRevenue',
  'newBusinessRevenue',
  'members',
  'offNetMembers',
  'minutes',
  'arrears',
  'complaints',
  'faults',
  'products',
] as const;

export const MEMBER_FIELDS = ['memberId', 'groupCode', 'status', 'snapshotArpu', 'currentArpu', 'period'] as const;

/** 关键人: one row per person of a group (role, name, relationship, last contact, competitor contact seen) */
export const KEY_PERSON_FIELDS = ['groupCode', 'groupName', 'role', 'personName', 'relationshipStrength', 'lastContactDate', 'competitorContact', 'roleSince'] as const;

/**
 * 满意度调查 (seed 001): one row per answer (factor, importance, satisfaction), optionally per group,
 * respondent and survey wave. surveyImportance is the factor's importance to the respondent, not the
 * group's importance (集团重要性, `importance`).
 */
export const SURVEY_FIELDS = ['surveyFactor', 'surveyImportance', 'surveySatisfaction', 'groupCode', 'groupName', 'surveyRespondent', 'period'] as const;

export type FieldId =
  | (typeof GROUP_FIELDS)[number]
  | (typeof FACT_FIELDS)[number]
  | (typeof MEMBER_FIELDS)[number]
  | (typeof KEY_PERSON_FIELDS)[number]
  | (typeof SURVEY_FIELDS)[number];

export type MoneyUnit = 'yuan' | 'qianYuan' | 'wanYuan';

export interface ColumnMapping {
  /** 0-based column index in the sheet */
  column: number;
  /** the header text as detected (two-row headers joined) */
  header: string;
  /** null = ignored */
  field: FieldId | null;
  /** 0..1 */
  confidence: number;
  reason: LocalText;
  /** for money fields: the unit taken from the header (or 'yuan' by default) */
  unit: MoneyUnit | null;
}

export interface HeaderDetection {
  /** 0-based index of the first header row */
  headerRow: number;
  /** number of header rows (1 or 2) */
  headerRows: number;
  /** 0-based index of the first data row */
  dataStartRow: number;
  headers: string[];
  /** rows above the header (report titles), for the preview */
  titleRows: number;
}

export type Severity = 'error' | 'warning';

export interface ImportProblem {
  severity: Severity;
  code: string;
  file: string;
  sheet: string;
  /** 1-based row number as Excel shows it; null for file- or sheet-level problems */
  row: number | null;
  /** column letter as Excel shows it (A, B, …, AA), null for row-level problems */
  column: string | null;
  header: string | null;
  /** the original cell value, as text */
  value: string | null;
  message: LocalText;
}
