/**
 * Lifecycle stage with its recommended approach (docs/domain.md §5, seed 004) on the demo workspace:
 * the warning list's row detail and the group drawer show the group's stage, the rule that placed
 * it (trace) and that stage's approach, in zh and en; the scenario scope's filter offers the stage.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePortfolio, buildIndex, DEFAULT_SETTINGS, stageApproach, STAGE_LABELS, type Stage } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { demoPortfolio } from '../../shared/demo/demoPortfolio';
import { filterMask, scenarioGroups } from '../../shared/scenarios/groups';
import { ROOT } from './support/app';
import { withDemoApp } from './support/demoApp';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');

let page: Page;

const fixture = withDemoApp({ prefix: 'hf-stage-e2e-', timeoutMs: 180_000 });
beforeAll(() => {
  ({ page } = fixture);
});

describe('lifecycle stage and its approach', () => {
  it('the warning row detail and the group drawer show the stage’s approach, zh and en', async () => {
    await page.getByTestId('nav-warnings').click();
    await page.getByTestId('warnings-table').waitFor();
    // the first row (red, highest value at risk): its detail carries its stage's approach
    const first = page.locator('[data-testid^=warning-row-]').first();
    const code = ((await first.getAttribute('data-testid')) ?? '').replace('warning-row-', '');
    await first.click();
    const inRow = page.getByTestId(`warning-stage-approach-${code}`);
    await inRow.waitFor();
    const stage = (await inRow.getAttribute('data-stage')) as Stage;
    expect(await inRow.locator('.stage-approach-summary').innerText()).toBe(stageApproach(stage).summary.zh);

    for (const language of ['zh', 'en'] as const) {
      await page.getByTestId('warnings-table-box').focus();
      await page.keyboard.press('Enter');
      await page.getByTestId(`group-detail-${code}`).waitFor();
      const card = page.getByTestId('detail-stage-approach');
      await card.waitFor();
      expect(await card.getAttribute('data-stage')).toBe(stage);
      const a = stageApproach(stage);
      const text = (t: { zh: string; en: string }) => (language === 'en' ? t.en : t.zh);
      expect(await card.locator('.stage-approach-summary').innerText()).toBe(text(a.summary));
      expect(await card.locator('.stage-approach-steps li').allInnerTexts()).toEqual(a.steps.map(text));
      expect(await page.getByTestId('detail-stage').innerText()).toContain(text(STAGE_LABELS[stage]));
      if (language === 'en') expect(await card.innerText()).not.toMatch(/[\u4e00-\u9fff，。；：（）]/);
      // the stage opens the rule that placed the group
      await page.getByTestId('detail-stage').hover();
      await page.locator('.ant-popover [data-testid=trace]').first().waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(SHOTS, `group-detail-stage-${language}.png`) });
      await page.keyboard.press('Escape');
      await page.getByTestId(`group-detail-${code}`).waitFor({ state: 'detached' });
      if (language === 'zh') {
        await page.mouse.move(0, 0);
        await page.getByTestId('language-switch').click();
        await page.getByTestId('warnings-table').waitFor();
      }
    }
    await page.getByTestId('language-switch').click();
  }, 120_000);

  it('the scenario scope filters by lifecycle stage, and takes the groups the engine puts in it', async () => {
    const ix = buildIndex(demoPortfolio(generateDemoBranch()));
    const groups = scenarioGroups(ix, analyzePortfolio(ix, DEFAULT_SETTINGS, { explainTop: 0 }));
    const expected = filterMask(groups, { stages: ['decline'] }).reduce((a, x) => a + x, 0);
    expect(expected).toBeGreaterThan(0);
    await page.getByTestId('nav-scenarios').click();
    await page.getByTestId('scenario-list').waitFor();
    await page.getByTestId('scenario-new').click();
    await page.getByTestId('scope-kind-filter').click();
    await page.getByTestId('scope-filter-stages').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: STAGE_LABELS.decline.zh }).first().click();
    await page.keyboard.press('Escape');
    await page.locator(`[data-testid=scope-count][data-count="${expected}"]`).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'scenario-scope-stage-zh.png') });
  }, 120_000);
});
