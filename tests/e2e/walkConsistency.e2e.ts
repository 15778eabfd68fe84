/**
 * Issue 13, the manager's walk through the demo: figures on one screen agree and read right.
 * - 竞争推演 step 1 (whole branch): the hint's count is the engine's groups in scope (it showed the quadrant's
 *   placed groups, 575, above "范围内 583 家集团").
 * - step 4: a chosen measure that funds nothing says why in its own row.
 * - step 6: the guardrails name the groups (they listed bare codes).
 * - 行动台账: the group column is wide enough to read a name on one line (it was one character wide).
 * - 设置's preview: the AUC with two decimals and value at risk in 万元 as 流失预警 / 总览 (it read 0.821 and
 *   6,535,274 元, a bare 元 in the English UI too).
 * - 流失预警's key-person banner: its newest changes are at groups still billed, each 黄 or 红 and in the
 *   warning list with the key-person signal's numbers (all six changes were at groups already lost).
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { withDemoApp } from './support/demoApp';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { activeKeyPersonChangeGroups } from '../../shared/demo/demoKeyPersons';

const demo = withDemoApp({ prefix: 'hf-walk-e2e-' });
const SHOTS = path.join(import.meta.dirname, 'screenshots');
let page: Page;

const atStep = (s: number) => page.locator(`[data-testid="scenario-wizard"][data-step="${s}"]`).waitFor({ timeout: 60_000 });

describe('the demo walk', () => {
  it('行动台账 shows each group name on a readable line', async () => {
    page = demo.page;
    await page.getByTestId('nav-actions').click();
    const link = page.locator('[data-testid^="ledger-group-"]').first();
    await link.waitFor();
    const box = await link.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(100);
    // a name of a dozen characters wraps onto at most two lines
    expect(box?.height ?? Infinity).toBeLessThan(50);
  });

  it('竞争推演: step 1 says the same count twice, step 4 says why a measure funds nothing, step 6 names the groups', async () => {
    await page.getByTestId('nav-scenarios').click();
    await page.getByTestId('scenario-list').waitFor();
    await page.getByTestId('scenario-new').click();
    await atStep(1);
    const count = page.getByTestId('scope-count');
    await count.waitFor();
    const n = Number(await count.getAttribute('data-count'));
    expect(n).toBeGreaterThan(0);
    await expect.poll(async () => page.getByTestId('scope-branch-hint').innerText()).toContain(`${n.toLocaleString('en-US')} 家集团都在范围内`);

    await page.getByTestId('wizard-next').click();
    await atStep(2);
    await page.getByTestId('move-toggle-wiring-for-switch').click();
    await page.getByTestId('wizard-next').click();
    await atStep(3);
    await page.getByTestId('wizard-next').click();
    await atStep(4);
    for (const c of ['服务升级', '直接降价']) {
      await page.getByTestId('counter-add').click();
      await page.keyboard.type(c);
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: c }).first().click();
    }
    await page.getByTestId('counter-budget').fill('800000');
    await page.getByTestId('counter-budget').blur();
    await expect.poll(async () => Number(await page.getByTestId('counter-funded-service-upgrade').innerText()), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('counter-funded-price-cut').innerText()).toBe('0');
    // the price cut answers tariff moves, not this one: its row says so
    expect(await page.getByTestId('counter-unused-price-cut').innerText()).toContain('不资助任何集团：没有受影响集团符合它的适用条件');
    expect(await page.getByTestId('counter-unused-service-upgrade').count()).toBe(0);

    await page.getByTestId('wizard-next').click();
    await atStep(5);
    await page.getByTestId('sim-runs').fill('10000');
    await page.getByTestId('sim-runs').blur();
    await page.getByTestId('sim-run').click();
    await page.getByTestId('sim-done').waitFor({ timeout: 120_000 });
    await page.getByTestId('wizard-next').click();
    await atStep(6);
    const guard = page.getByTestId('results-guardrails');
    await guard.waitFor();
    const links = guard.locator('a');
    if ((await links.count()) > 0) {
      // a group is named, not given as its bare code
      for (const text of await links.allInnerTexts()) expect(text).not.toMatch(/^\d{6,}$/);
    }
    await page.screenshot({ path: path.join(demo.tmp, 'results.png') });
  });

  it('流失预警: the key-person banner leads with changes at active groups, each warned about with its numbers', async () => {
    page = demo.page;
    const active = activeKeyPersonChangeGroups(generateDemoBranch()).map((g) => g.groupCode);
    expect(active.length).toBeGreaterThanOrEqual(2);
    await page.getByTestId('nav-warnings').click();
    const banner = page.getByTestId('kp-changes');
    await banner.waitFor();
    const items = banner.locator('[data-testid^="kp-change-"]');
    const shown = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')?.slice('kp-change-'.length) ?? ''));
    // newest first: the active groups' changes come before those at groups already lost
    expect(shown.slice(0, active.length).sort()).toEqual([...active].sort());
    for (const code of active) {
      const zone = await page.getByTestId(`kp-change-${code}`).locator('[data-zone]').getAttribute('data-zone');
      expect(['yellow', 'red'], code).toContain(zone);
      await page.getByTestId('warnings-search').locator('input').fill(code);
      await expect.poll(async () => page.getByTestId(`warning-row-${code}`).count(), { timeout: 30_000 }).toBe(1);
      const row = page.locator('.wt-row', { has: page.getByTestId(`warning-row-${code}`) });
      const chips = await row.locator('.signal-chip').evaluateAll((els) => els.map((e) => `${e.textContent ?? ''}|${e.getAttribute('title') ?? ''}`));
      const kp = chips.find((c) => c.startsWith('关键人变动'));
      expect(kp, `${code}: ${chips.join(' ; ')}`).toBeDefined();
      expect(kp).toMatch(/\+10\|关键人 .+：(\d+ 天内更换|竞争对手已接触|\d+ 天未联系).*，接替 /);
    }
    await page.getByTestId('warnings-search').locator('input').fill('');
    await page.screenshot({ path: path.join(SHOTS, 'walk-kp-banner-zh.png') });
    await page.getByTestId('language-switch').click();
    await expect.poll(async () => banner.innerText()).toMatch(/^\d+ key-person changes \(found \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/);
    await page.screenshot({ path: path.join(SHOTS, 'walk-kp-banner-en.png') });
    await page.getByTestId('language-switch').click();
  });

  it('设置 writes the AUC and value at risk as the other pages do, in both languages', async () => {
    await page.getByTestId('nav-warnings').click();
    await page.getByTestId('warnings-backtest').waitFor();
    // 流失预警's key-person banner says over which dates it counts (its "6 起" read against the deck's "0 家近期更换")
    await page.getByTestId('kp-changes').waitFor();
    expect(await page.getByTestId('kp-changes').innerText()).toMatch(/关键人变动 \d+ 起（\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2} 间发现，历次导入累计/);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-preview').waitFor();
    const auc = await page.getByTestId('preview-auc').locator('.ant-statistic-content').innerText();
    expect(auc).toMatch(/^\d\.\d\d$/);
    expect(await page.getByTestId('preview-var').locator('.ant-statistic-content').innerText()).toMatch(/^[\d,]+\.\d\s*万元$/);
    await page.getByTestId('language-switch').click();
    await expect.poll(async () => page.getByTestId('preview-var').locator('.ant-statistic-content').innerText()).toMatch(/^[\d,]+\.\d\s*10k yuan$/);
    await page.getByTestId('language-switch').click();
  });
});
