/**
 * Warehouse extracts through DuckDB (electron/backend/warehouse/extract.ts): Parquet and CSV,
 * several rows per group and month added up, period spellings, missing optional columns read as
 * missing, bad rows counted, clear errors; and the demo written as an extract reads back as the
 * demo's own portfolio, so the same engine gives the same numbers.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { computeSummary } from '../../shared/analytics/summary';
import { buildAnalysisView } from '../../shared/views/analysisView';
import { DEFAULT_SETTINGS } from '../../shared/analytics';
import { ExtractError, readExtract } from '../../electron/backend/warehouse/extract';
import { extractCsv, parquetFromCsv } from '../../electron/backend/warehouse/extractWriter';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-extract-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('readExtract', () => {
  it('adds up rows of one group and month, takes the latest attributes, reads period spellings, counts bad rows', async () => {
    const csv = [
      'GROUP_CODE,period,group_name,region,account_manager,total_revenue,unified_pay_revenue,members,contract_end',
      '0012,2026-01,甲公司,长河片区,张伟,100.5,60,10,2026-12-31',
      '0012,202601,甲公司,长河片区,张伟,50,30,5,',
      '0012,2026-02-01,甲公司（新）,西兴片区,,80,,,',
      '0034,202602,乙公司,西兴片区,李娜,,,3,',
      ',2026-02,无编码,西兴片区,李娜,10,,,',
      '0056,2026-13,坏账期,西兴片区,李娜,10,,,',
      '0078,2026-02,丙公司,西兴片区,李娜,,,,',
    ].join('\n');
    const file = path.join(tmp, 'small.csv');
    await fs.writeFile(file, csv);
    const { portfolio, stats } = await readExtract(file);
    expect(stats.rows).toBe(7);
    expect(stats.skipped).toEqual({ noGroupCode: 1, badPeriod: 1, noRevenue: 2 });
    // the leading zeros of the codes survive (CSV cells are read as text)
    expect(portfolio.groups.map((g) => g.groupCode)).toEqual(['0012', '0034', '0078']);
    const g = portfolio.groups[0];
    // latest month's attributes; a missing manager in the latest month keeps the last one known
    expect(g).toMatchObject({ groupName: '甲公司（新）', region: '西兴片区', accountManager: '张伟', contractEnd: '2026-12-31', industry: null });
    const jan = portfolio.facts.find((f) => f.groupCode === '0012' && f.period === '2026-01');
    expect(jan).toMatchObject({ totalRevenue: 150.5, unifiedPayRevenue: 90, members: 15, personalPayRevenue: null, minutes: null });
    expect(portfolio.facts.filter((f) => f.groupCode === '0012').map((f) => f.period)).toEqual(['2026-01', '2026-02']);
    expect(stats.periods).toEqual(['2026-01', '2026-02']);
    expect(stats.missingColumns).toContain('industry');
  });

  it('refuses a file without the required columns, an unknown type and a missing file, naming the file', async () => {
    const file = path.join(tmp, 'nocode.csv');
    await fs.writeFile(file, 'code,period,total_revenue\nA,2026-01,1\n');
    await expect(readExtract(file)).rejects.toThrow(ExtractError);
    await expect(readExtract(file)).rejects.toThrow(/nocode\.csv: missing column group_code/);
    await expect(readExtract(path.join(tmp, 'x.xlsx'))).rejects.toThrow(/give a \.parquet or \.csv/);
    await expect(readExtract(path.join(tmp, 'none.parquet'))).rejects.toThrow(/no such file/);
    const bad = path.join(tmp, 'bad.parquet');
    await fs.writeFile(bad, 'not parquet at all');
    await expect(readExtract(bad)).rejects.toThrow(/bad\.parquet: cannot be read as parquet/);
  });

  it('reads the demo written as a Parquet extract (some facts split in two rows) back as the demo portfolio: same analysis', async () => {
    const demo = generateDemoBranch().portfolio;
    const csv = path.join(tmp, 'demo.csv');
    const parquet = path.join(tmp, 'demo.parquet');
    let n = 0;
    await fs.writeFile(csv, extractCsv(demo, { split: () => n++ % 7 === 0 }));
    await parquetFromCsv(csv, parquet);
    const { portfolio, stats } = await readExtract(parquet);
    expect(stats.format).toBe('parquet');
    expect(stats.rows).toBeGreaterThan(demo.facts.length);
    expect(stats.facts).toBe(demo.facts.length);
    const byCode = new Map(demo.groups.map((g) => [g.groupCode, g]));
    const withFacts = new Set(demo.facts.map((f) => f.groupCode));
    expect(portfolio.groups.length).toBe(withFacts.size);
    for (const g of portfolio.groups) expect(g).toEqual(byCode.get(g.groupCode));
    const key = (f: { groupCode: string; period: string }) => `${f.groupCode}|${f.period}`;
    const want = new Map(demo.facts.map((f) => [key(f), f]));
    for (const f of portfolio.facts) {
      const w = want.get(key(f));
      expect(w).toBeDefined();
      for (const k of ['totalRevenue', 'unifiedPayRevenue', 'personalPayRevenue', 'members', 'offNetMembers', 'minutes', 'arrears', 'complaints'] as const) {
        const a = f[k];
        const b = w?.[k] ?? null;
        if (a === null || b === null) expect(a).toBe(b);
        else expect(a).toBeCloseTo(b, 6);
      }
    }
    // the same engine on it: the same warning zones and value at risk as the demo itself
    const onlyWithFacts = { groups: demo.groups.filter((g) => withFacts.has(g.groupCode)), facts: demo.facts };
    const a = buildAnalysisView(portfolio, DEFAULT_SETTINGS, []);
    const b = buildAnalysisView(onlyWithFacts, DEFAULT_SETTINGS, []);
    expect(a.zones.counts).toEqual(b.zones.counts);
    expect(a.kpis.valueAtRisk.value).toBeCloseTo(b.kpis.valueAtRisk.value ?? NaN, 2);
    expect(computeSummary(portfolio).groups.value).toBe(computeSummary(onlyWithFacts).groups.value);
  }, 60_000);
});
