/**
 * The walking skeleton end to end, in browser mode and Debian Chromium:
 * npm start (no Electron runtime here) → open demo → KPI cards equal figures
 * computed from the demo workbooks → English and back → restart the backend
 * → workspace, page and language persist → screenshots.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startApp, type RunningApp } from './support/app';
import { launchChromium } from './support/chromium';
import { expectedFigures, type ExpectedFigures } from './support/expectedFigures';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');

let dataDir: string;
let demoDir: string;
let expected: ExpectedFigures;
let browser: Browser;
let app: RunningApp | null = null;

beforeAll(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-e2e-'));
  dataDir = path.join(tmp, 'data');
  demoDir = path.join(tmp, 'demo');
  execFileSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), 'demo', '--out', demoDir], { cwd: ROOT });
  expected = expectedFigures(path.join(demoDir, '集团客户资料.xlsx'), path.join(demoDir, '月度出账.xlsx'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop('SIGKILL');
});

async function kpi(page: Page, id: string): Promise<{ value: number; text: string }> {
  const card = page.getByTestId(id);
  await card.waitFor();
  const value = Number(await card.getAttribute('data-value'));
  const text = (await page.getByTestId(`${id}-display`).innerText()).trim();
  return { value, text };
}

async function navLabel(page: Page): Promise<string> {
  return (await page.getByTestId('nav-overview').innerText()).trim();
}

describe('browser mode', () => {
  it('npm start prints the fallback paragraph and a tokenised URL within 60 s', async () => {
    app = await startApp('npm-start', dataDir);
    console.log(`BENCH ${JSON.stringify({ name: 'browser-mode.cold-start', value: app.startMs / 1000, unit: 's' })}`);
    expect(app.output()).toContain('ELECTRON_MIRROR');
    expect(app.output()).toContain('browser mode');
    expect(app.startMs).toBeLessThan(60_000);
  });

  it('refuses every request without the token', async () => {
    if (!app) throw new Error('app not started');
    const api = await fetch(`${app.origin}/api/app.getState`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(api.status).toBe(401);
    const wrong = await fetch(`${app.origin}/api/app.getState`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Holdfast-Token': 'nope' }, body: '{}' });
    expect(wrong.status).toBe(401);
    const page = await fetch(`${app.origin}/`);
    expect(page.status).toBe(403);
    const ok = await fetch(`${app.origin}/api/app.getState`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Holdfast-Token': app.token }, body: '{}' });
    expect(ok.status).toBe(200);
  });

  it('opens the demo and shows KPI figures equal to those computed from the workbooks', async () => {
    if (!app) throw new Error('app not started');
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.url);
    expect(page.url()).not.toContain('token='); // the token leaves the address bar
    await page.getByTestId('open-demo').click();
    await page.getByTestId('overview-page').waitFor();

    const groups = await kpi(page, 'kpi-groups');
    expect(groups.value).toBe(expected.groups);
    expect(groups.text).toBe(expected.groups.toLocaleString('zh-CN'));

    const revenue = await kpi(page, 'kpi-latest-revenue');
    expect(revenue.value).toBeCloseTo(expected.latestRevenue, 1);
    expect(revenue.text).toBe(`${(expected.latestRevenue / 10000).toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}万元`);
    expect(await page.getByText(`（${expected.latestPeriod}）`).count()).toBeGreaterThan(0);

    const trend = await kpi(page, 'kpi-trend-3m');
    expect(trend.value).toBeCloseTo(expected.trend3m, 9);
    expect(trend.text).toContain(`${Math.abs(expected.trend3m * 100).toFixed(1)}%`);

    const top = await kpi(page, 'kpi-top20');
    expect(top.value).toBeCloseTo(expected.top20Share, 9);
    expect(top.text).toBe(`${(expected.top20Share * 100).toFixed(1)}%`);

    // Every number is traceable: hovering a card shows its rule and inputs.
    await page.getByTestId('kpi-trend-3m').hover();
    await expect(page.getByTestId('trace').first().innerText()).resolves.toContain('之前3个月');

    // The scatter draws on a canvas.
    await page.getByTestId('value-risk-scatter').locator('canvas').first().waitFor();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'overview-zh.png'), fullPage: true });

    // English and back.
    expect(await navLabel(page)).toBe('总览');
    await page.getByTestId('language-switch').click();
    await expect.poll(() => navLabel(page)).toBe('Overview');
    await page.screenshot({ path: path.join(SHOTS, 'overview-en.png'), fullPage: true });
    await page.getByTestId('language-switch').click();
    await expect.poll(() => navLabel(page)).toBe('总览');

    // Leave the app in English on another page, so the restart has something to remember.
    await page.getByTestId('language-switch').click();
    await expect.poll(() => navLabel(page)).toBe('Overview');
    await page.getByTestId('nav-quadrant').click();
    await page.getByTestId('quadrant-page').waitFor();
    await page.waitForTimeout(300); // let the page choice reach the backend
    expect(errors).toEqual([]);
    await page.close();
  });

  it('after a backend restart the workspace, page and language persist', async () => {
    if (!app) throw new Error('app not started');
    await app.stop('SIGKILL');
    app = await startApp('server', dataDir);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(app.url);
    await page.getByTestId('quadrant-page').waitFor();
    expect(await navLabel(page)).toBe('Overview');
    expect(await page.getByTestId('workspace-name').innerText()).toContain('滨江区分公司');

    // Back to Chinese and 总览 for the reference screenshot.
    await page.getByTestId('language-switch').click();
    await page.getByTestId('nav-overview').click();
    const groups = await kpi(page, 'kpi-groups');
    expect(groups.value).toBe(expected.groups);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'overview-zh-after-restart.png'), fullPage: true });
    await page.close();
  });
});
