/**
 * Header text normalisation: full-width → half-width, no spaces or line
 * breaks, brackets of either width removed, units split off. The `base` is
 * what synonyms are compared with (lower-case, separators removed).
 */
import type { MoneyUnit } from './types';
import { toHalfWidth } from './normalise';

export interface NormalisedHeader {
  /** comparable text: no spaces, brackets, separators or units; Latin letters lower-case */
  base: string;
  /** money unit named by the header (元 / 千元 / 万元, or a bare 万 / 千); null = none named */
  unit: MoneyUnit | null;
  /** the unit text as found ('万元', '人', '%'), null = none */
  unitText: string | null;
}

const OPEN_RE = /[【〔〖「『《〈[{<]/g;
const CLOSE_RE = /[】〕〗」』》〉\]}>]/g;
const SPACE_RE = /(?:[\s\u200b\u200c\u2060\ufeff]|\u200d)+/g;
const SEPARATOR_RE = /[()_\-.·•:;,'"*#/\\|!?。、～~^`]/g;

const MONEY_UNIT_RE = /^(?:单位:?)?(?:人民币)?(万元|千元|元|万|千|yuan|rmb|cny)(?:\/月|每月)?$/i;
const OTHER_UNIT_RE = /^(?:单位:?)?(人|个|户|名|次|件|条|笔|部|台|分钟|min|mins|分|%|‰|天|月|人次)$/i;

function moneyUnitOf(text: string): MoneyUnit {
  if (text.startsWith('万')) return 'wanYuan';
  if (text.startsWith('千')) return 'qianYuan';
  return 'yuan';
}

export function normaliseHeader(text: string | null | undefined): NormalisedHeader {
  let s = toHalfWidth(String(text ?? ''))
    .replace(SPACE_RE, '')
    .replace(OPEN_RE, '(')
    .replace(CLOSE_RE, ')');
  const found: { unit: MoneyUnit | null; unitText: string | null } = { unit: null, unitText: null };
  s = s.replace(/\(([^()]*)\)/g, (_whole, inner: string) => {
    const money = MONEY_UNIT_RE.exec(inner);
    if (money) {
      found.unitText = money[1] ?? inner;
      found.unit = moneyUnitOf(found.unitText);
      return '';
    }
    const other = OTHER_UNIT_RE.exec(inner);
    if (other) {
      found.unitText = other[1] ?? inner;
      return '';
    }
    return inner;
  });
  let unit = found.unit;
  let unitText = found.unitText;
  if (unit === null) {
    const bare = /(?:[/_\-:]?(万元|千元)|[/_\-:](元|万))$/.exec(s);
    if (bare && bare.index > 0) {
      unitText = bare[1] ?? bare[2] ?? '';
      unit = moneyUnitOf(unitText);
      s = s.slice(0, bare.index);
    }
  }
  const base = s.replace(SEPARATOR_RE, '').toLowerCase();
  return { base, unit, unitText };
}

const UNIT_LABEL: Readonly<Record<MoneyUnit, string>> = { yuan: '元', qianYuan: '千元', wanYuan: '万元' };

export function moneyUnitLabel(unit: MoneyUnit): string {
  return UNIT_LABEL[unit];
}

/** Power of ten that turns a value in `unit` into 元. */
export function moneyUnitPow(unit: MoneyUnit | null): number {
  return unit === 'wanYuan' ? 4 : unit === 'qianYuan' ? 3 : 0;
}
