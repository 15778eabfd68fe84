/**
 * The analysis in the UI equals the engine's (read through the CLI on the same
 * workspace folder): zone counts on 总览, a planted decliner's explanation on
 * 流失预警, and a settings change that moves the zones live, then resets.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/app';
import { withDemoApp } from './support/demoApp';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');

interface Analyzed {
  zones: Record<string, number>;
  warnings: { groupCode: string; zone: string; score: number; signals: { id: string; zh: string; en: string }[] }[];
  backtest: { status: string; auc?: number | null };
}

let tmp: string;
let page: Page;

function analyze(): Analyzed {
  const ws = path.join(tmp, 'data', 'workspaces', 'demo');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), 'analyze', '--workspace', ws, '--json', '--top', '1000'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Analyzed;
}

async function uiZones(prefix: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const z of ['red', 'yellow', 'blue', 'green', 'white']) {
    const el = page.getByTestId(`${prefix}-${z}`);
    await el.waitFor();
    out[z] = Number(await el.getAttribute('data-value'));
  }
  return out;
}

const fixture = withDemoApp({ prefix: 'hf-analysis-e2e-', acceptDownloads: true });
beforeAll(() => {
  ({ tmp, page } = fixture);
  const demo = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), 'demo', '--out', path.join(tmp, 'demo')], { cwd: ROOT });
  if (demo.status !== 0) throw new Error('demo failed');
});

describe('analysis in the UI', () => {
  it('总览 shows the engine zone counts and the warning-score scatter', async () => {
    const engine = analyze();
    expect(await uiZones('overview-zone')).toEqual(engine.zones);
    await page.getByTestId('value-risk-scatter').locator('canvas').first().waitFor();
    console.log(`back-test AUC on the demo branch: ${JSON.stringify(engine.backtest.auc ?? engine.backtest.status)}`);
    // The chart downloads as a PNG at twice its on-screen width.
    const cssWidth = await page.getByTestId('value-risk-scatter').evaluate((el) => el.getBoundingClientRect().width);
    await page.getByTestId('value-risk-scatter').hover();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('value-risk-scatter-png').click()]);
    const png = fs.readFileSync(await download.path());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(Math.round(cssWidth) * 2);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'overview-zones-zh.png'), fullPage: true });
  });

  it('流失预警 explains a planted decliner exactly as the engine does', async () => {
    const planted = JSON.parse(fs.readFileSync(path.join(tmp, 'demo', 'planted.json'), 'utf8')) as { planted: { declining: string[] } };
    const engine = analyze();
    const decliner = engine.warnings.find((w) => planted.planted.declining.includes(w.groupCode) && w.zone === 'red');
    if (!decliner) throw new Error('no planted decliner is red');
    await page.getByTestId('nav-warnings').click();
    const row = page.getByTestId(`warning-row-${decliner.groupCode}`);
    await row.scrollIntoViewIfNeeded();
    await row.click(); // a click on the row opens its explanation
    const detail = page.getByTestId(`warning-detail-${decliner.groupCode}`);
    await detail.waitFor();
    const shown = await detail.locator('.signal-explanation').allInnerTexts();
    expect(shown).toEqual(decliner.signals.map((s) => s.zh));
    await page.screenshot({ path: path.join(SHOTS, 'warnings-zh.png'), fullPage: true });
  });

  it('设置 changes a zone threshold, the results move live, and reset brings them back', async () => {
    const before = analyze().zones;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-preview').waitFor();
    expect(await uiZones('preview-zone')).toEqual(before);
    await page.getByRole('button', { name: '预警分区' }).click();
    const input = page.getByTestId('setting-warnings.zones.red');
    await input.fill('90');
    await input.press('Tab');
    await expect.poll(async () => (await uiZones('preview-zone')).red, { timeout: 10_000 }).not.toBe(before.red);
    const changed = analyze().zones;
    expect(changed.red).toBeLessThan(before.red ?? 0);
    await expect.poll(() => uiZones('preview-zone'), { timeout: 10_000 }).toEqual(changed);
    await page.screenshot({ path: path.join(SHOTS, 'settings-analysis-zh.png'), fullPage: true });
    await page.getByTestId('reset-all').click();
    await expect.poll(() => uiZones('preview-zone'), { timeout: 10_000 }).toEqual(before);
    expect(analyze().zones).toEqual(before);
  });

  it('reads in English', async () => {
    await page.getByTestId('language-switch').click();
    await page.getByTestId('nav-warnings').click();
    await page.getByTestId('warnings-table').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'warnings-en.png'), fullPage: true });
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('zone-counts').waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SHOTS, 'overview-zones-en.png'), fullPage: true });
    await page.getByTestId('language-switch').click();
  });
});
