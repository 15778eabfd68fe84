/**
 * Value normalisers for imported cells. Each returns `{ ok: true, value }`
 * (value `null` = the cell is empty / explicitly "no value") or
 * `{ ok: false, reason }` with a typed reason; none of them throws.
 */
import type { LocalText } from '../model/trace';
import type { RawCell } from './types';

export type FailureReason =
  | 'notNumber'
  | 'excelError'
  | 'notPeriod'
  | 'ambiguousPeriod'
  | 'badMonth'
  | 'notDate'
  | 'badDay'
  | 'outOfRange'
  | 'notCode'
  | 'notStatus';

export type Parsed<T> = { ok: true; value: T | null } | { ok: false; reason: FailureReason };
/** `unitInCell`: the cell carried its own multiplier (万 / 千 / 亿) or was a percentage, so a header unit must not be applied again. */
export type ParsedNumber = { ok: true; value: number | null; unitInCell: boolean } | { ok: false; reason: FailureReason };
/** `mangled`: the code looks destroyed by Excel's scientific notation (1.23457E+11) or by its 15-digit precision. */
export type ParsedCode = { ok: true; value: string | null; mangled: boolean } | { ok: false; reason: FailureReason };

export type MemberStatus = 'active' | 'left' | 'portedOut';

export interface DateOptions {
  /** Excel's 1904 date system (old Mac workbooks) */
  date1904: boolean;
}

const FAILURE_TEXT: Readonly<Record<FailureReason, LocalText>> = {
  notNumber: { zh: '不是有效数字', en: 'not a number' },
  excelError: { zh: '是Excel错误值', en: 'is an Excel error value' },
  notPeriod: { zh: '无法识别为账期（应为202403、2024-03、2024年3月或日期）', en: 'not a period (expected 202403, 2024-03, 2024年3月 or a date)' },
  ambiguousPeriod: { zh: '账期不明确（2024.1 可能是1月或10月）', en: 'ambiguous period (2024.1 may be January or October)' },
  badMonth: { zh: '月份不在1–12之间', en: 'month is not between 1 and 12' },
  notDate: { zh: '无法识别为日期', en: 'not a date' },
  badDay: { zh: '日期不存在', en: 'no such day' },
  outOfRange: { zh: '超出可用范围', en: 'out of range' },
  notCode: { zh: '不是有效编码', en: 'not a valid code' },
  notStatus: { zh: '无法识别为成员状态（在网/离网/携出）', en: 'not a member status (active / left / ported out)' },
};

export function failureText(reason: FailureReason): LocalText {
  return FAILURE_TEXT[reason];
}

// ---------------------------------------------------------------- text helpers

const FULL_WIDTH_RE = /[\uFF01-\uFF5E\u3000\uFFE5]/g;
const HAS_FULL_WIDTH_RE = /[\uFF01-\uFF5E\u3000\uFFE5]/;

/** Full-width ASCII (Ａ１，．％) and the ideographic space to their half-width forms; ￥ to ¥. */
export function toHalfWidth(s: string): string {
  if (!HAS_FULL_WIDTH_RE.test(s)) return s;
  return s.replace(FULL_WIDTH_RE, (ch) => {
    const code = ch.charCodeAt(0);
    if (code === 0x3000) return ' ';
    if (code === 0xffe5) return '¥';
    return String.fromCharCode(code - 0xfee0);
  });
}

const SPACE_RE = /(?:[\s\u200b\u200c\u2060\ufeff]|\u200d)+/g;
const BLANK_RE = /^(?:[\s\u200b\u200c\u2060\ufeff]|\u200d)*$/;
/** whitespace other than single plain spaces */
const ODD_SPACE_RE = /[^\S ]| {2}|[\u200b\u200c\u2060]|\u200d/;

/** The cell as text for problem reports: integers without '.0', booleans as TRUE/FALSE. */
export function cellText(cell: RawCell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return numberText(cell);
}

function numberText(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

export function isBlankCell(cell: RawCell | undefined): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === 'string') return cell.length === 0 || BLANK_RE.test(cell);
  return false;
}

const MISSING = new Set(['', '-', '--', '---', '—', '——', '–', '/', '\\', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', 'nan', '无', '空', '暂无', '不详', '未知']);

function isMissingToken(s: string): boolean {
  return MISSING.has(s.toLowerCase());
}

// ------------------------------------------------------------------- numbers

/** Moves the decimal point of a plain decimal string by `pow` places, exactly (no binary rounding in between). */
function shiftDecimal(body: string, pow: number): number {
  if (pow === 0) return Number(body);
  if (/e/i.test(body)) {
    const n = Number(body);
    return pow > 0 ? n * 10 ** pow : n / 10 ** -pow;
  }
  const dot = body.indexOf('.');
  const intPart = dot < 0 ? body : body.slice(0, dot);
  const fracPart = dot < 0 ? '' : body.slice(dot + 1);
  const digits = intPart + fracPart;
  const point = intPart.length + pow;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return Number(out);
}

/** n × 10^pow computed on the decimal text, so 1.2345 × 10^4 is exactly 12345. */
export function scaleByPow10(n: number, pow: number): number {
  if (pow === 0 || !Number.isFinite(n)) return n;
  if (pow > 0 && Math.abs(n) < 1e9) {
    // fast path: when the exact result has at most 2 decimals, k / 100 is the same double the decimal text gives
    const r = n * 10 ** pow;
    const cents = Math.round(r * 100) / 100;
    if (Math.abs(cents - r) <= 1e-9 * Math.max(1, Math.abs(r))) return cents === 0 ? 0 : cents;
  }
  const neg = n < 0;
  const v = shiftDecimal(String(Math.abs(n)), pow);
  return neg ? -v : v;
}

const MULTIPLIERS: ReadonlyArray<[string, number]> = [
  ['百万', 6],
  ['千万', 7],
  ['万', 4],
  ['千', 3],
  ['亿', 8],
];
const UNIT_WORD_RE = /(元|人民币|人次|人|个|户|名|分钟|分|次|件|条|笔|部|台|张|项|家|yuan|rmb|cny|mins?)$/i;
const NUMBER_BODY_RE = /^(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:e[+-]?\d+)?$/i;

function stripUnit(s: string): { s: string; pow: number } {
  let pow = 0;
  let out = s;
  const word = UNIT_WORD_RE.exec(out);
  if (word && word.index > 0) out = out.slice(0, word.index);
  for (const [text, p] of MULTIPLIERS) {
    if (out.length > text.length && out.endsWith(text)) {
      out = out.slice(0, -text.length);
      pow = p;
      break;
    }
  }
  return { s: out, pow };
}

/** plain decimal text ('-1234.5'): the common case, read without any rewriting */
export const PLAIN_NUMBER_RE = /^-?\d{1,15}(?:\.\d{1,15})?$/;

/**
 * A number from a cell: numbers as text, thousands separators, full-width
 * digits, trailing units (元, 人, 分钟; 万元 ×10000), percentages, (1,234)
 * and − negatives. Empty, '-', '—', 'N/A', '无' are missing (null), not 0.
 */
export function parseNumber(cell: RawCell | undefined): ParsedNumber {
  if (cell === null || cell === undefined) return { ok: true, value: null, unitInCell: false };
  if (typeof cell === 'number') return Number.isFinite(cell) ? { ok: true, value: cell, unitInCell: false } : { ok: false, reason: 'notNumber' };
  if (typeof cell === 'boolean') return { ok: false, reason: 'notNumber' };
  if (PLAIN_NUMBER_RE.test(cell)) return { ok: true, value: Number(cell), unitInCell: false };
  let s = toHalfWidth(cell).replace(SPACE_RE, '');
  if (isMissingToken(s)) return { ok: true, value: null, unitInCell: false };
  if (s.startsWith('#')) return { ok: false, reason: 'excelError' };
  s = s.replace(/[\u2212\u2012\u2013\uFE63\uFF0D]/g, '-');
  let neg = false;
  let pow = 0;
  let unitInCell = false;
  const unit = stripUnit(s);
  s = unit.s;
  pow += unit.pow;
  if (s.length >= 3 && s.startsWith('(') && s.endsWith(')')) {
    neg = true;
    s = s.slice(1, -1);
    if (unit.pow === 0) {
      const inner = stripUnit(s);
      s = inner.s;
      pow += inner.pow;
    }
  }
  if (pow !== 0) unitInCell = true;
  if (s.endsWith('%')) {
    s = s.slice(0, -1);
    pow -= 2;
    unitInCell = true;
  } else if (s.endsWith('‰')) {
    s = s.slice(0, -1);
    pow -= 3;
    unitInCell = true;
  }
  if (s.startsWith('+')) s = s.slice(1);
  else if (s.startsWith('-')) {
    neg = !neg;
    s = s.slice(1);
  } else if (s.length > 1 && s.endsWith('-') && /^\d/.test(s)) {
    neg = !neg;
    s = s.slice(0, -1);
  }
  s = s.replace(/^[¥$€]/, '');
  if (s === '' || s === '.' || !/\d/.test(s) || !NUMBER_BODY_RE.test(s)) return { ok: false, reason: 'notNumber' };
  const value = shiftDecimal(s.replace(/,/g, ''), pow);
  if (!Number.isFinite(value)) return { ok: false, reason: 'notNumber' };
  return { ok: true, value: neg && value !== 0 ? -value : value, unitInCell };
}

// ---------------------------------------------------------------- dates

interface Ymd {
  y: number;
  m: number;
  d: number;
}

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * Excel serial → calendar date. 1900 system: serial 1 = 1900-01-01 and the
 * fictitious 1900-02-29 (serial 60) that Excel kept from Lotus 1-2-3;
 * 1904 system: serial 0 = 1904-01-01. A time fraction is dropped.
 */
export function excelSerialToYmd(serial: number, date1904: boolean): Ymd | null {
  if (!Number.isFinite(serial)) return null;
  const whole = Math.floor(serial + 1e-7);
  let ms: number;
  if (date1904) {
    if (whole < 0 || whole > 2_957_003) return null;
    ms = EPOCH_1904 + whole * DAY_MS;
  } else {
    if (whole < 1 || whole > 2_958_465) return null;
    if (whole === 60) return { y: 1900, m: 2, d: 29 };
    ms = whole < 60 ? EPOCH_1900 + (whole + 1) * DAY_MS : EPOCH_1900 + whole * DAY_MS;
  }
  const dt = new Date(ms);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** Calendar date → Excel serial (inverse of excelSerialToYmd). */
export function ymdToExcelSerial(y: number, m: number, d: number, date1904: boolean): number {
  const ms = Date.UTC(y, m - 1, d);
  if (date1904) return Math.round((ms - EPOCH_1904) / DAY_MS);
  const serial = Math.round((ms - EPOCH_1900) / DAY_MS);
  return serial <= 60 ? serial - 1 : serial;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const periodOf = (y: number, m: number): string => `${String(y).padStart(4, '0')}-${pad2(m)}`;

const MONTH_NAMES = new Map<string, number>([
  ['jan', 1], ['feb', 2], ['mar', 3], ['apr', 4], ['may', 5], ['jun', 6],
  ['jul', 7], ['aug', 8], ['sep', 9], ['sept', 9], ['oct', 10], ['nov', 11], ['dec', 12],
  ['january', 1], ['february', 2], ['march', 3], ['april', 4], ['june', 6], ['july', 7],
  ['august', 8], ['september', 9], ['october', 10], ['november', 11], ['december', 12],
]);

const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

function cleanDateText(cell: string): string {
  let s = toHalfWidth(cell).trim();
  s = s.replace(/(?:[T\s]+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i, '');
  return s.replace(SPACE_RE, '');
}

type YmOutcome = { ok: true; y: number; m: number; d: number | null } | { ok: false; reason: FailureReason } | null;

function checkYmd(y: number, m: number, d: number | null): YmOutcome {
  if (y < MIN_YEAR || y > MAX_YEAR) return { ok: false, reason: 'outOfRange' };
  if (m < 1 || m > 12) return { ok: false, reason: 'badMonth' };
  if (d !== null && (d < 1 || d > daysInMonth(y, m))) return { ok: false, reason: 'badDay' };
  return { ok: true, y, m, d };
}

/** Recognises the textual date and period forms; null = none matched. */
function matchDateText(s: string): YmOutcome {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})(\d{2})$/.exec(s))) return checkYmd(Number(m[1]), Number(m[2]), null);
  if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) return checkYmd(Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = /^(\d{4})(?:[-/._]|年)(\d{1,2})(?:[-/._]|月)(\d{1,2})日?$/.exec(s))) return checkYmd(Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = /^(\d{4})年(?:第)?(\d{1,2})月份?$/.exec(s))) return checkYmd(Number(m[1]), Number(m[2]), null);
  // text '2024.1' is what a person typed: January (a number cell 2024.1 is ambiguous, see periodFromNumber)
  if ((m = /^(\d{4})[-/._](\d{1,2})$/.exec(s))) return checkYmd(Number(m[1]), Number(m[2]), null);
  if ((m = /^(\d{1,2})[-/.](\d{4})$/.exec(s))) return checkYmd(Number(m[2]), Number(m[1]), null);
  if ((m = /^([a-z]{3,9})[-/.,']*(\d{2}|\d{4})$/i.exec(s))) {
    const month = MONTH_NAMES.get((m[1] ?? '').toLowerCase());
    if (month === undefined) return null;
    const y = (m[2] ?? '').length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
    return checkYmd(y, month, null);
  }
  if ((m = /^(\d{4})[-/.]?([a-z]{3,9})$/i.exec(s))) {
    const month = MONTH_NAMES.get((m[2] ?? '').toLowerCase());
    if (month === undefined) return null;
    return checkYmd(Number(m[1]), month, null);
  }
  return null;
}

function fromSerial(serial: number, date1904: boolean): YmOutcome {
  const ymd = excelSerialToYmd(serial, date1904);
  if (!ymd) return { ok: false, reason: 'outOfRange' };
  return { ok: true, y: ymd.y, m: ymd.m, d: ymd.d };
}

function periodFromNumber(n: number, date1904: boolean): YmOutcome {
  if (!Number.isFinite(n)) return { ok: false, reason: 'notPeriod' };
  if (Number.isInteger(n)) {
    if (n >= 190001 && n <= 299912) return checkYmd(Math.floor(n / 100), n % 100, null);
    if (n >= 19000101 && n <= 29991231) return checkYmd(Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100);
    return fromSerial(n, date1904);
  }
  const whole = Math.trunc(n);
  if (whole >= MIN_YEAR && whole <= MAX_YEAR) {
    // 2024.03 typed into a number cell
    const frac = String(n).split('.')[1] ?? '';
    if (frac === '1') return { ok: false, reason: 'ambiguousPeriod' };
    const month = Number(frac);
    if (frac.length <= 2 && month >= 1 && month <= 12) return checkYmd(whole, month, null);
  }
  return fromSerial(n, date1904);
}

const YYYYMM_RE = /^\d{6}$/;

/** A spreadsheet cell as a billing period (账期) → 'YYYY-MM'; the app's own period strings are read by parsePeriod (shared/util/period.ts). */
export function parsePeriodCell(cell: RawCell | undefined, options: DateOptions = { date1904: false }): Parsed<string> {
  if (cell === null || cell === undefined) return { ok: true, value: null };
  if (typeof cell === 'boolean') return { ok: false, reason: 'notPeriod' };
  let r: YmOutcome;
  if (typeof cell === 'number') r = periodFromNumber(cell, options.date1904);
  else if (YYYYMM_RE.test(cell)) {
    const n = Number(cell);
    r = checkYmd(Math.floor(n / 100), n % 100, null);
  } else {
    const s = cleanDateText(cell);
    if (isMissingToken(s)) return { ok: true, value: null };
    r = matchDateText(s);
    if (r === null && /^\d{5}(?:\.\d+)?$/.test(s)) r = fromSerial(Number(s), options.date1904);
  }
  if (r === null) return { ok: false, reason: 'notPeriod' };
  if (!r.ok) return r;
  return { ok: true, value: periodOf(r.y, r.m) };
}

/** A calendar date → 'YYYY-MM-DD'. */
export function parseDate(cell: RawCell | undefined, options: DateOptions = { date1904: false }): Parsed<string> {
  if (cell === null || cell === undefined) return { ok: true, value: null };
  if (typeof cell === 'boolean') return { ok: false, reason: 'notDate' };
  let r: YmOutcome;
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 19000101 && cell <= 29991231)
      r = checkYmd(Math.floor(cell / 10000), Math.floor(cell / 100) % 100, cell % 100);
    else r = fromSerial(cell, options.date1904);
  } else {
    const s = cleanDateText(cell);
    if (isMissingToken(s)) return { ok: true, value: null };
    r = matchDateText(s);
    if (r === null && /^\d{5}(?:\.\d+)?$/.test(s)) r = fromSerial(Number(s), options.date1904);
  }
  if (r === null) return { ok: false, reason: 'notDate' };
  if (!r.ok) return r;
  if (r.d === null) return { ok: false, reason: 'notDate' };
  if (r.y === 1900 && r.m === 2 && r.d === 29) return { ok: false, reason: 'badDay' };
  return { ok: true, value: `${periodOf(r.y, r.m)}-${pad2(r.d)}` };
}

/** True for values that read as a period in a textual or YYYYMM form (for content sniffing; serials do not count). */
export function looksLikePeriod(cell: RawCell | undefined): boolean {
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 190001 && cell <= 299912 && cell % 100 >= 1 && cell % 100 <= 12;
  if (typeof cell !== 'string') return false;
  const r = matchDateText(cleanDateText(cell));
  return r !== null && r.ok && r.d === null;
}

/** True for full textual dates such as 2024-03-05 (for content sniffing). */
export function looksLikeDate(cell: RawCell | undefined): boolean {
  if (typeof cell !== 'string') return false;
  const r = matchDateText(cleanDateText(cell));
  return r !== null && r.ok && r.d !== null;
}

// ---------------------------------------------------------------- codes

const SCIENTIFIC_RE = /^[+-]?\d+(?:\.\d+)?e\+?\d+$/i;

function significantDigits(intText: string): number {
  return intText.replace(/^0+/, '').replace(/0+$/, '').length;
}

/**
 * A code (集团编码, member number): text keeps its leading zeros; numeric
 * cells print as integers without '.0'. Codes destroyed by Excel's
 * scientific notation are returned with `mangled: true`.
 */
const PLAIN_CODE_RE = /^[0-9A-Za-z]+$/;

export function parseCode(cell: RawCell | undefined): ParsedCode {
  if (cell === null || cell === undefined) return { ok: true, value: null, mangled: false };
  if (typeof cell === 'string' && PLAIN_CODE_RE.test(cell)) return { ok: true, value: cell, mangled: false };
  if (typeof cell === 'boolean') return { ok: false, reason: 'notCode' };
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || cell < 0) return { ok: false, reason: 'notCode' };
    if (!Number.isInteger(cell)) {
      if (cell >= 1e11) return { ok: true, value: String(cell), mangled: true };
      return { ok: false, reason: 'notCode' };
    }
    const text = numberText(cell);
    const mangled = cell >= 1e15 || (cell >= 1e11 && significantDigits(text) <= 6);
    return { ok: true, value: text, mangled };
  }
  let s = toHalfWidth(cell).replace(SPACE_RE, '');
  const formula = /^="(.*)"$/.exec(s);
  if (formula) s = formula[1] ?? '';
  if (s.startsWith("'")) s = s.slice(1);
  if (isMissingToken(s) && s !== '无') return { ok: true, value: null, mangled: false };
  if (s === '') return { ok: true, value: null, mangled: false };
  if (SCIENTIFIC_RE.test(s)) return { ok: true, value: s.toUpperCase(), mangled: true };
  if (/^\d+\.0+$/.test(s)) s = s.slice(0, s.indexOf('.'));
  return { ok: true, value: s, mangled: false };
}

/** True for code-like values: 6+ digits (text), optionally with a letter prefix, or masked numbers such as 138****1234. */
export function looksLikeCode(cell: RawCell | undefined): boolean {
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 100_000;
  if (typeof cell !== 'string') return false;
  const s = toHalfWidth(cell).trim();
  return /^[A-Za-z]{0,4}\d{6,}$/.test(s) || /^\d{3}\*{2,}\d{2,}$/.test(s);
}

// ---------------------------------------------------------------- text

/** Trimmed text with full-width spaces and runs of whitespace collapsed to one space; empty → null. */
export function parseText(cell: RawCell | undefined): { ok: true; value: string | null } {
  if (cell === null || cell === undefined) return { ok: true, value: null };
  const raw = typeof cell === 'string' ? cell : (cellText(cell) ?? '');
  const s = (ODD_SPACE_RE.test(raw) ? raw.replace(SPACE_RE, ' ') : raw).trim();
  return { ok: true, value: s === '' ? null : s };
}

const STATUS = new Map<string, MemberStatus>([
  ['在网', 'active'], ['正常', 'active'], ['在用', 'active'], ['有效', 'active'], ['开通', 'active'],
  ['active', 'active'], ['normal', 'active'], ['inservice', 'active'],
  ['离网', 'left'], ['拆机', 'left'], ['销户', 'left'], ['已离网', 'left'], ['已拆机', 'left'], ['已销户', 'left'], ['注销', 'left'],
  ['left', 'left'], ['churned', 'left'], ['inactive', 'left'], ['closed', 'left'],
  ['携出', 'portedOut'], ['携转', 'portedOut'], ['携号转网', 'portedOut'], ['已携出', 'portedOut'], ['携转出', 'portedOut'],
  ['portedout', 'portedOut'], ['ported', 'portedOut'], ['portout', 'portedOut'],
]);

/** 在网/正常/active → active; 离网/拆机/销户 → left; 携出/携转 → portedOut. */
export function parseMemberStatus(cell: RawCell | undefined): Parsed<MemberStatus> {
  if (cell === null || cell === undefined) return { ok: true, value: null };
  if (typeof cell !== 'string') return { ok: false, reason: 'notStatus' };
  const s = toHalfWidth(cell).replace(SPACE_RE, '').replace(/[_-]/g, '').toLowerCase();
  if (s === '') return { ok: true, value: null };
  const status = STATUS.get(s);
  return status ? { ok: true, value: status } : { ok: false, reason: 'notStatus' };
}
