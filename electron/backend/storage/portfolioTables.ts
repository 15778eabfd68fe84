/**
 * The bulk tables of a portfolio as columnar files: their column lists, and hand-written
 * row builders (an object literal per row keeps every row the same plain shape, which is
 * several times faster to build than adding properties one by one).
 */
import type { Group, KeyPerson, MemberSnapshot, MonthlyFact, Portfolio, SurveyResponse } from '../../../shared/model/portfolio';
import { FACT_MEASURES, type FactColumns, type FactMeasure } from '../../../shared/model/factColumns';
import { columnBuilder, decodeTable, dictionaryColumnBuilder, encodeTable, type ColumnBuilder, type ColumnDef, type DecodedTable, type EncodedTable } from './columnarTable';

export type TableName = 'groups' | 'facts' | 'members' | 'keyPersons' | 'survey';

const s = (name: string, nullable = true): ColumnDef => ({ name, kind: 'string', nullable });
const n = (name: string, nullable = true): ColumnDef => ({ name, kind: 'number', nullable });
const b = (name: string): ColumnDef => ({ name, kind: 'boolean', nullable: true });

export const TABLE_COLUMNS: Record<TableName, readonly ColumnDef[]> = {
  groups: [
    s('groupCode', false),
    s('groupName', false),
    s('groupClass'),
    s('importance'),
    s('industry'),
    s('region'),
    s('accountManager'),
    n('employees'),
    s('contractEnd'),
    s('competitorPresence'),
    s('lineGrade'),
  ],
  facts: [
    s('groupCode', false),
    s('period', false),
    n('unifiedPayRevenue'),
    n('personalPayRevenue'),
    n('totalRevenue', false),
    n('newBusinessRevenue'),
    n('members'),
    n('offNetMembers'),
    n('minutes'),
    n('arrears'),
    n('complaints'),
    n('faults'),
    n('products'),
  ],
  members: [s('memberId', false), s('groupCode', false), s('status', false), s('period'), n('snapshotArpu'), n('currentArpu')],
  keyPersons: [s('groupCode', false), s('role'), s('name'), n('relationshipStrength'), s('lastContactDate'), b('competitorContact'), s('roleSince'), s('previousName'), s('changeDetected')],
  survey: [s('factor', false), n('importance', false), n('satisfaction', false), s('groupCode'), s('respondent'), s('period')],
};

export const TABLE_FILES: Record<TableName, string> = {
  groups: 'groups.hft',
  facts: 'facts.hft',
  members: 'members.hft',
  keyPersons: 'keyPersons.hft',
  survey: 'survey.hft',
};

function groupsFrom(t: DecodedTable): Group[] {
  const c = TABLE_COLUMNS.groups.map((d) => (d.kind === 'number' ? t.number(d.name) : t.string(d.name)));
  const [code, name, cls, importance, industry, region, manager, employees, contractEnd, competitor, line] = c as [
    (i: number) => string,
    (i: number) => string,
    (i: number) => string | null,
    (i: number) => string | null,
    (i: number) => string | null,
    (i: number) => string | null,
    (i: number) => string | null,
    (i: number) => number | null,
    (i: number) => string | null,
    (i: number) => string | null,
    (i: number) => string | null,
  ];
  const rows = new Array<Group>(t.rows);
  for (let i = 0; i < t.rows; i++) {
    rows[i] = {
      groupCode: code(i),
      groupName: name(i),
      groupClass: cls(i),
      importance: importance(i),
      industry: industry(i),
      region: region(i),
      accountManager: manager(i),
      employees: employees(i),
      contractEnd: contractEnd(i),
      competitorPresence: competitor(i),
      lineGrade: line(i),
    };
  }
  return rows;
}

/**
 * The facts file as columns: the dictionaries and index arrays of groupCode and period, one
 * Float64Array per measure (NaN = null). No object per fact.
 */
function factColumnsFrom(t: DecodedTable): FactColumns {
  const n = t.rows;
  const dict = (name: string): { values: string[]; index: Int32Array } => {
    const d = t.dictionary(name);
    // file ids are 1-based (0 = null, which these non-null columns never hold)
    const values = d.values.slice(1) as string[];
    const index = new Int32Array(n);
    const src = d.index;
    for (let i = 0; i < n; i++) index[i] = (src[i] as number) - 1;
    return { values, index };
  };
  const codes = dict('groupCode');
  const periods = dict('period');
  const values = {} as Record<FactMeasure, Float64Array>;
  for (const m of FACT_MEASURES) values[m] = t.numbers(m);
  return { length: n, codes: codes.values, code: codes.index, periods: periods.values, period: periods.index, values };
}

const STATUSES = new Set<string>(['active', 'left', 'portedOut']);

function membersFrom(t: DecodedTable): MemberSnapshot[] {
  const id = t.string('memberId') as (i: number) => string;
  const code = t.string('groupCode') as (i: number) => string;
  const status = t.string('status') as (i: number) => MemberSnapshot['status'];
  const period = t.string('period');
  const snap = t.number('snapshotArpu');
  const cur = t.number('currentArpu');
  const rows = new Array<MemberSnapshot>(t.rows);
  for (let i = 0; i < t.rows; i++) {
    const st = status(i);
    if (!STATUSES.has(st)) throw new Error(`member status ${JSON.stringify(st)} is not one of ${[...STATUSES].join(', ')}`);
    rows[i] = { memberId: id(i), groupCode: code(i), status: st, period: period(i), snapshotArpu: snap(i), currentArpu: cur(i) };
  }
  return rows;
}

function keyPersonsFrom(t: DecodedTable): KeyPerson[] {
  const code = t.string('groupCode') as (i: number) => string;
  const role = t.string('role');
  const name = t.string('name');
  const strength = t.number('relationshipStrength');
  const last = t.string('lastContactDate');
  const contact = t.boolean('competitorContact');
  const since = t.string('roleSince');
  // written since key persons record changes between imports; older tables read them as null
  const prev = t.string('previousName');
  const detected = t.string('changeDetected');
  const rows = new Array<KeyPerson>(t.rows);
  for (let i = 0; i < t.rows; i++) {
    const row: KeyPerson = { groupCode: code(i), role: role(i), name: name(i), relationshipStrength: strength(i), lastContactDate: last(i), competitorContact: contact(i), roleSince: since(i) };
    const p = prev(i);
    const d = detected(i);
    if (p !== null) row.previousName = p;
    if (d !== null) row.changeDetected = d;
    rows[i] = row;
  }
  return rows;
}

// Column extraction: one loop per table with literal property names (a generic row[name]
// would be a megamorphic lookup per cell, several times slower on a million rows).

function builders(table: TableName, n: number): ColumnBuilder[] {
  return TABLE_COLUMNS[table].map((def) => columnBuilder(def, n));
}

function encodeGroups(rows: readonly Group[]): EncodedTable {
  const c = builders('groups', rows.length);
  const [code, name, cls, importance, industry, region, manager, employees, contractEnd, competitor, line] = c as [
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
  ];
  const pass = (): void => {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as Group;
      code.feed(i, r.groupCode);
      name.feed(i, r.groupName);
      cls.feed(i, r.groupClass);
      importance.feed(i, r.importance);
      industry.feed(i, r.industry);
      region.feed(i, r.region);
      manager.feed(i, r.accountManager);
      employees.feed(i, r.employees);
      contractEnd.feed(i, r.contractEnd);
      competitor.feed(i, r.competitorPresence);
      line.feed(i, r.lineGrade);
    }
  };
  return encodeTable('groups', c, rows.length, pass);
}

function encodeFacts(rows: readonly MonthlyFact[]): EncodedTable {
  const c = builders('facts', rows.length);
  const [code, period, unified, personal, total, newBiz, members, offNet, minutes, arrears, complaints, faults, products] = c as [
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
    ColumnBuilder,
  ];
  const pass = (): void => {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as MonthlyFact;
      code.feed(i, r.groupCode);
      period.feed(i, r.period);
      unified.feed(i, r.unifiedPayRevenue);
      personal.feed(i, r.personalPayRevenue);
      total.feed(i, r.totalRevenue);
      newBiz.feed(i, r.newBusinessRevenue);
      members.feed(i, r.members);
      offNet.feed(i, r.offNetMembers);
      minutes.feed(i, r.minutes);
      arrears.feed(i, r.arrears);
      complaints.feed(i, r.complaints);
      faults.feed(i, r.faults);
      products.feed(i, r.products);
    }
  };
  return encodeTable('facts', c, rows.length, pass);
}

/** The facts file from columns: the dictionaries are written as they are, measures NaN → null. */
function encodeFactColumns(fc: FactColumns): EncodedTable {
  const n = fc.length;
  const defs = TABLE_COLUMNS.facts;
  const byName = new Map(defs.map((d) => [d.name, d]));
  const def = (name: string): ColumnDef => byName.get(name) as ColumnDef;
  const code = dictionaryColumnBuilder(def('groupCode'), n, fc.codes, fc.code);
  const period = dictionaryColumnBuilder(def('period'), n, fc.periods, fc.period);
  const measures = FACT_MEASURES.map((m) => ({ b: columnBuilder(def(m), n), v: fc.values[m] }));
  const pass = (): void => {
    for (let i = 0; i < n; i++) {
      code.feed(i, null);
      period.feed(i, null);
    }
    for (const { b, v } of measures) {
      for (let i = 0; i < n; i++) {
        const x = v[i] as number;
        b.feed(i, x === x ? x : null);
      }
    }
  };
  // the file's column order stays that of TABLE_COLUMNS.facts
  const order = defs.map((d) => (d.name === 'groupCode' ? code : d.name === 'period' ? period : (measures.find((x) => x.b.def.name === d.name)?.b as ColumnBuilder)));
  return encodeTable('facts', order, n, pass);
}

function encodeMembers(rows: readonly MemberSnapshot[]): EncodedTable {
  const c = builders('members', rows.length);
  const [id, code, status, period, snap, cur] = c as [ColumnBuilder, ColumnBuilder, ColumnBuilder, ColumnBuilder, ColumnBuilder, ColumnBuilder];
  const pass = (): void => {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as MemberSnapshot;
      id.feed(i, r.memberId);
      code.feed(i, r.groupCode);
      status.feed(i, r.status);
      period.feed(i, r.period);
      snap.feed(i, r.snapshotArpu);
      cur.feed(i, r.currentArpu);
    }
  };
  return encodeTable('members', c, rows.length, pass);
}

function encodeKeyPersons(rows: readonly KeyPerson[]): EncodedTable {
  const c = builders('keyPersons', rows.length);
  const [code, role, name, strength, last, contact, since, prev, detected] = c as [ColumnBuilder, ColumnBuilder, ColumnBuilder, ColumnBuilder, ColumnBuilder, ColumnBuilder, ColumnBuilder, ColumnBuilder, ColumnBuilder];
  const pass = (): void => {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as KeyPerson;
      code.feed(i, r.groupCode);
      role.feed(i, r.role);
      name.feed(i, r.name);
      strength.feed(i, r.relationshipStrength);
      last.feed(i, r.lastContactDate);
      contact.feed(i, r.competitorContact);
      since.feed(i, r.roleSince);
      prev.feed(i, r.previousName ?? null);
      detected.feed(i, r.changeDetected ?? null);
    }
  };
  return encodeTable('keyPersons', c, rows.length, pass);
}

function surveyFrom(t: DecodedTable): SurveyResponse[] {
  const factor = t.string('factor') as (i: number) => string;
  const importance = t.number('importance') as (i: number) => number;
  const satisfaction = t.number('satisfaction') as (i: number) => number;
  const code = t.string('groupCode');
  const respondent = t.string('respondent');
  const period = t.string('period');
  const rows = new Array<SurveyResponse>(t.rows);
  for (let i = 0; i < t.rows; i++)
    rows[i] = { factor: factor(i), importance: importance(i), satisfaction: satisfaction(i), groupCode: code(i), respondent: respondent(i), period: period(i) };
  return rows;
}

function encodeSurvey(rows: readonly SurveyResponse[]): EncodedTable {
  const c = builders('survey', rows.length);
  const [factor, importance, satisfaction, code, respondent, period] = c as [ColumnBuilder, ColumnBuilder, ColumnBuilder, ColumnBuilder, ColumnBuilder, ColumnBuilder];
  const pass = (): void => {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as SurveyResponse;
      factor.feed(i, r.factor);
      importance.feed(i, r.importance);
      satisfaction.feed(i, r.satisfaction);
      code.feed(i, r.groupCode);
      respondent.feed(i, r.respondent);
      period.feed(i, r.period);
    }
  };
  return encodeTable('survey', c, rows.length, pass);
}

export function encodePortfolioTable(table: TableName, portfolio: Portfolio): EncodedTable | null {
  switch (table) {
    case 'groups':
      return encodeGroups(portfolio.groups);
    case 'facts':
      return portfolio.factColumns ? encodeFactColumns(portfolio.factColumns) : encodeFacts(portfolio.facts);
    case 'members':
      return encodeMembers(portfolio.memberSnapshots ?? []);
    case 'keyPersons':
      // Optional data: absent stays absent (no file), so that "no key persons listed" survives.
      return portfolio.keyPersons ? encodeKeyPersons(portfolio.keyPersons) : null;
    case 'survey':
      // optional too: no survey imported = no file
      return portfolio.surveyResponses ? encodeSurvey(portfolio.surveyResponses) : null;
  }
}

export type PortfolioTables = { groups: Group[]; facts: FactColumns; members: MemberSnapshot[]; keyPersons: KeyPerson[]; survey: SurveyResponse[] };

/** Decodes one table file (verifying its checksum); throws ColumnarError or Error. */
export function decodePortfolioTable<T extends TableName>(table: T, bytes: Uint8Array): PortfolioTables[T] {
  const t = decodeTable(bytes, TABLE_COLUMNS[table]);
  switch (table) {
    case 'groups':
      return groupsFrom(t) as PortfolioTables[T];
    case 'facts':
      return factColumnsFrom(t) as PortfolioTables[T];
    case 'members':
      return membersFrom(t) as PortfolioTables[T];
    case 'survey':
      return surveyFrom(t) as PortfolioTables[T];
    default:
      return keyPersonsFrom(t) as PortfolioTables[T];
  }
}

export const TABLE_NAMES: readonly TableName[] = ['groups', 'facts', 'members', 'keyPersons', 'survey'];
