import { describe, it, expect } from 'vitest';
import type { MonthlyFact } from '../../shared/model/portfolio';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import {
  GROUP_MASTER_HEADERS,
  MONTHLY_BILLING_HEADERS,
  groupMasterSheet,
  monthlyBillingSheet,
  sheetToAoa,
} from '../../shared/demo/demoWorkbooks';

const branch = generateDemoBranch();
const { groups, facts } = branch.portfolio;
const n = branch.periods.length;

const factsByGroup = new Map<string, MonthlyFact[]>();
for (const f of facts) {
  const list = factsByGroup.get(f.groupCode) ?? [];
  list.push(f);
  factsByGroup.set(f.groupCode, list);
}
for (const list of factsByGroup.values()) list.sort((a, b) => (a.period < b.period ? -1 : 1));

/** facts of a group indexed by position in branch.periods (undefined before acquisition) */
function series(code: string): (MonthlyFact | undefined)[] {
  const byPeriod = new Map((factsByGroup.get(code) ?? []).map((f) => [f.period, f]));
  return branch.periods.map((p) => byPeriod.get(p));
}
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const revenue = (s: (MonthlyFact | undefined)[], t: number): number => s[t]?.totalRevenue ?? 0;
const members = (s: (MonthlyFact | undefined)[], t: number): number => s[t]?.members ?? 0;
const last3Ratio = (s: (MonthlyFact | undefined)[]): number =>
  mean([revenue(s, n - 3), revenue(s, n - 2), revenue(s, n - 1)]) /
  mean([revenue(s, n - 6), revenue(s, n - 5), revenue(s, n - 4)]);

describe('generateDemoBranch', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateDemoBranch();
    expect(JSON.stringify(again)).toBe(JSON.stringify(branch));
    expect(again).toEqual(branch);
    const other = generateDemoBranch({ seed: 7 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(branch));
    expect(other.seed).toBe(7);
  });

  it('generates 600 groups over 24 periods ending 2026-10', () => {
    expect(branch.branchName).toBe('滨江区分公司');
    expect(branch.seed).toBe(20241);
    expect(groups).toHaveLength(600);
    expect(branch.periods).toHaveLength(24);
    expect(branch.periods[0]).toBe('2024-11');
    expect(branch.periods[23]).toBe('2026-10');
    expect([...branch.periods].sort()).toEqual(branch.periods);
    // most groups bill every month; a few were acquired mid-history
    const full = groups.filter((g) => factsByGroup.get(g.groupCode)?.length === 24).length;
    expect(full).toBeGreaterThan(560);
    expect(full).toBeLessThan(600);
    for (const g of groups) expect(factsByGroup.get(g.groupCode)?.length ?? 0).toBeGreaterThan(0);
  });

  it('respects options', () => {
    const small = generateDemoBranch({ seed: 3, groups: 50, months: 12, endPeriod: '2025-03', branchName: '西湖区分公司' });
    expect(small.portfolio.groups).toHaveLength(50);
    expect(small.periods).toEqual([
      '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09',
      '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03',
    ]);
    expect(small.portfolio.groups.some((g) => g.groupName.startsWith('西湖区'))).toBe(true);
  });

  it('has unique 10-digit string codes, some with leading zeros, and unique names', () => {
    const codes = groups.map((g) => g.groupCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) {
      expect(typeof c).toBe('string');
      expect(c).toMatch(/^\d{10}$/);
    }
    expect(codes.filter((c) => c.startsWith('0')).length).toBeGreaterThan(60);
    expect(new Set(groups.map((g) => g.groupName)).size).toBe(groups.length);
    expect(facts.every((f) => typeof f.groupCode === 'string')).toBe(true);
  });

  it('has realistic master data', () => {
    const byClass = (c: string): number => groups.filter((g) => g.groupClass === c).length;
    expect(byClass('A1') + byClass('A2')).toBeLessThan(byClass('C'));
    expect(byClass('C') + byClass('D')).toBeGreaterThan(300);
    for (const g of groups) {
      expect(['A1', 'A2', 'B1', 'B2', 'C', 'D']).toContain(g.groupClass);
      expect(['省重点', '市重点', null]).toContain(g.importance);
      expect(['无', '电信', '联通', '电信,联通']).toContain(g.competitorPresence);
      expect(['AAA', 'AA', 'A', '普通', null]).toContain(g.lineGrade);
      if (g.contractEnd !== null) expect(g.contractEnd).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(new Set(groups.map((g) => g.region)).size).toBeGreaterThanOrEqual(5);
    const managers = new Set(groups.map((g) => g.accountManager).filter((m) => m !== null));
    expect(managers.size).toBeGreaterThanOrEqual(10);
    expect(managers.size).toBeLessThanOrEqual(14);
    // A groups are bigger than D groups
    const emp = (c: string): number => mean(groups.filter((g) => g.groupClass === c).map((g) => g.employees ?? 0));
    expect(emp('A1')).toBeGreaterThan(emp('B1'));
    expect(emp('B1')).toBeGreaterThan(emp('D'));
  });

  it('has some groups without an account manager, mostly C/D', () => {
    const vacuum = groups.filter((g) => g.accountManager === null);
    expect(vacuum.length).toBeGreaterThan(20);
    expect(vacuum.length).toBeLessThan(80);
    expect(vacuum.filter((g) => g.groupClass === 'C' || g.groupClass === 'D').length).toBeGreaterThan(vacuum.length * 0.7);
  });

  it('has contracts ending within 90 days after endPeriod and some without contract', () => {
    const soon = groups.filter((g) => g.contractEnd !== null && g.contractEnd > '2026-10-31' && g.contractEnd <= '2027-01-29');
    expect(soon.length).toBeGreaterThan(20);
    expect(soon.length).toBeLessThan(90);
    const none = groups.filter((g) => g.contractEnd === null);
    expect(none.length).toBeGreaterThan(10);
    expect(none.length).toBeLessThan(60);
  });

  it('keeps total = unified + personal exactly (to the cent) and sane fields', () => {
    const bad = facts.filter((f) => {
      const u = f.unifiedPayRevenue ?? NaN;
      const p = f.personalPayRevenue ?? NaN;
      const t = f.totalRevenue;
      const products = f.products ?? 0;
      return !(
        Math.round(u * 100) + Math.round(p * 100) === Math.round(t * 100) &&
        Math.abs(t - (u + p)) < 1e-6 &&
        Math.abs(t * 100 - Math.round(t * 100)) < 1e-6 &&
        (f.newBusinessRevenue ?? 0) <= t &&
        (f.offNetMembers ?? 0) <= (f.members ?? 0) &&
        /^\d{4}-\d{2}$/.test(f.period) &&
        (t === 0 || (products >= 1 && products <= 12))
      );
    });
    expect(bad).toEqual([]);
    const zeroArrears = facts.filter((f) => f.arrears === 0).length;
    expect(zeroArrears / facts.length).toBeGreaterThan(0.9);
    const zeroComplaints = facts.filter((f) => f.complaints === 0).length;
    expect(zeroComplaints / facts.length).toBeGreaterThan(0.85);
  });

  it('plants disjoint, non-empty, sorted sets', () => {
    const { growing, declining, lost, stable } = branch.planted;
    const sets = Object.values(branch.planted);
    expect(sets).toHaveLength(10);
    for (const set of sets) {
      expect(set.length).toBeGreaterThan(0);
      expect([...set].sort()).toEqual(set);
    }
    const all = sets.flat();
    expect(new Set(all).size).toBe(all.length);
    // the demo's planted mix (issue #13): shares of 600 groups
    expect(growing.length).toBeGreaterThan(30);
    expect(declining.length).toBeGreaterThan(30);
    expect(lost.length).toBeGreaterThan(5);
    expect(stable.length).toBeGreaterThan(300);
    for (const set of [branch.planted.early, branch.planted.pastDecline, branch.planted.dip, branch.planted.stepDown, branch.planted.retained]) expect(set.length).toBeGreaterThan(15);
    expect(branch.planted.sudden.length).toBeGreaterThan(5);
    // every story but growing/stable/lost has its events, one per group
    for (const [kind, events] of Object.entries(branch.events)) {
      expect(events.map((e) => e.groupCode)).toEqual(branch.planted[kind as keyof typeof branch.planted]);
    }
    const codes = new Set(groups.map((g) => g.groupCode));
    for (const c of all) expect(codes.has(c)).toBe(true);
  });

  it('makes every planted decliner fall clearly, with at least one precursor still visible', () => {
    for (const code of branch.planted.declining) {
      const s = series(code);
      expect(last3Ratio(s)).toBeLessThanOrEqual(0.9);
      expect(revenue(s, n - 1)).toBeLessThanOrEqual(0.75 * revenue(s, n - 7));
      const minutes = (t: number): number => s[t]?.minutes ?? 0;
      const trafficDown = minutes(n - 1) <= 0.85 * mean([minutes(n - 4), minutes(n - 3), minutes(n - 2)]);
      const lostMembers = members(s, n - 4) - members(s, n - 1);
      const membersDown = lostMembers >= 5 || lostMembers >= 0.1 * members(s, n - 4);
      const share = (t: number): number => (s[t]?.offNetMembers ?? 0) / Math.max(1, members(s, t));
      const offNetUp = share(n - 1) > share(n - 4);
      expect(trafficDown || membersDown || offNetUp, code).toBe(true);
    }
  });

  it('keeps stable groups stable', () => {
    const stable = branch.planted.stable;
    const ok = stable.filter((code) => {
      const s = series(code);
      const memberLoss = (members(s, n - 4) - members(s, n - 1)) / members(s, n - 4);
      return last3Ratio(s) > 0.9 && memberLoss < 0.1;
    });
    expect(ok.length).toBeGreaterThanOrEqual(0.95 * stable.length);
  });

  it('makes growing groups grow', () => {
    for (const code of branch.planted.growing) {
      const s = series(code);
      expect(revenue(s, n - 1)).toBeGreaterThan(1.15 * revenue(s, n - 13));
    }
  });

  it('shows lost groups at zero revenue and members for the last 2 months', () => {
    for (const code of branch.planted.lost) {
      const s = series(code);
      for (const t of [n - 2, n - 1]) {
        expect(s[t]).toBeDefined();
        expect(revenue(s, t)).toBe(0);
        expect(members(s, t)).toBe(0);
      }
      expect(revenue(s, 0)).toBeGreaterThan(0);
    }
  });

  it('shows a Spring Festival dip in minutes for stable groups', () => {
    const stable = new Set(branch.planted.stable);
    const sumMinutes = (period: string): number =>
      facts.filter((f) => f.period === period && stable.has(f.groupCode)).reduce((a, f) => a + (f.minutes ?? 0), 0);
    for (const [feb, nov, apr] of [
      ['2026-02', '2025-11', '2026-04'],
      ['2025-02', '2024-11', '2025-04'],
    ] as const) {
      expect(sumMinutes(feb)).toBeLessThan(0.97 * mean([sumMinutes(nov), sumMinutes(apr)]));
    }
    // 2026: Spring Festival on 17 Feb → a clear dip
    expect(sumMinutes('2026-02')).toBeLessThan(0.92 * mean([sumMinutes('2025-11'), sumMinutes('2026-04')]));
  });

  it('generates quickly', () => {
    const t0 = performance.now();
    generateDemoBranch({ seed: 99 });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('demo workbooks', () => {
  it('builds the group master sheet as an analyst receives it', () => {
    const sheet = groupMasterSheet(branch);
    expect(sheet.sheetName).toBe('集团客户资料');
    expect(sheet.title).toBe('滨江区分公司集团客户资料（截至2026年10月）');
    const aoa = sheetToAoa(sheet);
    expect(aoa[0]).toEqual([sheet.title]);
    expect(aoa[1]).toEqual([]);
    expect(aoa[2]).toEqual([...GROUP_MASTER_HEADERS]);
    expect(GROUP_MASTER_HEADERS).toEqual([
      '集团编码', '集团名称', '集团等级', '重点标识', '行业', '区县', '客户经理', '从业人员数', '协议到期日', '异网情况', '专线等级',
    ]);
    expect(aoa).toHaveLength(3 + groups.length + 1);
    const total = aoa[aoa.length - 1] ?? [];
    expect(total[0]).toBe('合计');
    expect(total[7]).toBe(groups.reduce((a, g) => a + (g.employees ?? 0), 0));
    expect(total[1]).toBeNull();
    for (const row of aoa.slice(3, -1)) {
      expect(typeof row[0]).toBe('string');
      expect(row).toHaveLength(GROUP_MASTER_HEADERS.length);
    }
    // null stays an empty cell
    expect(aoa.slice(3, -1).some((row) => row[6] === null)).toBe(true);
  });

  it('builds the monthly billing sheet with BOSS periods and a 合计 row', () => {
    const sheet = monthlyBillingSheet(branch);
    expect(sheet.sheetName).toBe('月度出账');
    expect(sheet.title).toBe('滨江区分公司集团客户月度出账明细（2024年11月—2026年10月）');
    const aoa = sheetToAoa(sheet);
    expect(aoa[0]).toEqual([sheet.title]);
    expect(aoa[1]).toEqual([]);
    expect(aoa[2]).toEqual([...MONTHLY_BILLING_HEADERS]);
    expect(MONTHLY_BILLING_HEADERS).toEqual([
      '集团编码', '集团名称', '账期', '统付收入(元)', '个付收入(元)', '出账收入(元)', '新业务收入(元)',
      '集团成员数', '异网成员数', '通话分钟数', '欠费金额(元)', '投诉次数', '故障次数', '产品数',
    ]);
    const rows = aoa.slice(3, -1);
    expect(rows).toHaveLength(facts.length);
    expect(rows[0]?.[2]).toBe('202411');
    expect(rows[rows.length - 1]?.[2]).toBe('202610');
    const keys = rows.map((r) => `${String(r[2])}|${String(r[0])}`);
    expect(keys.every((k, i) => i === 0 || (keys[i - 1] ?? '') < k)).toBe(true);
    expect(rows.filter((row) => typeof row[0] !== 'string' || !/^\d{6}$/.test(String(row[2])))).toEqual([]);
    const total = aoa[aoa.length - 1] ?? [];
    expect(total[0]).toBe('合计');
    expect(total[1]).toBeNull();
    expect(total[2]).toBeNull();
    const cents = facts.reduce((a, f) => a + Math.round(f.totalRevenue * 100), 0);
    expect(total[5]).toBe(cents / 100);
    expect(total[5]).toBeCloseTo(facts.reduce((a, f) => a + f.totalRevenue, 0), 2);
    expect(total[7]).toBe(facts.reduce((a, f) => a + (f.members ?? 0), 0));
  });
});
