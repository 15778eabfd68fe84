/** Facts as columns (issue 14): the column operations, the engine's index from columns, and the bulk path building no row per fact. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastPeriodOf } from '../../electron/backend/ledgerHandlers';
import { Backend } from '../../electron/backend/backend';
import { createWorkspace, OpenWorkspace } from '../../electron/backend/storage/workspaceStore';
import { buildIndex, FACT_FIELDS } from '../../shared/analytics/columnar';
import { groupMasterSheet, monthlyBillingSheet, sheetToAoa } from '../../shared/demo/demoWorkbooks';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { applyImport } from '../../shared/import';
import {
  columnarPortfolio,
  columnsFromFacts,
  concatFactColumns,
  factRows,
  factRowsBuilt,
  filterFactColumns,
  sortFactColumns,
} from '../../shared/model/factColumns';
import { minimalGroup, type MonthlyFact, type Portfolio } from '../../shared/model/portfolio';
import { partitionPortfolio, restrictPortfolio } from '../../shared/model/scope';
import { periodIndex } from '../../shared/util/period';

const demo = generateDemoBranch({ seed: 7, groups: 80 });

function fact(groupCode: string, period: string, totalRevenue: number, members: number | null = null): MonthlyFact {
  return {
    groupCode,
    period,
    unifiedPayRevenue: null,
    personalPayRevenue: null,
    totalRevenue,
    newBusinessRevenue: null,
    members,
    offNetMembers: null,
    minutes: null,
    arrears: null,
    complaints: null,
    faults: null,
    products: null,
  };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

describe('fact columns', () => {
  it('round-trip rows, and filter / concat / sort as the row operations do', () => {
    const rows = demo.portfolio.facts.slice(0, 500).reverse();
    const c = columnsFromFacts(rows);
    expect(c.length).toBe(rows.length);
    expect(factRows(c)).toEqual(rows);
    const keep = (f: MonthlyFact): boolean => f.totalRevenue > 1000;
    const filtered = filterFactColumns(c, (i) => (c.values.totalRevenue[i] as number) > 1000);
    expect(factRows(filtered)).toEqual(rows.filter(keep));
    // dictionaries hold only values in use
    expect(new Set(filtered.codes)).toEqual(new Set(rows.filter(keep).map((f) => f.groupCode)));
    const more = [fact('ZZ1', '2030-01', 5), fact(rows[0]?.groupCode ?? '', '2030-02', 6, 3)];
    expect(factRows(concatFactColumns(c, columnsFromFacts(more)))).toEqual([...rows, ...more]);
    const sorted = rows.slice().sort((a, b) => cmp(a.period, b.period) || cmp(a.groupCode, b.groupCode));
    expect(factRows(sortFactColumns(c))).toEqual(sorted);
  });

  it('a columnar portfolio builds its rows only when `facts` is read, and assigning rows replaces the columns', () => {
    const p = columnarPortfolio({ groups: demo.portfolio.groups, factColumns: columnsFromFacts(demo.portfolio.facts) });
    expect(factRowsBuilt(p)).toBe(false);
    buildIndex(p);
    expect(factRowsBuilt(p)).toBe(false);
    // a new action's base month (actions.save) reads the period dictionary, not the rows
    let newest = '';
    for (const f of demo.portfolio.facts) if (f.period > newest) newest = f.period;
    expect(lastPeriodOf(p)).toBe(newest);
    expect(factRowsBuilt(p)).toBe(false);
    expect(p.facts).toEqual(demo.portfolio.facts);
    expect(factRowsBuilt(p)).toBe(true);
    // generic copies stay correct: spread and structured clone carry the rows
    expect(structuredClone(p).facts).toEqual(demo.portfolio.facts);
    p.facts = [fact('A', '2024-01', 1)];
    expect(p.factColumns).toBeUndefined();
    expect(buildIndex(p).nG).toBe(demo.portfolio.groups.length + 1);
  });

  it('the index from columns sums duplicates, skips unreadable periods and adds orphan groups as a row-by-row reference does', () => {
    const facts: MonthlyFact[] = [
      fact('G2', '2024-03', 30, 4),
      fact('G1', '2024-01', 10, 2),
      fact('G1', '2024-01', 5, null), // a second account: summed
      fact('G1', '2024-03', 7, 1),
      fact('G9', '2024-02', 4, 9), // not in the master: an orphan group
      fact('G1', '2024-13', 100, 100), // not a period: skipped
    ];
    const p: Portfolio = { groups: [minimalGroup('G1'), minimalGroup('G2'), minimalGroup('G3')], facts };
    // reference: row by row
    const total = new Map<string, number>();
    const members = new Map<string, number>();
    for (const f of facts) {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(f.period)) continue;
      const k = `${f.groupCode}|${periodIndex(f.period)}`;
      total.set(k, (total.get(k) ?? 0) + f.totalRevenue);
      if (f.members !== null) members.set(k, (members.get(k) ?? 0) + f.members);
    }
    for (const q of [p, columnarPortfolio({ groups: p.groups, factColumns: columnsFromFacts(facts) })]) {
      const ix = buildIndex(q);
      expect(ix.codes).toEqual(['G1', 'G2', 'G3', 'G9']);
      expect(ix.stats).toEqual({ facts: 6, duplicateFacts: 1, invalidPeriodFacts: 1, orphanFactGroups: 1 });
      expect(ix.periods).toEqual(['2024-01', '2024-02', '2024-03']);
      for (let g = 0; g < ix.nG; g++) {
        for (let t = 0; t < ix.nP; t++) {
          const k = `${ix.codes[g]}|${ix.p0 + t}`;
          const first = ix.first[g] as number;
          const want = total.get(k) ?? (first >= 0 && t > first ? 0 : NaN);
          expect(ix.m.totalRevenue[g * ix.nP + t]).toBe(want);
          expect(ix.m.members[g * ix.nP + t]).toBe(members.get(k) ?? NaN);
        }
      }
      expect(FACT_FIELDS.filter((f) => ix.provided[f])).toEqual(['totalRevenue', 'members']);
    }
  });

  it('partitionPortfolio of columns gives each part its facts as columns, as the rows partition does', () => {
    const cols = columnarPortfolio({ groups: demo.portfolio.groups, factColumns: columnsFromFacts(demo.portfolio.facts) });
    const byRows = partitionPortfolio(demo.portfolio, 'region');
    const byCols = partitionPortfolio(cols, 'region');
    expect([...byCols.keys()]).toEqual([...byRows.keys()]);
    expect(byCols.size).toBeGreaterThan(1);
    for (const [region, part] of byCols) {
      expect(part.factColumns).toBeDefined();
      expect(factRows(part.factColumns ?? columnsFromFacts([]))).toEqual(byRows.get(region)?.facts);
      expect(part.groups).toEqual(byRows.get(region)?.groups);
    }
    expect(factRowsBuilt(cols)).toBe(false);
  });

  it('applyImport replaces staged periods in the columns, sorted by period and code', () => {
    const current = columnarPortfolio({ groups: [], factColumns: columnsFromFacts([fact('B', '2024-01', 1), fact('A', '2024-02', 2), fact('A', '2024-01', 3)]) });
    const next = applyImport(current, { factColumns: columnsFromFacts([fact('C', '2024-02', 9)]) });
    expect(next.factColumns).toBeDefined();
    expect(next.facts.map((f) => `${f.period} ${f.groupCode} ${f.totalRevenue}`)).toEqual(['2024-01 A 3', '2024-01 B 1', '2024-02 C 9']);
    expect(factRowsBuilt(current)).toBe(false);
  });
});

describe('the bulk path builds no object per fact', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-factcols-'));
  });
  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const xlsx = (aoa: (string | number | null)[][], name: string): string => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), name);
    return Buffer.from(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer).toString('base64');
  };

  it('a workspace whose facts file was written from rows (the writer before columns) opens as columns with the same facts', async () => {
    const dir = path.join(dataDir, 'rows-ws');
    await createWorkspace(dir, { name: 'rows', branchName: null, source: 'import', portfolio: demo.portfolio });
    const ws = await OpenWorkspace.open('rows', dir);
    try {
      expect(ws.portfolio.factColumns?.length).toBe(demo.portfolio.facts.length);
      expect(factRows(ws.portfolio.factColumns ?? columnsFromFacts([]))).toEqual(demo.portfolio.facts);
      expect(buildIndex(ws.portfolio).m.totalRevenue).toEqual(buildIndex(demo.portfolio).m.totalRevenue);
    } finally {
      await ws.close();
    }
  });

  it('import, commit, analysis, overview, summary, group detail, scope and reopening leave the rows unbuilt', async () => {
    const backend = await Backend.start({ dataDir, version: 'test', mode: 'browser' });
    const ws = await backend.call('workspace.create', { name: '列式' });
    const { sessionId } = await backend.call('import.start', {
      files: [
        { name: '集团客户资料.xlsx', dataBase64: xlsx(sheetToAoa(groupMasterSheet(demo)), '集团客户资料') },
        { name: '月度出账.xlsx', dataBase64: xlsx(sheetToAoa(monthlyBillingSheet(demo)), '月度出账') },
      ],
    });
    await backend.imports.get(sessionId)?.settled();
    const status = await backend.call('import.status', { sessionId });
    expect(status.plan?.factRows).toBe(demo.portfolio.facts.length);
    await backend.call('import.commit', { sessionId, confirmReplace: false });
    const portfolio = backend.workspace?.portfolio;
    if (!portfolio) throw new Error('no workspace');
    expect(portfolio.factColumns?.length).toBe(demo.portfolio.facts.length);
    const analysis = await backend.call('analysis.get', {});
    await backend.call('overview.get', {});
    await backend.call('summary.get', {});
    const code = demo.portfolio.groups[0]?.groupCode ?? '';
    const detail = await backend.call('analysis.group', { groupCode: code });
    expect(detail.group.groupCode).toBe(code);
    const region = demo.portfolio.groups[0]?.region;
    if (region) await backend.call('scope.set', { scope: { regions: [region] } });
    await backend.call('analysis.get', {});
    expect(analysis.asOf).toBeTruthy();
    expect(factRowsBuilt(portfolio)).toBe(false);

    // reopened from disk: columns again, the same facts as the demo (in the stored order)
    const again = await OpenWorkspace.open('again', ws.path);
    try {
      expect(again.portfolio.factColumns).toBeDefined();
      const want = demo.portfolio.facts.slice().sort((a, b) => cmp(a.period, b.period) || cmp(a.groupCode, b.groupCode));
      expect(factRows(again.portfolio.factColumns ?? columnsFromFacts([]))).toEqual(want);
      expect(factRowsBuilt(again.portfolio)).toBe(false);
    } finally {
      await again.close();
    }
    expect(restrictPortfolio(portfolio, { regions: region ? [region] : [] }).factColumns).toBeDefined();
  });
});
