/**
 * The demo's key-person changes (the 流失预警 banner, the key-person signal): some precede a loss
 * already seen, and some sit at groups still billed in the last complete month, where the signal
 * lifts the group into 黄 or 红, so the banner and the warning list give a manager something to act on
 * (issue 15: "The demo ships key persons with planted changes that precede some losses").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePortfolio, buildIndex, DEFAULT_SETTINGS, type AnalysisResult, type PortfolioIndex } from '../../shared/analytics';
import { generateDemoBranch, type DemoBranch } from '../../shared/demo/generateDemoBranch';
import { demoPortfolio } from '../../shared/demo/demoPortfolio';
import { activeKeyPersonChangeGroups } from '../../shared/demo/demoKeyPersons';
import { keyPersonChanges, type KeyPersonChange } from '../../shared/model/keyPersons';
import type { Portfolio } from '../../shared/model/portfolio';

let branch: DemoBranch;
let portfolio: Portfolio;
let ix: PortfolioIndex;
let r: AnalysisResult;
let withoutKp: AnalysisResult;
let changes: KeyPersonChange[];
const ZONE_RANK: Record<string, number> = { white: -1, green: 0, blue: 1, yellow: 2, red: 3 };

const zoneOf = (res: AnalysisResult, code: string): string => {
  const i = res.table.codes.indexOf(code);
  return ['red', 'yellow', 'blue', 'green', 'white'][res.table.zone[i] as number] as string;
};

beforeAll(() => {
  branch = generateDemoBranch();
  portfolio = demoPortfolio(branch);
  ix = buildIndex(portfolio);
  r = analyzePortfolio(ix, DEFAULT_SETTINGS);
  withoutKp = analyzePortfolio(ix, { ...DEFAULT_SETTINGS, warnings: { ...DEFAULT_SETTINGS.warnings, keyPerson: { ...DEFAULT_SETTINGS.warnings.keyPerson, enabled: false } } });
  changes = keyPersonChanges(portfolio.keyPersons);
}, 60_000);

describe('the demo key-person changes', () => {
  it('keep some changes at groups already lost', () => {
    const lost = new Set(branch.planted.lost);
    expect(changes.filter((c) => lost.has(c.groupCode)).length).toBeGreaterThanOrEqual(3);
  });

  it('put 2–4 changes at groups still billed in the last complete month, each warned about by the key-person signal', () => {
    expect(r.asOf).toBe('2026-10');
    const t = ix.periods.indexOf(r.asOf ?? '');
    const active = changes.filter((c) => {
      const g = ix.codes.indexOf(c.groupCode);
      return (ix.m.totalRevenue[g * ix.nP + t] as number) > 0;
    });
    expect(active.length).toBeGreaterThanOrEqual(2);
    expect(active.length).toBeLessThanOrEqual(4);
    expect(new Set(active.map((c) => c.groupCode))).toEqual(new Set(activeKeyPersonChangeGroups(branch).map((g) => g.groupCode)));
    const warned = new Map(r.warnings.map((w) => [w.groupCode, w] as const));
    let turned = 0;
    for (const c of active) {
      const w = warned.get(c.groupCode);
      // in the warning list, with the key-person signal and its numbers
      expect(w, c.groupCode).toBeDefined();
      const kp = w?.signals?.find((s) => s.id === 'keyPerson');
      expect(kp?.fired, c.groupCode).toBe(true);
      expect(kp?.explanation.zh).toMatch(/\d+ 天内更换|竞争对手已接触|\d+ 天未联系/);
      expect(kp?.explanation.zh).toContain(`接替 ${c.previousName}`);
      expect(kp?.explanation.en).toContain(`replacing ${c.previousName}`);
      // the role in English in the English text (it read "Key person 王伟 (决策者)")
      expect(kp?.explanation.en).toMatch(/ \((decision maker|contact)\): /);
      expect(kp?.explanation.en).not.toMatch(/决策者|联络人/);
      if (ZONE_RANK[zoneOf(r, c.groupCode)]! > ZONE_RANK[zoneOf(withoutKp, c.groupCode)]!) turned++;
    }
    // most of them are yellow or red only because of the key person
    expect(turned).toBeGreaterThanOrEqual(3);
  });

  it('tell the three stories: a new 决策者, a new contact seen with a competitor, a 决策者 not contacted for 90+ days', () => {
    const detail = (code: string) => r.warnings.find((w) => w.groupCode === code)?.signals?.find((s) => s.id === 'keyPerson')?.explanation.zh ?? '';
    const stories = activeKeyPersonChangeGroups(branch);
    const of = (story: string) => stories.filter((s) => s.story === story).map((s) => detail(s.groupCode));
    for (const text of of('newDecisionMaker')) expect(text).toMatch(/（决策者）：\d+ 天内更换，接替/);
    for (const text of of('poachedContact')) expect(text).toMatch(/（联络人）：\d+ 天内更换、竞争对手已接触，接替/);
    for (const text of of('notContacted')) expect(text).toMatch(/（决策者）：(1[2-9]\d|[2-9]\d\d) 天未联系，接替/);
    expect(of('poachedContact').length).toBe(1);
    expect(of('notContacted').length).toBe(1);
  });

  it('are the newest changes, so the banner shows them first', () => {
    const active = new Set(activeKeyPersonChangeGroups(branch).map((g) => g.groupCode));
    const firstLost = changes.findIndex((c) => !active.has(c.groupCode));
    expect(changes.slice(0, firstLost).length).toBe(active.size);
  });
});
