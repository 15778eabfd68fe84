import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  excelSerialToYmd,
  normaliseHeader,
  parseCode,
  parseDate,
  parseMemberStatus,
  parseNumber,
  parsePeriodCell,
  parseText,
  scaleByPow10,
  ymdToExcelSerial,
} from '../../shared/import';

const DAY = 86_400_000;
/** independent of the implementation: days since the epoch of each date system */
const serial1900 = (y: number, m: number, d: number): number => (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / DAY;
const serial1904 = (y: number, m: number, d: number): number => (Date.UTC(y, m - 1, d) - Date.UTC(1904, 0, 1)) / DAY;
const pad2 = (n: number): string => String(n).padStart(2, '0');
const fullWidth = (s: string): string => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const withCommas = (intDigits: string): string => intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function value<T>(r: { ok: true; value: T | null } | { ok: false; reason: string }): T | null | string {
  return r.ok ? r.value : `!${r.reason}`;
}

describe('parsePeriodCell', () => {
  // serials of 1900–2999 with a time part read as YYYY.MM (2024.03), so start where serials pass 3000
  const ym = fc.record({ y: fc.integer({ min: 1913, max: 2199 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) });

  it('round-trips every listed form to the same YYYY-MM', () => {
    fc.assert(
      fc.property(ym, fc.double({ min: 0, max: 0.99, noNaN: true }), ({ y, m, d }, time) => {
        const expected = `${y}-${pad2(m)}`;
        const forms: unknown[] = [
          y * 100 + m,
          `${y}${pad2(m)}`,
          `${y}-${pad2(m)}`,
          `${y}-${m}`,
          `${y}/${m}`,
          `${y}/${pad2(m)}`,
          `${y}.${pad2(m)}`,
          `${y}年${m}月`,
          `${y}年${pad2(m)}月`,
          `${y}-${pad2(m)}-01`,
          `${y}-${pad2(m)}-${pad2(d)}`,
          `${y}/${m}/${d}`,
          `${y}年${m}月${d}日`,
          `${y}${pad2(m)}${pad2(d)}`,
          `${y}-${pad2(m)}-${pad2(d)} 00:00:00`,
          fullWidth(`${y}年${m}月`),
          ` ${y}-${pad2(m)} `,
        ];
        for (const f of forms) expect(value(parsePeriodCell(f as string | number)), String(f)).toBe(expected);
        expect(value(parsePeriodCell(serial1900(y, m, d), { date1904: false }))).toBe(expected);
        expect(value(parsePeriodCell(serial1900(y, m, d) + time, { date1904: false }))).toBe(expected);
        expect(value(parsePeriodCell(serial1904(y, m, d), { date1904: true }))).toBe(expected);
        expect(value(parsePeriodCell(serial1904(y, m, d) + time, { date1904: true }))).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('knows the Excel anchors, the 1900 leap-year bug and the 1904 system', () => {
    expect(value(parsePeriodCell(45352))).toBe('2024-03'); // 2024-03-01
    expect(value(parseDate(45352))).toBe('2024-03-01');
    expect(value(parseDate(45352 - 1462, { date1904: true }))).toBe('2024-03-01');
    expect(value(parseDate(1))).toBe('1900-01-01');
    expect(value(parseDate(59))).toBe('1900-02-28');
    expect(parseDate(60).ok).toBe(false); // Excel's fictitious 1900-02-29
    expect(value(parsePeriodCell(60))).toBe('1900-02');
    expect(value(parseDate(61))).toBe('1900-03-01');
    expect(value(parseDate(0, { date1904: true }))).toBe('1904-01-01');
    expect(excelSerialToYmd(0, false)).toBeNull();
    for (const [y, m, d] of [[1900, 1, 1], [1900, 2, 28], [1900, 3, 1], [2024, 2, 29], [2099, 12, 31]] as const) {
      for (const sys of [false, true]) {
        if (sys && y < 1904) continue;
        expect(excelSerialToYmd(ymdToExcelSerial(y, m, d, sys), sys)).toEqual({ y, m, d });
      }
    }
  });

  it('fails with a typed reason, missing is null', () => {
    expect(value(parsePeriodCell('2024-13'))).toBe('!badMonth');
    expect(value(parsePeriodCell('hello'))).toBe('!notPeriod');
    expect(value(parsePeriodCell(true))).toBe('!notPeriod');
    expect(value(parsePeriodCell(2024.1))).toBe('!ambiguousPeriod');
    expect(value(parsePeriodCell(2024.03))).toBe('2024-03');
    expect(value(parsePeriodCell('2024.1'))).toBe('2024-01');
    expect(value(parsePeriodCell(null))).toBeNull();
    expect(value(parsePeriodCell('  '))).toBeNull();
    expect(value(parsePeriodCell('-'))).toBeNull();
    expect(value(parsePeriodCell('Mar-24'))).toBe('2024-03');
    expect(value(parsePeriodCell(202402.5))).toMatch(/^2454-/); // not YYYYMM: read as a serial (the outlier check catches it)
  });
});

describe('parseDate', () => {
  it('round-trips dates in all forms', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1905, 0, 1) / DAY, max: Date.UTC(2199, 11, 31) / DAY }), (day) => {
        const dt = new Date(day * DAY);
        const y = dt.getUTCFullYear();
        const m = dt.getUTCMonth() + 1;
        const d = dt.getUTCDate();
        const expected = `${y}-${pad2(m)}-${pad2(d)}`;
        for (const f of [expected, `${y}/${m}/${d}`, `${y}年${m}月${d}日`, `${y}${pad2(m)}${pad2(d)}`, y * 10000 + m * 100 + d, `${y}.${m}.${d}`])
          expect(value(parseDate(f)), String(f)).toBe(expected);
        expect(value(parseDate(serial1900(y, m, d)))).toBe(expected);
        expect(value(parseDate(serial1904(y, m, d), { date1904: true }))).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
  it('rejects impossible days', () => {
    expect(value(parseDate('2023-02-29'))).toBe('!badDay');
    expect(value(parseDate('2024-02-29'))).toBe('2024-02-29');
    expect(value(parseDate('2024-03'))).toBe('!notDate');
    expect(value(parseDate('无'))).toBeNull();
  });
});

describe('parseNumber', () => {
  const decimal = fc
    .record({ int: fc.bigInt({ min: 0n, max: 10n ** 13n }), frac: fc.integer({ min: 0, max: 99 }), withFrac: fc.boolean() })
    .map(({ int, frac, withFrac }) => ({ intText: int.toString(), fracText: withFrac ? pad2(frac) : '' }));

  const close = (actual: number | null, expected: number): void => {
    expect(actual).not.toBeNull();
    const a = actual ?? NaN;
    expect(Math.abs(a - expected)).toBeLessThanOrEqual(Math.max(1e-12, Math.abs(expected) * 1e-9));
  };
  const num = (s: string): number | null => {
    const r = parseNumber(s);
    if (!r.ok) throw new Error(`${s}: ${r.reason}`);
    return r.value;
  };

  it('parses separators, full width, parentheses, minus, 万元, percent back to the number', () => {
    fc.assert(
      fc.property(decimal, ({ intText, fracText }) => {
        const plain = fracText ? `${intText}.${fracText}` : intText;
        const x = Number(plain);
        const grouped = fracText ? `${withCommas(intText)}.${fracText}` : withCommas(intText);
        close(num(plain), x);
        close(num(grouped), x);
        close(num(fullWidth(grouped)), x);
        close(num(`(${grouped})`), -x);
        close(num(`−${grouped}`), -x);
        close(num(`-${grouped}元`), -x);
        close(num(`${grouped} 元`), x);
        close(num(`${grouped}万元`), x * 10000);
        close(num(`${plain}%`), x / 100);
        close(num(`${grouped}人`), x);
        close(num(`${grouped}分钟`), x);
        close(num(`¥${grouped}`), x);
        expect(parseNumber(`${grouped}万元`)).toMatchObject({ unitInCell: true });
      }),
      { numRuns: 500 },
    );
  });

  it('keeps exact decimals when scaling by units', () => {
    expect(num('1.2345万元')).toBe(12345);
    expect(num('0.07万')).toBe(700);
    expect(num('12.5%')).toBe(0.125);
    expect(num('１２３，４５６．７')).toBe(123456.7);
    expect(num('(1,234.00)')).toBe(-1234);
    expect(scaleByPow10(1.2345, 4)).toBe(12345);
    expect(scaleByPow10(-0.3, 4)).toBe(-3000);
  });

  it('missing is null, not 0; garbage is a typed failure', () => {
    for (const s of ['', '  ', '-', '—', '--', 'N/A', 'n/a', '无', '#N/A', null]) expect(parseNumber(s)).toEqual({ ok: true, value: null, unitInCell: false });
    expect(parseNumber(0)).toEqual({ ok: true, value: 0, unitInCell: false });
    expect(parseNumber('abc')).toEqual({ ok: false, reason: 'notNumber' });
    expect(parseNumber('1,23')).toEqual({ ok: false, reason: 'notNumber' });
    expect(parseNumber('#DIV/0!')).toEqual({ ok: false, reason: 'excelError' });
    expect(parseNumber(true)).toEqual({ ok: false, reason: 'notNumber' });
    expect(parseNumber(Number.NaN)).toEqual({ ok: false, reason: 'notNumber' });
  });
});

describe('parseCode', () => {
  it('keeps leading zeros of digit strings', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^0{1,4}\d{2,16}$/), (s) => {
        expect(parseCode(s)).toEqual({ ok: true, value: s, mangled: false });
        expect(parseCode(` ${fullWidth(s)}\u3000`)).toEqual({ ok: true, value: s, mangled: false });
      }),
    );
  });
  it('prints numeric cells without .0 and flags scientific-notation damage', () => {
    expect(parseCode(571034006)).toEqual({ ok: true, value: '571034006', mangled: false });
    expect(parseCode(123456789012)).toEqual({ ok: true, value: '123456789012', mangled: false });
    expect(parseCode(123457000000)).toEqual({ ok: true, value: '123457000000', mangled: true });
    expect(parseCode(1234567890123456800)).toMatchObject({ ok: true, mangled: true });
    expect(parseCode('1.23E+11')).toEqual({ ok: true, value: '1.23E+11', mangled: true });
    expect(parseCode('1.23457e+11')).toEqual({ ok: true, value: '1.23457E+11', mangled: true });
    expect(parseCode('="0571"')).toEqual({ ok: true, value: '0571', mangled: false });
    expect(parseCode("'0571")).toEqual({ ok: true, value: '0571', mangled: false });
    expect(parseCode('571034006.0')).toEqual({ ok: true, value: '571034006', mangled: false });
    expect(parseCode('')).toEqual({ ok: true, value: null, mangled: false });
    expect(parseCode(12.5)).toEqual({ ok: false, reason: 'notCode' });
  });
});

describe('text, status, headers', () => {
  it('parseText trims and collapses', () => {
    expect(parseText('  杭州\u3000\u3000某 公司 \n')).toEqual({ ok: true, value: '杭州 某 公司' });
    expect(parseText('   ')).toEqual({ ok: true, value: null });
    expect(parseText(42)).toEqual({ ok: true, value: '42' });
  });
  it('parseMemberStatus', () => {
    for (const s of ['在网', '正常', 'active', ' Active ']) expect(value(parseMemberStatus(s))).toBe('active');
    for (const s of ['离网', '拆机', '销户']) expect(value(parseMemberStatus(s))).toBe('left');
    for (const s of ['携出', '携转']) expect(value(parseMemberStatus(s))).toBe('portedOut');
    expect(value(parseMemberStatus('停机'))).toBe('!notStatus');
    expect(value(parseMemberStatus(null))).toBeNull();
  });
  it('normaliseHeader splits units and widths', () => {
    expect(normaliseHeader('统付收入(万元)')).toEqual({ base: '统付收入', unit: 'wanYuan', unitText: '万元' });
    expect(normaliseHeader('统付收入（万元）')).toMatchObject({ base: '统付收入', unit: 'wanYuan' });
    expect(normaliseHeader('统付收入【千元】')).toMatchObject({ base: '统付收入', unit: 'qianYuan' });
    expect(normaliseHeader('出账收入\n(元)')).toMatchObject({ base: '出账收入', unit: 'yuan' });
    expect(normaliseHeader('收入(万)')).toMatchObject({ base: '收入', unit: 'wanYuan' });
    expect(normaliseHeader('收入（单位：万元）')).toMatchObject({ base: '收入', unit: 'wanYuan' });
    expect(normaliseHeader('收入/万元')).toMatchObject({ base: '收入', unit: 'wanYuan' });
    expect(normaliseHeader('成员数(人)')).toEqual({ base: '成员数', unit: null, unitText: '人' });
    expect(normaliseHeader('Group_ID')).toMatchObject({ base: 'groupid', unit: null });
    expect(normaliseHeader('ＩＣＴ 收入')).toMatchObject({ base: 'ict收入' });
    expect(normaliseHeader('集团编码(含前导0)')).toMatchObject({ base: '集团编码含前导0', unit: null });
  });
});
