/**
 * Chinese quotation marks in the Chinese UI (issue 13): a Chinese text written in the code — import
 * messages above all (缺少必需的“集团编码”列, 集团编码“…”无法识别) — quotes a name with “…”, not ASCII "…".
 * English texts keep ASCII quotes: `en:` literals are not looked at, nor English sentences that
 * mention a Chinese word. The companion of englishTextPunctuation.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { appSources } from './support/sourceFiles';
import { analyseSheet, normaliseSheet } from '../../shared/import';

const CJK = /[\u4e00-\u9fff]/;
/** a string literal on one line, '…' or `…`, with an `en:` before it when it has one */
const LITERAL = /(\ben:\s*)?(['`])((?:\\.|(?!\2).)*)\2/g;
/** texts that must keep ASCII quotes: spreadsheet number-format codes ("个百分点" is a literal suffix there) */
const ALLOWED = [/^\+0\.0"个百分点"/];

/** Chinese texts of a source with an ASCII double quote, as "file:line: text". */
function offendersIn(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, k) => {
    // an English text of a zh/en pair split over lines (`en: ok ? '…' : \`…\``)
    if (/^\s*en:/.test(line)) return;
    for (const m of line.matchAll(LITERAL)) {
      if (m[1]) continue;
      // ${…} parts are code
      const literal = (m[3] ?? '').replace(/\$\{[^}]*\}/g, '');
      if (!CJK.test(literal) || !literal.includes('"')) continue;
      if (ALLOWED.some((a) => a.test(literal))) continue;
      found.push(`${file}:${k + 1}: ${literal}`);
    }
  });
  return found;
}

describe('Chinese texts in the code', () => {
  it('finds the quotes it looks for', () => {
    expect(offendersIn('x.ts', '  zh: `缺少必需的"${label.zh}"列`,')).toHaveLength(1);
    expect(offendersIn('x.ts', "    notImported: '尚未导入（类型选\"关键人\"）',")).toHaveLength(1);
    expect(offendersIn('x.ts', '  zh: `缺少必需的“${label.zh}”列`, en: `missing "${label.en}" column`,')).toHaveLength(0);
    expect(offendersIn('x.ts', '        en: ok ? \'x\' : `member status "${text}" not recognised (expected 在网/离网/携出)`,')).toHaveLength(0);
  });

  it('use Chinese quotation marks in electron/, shared/ and renderer/src/', () => {
    const found: string[] = [];
    for (const { file, text } of appSources()) for (const o of offendersIn(file, text)) found.push(o);
    expect(found).toEqual([]);
  });

  it('an import message quotes a value with “…” in zh and "…" in en', () => {
    const s = { name: '出账', hidden: false, merges: [], rows: [['集团编码', '集团名称', '账期', '出账收入(元)'], ['57100001', '甲', '2026-13', 100], ['57100001', '甲', '2026-10', 'abc']] };
    const a = analyseSheet(s);
    if (!a) throw new Error('not recognised');
    const r = normaliseSheet({ fileName: 'b.xlsx', sheet: s, date1904: false, detection: a.detection, mapping: a.mapping, kind: a.kind });
    const period = r.problems.find((p) => p.code === 'badPeriod');
    expect(period?.message.zh).toContain('账期“2026-13”');
    expect(period?.message.en).toContain('period "2026-13"');
    const number = r.problems.find((p) => p.code === 'badNumber');
    expect(number?.message.zh).toMatch(/^“[^”]+”的值“abc”/);
    expect(number?.message.en).toContain('value "abc"');
  });
});
