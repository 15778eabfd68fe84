/**
 * The row being normalised and how its cells are read: one slot per field (its column, its money
 * unit, its place in the preview), typed readers that report what they cannot read, and the
 * problems of this row. Shared by every kind's row normaliser (groupRows, factRows, …).
 */
import type { LocalText } from '../../model/trace';
import { moneyUnitPow } from '../headerText';
import { cellText, failureText, parseCode, parseDate, parsePeriodCell, parseNumber, parseText, PLAIN_NUMBER_RE, scaleByPow10, toHalfWidth } from '../normalise';
import { PROBLEM_SEVERITY, type ProblemCode } from '../sheetProblems';
import { columnLetter } from '../sheetUtil';
import { FIELD_LABELS, FIELD_TYPE, isMoneyField } from '../synonyms';
import type { ColumnMapping, FieldId, ImportProblem, RawCell } from '../types';

export interface Slot {
  field: FieldId;
  /** sheet column, -1 = not mapped */
  c: number;
  /** power of ten to 元 (money fields) */
  pow: number;
  /** index in the preview values, -1 = none */
  pi: number;
}

const PLAIN_CODE_RE = /^[0-9A-Za-z]+$/;

/** a cell's text as a message quotes it (at most 60 characters) */
export const quote = (v: string | null): string => (v === null ? '' : v.length > 60 ? `${v.slice(0, 57)}…` : v);

const YES = new Set(['是', '有', 'y', 'yes', 'true', '1', '已接触', '接触', '被接触', '已策反', '√', '✓']);
const NO = new Set(['否', '无', '没有', 'n', 'no', 'false', '0', '未接触', '未发现', '×', '-']);

export interface RowCursorInput {
  fileName: string;
  sheetName: string;
  /** the mapping in use: the first column per field of this kind */
  colOf: ReadonlyMap<FieldId, ColumnMapping>;
  /** field → index in the preview's values */
  previewIndex: ReadonlyMap<FieldId, number>;
  date1904: boolean;
  knownGroupCodes?: ReadonlySet<string>;
}

export class RowCursor {
  /** the row (0-based) and its cells */
  r = 0;
  row: readonly RawCell[] = [];
  /** this row's problems, kept or dropped with the row's outcome */
  rowProblems: ImportProblem[] = [];
  /** the row's normalised values for the preview (only while wantPreview) */
  values: (string | number | null)[] = [];
  wantPreview = false;
  /** fixed-shape slots: the row loop runs a million times */
  readonly S: Readonly<Record<FieldId, Slot>>;
  private readonly dateOpts: { date1904: boolean };
  private readonly knownLengths = new Set<number>();

  constructor(private readonly input: RowCursorInput) {
    const { colOf, previewIndex } = input;
    this.dateOpts = { date1904: input.date1904 };
    if (input.knownGroupCodes) for (const k of input.knownGroupCodes) this.knownLengths.add(k.length);
    const mk = (f: FieldId): Slot => ({
      field: f,
      c: colOf.get(f)?.column ?? -1,
      pow: isMoneyField(f) ? moneyUnitPow(colOf.get(f)?.unit ?? 'yuan') : 0,
      pi: previewIndex.get(f) ?? -1,
    });
    this.S = {
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
  }

  /** whether the field is mapped to a column */
  has(f: FieldId): boolean {
    return this.input.colOf.has(f);
  }

  get dateOptions(): { date1904: boolean } {
    return this.dateOpts;
  }

  /** a problem in this row's cell of `slot` (value: the cell's text unless given) */
  report(code: ProblemCode, slot: Slot, message: LocalText, value?: string | null): void {
    const c = slot.c;
    this.rowProblems.push({
      severity: PROBLEM_SEVERITY[code],
      code,
      file: this.input.fileName,
      sheet: this.input.sheetName,
      row: this.r + 1,
      column: c < 0 ? null : columnLetter(c),
      header: this.input.colOf.get(slot.field)?.header ?? null,
      value: value !== undefined ? value : c < 0 ? null : cellText(this.row[c]),
      message,
    });
  }

  hasErrors(): boolean {
    return this.rowProblems.some((p) => p.severity === 'error');
  }

  setValue(slot: Slot, v: string | number | null): void {
    if (this.wantPreview && slot.pi >= 0) this.values[slot.pi] = v;
  }

  /** the column's header as the sheet names it, else the field's name */
  headerOf(f: FieldId): string {
    return this.input.colOf.get(f)?.header || FIELD_LABELS[f].zh;
  }

  headerOfEn(f: FieldId): string {
    return this.input.colOf.get(f)?.header || FIELD_LABELS[f].en;
  }

  readNumber(slot: Slot): number | null {
    const c = slot.c;
    if (c < 0) return null;
    const cell = this.row[c];
    const pow = slot.pow;
    let v: number | null;
    if (typeof cell === 'number' && Number.isFinite(cell)) v = pow ? scaleByPow10(cell, pow) : cell;
    else if (typeof cell === 'string' && PLAIN_NUMBER_RE.test(cell)) v = pow ? scaleByPow10(Number(cell), pow) : Number(cell);
    else {
      const p = parseNumber(cell);
      if (!p.ok) {
        const f = slot.field;
        const t = failureText(p.reason);
        const text = quote(cellText(cell));
        this.report('badNumber', slot, { zh: `“${this.headerOf(f)}”的值“${text}”${t.zh}，已记为空值`, en: `${this.headerOfEn(f)} value "${text}" is ${t.en}; stored as empty` });
        this.setValue(slot, null);
        return null;
      }
      v = p.value === null ? null : pow && !p.unitInCell ? scaleByPow10(p.value, pow) : p.value;
    }
    this.setValue(slot, v);
    return v;
  }

  readText(slot: Slot): string | null {
    const c = slot.c;
    if (c < 0) return null;
    let v = parseText(this.row[c]).value;
    if (v !== null && FIELD_TYPE[slot.field] === 'class') v = toHalfWidth(v).toUpperCase();
    this.setValue(slot, v);
    return v;
  }

  readDate(slot: Slot): string | null {
    const c = slot.c;
    if (c < 0) return null;
    const p = parseDate(this.row[c], this.dateOpts);
    if (!p.ok) {
      const f = slot.field;
      const t = failureText(p.reason);
      const text = quote(cellText(this.row[c]));
      this.report('badDate', slot, { zh: `“${this.headerOf(f)}”的值“${text}”${t.zh}，已记为空值`, en: `${this.headerOfEn(f)} value "${text}" is ${t.en}; stored as empty` });
      this.setValue(slot, null);
      return null;
    }
    this.setValue(slot, p.value);
    return p.value;
  }

  /** yes/no in the ways a sheet writes it (是/否, Y/N, 1/0, √/×), else null with a warning */
  readFlag(slot: Slot): boolean | null {
    const c = slot.c;
    if (c < 0) return null;
    const cell = this.row[c];
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
      this.report('badFlag', slot, {
        zh: `“${this.headerOf(slot.field)}”的值“${text}”无法识别（应为是/否），已记为空值`,
        en: `${this.headerOfEn(slot.field)} value "${text}" is not yes/no; stored as empty`,
      });
    }
    this.setValue(slot, v === null ? null : v ? 'Y' : 'N');
    return v;
  }

  /**
   * An optional period column (a member snapshot's or a survey's wave): null when unmapped or
   * unreadable (with a warning naming `what`, e.g. 拍照账期 / snapshot period).
   */
  readOptionalPeriod(what: LocalText): string | null {
    const slot = this.S.period;
    const pc = slot.c;
    if (pc < 0) return null;
    let period: string | null = null;
    const pr = parsePeriodCell(this.row[pc], this.dateOpts);
    if (!pr.ok) {
      const text = quote(cellText(this.row[pc]));
      this.report('badSnapshotPeriod', slot, { zh: `${what.zh}“${text}”无法识别，已记为空值`, en: `${what.en} "${text}" not recognised; stored as empty` });
    } else period = pr.value;
    this.setValue(slot, period);
    return period;
  }

  /** the group code, or null after reporting an error; `checkKnown`: against the known codes (leading zeros restored) */
  readGroupCode(checkKnown: boolean): string | null {
    const slot = this.S.groupCode;
    const known = this.input.knownGroupCodes;
    const cell = this.row[slot.c];
    if (typeof cell === 'string' && (!checkKnown || !known || known.has(cell)) && PLAIN_CODE_RE.test(cell)) {
      this.setValue(slot, cell);
      return cell; // the common case, without allocations
    }
    const p = parseCode(cell);
    if (!p.ok) {
      const text = quote(cellText(cell));
      this.report('badGroupCode', slot, { zh: `集团编码“${text}”${failureText(p.reason).zh}，已跳过此行`, en: `group code "${text}" is ${failureText(p.reason).en}; row skipped` });
      return null;
    }
    if (p.value === null) {
      this.report('missingGroupCode', slot, { zh: '集团编码为空，已跳过此行', en: 'group code is empty; row skipped' });
      return null;
    }
    let code = p.value;
    if (p.mangled) {
      this.report('mangledCode', slot, {
        zh: `集团编码“${code}”疑似被Excel科学计数法截断，请把该列设为文本后重新导出`,
        en: `group code "${code}" looks cut by Excel's scientific notation; set the column to text and export again`,
      });
    }
    if (checkKnown && known && !known.has(code)) {
      let restored: string | null = null;
      if (typeof cell === 'number' && !p.mangled) {
        for (const len of this.knownLengths) {
          if (len <= code.length) continue;
          const padded = code.padStart(len, '0');
          if (known.has(padded)) {
            restored = padded;
            break;
          }
        }
      }
      if (restored !== null) {
        this.report('codeZeroRestored', slot, {
          zh: `集团编码${code}是数字格式，丢失了前导0，已按集团资料补为${restored}`,
          en: `group code ${code} was stored as a number and lost its leading zeros; restored to ${restored} from the group master`,
        });
        code = restored;
      } else {
        this.report('unknownGroup', slot, {
          zh: `集团编码${code}不在集团客户资料中，已保留`,
          en: `group code ${code} is not in the group master; kept`,
        });
      }
    }
    this.setValue(slot, code);
    return code;
  }
}
