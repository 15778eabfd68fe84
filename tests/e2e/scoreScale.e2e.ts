/**
 * Issue #13, scores and zones: the warning score on one 0–100 scale in the warnings list, the
 * row detail and the group drawer (with the zone cut-offs on a gauge), and on the exposure chart
 * of step 3 (cut-off lines on its score axis). zh and en, with screenshots.
 */
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

type Page0 = { rows: { groupCode: string; score: number; zone: string }[]; scoreScale: { max: number; cutOffs: { zone: string; from: number }[] } };

const fixture = withDemoApp({ prefix: 'hf-score-e2e-' });
beforeAll(() => {
  ({ app, page } = fixture);
  fs.mkdirSync(SHOTS, { recursive: true });
});

describe('one 0–100 score scale', () => {
  it('the warnings list, its detail and the drawer show the score out of 100 with the cut-offs (zh, en)', async () => {
    const all = await call<Page0>('warnings.query', {
      filter: { zones: [], abOnly: false, contractSoon: false, noManager: false, region: null, groupClass: null, industry: null, manager: null, stage: null, search: '' },
      sort: { key: 'score', order: 'desc' },
      offset: 0,
      limit: 1000,
    });
    expect(all.scoreScale.max).toBe(100);
    for (const r of all.rows) expect(r.score).toBeLessThanOrEqual(100);
    const settings = await call<{ settings: { warnings: { zones: { red: number; yellow: number; blue: number } } } }>('settings.get', {});
    expect(all.scoreScale.cutOffs.map((c) => c.from)).toEqual([settings.settings.warnings.zones.red, settings.settings.warnings.zones.yellow, settings.settings.warnings.zones.blue]);

    // 总览's value × risk map: the score axis 0–100 with the cut-off lines
    const scatter = page.getByTestId('value-risk-scatter');
    await scatter.waitFor();
    await scatter.scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await scatter.screenshot({ path: path.join(SHOTS, 'score-overview-scatter-zh.png') });

    await page.getByTestId('nav-warnings').click();
    await page.getByTestId('warnings-table').waitFor();
    await page.locator('[data-testid=warnings-count][data-pending=false]').waitFor();
    expect(await page.getByTestId('warnings-table').textContent()).toContain('预警分（0–100）');
    // a click expands the first row's explanation: gauge, "score / 100", how the score is built
    const first = page.locator('[data-testid^=warning-row-]').first();
    const code = ((await first.getAttribute('data-testid')) ?? '').replace('warning-row-', '');
    await first.click();
    const detail = page.getByTestId(`warning-detail-${code}`);
    await detail.waitFor();
    expect(await detail.textContent()).toMatch(/\d+ \/ 100/);
    expect(await detail.textContent()).toContain('已触发信号的分值之和');
    await detail.getByTestId('score-gauge').waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SHOTS, 'score-warnings-zh.png') });

    await page.getByTestId('language-switch').click();
    await page.locator('[data-testid=warnings-count][data-pending=false]').waitFor();
    expect(await page.getByTestId('warnings-table').textContent()).toContain('Score (0–100)');
    expect(await page.getByTestId(`warning-detail-${code}`).textContent()).toContain('sum of the points of the fired signals');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SHOTS, 'score-warnings-en.png') });

    // the drawer: score / 100 and the gauge with the cut-offs
    await page.getByTestId('warnings-table-box').focus();
    await page.keyboard.press('Enter');
    const drawer = page.locator('[data-testid^=group-detail-]');
    await drawer.waitFor();
    expect(await page.getByTestId('detail-score').textContent()).toMatch(/\/ 100/);
    await drawer.getByTestId('score-gauge').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'score-drawer-en.png') });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await page.getByTestId('language-switch').click();
  });

  it('the exposure chart of step 3 keeps the score axis at 0–100 (zh, en)', async () => {
    const s = await call<{ id: string }>('scenario.save', {
      scenario: { name: '分数刻度', step: 3, scope: { kind: 'branch' }, moves: [{ moveId: 'all-staff-marketing', intensity: 1 }], counters: [], budget: 0, allocation: 'auto', quarters: 4, runs: 10_000, seed: 7, isPlan: false },
    });
    const exposure = await call<{ rows: { zone: string }[] }>('scenario.exposure', { scenario: await call<Record<string, unknown>>('scenario.get', { id: s.id }) });
    console.log(`exposed groups ${exposure.rows.length}, of which white ${exposure.rows.filter((r) => r.zone === 'white').length}`);
    await page.getByTestId('nav-scenarios').click();
    await page.getByTestId(`scenario-open-${s.id}`).click();
    await page.locator('[data-testid="step-exposure"][data-loading="false"]').waitFor({ timeout: 60_000 });
    const chart = page.getByTestId('exposure-quadrant');
    await chart.waitFor();
    await chart.scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await chart.screenshot({ path: path.join(SHOTS, 'score-exposure-zh.png') });
    await page.getByTestId('language-switch').click();
    await page.waitForTimeout(300);
    await page.mouse.move(0, 0);
    await chart.screenshot({ path: path.join(SHOTS, 'score-exposure-en.png') });
    await page.getByTestId('language-switch').click();
  });

  it('the review deck quadrant slide runs the score 0–100 with the cut-offs drawn (zh)', async () => {
    await page.getByTestId('nav-review').click();
    await page.getByTestId('review-page').waitFor();
    await page.getByTestId('review-build-start').click();
    await page.getByTestId('review-editor').waitFor({ timeout: 60_000 });
    await page.getByTestId('review-sorter-item-value-quadrant').click();
    await page.locator('[data-testid="review-editor"][data-slide-id="value-quadrant"]').waitFor();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="review-editor"] .review-chart')).every((c) => (c as HTMLElement).dataset.drawn === 'true'));
    await page.waitForTimeout(300);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SHOTS, 'score-review-quadrant-zh.png') });
  });

  it('a white group says why it is white and has no quadrant cell (zh)', async () => {
    await page.getByTestId('nav-warnings').click();
    await page.getByTestId('warnings-table').waitFor();
    const zones = page.getByTestId('filter-zones');
    await zones.getByText('红', { exact: true }).click();
    await zones.getByText('黄', { exact: true }).click();
    await zones.getByText('白', { exact: true }).click();
    await page.locator('[data-testid=warnings-count][data-pending=false]').waitFor();
    const first = page.locator('[data-testid^=warning-row-]').first();
    const code = ((await first.getAttribute('data-testid')) ?? '').replace('warning-row-', '');
    const d = await call<{ zone: string; valueRiskCell: string | null; whiteReason: { zh: string } | null }>('analysis.group', { groupCode: code });
    expect(d.zone).toBe('white');
    expect(d.valueRiskCell).toBeNull();
    await page.getByTestId('warnings-table-box').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId(`group-detail-${code}`).waitFor();
    const note = await page.getByTestId('detail-white').textContent();
    expect(note).toContain(d.whiteReason?.zh ?? '—');
    expect(note).toContain('不入任何象限');
    await page.screenshot({ path: path.join(SHOTS, 'score-white-drawer-zh.png') });
    await page.keyboard.press('Escape');
    await zones.getByText('白', { exact: true }).click();
    await zones.getByText('红', { exact: true }).click();
    await zones.getByText('黄', { exact: true }).click();
  });
});
