import { describe, expect, it } from 'vitest';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { GROUP_MASTER_HEADERS, MONTHLY_BILLING_HEADERS, groupMasterSheet, monthlyBillingSheet, sheetToAoa } from '../../shared/demo/demoWorkbooks';
import type { SheetData } from '../../shared/demo/demoWorkbooks';
import {
  ALL_FIELDS,
  analyseSheet,
  applyTemplate,
  detectHeader,
  headerSignature,
  normaliseSheet,
  sampleDataRows,
  suggestKind,
  suggestMapping,
  synonymConflicts,
  templateFromMapping,
  MappingTemplateSchema,
} from '../../shared/import';
import type { ColumnMapping, FieldId, RawCell, RawSheet } from '../../shared/import';
import { factRows } from '../../shared/model/factColumns';

const branch = generateDemoBranch();

function demoSheet(sd: SheetData, withTitleMerge: boolean): RawSheet {
  const rows = sheetToAoa(sd) as RawCell[][];
  return {
    name: sd.sheetName,
    hidden: false,
    rows,
    merges: withTitleMerge ? [{ s: { r: 0, c: 0 }, e: { r: 0, c: sd.headers.length - 1 } }] : [],
  };
}

const fieldsOf = (mapping: readonly ColumnMapping[]): (FieldId | null)[] => mapping.map((m) => m.field);

describe('synonyms', () => {
  it('no synonym belongs to two fields of one kind, every field has synonyms', () => {
    expect(synonymConflicts()).toEqual([]);
    expect(ALL_FIELDS.length).toBe(37); // 27 + the 6 key-person fields + the 4 survey fields
  });
});

describe('demo workbooks', () => {
  const expectedGroup: FieldId[] = ['groupCode', 'groupName', 'groupClass', 'importance', 'industry', 'region', 'accountManager', 'employees', 'contractEnd', 'competitorPresence', 'lineGrade'];
  const expectedBilling: FieldId[] = [
    'groupCode', 'groupName', 'period', 'unifiedPayRevenue', 'personalPayRevenue', 'totalRevenue', 'newBusinessRevenue',
    'members', 'offNetMembers', 'minutes', 'arrears', 'complaints', 'faults', 'products',
  ];

  for (const merge of [false, true]) {
    it(`group master: title, blank row, header, 合计 handled; every column mapped (title merge: ${merge})`, () => {
      const sheet = demoSheet(groupMasterSheet(branch), merge);
      const a = analyseSheet(sheet);
      expect(a).not.toBeNull();
      if (!a) return;
      expect(a.detection).toEqual({ headerRow: 2, headerRows: 1, dataStartRow: 3, headers: [...GROUP_MASTER_HEADERS], titleRows: 2 });
      expect(a.kind).toBe('groupMaster');
      expect(fieldsOf(a.mapping)).toEqual(expectedGroup);
      for (const m of a.mapping) expect(m.confidence).toBe(1);
      const res = normaliseSheet({ fileName: 'g.xlsx', sheet, date1904: false, detection: a.detection, mapping: a.mapping, kind: a.kind });
      expect(res.stats).toMatchObject({ imported: branch.portfolio.groups.length, skippedTotal: 1, skippedErrors: 0 });
      expect(res.problems).toEqual([]);
      const byCode = (x: { groupCode: string }, y: { groupCode: string }): number => (x.groupCode < y.groupCode ? -1 : 1);
      expect([...res.groups].sort(byCode)).toEqual([...branch.portfolio.groups].sort(byCode));
    });

    it(`monthly billing: every column mapped with unit, facts equal the source (title merge: ${merge})`, () => {
      const sheet = demoSheet(monthlyBillingSheet(branch), merge);
      const a = analyseSheet(sheet);
      expect(a).not.toBeNull();
      if (!a) return;
      expect(a.detection.headers).toEqual([...MONTHLY_BILLING_HEADERS]);
      expect(a.detection.headerRow).toBe(2);
      expect(a.kind).toBe('monthlyBilling');
      expect(fieldsOf(a.mapping)).toEqual(expectedBilling);
      expect(a.mapping.find((m) => m.field === 'unifiedPayRevenue')).toMatchObject({ unit: 'yuan', confidence: 1 });
      expect(a.mapping.find((m) => m.field === 'members')?.unit).toBeNull();
      const res = normaliseSheet({ fileName: 'b.xlsx', sheet, date1904: false, detection: a.detection, mapping: a.mapping, kind: a.kind });
      expect(res.stats.skippedTotal).toBe(1);
      expect(res.stats.skippedErrors).toBe(0);
      expect(res.problems.every((p) => p.severity === 'warning' && p.code === 'zeroMembers')).toBe(true);
      const key = (f: { groupCode: string; period: string }): string => `${f.period}|${f.groupCode}`;
      const sort = <T extends { groupCode: string; period: string }>(xs: T[]): T[] => [...xs].sort((x, y) => (key(x) < key(y) ? -1 : 1));
      expect(sort(factRows(res.factColumns))).toEqual(sort(branch.portfolio.facts));
    });
  }
});

describe('detectHeader', () => {
  it('joins a two-row header where 收入 is merged over 统付 / 个付', () => {
    const sheet: RawSheet = {
      name: 's',
      hidden: false,
      rows: [
        ['集团月度收入报表'],
        ['集团编码', '集团名称', '账期', '收入', null, '成员数'],
        [null, null, null, '统付', '个付', null],
        ['0571000001', '甲公司', '202403', 100, 50, 10],
        ['0571000002', '乙公司', '202403', 200, 70, 12],
      ],
      merges: [
        { s: { r: 0, c: 0 }, e: { r: 0, c: 5 } },
        { s: { r: 1, c: 0 }, e: { r: 2, c: 0 } },
        { s: { r: 1, c: 1 }, e: { r: 2, c: 1 } },
        { s: { r: 1, c: 2 }, e: { r: 2, c: 2 } },
        { s: { r: 1, c: 3 }, e: { r: 1, c: 4 } },
        { s: { r: 1, c: 5 }, e: { r: 2, c: 5 } },
      ],
    };
    const d = detectHeader(sheet);
    expect(d).toEqual({ headerRow: 1, headerRows: 2, dataStartRow: 3, headers: ['集团编码', '集团名称', '账期', '统付收入', '个付收入', '成员数'], titleRows: 1 });
    const a = analyseSheet(sheet);
    expect(a && fieldsOf(a.mapping)).toEqual(['groupCode', 'groupName', 'period', 'unifiedPayRevenue', 'personalPayRevenue', 'members']);
    expect(a?.kind).toBe('monthlyBilling');
    if (!a) return;
    const res = normaliseSheet({ fileName: 'f.xlsx', sheet, date1904: false, detection: a.detection, mapping: a.mapping, kind: a.kind });
    expect(factRows(res.factColumns).map((f) => f.totalRevenue)).toEqual([150, 270]);
  });

  it('keeps lower cells that already repeat the parent word', () => {
    const sheet: RawSheet = {
      name: 's',
      hidden: false,
      rows: [
        ['集团编码', '账期', '收入(万元)', null],
        [null, null, '统付收入', '个付收入'],
        ['0571000001', '2024-03', 1.5, 0.5],
      ],
      merges: [
        { s: { r: 0, c: 0 }, e: { r: 1, c: 0 } },
        { s: { r: 0, c: 1 }, e: { r: 1, c: 1 } },
        { s: { r: 0, c: 2 }, e: { r: 0, c: 3 } },
      ],
    };
    expect(detectHeader(sheet)?.headers).toEqual(['集团编码', '账期', '统付收入', '个付收入']);
  });

  it('a merged header without a second row gives its text to the first column only', () => {
    const sheet: RawSheet = {
      name: 's',
      hidden: false,
      rows: [
        ['集团编码', '集团名称', '备注', null],
        ['0571000001', '甲公司', 'x', 'y'],
      ],
      merges: [{ s: { r: 0, c: 2 }, e: { r: 0, c: 3 } }],
    };
    expect(detectHeader(sheet)).toMatchObject({ headerRow: 0, headerRows: 1, headers: ['集团编码', '集团名称', '备注', ''] });
  });

  it('joins an implicit two-row header (CSV, no merge info) only when it names more fields', () => {
    const sheet: RawSheet = {
      name: 's',
      hidden: false,
      rows: [
        ['集团编码', '账期', '收入', null],
        [null, null, '统付', '个付'],
        ['0571000001', '202403', 1, 2],
      ],
      merges: [],
    };
    expect(detectHeader(sheet)).toMatchObject({ headerRow: 0, headerRows: 2, headers: ['集团编码', '账期', '统付收入', '个付收入'] });
  });

  it('header units: 统付收入(万元) → wanYuan and values ×10000', () => {
    const sheet: RawSheet = {
      name: 's',
      hidden: false,
      rows: [
        ['集团编码', '账期', '统付收入(万元)', '个付收入（千元）', '出账收入'],
        ['0571000001', '202403', 1.2345, 2, 14345],
      ],
      merges: [],
    };
    const a = analyseSheet(sheet);
    expect(a).not.toBeNull();
    if (!a) return;
    const unified = a.mapping[2];
    expect(unified).toMatchObject({ field: 'unifiedPayRevenue', unit: 'wanYuan', confidence: 1 });
    expect(unified?.reason).toEqual({ zh: '表头“统付收入(万元)”匹配“统付收入”；单位：万元', en: 'header 统付收入(万元) matched 统付收入; unit 万元' });
    expect(a.mapping[3]).toMatchObject({ field: 'personalPayRevenue', unit: 'qianYuan' });
    expect(a.mapping[4]).toMatchObject({ field: 'totalRevenue', unit: 'yuan' });
    const res = normaliseSheet({ fileName: 'f.xlsx', sheet, date1904: false, detection: a.detection, mapping: a.mapping, kind: a.kind });
    expect(factRows(res.factColumns)[0]).toMatchObject({ unifiedPayRevenue: 12345, personalPayRevenue: 2000, totalRevenue: 14345 });
  });

  it('no header → null; header only → detection without data', () => {
    const dataOnly = sheetToAoa(monthlyBillingSheet(branch)).slice(3, 40) as RawCell[][];
    expect(detectHeader({ name: 's', hidden: false, rows: dataOnly, merges: [] })).toBeNull();
    const groupsOnly = sheetToAoa(groupMasterSheet(branch)).slice(3, 40) as RawCell[][];
    expect(detectHeader({ name: 's', hidden: false, rows: groupsOnly, merges: [] })).toBeNull();
    expect(detectHeader({ name: 's', hidden: false, rows: [], merges: [] })).toBeNull();
    expect(detectHeader({ name: 's', hidden: false, rows: [['只有标题的报表'], [], [null]], merges: [] })).toBeNull();

    const headerOnly: RawSheet = { name: 's', hidden: false, rows: [['报表'], [], ['集团编码', '集团名称', '行业']], merges: [] };
    const d = detectHeader(headerOnly);
    expect(d).toEqual({ headerRow: 2, headerRows: 1, dataStartRow: 3, headers: ['集团编码', '集团名称', '行业'], titleRows: 2 });
    if (!d) return;
    const mapping = suggestMapping(d.headers, sampleDataRows(headerOnly, d), 'groupMaster');
    const res = normaliseSheet({ fileName: 'f.xlsx', sheet: headerOnly, date1904: false, detection: d, mapping, kind: 'groupMaster' });
    expect(res.stats).toEqual({ dataRows: 0, imported: 0, skippedBlank: 0, skippedTotal: 0, skippedErrors: 0, duplicatesCollapsed: 0 });
    expect(res.problems.map((p) => [p.code, p.severity])).toEqual([['noData', 'warning']]);
  });

  it('English headers', () => {
    const sheet: RawSheet = {
      name: 's',
      hidden: false,
      rows: [
        ['group_id', 'Group Name', 'Month', 'Revenue', 'Members'],
        ['0571000001', 'A Co', '2024-03', 100, 3],
      ],
      merges: [],
    };
    const a = analyseSheet(sheet);
    expect(a && fieldsOf(a.mapping)).toEqual(['groupCode', 'groupName', 'period', 'totalRevenue', 'members']);
  });
});

describe('suggestMapping', () => {
  it('never maps two columns to one field; the loser says why', () => {
    const m = suggestMapping(['集团编码', '收入', '出账收入', '月出账收入'], []);
    // all three are exact synonyms of totalRevenue: the usual one (出账收入) wins, the others say why
    expect(fieldsOf(m)).toEqual(['groupCode', null, 'totalRevenue', null]);
    expect(m[1]?.reason.zh).toBe('与C列“出账收入”同为“出账收入”，已保留匹配更好的C列，此列忽略');
    expect(m[1]?.reason.en).toContain('column C');
    expect(m[3]?.confidence).toBe(0);
  });

  it('营业部 / 归属营业部 / 营销中心 / 网格 are regions, not a second group name (issue 14)', () => {
    for (const h of ['营业部', '归属营业部', '所属营业部', '营销中心', '归属营销中心', '网格', '归属网格']) {
      const m = suggestMapping(['集团编码', '集团名称', h, '出账收入'], []);
      expect(fieldsOf(m), h).toEqual(['groupCode', 'groupName', 'region', 'totalRevenue']);
    }
    // the group name column is still found when the region header comes first
    expect(fieldsOf(suggestMapping(['归属营业部', '集团编码', '集团名称'], []))).toEqual(['region', 'groupCode', 'groupName']);
  });

  it('containment, negative words and kind restriction', () => {
    const m = suggestMapping(['本月统付收入', '新业务收入占比', '客户经理电话', '集团编码'], []);
    expect(fieldsOf(m)).toEqual(['unifiedPayRevenue', null, null, 'groupCode']);
    expect(m[0]?.reason.zh).toBe('表头“本月统付收入”包含“统付收入”；未注明单位，按元');
    expect(m[0]?.confidence).toBeGreaterThan(0.7);
    expect(m[0]?.confidence).toBeLessThan(1);
    const restricted = suggestMapping(['集团编码', '账期', '出账收入'], [], 'groupMaster');
    expect(fieldsOf(restricted)).toEqual(['groupCode', null, null]);
    expect(restricted[1]?.reason.en).toContain('does not use');
  });

  it('sniffs the content of columns without a recognisable header', () => {
    const rows: RawCell[][] = [
      ['0571000001', '杭州甲科技有限公司', '202403', 123.45, 'A1'],
      ['0571000002', '滨江区人民医院', '202403', 77.1, 'B2'],
      ['0571000003', '杭州第二中学', '202404', 5.5, 'C'],
    ];
    const m = suggestMapping(['', '', '', '', ''], rows);
    expect(fieldsOf(m)).toEqual(['groupCode', 'groupName', 'period', 'totalRevenue', 'groupClass']);
    expect(m[2]?.reason.zh).toContain('内容识别');
    for (const c of m) expect(c.confidence).toBeLessThan(1);
  });

  it('headers __proto__ / constructor / prototype are harmless', () => {
    const headers = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', '集团编码', 'toString'];
    const rows: RawCell[][] = [['{"polluted":1}', 'x', 'y', 'z', '0571000001', 'q']];
    const sheet: RawSheet = { name: '__proto__', hidden: false, rows: [headers, ...rows], merges: [] };
    const a = analyseSheet(sheet, 'groupMaster');
    expect(a).not.toBeNull();
    if (!a) return;
    expect(fieldsOf(a.mapping)).toEqual([null, null, null, null, 'groupCode', null]);
    const res = normaliseSheet({ fileName: '__proto__.csv', sheet, date1904: false, detection: a.detection, mapping: a.mapping, kind: 'groupMaster' });
    expect(res.groups.map((g) => g.groupCode)).toEqual(['0571000001']);
    const tpl = templateFromMapping(a.mapping, 'groupMaster', '__proto__');
    const re = applyTemplate(tpl, headers);
    expect(fieldsOf(re)).toEqual(fieldsOf(a.mapping));
    expect(headerSignature(headers)).toMatch(/^6-[0-9a-f]{16}$/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(typeof ({} as Record<string, unknown>).constructor).toBe('function');
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});

describe('suggestKind', () => {
  const map = (headers: string[]): ColumnMapping[] => suggestMapping(headers, []);
  it('billing, member snapshot, group master', () => {
    expect(suggestKind(map(['集团编码', '账期', '出账收入']))).toMatchObject({ kind: 'monthlyBilling', confidence: 0.95 });
    expect(suggestKind(map(['成员号码', '集团编码', '状态', '拍照ARPU']))).toMatchObject({ kind: 'memberSnapshot', confidence: 0.95 });
    expect(suggestKind(map(['集团编码', '集团名称', '行业', '区县']))).toMatchObject({ kind: 'groupMaster', confidence: 0.9 });
    expect(suggestKind(map(['foo', 'bar']))).toMatchObject({ kind: 'groupMaster', confidence: 0.3 });
    const k = suggestKind(map(['集团编码', '账期', '出账收入']));
    expect(k.reason.zh).toContain('账期');
    expect(k.reason.en).toContain('period');
  });
});

describe('templates', () => {
  it('signature is stable, order- and unit-sensitive, blind to width and spaces', () => {
    const h = ['集团编码', '账期', '统付收入(万元)'];
    expect(headerSignature(h)).toBe(headerSignature([...h]));
    expect(headerSignature(h)).toBe(headerSignature(['集团编码 ', '账　期', '统付收入（万元）', '']));
    expect(headerSignature(h)).not.toBe(headerSignature(['账期', '集团编码', '统付收入(万元)']));
    expect(headerSignature(h)).not.toBe(headerSignature(['集团编码', '账期', '统付收入(元)']));
  });

  it('applyTemplate maps by header text with confidence 1', () => {
    const headers = ['编号X', '月', '钱(万)', '无关'];
    const mapping: ColumnMapping[] = suggestMapping(headers, []).map((m, i) => ({
      ...m,
      field: (['groupCode', 'period', 'totalRevenue', null] as const)[i] ?? null,
      unit: i === 2 ? 'wanYuan' : null,
    }));
    const tpl = MappingTemplateSchema.parse(JSON.parse(JSON.stringify(templateFromMapping(mapping, 'monthlyBilling', '每月出账'))));
    const next = applyTemplate(tpl, ['月', '编号X', '钱(万)', '新列']);
    expect(next.map((m) => [m.field, m.unit, m.confidence])).toEqual([
      ['period', null, 1],
      ['groupCode', null, 1],
      ['totalRevenue', 'wanYuan', 1],
      [null, null, 1],
    ]);
    expect(next[0]?.reason).toEqual({ zh: '已套用模板“每月出账”：账期', en: 'template 每月出账 applied: period' });
    expect(next[3]?.reason.zh).toContain('模板');
    expect(() => MappingTemplateSchema.parse({ columns: [{ header: 'a', field: 'nope', unit: null }] })).toThrow();
  });
});
