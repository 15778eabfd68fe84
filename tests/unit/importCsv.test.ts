import { describe, expect, it } from 'vitest';
import {
  analyseSheet,
  delimitedToSheet,
  detectDelimiter,
  detectEncoding,
  detectHeader,
  isValidUtf8,
  normaliseSheet,
  parseDelimited,
  utf16Bom,
} from '../../shared/import';
import { factRows } from '../../shared/model/factColumns';

/** UTF-8 bytes without TextEncoder (plain code-point arithmetic) */
function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(out);
}

describe('detectEncoding', () => {
  // 集团编码 in GBK: 集=BCAF 团=CDC5 编=B1E0 码=C2EB
  const gbk = [0xbc, 0xaf, 0xcd, 0xc5, 0xb1, 0xe0, 0xc2, 0xeb];
  it('GBK bytes → gb18030', () => {
    expect(detectEncoding(Uint8Array.from(gbk))).toBe('gb18030');
    expect(detectEncoding(Uint8Array.from([...gbk, 0x2c, 0x41, 0x0a, 0x31, 0x32]))).toBe('gb18030');
  });
  it('UTF-8 with and without BOM', () => {
    const body = utf8('集团编码,集团名称\n0571,甲公司\n');
    expect(detectEncoding(body)).toBe('utf-8');
    expect(detectEncoding(Uint8Array.from([0xef, 0xbb, 0xbf, ...body]))).toBe('utf-8-bom');
    expect(detectEncoding(utf8('plain ascii,1,2'))).toBe('utf-8');
    expect(detectEncoding(new Uint8Array(0))).toBe('utf-8');
  });
  it('strict UTF-8: overlongs, surrogates, cut-off tail', () => {
    expect(isValidUtf8(Uint8Array.from([0xc0, 0xaf]))).toBe(false); // overlong '/'
    expect(isValidUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(false); // surrogate
    expect(isValidUtf8(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]))).toBe(false); // > U+10FFFF
    expect(isValidUtf8(utf8('😀'))).toBe(true);
    expect(isValidUtf8(utf8('集团').slice(0, 4))).toBe(true); // a sample cut mid-character
    expect(utf16Bom(Uint8Array.from([0xff, 0xfe, 0x41, 0]))).toBe('utf-16le');
    expect(utf16Bom(utf8('a'))).toBeNull();
  });
});

describe('parseDelimited', () => {
  it('detects comma, tab and semicolon', () => {
    const rows = [['集团编码', '集团名称', '收入'], ['0571', '甲公司', '1,234.5'], ['0572', '乙;公司', '7']];
    for (const d of [',', '\t', ';'] as const) {
      const text = rows.map((r) => r.map((v) => (v.includes(d) || v.includes(',') || v.includes(';') ? `"${v}"` : v)).join(d)).join('\r\n');
      const res = parseDelimited(text);
      expect(res.delimiter).toBe(d);
      expect(res.rows).toEqual(rows);
    }
    expect(detectDelimiter('a\tb, c\tx\n1\t2, 3\t4\n5\t6\t7')).toBe('\t');
    expect(detectDelimiter('just one column\nsecond')).toBe(',');
  });

  it('RFC 4180 quotes, escaped quotes, line breaks inside quotes, CR / LF / CRLF, trailing line', () => {
    const text = '\ufeffa,b,c\r\n"x ""quoted""","multi\nline","with,comma"\r"",,end\n';
    const res = parseDelimited(text);
    expect(res.rows).toEqual([
      ['a', 'b', 'c'],
      ['x "quoted"', 'multi\nline', 'with,comma'],
      ['', '', 'end'],
    ]);
    expect(res.overflows).toEqual([]);
    expect(res.unterminatedQuote).toBe(false);
    expect(parseDelimited('').rows).toEqual([]);
    expect(parseDelimited('a,b\n\nc,d').rows).toEqual([['a', 'b'], [''], ['c', 'd']]);
    expect(parseDelimited('a,"b').unterminatedQuote).toBe(true);
  });

  it('reports overflows as flags and never throws', () => {
    const wide = Array.from({ length: 10 }, (_, i) => `c${i}`).join(',');
    const res = parseDelimited(`${wide}\n${'x'.repeat(50)},y`, { maxColumns: 4, maxCellChars: 20 });
    expect(res.rows[0]).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(res.rows[1]?.[0]).toBe('x'.repeat(20));
    expect(res.overflows).toEqual([
      { kind: 'columns', limit: 4, row: 1 },
      { kind: 'cellChars', limit: 20, row: 2 },
    ]);
    const many = parseDelimited('a\nb\nc\nd', { maxRows: 2 });
    expect(many.rows).toEqual([['a'], ['b']]);
    expect(many.overflows).toEqual([{ kind: 'rows', limit: 2, row: 3 }]);
  });

  it('feeds header detection (title line, numbers as text)', () => {
    const csv = '滨江区集团出账,,,\n,,,\n集团编码,账期,出账收入(元),成员数\n0571000001,202403,"1,234.50",12\n合计,,1234.5,12\n';
    const sheet = delimitedToSheet('bill', parseDelimited(csv).rows);
    expect(sheet.rows[1]).toEqual([null, null, null, null]);
    expect(detectHeader(sheet)).toMatchObject({ headerRow: 2, dataStartRow: 3, headers: ['集团编码', '账期', '出账收入(元)', '成员数'] });
    const a = analyseSheet(sheet);
    if (!a) throw new Error('no header');
    const res = normaliseSheet({ fileName: 'bill.csv', sheet, date1904: false, detection: a.detection, mapping: a.mapping, kind: a.kind });
    expect(factRows(res.factColumns)).toEqual([
      {
        groupCode: '0571000001', period: '2024-03', unifiedPayRevenue: null, personalPayRevenue: null, totalRevenue: 1234.5, newBusinessRevenue: null,
        members: 12, offNetMembers: null, minutes: null, arrears: null, complaints: null, faults: null, products: null,
      },
    ]);
    expect(res.stats).toMatchObject({ imported: 1, skippedTotal: 1 });
  });
});
