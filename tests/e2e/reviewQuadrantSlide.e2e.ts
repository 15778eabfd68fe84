/**
 * Review slide 3 (价值 × 风险 quadrant) in the app's deck preview and print view: the same picture as the 价值象限
 * page — log value axis, 0–100 score axis, split lines and zone cut-offs labelled, the four cell names with count and
 * value share in the corners (read from the drawn chart, compared with the deck the backend built). Screenshots in
 * zh and en: review-quadrant-slide-zh.png / -en.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReviewDeck } from '../../shared/review/types';
import { ROOT, type RunningApp } from './support/app';
import { withDemoApp } from './support/demoApp';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');

let app: RunningApp;
let page: Page;

async function callApi<T>(channel: string, payload: unknown): Promise<T> {
  const res = await fetch(`${app.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Holdfast-Token': app.token },
    body: JSON.stringify(payload),
  });
  const envelope = (await res.json()) as { ok: boolean; data?: T; error?: unknown };
  if (!envelope.ok) throw new Error(`${channel}: ${JSON.stringify(envelope.error)}`);
  return envelope.data as T;
}

async function deckNow(language: 'zh-CN' | 'en'): Promise<ReviewDeck> {
  const quarter = await page.getByTestId('review-page').getAttribute('data-quarter');
  return callApi<ReviewDeck>('review.get', { quarter, language });
}

async function chartsDrawn(): Promise<void> {
  await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="review-editor"] .review-chart')).every((c) => (c as HTMLElement).dataset.drawn === 'true'));
  await page.waitForTimeout(300);
}

const fixture = withDemoApp({ prefix: 'hf-review-quadrant-e2e-', timeoutMs: 120_000 });
beforeAll(() => {
  ({ app, page } = fixture);
  fs.mkdirSync(SHOTS, { recursive: true });
}, 120_000);

describe('review slide 3: the value quadrant as on the 价值象限 page', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`draws the page's axes, split lines, cut-offs and corner cells (${lang})`, async () => {
      if (lang === 'en') await page.getByTestId('language-switch').click();
      await page.getByTestId('nav-review').click();
      await page.getByTestId('review-page').waitFor();
      const start = page.getByTestId('review-build-start');
      if (await start.isVisible()) await start.click();
      else await page.getByTestId('review-build').click();
      await page.getByTestId('review-editor').waitFor({ timeout: 60_000 });
      await expect.poll(async () => (await deckNow(lang)).language, { timeout: 30_000 }).toBe(lang);
      const deck = await deckNow(lang);
      const slide = deck.slides.find((s) => s.id === 'value-quadrant');
      expect(slide?.visual?.kind).toBe('scatter');
      const v = slide?.visual as Extract<NonNullable<ReviewDeck['slides'][number]['visual']>, { kind: 'scatter' }>;
      await page.getByTestId('review-sorter-item-value-quadrant').click();
      await page.locator('[data-testid="review-editor"][data-slide-id="value-quadrant"]').waitFor();
      await chartsDrawn();
      await page.mouse.move(0, 0);
      // the Rebuild button's hover tip fades out before the screenshot
      await page.waitForFunction(() => Array.from(document.querySelectorAll('.ant-tooltip')).every((el) => getComputedStyle(el).display === 'none' || el.classList.contains('ant-tooltip-hidden')));
      await page.screenshot({ path: path.join(SHOTS, `review-quadrant-slide-${lang === 'en' ? 'en' : 'zh'}.png`) });
      // the print view draws charts as SVG: the slide's text is in the DOM — axis names, split and cut-off labels, cell names
      await page.getByTestId('review-export-pdf').click();
      await page.locator('[data-testid="review-print"][data-ready="true"]').waitFor({ timeout: 30_000 });
      const printed = page.locator('[data-testid="review-print-slide"][data-slide-id="value-quadrant"] svg');
      const texts = (await printed.locator('text').allTextContents()).join('\n');
      expect(v.corners?.length).toBe(4);
      for (const c of v.corners ?? []) for (const line of c.text.split('\n')) expect(texts).toContain(line);
      for (const m of v.yMarks ?? []) expect(texts).toContain(m.label);
      if (v.split?.xLabel) expect(texts).toContain(v.split.xLabel);
      if (v.split?.yLabel) expect(texts).toContain(v.split.yLabel);
      expect(texts).toContain(v.xLabel);
      // a log-scale label only when the scale is log
      expect(/对数|\blog\b/.test(v.xLabel)).toBe(v.xLog === true);
      if (lang === 'en') expect(`${v.xLabel} ${v.yLabel} ${(v.corners ?? []).map((c) => c.text).join(' ')}`).not.toMatch(/[\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]/);
      await page.locator('[data-testid="review-print-slide"][data-slide-id="value-quadrant"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `review-quadrant-print-${lang === 'en' ? 'en' : 'zh'}.png`) });
      await page.getByTestId('review-print-close').click();
      await page.getByTestId('review-print').waitFor({ state: 'detached' });
    }, 120_000);
  }
});
