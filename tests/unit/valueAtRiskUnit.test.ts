/**
 * Issue 13 walk: value at risk is current value × 12 × the zone's loss probability — yuan a year
 * (shared/analytics/warnings.ts). Every label that gives it a unit says "a year": the 流失预警 table said
 * 风险价值（元）, the group detail 风险价值（元）, and 客户经理覆盖 even 风险价值（元/月）, beside 总览's
 * 风险价值（年化） and the deck's 风险价值（元/年） for the same figure.
 */
import { describe, expect, it } from 'vitest';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { en } from '../../renderer/src/i18n/en';
import { buildGroupDetailView } from '../../shared/views/groupDetailView';
import { DEFAULT_SETTINGS } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';

function labels(node: unknown, path: string, out: { path: string; text: string }[]): void {
  if (typeof node === 'string') {
    if (/valueAtRisk$/i.test(path)) out.push({ path, text: node });
    return;
  }
  if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) labels(v, path === '' ? k : `${path}.${k}`, out);
}

describe('value at risk is labelled per year wherever a unit is given', () => {
  it('in the UI texts of both languages', () => {
    for (const dict of [zhCN, en]) {
      const found: { path: string; text: string }[] = [];
      labels(dict, '', found);
      expect(found.length).toBeGreaterThan(2);
      for (const f of found) {
        // a label with a unit in brackets names the year
        if (/[（(].*(元|yuan)/.test(f.text)) expect(f.text, f.path).toMatch(/元\/年|yuan\/year/);
        expect(f.text, f.path).not.toMatch(/元\/月|yuan\/month/);
      }
    }
  });

  it('in the group detail', () => {
    const demo = generateDemoBranch();
    const code = demo.portfolio.groups[0]?.groupCode ?? '';
    const d = buildGroupDetailView(demo.portfolio, code, DEFAULT_SETTINGS, () => new Map());
    const f = d?.figures.find((x) => x.id === 'valueAtRisk');
    expect(f?.label.zh).toBe('风险价值（元/年）');
    expect(f?.label.en).toBe('Value at risk (yuan/year)');
  });
});

describe('总览 and the deck name the same KPI alike', () => {
  it('value at risk 年化 / per year and the top groups’ value share', async () => {
    const { overviewZh, overviewEn } = await import('../../renderer/src/i18n/areas/overview');
    const { buildIndex } = await import('../../shared/analytics');
    const { collectReviewInputs } = await import('../../shared/review/collectInputs');
    const { readScenarioSources } = await import('../../shared/review/scenarioInputs');
    const { assembleDeck } = await import('../../shared/review/deck');
    const demo = generateDemoBranch();
    const inputs = collectReviewInputs(buildIndex(demo.portfolio), DEFAULT_SETTINGS, { quarter: '2026Q3', branchName: '滨江', actions: [], scenarios: readScenarioSources(undefined, undefined), now: new Date('2026-11-20T08:00:00Z') });
    for (const [lang, dict] of [['zh-CN', overviewZh], ['en', overviewEn]] as const) {
      const v = assembleDeck(inputs, lang, undefined).slides[0]?.visual;
      if (v?.kind !== 'kpis') throw new Error('slide 1 has KPI cards');
      expect(v.items.find((i) => i.id === 'valueAtRisk')?.label).toBe(dict.valueAtRisk);
      const top = v.items.find((i) => i.id === 'topShare')?.label ?? '';
      // the card names the share of value (the rule: current value), as the deck does
      expect(dict.topShare).toContain(lang === 'en' ? 'value share' : '价值占比');
      expect(top).toContain(lang === 'en' ? 'value share' : '价值占比');
    }
  });
});
