/**
 * Differential test of the streaming .xlsx reader against SheetJS, cell by cell, on generated
 * workbooks that cover what real writers produce: shared and inline strings (rich text, phonetic
 * runs, escapes, _xHHHH_), numbers (integers, decimals, exponents, negatives), booleans, errors,
 * formulas with cached values, date formats (built-in and custom), date1904, merged cells for
 * two-row headers, hidden sheets, sparse rows and cells without a reference, namespace prefixes.
 */
import JSZip from 'jszip';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import type { RawCell, RawWorkbook } from '../../shared/import/types';
import { DEFAULT_READ_LIMITS, sheetJsReader, useStreamingXlsx } from '../../electron/backend/import/reader';
import type { ReadError } from '../../electron/backend/import/readError';
import { readXlsxStreaming } from '../../electron/backend/import/xlsxStream';
import { listEntries } from '../../electron/backend/import/zipEntries';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { groupMasterSheet, monthlyBillingSheet, sheetToAoa } from '../../shared/demo/demoWorkbooks';

const LIMITS = { ...DEFAULT_READ_LIMITS, maxEntryBytes: 1 << 30, maxCells: 50_000_000 };

function readBoth(bytes: Uint8Array, name = 'fixture.xlsx'): { stream: RawWorkbook; sheetjs: RawWorkbook } {
  useStreamingXlsx(true);
  const stream = sheetJsReader.read(bytes, name);
  useStreamingXlsx(false);
  try {
    return { stream, sheetjs: sheetJsReader.read(bytes, name) };
  } finally {
    useStreamingXlsx(true);
  }
}

const norm = (v: RawCell | undefined): RawCell => (v === undefined ? null : v);

/** Every difference, as "sheet!R,C: stream vs sheetjs". */
export function differences(a: RawWorkbook, b: RawWorkbook): string[] {
  const out: string[] = [];
  if (a.date1904 !== b.date1904) out.push(`date1904 ${a.date1904} vs ${b.date1904}`);
  if (a.sheets.length !== b.sheets.length) out.push(`sheets ${a.sheets.length} vs ${b.sheets.length}`);
  a.sheets.forEach((sa, i) => {
    const sb = b.sheets[i];
    if (!sb) return;
    if (sa.name !== sb.name) out.push(`sheet ${i} name ${sa.name} vs ${sb.name}`);
    if (sa.hidden !== sb.hidden) out.push(`${sa.name} hidden ${sa.hidden} vs ${sb.hidden}`);
    const ma = JSON.stringify([...sa.merges].sort((x, y) => x.s.r - y.s.r || x.s.c - y.s.c));
    const mb = JSON.stringify([...sb.merges].sort((x, y) => x.s.r - y.s.r || x.s.c - y.s.c));
    if (ma !== mb) out.push(`${sa.name} merges ${ma} vs ${mb}`);
    const rows = Math.max(sa.rows.length, sb.rows.length);
    for (let r = 0; r < rows; r++) {
      const ra = sa.rows[r] ?? [];
      const rb = sb.rows[r] ?? [];
      const cols = Math.max(ra.length, rb.length);
      for (let c = 0; c < cols; c++) {
        const x = norm(ra[c]);
        const y = norm(rb[c]);
        if (!Object.is(x, y)) out.push(`${sa.name}!${r + 1},${c + 1}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
      }
    }
    for (const [k, z] of Object.entries(sb.formats ?? {})) {
      const row = Number(k.split(':')[0]);
      if (row < 200 && sa.formats?.[k] !== z) out.push(`${sa.name} format ${k}: ${String(sa.formats?.[k])} vs ${z}`);
    }
  });
  return out;
}

async function zipOf(files: Record<string, string>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

const CT = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WB_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;
const STYLES = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/><numFmt numFmtId="165" formatCode="#,##0.00"/></numFmts><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="10" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/></cellXfs></styleSheet>`;
const SST = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="7" uniqueCount="7"><si><t>集团编码</t></si><si><t>集团名称</t></si><si><r><rPr><b/></rPr><t>出账</t></r><r><t xml:space="preserve">收入 </t></r></si><si><t>统付</t><rPh sb="0" eb="2"><t>トウフ</t></rPh></si><si><t>A&amp;B &lt;公司&gt; _x000D_ 行</t></si><si><t/></si><si><t>账期</t></si></sst>`;

function workbookXml(date1904: boolean, prefix = ''): string {
  const p = prefix ? `${prefix}:` : '';
  return `<?xml version="1.0" encoding="UTF-8"?><${p}workbook xmlns${prefix ? `:${prefix}` : ''}="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><${p}workbookPr${date1904 ? ' date1904="1"' : ''}/><${p}sheets><${p}sheet name="出账" sheetId="1" r:id="rId1"/><${p}sheet name="隐藏" sheetId="2" state="hidden" r:id="rId2"/></${p}sheets></${p}workbook>`;
}

function sheet1(prefix = ''): string {
  const p = prefix ? `${prefix}:` : '';
  const c = (ref: string, body: string, attrs = '') => `<${p}c r="${ref}"${attrs}>${body}</${p}c>`;
  const v = (x: string) => `<${p}v>${x}</${p}v>`;
  return `<?xml version="1.0" encoding="UTF-8"?><${p}worksheet xmlns${prefix ? `:${prefix}` : ''}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><${p}dimension ref="A1:Z99999"/><${p}sheetData>` +
    `<${p}row r="1" spans="1:6">${c('A1', v('0'), ' t="s"')}${c('B1', v('1'), ' t="s"')}${c('C1', v('2'), ' t="s"')}<${p}c r="D1" s="0"/>${c('E1', v('6'), ' t="s"')}${c('F1', '<is><t>备注</t></is>', ' t="inlineStr"')}</${p}row>` +
    `<${p}row r="2">${c('C2', v('3'), ' t="s"')}${c('D2', '<is><r><t>个</t></r><r><t>付</t></r></is>', ' t="inlineStr"')}</${p}row>` +
    `<${p}row r="3">${c('A3', v('G001'), ' t="str"')}${c('B3', v('4'), ' t="s"')}${c('C3', v('1234.5'))}${c('D3', v('-0.125'))}${c('E3', v('46296'), ' s="1"')}${c('F3', v('1'), ' t="b"')}</${p}row>` +
    `<${p}row r="5">${c('A5', v('G002'), ' t="str"')}${c('B5', v('5'), ' t="s"')}${c('C5', `<${p}f>C3*2</${p}f>${v('2469')}`)}${c('D5', v('1.5E-3'))}${c('E5', v('46327'), ' s="2"')}${c('F5', v('0'), ' t="b"')}</${p}row>` +
    `<${p}row r="6">${c('A6', v('#N/A'), ' t="e"')}${c('B6', `<${p}f>"x"&amp;"y"</${p}f>${v('x&amp;y')}`, ' t="str"')}${c('C6', v('0.1'), ' s="3"')}${c('D6', v('12345678901234567'))}${c('E6', v('99.99'), ' s="4"')}<${p}c r="F6" t="s"><${p}f>shared</${p}f></${p}c></${p}row>` +
    `<${p}row>${`<${p}c t="str">${v('no ref')}</${p}c>`}${`<${p}c>${v('7')}</${p}c>`}</${p}row>` +
    `<${p}row r="9"/>` +
    `</${p}sheetData><${p}mergeCells count="2"><${p}mergeCell ref="A1:A2"/><${p}mergeCell ref="B1:B2"/></${p}mergeCells></${p}worksheet>`;
}

const SHEET2 = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="2"><c r="B2"><v>3.14159</v></c><c r="AA2" t="s"><v>0</v></c></row></sheetData></worksheet>`;

async function handMade(date1904: boolean, prefix = ''): Promise<Uint8Array> {
  return zipOf({
    '[Content_Types].xml': CT,
    '_rels/.rels': ROOT_RELS,
    'xl/workbook.xml': workbookXml(date1904, prefix),
    'xl/_rels/workbook.xml.rels': WB_RELS,
    'xl/styles.xml': STYLES,
    'xl/sharedStrings.xml': SST,
    'xl/worksheets/sheet1.xml': sheet1(prefix),
    'xl/worksheets/sheet2.xml': SHEET2,
  });
}

describe('streaming .xlsx reader = SheetJS, cell by cell', () => {
  it.each([
    ['hand-made OOXML', false, ''],
    ['hand-made OOXML, date1904', true, ''],
    ['hand-made OOXML with x: prefixes (some .NET writers)', false, 'x'],
  ])('%s', async (_name, date1904, prefix) => {
    const bytes = await handMade(date1904, prefix);
    const { stream, sheetjs } = readBoth(bytes);
    expect(differences(stream, sheetjs)).toEqual([]);
    // and it really read them (a test that cannot fail is a defect)
    expect(stream.sheets[0]?.rows[2]).toEqual(['G001', 'A&B <公司> \r 行', 1234.5, -0.125, 46296, true]);
    expect(stream.sheets[0]?.rows[0]?.[2]).toBe('出账收入 ');
    expect(stream.sheets[0]?.rows[1]?.[3]).toBe('个付');
    expect(stream.sheets[0]?.merges).toHaveLength(2);
    expect(stream.sheets[1]?.hidden).toBe(true);
    expect(stream.date1904).toBe(date1904);
  });

  it('workbooks SheetJS writes (shared strings, dates, numbers, empty cells, several sheets)', () => {
    const wb = XLSX.utils.book_new();
    const aoa: (string | number | boolean | Date | null)[][] = [['集团编码', '账期', '收入', '是否', '日期']];
    for (let i = 0; i < 300; i++) aoa.push([`G${i}`, 202401 + (i % 12), i * 1.01 - 50, i % 3 === 0, i % 7 === 0 ? null : new Date(Date.UTC(2024, i % 12, 1 + (i % 28)))]);
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa, { cellDates: false }), '出账');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['a', null, 'c'], [], [1, 2, 3]]), 'Sheet2');
    for (const bookSST of [true, false]) {
      const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', bookSST }) as ArrayBuffer);
      const { stream, sheetjs } = readBoth(bytes);
      expect(differences(stream, sheetjs)).toEqual([]);
      expect(stream.sheets[0]?.rows.length).toBe(301);
    }
  });

  it('the demo workbooks', () => {
    const branch = generateDemoBranch();
    for (const sheet of [groupMasterSheet(branch), monthlyBillingSheet(branch)]) {
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(sheetToAoa(sheet)), 'Sheet1');
      const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
      const { stream, sheetjs } = readBoth(bytes);
      expect(differences(stream, sheetjs)).toEqual([]);
    }
  });

  it('limits count the cells present, not the declared dimension; a total cell cap', async () => {
    const bytes = await handMade(false);
    // <dimension ref="A1:Z99999"/> declares 99,999 rows; 9 are present
    expect(readXlsxStreaming(bytes, 'f.xlsx', 'xlsx', { ...LIMITS, maxRows: 10 })).not.toBeNull();
    expect(() => readXlsxStreaming(bytes, 'f.xlsx', 'xlsx', { ...LIMITS, maxRows: 5 })).toThrow(/has data on row \d[\d,]*, over the limit of 5 rows/);
    expect(() => readXlsxStreaming(bytes, 'f.xlsx', 'xlsx', { ...LIMITS, maxColumns: 20 })).toThrow(/sheet "隐藏" has more than 20 columns/);
    expect(() => readXlsxStreaming(bytes, 'f.xlsx', 'xlsx', { ...LIMITS, maxCells: 20 })).toThrow(/limit of 20 cells/);
  });

  it('a damaged entry is a clear read error naming the file', async () => {
    const bytes = await handMade(false);
    const broken = bytes.slice();
    // flip bytes inside the sheet's compressed data
    const entry = listEntries(bytes).get('xl/worksheets/sheet1.xml');
    if (!entry) throw new Error('no sheet1');
    const start = entry.offset + 30 + entry.name.length;
    for (let i = start + 5; i < start + Math.min(60, entry.compressed - 5); i++) broken[i] = (broken[i] ?? 0) ^ 0x5a;
    expect(() => readXlsxStreaming(broken, '坏.xlsx', 'xlsx', LIMITS)).toThrow(/坏\.xlsx.*damaged/);
    expect(() => sheetJsReader.read(broken, '坏.xlsx')).toThrow(/坏\.xlsx/);
    // the Chinese message does not end in the zip layer's or the parser's English detail
    for (const read of [() => readXlsxStreaming(broken, '坏.xlsx', 'xlsx', LIMITS), () => sheetJsReader.read(broken, '坏.xlsx')]) {
      const err = (() => {
        try {
          read();
        } catch (e) {
          return e as ReadError;
        }
        throw new Error('no error');
      })();
      expect(err.text.zh).toContain('文件已损坏或不完整');
      expect(err.text.zh.replace('坏.xlsx', '')).not.toMatch(/[A-Za-z]{3,}/);
    }
  });

  it('a sheet cut inside a cell says so in Chinese and in English', async () => {
    const cut = SHEET2.slice(0, SHEET2.indexOf('<v>3.14'));
    const bytes = await zipOf({
      '[Content_Types].xml': CT,
      '_rels/.rels': ROOT_RELS,
      'xl/workbook.xml': workbookXml(false),
      'xl/_rels/workbook.xml.rels': WB_RELS,
      'xl/styles.xml': STYLES,
      'xl/sharedStrings.xml': SST,
      'xl/worksheets/sheet1.xml': sheet1(),
      'xl/worksheets/sheet2.xml': cut,
    });
    let err: ReadError | null = null;
    try {
      readXlsxStreaming(bytes, '断.xlsx', 'xlsx', LIMITS);
    } catch (e) {
      err = e as ReadError;
    }
    expect(err?.text.zh).toMatch(/断\.xlsx：文件已损坏或不完整，无法读取（工作表「.+」在一个单元格中途结束）。请重新导出。/);
    expect(err?.text.en).toMatch(/ends inside a cell/);
  });
});
