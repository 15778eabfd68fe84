/**
 * Key persons (关键人): the signal at its boundaries on hand-made data (changed, poached,
 * not contacted for 90+ days, no decision maker on record), the import of a key-person sheet
 * with Chinese headers, the change between two imports; and the actions ledger's owner rule
 * and re-check windows.
 */
import { describe, expect, it } from 'vitest';
import { analyzePortfolio, DEFAULT_SETTINGS, groupDetail, groupRows, type AnalyticsSettings } from '../../shared/analytics/index';
import { compareLedger, isOverdue, ownerByRule, recheck, type RecheckPoint } from '../../shared/actions/ledger';
import { analyseSheet, applyImport, normaliseSheet, planImport } from '../../shared/import';
import { canonicalRole, keyPersonChanges, mergeKeyPersons } from '../../shared/model/keyPersons';
import type { Group, KeyPerson, MonthlyFact, Portfolio } from '../../shared/model/portfolio';
import { minimalGroup } from '../../shared/model/portfolio';
import { addMonths, periodRange } from '../../shared/util/period';

const PERIODS = periodRange('2025-01', '2025-12'); // as of 2025-12-31
const fact = (code: string, period: string): MonthlyFact => ({
  groupCode: code, period, unifiedPayRevenue: 600, personalPayRevenue: 400, totalRevenue: 1000, newBusinessRevenue: 0,
  members: 50, offNetMembers: 0, minutes: 5000, arrears: 0, complaints: 0, faults: 0, products: 3,
});
const grp = (code: string, over: Partial<Group> = {}): Group => ({ ...minimalGroup(code, `集团${code}`), accountManager: '李静', groupClass: 'C', ...over });
const kp = (over: Partial<KeyPerson> = {}): KeyPerson => ({
  groupCode: 'A', role: '决策者', name: '张局', relationshipStrength: 4, lastContactDate: '2025-12-01', competitorContact: false, roleSince: '2020-01-01', ...over,
});
const portfolio = (persons: KeyPerson[]): Portfolio => ({ groups: [grp('A')], facts: PERIODS.map((p) => fact('A', p)), keyPersons: persons });
const sig = (p: Portfolio, s: AnalyticsSettings = DEFAULT_SETTINGS, asOf?: string) => {
  const r = groupDetail(p, 'A', s, asOf ? { asOf } : {})?.signals.find((x) => x.id === 'keyPerson');
  if (!r) throw new Error('no keyPerson signal');
  return r;
};

describe('key-person signal at its boundaries', () => {
  it('not contacted: 90 days fires, 89 does not (2025-10-02 → 2025-12-31 is 90 days)', () => {
    expect(sig(portfolio([kp({ lastContactDate: '2025-10-02' })])).fired).toBe(true);
    expect(sig(portfolio([kp({ lastContactDate: '2025-10-03' })])).fired).toBe(false);
    expect(sig(portfolio([kp({ lastContactDate: '2025-10-02' })])).observed.daysSinceContact).toBe(90);
  });

  it('changed: in the role for 90 days fires, 91 does not; a person not yet in the role at the month is skipped', () => {
    expect(sig(portfolio([kp({ roleSince: '2025-10-02' })])).fired).toBe(true);
    expect(sig(portfolio([kp({ roleSince: '2025-10-01' })])).fired).toBe(false);
    // as of 2025-09 the 2025-10-02 decision maker is not there yet, and nobody else is: no decision maker on record
    const early = sig(portfolio([kp({ roleSince: '2025-10-02' })]), DEFAULT_SETTINGS, '2025-09');
    expect(early.observed.flags).toBe(8);
  });

  it('poached: competitor contact seen fires; unknown (null) is not evidence', () => {
    expect(sig(portfolio([kp({ competitorContact: true })])).fired).toBe(true);
    expect(sig(portfolio([kp({ competitorContact: null })])).fired).toBe(false);
    expect(sig(portfolio([kp({ competitorContact: true })])).explanation.zh).toContain('竞争对手已接触');
  });

  it('no decision maker on record fires with its reason, and is a setting', () => {
    const onlyContact = portfolio([kp({ role: '联络人', name: '小王' })]);
    const r = sig(onlyContact);
    expect(r.fired).toBe(true);
    expect(r.explanation.zh).toContain('未登记决策者');
    expect(r.explanation.en).toContain('no decision maker on record');
    const off = structuredClone(DEFAULT_SETTINGS);
    off.warnings.keyPerson.noDecisionMaker = false;
    expect(sig(onlyContact, off).fired).toBe(false);
    // 决策人 / 集团决策者 count as decision makers
    expect(sig(portfolio([kp({ role: '决策人' })])).fired).toBe(false);
    expect(canonicalRole('集团决策者')).toBe('决策者');
    expect(canonicalRole('技术负责人（副）')).toBe('技术负责人');
    expect(canonicalRole('司机')).toBeNull();
  });

  it('a poached decision maker adds the signal\'s points to the score', () => {
    const base = analyzePortfolio(portfolio([kp()]), DEFAULT_SETTINGS);
    const hit = analyzePortfolio(portfolio([kp({ competitorContact: true })]), DEFAULT_SETTINGS);
    const a = groupRows(portfolio([kp()]), base)[0];
    const b = groupRows(portfolio([kp({ competitorContact: true })]), hit)[0];
    expect((b?.score ?? 0) - (a?.score ?? 0)).toBe(DEFAULT_SETTINGS.warnings.keyPerson.points);
  });
});

describe('key-person import', () => {
  const sheet = (rows: (string | number | null)[][]) => ({ name: '关键人', hidden: false, merges: [], rows });
  const HEAD = ['集团编码', '集团名称', '关键人角色', '关键人姓名', '关系强度', '最近联系日期', '竞争对手接触'];

  it('maps the Chinese headers, suggests the kind, normalises roles and flags, and names bad cells', () => {
    const s = sheet([HEAD, ['A', '集团A', '决策人', '张局', 4, '2025-11-20', '否'], ['A', '集团A', '联系人', '小王', 3, '2025-08-01', '是'], ['A', '集团A', '决策者', null, 2, null, 'x']]);
    const a = analyseSheet(s);
    expect(a?.kind).toBe('keyPersons');
    expect(a?.mapping.map((m) => m.field)).toEqual(['groupCode', 'groupName', 'role', 'personName', 'relationshipStrength', 'lastContactDate', 'competitorContact']);
    if (!a) return;
    const r = normaliseSheet({ fileName: 'kp.xlsx', sheet: s, date1904: false, detection: a.detection, mapping: a.mapping, kind: 'keyPersons' });
    expect(r.keyPersons).toEqual([
      { groupCode: 'A', role: '决策者', name: '张局', relationshipStrength: 4, lastContactDate: '2025-11-20', competitorContact: false, roleSince: null },
      { groupCode: 'A', role: '联络人', name: '小王', relationshipStrength: 3, lastContactDate: '2025-08-01', competitorContact: true, roleSince: null },
    ]);
    const missing = r.problems.find((p) => p.code === 'missingPersonName');
    expect(missing).toMatchObject({ file: 'kp.xlsx', sheet: '关键人', row: 4, column: 'D' });
    expect(r.problems.find((p) => p.code === 'badFlag')).toMatchObject({ row: 4, column: 'G', value: 'x' });
  });

  it('a new 决策者 between two imports is a change dated at the data\'s as-of day, and fires the signal', () => {
    const p0: Portfolio = { groups: [grp('A'), grp('B')], facts: [...PERIODS.map((p) => fact('A', p)), ...PERIODS.map((p) => fact('B', p))] };
    const first = applyImport(p0, { keyPersons: [kp(), kp({ groupCode: 'B', name: '刘总' })] }, '2026-01-15');
    expect(keyPersonChanges(first.keyPersons)).toEqual([]);
    const incoming = [kp({ name: '赵局', roleSince: null, lastContactDate: '2025-12-20' })];
    expect(planImport(first, { keyPersons: incoming }, '2026-01-15').keyPersonChanges).toBe(1);
    const second = applyImport(first, { keyPersons: incoming }, '2026-01-15');
    const changes = keyPersonChanges(second.keyPersons);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ groupCode: 'A', role: '决策者', previousName: '张局', name: '赵局', detected: '2025-12-31', roleSince: '2025-12-31' });
    // group B was not in the second file: kept as it was
    expect(second.keyPersons?.filter((k) => k.groupCode === 'B').map((k) => k.name)).toEqual(['刘总']);
    const r = groupDetail(second, 'A', DEFAULT_SETTINGS)?.signals.find((x) => x.id === 'keyPerson');
    expect(r?.fired).toBe(true);
    expect(r?.explanation.zh).toContain('接替 张局');
    // the same person imported again keeps the change visible; nothing new is counted
    const third = mergeKeyPersons(second.keyPersons ?? [], incoming, '2026-02-28');
    expect(keyPersonChanges(third)[0]?.detected).toBe('2025-12-31');
    expect(planImport(second, { keyPersons: incoming }, '2026-01-15').keyPersonChanges).toBe(0);
  });
});

describe('actions ledger', () => {
  it('owner by the seed rule: A/B the chief account manager (column, then setting), C the account manager', () => {
    const s = { recheckMonths: 2, chiefManager: '陈总' };
    expect(ownerByRule({ groupClass: 'A1', accountManager: '李静', chiefManager: '王首席' }, s)).toEqual({ owner: '王首席', source: 'chiefColumn' });
    expect(ownerByRule({ groupClass: 'B2', accountManager: '李静' }, s)).toEqual({ owner: '陈总', source: 'chiefSetting' });
    expect(ownerByRule({ groupClass: 'B2', accountManager: '李静' }, { ...s, chiefManager: '' })).toEqual({ owner: '李静', source: 'accountManager' });
    expect(ownerByRule({ groupClass: 'C', accountManager: '李静' }, s)).toEqual({ owner: '李静', source: 'accountManager' });
    expect(ownerByRule({ groupClass: 'C', accountManager: null }, s)).toEqual({ owner: '', source: 'none' });
  });

  const pt = (period: string, score: number, value: number): RecheckPoint => ({ period, zone: score >= 30 ? 'yellow' : 'green', score, value });
  it('re-check window: pending until the data reaches base + N months, then before vs after', () => {
    const at = (p: string) => (p === '2025-10' ? pt(p, 35, 1000) : p === '2025-12' ? pt(p, 10, 1100) : p === '2026-01' ? pt(p, 5, 900) : null);
    expect(recheck('2025-10', 2, '2025-11', at)).toMatchObject({ status: 'pending', checkPeriod: '2025-12', after: null });
    const done = recheck('2025-10', 2, '2025-12', at);
    expect(done).toMatchObject({ status: 'done', checkPeriod: '2025-12', scoreChange: -25 });
    expect(done.before?.zone).toBe('yellow');
    expect(done.after?.zone).toBe('green');
    expect(done.valueChange).toBeCloseTo(0.1, 12);
    // a 3-month window compares with 2026-01 once it exists
    expect(recheck('2025-10', 3, '2025-12', at).status).toBe('pending');
    expect(recheck('2025-10', 3, '2026-01', at).scoreChange).toBe(-30);
    expect(recheck(null, 2, '2026-01', at).status).toBe('noBase');
  });

  it('re-check on the engine: a group that recovers after its action shows its zone and score before and after', () => {
    const periods = periodRange('2025-01', '2026-02');
    // revenue falls in 2025-08..10, recovers from 2025-11
    const facts = periods.map((p, i) => ({ ...fact('A', p), totalRevenue: i >= 7 && i <= 9 ? 600 : 1000, unifiedPayRevenue: null, personalPayRevenue: null }));
    const p: Portfolio = { groups: [grp('A')], facts };
    const at = (period: string): RecheckPoint | null => {
      const r = analyzePortfolio(p, DEFAULT_SETTINGS, { asOf: period, explainTop: 0 });
      const row = groupRows(p, r)[0];
      return row ? { period, zone: row.zone, score: row.score, value: row.value } : null;
    };
    const r = recheck('2025-10', 2, '2026-02', at);
    expect(r.status).toBe('done');
    expect(r.before).toEqual(at('2025-10'));
    expect(r.after).toEqual(at(addMonths('2025-10', 2)));
    expect(r.scoreChange).toBe((at('2025-12')?.score ?? 0) - (at('2025-10')?.score ?? 0));
  });

  it('overdue first, then open by due date, then closed', () => {
    const today = '2026-01-10';
    const a = { id: 'a', due: '2026-01-05', status: 'open' };
    const b = { id: 'b', due: '2026-01-20', status: 'open' };
    const c = { id: 'c', due: '2025-12-01', status: 'done' };
    const d = { id: 'd', due: null, status: 'open' };
    expect(isOverdue(a, today)).toBe(true);
    expect(isOverdue(c, today)).toBe(false);
    expect([c, d, b, a].sort((x, y) => compareLedger(x, y, today)).map((x) => x.id)).toEqual(['a', 'b', 'd', 'c']);
  });
});
