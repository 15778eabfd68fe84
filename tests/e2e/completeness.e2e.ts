/**
 * Data completeness (issue 13): the demo plus a partial next month (24 groups billed). The import review warns,
 * 总览 stays on the last complete month and says why, the period selectors mark the partial month 不完整 / incomplete,
 * and the CLI's analyze / summary default to the last complete month and say which they used.
 * Expected values come from the engine on the same data (not pinned demo counts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, DEFAULT_SETTINGS, periodCompleteness } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { ROOT } from './support/app';
import { withDemoApp } from './support/demoApp';
import { partialMonthCsv } from './support/partialMonth';
import { latestQuarter } from '../../electron/backend/review/reviewService';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');
const demo = generateDemoBranch();
const { csv, partial, last } = partialMonthCsv(demo, 24);
const ixDemo = buildIndex(demo.portfolio);
// the usual billed groups, as the engine counts them (median of the trailing months)
const trailing = periodCompleteness(ixDemo, DEFAULT_SETTINGS).slice(-DEFAULT_SETTINGS.completeness.trailingMonths).map((c) => c.groupsBilled);
const typical = trailing.slice().sort((a, b) => a - b)[trailing.length >> 1] as number;
// the review's default quarter on the demo plus the partial month, as the backend picks it
const reviewQuarter = latestQuarter(buildIndex({ ...demo.portfolio, facts: [...demo.portfolio.facts, ...demo.portfolio.facts.filter((f) => f.period === last && f.totalRevenue > 0).slice(0, 24).map((f) => ({ ...f, period: partial }))] }), DEFAULT_SETTINGS) as string;

let tmp: string;
let csvPath: string;
let page: Page;

function holdfast(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const fixture = withDemoApp({ prefix: 'hf-complete-e2e-' });
beforeAll(() => {
  ({ tmp, page } = fixture);
  csvPath = path.join(tmp, `出账-${partial}.csv`);
  fs.writeFileSync(csvPath, csv);
});

describe('a partial month', () => {
  it('the import review says how few groups billed', async () => {
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-page').locator('input[type=file]').setInputFiles([csvPath]);
    await page.getByTestId('import-confirm').waitFor({ timeout: 60_000 });
    const warn = page.getByTestId('plan-incomplete');
    await warn.waitFor();
    const text = await warn.innerText();
    expect(text).toContain(`${partial} 不完整：仅 24 / ${typical.toLocaleString('en-US')} 个集团出账（${Math.round((24 / typical) * 100)}%）`);
    await page.screenshot({ path: path.join(SHOTS, 'completeness-import-zh.png'), fullPage: true });
    await page.getByTestId('import-commit').click();
    const replace = page.locator('.ant-modal-confirm .ant-btn-primary, .ant-modal .ant-btn-primary');
    await Promise.race([page.getByTestId('import-notice-success').waitFor(), replace.first().waitFor().then(() => replace.first().click())]);
    await page.getByTestId('import-notice-success').waitFor();
  });

  it('总览 stays on the last complete month and says why; the selector and the top bar mark the partial month', async () => {
    await page.getByTestId('nav-overview').click();
    await page.locator(`[data-testid="overview-page"][data-period="${last}"]`).waitFor();
    const note = await page.getByTestId('overview-completeness-note').innerText();
    expect(note).toContain(`${partial} 不完整：仅 24 / ${typical.toLocaleString('en-US')} 个集团出账`);
    expect(note).toContain(`按 ${last} 分析`);
    expect(await page.getByTestId('active-period').innerText()).toContain(last);
    expect(await page.getByTestId('incomplete-period').innerText()).toContain(`${partial} 不完整`);
    // the revenue chart's bar of the partial month is pale and said to be incomplete, not a collapse
    const bars = page.getByTestId('overview-revenue-incomplete');
    expect(await bars.getAttribute('data-periods')).toBe(partial);
    expect(await bars.innerText()).toContain(`数据不完整的月份（${partial}）`);
    await page.getByTestId('overview-period').click();
    const option = page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${partial}"]`);
    expect(await option.innerText()).toBe(`${partial}（不完整）`);
    expect(await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${last}"]`).innerText()).toBe(`${last}（最近完整）`);
    await page.screenshot({ path: path.join(SHOTS, 'completeness-overview-zh.png') });
    await page.keyboard.press('Escape');
    // the partial month can still be chosen, and then says it is incomplete
    await page.getByTestId('overview-period').click();
    await option.click();
    await page.locator(`[data-testid="overview-page"][data-period="${partial}"]`).waitFor();
    expect(await page.getByTestId('overview-completeness-note').innerText()).toContain(`${partial} 不完整`);
  });

  it('价值象限 defaults to the last complete month and marks the partial one', async () => {
    await page.getByTestId('nav-quadrant').click();
    await page.locator(`[data-testid="quadrant-page"][data-asof="${last}"]`).waitFor();
    expect(await page.getByTestId('quadrant-completeness-note').innerText()).toContain(`${partial} 不完整：仅 24 / `);
    expect(await page.getByTestId('quadrant-completeness-note').innerText()).toContain(`按 ${last} 分析`);
    await page.getByTestId('quadrant-period').locator('.ant-select').click();
    expect(await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${partial}"]`).innerText()).toBe(`${partial}（不完整）`);
    await page.keyboard.press('Escape');
  });

  it('总览 counts say what they count (hover): 集团数 and 本期出账 with every other count beside them', async () => {
    await page.getByTestId('nav-overview').click();
    await page.locator(`[data-testid="overview-page"][data-period="${last}"]`).waitFor();
    await page.getByTestId('kpi-groups-billed').hover();
    const pop = page.locator('.ant-popover:visible');
    await pop.first().waitFor();
    const text = await pop.first().innerText();
    expect(text).toContain(`本期出账 = ${last} 出账收入大于 0 的集团`);
    expect(text).toContain('集团数 = 集团客户资料中的集团');
    expect(text).toContain('参与分组 = ');
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, 'completeness-counts-hover-zh.png') });
    await page.mouse.move(0, 0);
  });

  it('流失预警 and 季度回顾 say which period they use and why', async () => {
    await page.getByTestId('nav-warnings').click();
    const w = page.getByTestId('warnings-completeness-note');
    await w.waitFor();
    expect(await w.innerText()).toContain(`${partial} 不完整`);
    expect(await w.innerText()).toContain(`按 ${last} 分析`);
    // the zone counts say what they cover: every group of the workspace, as 集团数
    await page.getByTestId('zone-counts').hover();
    await expect.poll(async () => page.locator('.ant-tooltip:visible').first().innerText()).toContain(`预警分区覆盖全部 ${ixDemo.nG.toLocaleString('en-US')} 个集团`);
    await page.mouse.move(0, 0);
    await page.getByTestId('nav-review').click();
    const r = page.getByTestId('review-completeness-note');
    await r.waitFor();
    expect(await r.innerText()).toContain(`${partial} 不完整：仅 24 / `);
    expect(await r.innerText()).toContain(`回顾最近的完整季度 ${reviewQuarter}`);
  });

  it('设置: the threshold decides, and the preview shows its effect on the default month', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-preview').waitFor();
    await expect.poll(async () => page.getByTestId('preview-analysis-month').innerText()).toContain(last);
    expect(await page.getByTestId('preview-incomplete').innerText()).toContain(`${partial} 不完整`);
    await page.getByRole('button', { name: '数据完整性' }).click();
    for (const [key, value] of [['completeness.minShare', '1'], ['completeness.minRevenueShare', '0']] as const) {
      const input = page.getByTestId(`setting-${key}`);
      await input.fill(value);
      await input.press('Tab');
    }
    await expect.poll(async () => page.getByTestId('preview-analysis-month').innerText(), { timeout: 10_000 }).toContain(partial);
    expect(await page.getByTestId('preview-incomplete').innerText()).toBe('各月数据完整');
    // the top bar follows: the partial month is the default and no longer marked
    await expect.poll(async () => page.getByTestId('active-period').innerText(), { timeout: 10_000 }).toContain(partial);
    expect(await page.getByTestId('incomplete-period').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'completeness-settings-zh.png'), fullPage: true });
    await page.getByTestId('reset-all').click();
    await expect.poll(async () => page.getByTestId('preview-analysis-month').innerText(), { timeout: 10_000 }).toContain(last);
    await expect.poll(async () => page.getByTestId('active-period').innerText(), { timeout: 10_000 }).toContain(last);
    expect(await page.getByTestId('incomplete-period').innerText()).toContain(`${partial} 不完整`);
  });

  it('in English', async () => {
    await page.getByTestId('language-switch').click();
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('overview-period').click();
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${last}"]`).click();
    await page.locator(`[data-testid="overview-page"][data-period="${last}"]`).waitFor();
    await page.getByTestId('overview-period').click();
    expect(await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${partial}"]`).innerText()).toBe(`${partial} (incomplete)`);
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('incomplete-period').innerText()).toContain(`${partial} incomplete`);
    const note = await page.getByTestId('overview-completeness-note').innerText();
    expect(note).toContain(`${partial} is incomplete: only 24 of ${typical.toLocaleString('en-US')} groups billed`);
    expect(note).toContain(`analysed at ${last}`);
    expect(note).not.toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/);
    // no full-width brackets in the English 总览 (card titles, stage labels)
    expect(await page.getByText(`Warning zones (${last})`).count()).toBe(1);
    expect(await page.getByText(`Lifecycle stages (${last})`).count()).toBe(1);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, 'completeness-overview-en.png') });
    // the import review in English (the same partial file staged again, then cancelled)
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-page').locator('input[type=file]').setInputFiles([csvPath]);
    const warn = page.getByTestId('plan-incomplete');
    await warn.waitFor({ timeout: 60_000 });
    const text = await warn.innerText();
    expect(text).toContain(`${partial} is incomplete: only 24 of ${typical.toLocaleString('en-US')} groups billed (${Math.round((24 / typical) * 100)}%)`);
    expect(text).toContain('not the default analysis month');
    expect(text).not.toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/);
    await page.screenshot({ path: path.join(SHOTS, 'completeness-import-en.png'), fullPage: true });
    await page.getByTestId('import-cancel').click();
    await page.getByTestId('language-switch').click();
  });
});

describe('CLI on a workspace with a partial month', () => {
  it('analyze and summary default to the last complete month and say which they used; import warns', () => {
    const ws = path.join(tmp, 'ws');
    expect(holdfast('demo', '--out', path.join(tmp, 'demo'), '--workspace', ws).code).toBe(0);
    const imp = holdfast('import', csvPath, '--workspace', ws);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toContain(`Warning: ${partial} is incomplete: only 24 of ${typical.toLocaleString('en-US')} groups billed`);

    const a = holdfast('analyze', '--workspace', ws, '--json');
    expect(a.code).toBe(0);
    const out = JSON.parse(a.stdout) as { asOf: string; asOfNote: { zh: string; en: string } | null; incompletePeriods: { period: string }[] };
    expect(out.asOf).toBe(last);
    expect(out.asOfNote?.en).toContain(`analysed at ${last}`);
    expect(out.incompletePeriods.map((p) => p.period)).toEqual([partial]);
    const text = holdfast('analyze', '--workspace', ws);
    expect(text.stdout.split('\n')[0]).toContain(`As of ${last} (${partial} is incomplete`);
    const explicit = JSON.parse(holdfast('analyze', '--workspace', ws, '--json', '--as-of', partial).stdout) as { asOf: string; asOfNote: unknown };
    expect(explicit.asOf).toBe(partial);
    expect(explicit.asOfNote).toBeNull();

    const s = holdfast('summary', '--workspace', ws);
    expect(s.stdout).toContain(`分析月份  ${last}（${partial} 不完整：仅 24 / `);
    const se = holdfast('summary', '--workspace', ws, '--lang', 'en');
    expect(se.stdout).toContain(`Period used     ${last} (${partial} is incomplete: only 24 of`);
    const rv = holdfast('review', '--workspace', ws, '--xlsx', path.join(tmp, 'review.xlsx'));
    expect(rv.code).toBe(0);
    expect(rv.stdout).toContain(`Quarter used    ${reviewQuarter} (${partial} is incomplete`);
    const sj = JSON.parse(holdfast('summary', '--workspace', ws, '--json').stdout) as { asOf: string };
    expect(sj.asOf).toBe(last);
  });
});
