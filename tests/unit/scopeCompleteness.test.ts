/**
 * A partial month is judged on the whole workspace (review of session 8): a manager scope of a few
 * groups is below the completeness check's minimum, so on its own it took the partial 2026-11 (24 of
 * ~580 groups billed) as its latest complete month, and 总览, 流失预警 and the ledger under that
 * scope read the partial month again.
 */
import { describe, expect, it } from 'vitest';
import { buildIndex, DEFAULT_SETTINGS, latestCompleteColumn, periodCompleteness } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import type { Portfolio } from '../../shared/model/portfolio';
import { partitionPortfolio, restrictPortfolio } from '../../shared/model/scope';
import { periodFromIndex, periodIndex } from '../../shared/util/period';

const demo = generateDemoBranch().portfolio;
let last = '';
for (const f of demo.facts) if (f.period > last) last = f.period;
const partial = periodFromIndex(periodIndex(last) + 1);
const billedLate = demo.facts.filter((f) => f.period === last && f.totalRevenue > 0).slice(0, 24);
const whole: Portfolio = { ...demo, facts: [...demo.facts, ...billedLate.map((f) => ({ ...f, period: partial }))] };
// a manager with one of the 24 partial groups and fewer groups than the check's minimum
const managerOf = new Map(demo.groups.map((g) => [g.groupCode, g.accountManager]));
const size = new Map<string, number>();
for (const g of demo.groups) if (g.accountManager) size.set(g.accountManager, (size.get(g.accountManager) ?? 0) + 1);
const manager = billedLate.map((f) => managerOf.get(f.groupCode)).find((m): m is string => !!m);
// the check's minimum above the manager's groups (the demo's managers hold dozens), far below the branch's
const settings = { ...DEFAULT_SETTINGS, completeness: { ...DEFAULT_SETTINGS.completeness, minGroups: (size.get(manager ?? '') ?? 0) + 1 } };

describe('completeness under a scope', () => {
  it('the demo has a manager with a partially billed group, and fewer groups than the whole branch', () => {
    expect(manager).toBeDefined();
    expect(settings.completeness.minGroups).toBeLessThan(200);
  });

  it('a small scope does not take the partial month as complete', () => {
    const scoped = restrictPortfolio(whole, { managers: [manager as string] });
    const ix = buildIndex(scoped);
    expect(ix.periods[ix.nP - 1]).toBe(partial);
    expect(ix.periods[latestCompleteColumn(ix, settings)]).toBe(last);
    const c = periodCompleteness(ix, settings).find((x) => x.period === partial);
    expect(c?.complete).toBe(false);
    expect(c?.reason?.zh).toContain('工作区整体');
    expect(c?.reason?.zh).toContain(`${partial} 不完整：仅 24 /`);
    // the whole workspace itself is judged as before
    const wix = buildIndex(whole);
    expect(wix.periods[latestCompleteColumn(wix, settings)]).toBe(last);
  });

  it('the batch partition judges each part the same way', () => {
    const part = partitionPortfolio(whole, 'manager').get(manager as string);
    if (!part) throw new Error('the manager has a part');
    const ix = buildIndex(part);
    expect(ix.periods[latestCompleteColumn(ix, settings)]).toBe(last);
  });
});
