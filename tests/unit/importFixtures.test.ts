/** Every case of the import fixture corpus through the import engine, asserted exactly. */
import { describe, expect, it } from 'vitest';
import { ImportEngine } from '../../electron/backend/import/engine';
import { CASES, type ExpectedImport } from '../fixtures/import/cases';
import { factRows } from '../../shared/model/factColumns';
import type { NormaliseResult } from '../../shared/import';
const factRowsOf = (r: NormaliseResult | null | undefined): ReturnType<typeof factRows> => (r ? factRows(r.factColumns) : []);

describe('import fixture corpus', () => {
  for (const c of CASES) {
    it(`${c.file}: ${c.about}`, () => {
      const before = JSON.stringify(Object.prototype) + String(({} as Record<string, unknown>).polluted);
      const [file] = new ImportEngine({ templates: [], knownGroupCodes: c.knownGroupCodes ?? [] }).stage([{ fileName: c.file, bytes: c.build() }]);
      if (!file) throw new Error('no result');
      expect(JSON.stringify(Object.prototype) + String(({} as Record<string, unknown>).polluted)).toBe(before);
      if ('readError' in c.expect) {
        expect(file.readError?.code).toBe(c.expect.readError);
        expect(file.readError?.message.zh).toContain(c.file);
        expect(file.readError?.message.en).toContain(c.file);
        return;
      }
      const e: ExpectedImport = c.expect;
      expect(file.readError).toBeNull();
      if (e.sheet) expect(file.sheets[file.sheetIndex]?.name).toBe(e.sheet);
      expect(file.kind).toBe(e.kind);
      expect(file.mapping.map((m) => m.field)).toEqual(e.fields);
      for (const [col, unit] of Object.entries(e.units ?? {})) expect(file.mapping[Number(col)]?.unit).toBe(unit);
      const result = file.result;
      if (!result) throw new Error('no normalise result');
      expect(result.stats.imported).toBe(e.imported);
      if (e.skippedTotal !== undefined) expect(result.stats.skippedTotal).toBe(e.skippedTotal);
      if (e.skippedBlank !== undefined) expect(result.stats.skippedBlank).toBe(e.skippedBlank);
      const got = result.problems.map((p) => [p.code, p.row, p.column]);
      expect(got).toEqual(e.problems);
      for (const p of result.problems) {
        expect(p.file).toBe(c.file);
        expect(p.message.zh.length).toBeGreaterThan(0);
        expect(p.message.en.length).toBeGreaterThan(0);
      }
      expect(file.readWarnings.length).toBe(e.readWarnings ?? 0);
    });
  }

  it('values: 万元 two-row header, GBK text, Excel date periods and cached formula values', () => {
    const run = (name: string) => {
      const c = CASES.find((x) => x.file === name);
      if (!c) throw new Error(name);
      return new ImportEngine({ templates: [], knownGroupCodes: [] }).stage([{ fileName: c.file, bytes: c.build() }])[0]?.result;
    };
    const wan = run('收入两行表头-万元.xlsx');
    expect(factRowsOf(wan)[0]).toMatchObject({ groupCode: '0571000001', period: '2024-03', unifiedPayRevenue: 15000, personalPayRevenue: 5000, totalRevenue: 20000, members: 120 });
    const gbkFacts = run('出账-GBK.csv');
    expect(factRowsOf(gbkFacts)[0]).toMatchObject({ groupCode: '0571000001', totalRevenue: 12345.6 });
    expect(gbkFacts?.groupNames[0]?.groupName).toBe('杭州甲科技有限公司');
    expect(factRowsOf(run('出账-旧版.xls'))[0]?.period).toBe('2024-03');
    expect(factRowsOf(run('公式.xlsx'))[0]?.totalRevenue).toBe(150);
    expect(run('出账-分号.csv')?.groupNames[0]?.groupName).toContain('甲;科技');
  });
});
