/**
 * The analytics engine on small hand-made portfolios: every metric, every
 * warning signal at its boundary, the zones, lifecycle, quadrants, migration,
 * retention, aggregations and settings. Expected values are worked out by
 * hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import {
  analyzePortfolio,
  buildIndex,
  DEFAULT_SETTINGS,
  getSetting,
  groupDetail,
  groupRows,
  migrationMatrix,
  parseSettings,
  retention,
  SETTINGS_META,
  SIGNAL_IDS,
  tableToJson,
  validateSettings,
  withSetting,
  type AnalyticsSettings,
  type SignalId,
  type SignalResult,
} from '../../shared/analytics/index';
import { resolvePeriod } from '../../shared/analytics/columnar';
import type { Group, KeyPerson, MemberSnapshot, MonthlyFact, Portfolio } from '../../shared/model/portfolio';
import { addMonths, periodRange } from '../../shared/util/period';
import { fact, group } from './support/handData';

// ---------------------------------------------------------------------------
// helpers



/** periods ending at `end`, oldest first */
function months(n: number, end = '2025-12'): string[] {
  return periodRange(addMonths(end, -(n - 1)), end);
}

/** a fact per period, fields from `f(i)` (i = 0 for the oldest) */
function series(code: string, periods: string[], f: (i: number) => Partial<MonthlyFact> = () => ({})): MonthlyFact[] {
  return periods.map((p, i) => fact(code, p, f(i)));
}

function settings(mutate: (s: AnalyticsSettings) => void = () => {}): AnalyticsSettings {
  const s = structuredClone(DEFAULT_SETTINGS);
  mutate(s);
  return s;
}

/** only the given signals enabled */
function only(ids: SignalId[], mutate: (s: AnalyticsSettings) => void = () => {}): AnalyticsSettings {
  return settings((s) => {
    for (const id of SIGNAL_IDS) s.warnings[id].enabled = ids.includes(id);
    mutate(s);
  });
}

function signal(p: Portfolio, code: string, id: SignalId, s: AnalyticsSettings = DEFAULT_SETTINGS, asOf?: string): SignalResult {
  const d = groupDetail(p, code, s, asOf ? { asOf } : {});
  const r = d?.signals.find((x) => x.id === id);
  if (!r) throw new Error(`no signal ${id} for ${code}`);
  return r;
}

function row(p: Portfolio, code: string, s: AnalyticsSettings = DEFAULT_SETTINGS, asOf?: string) {
  const ix = buildIndex(p);
  const result = analyzePortfolio(ix, s, asOf ? { asOf } : {});
  const r = groupRows(ix, result, { codes: [code], explain: true })[0];
  if (!r) throw new Error(`no row ${code}`);
  return r;
}

// ---------------------------------------------------------------------------

describe('settings', () => {
  it('holds the DOMAIN defaults', () => {
    const s = DEFAULT_SETTINGS;
    expect(s.version).toBe(1);
    expect(s.value.windowMonths).toBe(3);
    expect(s.value.topShare).toBe(0.2);
    expect(s.warnings.revenueTrend).toMatchObject({ points: 25, months: 3, thresholdPct: -0.1 });
    expect(s.warnings.trafficDrop).toMatchObject({ points: 20, avgMonths: 3, thresholdPct: -0.15 });
    expect(s.warnings.memberLoss).toMatchObject({ points: 20, lossPct: 0.1, lossCount: 5, months: 3 });
    expect(s.warnings.offNetRising.points).toBe(10);
    expect(s.warnings.billAnomaly).toMatchObject({ points: 10, trailingMonths: 12, sigmas: 2 });
    expect(s.warnings.complaints).toMatchObject({ points: 10, count: 2 });
    expect(s.warnings.contract).toMatchObject({ points: 10, days: 90 });
    expect(s.warnings.noManager.points).toBe(5);
    expect(s.warnings.arrears).toMatchObject({ points: 5, months: 2 });
    expect(s.warnings.keyPerson).toMatchObject({ points: 10, days: 90 });
    expect(s.warnings.zones).toEqual({ red: 50, yellow: 30, blue: 15 });
    expect(s.warnings.lossProbability).toMatchObject({ red: 0.5, yellow: 0.25, blue: 0.1, green: 0.02 });
    expect(s.warnings.whiteZeroMonths).toBe(2);
    expect(s.warnings.whiteMinHistory).toBe(3);
    expect(s.lifecycle).toMatchObject({ acquisitionMonths: 6, growthPct: 0.05, declinePct: -0.1, consecutiveDrops: 2, exitZeroMonths: 2 });
    expect(s.backtest).toMatchObject({ minMonths: 6, baselineMonths: 3, horizonMonths: 2, dropRatio: 0.9 });
    expect(s.logistic.folds).toBe(5);
    for (const q of ['valueRisk', 'revenueNewBiz', 'valueBinding', 'currentPotential'] as const) {
      expect(s.quadrants[q].x.rule).toBe('median');
      expect(s.quadrants[q].y.rule).toBe('median');
    }
    expect(validateSettings(s).ok).toBe(true);
  });

  it('describes every leaf in the metadata table, and only those', () => {
    const leaves: string[] = [];
    const walk = (o: unknown, prefix: string): void => {
      if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
        for (const [k, v] of Object.entries(o)) walk(v, prefix ? `${prefix}.${k}` : k);
      } else leaves.push(prefix);
    };
    walk(DEFAULT_SETTINGS, '');
    const keys = SETTINGS_META.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(leaves.filter((k) => k !== 'version').sort());
    for (const m of SETTINGS_META) {
      expect(m.label.zh.length).toBeGreaterThan(0);
      expect(m.label.en.length).toBeGreaterThan(0);
      expect(getSetting(DEFAULT_SETTINGS, m.key)).not.toBeUndefined();
      if (m.kind === 'number' || m.kind === 'integer') {
        const v = getSetting(DEFAULT_SETTINGS, m.key) as number;
        expect(v).toBeGreaterThanOrEqual(m.min ?? -Infinity);
        expect(v).toBeLessThanOrEqual(m.max ?? Infinity);
      }
    }
  });

  it('validates, changes one leaf and migrates stored objects', () => {
    const changed = withSetting(DEFAULT_SETTINGS, 'warnings.zones.red', 60);
    expect(changed.ok && changed.settings.warnings.zones.red).toBe(60);
    expect(DEFAULT_SETTINGS.warnings.zones.red).toBe(50);
    const bad = withSetting(DEFAULT_SETTINGS, 'warnings.zones.red', 20);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]?.key).toBe('warnings.zones');
    expect(withSetting(DEFAULT_SETTINGS, 'warnings.nope', 1).ok).toBe(false);
    expect(validateSettings({ ...DEFAULT_SETTINGS, value: { ...DEFAULT_SETTINGS.value, basis: 'x' } }).ok).toBe(false);

    const partial = parseSettings({ warnings: { revenueTrend: { points: 30 }, zones: { red: 'high' } }, value: { windowMonths: 6 } });
    expect(partial.settings.warnings.revenueTrend.points).toBe(30);
    expect(partial.settings.warnings.revenueTrend.thresholdPct).toBe(-0.1);
    expect(partial.settings.value.windowMonths).toBe(6);
    expect(partial.settings.warnings.zones.red).toBe(50);
    expect(partial.issues.map((i) => i.key)).toContain('warnings.zones.red');
    expect(parseSettings({ version: 0 }).issues.map((i) => i.key)).toEqual(['version']);
    expect(parseSettings(undefined).settings).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('junk').issues).toHaveLength(1);
    expect(parseSettings(DEFAULT_SETTINGS)).toEqual({ settings: DEFAULT_SETTINGS, issues: [] });
  });

  it('records the settings used in every result', () => {
    const s = settings((x) => {
      x.value.windowMonths = 2;
    });
    const p: Portfolio = { groups: [group('A')], facts: series('A', months(8)) };
    expect(analyzePortfolio(p, s).settings).toBe(s);
    expect(retention(p, s, { snapshot: '2025-06' }).settings).toBe(s);
    expect(migrationMatrix(p, s, { quadrant: 'valueRisk', from: '2025-06', to: '2025-12' }).settings).toBe(s);
    const bt = analyzePortfolio(p, s);
    expect(bt.kpis.topShare.trace.settings.some((x) => x.label.en.startsWith('Current-value window') && x.value === 2)).toBe(true);
  });
});

describe('value metrics', () => {
  // A: 24 months, total revenue 100 + 10·i (i = 0 … 23), 60% unified, 10% new business,
  // 50 members of 200 employees, 4 products, contract to 2026-06-30, an account manager.
  const periods = months(24);
  const linear = (code: string): MonthlyFact[] =>
    series(code, periods, (i) => {
      const total = 100 + 10 * i;
      return { totalRevenue: total, unifiedPayRevenue: 0.6 * total, personalPayRevenue: 0.4 * total, newBusinessRevenue: 0.1 * total };
    });
  const p: Portfolio = { groups: [group('A', { contractEnd: '2026-06-30' })], facts: linear('A') };

  it('computes value, trends, purity, penetration, binding and potential by hand', () => {
    const r = row(p, 'A');
    expect(r.value).toBeCloseTo((310 + 320 + 330) / 3, 10);
    // 3 months: (310+320+330) / (280+290+300) − 1 = 960/870 − 1
    expect(r.trendShortPct).toBeCloseTo(960 / 870 - 1, 12);
    expect(r.trendShortSlope).toBeCloseTo(10, 10);
    // 12 months: Σ(i=12…23) / Σ(i=0…11) − 1 = 3300/1860 − 1
    expect(r.trendLongPct).toBeCloseTo(3300 / 1860 - 1, 12);
    expect(r.trendLongSlope).toBeCloseTo(10, 10);
    expect(r.purity).toBeCloseTo(0.6, 12);
    expect(r.penetration).toBeCloseTo(50 / 200, 12);
    expect(r.latestRevenue).toBe(330);
    // relationship: manager only (no key persons) → 100
    expect(r.bindingRelationship).toBeCloseTo(100, 10);
    // cost: in force (0.5), 181 of 365.25 days remaining (0.25), purity 0.6 (0.25)
    const cost = 100 * (0.5 * 1 + 0.25 * (181 / 365.25) + 0.25 * 0.6);
    expect(r.bindingCost).toBeCloseTo(cost, 10);
    // product: 4/8 products (0.7), new-business share 10% of 20% (0.3)
    expect(r.bindingProduct).toBeCloseTo(100 * (0.7 * 0.5 + 0.3 * 0.5), 10);
    expect(r.bindingDepth).toBeCloseTo((100 + cost + 50) / 3, 10);
    // potential: growth 77% ÷ 20% → 1, penetration gap 0.75, new-business share 10% ÷ 30%
    expect(r.potential).toBeCloseTo((100 * (1 + 0.75 + 0.1 / 0.3)) / 3, 10);
  });

  it('switches the value basis to unified pay', () => {
    const r = row(p, 'A', settings((s) => (s.value.basis = 'unified')));
    expect(r.value).toBeCloseTo(0.6 * 320, 10);
    expect(r.trendShortSlope).toBeCloseTo(6, 10);
  });

  it('leaves out missing inputs instead of reading them as zero', () => {
    const q: Portfolio = {
      groups: [group('B', { employees: null, contractEnd: null, accountManager: null }), group('C')],
      facts: [...series('B', months(6), () => ({ unifiedPayRevenue: null, products: null, newBusinessRevenue: null })), ...series('C', months(6))],
    };
    const r = row(q, 'B');
    expect(r.penetration).toBeNull();
    expect(r.purity).toBeNull();
    // relationship: no manager → 0; cost: no contract (0 + 0); product: nothing known
    expect(r.bindingRelationship).toBe(0);
    expect(r.bindingCost).toBe(0);
    expect(r.bindingProduct).toBeNull();
    expect(r.bindingDepth).toBe(0);
    expect(r.trendLongPct).toBeNull();
  });

  it('uses key-person contact for the relationship score', () => {
    const kp = (last: string): KeyPerson => ({ groupCode: 'A', role: '联络人', name: '李四', relationshipStrength: 3, lastContactDate: last, competitorContact: false, roleSince: '2020-01-01' });
    const recent = row({ ...p, keyPersons: [kp('2025-12-01')] }, 'A');
    expect(recent.bindingRelationship).toBeCloseTo(100, 10);
    const stale = row({ ...p, keyPersons: [kp('2025-01-01')] }, 'A');
    expect(stale.bindingRelationship).toBeCloseTo(60, 10);
  });

  it('computes concentration and the Pareto curve', () => {
    const values: Record<string, number> = { A: 100, B: 50, C: 30, D: 15, E: 5, F: 0 };
    const q: Portfolio = {
      groups: Object.keys(values).map((c) => group(c)),
      facts: Object.entries(values).flatMap(([c, v]) => series(c, months(3), () => ({ totalRevenue: v }))),
    };
    const r = analyzePortfolio(q);
    // 5 groups with value; top ⌈5·0.2⌉ = 1 → 100 / 200
    expect(r.concentration.groups).toBe(5);
    expect(r.concentration.topCount).toBe(1);
    expect(r.kpis.topShare.value).toBeCloseTo(0.5, 12);
    const at = (x: number) => r.concentration.curve.find((c) => Math.abs(c.x - x) < 1e-9)?.y;
    expect(at(0)).toBe(0);
    expect(at(0.4)).toBeCloseTo(150 / 200, 12);
    expect(at(0.5)).toBeCloseTo(180 / 200, 12);
    expect(at(1)).toBeCloseTo(1, 12);
    expect(r.concentration.curve).toHaveLength(101);
    const ix = buildIndex(q);
    const rows = groupRows(ix, r);
    expect(rows.find((x) => x.groupCode === 'A')?.valueRank).toBe(1);
    expect(rows.find((x) => x.groupCode === 'A')?.top).toBe(true);
    expect(rows.find((x) => x.groupCode === 'E')?.valueRank).toBe(5);
    expect(rows.find((x) => x.groupCode === 'F')?.valueRank).toBeNull();
  });

  it('flags 三高 groups: important class, high personal ARPU and high ARPU', () => {
    // ARPU 10/20/30/40 → 75th percentile 32.5; personal ARPU 4/8/12/16 → 13
    const q: Portfolio = {
      groups: [group('A', { groupClass: 'A1' }), group('B', { groupClass: 'A1' }), group('C', { groupClass: 'C' }), group('D', { groupClass: 'C', importance: '市重点' })],
      facts: (['A', 'B', 'C', 'D'] as const).flatMap((c, i) => {
        const total = [400, 300, 200, 100][i] as number;
        return series(c, months(3), () => ({ members: 10, totalRevenue: total, personalPayRevenue: 0.4 * total, unifiedPayRevenue: 0.6 * total }));
      }),
    };
    const rows = groupRows(q, analyzePortfolio(q));
    expect(rows.map((r) => [r.groupCode, r.sanGao])).toEqual([
      ['A', true],
      ['B', false],
      ['C', false],
      ['D', false],
    ]);
    const loose = settings((s) => {
      s.sanGao.arpuQuantile = 0;
      s.sanGao.incomeQuantile = 0;
    });
    expect(groupRows(q, analyzePortfolio(q, loose)).map((r) => r.sanGao)).toEqual([true, true, false, true]);
  });

  it('computes the KPIs', () => {
    const q: Portfolio = {
      groups: [group('A'), group('B'), group('C')],
      facts: [...series('A', months(3)), ...series('B', months(3), (i) => ({ totalRevenue: i === 2 ? 0 : 50, unifiedPayRevenue: 0, personalPayRevenue: 0 })), fact('X', '2025-12', { totalRevenue: 30, unifiedPayRevenue: 30 })],
    };
    const r = analyzePortfolio(q);
    expect(r.asOf).toBe('2025-12');
    expect(r.kpis.groups.value).toBe(4); // A, B, C and X (only in facts)
    expect(r.dataNotes.groupsOnlyInFacts).toBe(1);
    expect(r.kpis.activeGroups.value).toBe(2); // A and X bill in 2025-12
    expect(r.kpis.latestRevenue.value).toBe(130);
    expect(r.kpis.unifiedShare.value).toBeCloseTo((60 + 0 + 30) / 130, 12);
    expect(r.kpis.zoneCounts.counts.white).toBe(2); // C has no data, X one month
    expect(Object.values(r.kpis.zoneCounts.counts).reduce((a, b) => a + b, 0)).toBe(4);
  });
});

describe('warning signals at their thresholds', () => {
  const P6 = months(7);
  const base = (code: string, f: (i: number) => Partial<MonthlyFact>, g: Partial<Group> = {}): Portfolio => ({
    groups: [group(code, g), group('REF')],
    facts: [...series(code, P6, f), ...series('REF', P6)],
  });

  it('revenue trend: fires at −10%, not at −9.67%; explains in zh and en', () => {
    // months 1–3 = 100, months 4–6 sum 270 → 270/300 − 1 = −10%
    const at = base('A', (i) => ({ totalRevenue: i < 4 ? 100 : 90 }));
    const s = signal(at, 'A', 'revenueTrend');
    expect(s.fired).toBe(true);
    expect(s.points).toBe(25);
    expect(s.observed.change).toBeCloseTo(-0.1, 12);
    expect(s.threshold.change).toBe(-0.1);
    expect(signal(base('A', (i) => ({ totalRevenue: i < 4 ? 100 : i === 4 ? 91 : 90 })), 'A', 'revenueTrend').fired).toBe(false);
    // −23.4%: 300 → 229.8
    const e = signal(base('A', (i) => ({ totalRevenue: i < 4 ? 100 : i === 4 ? 69.8 : 80 })), 'A', 'revenueTrend').explanation;
    expect(e.zh).toBe('出账收入近3月 −23.4%（阈值 −10%）');
    expect(e.en).toBe('Revenue over 3 months −23.4% (threshold −10%)');
    const unified = signal(base('A', (i) => ({ unifiedPayRevenue: i < 4 ? 60 : 46 })), 'A', 'revenueTrend', settings((x) => (x.value.basis = 'unified')));
    expect(unified.explanation.zh).toBe('统付收入近3月 −23.3%（阈值 −10%）');
  });

  it('revenue trend is unavailable with less than 6 months of history, never zero', () => {
    const q: Portfolio = { groups: [group('A')], facts: series('A', months(5)) };
    const s = signal(q, 'A', 'revenueTrend');
    expect(s.unavailable).toBe(true);
    expect(s.fired).toBe(false);
    expect(s.reason?.en).toMatch(/history/);
    expect(s.observed.change).toBeNull();
  });

  it('traffic diversion: fires at −15% of the 3-month average, not at −14.9%', () => {
    expect(signal(base('A', (i) => ({ minutes: i === 6 ? 850 : 1000 })), 'A', 'trafficDrop').fired).toBe(true);
    expect(signal(base('A', (i) => ({ minutes: i === 6 ? 851 : 1000 })), 'A', 'trafficDrop').fired).toBe(false);
    expect(signal(base('A', (i) => ({ minutes: i === 5 ? null : 1000 })), 'A', 'trafficDrop').unavailable).toBe(true);
  });

  it('batch member loss: ≥5 members or ≥10% in 3 months', () => {
    const m = (before: number, after: number) => base('A', (i) => ({ members: i < 4 ? before : after, offNetMembers: 0 }));
    expect(signal(m(100, 95), 'A', 'memberLoss').fired).toBe(true); // 5 members
    expect(signal(m(100, 96), 'A', 'memberLoss').fired).toBe(false); // 4 members, 4%
    expect(signal(m(40, 36), 'A', 'memberLoss').fired).toBe(true); // 4 members, 10%
    expect(signal(m(40, 37), 'A', 'memberLoss').fired).toBe(false); // 3 members, 7.5%
    const s = signal(m(40, 36), 'A', 'memberLoss');
    expect(s.observed).toMatchObject({ before: 40, now: 36, lost: 4 });
    expect(s.explanation.zh).toBe('成员近3月减少 4 人（40 → 36，−10.0%；阈值 ≥5 人或 ≥10%）');
  });

  it('off-net share rising: fires at +1 percentage point', () => {
    expect(signal(base('A', (i) => ({ members: 100, offNetMembers: i < 4 ? 10 : 11 })), 'A', 'offNetRising').fired).toBe(true);
    expect(signal(base('A', (i) => ({ members: 200, offNetMembers: i < 4 ? 20 : 21 })), 'A', 'offNetRising').fired).toBe(false);
    expect(signal(base('A', () => ({ members: 100, offNetMembers: 10 })), 'A', 'offNetRising').fired).toBe(false);
  });

  it('bill anomaly: below mean − 2σ of the trailing 12 months (not at it)', () => {
    // trailing 12 months alternate 90/110: mean 100, population σ 10 → bound 80
    const q = (last: number): Portfolio => ({ groups: [group('A')], facts: series('A', months(13), (i) => ({ totalRevenue: i === 12 ? last : i % 2 === 0 ? 90 : 110 })) });
    const at = signal(q(80), 'A', 'billAnomaly');
    expect(at.fired).toBe(false);
    expect(at.observed).toMatchObject({ mean: 100, sd: 10, bound: 80, months: 12 });
    expect(signal(q(79.99), 'A', 'billAnomaly').fired).toBe(true);
    // fewer than 6 trailing months: unavailable
    expect(signal({ groups: [group('A')], facts: series('A', months(6)) }, 'A', 'billAnomaly').unavailable).toBe(true);
  });

  it('complaints or faults: ≥2 in the last month; missing counts are not zeros', () => {
    expect(signal(base('A', (i) => (i === 6 ? { complaints: 1, faults: 1 } : {})), 'A', 'complaints').fired).toBe(true);
    expect(signal(base('A', (i) => (i === 6 ? { complaints: 1, faults: 0 } : {})), 'A', 'complaints').fired).toBe(false);
    expect(signal(base('A', (i) => (i === 6 ? { complaints: null, faults: 1 } : {})), 'A', 'complaints').unavailable).toBe(true);
    expect(signal(base('A', (i) => (i === 6 ? { complaints: null, faults: 2 } : {})), 'A', 'complaints').fired).toBe(true);
  });

  it('contract: ends within 90 days of the month end, ended, or none', () => {
    // as of 2025-12 → day 2025-12-31; 2026-03-31 is 90 days later
    const c = (end: string | null) => signal(base('A', () => ({}), { contractEnd: end }), 'A', 'contract');
    expect(c('2026-03-31').fired).toBe(true);
    expect(c('2026-03-31').observed.daysRemaining).toBe(90);
    expect(c('2026-04-01').fired).toBe(false);
    expect(c('2025-06-30').fired).toBe(true);
    expect(c('2025-06-30').explanation.zh).toBe('协议已于 2025-06-30 到期（184 天前）');
    expect(c(null).fired).toBe(true);
    expect(c(null).explanation.en).toBe('No contract');
    // no group has a contract date: the column was not imported
    const none: Portfolio = { groups: [group('A', { contractEnd: null })], facts: series('A', P6) };
    expect(signal(none, 'A', 'contract').unavailable).toBe(true);
  });

  it('no account manager', () => {
    expect(signal(base('A', () => ({}), { accountManager: null }), 'A', 'noManager').fired).toBe(true);
    expect(signal(base('A', () => ({}), { accountManager: '  ' }), 'A', 'noManager').fired).toBe(true);
    expect(signal(base('A', () => ({})), 'A', 'noManager').fired).toBe(false);
    const none: Portfolio = { groups: [group('A', { accountManager: null })], facts: series('A', P6) };
    expect(signal(none, 'A', 'noManager').unavailable).toBe(true);
  });

  it('arrears for 2+ consecutive months', () => {
    expect(signal(base('A', (i) => ({ arrears: i >= 5 ? 10 : 0 })), 'A', 'arrears').fired).toBe(true);
    expect(signal(base('A', (i) => ({ arrears: i === 6 ? 10 : 0 })), 'A', 'arrears').fired).toBe(false);
    expect(signal(base('A', (i) => ({ arrears: i === 6 ? null : 0 })), 'A', 'arrears').unavailable).toBe(true);
    expect(signal(base('A', (i) => ({ arrears: i === 5 ? null : 10 })), 'A', 'arrears').unavailable).toBe(true);
  });

  it('key person: changed within 90 days, poached, or not contacted for 90+ days', () => {
    const kp = (over: Partial<KeyPerson>): KeyPerson => ({
      groupCode: 'A',
      role: '决策者',
      name: '张局',
      relationshipStrength: 4,
      lastContactDate: '2025-12-01',
      competitorContact: false,
      roleSince: '2020-01-01',
      ...over,
    });
    const q = (p: Partial<KeyPerson>) => ({ ...base('A', () => ({})), keyPersons: [kp(p)] });
    expect(signal(base('A', () => ({})), 'A', 'keyPerson').unavailable).toBe(true);
    expect(signal(q({}), 'A', 'keyPerson').fired).toBe(false);
    // 2025-10-02 → 2025-12-31 is 90 days
    expect(signal(q({ lastContactDate: '2025-10-02' }), 'A', 'keyPerson').fired).toBe(true);
    expect(signal(q({ lastContactDate: '2025-10-03' }), 'A', 'keyPerson').fired).toBe(false);
    expect(signal(q({ competitorContact: true }), 'A', 'keyPerson').fired).toBe(true);
    expect(signal(q({ roleSince: '2025-10-02' }), 'A', 'keyPerson').fired).toBe(true);
    expect(signal(q({ roleSince: '2025-10-01' }), 'A', 'keyPerson').fired).toBe(false);
    expect(signal(q({ lastContactDate: '2025-10-02' }), 'A', 'keyPerson').explanation.zh).toBe('关键人 张局（决策者）：90 天未联系（阈值 90 天）');
    // a group without key persons while others have them: unavailable for that group
    const other = { ...base('A', () => ({})), keyPersons: [{ ...kp({}), groupCode: 'REF' }] };
    expect(signal(other, 'A', 'keyPerson').reason?.en).toBe('No key person recorded for this group');
  });

  it('uses data up to the as-of month only', () => {
    const q = base('A', (i) => ({ totalRevenue: i < 4 ? 100 : i === 6 ? 100 : 90 }));
    expect(signal(q, 'A', 'revenueTrend', DEFAULT_SETTINGS, '2025-11').observed.change).toBeCloseTo(280 / 300 - 1, 12);
  });
});

describe('score, zones and value at risk', () => {
  const P = months(7);
  // only the no-manager signal, with chosen points: the score equals those points
  const scored = (points: number) => {
    const s = only(['noManager'], (x) => (x.warnings.noManager.points = points));
    const p: Portfolio = { groups: [group('A', { accountManager: null }), group('B')], facts: [...series('A', P), ...series('B', P)] };
    return row(p, 'A', s);
  };

  it.each([
    [50, 'red'],
    [49, 'yellow'],
    [30, 'yellow'],
    [29, 'blue'],
    [15, 'blue'],
    [14, 'green'],
  ] as const)('score %i → %s', (points, zone) => {
    const r = scored(points);
    expect(r.score).toBe(points);
    expect(r.zone).toBe(zone);
    expect(r.zoneRule).toBe('score');
  });

  it('value at risk = current value × 12 × zone loss probability', () => {
    expect(scored(50).valueAtRisk).toBeCloseTo(100 * 12 * 0.5, 10);
    expect(scored(30).valueAtRisk).toBeCloseTo(100 * 12 * 0.25, 10);
    expect(scored(15).valueAtRisk).toBeCloseTo(100 * 12 * 0.1, 10);
    expect(scored(0).valueAtRisk).toBeCloseTo(100 * 12 * 0.02, 10);
  });

  it('white: under 3 months of history, or no revenue for 2+ months', () => {
    const p: Portfolio = {
      groups: [group('A'), group('B'), group('C'), group('D')],
      facts: [
        ...series('A', months(2)),
        ...series('B', months(3)),
        ...series('C', P, (i) => ({ totalRevenue: i >= 5 ? 0 : 100 })),
        ...series('D', P, (i) => ({ totalRevenue: i >= 6 ? 0 : 100 })),
      ],
    };
    const rows = groupRows(p, analyzePortfolio(p));
    const z = Object.fromEntries(rows.map((r) => [r.groupCode, [r.zone, r.zoneRule]]));
    expect(z.A).toEqual(['white', 'shortHistory']);
    expect(z.B?.[0]).not.toBe('white');
    expect(z.C).toEqual(['white', 'noRevenue']);
    expect(z.D?.[0]).not.toBe('white');
  });

  it('lists red and yellow groups with explained signals, highest value at risk first', () => {
    const s = only(['noManager', 'complaints', 'keyPerson'], (x) => {
      x.warnings.noManager.points = 50;
      x.warnings.complaints.points = 30;
    });
    const p: Portfolio = {
      groups: [group('A', { accountManager: null }), group('B'), group('C')],
      facts: [...series('A', P), ...series('B', P, (i) => ({ totalRevenue: 300, complaints: i === 6 ? 2 : 0 })), ...series('C', P)],
    };
    const r = analyzePortfolio(p, s);
    // B: 300 × 12 × 0.25 = 900 before A: 100 × 12 × 0.5 = 600
    expect(r.warnings.map((w) => [w.groupCode, w.zone])).toEqual([
      ['B', 'yellow'],
      ['A', 'red'],
    ]);
    expect(r.warnings[0]?.signals?.[0]?.explanation.zh).toBe('本月投诉 2 次、故障 0 次，共 2 次（阈值 ≥2）');
    expect(r.warnings[1]?.firedSignals).toEqual(['noManager']);
    expect(r.kpis.valueAtRisk.value).toBeCloseTo(900 + 600 + 100 * 12 * 0.02, 6);
    expect(r.signalStats.find((x) => x.id === 'keyPerson')?.unavailable).toBe(3);
  });

  it('aggregates by account manager, region, class and industry', () => {
    const p: Portfolio = {
      groups: [group('A', { accountManager: null, region: '东区' }), group('B', { region: '东区' }), group('C', { region: '西区', groupClass: 'A1' })],
      facts: [...series('A', P), ...series('B', P), ...series('C', P, () => ({ totalRevenue: 500 }))],
    };
    const s = only(['noManager'], (x) => (x.warnings.noManager.points = 50));
    const r = analyzePortfolio(p, s);
    const east = r.aggregations.region.find((a) => a.key === '东区');
    expect(east).toMatchObject({ groups: 2, latestRevenue: 200, value: 200 });
    expect(east?.zones).toEqual({ red: 1, yellow: 0, blue: 0, green: 1, white: 0 });
    expect(east?.valueAtRisk).toBeCloseTo(600 + 24, 10);
    expect(r.aggregations.accountManager.find((a) => a.key === null)?.groups).toBe(1);
    expect(r.aggregations.groupClass.map((a) => a.key).sort()).toEqual(['A1', 'C']);
    expect(r.aggregations.industry).toHaveLength(1);
    // sorted by value at risk
    expect(r.aggregations.region[0]?.key).toBe('东区');
  });
});

describe('lifecycle stages', () => {
  it('applies the DOMAIN rules in order and names the rule', () => {
    const P = months(8);
    const rev: Record<string, (i: number) => number> = {
      EXIT: (i) => (i >= 6 ? 0 : 100),
      DROP: (i) => (i < 5 ? 100 : 90), // 3-month trend: (90·3)/(100·3) − 1 = −10%
      STEP: (i) => [100, 100, 100, 100, 100, 100, 96, 92][i] as number, // −4%, two drops ≥ 3%
      GROW: (i) => (i < 5 ? 100 : 106), // +6%
      FIVE: (i) => (i < 5 ? 100 : 105), // +5%: not above 5%
      FLAT: () => 100,
    };
    const p: Portfolio = {
      groups: [...Object.keys(rev), 'NEW'].map((c) => group(c)),
      facts: [...Object.entries(rev).flatMap(([c, f]) => series(c, P, (i) => ({ totalRevenue: f(i) }))), ...series('NEW', months(4))],
    };
    const rows = Object.fromEntries(groupRows(p, analyzePortfolio(p)).map((r) => [r.groupCode, [r.stage, r.stageRule]]));
    expect(rows).toEqual({
      EXIT: ['exited', 'exitZero'],
      DROP: ['decline', 'trendDecline'],
      STEP: ['decline', 'consecutiveDrops'],
      GROW: ['growth', 'trendGrowth'],
      FIVE: ['mature', 'stable'],
      FLAT: ['mature', 'stable'],
      NEW: ['acquisition', 'tenure'],
    });
  });

  it('does not call a group billed since the first month of the data "new"; no trend → no stage', () => {
    const p: Portfolio = { groups: [group('A')], facts: series('A', months(4)) };
    const r = row(p, 'A');
    expect(r.stage).toBeNull();
    expect(r.stageRule).toBe('noTrend');
  });
});

describe('quadrants', () => {
  const P = months(12);
  // A 400 & score 0, B 300 & no manager (50), C 200 & complaints (25), D 100 & 0
  const s = only(['noManager', 'complaints'], (x) => {
    x.warnings.noManager.points = 50;
    x.warnings.complaints.points = 25;
  });
  const p: Portfolio = {
    groups: [group('A'), group('B', { accountManager: null }), group('C'), group('D')],
    facts: [
      ...series('A', P, () => ({ totalRevenue: 400 })),
      ...series('B', P, () => ({ totalRevenue: 300 })),
      ...series('C', P, (i) => ({ totalRevenue: i >= 9 ? 500 : 200, complaints: i === 8 ? 2 : 0 })),
      ...series('D', P, (i) => ({ totalRevenue: 100, complaints: i === 11 ? 2 : 0 })),
    ],
  };

  it('splits by median, top share or a fixed value, and names the cells', () => {
    const r = analyzePortfolio(p, s, { asOf: '2025-09' });
    const q = r.quadrants.valueRisk;
    expect(q.x.value).toBe(250); // median of 100, 200, 300, 400
    expect(q.y.value).toBe(12.5); // median of 0, 0, 25, 50
    const cells = Object.fromEntries(groupRows(p, r).map((x) => [x.groupCode, x.quadrants.valueRisk]));
    expect(cells).toEqual({ A: 'maintain', B: 'defend', C: 'save', D: 'standard' });
    expect(q.cells.map((c) => [c.id, c.count])).toEqual([
      ['defend', 1],
      ['maintain', 1],
      ['save', 1],
      ['standard', 1],
    ]);
    expect(q.cells[0]?.name).toEqual({ zh: '重点保网', en: 'Defend now' });
    expect(q.cells[0]?.valueShare).toBeCloseTo(300 / 1000, 12);

    const pareto = settings((x) => {
      Object.assign(x.warnings, s.warnings);
      x.quadrants.valueRisk.x = { rule: 'pareto', share: 0.25, value: 0 };
      x.quadrants.valueRisk.y = { rule: 'fixed', share: 0.2, value: 25 };
    });
    const r2 = analyzePortfolio(p, pareto, { asOf: '2025-09' });
    expect(r2.quadrants.valueRisk.x.value).toBe(400);
    expect(r2.quadrants.valueRisk.y.value).toBe(25);
    const cells2 = Object.fromEntries(groupRows(p, r2).map((x) => [x.groupCode, x.quadrants.valueRisk]));
    expect(cells2).toEqual({ A: 'maintain', B: 'save', C: 'save', D: 'standard' });
  });

  it('offers the four frameworks with zh/en cells and actions', () => {
    const r = analyzePortfolio(p, s);
    expect(Object.keys(r.quadrants)).toEqual(['valueRisk', 'revenueNewBiz', 'valueBinding', 'currentPotential']);
    for (const q of Object.values(r.quadrants)) {
      expect(q.cells).toHaveLength(4);
      for (const c of q.cells) {
        expect(c.name.zh && c.name.en && c.action.zh && c.action.en).toBeTruthy();
      }
      expect(q.placed).toBe(4);
    }
    expect(r.quadrants.valueBinding.cells[1]?.name.zh).toBe('加固捆绑');
    expect(r.quadrants.revenueNewBiz.cells.map((c) => c.name.zh)).toEqual(['明星', '现金牛', '潜力', '培育或收缩']);
  });

  it('counts the migration between two quarters with the groups behind each cell', () => {
    // 2025Q3 (→ 2025-09): A maintain, B defend, C save, D standard
    // 2025Q4 (→ 2025-12): values 400/300/500/100 → median 350; scores 0/50/0/25 → median 12.5
    //   A maintain, B save, C maintain, D save
    const m = migrationMatrix(p, s, { quadrant: 'valueRisk', from: '2025Q3', to: '2025Q4' });
    expect(m.from).toEqual({ requested: '2025Q3', period: '2025-09' });
    expect(m.to).toEqual({ requested: '2025Q4', period: '2025-12' });
    expect(m.cells.map((c) => c.id)).toEqual(['defend', 'maintain', 'save', 'standard']);
    expect(m.counts).toEqual([
      [0, 0, 1, 0],
      [0, 1, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
    ]);
    expect(m.groups[0]?.[2]).toEqual(['B']);
    expect(m.groups[2]?.[1]).toEqual(['C']);
    expect(m.stayed).toBe(1);
    expect(m.moved).toBe(3);
    expect(m.leftQuadrant.counts).toEqual([0, 0, 0, 0]);
  });

  it('reports groups that leave or enter the quadrant', () => {
    // W has 2 months of history at 2025-12: white (too little data), so it enters no cell
    const q: Portfolio = {
      groups: [group('A'), group('B'), group('N'), group('W')],
      facts: [...series('A', P), ...series('B', P, (i) => ({ totalRevenue: i >= 9 ? 0 : 100 })), ...series('N', months(3)), ...series('W', months(2))],
    };
    const m = migrationMatrix(q, DEFAULT_SETTINGS, { quadrant: 'valueRisk', from: '2025-08', to: '2025-12' });
    expect(m.leftQuadrant.groups.flat()).toEqual(['B']);
    expect(m.enteredQuadrant.groups.flat()).toEqual(['N']);
    expect(m.toSnapshot.white).toBe(2);
  });

  it('resolves months and quarters, refusing periods outside the data', () => {
    const ix = buildIndex(p);
    expect(resolvePeriod(ix, '2025Q1').period).toBe('2025-03');
    expect(resolvePeriod(ix, '2025-07').column).toBe(6);
    expect(() => resolvePeriod(ix, '2024Q4')).toThrow(RangeError);
    expect(() => resolvePeriod(ix, '2026-01')).toThrow(RangeError);
    expect(() => resolvePeriod(ix, 'June')).toThrow(/YYYY-MM/);
    // a running quarter resolves to its last month in the data
    const running: Portfolio = { groups: [group('A')], facts: series('A', months(4, '2025-11')) };
    expect(resolvePeriod(buildIndex(running), '2025Q4').period).toBe('2025-11');
  });
});

describe('count vs value retention', () => {
  it('compares the snapshot groups now with then', () => {
    const P = months(7); // 2025-06 … 2025-12
    const p: Portfolio = {
      groups: [group('A'), group('B'), group('C'), group('D')],
      facts: [
        ...series('A', P, (i) => ({ totalRevenue: i === 0 ? 100 : 80, members: i === 0 ? 50 : 45, minutes: i === 0 ? 1000 : 700 })),
        ...series('B', P, (i) => ({ totalRevenue: i === 0 ? 200 : 0, members: i === 0 ? 20 : 0, minutes: i === 0 ? 500 : 0 })),
        ...series('C', P.slice(2)),
        ...series('D', P, (i) => ({ totalRevenue: i === 0 ? 50 : 60, members: 10, minutes: 300 })),
      ],
    };
    const r = retention(p, DEFAULT_SETTINGS, { snapshot: '2025-06' });
    expect(r.snapshot.period).toBe('2025-06');
    expect(r.asOf).toBe('2025-12');
    expect(r.groups).toMatchObject({
      snapshotCount: 3,
      stillActive: 2,
      snapshotRevenue: 350,
      currentRevenue: 140,
      snapshotMembers: 80,
      currentMembers: 55,
      snapshotMinutes: 1800,
      currentMinutes: 1000,
      lost: ['B'],
    });
    expect(r.groups.countRetention).toBeCloseTo(2 / 3, 12);
    expect(r.groups.valueRetention).toBeCloseTo(0.4, 12);
    expect(r.groups.lines[0]).toMatchObject({ groupCode: 'B', ratio: 0 });
    expect(r.members).toBeNull();

    const snaps: MemberSnapshot[] = [
      { memberId: '138****0001', groupCode: 'A', status: 'active', period: '2025-06', snapshotArpu: 50, currentArpu: 40 },
      { memberId: '138****0002', groupCode: 'A', status: 'active', period: null, snapshotArpu: 30, currentArpu: 30 },
      { memberId: '138****0003', groupCode: 'B', status: 'left', period: '2025-06', snapshotArpu: 20, currentArpu: 0 },
      { memberId: '138****0004', groupCode: 'B', status: 'portedOut', period: '2025-06', snapshotArpu: 10, currentArpu: null },
      { memberId: '138****0005', groupCode: 'B', status: 'active', period: '2024-12', snapshotArpu: 99, currentArpu: 99 },
    ];
    const m = retention({ ...p, memberSnapshots: snaps }, DEFAULT_SETTINGS, { snapshot: '2025-06' }).members;
    expect(m).toMatchObject({ snapshotCount: 4, stillActive: 2, snapshotArpu: 110, currentArpu: 70, byStatus: { active: 2, left: 1, portedOut: 1 } });
    expect(m?.countRetention).toBe(0.5);
    expect(m?.valueRetention).toBeCloseTo(70 / 110, 12);
  });
});

describe('group detail', () => {
  it('explains every figure with rule, inputs and settings', () => {
    const p: Portfolio = { groups: [group('A', { accountManager: null }), group('B')], facts: series('A', months(8)) };
    const d = groupDetail(p, 'A');
    expect(d?.signals).toHaveLength(SIGNAL_IDS.length);
    expect(d?.row.firedSignals).toContain('noManager');
    for (const tr of Object.values(d?.traces ?? {})) {
      expect(tr.rule.zh.length).toBeGreaterThan(0);
      expect(tr.rule.en.length).toBeGreaterThan(0);
    }
    expect(d?.traces.valueAtRisk.inputs.find((x) => x.label.en === 'Loss probability')?.value).toBe(0.02);
    expect(d?.series).toHaveLength(8);
    expect(groupDetail(p, 'nope')).toBeNull();
  });

  it('handles an empty portfolio', () => {
    const r = analyzePortfolio({ groups: [group('A')], facts: [] });
    expect(r.asOf).toBeNull();
    expect(r.kpis.groups.value).toBe(1);
    expect(r.kpis.latestRevenue.value).toBeNull();
    expect(r.warnings).toEqual([]);
  });
});

describe('transport', () => {
  it('turns the table into plain arrays and keeps results JSON-safe', () => {
    const p: Portfolio = { groups: [group('A'), group('B', { employees: null })], facts: [...series('A', months(8)), ...series('B', months(8))] };
    const r = analyzePortfolio(p);
    const json = tableToJson(r.table);
    expect(json.codes).toEqual(['A', 'B']);
    expect(json.penetration).toEqual([0.25, null]);
    expect(json.quadrant.valueRisk).toHaveLength(2);
    const { table: _t, ...rest } = r;
    expect(JSON.parse(JSON.stringify(rest))).toEqual(rest);
    const d = groupDetail(p, 'A');
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});
