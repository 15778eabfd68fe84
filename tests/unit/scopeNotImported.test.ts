/**
 * Under a header scope whose groups have no survey answers, snapshot members or key persons while
 * the workspace has them, the app said "not imported" and sent the user to import again (review of
 * session 8). It now says "none in this scope" with the workspace's count: the 满意度调查 page, the
 * 保有率 card, the deck's key-person finding and its survey slide.
 */
import { describe, expect, it } from 'vitest';
import { buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics';
import { retentionAt } from '../../shared/analytics/retention';
import { demoPortfolio } from '../../shared/demo/demoPortfolio';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import type { Portfolio } from '../../shared/model/portfolio';
import { restrictPortfolio } from '../../shared/model/scope';
import { collectReviewInputs } from '../../shared/review/collectInputs';
import { assembleDeck } from '../../shared/review/deck';
import { readScenarioSources } from '../../shared/review/scenarioInputs';
import type { AnalysisContext } from '../../electron/backend/analysisContext';
import { surveyHandlers } from '../../electron/backend/surveyHandlers';

// the demo, with every survey answer, snapshot member and key person of one region's groups removed
const demo = demoPortfolio(generateDemoBranch());
const region = demo.groups.map((g) => g.region).find((r): r is string => !!r) as string;
const inRegion = new Set(demo.groups.filter((g) => g.region === region).map((g) => g.groupCode));
const whole: Portfolio = {
  ...demo,
  surveyResponses: (demo.surveyResponses ?? []).filter((a) => a.groupCode === null || !inRegion.has(a.groupCode)),
  memberSnapshots: (demo.memberSnapshots ?? []).filter((m) => !inRegion.has(m.groupCode)),
  keyPersons: (demo.keyPersons ?? []).filter((k) => !inRegion.has(k.groupCode)),
};
const scoped = restrictPortfolio(whole, { regions: [region] });
const ix = buildIndex(scoped);

describe('a scope with none of them, in a workspace that has them', () => {
  it('the scoped portfolio counts what lies outside', () => {
    expect(scoped.surveyResponses).toEqual([]);
    expect(scoped.outsideScope?.surveyResponses).toBe(whole.surveyResponses?.length);
    expect(scoped.outsideScope?.memberSnapshots).toBeGreaterThan(0);
    expect(scoped.outsideScope?.keyPersons).toBeGreaterThan(0);
    expect(restrictPortfolio(whole, {}).outsideScope).toBeUndefined();
  });

  it('满意度调查 does not ask to import again', async () => {
    const ctx = { index: () => ix, settings: () => DEFAULT_SETTINGS } as unknown as AnalysisContext;
    const v = await surveyHandlers(ctx)['survey.view']({});
    expect(v.available).toBe(false);
    expect(v.outOfScope).toBe(whole.surveyResponses?.length);
  });

  it('保有率 says none of the scope’s groups has snapshot members', () => {
    const r = retentionAt(ix, DEFAULT_SETTINGS, ix.nP - 1, scoped.memberSnapshots);
    expect(r.membersReason?.zh).toContain('本范围的集团没有拍照成员');
    expect(r.membersReason?.zh).not.toContain('未导入');
    expect(r.membersReason?.en).toContain('outside it');
  });

  it('the deck: the key-person finding and the survey slide say "in this scope"', () => {
    const inputs = collectReviewInputs(ix, DEFAULT_SETTINGS, { quarter: '2026Q3', branchName: region, actions: [], scenarios: readScenarioSources(undefined, undefined), now: new Date('2026-11-20T08:00:00Z') });
    for (const lang of ['zh-CN', 'en'] as const) {
      const deck = assembleDeck(inputs, lang, undefined);
      const text = deck.slides.flatMap((s) => s.findings.map((f) => f.text)).join('\n');
      expect(text).not.toContain(lang === 'en' ? 'No key persons imported' : '尚未导入关键人');
      expect(text).not.toContain(lang === 'en' ? 'No satisfaction survey imported' : '尚未导入满意度调查');
      expect(text).toContain(lang === 'en' ? 'None of this scope’s groups has key persons' : '本范围的集团没有关键人记录');
      expect(text).toContain(lang === 'en' ? 'No survey answers in this scope' : '本范围内没有调查回答');
    }
  });
});

describe('a scoped deck’s survey slide', () => {
  it('names the scope, not 全分公司', () => {
    const full = demoPortfolio(generateDemoBranch());
    const sx = buildIndex(restrictPortfolio(full, { regions: [region] }));
    const inputs = collectReviewInputs(sx, DEFAULT_SETTINGS, { quarter: '2026Q3', branchName: region, actions: [], scenarios: readScenarioSources(undefined, undefined), now: new Date('2026-11-20T08:00:00Z') });
    const zh = assembleDeck(inputs, 'zh-CN', undefined).slides.find((s) => s.id === 'risk-survey');
    expect(zh?.subtitle).toContain(`${region}的集团`);
    expect(zh?.subtitle).not.toContain('全分公司');
    const en = assembleDeck(inputs, 'en', undefined).slides.find((s) => s.id === 'risk-survey');
    expect(en?.subtitle).toContain(`groups of ${region}`);
    // the whole workspace's deck is the branch's
    const wx = buildIndex(full);
    const whole = collectReviewInputs(wx, DEFAULT_SETTINGS, { quarter: '2026Q3', branchName: '滨江区分公司', actions: [], scenarios: readScenarioSources(undefined, undefined), now: new Date('2026-11-20T08:00:00Z') });
    expect(assembleDeck(whole, 'zh-CN', undefined).slides.find((s) => s.id === 'risk-survey')?.subtitle).toContain('全分公司');
  });
});
