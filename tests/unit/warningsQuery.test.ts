/** 流失预警 on the backend: the filters, search and sort the table's windows are cut from, and the export. */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { WarningPageSchema, type WarningFilter, type WarningRow } from '../../shared/api/analysisContract';
import { buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import type { AnalysisContext } from '../../electron/backend/analysisContext';
import { buildAnalysisView } from '../../shared/views/analysisView';
import { warningsHandlers } from '../../electron/backend/warningsHandlers';
import { compareRows, daysToContractEnd, matchesFilter, WarningQueryCache } from '../../shared/views/warningsQuery';

const demo = generateDemoBranch();
const ix = buildIndex(demo.portfolio);
const view = buildAnalysisView(demo.portfolio, DEFAULT_SETTINGS, [], undefined, ix);
const ctx: AnalysisContext = {
  workspace: () => {
    throw new Error('not used');
  },
  settings: () => DEFAULT_SETTINGS,
  index: () => ix,
  analysis: () => view,
  cacheKey: () => 'k',
  dataKey: () => 'k',
  portfolio: () => {
    throw new Error('not used');
  },
  userError: (e) => new Error(e.message.en),
};
const h = warningsHandlers(ctx);
const ALL: WarningFilter = { zones: [], abOnly: false, contractSoon: false, noManager: false, region: null, groupClass: null, industry: null, manager: null, stage: null, search: '' };

describe('warning list queries', () => {
  it('days to the contract end count from the end of the as-of month', () => {
    expect(daysToContractEnd('2026-11-30', '2026-10')).toBe(30);
    expect(daysToContractEnd('2026-10-01', '2026-10')).toBe(-30);
    expect(daysToContractEnd(null, '2026-10')).toBeNull();
    expect(daysToContractEnd('not a date', '2026-10')).toBeNull();
  });

  it('sorting by contract end: running contracts soonest first, then the expired (most recent first), then none', () => {
    const base = view.warnings[0]!;
    const row = (code: string, contractEnd: string | null): WarningRow => ({ ...base, groupCode: code, contractEnd, contractDays: daysToContractEnd(contractEnd, '2026-10') });
    const rows = [row('long-expired', '2024-01-31'), row('later', '2027-06-30'), row('none', null), row('soon', '2026-11-15'), row('just-expired', '2026-10-20')];
    const asc = [...rows].sort(compareRows({ key: 'contractEnd', order: 'asc' })).map((r) => r.groupCode);
    expect(asc).toEqual(['soon', 'later', 'just-expired', 'long-expired', 'none']);
    const desc = [...rows].sort(compareRows({ key: 'contractEnd', order: 'desc' })).map((r) => r.groupCode);
    expect(desc).toEqual(['later', 'soon', 'just-expired', 'long-expired', 'none']);
  });

  it('a window is a slice of the whole filtered list, and the count covers the whole list', async () => {
    const filter: WarningFilter = { ...ALL, zones: ['red', 'yellow', 'blue'] };
    const expected = view.warnings.filter((w) => filter.zones.includes(w.zone));
    const first = await h['warnings.query']({ filter, sort: { key: 'default', order: 'desc' }, offset: 0, limit: 10 });
    const second = await h['warnings.query']({ filter, sort: { key: 'default', order: 'desc' }, offset: 10, limit: 10 });
    expect(WarningPageSchema.safeParse(first).success).toBe(true);
    expect(first.total).toBe(expected.length);
    expect(first.all).toBe(view.warnings.length);
    expect([...first.rows, ...second.rows].map((w) => w.groupCode)).toEqual(expected.slice(0, 20).map((w) => w.groupCode));
    expect(first.zoneCounts).toEqual(view.zones.counts);
  });

  it('quick filters, field filters and search each narrow the list by their rule', () => {
    const rows = view.warnings;
    const manager = rows.find((w) => w.accountManager !== null)?.accountManager ?? null;
    const cases: [Partial<WarningFilter>, (w: WarningRow) => boolean][] = [
      [{ abOnly: true }, (w) => /^[AB]/i.test(w.groupClass ?? '')],
      [{ noManager: true }, (w) => w.accountManager === null],
      [{ contractSoon: true }, (w) => w.contractDays !== null && w.contractDays >= 0 && w.contractDays <= 90],
      [{ manager }, (w) => w.accountManager === manager],
      [{ search: rows[5]?.groupCode ?? '' }, (w) => w.groupCode.includes(rows[5]?.groupCode ?? '')],
    ];
    for (const [f, rule] of cases) {
      const got = rows.filter((w) => matchesFilter(w, { ...ALL, ...f }));
      expect(got.length).toBeGreaterThan(0);
      expect(got.length).toBe(rows.filter(rule).length);
    }
  });

  it('a search counts its matches in the unticked zones, each other filter held; none without a search or zones', async () => {
    const cache = new WarningQueryCache();
    const rows = view.warnings;
    const target = rows.find((w) => w.zone === 'green') ?? rows[rows.length - 1]!;
    const filter: WarningFilter = { ...ALL, zones: ['red', 'yellow'], search: target.groupCode };
    const elsewhere = cache.searchElsewhere(rows, filter);
    const expected = new Map<string, number>();
    for (const w of rows) if (!filter.zones.includes(w.zone) && matchesFilter(w, { ...filter, zones: [] })) expected.set(w.zone, (expected.get(w.zone) ?? 0) + 1);
    expect(elsewhere.length).toBeGreaterThan(0);
    expect(Object.fromEntries(elsewhere.map((e) => [e.zone, e.count]))).toEqual(Object.fromEntries(expected));
    expect(elsewhere.some((e) => e.zone === target.zone)).toBe(true);
    // a held filter that excludes the group removes it from the hint too
    expect(cache.searchElsewhere(rows, { ...filter, region: '__nowhere__' })).toEqual([]);
    expect(cache.searchElsewhere(rows, { ...filter, search: '' })).toEqual([]);
    expect(cache.searchElsewhere(rows, { ...filter, zones: [] })).toEqual([]);
    const page = await h['warnings.query']({ filter, sort: { key: 'default', order: 'desc' }, offset: 0, limit: 10 });
    expect(page.searchElsewhere).toEqual(elsewhere);
  });

  it('sorts by a column in either direction, missing values last, and remembers the last answer', () => {
    const cache = new WarningQueryCache();
    const desc = cache.select(view.warnings, view.asOf, ALL, { key: 'valueAtRisk', order: 'desc' });
    for (let i = 1; i < desc.length; i++) {
      const a = desc[i - 1]?.valueAtRisk ?? null;
      const b = desc[i]?.valueAtRisk ?? null;
      if (a !== null && b !== null) expect(a).toBeGreaterThanOrEqual(b);
      if (a === null) expect(b).toBeNull();
    }
    expect(cache.select(view.warnings, view.asOf, ALL, { key: 'valueAtRisk', order: 'desc' })).toBe(desc);
    const asc = [...view.warnings].sort(compareRows({ key: 'score', order: 'asc' }));
    expect(asc[0]?.score).toBe(view.warnings.reduce((m, w) => Math.min(m, w.score), Infinity));
    const byEnd = cache.select(view.warnings, view.asOf, ALL, { key: 'contractEnd', order: 'asc' });
    const known = byEnd.filter((w) => w.contractEnd !== null);
    // running contracts first, soonest end first; then the expired, most recently expired first; then none
    const running = known.filter((w) => !(w.contractDays !== null && w.contractDays < 0)).map((w) => w.contractEnd as string);
    const expired = known.filter((w) => w.contractDays !== null && w.contractDays < 0).map((w) => w.contractEnd as string);
    expect(known.map((w) => w.contractEnd)).toEqual([...running, ...expired]);
    expect(running).toEqual([...running].sort());
    expect(expired).toEqual([...expired].sort().reverse());
    expect(byEnd.slice(known.length).every((w) => w.contractEnd === null)).toBe(true);
  });

  it('exports the whole filtered list, in the asked language, with formula-like text escaped', async () => {
    const evil = { ...view, warnings: view.warnings.map((w, i) => (i === 0 ? { ...w, groupName: '=HYPERLINK("x")' } : w)) };
    const hx = warningsHandlers({ ...ctx, analysis: () => evil });
    const filter: WarningFilter = { ...ALL, zones: ['red'] };
    const r = await hx['warnings.export']({
      filter,
      sort: { key: 'default', order: 'desc' },
      language: 'en',
      fileName: 'w:1.xlsx',
      sheetName: 'W',
      columns: [
        { id: 'zone', title: 'Zone' },
        { id: 'group', title: 'Group' },
        { id: 'score', title: 'Score' },
      ],
    });
    expect(r.fileName).toBe('w_1.xlsx');
    const wb = XLSX.read(Buffer.from(r.dataBase64, 'base64'));
    const rows = XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets.W as XLSX.WorkSheet, { header: 1 });
    expect(rows[0]).toEqual(['Zone', 'Group', 'Score']);
    expect(rows.length - 1).toBe(view.zones.counts.red);
    expect(rows[1]).toEqual(['Red', `'=HYPERLINK("x")`, evil.warnings[0]?.score]);
  });
});
