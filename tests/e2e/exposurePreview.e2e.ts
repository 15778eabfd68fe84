/** Issue #13: step 3's P90 says it is a preview of fewer runs than the result (the review slides use the full result). zh and en. */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, type RunningApp } from './support/app';
import { withDemoApp } from './support/demoApp';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');
let app: RunningApp;
let page: Page;

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const res = await fetch(`${app.origin}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Holdfast-Token': app.token }, body: JSON.stringify(payload) });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: unknown };
  if (!body.ok) throw new Error(`${channel}: ${JSON.stringify(body.error)}`);
  return body.data as T;
}

const fixture = withDemoApp({ prefix: 'hf-preview-e2e-' });
beforeAll(() => {
  ({ app, page } = fixture);
  fs.mkdirSync(SHOTS, { recursive: true });
});

describe('step 3 preview label', () => {
  it('labels the P90 as a preview of N runs (zh, en)', async () => {
    const s = await call<{ id: string }>('scenario.save', {
      scenario: { name: '预览', step: 3, scope: { kind: 'filter', filter: { industries: ['政府', '教育'] } }, moves: [{ moveId: 'wiring-for-switch', intensity: 1 }], counters: [], budget: 0, allocation: 'auto', quarters: 4, runs: 10_000, seed: 7, isPlan: false },
    });
    await page.getByTestId('nav-scenarios').click();
    await page.getByTestId(`scenario-open-${s.id}`).click();
    await page.locator('[data-testid="step-exposure"][data-loading="false"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('exposure-risk-p90').textContent()).toMatch(/2,000 次模拟的预览.*10,000/);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SHOTS, 'exposure-preview-zh.png') });
    await page.getByTestId('language-switch').click();
    expect(await page.getByTestId('exposure-risk-p90').textContent()).toContain('a preview of 2,000 runs');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SHOTS, 'exposure-preview-en.png') });
    await page.getByTestId('language-switch').click();
  });
});
