/**
 * Column → field suggestions: exact synonym, then text containment, then
 * content sniffing on sample rows. No two columns get the same field.
 */
import type { LocalText } from '../model/trace';
import type { ColumnMapping, FieldId, ImportKind, MoneyUnit, RawCell } from './types';
import { isBlankCell, looksLikeCode, looksLikeDate, looksLikePeriod, parseMemberStatus, toHalfWidth } from './normalise';
import { moneyUnitLabel, normaliseHeader } from './headerText';
import { FIELDS_BY_KIND, FIELD_LABELS, isMoneyField, matchHeaderBase } from './synonyms';
import type { HeaderMatch } from './synonyms';
import { columnLetter, isTotalLabel } from './sheetUtil';

interface Candidate {
  column: number;
  field: FieldId;
  confidence: number;
  /** tie-break: the more usual synonym wins (出账收入 before 收入) */
  rank: number;
  reason: LocalText;
}

const NAME_ENDINGS = /(公司|医院|学校|大学|学院|中学|小学|幼儿园|局|委员会|委|厅|办|处|所|院|中心|厂|银行|酒店|宾馆|集团|协会|商会|街道|政府|社区|村委|合作社|支行|分行|店|部|站|馆|队|会)$/;
const CLASS_RE = /^(?:[A-D][1-3]?|[A-D][+-]?)类?$/;
const MASKED_PHONE_RE = /^(?:1\d{10}|\d{3}\*{2,}\d{2,})$/;

interface Sniff {
  field: FieldId;
  confidence: number;
  zh: string;
  en: string;
}

function fraction(values: readonly RawCell[], test: (v: RawCell) => boolean): number {
  if (values.length === 0) return 0;
  let n = 0;
  for (const v of values) if (test(v)) n++;
  return n / values.length;
}

const pct = (f: number): string => String(Math.round(f * 100));

/** What the sample values of one column look like, best guesses first. */
export function sniffColumn(values: readonly RawCell[]): Sniff[] {
  const vals = values.filter((v) => !isBlankCell(v) && !(typeof v === 'string' && isTotalLabel(v)));
  if (vals.length === 0) return [];
  const out: Sniff[] = [];
  let f: number;
  if ((f = fraction(vals, looksLikePeriod)) >= 0.8) out.push({ field: 'period', confidence: 0.6, zh: `样本中${pct(f)}%为账期格式`, en: `${pct(f)}% of samples look like periods` });
  if ((f = fraction(vals, looksLikeDate)) >= 0.8) out.push({ field: 'contractEnd', confidence: 0.45, zh: `样本中${pct(f)}%为日期`, en: `${pct(f)}% of samples look like dates` });
  if ((f = fraction(vals, (v) => typeof v === 'string' && MASKED_PHONE_RE.test(toHalfWidth(v).trim()))) >= 0.8)
    out.push({ field: 'memberId', confidence: 0.55, zh: `样本中${pct(f)}%为手机号码`, en: `${pct(f)}% of samples look like phone numbers` });
  else if ((f = fraction(vals, looksLikeCode)) >= 0.8)
    out.push({ field: 'groupCode', confidence: 0.55, zh: `样本中${pct(f)}%为6位以上数字编码`, en: `${pct(f)}% of samples are codes of 6+ digits` });
  if ((f = fraction(vals, (v) => { const s = parseMemberStatus(v); return s.ok && s.value !== null; })) >= 0.8)
    out.push({ field: 'status', confidence: 0.55, zh: `样本中${pct(f)}%为成员状态`, en: `${pct(f)}% of samples are member statuses` });
  if ((f = fraction(vals, (v) => typeof v === 'string' && v.trim().length >= 4 && NAME_ENDINGS.test(v.trim()))) >= 0.5)
    out.push({ field: 'groupName', confidence: 0.55, zh: `样本中${pct(f)}%为单位名称（以公司/医院/学校/局等结尾）`, en: `${pct(f)}% of samples are organisation names (公司/医院/学校/局…)` });
  if ((f = fraction(vals, (v) => typeof v === 'string' && CLASS_RE.test(toHalfWidth(v).trim().toUpperCase()))) >= 0.8)
    out.push({ field: 'groupClass', confidence: 0.45, zh: `样本中${pct(f)}%为等级代码（A/B/C）`, en: `${pct(f)}% of samples are class codes (A/B/C)` });
  const numbers = vals.filter((v): v is number => typeof v === 'number');
  if (numbers.length / vals.length >= 0.8 && fraction(numbers, (v) => typeof v === 'number' && !Number.isInteger(v)) >= 0.3)
    out.push({ field: 'totalRevenue', confidence: 0.3, zh: `样本为带小数的金额`, en: `samples are amounts with decimals` });
  return out;
}

function matchReason(header: string, m: HeaderMatch): LocalText {
  if (m.how === 'exact') return { zh: `表头“${header}”匹配“${m.synonym}”`, en: `header ${header} matched ${m.synonym}` };
  if (m.how === 'contains') return { zh: `表头“${header}”包含“${m.synonym}”`, en: `header ${header} contains ${m.synonym}` };
  return { zh: `表头“${header}”是“${m.synonym}”的一部分`, en: `header ${header} is part of ${m.synonym}` };
}

function withUnit(reason: LocalText, field: FieldId, unit: MoneyUnit | null): LocalText {
  if (!isMoneyField(field)) return reason;
  if (unit === null) return { zh: `${reason.zh}；未注明单位，按元`, en: `${reason.en}; no unit given, taken as 元` };
  const label = moneyUnitLabel(unit);
  return { zh: `${reason.zh}；单位：${label}`, en: `${reason.en}; unit ${label}` };
}

/**
 * Suggests a field for every column. `sampleRows` are data rows (blank and
 * total rows may be included; they are ignored for sniffing). With `kind`,
 * only that kind's fields are used.
 */
export function suggestMapping(headers: readonly string[], sampleRows: readonly (readonly RawCell[])[], kind?: ImportKind): ColumnMapping[] {
  const allowed = kind ? new Set<FieldId>(FIELDS_BY_KIND[kind]) : undefined;
  const width = headers.length;
  const units: (MoneyUnit | null)[] = [];
  const candidates: Candidate[] = [];
  const fallback: LocalText[] = [];

  for (let c = 0; c < width; c++) {
    const header = headers[c] ?? '';
    const norm = normaliseHeader(header);
    units.push(norm.unit);
    const matches = matchHeaderBase(norm.base, allowed);
    for (const m of matches) candidates.push({ column: c, field: m.field, confidence: m.confidence, rank: m.rank, reason: withUnit(matchReason(header, m), m.field, norm.unit) });
    const values = sampleRows.map((r) => r[c] ?? null);
    if (matches.length === 0) {
      const unrestricted = allowed ? matchHeaderBase(norm.base) : [];
      const other = unrestricted[0];
      for (const s of sniffColumn(values)) {
        if (allowed && !allowed.has(s.field)) continue;
        const conf = header === '' ? s.confidence : s.confidence - 0.05;
        candidates.push({ column: c, field: s.field, confidence: conf, rank: 0, reason: withUnit({ zh: `内容识别：${s.zh}`, en: `content: ${s.en}` }, s.field, norm.unit) });
      }
      if (other && other.how === 'exact') {
        const label = FIELD_LABELS[other.field];
        fallback.push({ zh: `表头“${header}”对应“${label.zh}”，本类导入不使用该字段，已忽略`, en: `header ${header} means ${label.en}, which this import kind does not use; ignored` });
      } else if (header === '' && values.every((v) => isBlankCell(v))) fallback.push({ zh: '空列，已忽略', en: 'empty column; ignored' });
      else if (header === '') fallback.push({ zh: '无表头且内容无法识别，已忽略', en: 'no header and content not recognised; ignored' });
      else fallback.push({ zh: `未识别表头“${header}”，已忽略`, en: `header ${header} not recognised; ignored` });
    } else fallback.push({ zh: '', en: '' });
  }

  candidates.sort((a, b) => b.confidence - a.confidence || a.rank - b.rank || a.column - b.column);
  const byField = new Map<FieldId, number>();
  const chosen = new Map<number, Candidate>();
  for (const cand of candidates) {
    if (chosen.has(cand.column) || byField.has(cand.field)) continue;
    chosen.set(cand.column, cand);
    byField.set(cand.field, cand.column);
  }

  const out: ColumnMapping[] = [];
  for (let c = 0; c < width; c++) {
    const header = headers[c] ?? '';
    const pick = chosen.get(c);
    if (pick) {
      out.push({
        column: c,
        header,
        field: pick.field,
        confidence: Math.round(pick.confidence * 100) / 100,
        reason: pick.reason,
        unit: isMoneyField(pick.field) ? (units[c] ?? 'yuan') : null,
      });
      continue;
    }
    const lost = candidates.find((cand) => cand.column === c);
    let reason = fallback[c] ?? { zh: '', en: '' };
    if (lost) {
      const winner = byField.get(lost.field) ?? c;
      const label = FIELD_LABELS[lost.field];
      const wh = headers[winner] ?? '';
      reason = {
        zh: `与${columnLetter(winner)}列“${wh}”同为“${label.zh}”，已保留匹配更好的${columnLetter(winner)}列，此列忽略`,
        en: `also matches ${label.en} like column ${columnLetter(winner)} (${wh}); kept the better match, this column ignored`,
      };
    }
    out.push({ column: c, header, field: null, confidence: 0, reason, unit: null });
  }
  return out;
}

/** Re-checks a user-edited mapping: the fields used twice (to show as a validation error). */
export function duplicateFields(mapping: readonly ColumnMapping[]): FieldId[] {
  const seen = new Set<FieldId>();
  const dup = new Set<FieldId>();
  for (const m of mapping) {
    if (m.field === null) continue;
    if (seen.has(m.field)) dup.add(m.field);
    seen.add(m.field);
  }
  return [...dup];
}
