import { describe, expect, it } from 'vitest';
import { applyImport, planImport } from '../../shared/import';
import type { Group, MemberSnapshot, MonthlyFact, Portfolio } from '../../shared/model/portfolio';

function group(code: string, name = `集团${code}`): Group {
  return {
    groupCode: code, groupName: name, groupClass: 'C', importance: null, industry: null, region: null,
    accountManager: null, employees: null, contractEnd: null, competitorPresence: null, lineGrade: null,
  };
}
function fact(code: string, period: string, total: number): MonthlyFact {
  return {
    groupCode: code, period, unifiedPayRevenue: null, personalPayRevenue: null, totalRevenue: total, newBusinessRevenue: null,
    members: null, offNetMembers: null, minutes: null, arrears: null, complaints: null, faults: null, products: null,
  };
}
function member(id: string, period: string | null): MemberSnapshot {
  return { memberId: id, groupCode: 'G1', status: 'active', period, snapshotArpu: 10, currentArpu: 9 };
}
function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

const current: Portfolio = deepFreeze({
  groups: [group('G1'), group('G2'), group('G3')],
  facts: [fact('G1', '2024-01', 100), fact('G2', '2024-01', 200), fact('G1', '2024-02', 110), fact('G2', '2024-02', 210)],
  memberSnapshots: [member('m1', '2024-01'), member('m2', '2024-02'), member('m3', null)],
  keyPersons: [{ groupCode: 'G1', role: '决策者', name: '王', relationshipStrength: 3, lastContactDate: null, competitorContact: null, roleSince: null }],
});
const snapshot = JSON.stringify(current);

const staged = {
  groups: [group('G1'), group('G2', '新名称'), group('G4')],
  facts: [fact('G1', '2024-02', 999), fact('G3', '2024-03', 50), fact('G4', '2024-03', 60)],
  memberSnapshots: [member('m9', '2024-02'), member('m8', null)],
};

describe('planImport', () => {
  it('counts new / changed / unchanged groups and new / replaced periods', () => {
    expect(planImport(current, staged)).toEqual({
      newGroups: 1,
      changedGroups: 1,
      unchangedGroups: 1,
      newPeriods: ['2024-03'],
      replacedPeriods: ['2024-02'],
      factRows: 3,
      replacedFactRows: 2,
      memberRows: 2,
      replacedMemberRows: 2,
      keyPersonRows: 0,
      keyPersonChanges: 0,
      surveyRows: 0,
      replacedSurveyRows: 0,
    });
    expect(planImport(current, {})).toMatchObject({ newGroups: 0, newPeriods: [], replacedPeriods: [], factRows: 0, memberRows: 0 });
    expect(JSON.stringify(current)).toBe(snapshot);
  });
});

describe('applyImport', () => {
  const next = applyImport(current, staged);
  it('upserts groups by code, keeping order and appending new ones', () => {
    expect(next.groups.map((g) => [g.groupCode, g.groupName])).toEqual([['G1', '集团G1'], ['G2', '新名称'], ['G3', '集团G3'], ['G4', '集团G4']]);
  });
  it('a staged period replaces all facts of that period', () => {
    expect(next.facts.map((f) => `${f.period} ${f.groupCode} ${f.totalRevenue}`)).toEqual([
      '2024-01 G1 100',
      '2024-01 G2 200',
      '2024-02 G1 999', // G2's 2024-02 row is gone: the period was replaced as a whole
      '2024-03 G3 50',
      '2024-03 G4 60',
    ]);
  });
  it('member snapshots of a staged period replace that period', () => {
    expect(next.memberSnapshots?.map((m) => m.memberId)).toEqual(['m1', 'm9', 'm8']);
  });
  it('keeps other data and never mutates current', () => {
    expect(next.keyPersons).toEqual(current.keyPersons);
    expect(JSON.stringify(current)).toBe(snapshot);
    expect(next).not.toBe(current);
    expect(next.groups).not.toBe(current.groups);
    const same = applyImport(current, {});
    expect(same).toEqual(current);
    expect(same.facts).not.toBe(current.facts);
  });
});
