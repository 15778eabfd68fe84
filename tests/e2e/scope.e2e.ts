/**
 * The header's scope filter in the browser on the demo workspace: picking a 区县/片区 restricts the
 * 总览 (its zone counts equal the engine's on that region's data alone), the quarterly review is built
 * for the region (titled with it, the same deck the backend answers), clearing it brings the whole
 * branch back. Screenshots in Chinese and English.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePortfolio, buildIndex, DEFAULT_SETTINGS } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { demoPortfolio } from '../../shared/demo/demoPortfolio';
import { restrictPortfolio, scopeFacets } from '../../shared/model/scope';
import type { ReviewDeck } from '../../shared/review/types';
import { ROOT, type RunningApp } from './support/app';
import { withDemoApp } from './support/demoApp';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');
const demo = demoPortfolio(generateDemoBranch());
const region = scopeFacets(demo).region[1]?.value as string;

let app: RunningApp;
let page: Page;

async function callApi<T>(channel: string, payload: unknown): Promise<T> {
  const res = await fetch(`${app.origin}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Holdfast-Token': app.token }, body: JSON.stringify(payload) });
  const envelope = (await res.json()) as { ok: boolean; data?: T; error?: unknown };
  if (!envelope.ok) throw new Error(`${channel}: ${JSON.stringify(envelope.error)}`);
  return envelope.data as T;
}

async function zoneCount(zone: string): Promise<number> {
  return Number(await page.getByTestId(`overview-zone-${zone}`).getAttribute('data-value'));
}

const fixture = withDemoApp({ prefix: 'hf-scope-e2e-', timeoutMs: 120_000 });
beforeAll(() => {
  ({ app, page } = fixture);
  fs.mkdirSync(SHOTS, { recursive: true });
}, 120_000);

describe('header scope', () => {
  it('restricts the 总览 to the picked region: its numbers are the engine’s on that region alone', async () => {
    const wholeRed = await zoneCount('red');
    const only = restrictPortfolio(demo, { regions: [region] });
    const ix = buildIndex(only);
    const expected = analyzePortfolio(ix, DEFAULT_SETTINGS, { asOf: ix.periods[ix.nP - 1] as string }).kpis.zoneCounts.counts;
    await page.getByTestId('scope-region').click();
    await page.locator('.ant-select-item-option').filter({ hasText: region }).first().click();
    await page.keyboard.press('Escape');
    await page.getByTestId('scope-count').waitFor();
    expect(await page.getByTestId('scope-count').innerText()).toContain(String(only.groups.length));
    await page.waitForFunction((want) => document.querySelector('[data-testid="overview-zone-red"]')?.getAttribute('data-value') === String(want), expected.red);
    expect(await zoneCount('red')).toBe(expected.red);
    expect(await zoneCount('green')).toBe(expected.green);
    expect(expected.red).toBeLessThan(wholeRed);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, 'scope-overview-zh-CN.png') });
  });

  it('builds the quarterly review for the region, titled with it', async () => {
    await page.getByTestId('nav-review').click();
    await page.getByTestId('review-page').waitFor();
    expect(await page.getByTestId('review-branch').inputValue()).toBe(region);
    await page.getByTestId('review-build-start').click();
    await page.getByTestId('review-editor').waitFor({ timeout: 60_000 });
    const quarter = await page.getByTestId('review-page').getAttribute('data-quarter');
    const deck = await callApi<ReviewDeck>('review.get', { quarter, language: 'zh-CN' });
    expect(deck.branchName).toBe(region);
    await expect.poll(async () => page.getByTestId('review-editor').innerText()).toContain(region);
    await page.waitForTimeout(600);
    await page.screenshot({ path: path.join(SHOTS, 'scope-review-zh-CN.png') });
    // English
    await page.getByTestId('language-switch').click();
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('overview-page').waitFor();
    await page.getByTestId('scope-count').waitFor();
    await page.waitForTimeout(600);
    await page.screenshot({ path: path.join(SHOTS, 'scope-overview-en.png') });
  });

  it('clearing the scope brings the whole branch back', async () => {
    const whole = buildIndex(demo);
    const expected = analyzePortfolio(whole, DEFAULT_SETTINGS, { asOf: whole.periods[whole.nP - 1] as string }).kpis.zoneCounts.counts;
    await page.getByTestId('scope-region').hover();
    await page.locator('[data-testid="scope-region"] .ant-select-clear').click();
    await page.getByTestId('scope-count').waitFor({ state: 'detached' });
    await page.waitForFunction((want) => document.querySelector('[data-testid="overview-zone-red"]')?.getAttribute('data-value') === String(want), expected.red);
    expect((await callApi<{ scope: unknown }>('scope.get', {})).scope).toEqual({});
  });
});
