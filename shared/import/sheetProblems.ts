/**
 * The problems one sheet's import reports: each code's severity, and the reporter that counts
 * them all but keeps at most `maxProblems` (a million bad rows must not become a million objects).
 */
import type { LocalText } from '../model/trace';
import { columnLetter } from './sheetUtil';
import type { ImportProblem, Severity } from './types';

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

export class ProblemReporter {
  readonly problems: ImportProblem[] = [];
  errorCount = 0;
  warningCount = 0;
  /** problems beyond maxProblems, counted but not kept */
  omitted = 0;

  constructor(
    private readonly fileName: string,
    private readonly sheetName: string,
    private readonly maxProblems: number,
  ) {}

  push(p: ImportProblem): void {
    if (p.severity === 'error') this.errorCount++;
    else this.warningCount++;
    if (this.problems.length < this.maxProblems) this.problems.push(p);
    else this.omitted++;
  }

  /** a problem of the whole sheet (no row), optionally naming a column */
  sheetProblem(code: ProblemCode, message: LocalText, column: number | null = null, header: string | null = null): void {
    this.push({ severity: PROBLEM_SEVERITY[code], code, file: this.fileName, sheet: this.sheetName, row: null, column: column === null ? null : columnLetter(column), header, value: null, message });
  }

  /** the kept problems in row order (sheet problems first) */
  sorted(): ImportProblem[] {
    return this.problems.sort((a, b) => (a.row ?? -1) - (b.row ?? -1));
  }
}
