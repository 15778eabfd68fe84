/**
 * retentionAt (shared/analytics/retention.ts): count and value retention of
 * groups and members against the snapshot month of the settings, on hand-made
 * data whose figures are worked out by hand below. Boundaries: a group lost
 * (no bill, or no fact row at all), a zero base, no member snapshot, a member
 * snapshot of another month, a snapshot month outside the data or after the
 * analysis month, missing ARPU; and the setting itself (defaults for stored
 * settings without it, validation).
 */
import { describe, expect, it } from 'vitest';
import { AnalyticsSettingsSchema, buildIndex, DEFAULT_SETTINGS, parseSettings, retentionAt, retentionView, withSetting, type AnalyticsSettings } from '../../shared/analytics';
import type { MemberSnapshot, MonthlyFact, Portfolio } from '../../shared/model/portfolio';
import { periodRange } from '../../shared/util/period';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { demoPortfolio } from '../../shared/demo/demoPortfolio';
import { demoMemberSnapshots, demoSnapshotPeriod } from '../../shared/demo/demoMemberSnapshots';
import { group } from './support/handData';


function fact(code: string, period: string, totalRevenue: number): MonthlyFact {
  return {
    groupCode: code,
    period,
    unifiedPayRevenue: totalRevenue * 0.6,
    personalPayRevenue: totalRevenue * 0.4,
    totalRevenue,
    newBusinessRevenue: 0,
    members: 10,
    offNetMembers: 1,
    minutes: 100,
    arrears: 0,
    complaints: 0,
    faults: 0,
    products: 2,
  };
}

/** 2024-11 … 2025-12 (14 months) */
const P = periodRange('2024-11', '2025-12');
const series = (code: string, periods: readonly string[], rev: (p: string) => number): MonthlyFact[] => periods.map((p) => fact(code, p, rev(p)));

/**
 * A: 100 at 2024-12, 80 at 2025-12. B: 200 until 2025-10, no fact rows after (lost).
 * C: only from 2025-03 (not a snapshot group). D: 50 at 2024-12, 60 at 2025-12.
 * E: 0 at 2024-12 (not a snapshot group), 70 later.
 */
function portfolio(memberSnapshots?: MemberSnapshot[]): Portfolio {
  return {
    groups: ['A', 'B', 'C', 'D', 'E'].map((c) => group(c)),
    facts: [
      ...series('A', P, (p) => (p <= '2024-12' ? 100 : 80)),
      ...series('B', P.filter((p) => p <= '2025-10'), () => 200),
      ...series('C', P.filter((p) => p >= '2025-03'), () => 40),
      ...series('D', P, (p) => (p <= '2024-12' ? 50 : 60)),
      ...series('E', P, (p) => (p <= '2024-12' ? 0 : 70)),
    ],
    ...(memberSnapshots ? { memberSnapshots } : {}),
  };
}

function settings(mutate: (s: AnalyticsSettings) => void = () => {}): AnalyticsSettings {
  const s = structuredClone(DEFAULT_SETTINGS);
  mutate(s);
  return s;
}

const member = (id: string, groupCode: string, status: MemberSnapshot['status'], snapshotArpu: number | null, currentArpu: number | null, period: string | null = '2024-12'): MemberSnapshot => ({
  memberId: `138****${id}`,
  groupCode,
  status,
  period,
  snapshotArpu,
  currentArpu,
});

const settingValue = (tr: { settings: { label: { en: string }; value: unknown }[] }, en: string): unknown => tr.settings.find((x) => x.label.en.startsWith(en))?.value;

describe('retentionAt', () => {
  it('defaults to 12 months before the analysis month; a group lost counts in the base and 0 now', () => {
    const r = retentionView(portfolio(), DEFAULT_SETTINGS);
    expect(r.asOf).toBe('2025-12');
    expect(r.snapshot).toBe('2024-12');
    expect(r.source).toBe('monthsBack');
    expect(r.reason).toBeNull();
    // snapshot groups A, B, D (E billed 0, C had no row); B has no row in 2025-12
    expect(r.groups).toMatchObject({ snapshotCount: 3, stillActive: 2, snapshotRevenue: 350, currentRevenue: 140 });
    expect(r.groups?.count.value).toBeCloseTo(2 / 3, 12);
    expect(r.groups?.value.value).toBeCloseTo(140 / 350, 12);
    expect(r.detail?.groups.lost).toEqual(['B']);
    // each figure has its own trace: rule, inputs, the settings used
    const ct = r.groups?.count.trace;
    expect(ct?.rule.zh).toContain('2024-12');
    expect(ct?.inputs.find((i) => i.label.en === 'Snapshot groups')?.value).toBe(3);
    expect(ct?.inputs.find((i) => i.label.en === 'Still billed')?.value).toBe(2);
    expect(settingValue(ct ?? { settings: [] }, 'Snapshot month')).toEqual({ zh: '自动', en: 'automatic' });
    expect(settingValue(ct ?? { settings: [] }, 'Without a snapshot month')).toBe(12);
    const vt = r.groups?.value.trace;
    expect(vt?.inputs.find((i) => i.label.en === 'Snapshot revenue (yuan)')?.value).toBe('350');
    expect(vt?.inputs.find((i) => i.label.en === 'Value retention')?.value).toBe('40.0%');
    expect(vt?.settings.some((x) => x.label.en.startsWith('Revenue that drives value'))).toBe(true);
  });

  it('takes the snapshot month from the setting; monthsBack moves the automatic one', () => {
    const r = retentionView(portfolio(), settings((s) => (s.retention.snapshotPeriod = '2025-06')));
    expect(r.source).toBe('setting');
    expect(r.snapshot).toBe('2025-06');
    // A 80, B 200, C 40, D 60, E 70 billed in 2025-06; all but B still billed: 4/5, (80+40+60+70)/450
    expect(r.groups?.count.value).toBeCloseTo(4 / 5, 12);
    expect(r.groups?.value.value).toBeCloseTo(250 / 450, 12);
    expect(settingValue(r.groups?.count.trace ?? { settings: [] }, 'Snapshot month')).toBe('2025-06');
    const back = retentionView(portfolio(), settings((s) => (s.retention.monthsBack = 3)));
    expect(back.snapshot).toBe('2025-09');
    expect(back.groups?.snapshotCount).toBe(5);
    // the caller's month wins over both
    expect(retentionView(portfolio(), settings((s) => (s.retention.snapshotPeriod = '2025-06')), { snapshot: '2025-01' })).toMatchObject({ snapshot: '2025-01', source: 'request' });
  });

  it('a snapshot month outside the data or after the analysis month: no figures, a reason', () => {
    const out = retentionView(portfolio(), settings((s) => (s.retention.monthsBack = 24)));
    expect(out.snapshot).toBe('2023-12');
    expect(out.groups).toBeNull();
    expect(out.members).toBeNull();
    expect(out.detail).toBeNull();
    expect(out.reason?.zh).toContain('不在数据范围内');
    expect(out.reason?.en).toContain('outside the data');
    const after = retentionView(portfolio(), settings((s) => (s.retention.snapshotPeriod = '2025-09')), { asOf: '2025-06' });
    expect(after.groups).toBeNull();
    expect(after.reason?.zh).toContain('晚于分析期 2025-06');
  });

  it('value 0 base: no group billed in the snapshot month gives no ratio, not 0 or NaN', () => {
    const p: Portfolio = { groups: [group('A'), group('B')], facts: [...series('A', P, (x) => (x === '2024-12' ? 0 : 90)), ...series('B', P.filter((x) => x !== '2024-12'), () => 30)] };
    const r = retentionView(p, DEFAULT_SETTINGS);
    expect(r.groups).toMatchObject({ snapshotCount: 0, stillActive: 0, snapshotRevenue: 0 });
    expect(r.groups?.count.value).toBeNull();
    expect(r.groups?.value.value).toBeNull();
    expect(r.groups?.value.trace.inputs.find((i) => i.label.en === 'Value retention')?.value).toBe('—');
  });

  it('no member snapshot: the member half says so', () => {
    const r = retentionView(portfolio(), DEFAULT_SETTINGS);
    expect(r.members).toBeNull();
    expect(r.membersReason).toEqual({ zh: '未导入拍照成员', en: 'No member snapshot imported' });
    expect(r.membersImported).toBe(false);
    expect(retentionView(portfolio([]), DEFAULT_SETTINGS).membersReason?.en).toBe('No member snapshot imported');
  });

  it('members: count over all snapshot members, value over those with ARPU; left and ported out count 0', () => {
    const snaps = [
      member('0001', 'A', 'active', 50, 40),
      member('0002', 'A', 'active', 30, 36, null), // no period: taken as of the snapshot
      member('0003', 'B', 'left', 20, 0),
      member('0004', 'B', 'portedOut', 10, null),
      member('0005', 'D', 'active', null, 25), // no snapshot ARPU: counted, not valued
      member('0006', 'D', 'active', 40, 44, '2025-06'), // another snapshot month: not in this one
    ];
    const r = retentionView(portfolio(snaps), DEFAULT_SETTINGS);
    expect(r.membersReason).toBeNull();
    expect(r.members).toMatchObject({ snapshotCount: 5, stillActive: 3, snapshotArpu: 110, currentArpu: 76 });
    expect(r.members?.count.value).toBeCloseTo(3 / 5, 12);
    expect(r.members?.value.value).toBeCloseTo(76 / 110, 12);
    const ct = r.members?.count.trace;
    expect(ct?.inputs.find((i) => i.label.en === 'Left')?.value).toBe(1);
    expect(ct?.inputs.find((i) => i.label.en === 'Ported out')?.value).toBe(1);
    expect(r.members?.value.trace.inputs.find((i) => i.label.en.startsWith('Members without ARPU'))?.value).toBe(1);
    expect(r.members?.value.trace.rule.zh).toContain('ARPU 缺失的成员两边都不计');
    // the 2025-06 snapshot: its own member and the undated one
    const june = retentionView(portfolio(snaps), settings((s) => (s.retention.snapshotPeriod = '2025-06')));
    expect(june.members?.snapshotCount).toBe(2); // 0006 and 0002
  });

  it('members of another month only: the member half names the month it has', () => {
    const r = retentionView(portfolio([member('0001', 'A', 'active', 50, 40, '2025-06')]), DEFAULT_SETTINGS);
    expect(r.members).toBeNull();
    expect(r.membersReason?.zh).toBe('拍照成员为 2025-06，没有 2024-12 的拍照成员');
    expect(r.membersImported).toBe(true);
  });

  it('members value 0 base: every snapshot ARPU 0 gives a count but no value', () => {
    const r = retentionView(portfolio([member('0001', 'A', 'active', 0, 10), member('0002', 'A', 'left', 0, 0)]), DEFAULT_SETTINGS);
    expect(r.members?.count.value).toBe(0.5);
    expect(r.members?.value.value).toBeNull();
  });

  it('takes an index and a column too (as the pages call it), with the same figures', () => {
    const ix = buildIndex(portfolio());
    const a = retentionAt(ix, DEFAULT_SETTINGS, ix.periods.indexOf('2025-12'));
    expect(a.groups?.value.value).toBe(retentionView(portfolio(), DEFAULT_SETTINGS).groups?.value.value);
    expect(() => retentionAt(buildIndex({ groups: [group('A')], facts: [] }), DEFAULT_SETTINGS, 0)).toThrow(RangeError);
  });
});

describe('retention settings', () => {
  it('stored settings without the field read as the defaults', () => {
    const old = structuredClone(DEFAULT_SETTINGS) as Partial<AnalyticsSettings>;
    delete old.retention;
    expect(parseSettings(old).settings.retention).toEqual({ snapshotPeriod: null, monthsBack: 12 });
    expect(parseSettings(old).issues).toEqual([]);
    expect(AnalyticsSettingsSchema.parse(old).retention).toEqual({ snapshotPeriod: null, monthsBack: 12 });
  });

  it('a month or null is taken, anything else refused', () => {
    const set = withSetting(DEFAULT_SETTINGS, 'retention.snapshotPeriod', '2025-10');
    expect(set.ok && set.settings.retention.snapshotPeriod).toBe('2025-10');
    const cleared = set.ok ? withSetting(set.settings, 'retention.snapshotPeriod', null) : set;
    expect(cleared.ok && cleared.settings.retention.snapshotPeriod).toBeNull();
    expect(withSetting(DEFAULT_SETTINGS, 'retention.snapshotPeriod', '2025-13').ok).toBe(false);
    expect(withSetting(DEFAULT_SETTINGS, 'retention.snapshotPeriod', '2025Q3').ok).toBe(false);
    expect(withSetting(DEFAULT_SETTINGS, 'retention.monthsBack', 0).ok).toBe(false);
    // a bad stored value falls back to the default, with an issue
    const bad = parseSettings({ ...structuredClone(DEFAULT_SETTINGS), retention: { snapshotPeriod: 'last year', monthsBack: 6 } });
    expect(bad.settings.retention).toEqual({ snapshotPeriod: null, monthsBack: 6 });
    expect(bad.issues.map((i) => i.key)).toContain('retention.snapshotPeriod');
  });
});



describe('the demo ships a member snapshot', () => {
  const branch = generateDemoBranch();
  const p = demoPortfolio(branch);
  const snaps = p.memberSnapshots ?? [];

  it('of the default snapshot month, as many members as the snapshot groups had, none still active in a lost group', () => {
    expect(demoSnapshotPeriod(branch)).toBe('2025-10');
    expect(snaps.every((m) => m.period === '2025-10')).toBe(true);
    let members = 0;
    for (const f of branch.portfolio.facts) if (f.period === '2025-10' && (f.totalRevenue ?? 0) > 0) members += f.members ?? 0;
    expect(snaps.length).toBe(members);
    const lost = new Set(branch.planted.lost);
    expect(snaps.some((m) => lost.has(m.groupCode))).toBe(true);
    expect(snaps.filter((m) => lost.has(m.groupCode) && m.status === 'active')).toEqual([]);
    // deterministic
    expect(demoMemberSnapshots(branch).slice(0, 50)).toEqual(snaps.slice(0, 50));
  });

  it('gives real member figures on the demo, value below count (those who stayed spend less)', () => {
    const r = retentionView(p, DEFAULT_SETTINGS);
    expect(r.snapshot).toBe('2025-10');
    expect(r.membersReason).toBeNull();
    const m = r.members;
    expect(m?.snapshotCount).toBe(snaps.length);
    expect(m?.stillActive).toBe(snaps.filter((x) => x.status === 'active').length);
    expect(m?.count.value ?? 0).toBeGreaterThan(0.8);
    expect(m?.count.value ?? 1).toBeLessThan(1);
    expect(m?.value.value ?? 1).toBeLessThan(m?.count.value ?? 0);
    expect(r.groups?.value.value ?? 1).toBeLessThan(r.groups?.count.value ?? 0);
  });
});
