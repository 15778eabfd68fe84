/** Hand-made groups and facts for the analytics tests: one group and one fact with every field, overridable. */
import type { Group, MonthlyFact } from '../../../shared/model/portfolio';

export function group(code: string, over: Partial<Group> = {}): Group {
  return {
    groupCode: code,
    groupName: `集团${code}`,
    groupClass: 'C',
    importance: null,
    industry: '制造',
    region: '西区',
    accountManager: '王海峰',
    employees: 200,
    contractEnd: '2030-12-31',
    competitorPresence: null,
    lineGrade: null,
    ...over,
  };
}

export function fact(code: string, period: string, over: Partial<MonthlyFact> = {}): MonthlyFact {
  return {
    groupCode: code,
    period,
    unifiedPayRevenue: 60,
    personalPayRevenue: 40,
    totalRevenue: 100,
    newBusinessRevenue: 10,
    members: 50,
    offNetMembers: 5,
    minutes: 1000,
    arrears: 0,
    complaints: 0,
    faults: 0,
    products: 4,
    ...over,
  };
}
